"""twilio-messaging end to end against Prism serving the official api_v2010 and messaging_v1 specs.

Every request the plugin builds goes over real HTTP (127.0.0.1) to a Prism
process that validates it against Twilio's OpenAPI description and answers
with the spec's example; the routing transport also runs the stricter
``check_request`` on it. Each test asserts that every routed request passed
the checker and that Prism's answers parse into the plugin's models.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from typing import Any

import pytest

from twilio_core import Client
from twilio_messaging._generated.api_v2010 import Media, Message
from twilio_messaging._generated.messaging_v1 import Service

pytestmark = pytest.mark.network

SID = "AC" + "a" * 32
MESSAGE_SID = "SM" + "b" * 32


@pytest.fixture
def client(prism_transport: Any) -> Client:
    return Client(SID, "token", transport=prism_transport, retry=None)


def assert_all_checked(transport: Any, count: int | None = None) -> None:
    """Every request reached Prism through the checker, and the checker found nothing wrong."""
    checks = transport.checks
    assert checks, "no request was routed to Prism"
    if count is not None:
        assert len(checks) == count, [c.format() for c in checks]
    bad = [c.format() for c in checks if not c.ok]
    assert not bad, "\n".join(bad)


def assert_parsed(model: Any, cls: type) -> None:
    """A model of the right class whose every field converts (to_dict reads them all) and none is lost."""
    assert isinstance(model, cls)
    as_dict = model.to_dict()
    assert set(as_dict) == set(model.raw), "fields dropped or invented while parsing"


def assert_strict_dates(method: str, url: str, body: bytes | None = None) -> None:
    """Re-check a request with strict RFC 3339 dates (the routing transport is lenient for Prism's own links)."""
    contract = sys.modules["twilio_contract"]  # loaded by the routing transport
    result = contract.check_request(method, url, data=body.decode() if body else None, strict_dates=True)
    assert result.ok, result.format()


def test_create_with_two_media_urls(client: Client, prism_transport: Any) -> None:
    media = ["https://example.com/a.png", "https://example.com/b.png"]
    message = client.messages.create(to="+15558675310", from_="+15017122661", body="Hi there", media_url=media)
    assert_all_checked(prism_transport, 1)
    check = prism_transport.checks[0]
    assert check.operation.spec == "api_v2010" and check.operation.method == "POST"
    assert_parsed(message, Message)
    assert message.sid.startswith("SM")
    assert message.status == "queued"
    assert isinstance(message.date_created, dt.datetime) and message.date_created.tzinfo is not None
    assert isinstance(message.num_segments, int)
    assert message.price is None or isinstance(message.price, Decimal)
    assert message.from_ == message.raw["from"]


def test_create_sends_both_media_urls_as_repeated_keys(client: Client, prism_transport: Any) -> None:
    from urllib.parse import parse_qs

    sent: list[bytes] = []
    inner_send = prism_transport.inner.send

    def spy(request: Any, timeout: Any) -> Any:
        sent.append(request.body or b"")
        return inner_send(request, timeout)

    prism_transport.inner.send = spy
    client.messages.create(to="+15558675310", from_="+15017122661", media_url=["https://e.com/1.png", "https://e.com/2.png"])
    form = parse_qs(sent[0].decode())
    assert form["MediaUrl"] == ["https://e.com/1.png", "https://e.com/2.png"]
    assert_all_checked(prism_transport, 1)


def test_scheduled_message_through_a_messaging_service(client: Client, prism_transport: Any) -> None:
    sent: list[bytes] = []
    inner_send = prism_transport.inner.send

    def spy(request: Any, timeout: Any) -> Any:
        sent.append(request.body or b"")
        return inner_send(request, timeout)

    prism_transport.inner.send = spy
    send_at = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    message = client.messages.create(
        to="+15558675310", messaging_service_sid="MG" + "c" * 32, body="Later",
        schedule_type="fixed", send_at=send_at, smart_encoded=True, validity_period=600,
    )
    assert_parsed(message, Message)
    assert_all_checked(prism_transport, 1)  # enums, booleans, integers, the "one of" groups
    assert b"SendAt=2030-01-02T03%3A04%3A05Z" in sent[0]
    assert_strict_dates("POST", prism_transport.checks[0].url, sent[0])


def test_list_with_limit_stops_following_the_looping_example(client: Client, prism_transport: Any) -> None:
    # The spec's list example has 2 messages and a next_page_uri leading back to itself: limit ends it.
    messages = client.messages.list(limit=3)
    assert len(messages) == 3
    assert len(prism_transport.checks) == 2  # page_size 3 answered with 2 records, then one more page
    assert_all_checked(prism_transport)
    for message in messages:
        assert_parsed(message, Message)
        assert message.sid[:2] in ("SM", "MM")
    first = prism_transport.checks[0]
    assert "PageSize=3" in first.url


def test_list_with_date_filters_passes_the_strict_checker(client: Client, prism_transport: Any) -> None:
    after = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    messages = client.messages.list(to="+15558675310", date_sent_after=after, limit=1)
    assert len(messages) == 1
    assert_all_checked(prism_transport, 1)
    assert "DateSent%3E=2024-01-02T03%3A04%3A05Z" in prism_transport.checks[0].url
    assert_strict_dates("GET", prism_transport.checks[0].url)


def test_fetch_update_delete_one_message(client: Client, prism_transport: Any) -> None:
    context = client.messages(MESSAGE_SID)
    fetched = context.fetch()
    assert_parsed(fetched, Message)
    updated = context.update(body="")
    assert_parsed(updated, Message)
    assert context.delete() is True
    assert_all_checked(prism_transport, 3)
    assert [c.operation.method for c in prism_transport.checks] == ["GET", "POST", "DELETE"]
    assert all(MESSAGE_SID in c.url for c in prism_transport.checks)


def test_listed_models_bind_to_their_own_sid(client: Client, prism_transport: Any) -> None:
    listed = client.messages.list(limit=1)[0]
    again = listed.fetch()  # through the context bound from the listed record's sid
    assert_parsed(again, Message)
    assert prism_transport.checks[1].url.endswith(f"/Messages/{listed.sid}.json")
    listed.update(status="canceled")
    assert prism_transport.checks[2].operation.method == "POST"
    assert prism_transport.checks[2].url.endswith(f"/Messages/{listed.sid}.json")
    assert_all_checked(prism_transport, 3)


def test_media_list(client: Client, prism_transport: Any) -> None:
    media = client.messages(MESSAGE_SID).media.list(limit=2)
    assert 1 <= len(media) <= 2
    assert_all_checked(prism_transport)
    assert f"/Messages/{MESSAGE_SID}/Media.json" in prism_transport.checks[0].url
    for item in media:
        assert_parsed(item, Media)
        assert item.sid.startswith("ME")
        assert isinstance(item.date_created, dt.datetime)


def test_messaging_service_create_and_list(client: Client, prism_transport: Any) -> None:
    service = client.messaging.services.create(friendly_name="My Service", sticky_sender=True)
    assert_parsed(service, Service)
    assert service.sid.startswith("MG")
    assert isinstance(service.date_created, dt.datetime)
    services = client.messaging.services.list(limit=2)
    assert 1 <= len(services) <= 2
    for item in services:
        assert_parsed(item, Service)
    assert_all_checked(prism_transport)
    assert {c.operation.spec for c in prism_transport.checks} == {"messaging_v1"}


def test_region_and_edge_reach_the_same_contract(prism_transport: Any) -> None:
    client = Client(SID, "token", transport=prism_transport, retry=None, region="au1", edge="sydney")
    message = client.messages.create(to="+15558675310", messaging_service_sid="MG" + "c" * 32, body="Hi")
    assert_parsed(message, Message)
    assert_all_checked(prism_transport, 1)
    assert prism_transport.checks[0].url.startswith("https://api.sydney.au1.twilio.com/")
