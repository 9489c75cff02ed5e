"""twilio-video: the common tasks through the public API (requests recorded by MockTransport)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from twilio_core import Client
from twilio_core.testing import MockTransport

ACCOUNT = "AC" + "a" * 32
RM = "RM" + "b" * 32
PA = "PA" + "c" * 32
V1 = "https://video.twilio.com/v1"


def room(**extra: Any) -> dict[str, Any]:
    return {"sid": RM, "status": "in-progress", "unique_name": "standup", "type": "group", "max_participants": 50,
            "duration": None, "date_created": "2024-01-15T10:30:00Z", "end_time": None, "record_participants_on_connect": False,
            "video_codecs": ["VP8", "H264"], "links": {"participants": f"{V1}/Rooms/{RM}/Participants"}, **extra}


@pytest.fixture()
def transport() -> MockTransport:
    return MockTransport()


@pytest.fixture()
def client(transport: MockTransport) -> Client:
    return Client(ACCOUNT, "secret-token", transport=transport, retry=None)


def test_create_fetch_and_complete_a_room(client: Client, transport: MockTransport) -> None:
    transport.queue(201, json=room())
    created = client.video.rooms.create(unique_name="standup", type="group", max_participants=50,
                                        video_codecs=["VP8", "H264"], record_participants_on_connect=False)
    sent = transport.last_request
    assert (sent.method, sent.url) == ("POST", f"{V1}/Rooms")
    assert sent.form() == {"UniqueName": ["standup"], "Type": ["group"], "MaxParticipants": ["50"],
                           "VideoCodecs": ["VP8", "H264"], "RecordParticipantsOnConnect": ["false"]}
    assert "twilio-video/0.1.0" in (sent.header("User-Agent") or "")
    assert created.date_created == dt.datetime(2024, 1, 15, 10, 30, tzinfo=dt.timezone.utc)
    assert created.max_participants == 50 and created.video_codecs == ["VP8", "H264"] and created.duration is None
    assert created.record_participants_on_connect is False

    transport.queue(200, json=room(status="completed", duration=120, end_time="2024-01-15T10:32:00Z"))
    done = created.update(status="completed")
    assert (transport.last_request.url, transport.last_request.form()) == (f"{V1}/Rooms/{RM}", {"Status": ["completed"]})
    assert done.duration == 120 and done.end_time.minute == 32

    transport.queue(200, json=room())
    assert client.video.rooms("standup").fetch().unique_name == "standup"  # a unique name works as the SID
    assert transport.last_request.url == f"{V1}/Rooms/standup"


def test_list_rooms_and_participants_across_v1_pages(client: Client, transport: MockTransport) -> None:
    def handler(request: Any) -> Any:
        page = int(parse_qs(urlsplit(request.url).query).get("Page", ["0"])[0])
        nxt = f"{V1}/Rooms/{RM}/Participants?Status=connected&PageSize=2&Page={page + 1}" if page == 0 else None
        return 200, {"participants": [{"sid": f"PA{page}{i}", "identity": f"user{page}{i}", "status": "connected",
                                       "start_time": "2024-01-15T10:30:05Z", "duration": None} for i in range(2)],
                     "meta": {"key": "participants", "page": page, "page_size": 2, "next_page_url": nxt}}

    transport.handler = handler
    people = client.video.rooms(RM).participants.list(status="connected", page_size=2)
    assert [p.identity for p in people] == ["user00", "user01", "user10", "user11"]
    first = transport.requests[0]
    assert first.url.startswith(f"{V1}/Rooms/{RM}/Participants?")
    assert parse_qs(urlsplit(first.url).query) == {"Status": ["connected"], "PageSize": ["2"]}
    assert len(transport.requests) == 2
    assert people[0].start_time.tzinfo is not None

    transport.handler = None
    transport.queue(200, json={"sid": "PA00", "status": "disconnected", "room_sid": RM})
    people[0].update(status="disconnected")
    assert transport.last_request.url == f"{V1}/Rooms/{RM}/Participants/PA00"


def test_track_subscriptions_and_recording_rules(client: Client, transport: MockTransport) -> None:
    rules = [{"type": "exclude", "all": True}, {"type": "include", "kind": "audio", "publisher": "alice"}]
    transport.queue(200, json={"participant_sid": PA, "room_sid": RM, "rules": rules,
                               "date_created": None, "date_updated": "2024-01-15T10:30:00Z"})
    updated = client.video.rooms(RM).participants(PA).subscribe_rules.update(rules=rules)
    sent = transport.last_request
    assert sent.url == f"{V1}/Rooms/{RM}/Participants/{PA}/SubscribeRules"
    assert json.loads(sent.form()["Rules"][0]) == rules
    assert updated.rules[1].publisher == "alice" and updated.rules[0].all is True  # nested models
    assert updated.to_dict()["rules"][1].kind == "audio"

    transport.queue(200, json={"room_sid": RM, "rules": [{"type": "include", "all": True}]})
    got = client.video.rooms(RM).recording_rules.fetch()
    assert transport.last_request.url == f"{V1}/Rooms/{RM}/RecordingRules" and got.rules[0].type == "include"

    transport.queue(200, json={"published_tracks": [{"sid": "MT1", "kind": "video", "name": "cam"}],
                               "meta": {"key": "published_tracks", "next_page_url": None}})
    [track] = client.video.rooms(RM).participants(PA).published_tracks.list()
    assert track.kind == "video"


def test_recordings_compositions_and_settings(client: Client, transport: MockTransport) -> None:
    transport.queue(200, json={"recordings": [{"sid": "RT1", "duration": 30, "size": 1234, "status": "completed",
                                               "grouping_sids": {"room_sid": RM}}],
                               "meta": {"key": "recordings", "next_page_url": None}})
    [recording] = client.video.rooms(RM).recordings.list(status="completed")
    assert recording.size == 1234 and recording.grouping_sids == {"room_sid": RM}

    layout = {"grid": {"video_sources": ["*"]}}
    transport.queue(201, json={"sid": "CJ1", "room_sid": RM, "status": "enqueued", "video_layout": layout})
    composition = client.video.compositions.create(room_sid=RM, video_layout=layout, audio_sources=["*"], format="mp4")
    form = transport.last_request.form()
    assert json.loads(form["VideoLayout"][0]) == layout and form["AudioSources"] == ["*"] and form["Format"] == ["mp4"]
    transport.queue(204)
    assert composition.delete() is True
    assert transport.last_request.url == f"{V1}/Compositions/CJ1"

    transport.queue(201, json={"sid": "HK1", "friendly_name": "all", "enabled": True})
    hook = client.video.composition_hooks.create(friendly_name="all", enabled=True, audio_sources=["*"])
    assert hook.enabled is True

    transport.queue(200, json={"friendly_name": "default", "aws_storage_enabled": False, "encryption_enabled": False})
    settings = client.video.composition_settings.fetch()
    assert transport.last_request.url == f"{V1}/CompositionSettings/Default" and settings.aws_storage_enabled is False
    transport.queue(201, json={"friendly_name": "s3", "aws_storage_enabled": True})
    client.video.recording_settings.create(friendly_name="s3", aws_storage_enabled=True,
                                           aws_s3_url="https://bucket.s3.amazonaws.com/recordings")
    assert transport.last_request.form()["AwsS3Url"] == ["https://bucket.s3.amazonaws.com/recordings"]


def test_video_namespace_is_cached_per_client(client: Client) -> None:
    from twilio_video import RoomList, Video

    assert isinstance(client.video, Video) and client.video is client.video
    assert isinstance(client.video.rooms, RoomList) and client.video.rooms is client.video.rooms
