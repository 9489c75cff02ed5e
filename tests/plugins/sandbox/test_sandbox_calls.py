"""Calls on the sandbox over real HTTP: TwiML fetched and parsed, progression, callbacks, updates."""

from __future__ import annotations

from typing import Any

import pytest

from twilio_core import Client
from twilio_sandbox import Sandbox

from .sandbox_support import Received, WebhookApp, assert_signed

TO, FROM = "+15558675310", "+15017122661"
SAY = '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice">Hello from the app</Say><Pause length="1"/></Response>'


def calls_path(sandbox: Sandbox) -> str:
    return f"/2010-04-01/Accounts/{sandbox.account_sid}/Calls.json"


def place(client: Client, sandbox: Sandbox, **data: Any) -> dict[str, Any]:
    form: dict[str, Any] = {"To": TO, "From": FROM}
    form.update(data)
    form = {k: v for k, v in form.items() if v is not None}
    response = client.request("POST", calls_path(sandbox), data=form)
    assert response.status == 201
    return response.json()


def error_of(client: Client, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    response = client.request(method, path, raise_for_status=False, **kwargs)
    assert response.status >= 400
    return response.json()


def test_call_with_url_fetches_signed_twiml_and_records_it(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    webhook_app.answers["/voice"] = (200, "text/xml", SAY)
    call = place(client, sandbox, Url=webhook_app.url("/voice"))
    assert call["sid"].startswith("CA") and call["status"] == "queued"
    assert call["from_formatted"] == "(501) 712-2661"
    hook = webhook_app.wait(1, "/voice")[0]
    assert hook.method == "POST"
    assert_signed(hook, sandbox.auth_token)
    assert hook.form["CallSid"] == call["sid"] and hook.form["CallStatus"] == "in-progress"
    assert (hook.form["To"], hook.form["From"], hook.form["Direction"]) == (TO, FROM, "outbound-api")
    assert (hook.form["Called"], hook.form["Caller"], hook.form["AccountSid"]) == (TO, FROM, sandbox.account_sid)
    done = sandbox.wait_for_status(call["sid"], "completed")
    assert done["start_time"] and done["end_time"] and int(done["duration"]) >= 1
    log = sandbox.twiml_log(call["sid"])
    assert [(e["source"], e["status"], e["verbs"], e["error"]) for e in log] == [("url", 200, ["Say", "Pause"], None)]
    (document,) = sandbox.twiml(call["sid"])
    assert type(document).__name__ == "VoiceResponse"
    say = document.verbs[0]
    assert (say.name, say.value, say.attrs["voice"]) == ("Say", "Hello from the app", "alice")


def test_call_with_get_method_is_signed_over_the_query(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    webhook_app.answers["/voice"] = (200, "text/xml", SAY)
    call = place(client, sandbox, Url=webhook_app.url("/voice?lang=en"), Method="GET")
    hook = webhook_app.wait(1, "/voice")[0]
    assert hook.method == "GET" and hook.form == {}
    assert "lang=en&" in hook.url and f"CallSid={call['sid']}" in hook.url
    assert_signed(hook, sandbox.auth_token)


def test_inline_twiml_is_parsed_and_recorded(client: Client, sandbox: Sandbox) -> None:
    call = place(client, sandbox, Twiml="<Response><Play>https://example.com/a.mp3</Play><Hangup/></Response>")
    sandbox.wait_for_status(call["sid"], "completed")
    (entry,) = sandbox.twiml_log(call["sid"])
    assert entry["source"] == "inline" and entry["verbs"] == ["Play", "Hangup"]
    assert str(sandbox.twiml(call["sid"])[0]).endswith("<Response><Play>https://example.com/a.mp3</Play><Hangup /></Response>")


def test_status_callbacks_for_every_requested_event_in_order(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    call = place(client, sandbox, Twiml="<Response><Say>Hi</Say></Response>", StatusCallback=webhook_app.url("/events"),
                 StatusCallbackEvent="initiated ringing answered completed")
    hooks = webhook_app.wait(4, "/events")
    assert [h.form["CallStatus"] for h in hooks] == ["initiated", "ringing", "in-progress", "completed"]
    assert [h.form["SequenceNumber"] for h in hooks] == ["0", "1", "2", "3"]
    for hook in hooks:
        assert_signed(hook, sandbox.auth_token)
        assert hook.form["CallSid"] == call["sid"] and hook.form["CallbackSource"] == "call-progress-events"
    assert int(hooks[-1].form["CallDuration"]) >= 1


def test_default_status_callback_is_completed_only_and_can_be_get(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    call = place(client, sandbox, Twiml="<Response><Say>Hi</Say></Response>",
                 StatusCallback=webhook_app.url("/done"), StatusCallbackMethod="GET")
    sandbox.wait_for_status(call["sid"], "completed")
    sandbox.settle()
    hooks = webhook_app.wait(1, "/done")
    assert len(hooks) == 1 and hooks[0].method == "GET" and "CallStatus=completed" in hooks[0].url
    assert_signed(hooks[0], sandbox.auth_token)


def test_twiml_fetch_failure_uses_fallback_url(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    webhook_app.answers["/broken"] = (500, "text/plain", "oops")
    webhook_app.answers["/fallback"] = (200, "text/xml", "<Response><Say>Sorry</Say></Response>")
    call = place(client, sandbox, Url=webhook_app.url("/broken"), FallbackUrl=webhook_app.url("/fallback"))
    sandbox.wait_for_status(call["sid"], "completed")
    fallback = webhook_app.wait(1, "/fallback")[0]
    assert fallback.form["ErrorCode"] == "11200" and fallback.form["ErrorUrl"] == webhook_app.url("/broken")
    assert_signed(fallback, sandbox.auth_token)
    assert [e["source"] for e in sandbox.twiml_log(call["sid"])] == ["fallback"]


def test_unparseable_twiml_is_recorded_as_an_error_and_the_call_ends(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    webhook_app.answers["/bad"] = (200, "text/xml", "<Response><Say>unclosed</Response>")
    call = place(client, sandbox, Url=webhook_app.url("/bad"))
    sandbox.wait_for_status(call["sid"], "completed")
    (entry,) = sandbox.twiml_log(call["sid"])
    assert entry["error"].startswith("12100") and sandbox.twiml(call["sid"]) == []


def test_unreachable_twiml_url_is_an_11200(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    webhook_app.answers["/missing"] = (404, "text/plain", "no")
    call = place(client, sandbox, Url=webhook_app.url("/missing"))
    sandbox.wait_for_status(call["sid"], "completed")
    assert sandbox.twiml_log(call["sid"])[0]["error"] == "11200 HTTP retrieval failure: HTTP 404"


def test_final_redirect_is_followed(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    webhook_app.answers["/start"] = (200, "text/xml", '<Response><Say>One</Say><Redirect method="GET">/next</Redirect></Response>')
    webhook_app.answers["/next"] = (200, "text/xml", "<Response><Say>Two</Say></Response>")
    call = place(client, sandbox, Url=webhook_app.url("/start"))
    sandbox.wait_for_status(call["sid"], "completed")
    nxt = webhook_app.wait(1, "/next")[0]
    assert nxt.method == "GET"
    assert_signed(nxt, sandbox.auth_token)
    assert [e["verbs"] for e in sandbox.twiml_log(call["sid"])] == [["Say", "Redirect"], ["Say"]]


def test_hang_up_an_in_progress_call(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    slow = Sandbox(step=0.02, call_duration=30).start()
    try:
        c = slow.client(retry=None)
        path = f"/2010-04-01/Accounts/{slow.account_sid}/Calls.json"
        call = c.request("POST", path, data={"To": TO, "From": FROM, "Twiml": "<Response><Pause length=\"30\"/></Response>",
                                             "StatusCallback": webhook_app.url("/end")}).json()
        slow.wait_for_status(call["sid"], "in-progress")
        ended = c.request("POST", call["uri"], data={"Status": "completed"}).json()
        assert ended["status"] == "completed" and ended["end_time"]
        hook = webhook_app.wait(1, "/end")[0]
        assert hook.form["CallStatus"] == "completed"
        assert_signed(hook, slow.auth_token)
    finally:
        slow.stop()


def test_cancel_a_queued_call_and_updates_after_the_end(contract: Any) -> None:
    sandbox = Sandbox(step=None).start()
    client = sandbox.client(middleware=[contract], retry=None)
    call = place(client, sandbox, Twiml="<Response><Say>Hi</Say></Response>")
    canceled = client.request("POST", call["uri"], data={"Status": "canceled"}).json()
    assert canceled["status"] == "canceled"
    sandbox.settle()
    assert client.request("GET", call["uri"]).json()["status"] == "canceled"  # the clock leaves it alone
    redirect = error_of(client, "POST", call["uri"], data={"Url": "https://example.com/twiml"})
    assert (redirect["status"], redirect["code"]) == (400, 21220)
    assert error_of(client, "POST", call["uri"], data={"Status": "ringing"})["code"] == 20001
    sandbox.stop()


def test_redirect_an_in_progress_call_with_inline_twiml(client: Client, webhook_app: WebhookApp) -> None:
    slow = Sandbox(step=0.02, call_duration=30).start()
    try:
        c = slow.client(retry=None)
        path = f"/2010-04-01/Accounts/{slow.account_sid}/Calls.json"
        call = c.request("POST", path, data={"To": TO, "From": FROM, "Twiml": "<Response><Pause length=\"30\"/></Response>"}).json()
        slow.wait_for_status(call["sid"], "in-progress")
        c.request("POST", call["uri"], data={"Twiml": "<Response><Say>Changed</Say></Response>"})
        slow.wait_until(lambda: len(slow.twiml(call["sid"])) == 2, 5, "the new TwiML")
        assert [e["verbs"] for e in slow.twiml_log(call["sid"])] == [["Pause"], ["Say"]]
    finally:
        slow.stop()


def test_delete_only_ended_calls(client: Client, sandbox: Sandbox) -> None:
    call = place(client, sandbox, Twiml="<Response><Say>Hi</Say></Response>")
    assert error_of(client, "DELETE", call["uri"])["code"] == 20009
    sandbox.wait_for_status(call["sid"], "completed")
    assert client.request("DELETE", call["uri"]).status == 204
    assert error_of(client, "GET", call["uri"])["code"] == 20404


def test_list_calls_with_filters_and_pages(contract: Any) -> None:
    # A manual clock: the canceled call cannot slip into progress before it is canceled.
    with Sandbox(step=None) as manual:
        client = manual.client(middleware=[contract], retry=None)
        twiml = "<Response><Say>Hi</Say></Response>"
        a = place(client, manual, Twiml=twiml, To="+15550000001")
        b = place(client, manual, Twiml=twiml, To="+15550000002")
        c = place(client, manual, Twiml=twiml, To="+15550000001")
        client.request("POST", c["uri"], data={"Status": "canceled"})
        assert manual.advance() > 0
        assert [x["status"] for x in manual.calls()] == ["completed", "completed", "canceled"]
        path = calls_path(manual)
        listed = client.request("GET", path).json()["calls"]
        assert [x["sid"] for x in listed] == [c["sid"], b["sid"], a["sid"]]
        to_one = client.request("GET", path, params={"To": "+15550000001", "Status": "completed"}).json()["calls"]
        assert [x["sid"] for x in to_one] == [a["sid"]]
        started = client.request("GET", path, params={"StartTime>": "2000-01-01"}).json()["calls"]
        assert {x["sid"] for x in started} == {a["sid"], b["sid"]}  # the canceled call never started
        page = client.request("GET", path, params={"PageSize": 2}).json()
        rest = client.request("GET", page["next_page_uri"]).json()
        assert [x["sid"] for x in page["calls"] + rest["calls"]] == [c["sid"], b["sid"], a["sid"]]


@pytest.mark.parametrize(
    "data, code",
    [
        ({"To": None, "Twiml": "<Response/>"}, 21201),
        ({"To": "12345", "Twiml": "<Response/>"}, 21211),
        ({"From": None, "Twiml": "<Response/>"}, 21213),
        ({"From": "nope", "Twiml": "<Response/>"}, 21212),
        ({}, 21205),
        ({"Url": "not a url"}, 21205),
        ({"Twiml": "<Response><Say>"}, 12100),
        ({"Twiml": "<!DOCTYPE x><Response/>"}, 12100),
        ({"ApplicationSid": "AP" + "0" * 32}, 21218),
        ({"Twiml": "<Response/>", "StatusCallbackEvent": "exploded"}, 21626),
        ({"Twiml": "<Response/>", "Method": "PUT"}, 20001),
        ({"Twiml": "<Response/>", "StatusCallback": "ftp://x"}, 21609),
    ],
)
def test_invalid_call_input(client: Client, sandbox: Sandbox, data: dict[str, Any], code: int) -> None:
    form: dict[str, Any] = {"To": TO, "From": FROM}
    form.update(data)
    form = {k: v for k, v in form.items() if v is not None}
    body = error_of(client, "POST", calls_path(sandbox), data=form)
    assert (body["status"], body["code"]) == (400, code)
    assert sandbox.calls() == []


def test_client_and_sip_addresses(client: Client, sandbox: Sandbox) -> None:
    assert place(client, sandbox, To="client:alice", Twiml="<Response/>")["to"] == "client:alice"
    assert place(client, sandbox, To="sip:bob@example.com", Twiml="<Response/>")["to_formatted"] == "sip:bob@example.com"


def test_webhook_handler_may_call_the_sandbox_back(client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    # The app's handler calls the REST API while the sandbox waits on it: no lock may be held.
    seen: list[str] = []

    def answer(got: Received) -> tuple[int, str, str]:
        fetched = client.request("GET", f"/2010-04-01/Accounts/{sandbox.account_sid}/Calls/{got.form['CallSid']}.json")
        seen.append(fetched.json()["status"])
        return 200, "text/xml", "<Response><Say>ok</Say></Response>"

    webhook_app.answers["/voice"] = answer
    call = place(client, sandbox, Url=webhook_app.url("/voice"))
    sandbox.wait_for_status(call["sid"], "completed")
    assert seen == ["in-progress"]
