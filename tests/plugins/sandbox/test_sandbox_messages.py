"""Messages on the sandbox over real HTTP: create/fetch/list/update/delete, errors, clock, callbacks."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from typing import Any

import pytest

from twilio_core import Client, TwilioRestError
from twilio_sandbox import Sandbox, SandboxError

from .sandbox_support import WebhookApp, assert_signed

TO, FROM = "+15558675310", "+15017122661"


def messages_path(sandbox: Sandbox) -> str:
    return f"/2010-04-01/Accounts/{sandbox.account_sid}/Messages.json"


def send(client: Client, sandbox: Sandbox, **data: Any) -> dict[str, Any]:
    form = {"To": TO, "From": FROM, "Body": "Hello"}
    form.update({k: v for k, v in data.items()})
    form = {k: v for k, v in form.items() if v is not None}
    response = client.request("POST", messages_path(sandbox), data=form)
    assert response.status == 201
    return response.json()


def error_of(client: Client, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    response = client.request(method, path, raise_for_status=False, **kwargs)
    assert response.status >= 400
    body = response.json()
    assert body["status"] == response.status
    return body


def test_create_returns_queued_message_like_twilio(client: Client, sandbox: Sandbox) -> None:
    message = send(client, sandbox, Body="Hi there")
    assert message["sid"].startswith("SM") and len(message["sid"]) == 34
    assert message["status"] == "queued"
    assert (message["to"], message["from"], message["body"]) == (TO, FROM, "Hi there")
    assert message["account_sid"] == sandbox.account_sid
    assert message["direction"] == "outbound-api"
    assert message["date_sent"] is None
    assert message["uri"] == f"/2010-04-01/Accounts/{sandbox.account_sid}/Messages/{message['sid']}.json"
    created = email.utils.parsedate_to_datetime(message["date_created"])
    assert abs((created - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 5


def test_fetch_returns_the_stored_message(client: Client, sandbox: Sandbox) -> None:
    message = send(client, sandbox)
    fetched = client.request("GET", message["uri"]).json()
    assert fetched["sid"] == message["sid"] and fetched["body"] == "Hello"


def test_status_moves_queued_sent_delivered_with_signed_callbacks(
    client: Client, sandbox: Sandbox, webhook_app: WebhookApp
) -> None:
    message = send(client, sandbox, StatusCallback=webhook_app.url("/status?source=sms"))
    delivered = sandbox.wait_for_status(message["sid"], "delivered")
    assert delivered["date_sent"] is not None
    received = webhook_app.wait(2, "/status")
    assert [r.form["MessageStatus"] for r in received] == ["sent", "delivered"]  # no callback for queued
    for hook in received:
        assert hook.method == "POST"
        assert hook.form["MessageSid"] == hook.form["SmsSid"] == message["sid"]
        assert hook.form["AccountSid"] == sandbox.account_sid
        assert (hook.form["To"], hook.form["From"], hook.form["ApiVersion"]) == (TO, FROM, "2010-04-01")
        assert hook.url.endswith("/status?source=sms")
        assert_signed(hook, sandbox.auth_token)
    records = sandbox.wait_for_webhooks("message-status", message["sid"], count=2)
    assert [w.status for w in records] == [200, 200]
    assert [w.signature for w in records] == [r.signature for r in received]


def test_a_tampered_callback_fails_validation(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    from twilio_core import RequestValidator

    message = send(client, sandbox, StatusCallback=webhook_app.url("/cb"))
    hook = webhook_app.wait(1, "/cb")[0]
    validator = RequestValidator(sandbox.auth_token)
    assert validator.validate(hook.url, hook.form, hook.signature)
    assert not validator.validate(hook.url, dict(hook.form, MessageStatus="failed"), hook.signature)
    assert not RequestValidator("another-token-123").validate(hook.url, hook.form, hook.signature)
    assert message["sid"] == hook.form["MessageSid"]


def test_undeliverable_number_ends_undelivered_with_error_code(
    client: Client, sandbox: Sandbox, webhook_app: WebhookApp
) -> None:
    sandbox.fail_delivery(TO, 30006)
    message = send(client, sandbox, StatusCallback=webhook_app.url("/cb"))
    final = sandbox.wait_for_status(message["sid"], "undelivered")
    assert final["error_code"] == 30006
    hooks = webhook_app.wait(2, "/cb")
    assert hooks[-1].form["MessageStatus"] == "undelivered" and hooks[-1].form["ErrorCode"] == "30006"


@pytest.mark.parametrize(
    "data, status, code",
    [
        ({"To": None}, 400, 21604),
        ({"To": ""}, 400, 21604),
        ({"To": "555-1234"}, 400, 21211),
        ({"To": "+1"}, 400, 21211),
        ({"To": "+15005550001"}, 400, 21211),  # Twilio's magic numbers
        ({"To": "+15005550004"}, 400, 21610),
        ({"To": "+15005550009"}, 400, 21614),
        ({"From": None}, 400, 21603),
        ({"From": "not a number!"}, 400, 21212),
        ({"Body": None}, 400, 21602),
        ({"Body": "x" * 1601}, 400, 21617),
        ({"StatusCallback": "not-a-url"}, 400, 21609),
        ({"MediaUrl": "ftp://example.com/a.png"}, 400, 21620),
        ({"To": "whatsapp:+15558675310"}, 400, 21910),
        ({"MessagingServiceSid": "MGnothex"}, 400, 21701),
        ({"ContentSid": "HX123"}, 400, 21655),
    ],
)
def test_invalid_input_gets_twilio_error(client: Client, sandbox: Sandbox, data: dict[str, Any], status: int, code: int) -> None:
    form = {"To": TO, "From": FROM, "Body": "Hello"}
    form.update(data)
    form = {k: v for k, v in form.items() if v is not None}
    body = error_of(client, "POST", messages_path(sandbox), data=form)
    assert (body["status"], body["code"]) == (status, code)
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    assert sandbox.messages() == []


def test_sdk_raises_rest_error_with_code(client: Client, sandbox: Sandbox) -> None:
    with pytest.raises(TwilioRestError) as caught:
        client.request("POST", messages_path(sandbox), data={"From": FROM, "Body": "x"})
    assert caught.value.status == 400
    assert caught.value.code == 21604


def test_whatsapp_template_with_content_variables(client: Client, sandbox: Sandbox) -> None:
    content_sid = "HX" + "ab" * 16
    sandbox.add_content(content_sid, "Your code for {{1}} is {{2}}")
    message = send(client, sandbox, To="whatsapp:" + TO, From="whatsapp:" + FROM, Body=None,
                   ContentSid=content_sid, ContentVariables=json.dumps({"1": "Acme", "2": "123456"}))
    assert message["to"] == "whatsapp:" + TO and message["from"] == "whatsapp:" + FROM
    assert message["body"] == "Your code for Acme is 123456"
    bad = error_of(client, "POST", messages_path(sandbox),
                   data={"To": TO, "From": FROM, "ContentSid": content_sid, "ContentVariables": "[1]"})
    assert bad["code"] == 21656


def test_media_makes_an_mm_message(client: Client, sandbox: Sandbox) -> None:
    response = client.request("POST", messages_path(sandbox), data=[
        ("To", TO), ("From", FROM), ("MediaUrl", "https://example.com/a.png"), ("MediaUrl", "https://example.com/b.png"),
    ])
    message = response.json()
    assert message["sid"].startswith("MM") and message["num_media"] == "2" and message["body"] == ""


def test_segments_counted_for_gsm_and_unicode(client: Client, sandbox: Sandbox) -> None:
    assert send(client, sandbox, Body="a" * 160)["num_segments"] == "1"
    assert send(client, sandbox, Body="a" * 161)["num_segments"] == "2"
    assert send(client, sandbox, Body="é" * 160)["num_segments"] == "1"  # é is in GSM-7
    assert send(client, sandbox, Body="ł" * 71)["num_segments"] == "2"  # UCS-2: 70 a segment


def test_messaging_service_starts_accepted_then_picks_a_number(client: Client, sandbox: Sandbox) -> None:
    message = send(client, sandbox, From=None, MessagingServiceSid="MG" + "0" * 32)
    assert message["status"] == "accepted" and message["from"] is None
    delivered = sandbox.wait_for_status(message["sid"], "delivered")
    assert delivered["from"] and delivered["messaging_service_sid"] == "MG" + "0" * 32


def test_scheduled_message_can_be_canceled(client: Client, sandbox: Sandbox) -> None:
    later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    message = send(client, sandbox, From=None, MessagingServiceSid="MG" + "1" * 32, ScheduleType="fixed", SendAt=later)
    assert message["status"] == "scheduled"
    canceled = client.request("POST", message["uri"], data={"Status": "canceled"}).json()
    assert canceled["status"] == "canceled"
    again = error_of(client, "POST", message["uri"], data={"Status": "canceled"})
    assert again["code"] == 30409


def test_scheduled_message_is_sent_at_send_at(client: Client, sandbox: Sandbox) -> None:
    soon = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    message = send(client, sandbox, From=None, MessagingServiceSid="MG" + "1" * 32, ScheduleType="fixed", SendAt=soon)
    assert sandbox.wait_for_status(message["sid"], "delivered", timeout=5)["status"] == "delivered"


def test_redact_after_delivery_and_not_before(client: Client, sandbox: Sandbox) -> None:
    message = send(client, sandbox, Body="secret code 1234")
    early = error_of(client, "POST", message["uri"], data={"Body": ""})
    assert (early["status"], early["code"]) == (409, 20009)
    sandbox.wait_for_status(message["sid"], "delivered")
    redacted = client.request("POST", message["uri"], data={"Body": ""}).json()
    assert redacted["body"] == ""
    assert client.request("GET", message["uri"]).json()["body"] == ""
    assert error_of(client, "POST", message["uri"], data={"Body": "new text"})["code"] == 20001


def test_delete_only_after_delivery_then_404(client: Client, sandbox: Sandbox) -> None:
    message = send(client, sandbox)
    assert error_of(client, "DELETE", message["uri"])["code"] == 20009
    sandbox.wait_for_status(message["sid"], "delivered")
    response = client.request("DELETE", message["uri"])
    assert response.status == 204 and response.body == b""
    gone = error_of(client, "GET", message["uri"])
    assert (gone["status"], gone["code"]) == (404, 20404)
    assert error_of(client, "DELETE", message["uri"])["code"] == 20404


def test_list_newest_first_with_to_and_from_filters(client: Client, sandbox: Sandbox) -> None:
    first = send(client, sandbox, To="+15550000001")
    second = send(client, sandbox, To="+15550000002")
    third = send(client, sandbox, To="+15550000001", From="+15017122662")
    page = client.request("GET", messages_path(sandbox)).json()
    assert [m["sid"] for m in page["messages"]] == [third["sid"], second["sid"], first["sid"]]
    only_to = client.request("GET", messages_path(sandbox), params={"To": "+15550000001"}).json()
    assert [m["sid"] for m in only_to["messages"]] == [third["sid"], first["sid"]]
    both = client.request("GET", messages_path(sandbox), params={"To": "+15550000001", "From": FROM}).json()
    assert [m["sid"] for m in both["messages"]] == [first["sid"]]
    assert "To=%2B15550000001" in both["uri"] and "From=%2B15017122661" in both["uri"]


def test_list_date_sent_filters(client: Client, sandbox: Sandbox) -> None:
    message = send(client, sandbox)
    unsent = client.request("GET", messages_path(sandbox), params={"DateSent>": "2000-01-01"}).json()
    assert unsent["messages"] == []  # no date_sent yet: not matched by a DateSent filter
    sandbox.wait_for_status(message["sid"], "delivered")
    today = dt.datetime.now(dt.timezone.utc).date()
    yesterday, tomorrow = today - dt.timedelta(days=1), today + dt.timedelta(days=1)

    def sids(**params: str) -> list[str]:
        return [m["sid"] for m in client.request("GET", messages_path(sandbox), params=params).json()["messages"]]

    assert sids(DateSent=today.isoformat()) == [message["sid"]]
    assert sids(DateSent=yesterday.isoformat()) == []
    assert sids(**{"DateSent>": yesterday.isoformat()}) == [message["sid"]]
    assert sids(**{"DateSent>": tomorrow.isoformat()}) == []
    assert sids(**{"DateSent<": today.isoformat()}) == [message["sid"]]  # on or before today
    assert sids(**{"DateSent<": yesterday.isoformat()}) == []
    assert error_of(client, "GET", messages_path(sandbox), params={"DateSent": "last tuesday"})["code"] == 20001


def test_pages_follow_next_page_uri_without_gaps(client: Client, sandbox: Sandbox) -> None:
    sent = [send(client, sandbox, Body=f"n{i}")["sid"] for i in range(7)]
    page = client.request("GET", messages_path(sandbox), params={"PageSize": 3}).json()
    assert page["page"] == 0 and page["page_size"] == 3 and page["start"] == 0 and page["end"] == 2
    assert page["previous_page_uri"] is None
    assert page["first_page_uri"].endswith("PageSize=3&Page=0")
    seen = [m["sid"] for m in page["messages"]]
    pages = [page]
    while page["next_page_uri"]:
        assert "PageToken=PA" in page["next_page_uri"]
        page = client.request("GET", page["next_page_uri"]).json()
        pages.append(page)
        seen += [m["sid"] for m in page["messages"]]
    assert seen == list(reversed(sent))
    assert [p["page"] for p in pages] == [0, 1, 2]
    assert pages[2]["start"] == 6 and len(pages[2]["messages"]) == 1
    back = client.request("GET", pages[2]["previous_page_uri"]).json()
    assert [m["sid"] for m in back["messages"]] == [m["sid"] for m in pages[1]["messages"]]


def test_paging_is_stable_while_new_messages_arrive(client: Client, sandbox: Sandbox) -> None:
    old = [send(client, sandbox, Body=f"old{i}")["sid"] for i in range(4)]
    first = client.request("GET", messages_path(sandbox), params={"PageSize": 2}).json()
    send(client, sandbox, Body="newer")  # lands at the front; page two must not repeat a record
    second = client.request("GET", first["next_page_uri"]).json()
    assert [m["sid"] for m in first["messages"] + second["messages"]] == list(reversed(old))


def test_filters_are_kept_in_next_page_uri(client: Client, sandbox: Sandbox) -> None:
    for _ in range(3):
        send(client, sandbox, To="+15550000009")
    send(client, sandbox, To="+15550000008")
    page = client.request("GET", messages_path(sandbox), params={"To": "+15550000009", "PageSize": 2}).json()
    nxt = client.request("GET", page["next_page_uri"]).json()
    assert {m["to"] for m in page["messages"] + nxt["messages"]} == {"+15550000009"}
    assert len(nxt["messages"]) == 1 and nxt["next_page_uri"] is None


@pytest.mark.parametrize("params", [{"PageSize": "0"}, {"PageSize": "1001"}, {"PageSize": "x"}, {"Page": "-1"}])
def test_bad_paging_parameters(client: Client, sandbox: Sandbox, params: dict[str, str]) -> None:
    body = error_of(client, "GET", messages_path(sandbox), params=params)
    assert body["code"] == 20001 and list(params)[0] in body["message"]


def test_inbound_message_webhook_is_signed_and_listed(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    webhook_app.answers["/sms"] = (200, "application/xml", "<Response><Message>Got it</Message></Response>")
    message, delivery = sandbox.receive_message(webhook_app.url("/sms"), from_=TO, to=FROM, body="Hi from a phone")
    assert delivery is not None and delivery.ok and "Got it" in delivery.text
    hook = webhook_app.wait(1, "/sms")[0]
    assert_signed(hook, sandbox.auth_token)
    assert hook.form["Body"] == "Hi from a phone" and hook.form["MessageSid"] == message["sid"]
    assert hook.form["SmsStatus"] == "received" and hook.form["NumMedia"] == "0"
    listed = client.request("GET", messages_path(sandbox), params={"From": TO}).json()["messages"]
    assert [(m["sid"], m["direction"], m["status"]) for m in listed] == [(message["sid"], "inbound", "received")]


def test_inbound_whatsapp_message_has_whatsapp_fields(sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    sandbox.receive_message(webhook_app.url("/wa"), from_="whatsapp:" + TO, to="whatsapp:" + FROM, body="hola",
                            extra={"ProfileName": "Ana"})
    hook = webhook_app.wait(1, "/wa")[0]
    assert hook.form["WaId"] == TO[1:] and hook.form["ProfileName"] == "Ana"
    assert hook.form["From"] == "whatsapp:" + TO
    assert_signed(hook, sandbox.auth_token)
    with pytest.raises(SandboxError, match="E.164"):
        sandbox.receive_message(None, from_="nobody", to=FROM, body="x")


def test_callback_to_a_dead_url_is_recorded_not_fatal(client: Client, sandbox: Sandbox) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/cb"
    message = send(client, sandbox, StatusCallback=dead)
    sandbox.wait_for_status(message["sid"], "delivered")
    hooks = sandbox.wait_for_webhooks("message-status", message["sid"], count=2)
    assert all(h.status is None and h.error for h in hooks)


def test_inbound_message_over_http_for_other_processes(sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    from .sandbox_support import raw_request

    url = f"{sandbox.base_url}/_sandbox/Messages/Inbound"
    form = {"From": TO, "To": FROM, "Body": "from curl", "Url": webhook_app.url("/in")}
    status, _, body = raw_request("POST", url, data=form)
    assert (status, body["code"]) == (401, 20003)  # the control endpoints need the account's credentials
    status, _, body = raw_request("POST", url, data=form, auth=(sandbox.account_sid, sandbox.auth_token))
    assert status == 201 and body["webhook"]["status"] == 200
    assert body["message"]["direction"] == "inbound" and body["message"]["body"] == "from curl"
    hook = webhook_app.wait(1, "/in")[0]
    assert_signed(hook, sandbox.auth_token)
    status, _, body = raw_request("POST", url, data={"From": "x", "To": FROM}, auth=(sandbox.account_sid, sandbox.auth_token))
    assert (status, body["code"]) == (400, 20001)
