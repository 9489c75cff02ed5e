"""twilio-video end to end against Prism serving the official video_v1 spec.

Rooms (create with video codecs, a status callback and JSON-object
parameters; list; participants of a room) and compositions over real HTTP to
Prism on 127.0.0.1. Every request also passes ``check_request``; every answer
parses into the plugin's models, including the v1 ``meta`` page envelope.
"""

from __future__ import annotations

import datetime as dt
import sys
import json
from typing import Any
from urllib.parse import parse_qs

import pytest

from twilio_core import Client
from twilio_video._generated.video_v1 import Composition, Participant, Room

pytestmark = pytest.mark.network

SID = "AC" + "a" * 32
ROOM_SID = "RM" + "b" * 32


@pytest.fixture
def client(prism_transport: Any) -> Client:
    return Client(SID, "token", transport=prism_transport, retry=None)


@pytest.fixture
def sent(prism_transport: Any) -> list[Any]:
    """The requests exactly as they went to Prism (after the checker)."""
    requests: list[Any] = []
    inner_send = prism_transport.inner.send

    def spy(request: Any, timeout: Any) -> Any:
        requests.append(request)
        return inner_send(request, timeout)

    prism_transport.inner.send = spy
    return requests


def form(request: Any) -> dict[str, list[str]]:
    return parse_qs((request.body or b"").decode(), keep_blank_values=True)


def prefer_example(transport: Any, example: str) -> None:
    """Ask Prism for a named example; added after the checker, as it is Prism's header, not Twilio's."""
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
    assert {c.operation.spec for c in checks} == {"video_v1"}


def assert_strict_dates(method: str, url: str, body: bytes | None = None) -> None:
    """Re-check a request with strict RFC 3339 dates (the routing transport is lenient for Prism's own links)."""
    contract = sys.modules["twilio_contract"]  # loaded by the routing transport
    result = contract.check_request(method, url, data=body.decode() if body else None, strict_dates=True)
    assert result.ok, result.format()


def assert_parsed(model: Any, cls: type) -> None:
    """A model of the right class whose every field converts and none is lost."""
    assert isinstance(model, cls)
    assert set(model.to_dict()) == set(model.raw), "fields dropped or invented while parsing"


def test_create_room_with_codecs_callback_and_json_objects(client: Client, prism_transport: Any, sent: list) -> None:
    room = client.video.rooms.create(
        unique_name="DailyStandup",
        type="group",
        video_codecs=["VP8", "H264"],
        status_callback="https://example.com/room-events",
        status_callback_method="POST",
        max_participants=10,
        record_participants_on_connect=False,
        transcriptions_configuration={"languageCode": "en-US", "profanityFilter": True},
    )
    assert_all_checked(prism_transport, 1)
    body = form(sent[0])
    assert body["VideoCodecs"] == ["VP8", "H264"]
    assert body["StatusCallback"] == ["https://example.com/room-events"]
    assert body["RecordParticipantsOnConnect"] == ["false"]
    assert json.loads(body["TranscriptionsConfiguration"][0]) == {"languageCode": "en-US", "profanityFilter": True}
    assert_parsed(room, Room)
    assert room.sid.startswith("RM")
    assert isinstance(room.date_created, dt.datetime) and room.date_created.tzinfo is not None
    assert room.max_participants is None or isinstance(room.max_participants, int)


def test_rooms_list_parses_the_v1_envelope(client: Client, prism_transport: Any) -> None:
    prefer_example(prism_transport, "readWithStatus")
    rooms = client.video.rooms.list(status="completed", limit=2)
    assert 1 <= len(rooms) <= 2
    assert_all_checked(prism_transport)
    assert "Status=completed" in prism_transport.checks[0].url and "PageSize=2" in prism_transport.checks[0].url
    for room in rooms:
        assert_parsed(room, Room)
        assert room.sid.startswith("RM")


def test_rooms_list_with_datetime_filters(client: Client, prism_transport: Any) -> None:
    after = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    client.video.rooms.list(date_created_after=after, unique_name="DailyStandup", limit=1)
    assert_all_checked(prism_transport, 1)
    assert "DateCreatedAfter=2024-03-01T07%3A30%3A00Z" in prism_transport.checks[0].url  # aware -> UTC with Z
    assert_strict_dates("GET", prism_transport.checks[0].url)


def test_rooms_page_reads_meta(client: Client, prism_transport: Any) -> None:
    page = client.video.rooms.page(page_size=5)
    assert_all_checked(prism_transport, 1)
    assert page.page_number == 0 and isinstance(page.page_size, int)
    assert len(page) == len(page.payload["rooms"])


def test_room_participants_list(client: Client, prism_transport: Any) -> None:
    prefer_example(prism_transport, "readFilters")
    participants = client.video.rooms(ROOM_SID).participants.list(status="disconnected", limit=3)
    assert 1 <= len(participants) <= 3
    assert_all_checked(prism_transport)
    assert f"/v1/Rooms/{ROOM_SID}/Participants" in prism_transport.checks[0].url
    for participant in participants:
        assert_parsed(participant, Participant)
        assert participant.sid.startswith("PA")
        assert isinstance(participant.date_created, dt.datetime)


def test_compositions_create(client: Client, prism_transport: Any, sent: list) -> None:
    layout = {"grid": {"video_sources": ["*"]}}
    composition = client.video.compositions.create(
        room_sid=ROOM_SID, video_layout=layout, audio_sources=["*"], format="mp4",
        resolution="1280x720", status_callback="https://example.com/composition", trim=True,
    )
    assert_all_checked(prism_transport, 1)
    body = form(sent[0])
    assert json.loads(body["VideoLayout"][0]) == layout
    assert body["AudioSources"] == ["*"] and body["Trim"] == ["true"]
    assert_parsed(composition, Composition)
    assert composition.sid.startswith("CJ")
    assert isinstance(composition.date_created, dt.datetime)
