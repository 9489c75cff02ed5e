"""twilio-voice end to end against Prism serving the official api_v2010 spec.

Calls with TwiML (a string, an object with ``__str__``, and the TwiML
plugin's ``VoiceResponse`` when installed), a live-call update, conferences
and queues, over real HTTP to Prism on 127.0.0.1. Every request also passes
``check_request``; every answer parses into the plugin's models.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import pytest

from twilio_core import Client
from twilio_voice._generated.api_v2010 import Call, Conference, Queue

pytestmark = pytest.mark.network

SID = "AC" + "a" * 32
CALL_SID = "CA" + "b" * 32
TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Ahoy</Say></Response>'


class Say:
    """A TwiML object from no particular library: all the plugin may rely on is ``__str__``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return f"<Response><Say>{self.text}</Say></Response>"


@pytest.fixture
def client(prism_transport: Any) -> Client:
    return Client(SID, "token", transport=prism_transport, retry=None)


@pytest.fixture
def sent_forms(prism_transport: Any) -> list[dict[str, list[str]]]:
    """The form bodies exactly as they went to Prism."""
    forms: list[dict[str, list[str]]] = []
    inner_send = prism_transport.inner.send

    def spy(request: Any, timeout: Any) -> Any:
        forms.append(parse_qs((request.body or b"").decode(), keep_blank_values=True))
        return inner_send(request, timeout)

    prism_transport.inner.send = spy
    return forms


def prefer_example(transport: Any, example: str) -> None:
    """Ask Prism for a named example of the spec (its first one for a list is often empty).

    Added after the checker saw the request: ``Prefer`` is a Prism control header, not Twilio's.
    """
    inner_send = transport.inner.send

    def send(request: Any, timeout: Any) -> Any:
        request.headers["Prefer"] = f"example={example}"
        return inner_send(request, timeout)

    transport.inner.send = send


def assert_all_checked(transport: Any, count: int | None = None) -> None:
    """Every request reached Prism through the checker, and the checker found nothing wrong."""
    checks = transport.checks
    assert checks, "no request was routed to Prism"
    if count is not None:
        assert len(checks) == count, [c.format() for c in checks]
    bad = [c.format() for c in checks if not c.ok]
    assert not bad, "\n".join(bad)


def assert_parsed(model: Any, cls: type) -> None:
    """A model of the right class whose every field converts and none is lost."""
    assert isinstance(model, cls)
    assert set(model.to_dict()) == set(model.raw), "fields dropped or invented while parsing"


def assert_strict_dates(method: str, url: str, body: bytes | None = None) -> None:
    """Re-check a request with strict RFC 3339 dates (the routing transport is lenient for Prism's own links)."""
    contract = sys.modules["twilio_contract"]  # loaded by the routing transport
    result = contract.check_request(method, url, data=body.decode() if body else None, strict_dates=True)
    assert result.ok, result.format()


def assert_call(call: Any) -> None:
    assert_parsed(call, Call)
    assert call.sid.startswith("CA")
    assert isinstance(call.date_created, dt.datetime) and call.date_created.tzinfo is not None
    assert call.price is None or isinstance(call.price, Decimal)


def test_create_call_with_twiml_string(client: Client, prism_transport: Any, sent_forms: list) -> None:
    call = client.calls.create(to="+14155551212", from_="+15017122661", twiml=TWIML)
    assert_call(call)
    assert sent_forms[0]["Twiml"] == [TWIML]
    assert_all_checked(prism_transport, 1)


def test_create_call_with_twiml_object(client: Client, prism_transport: Any, sent_forms: list) -> None:
    call = client.calls.create(
        to="+14155551212", from_="+15017122661", twiml=Say("Ahoy"),
        status_callback="https://example.com/status", status_callback_event=["initiated", "answered"],
        record=True, timeout=30,
    )
    assert_call(call)
    form = sent_forms[0]
    assert form["Twiml"] == ["<Response><Say>Ahoy</Say></Response>"]
    assert form["StatusCallbackEvent"] == ["initiated", "answered"]
    assert form["Record"] == ["true"] and form["Timeout"] == ["30"]
    assert_all_checked(prism_transport, 1)


def test_create_call_with_twiml_plugin_response(client: Client, prism_transport: Any, sent_forms: list) -> None:
    twiml = pytest.importorskip("twilio_twiml", reason="twilio-twiml is not installed")
    response = twiml.VoiceResponse()
    response.say("Ahoy from the TwiML plugin")
    call = client.calls.create(to="+14155551212", from_="+15017122661", twiml=response)
    assert_call(call)
    assert sent_forms[0]["Twiml"] == [str(response)]
    assert_all_checked(prism_transport, 1)


def test_update_live_call(client: Client, prism_transport: Any, sent_forms: list) -> None:
    redirected = client.calls(CALL_SID).update(twiml=Say("Goodbye"), time_limit=60)
    assert_call(redirected)
    ended = client.calls(CALL_SID).update(status="completed")
    assert_call(ended)
    assert sent_forms[0]["Twiml"] == ["<Response><Say>Goodbye</Say></Response>"]
    assert sent_forms[1] == {"Status": ["completed"]}
    assert_all_checked(prism_transport, 2)
    assert all(c.url.endswith(f"/Calls/{CALL_SID}.json") for c in prism_transport.checks)


def test_conferences_list(client: Client, prism_transport: Any) -> None:
    prefer_example(prism_transport, "readFull")
    conferences = client.conferences.list(status="in-progress", limit=2)
    assert 1 <= len(conferences) <= 2
    assert_all_checked(prism_transport)
    assert "Status=in-progress" in prism_transport.checks[0].url
    for conference in conferences:
        assert_parsed(conference, Conference)
        assert conference.sid.startswith("CF")
        assert isinstance(conference.date_created, dt.datetime)


def test_conferences_list_with_date_filters(client: Client, prism_transport: Any) -> None:
    conferences = client.conferences.list(
        date_created_after=dt.date(2024, 1, 1), date_updated_before=dt.date(2024, 2, 1), limit=1
    )
    assert len(conferences) <= 1
    assert_all_checked(prism_transport, 1)
    url = prism_transport.checks[0].url
    assert_strict_dates("GET", url)
    assert "DateCreated%3E=2024-01-01" in url and "DateUpdated%3C=2024-02-01" in url


def test_queues_create_then_list(client: Client, prism_transport: Any, sent_forms: list) -> None:
    queue = client.queues.create(friendly_name="support", max_size=50)
    assert_parsed(queue, Queue)
    assert queue.sid.startswith("QU")
    assert isinstance(queue.current_size, int) and isinstance(queue.max_size, int)
    assert sent_forms[0] == {"FriendlyName": ["support"], "MaxSize": ["50"]}
    queues = client.queues.list(limit=1)
    assert len(queues) == 1
    assert_parsed(queues[0], Queue)
    assert_all_checked(prism_transport, 2)
