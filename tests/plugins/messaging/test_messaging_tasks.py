"""twilio-messaging: the common tasks through the public API (requests recorded by MockTransport)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from twilio_core import Client, InvalidParameterError, TwilioRestError
from twilio_core.testing import MockTransport

ACCOUNT = "AC" + "a" * 32
SM = "SM" + "b" * 32
MG = "MG" + "c" * 32
MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages"


def message(sid: str = SM, **extra: Any) -> dict[str, Any]:
    return {"sid": sid, "account_sid": ACCOUNT, "status": "queued", "body": "hi", "from": "+15017122661",
            "to": "+15558675310", "num_segments": "2", "num_media": "1", "price": "-0.00750", "price_unit": "USD",
            "date_created": "Thu, 30 Jul 2015 20:12:31 +0000", "date_sent": None, "error_code": None,
            "direction": "outbound-api", "subresource_uris": {"media": f"/Messages/{sid}/Media.json"}, **extra}


@pytest.fixture()
def transport() -> MockTransport:
    return MockTransport()


@pytest.fixture()
def client(transport: MockTransport) -> Client:
    return Client(ACCOUNT, "secret-token", transport=transport, retry=None)


def test_send_sms_and_mms(client: Client, transport: MockTransport) -> None:
    transport.queue(201, json=message())
    sms = client.messages.create(to="+15558675310", from_="+15017122661", body="Hello there")
    sent = transport.last_request
    assert (sent.method, sent.url) == ("POST", MESSAGES_URL + ".json")
    assert sent.form() == {"To": ["+15558675310"], "From": ["+15017122661"], "Body": ["Hello there"]}
    assert "twilio-messaging/0.1.0" in (sent.header("User-Agent") or "")
    assert sms.sid == SM and sms.status == "queued" and sms.from_ == "+15017122661"
    assert sms.num_segments == 2 and sms.num_media == 1 and sms.price == Decimal("-0.00750")
    assert sms.date_created == dt.datetime(2015, 7, 30, 20, 12, 31, tzinfo=dt.timezone.utc)
    assert sms.date_sent is None and sms.error_code is None

    transport.queue(201, json=message())
    client.messages.create(to="+15558675310", messaging_service_sid=MG, body="Look",
                           media_url=["https://example.com/a.png", "https://example.com/b.png"],
                           send_at=dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc), schedule_type="fixed")
    form = transport.last_request.form()
    assert form["MediaUrl"] == ["https://example.com/a.png", "https://example.com/b.png"]
    assert form["SendAt"] == ["2030-01-02T03:04:05Z"] and form["ScheduleType"] == ["fixed"]


def test_required_parameter_missing_fails_before_any_request(client: Client, transport: MockTransport) -> None:
    with pytest.raises(InvalidParameterError, match=r"MessageList\.create\(\) is missing required parameter: to"):
        client.messages.create(to=None, body="x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unexpected keyword argument 'boddy'"):
        client.messages.create(to="+1555", boddy="x")  # type: ignore[call-arg]
    with pytest.raises(InvalidParameterError, match=r"needs one of: from_, messaging_service_sid"):
        client.messages.create(to="+1555", body="x")
    with pytest.raises(InvalidParameterError, match=r"needs one of: body, media_url, content_sid"):
        client.messages.create(to="+1555", from_="+1666")
    assert transport.requests == []


def test_list_with_filters_follows_next_page_uri(client: Client, transport: MockTransport) -> None:
    def handler(request: Any) -> Any:
        query = parse_qs(urlsplit(request.url).query)
        page = int(query.get("Page", ["0"])[0])
        nxt = f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json?To=%2B1555&PageSize=10&Page={page + 1}&PageToken=PA{page + 1}"
        return 200, {"messages": [message(f"SM{page:02d}{i:030d}") for i in range(10)], "page": page,
                     "page_size": 10, "next_page_uri": nxt, "previous_page_uri": None}

    transport.handler = handler
    got = client.messages.list(to="+1555", date_sent_after=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
                               limit=20, page_size=10)
    assert len(got) == 20 and len(transport.requests) == 2
    first, second = (parse_qs(urlsplit(r.url).query) for r in transport.requests)
    assert first == {"To": ["+1555"], "DateSent>": ["2024-01-01T00:00:00Z"], "PageSize": ["10"]}
    assert second["PageToken"] == ["PA1"] and second["Page"] == ["1"]

    transport.reset()
    page = client.messages.page(page_size=10, page_number=3, page_token="PA3")
    assert parse_qs(urlsplit(transport.last_request.url).query) == {"PageSize": ["10"], "Page": ["3"], "PageToken": ["PA3"]}
    assert page.page_number == 3 and len(page) == 10 and page.next_page_url


def test_redact_cancel_fetch_delete(client: Client, transport: MockTransport) -> None:
    transport.queue(200, json=message(body=""))
    redacted = client.messages(SM).update(body="")
    assert transport.last_request.url == f"{MESSAGES_URL}/{SM}.json"
    assert transport.last_request.form() == {"Body": [""]}
    assert redacted.body == ""

    transport.queue(200, json=message(status="canceled"))
    assert redacted.update(status="canceled").status == "canceled"  # through the model's context
    assert transport.last_request.form() == {"Status": ["canceled"]}

    transport.queue(200, json=message())
    assert client.messages.get(SM).fetch().sid == SM
    assert transport.last_request.method == "GET"

    transport.queue(204)
    assert client.messages(SM).delete() is True
    assert (transport.last_request.method, transport.last_request.url) == ("DELETE", f"{MESSAGES_URL}/{SM}.json")


def test_listed_message_knows_its_media(client: Client, transport: MockTransport) -> None:
    transport.queue(200, json={"messages": [message()], "next_page_uri": None})
    transport.queue(200, json={"media_list": [{"sid": "ME" + "1" * 32, "content_type": "image/png",
                                               "parent_sid": SM, "date_created": "Thu, 30 Jul 2015 20:12:31 +0000"}],
                               "next_page_uri": None})
    [msg] = client.messages.list(limit=1)
    media = msg.media.list()
    assert transport.last_request.url.startswith(f"{MESSAGES_URL}/{SM}/Media.json")
    assert media[0].content_type == "image/png" and media[0].date_created.year == 2015

    transport.queue(204)
    assert media[0].delete() is True
    assert transport.last_request.url == f"{MESSAGES_URL}/{SM}/Media/{'ME' + '1' * 32}.json"


def test_twilio_error_body_raises_with_code_and_more_info(client: Client, transport: MockTransport) -> None:
    transport.queue(400, json={"code": 21211, "message": "The 'To' number +1555 is not a valid phone number.",
                               "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400})
    with pytest.raises(TwilioRestError) as caught:
        client.messages.create(to="+1555", from_="+15017122661", body="x")
    assert caught.value.code == 21211 and caught.value.status == 400
    assert caught.value.more_info == "https://www.twilio.com/docs/errors/21211"
    assert "secret-token" not in str(caught.value)


def test_messaging_services_and_their_senders(client: Client, transport: MockTransport) -> None:
    service = {"sid": MG, "friendly_name": "Support", "date_created": "2024-01-15T10:30:00Z", "sticky_sender": True,
               "validity_period": 600, "links": {"phone_numbers": "https://messaging.twilio.com/v1/..."}}
    transport.queue(201, json=service)
    created = client.messaging.services.create(friendly_name="Support", sticky_sender=True, validity_period=600)
    sent = transport.last_request
    assert sent.url == "https://messaging.twilio.com/v1/Services"
    assert sent.form() == {"FriendlyName": ["Support"], "StickySender": ["true"], "ValidityPeriod": ["600"]}
    assert created.date_created == dt.datetime(2024, 1, 15, 10, 30, tzinfo=dt.timezone.utc)
    assert created.sticky_sender is True and created.validity_period == 600

    transport.queue(201, json={"sid": "PN" + "d" * 32, "service_sid": MG, "capabilities": ["SMS"]})
    number = created.phone_numbers.create(phone_number_sid="PN" + "d" * 32)
    assert transport.last_request.url == f"https://messaging.twilio.com/v1/Services/{MG}/PhoneNumbers"
    assert number.capabilities == ["SMS"]

    with pytest.raises(InvalidParameterError, match="missing required parameter: alpha_sender"):
        client.messaging.services(MG).alpha_senders.create(alpha_sender=None)  # type: ignore[arg-type]

    def pages(request: Any) -> Any:
        page = int(parse_qs(urlsplit(request.url).query).get("Page", ["0"])[0])
        nxt = f"https://messaging.twilio.com/v1/Services/{MG}/ShortCodes?PageSize=2&Page={page + 1}" if page < 2 else None
        return 200, {"short_codes": [{"sid": f"SC{page}{i}", "short_code": "12345"} for i in range(2)],
                     "meta": {"key": "short_codes", "page": page, "page_size": 2, "next_page_url": nxt}}

    transport.handler = pages
    transport.reset()
    codes = list(client.messaging.services(MG).short_codes.stream(page_size=2))
    assert [c.sid for c in codes] == ["SC00", "SC01", "SC10", "SC11", "SC20", "SC21"]
    assert len(transport.requests) == 3


def test_spec_examples_give_real_types() -> None:
    from twilio_messaging import Message

    m = Message({"num_segments": "1", "num_media": "0", "price": "-0.00750", "error_code": 30007,
                 "date_updated": "Fri, 24 May 2019 17:44:50 +0000", "status": "sent"})
    assert (m.num_segments, m.num_media, m.error_code) == (1, 0, 30007)
    assert m.price == Decimal("-0.00750") and m.date_updated.tzinfo is not None
    assert m.body is None  # known field, absent
    assert "num_segments" in dir(m) and "from_" in dir(m)
    with pytest.raises(Exception, match="built from data"):
        m.fetch()


def test_product_imports_lazily_and_package_exports() -> None:
    import twilio_messaging
    from twilio_messaging import _plugin

    assert _plugin.TWILIO_PLUGIN_API == 1
    assert twilio_messaging.__version__ == "0.1.0"
    assert twilio_messaging.MessageList.__name__ == "MessageList"
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        twilio_messaging.Nope  # noqa: B018
