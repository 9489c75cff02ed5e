"""twilio-voice: the common tasks through the public API (requests recorded by MockTransport)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from twilio_core import Client, InvalidParameterError
from twilio_core.testing import MockTransport

ACCOUNT = "AC" + "a" * 32
CA = "CA" + "b" * 32
CF = "CF" + "c" * 32
QU = "QU" + "d" * 32
RE = "RE" + "e" * 32
BASE = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}"


def call(**extra: Any) -> dict[str, Any]:
    return {"sid": CA, "account_sid": ACCOUNT, "status": "queued", "to": "+15558675310", "from": "+15017122661",
            "duration": "15", "price": "-0.03000", "queue_time": "0", "start_time": "Thu, 30 Jul 2015 20:00:00 +0000",
            "end_time": None, **extra}


@pytest.fixture()
def transport() -> MockTransport:
    return MockTransport()


@pytest.fixture()
def client(transport: MockTransport) -> Client:
    return Client(ACCOUNT, "secret-token", transport=transport, retry=None)


class Say:
    """Stands in for a TwiML object: anything whose str() is TwiML."""

    def __str__(self) -> str:
        return "<Response><Say>Hi</Say></Response>"


def test_place_a_call_with_twiml_text_or_object(client: Client, transport: MockTransport) -> None:
    transport.queue(201, json=call())
    placed = client.calls.create(to="+15558675310", from_="+15017122661", twiml="<Response><Say>Hi</Say></Response>")
    sent = transport.last_request
    assert (sent.method, sent.url) == ("POST", f"{BASE}/Calls.json")
    assert sent.form() == {"To": ["+15558675310"], "From": ["+15017122661"], "Twiml": ["<Response><Say>Hi</Say></Response>"]}
    assert "twilio-voice/0.1.0" in (sent.header("User-Agent") or "")
    assert placed.duration == 15 and placed.queue_time == 0 and placed.price == Decimal("-0.03000")
    assert placed.start_time == dt.datetime(2015, 7, 30, 20, tzinfo=dt.timezone.utc) and placed.end_time is None

    transport.queue(201, json=call())
    client.calls.create(to="+15558675310", from_="+15017122661", twiml=Say(), record=True,
                        status_callback_event=["initiated", "answered"], machine_detection="Enable", timeout=30)
    form = transport.last_request.form()
    assert form["Twiml"] == ["<Response><Say>Hi</Say></Response>"]
    assert form["StatusCallbackEvent"] == ["initiated", "answered"] and form["Record"] == ["true"]
    assert form["Timeout"] == ["30"]


def test_place_a_call_with_the_twiml_plugin_object(client: Client, transport: MockTransport) -> None:
    twiml = pytest.importorskip("twilio_twiml", reason="twilio-twiml is optional for twilio-voice")
    response = twiml.VoiceResponse()
    response.say("Hello")
    transport.queue(201, json=call())
    client.calls.create(to="+15558675310", from_="+15017122661", twiml=response)
    [sent_twiml] = transport.last_request.form()["Twiml"]
    assert sent_twiml == str(response) and "<Say>Hello</Say>" in sent_twiml


def test_required_arguments(client: Client, transport: MockTransport) -> None:
    with pytest.raises(InvalidParameterError, match=r"CallList\.create\(\) is missing required parameters: to, from_"):
        client.calls.create(to=None, from_=None, url="https://example.com/twiml")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        client.calls.create(to="+1", from_="+1", twimll="x")  # type: ignore[call-arg]
    with pytest.raises(InvalidParameterError, match=r"needs one of: url, twiml, application_sid"):
        client.calls.create(to="+15558675310", from_="+15017122661")
    assert transport.requests == []


def test_modify_a_live_call_and_delete(client: Client, transport: MockTransport) -> None:
    transport.queue(200, json=call(status="in-progress"))
    live = client.calls(CA).update(twiml=Say(), method="POST")
    assert transport.last_request.url == f"{BASE}/Calls/{CA}.json"
    assert transport.last_request.form() == {"Twiml": ["<Response><Say>Hi</Say></Response>"], "Method": ["POST"]}
    transport.queue(200, json=call(status="completed"))
    assert live.update(status="completed").status == "completed"
    assert transport.last_request.form() == {"Status": ["completed"]}
    transport.queue(204)
    assert client.calls(CA).delete() is True


def test_list_calls_with_range_filters(client: Client, transport: MockTransport) -> None:
    transport.queue(200, json={"calls": [call()], "next_page_uri": None, "page": 0, "page_size": 50})
    calls = client.calls.list(status="completed", start_time_after=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
                              end_time_before=dt.datetime(2024, 2, 1, 12, 0, tzinfo=dt.timezone.utc), limit=5)
    query = parse_qs(urlsplit(transport.last_request.url).query)
    assert query == {"Status": ["completed"], "StartTime>": ["2024-01-01T00:00:00Z"],
                     "EndTime<": ["2024-02-01T12:00:00Z"], "PageSize": ["5"]}
    assert [c.sid for c in calls] == [CA]


def test_call_subresources(client: Client, transport: MockTransport) -> None:
    transport.queue(201, json={"sid": RE, "call_sid": CA, "status": "in-progress", "duration": "-1"})
    rec = client.calls(CA).recordings.create(recording_channels="dual", recording_status_callback_event=["completed"])
    assert transport.last_request.url == f"{BASE}/Calls/{CA}/Recordings.json"
    assert rec.duration == -1
    transport.queue(200, json={"sid": RE, "call_sid": CA, "status": "paused"})
    assert rec.update(status="paused", pause_behavior="skip").status == "paused"
    assert transport.last_request.url == f"{BASE}/Calls/{CA}/Recordings/{RE}.json"

    transport.queue(201, json={"sid": "SR" + "1" * 32, "call_sid": CA, "status": "in-progress", "name": "fork"})
    client.calls(CA).siprec.create(connector_name="conn", parameters={"customer": "42", "team": "blue"})
    form = transport.last_request.form()
    assert form["Parameter1.Name"] == ["customer"] and form["Parameter2.Value"] == ["blue"]

    transport.queue(201, json={"sid": "MZ" + "1" * 32, "call_sid": CA, "status": "in-progress"})
    client.calls(CA).streams.create(url="wss://example.com/stream", track="both_tracks")
    assert transport.last_request.url == f"{BASE}/Calls/{CA}/Streams.json"

    transport.queue(201, json={"sid": "PK" + "1" * 32, "call_sid": CA})
    client.calls(CA).payments.create(idempotency_key="k1", status_callback="https://example.com/pay",
                                     charge_amount=Decimal("10.50"), payment_method="credit-card")
    assert transport.last_request.form()["ChargeAmount"] == ["10.50"]
    transport.queue(200, json={"sid": "PK" + "1" * 32, "call_sid": CA})
    client.calls(CA).payments("PK" + "1" * 32).update(idempotency_key="k2", status_callback="https://example.com/pay",
                                                      capture="payment-card-number")

    transport.queue(200, json={"events": [{"request": {"method": "POST"}, "response": {"status_code": 200}}],
                               "next_page_uri": None})
    [event] = client.calls(CA).events.list()
    assert event.request == {"method": "POST"}


def test_conferences_participants_and_queues(client: Client, transport: MockTransport) -> None:
    transport.queue(200, json={"participants": [{"call_sid": CA, "conference_sid": CF, "muted": False}],
                               "next_page_uri": None})
    [participant] = client.conferences(CF).participants.list(muted=False)
    assert parse_qs(urlsplit(transport.last_request.url).query)["Muted"] == ["false"]
    transport.queue(200, json={"call_sid": CA, "conference_sid": CF, "muted": True})
    assert participant.update(muted=True).muted is True
    assert transport.last_request.url == f"{BASE}/Conferences/{CF}/Participants/{CA}.json"  # keyed by CallSid

    transport.queue(201, json={"call_sid": CA, "conference_sid": CF})
    client.conferences(CF).participants.create(from_="+15017122661", to="+15558675310", early_media=True)
    assert transport.last_request.form()["EarlyMedia"] == ["true"]

    transport.queue(200, json={"sid": CF, "status": "completed"})
    client.conferences(CF).update(status="completed")

    transport.queue(201, json={"sid": QU, "friendly_name": "support", "current_size": 0, "max_size": 100,
                               "average_wait_time": 0})
    queue = client.queues.create(friendly_name="support", max_size=100)
    assert queue.max_size == 100
    transport.queue(200, json={"call_sid": CA, "queue_sid": QU, "position": 1, "wait_time": 30})
    member = queue.members("Front").update(url="https://example.com/dequeue", method="POST")
    assert transport.last_request.url == f"{BASE}/Queues/{QU}/Members/Front.json"
    assert member.position == 1 and member.wait_time == 30


def test_account_recordings_and_transcriptions(client: Client, transport: MockTransport) -> None:
    transport.queue(200, json={"recordings": [{"sid": RE, "duration": "12", "price": "-0.0025",
                                               "date_created": "Fri, 24 May 2019 17:44:46 +0000"}],
                               "next_page_uri": None})
    [recording] = client.recordings.list(call_sid=CA, date_created_after=dt.datetime(2019, 5, 1, tzinfo=dt.timezone.utc))
    query = parse_qs(urlsplit(transport.last_request.url).query)
    assert query["CallSid"] == [CA] and query["DateCreated>"] == ["2019-05-01T00:00:00Z"]
    assert recording.duration == 12 and recording.price == Decimal("-0.0025")

    transport.queue(200, json={"transcriptions": [{"sid": "TR" + "1" * 32, "transcription_text": "hello"}],
                               "next_page_uri": None})
    [text] = recording.transcriptions.list()
    assert transport.last_request.url.startswith(f"{BASE}/Recordings/{RE}/Transcriptions.json")
    transport.queue(204)
    assert text.delete() is True
    assert transport.last_request.url == f"{BASE}/Recordings/{RE}/Transcriptions/{'TR' + '1' * 32}.json"

    transport.queue(200, json={"sid": "TR" + "2" * 32, "duration": "9"})
    assert client.transcriptions("TR" + "2" * 32).fetch().duration == 9


def test_plugin_module() -> None:
    import twilio_voice
    from twilio_voice import _plugin

    assert _plugin.TWILIO_PLUGIN_API == 1 and twilio_voice.__version__ == "0.1.0"
    assert twilio_voice.CallList.__name__ == "CallList"
    with pytest.raises(AttributeError):
        twilio_voice.Nope  # noqa: B018
