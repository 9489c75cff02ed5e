"""Video Rooms (``/v1/Rooms``) and their Participants (``/v1/Rooms/{RoomSid}/Participants``).

Rooms are created ``in-progress`` and end ``completed`` when updated so (their
participants are disconnected first). Participants cannot be created through
Twilio's REST API (they join with an SDK and an access token), so the sandbox
lets them join with :func:`connect` (from Python) or by POSTing a Video access
token to ``/_sandbox/video/connect``: the token's signature is checked with the
API key secret the sandbox issued, as Twilio checks it. Status callbacks
(``room-created``, ``participant-connected``, ``participant-disconnected``,
``room-ended``) go to the room's ``StatusCallback``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import time
from typing import Any

from .engine import ApiRequest, Engine
from .errors import ApiError, invalid_parameter, not_found
from .formats import is_http_url, iso8601, new_sid, parse_date_filter
from .paging import page_v1

__all__ = ["create", "fetch", "list_", "update", "participants", "participant", "update_participant", "connect", "connect_with_token"]

ROOM, PARTICIPANT = "room", "participant"
ROOM_TYPES = {"group": 50, "group-small": 4, "peer-to-peer": 10, "go": 2}
_BOOL = {"true": True, "false": False}


def _room_url(origin: str, sid: str) -> str:
    return f"{origin}/v1/Rooms/{sid}"


def render_room(record: dict[str, Any], origin: str) -> dict[str, Any]:
    """The JSON Twilio returns for a room; URLs point back at the sandbox as the client reached it."""
    url = _room_url(origin, record["sid"])
    return {
        "account_sid": record["account_sid"],
        "audio_only": record["audio_only"],
        "date_created": iso8601(record["date_created"]),
        "date_updated": iso8601(record["date_updated"]),
        "duration": record.get("duration"),
        "empty_room_timeout": record["empty_room_timeout"],
        "enable_turn": True,
        "end_time": iso8601(record.get("end_time")),
        "large_room": record["large_room"],
        "links": {
            "participants": f"{url}/Participants",
            "recordings": f"{url}/Recordings",
            "recording_rules": f"{url}/RecordingRules",
            "transcriptions": f"{url}/Transcriptions",
        },
        "max_concurrent_published_tracks": 170 if record["type"] != "go" else 16,
        "max_participant_duration": record["max_participant_duration"],
        "max_participants": record["max_participants"],
        "media_region": record["media_region"],
        "record_participants_on_connect": record["record_participants_on_connect"],
        "sid": record["sid"],
        "status": record["status"],
        "status_callback": record.get("status_callback"),
        "status_callback_method": record["status_callback_method"],
        "type": record["type"],
        "unique_name": record["unique_name"],
        "unused_room_timeout": record["unused_room_timeout"],
        "url": url,
        "video_codecs": record["video_codecs"],
    }


def render_participant(record: dict[str, Any], origin: str) -> dict[str, Any]:
    """The JSON Twilio returns for a room participant."""
    url = f"{_room_url(origin, record['room_sid'])}/Participants/{record['sid']}"
    return {
        "account_sid": record["account_sid"],
        "date_created": iso8601(record["date_created"]),
        "date_updated": iso8601(record["date_updated"]),
        "duration": record.get("duration"),
        "end_time": iso8601(record.get("end_time")),
        "identity": record["identity"],
        "links": {
            "published_tracks": f"{url}/PublishedTracks",
            "subscribed_tracks": f"{url}/SubscribedTracks",
            "subscribe_rules": f"{url}/SubscribeRules",
            "anonymize": f"{url}/Anonymize",
        },
        "room_sid": record["room_sid"],
        "sid": record["sid"],
        "start_time": iso8601(record["start_time"]),
        "status": record["status"],
        "url": url,
    }


def _bool(request: ApiRequest, name: str, default: bool) -> bool:
    value = request.arg(name)
    if value is None:
        return default
    if value.lower() not in _BOOL:
        raise invalid_parameter(name, f"{value!r} is not true or false")
    return _BOOL[value.lower()]


def _int(request: ApiRequest, name: str, default: int, low: int, high: int) -> int:
    value = request.arg(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise invalid_parameter(name, f"{value!r} is not an integer") from None
    if not low <= number <= high:
        raise invalid_parameter(name, f"{number} is outside {low}..{high}")
    return number


def find_room(engine: Engine, key: str, account_sid: str) -> dict[str, Any] | None:
    """A room by SID, or the in-progress room (else the newest) with that unique name. Lock held."""
    room = engine.store.get(ROOM, key)
    if room is None:
        named = [r for r in engine.store.all(ROOM) if r["unique_name"] == key]
        named.sort(key=lambda r: (r["status"] == "in-progress", r["date_created"]))
        room = named[-1] if named else None
    return room if room is not None and room["account_sid"] == account_sid else None


def _new_room(engine: Engine, account_sid: str, **settings: Any) -> dict[str, Any]:
    sid = new_sid("RM")
    room_type = settings.get("type", "group")
    record = {
        "sid": sid,
        "account_sid": account_sid,
        "unique_name": settings.get("unique_name") or sid,
        "status": "in-progress",
        "type": room_type,
        "date_created": time.time(),
        "end_time": None,
        "duration": None,
        "status_callback": settings.get("status_callback"),
        "status_callback_method": settings.get("status_callback_method", "POST"),
        "max_participants": settings.get("max_participants") or ROOM_TYPES[room_type],
        "max_participant_duration": settings.get("max_participant_duration", 14400),
        "record_participants_on_connect": settings.get("record_participants_on_connect", False),
        "video_codecs": settings.get("video_codecs") or ["VP8", "H264"],
        "media_region": settings.get("media_region") or "us1",
        "audio_only": settings.get("audio_only", False),
        "empty_room_timeout": settings.get("empty_room_timeout", 5),
        "unused_room_timeout": settings.get("unused_room_timeout", 5),
        "large_room": settings.get("large_room", False),
        "sequence": 0,
    }
    engine.save(ROOM, record)
    return record


def create(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """POST /v1/Rooms: a new in-progress room; 53113 if an in-progress room has the unique name."""
    room_type = request.arg("Type") or "group"
    if room_type not in ROOM_TYPES:
        raise invalid_parameter("Type", f"{room_type!r} is not one of {', '.join(ROOM_TYPES)}")
    callback = request.arg("StatusCallback") or None
    if callback is not None and not is_http_url(callback):
        raise invalid_parameter("StatusCallback", f"{callback!r} is not an absolute http(s) URL")
    method = (request.arg("StatusCallbackMethod") or "POST").upper()
    if method not in ("GET", "POST"):
        raise invalid_parameter("StatusCallbackMethod", f"{method!r} is not GET or POST")
    codecs = request.args("VideoCodecs")
    for codec in codecs:
        if codec not in ("VP8", "H264"):
            raise invalid_parameter("VideoCodecs", f"{codec!r} is not VP8 or H264")
    name = request.arg("UniqueName") or None
    if name is not None and (len(name) > 128 or name.startswith("RM") and len(name) == 34):
        raise invalid_parameter("UniqueName", "at most 128 characters, and not shaped like a room SID")
    settings = dict(
        type=room_type,
        unique_name=name,
        status_callback=callback,
        status_callback_method=method,
        max_participants=_int(request, "MaxParticipants", 0, 0, 50),
        max_participant_duration=_int(request, "MaxParticipantDuration", 14400, 600, 86400),
        record_participants_on_connect=_bool(request, "RecordParticipantsOnConnect", False),
        video_codecs=codecs,
        media_region=request.arg("MediaRegion"),
        audio_only=_bool(request, "AudioOnly", False),
        empty_room_timeout=_int(request, "EmptyRoomTimeout", 5, 1, 1440),
        unused_room_timeout=_int(request, "UnusedRoomTimeout", 5, 1, 1440),
        large_room=_bool(request, "LargeRoom", False),
    )
    with engine.lock:
        if name is not None and any(
            r["unique_name"] == name and r["status"] == "in-progress" and r["account_sid"] == request.account_sid
            for r in engine.store.all(ROOM)
        ):
            raise ApiError(400, 53113, f"Room exists: an in-progress room is already named {name!r}")
        record = _new_room(engine, request.account_sid, **settings)
        callback_args = _room_event(record, "room-created")
        out = render_room(record, request.origin)
    if callback_args:
        engine.emit("room-status", record["sid"], *callback_args)
    return 201, out


def _room_event(room: dict[str, Any], event: str, participant: dict[str, Any] | None = None) -> tuple[str, str, dict[str, str]] | None:
    """(url, method, params) of a room status callback, or None without a StatusCallback. Lock held."""
    url = room.get("status_callback")
    if not url:
        return None
    params = {
        "AccountSid": room["account_sid"],
        "RoomName": room["unique_name"],
        "RoomSid": room["sid"],
        "RoomStatus": room["status"],
        "RoomType": room["type"],
        "SequenceNumber": str(room["sequence"]),
        "StatusCallbackEvent": event,
        "Timestamp": iso8601(time.time()) or "",
    }
    if room.get("duration") is not None:
        params["RoomDuration"] = str(room["duration"])
    if participant is not None:
        params.update(
            ParticipantSid=participant["sid"],
            ParticipantIdentity=participant["identity"],
            ParticipantStatus=participant["status"],
        )
        if participant.get("duration") is not None:
            params["ParticipantDuration"] = str(participant["duration"])
    room["sequence"] += 1
    return url, room["status_callback_method"], params


def fetch(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """GET /v1/Rooms/{Sid}: by SID or unique name."""
    with engine.lock:
        room = find_room(engine, request.params["Sid"], request.account_sid)
        if room is None:
            raise not_found(request.path)
        return 200, render_room(room, request.origin)


def _created_window(request: ApiRequest) -> tuple[float | None, float | None]:
    bounds: list[float | None] = []
    for name, index in (("DateCreatedAfter", 0), ("DateCreatedBefore", 1)):
        value = request.filter(name)
        if value is None:
            bounds.append(None)
            continue
        window = parse_date_filter(value)
        if window is None:
            raise invalid_parameter(name, f"{value!r} is not an ISO 8601 date-time")
        bounds.append(window[index])
    return bounds[0], bounds[1]


def list_(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """GET /v1/Rooms: newest first, filtered by Status, UniqueName and DateCreatedAfter/Before."""
    status, name = request.filter("Status"), request.filter("UniqueName")
    after, before = _created_window(request)
    filters = [(n, request.query[n][0]) for n in ("Status", "UniqueName", "DateCreatedAfter", "DateCreatedBefore") if request.filter(n)]
    with engine.lock:
        rooms = [
            r for r in reversed(engine.store.all(ROOM))
            if r["account_sid"] == request.account_sid
            and (status is None or r["status"] == status)
            and (name is None or r["unique_name"] == name)
            and (after is None or r["date_created"] >= after)
            and (before is None or r["date_created"] < before)
        ]
        return 200, page_v1(f"{request.origin}/v1/Rooms", "rooms", rooms, lambda r: render_room(r, request.origin), filters, request.query)


def update(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """POST /v1/Rooms/{Sid} with ``Status=completed``: end the room (202, as the spec says)."""
    status = request.arg("Status")
    if status is None:
        raise ApiError(400, 20001, "Missing required parameter Status in the post body")
    if status != "completed":
        raise invalid_parameter("Status", f"{status!r}: a room can only be set to 'completed'")
    with engine.lock:
        room = find_room(engine, request.params["Sid"], request.account_sid)
        if room is None:
            raise not_found(request.path)
        if room["status"] != "in-progress":
            raise ApiError(400, 53118, "Room is not in progress")
    end_room(engine, room["sid"])
    with engine.lock:
        return 202, render_room(engine.store.get(ROOM, room["sid"]) or room, request.origin)


def end_room(engine: Engine, room_sid: str) -> None:
    """Disconnect everyone, complete the room, and send the callbacks in that order."""
    callbacks = []
    with engine.lock:
        room = engine.store.get(ROOM, room_sid)
        if room is None or room["status"] != "in-progress":
            return
        for participant in engine.store.all(PARTICIPANT):
            if participant["room_sid"] == room_sid and participant["status"] == "connected":
                _disconnect(engine, participant)
                callbacks.append(_room_event(room, "participant-disconnected", participant))
        now = time.time()
        room["status"] = "completed"
        room["end_time"] = now
        room["duration"] = int(math.ceil(now - room["date_created"]))
        callbacks.append(_room_event(room, "room-ended"))
        engine.save(ROOM, room)
    for args in callbacks:
        if args:
            engine.emit("room-status", room_sid, *args)


def _disconnect(engine: Engine, participant: dict[str, Any]) -> None:
    now = time.time()
    participant["status"] = "disconnected"
    participant["end_time"] = now
    participant["duration"] = int(math.ceil(now - participant["start_time"]))
    engine.save(PARTICIPANT, participant)


def _room_for(engine: Engine, request: ApiRequest) -> dict[str, Any]:
    room = find_room(engine, request.params["RoomSid"], request.account_sid)
    if room is None:
        raise not_found(request.path)
    return room


def participants(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """GET /v1/Rooms/{RoomSid}/Participants: oldest first, filtered by Status, Identity, DateCreated*."""
    status, identity = request.filter("Status"), request.filter("Identity")
    after, before = _created_window(request)
    filters = [(n, request.query[n][0]) for n in ("Status", "Identity", "DateCreatedAfter", "DateCreatedBefore") if request.filter(n)]
    with engine.lock:
        room = _room_for(engine, request)
        records = [
            p for p in engine.store.all(PARTICIPANT)
            if p["room_sid"] == room["sid"]
            and (status is None or p["status"] == status)
            and (identity is None or p["identity"] == identity)
            and (after is None or p["date_created"] >= after)
            and (before is None or p["date_created"] < before)
        ]
        url = f"{_room_url(request.origin, room['sid'])}/Participants"
        return 200, page_v1(url, "participants", records, lambda p: render_participant(p, request.origin), filters, request.query)


def _participant_for(engine: Engine, request: ApiRequest) -> dict[str, Any]:
    room = _room_for(engine, request)
    key = request.params["Sid"]
    record = engine.store.get(PARTICIPANT, key)
    if record is None:  # Twilio also finds a connected participant by identity
        record = next((p for p in engine.store.all(PARTICIPANT) if p["room_sid"] == room["sid"] and p["identity"] == key and p["status"] == "connected"), None)
    if record is None or record["room_sid"] != room["sid"]:
        raise not_found(request.path)
    return record


def participant(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    with engine.lock:
        return 200, render_participant(_participant_for(engine, request), request.origin)


def update_participant(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """POST /v1/Rooms/{RoomSid}/Participants/{Sid} with ``Status=disconnected``: remove them (202)."""
    status = request.arg("Status")
    if status is not None and status != "disconnected":
        raise invalid_parameter("Status", f"{status!r}: a participant can only be set to 'disconnected'")
    callback = None
    with engine.lock:
        record = _participant_for(engine, request)
        if status == "disconnected" and record["status"] == "connected":
            _disconnect(engine, record)
            room = engine.store.get(ROOM, record["room_sid"])
            if room is not None:
                callback = _room_event(room, "participant-disconnected", record)
                engine.save(ROOM, room)
        out = render_participant(record, request.origin)
    if callback:
        engine.emit("room-status", record["room_sid"], *callback)
    return 202, out


def connect(engine: Engine, room_key: str, identity: str, *, create_missing: bool = True) -> dict[str, Any]:
    """Join ``identity`` to the room named or SID'd ``room_key`` (created, as an ad-hoc room, if missing).

    Returns the participant record. Raises ApiError as Twilio's Video service
    would refuse the connection (room ended, room full, identity missing).
    """
    if not identity or len(identity) > 256:
        raise ApiError(400, 53216, "Participant identity is missing or longer than 256 characters")
    callbacks = []
    with engine.lock:
        room = find_room(engine, room_key, engine.account_sid)
        if room is None or room["status"] != "in-progress":
            if room is not None and room["sid"] == room_key:
                raise ApiError(400, 53118, "Room is not in progress")
            if not create_missing:
                raise ApiError(404, 53106, f"Room {room_key} does not exist")
            room = _new_room(engine, engine.account_sid, unique_name=room_key)
        connected = [p for p in engine.store.all(PARTICIPANT) if p["room_sid"] == room["sid"] and p["status"] == "connected"]
        for previous in connected:
            if previous["identity"] == identity:  # Twilio: a duplicate identity replaces the earlier participant
                _disconnect(engine, previous)
                callbacks.append(_room_event(room, "participant-disconnected", previous))
                connected.remove(previous)
                break
        if len(connected) >= room["max_participants"]:
            raise ApiError(400, 53105, "Room contains too many Participants")
        now = time.time()
        record = {
            "sid": new_sid("PA"),
            "room_sid": room["sid"],
            "account_sid": room["account_sid"],
            "identity": identity,
            "status": "connected",
            "date_created": now,
            "start_time": now,
            "end_time": None,
            "duration": None,
        }
        engine.save(PARTICIPANT, record)
        callbacks.append(_room_event(room, "participant-connected", record))
        engine.save(ROOM, room)
    for args in callbacks:
        if args:
            engine.emit("room-status", room["sid"], *args)
    return record


def _b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def verify_access_token(engine: Engine, token: str) -> dict[str, Any]:
    """The payload of a Video access token, checked as Twilio checks it (20101..20105 otherwise)."""
    try:
        head_b64, body_b64, sig_b64 = token.strip().split(".")
        header = json.loads(_b64decode(head_b64))
        payload = json.loads(_b64decode(body_b64))
        signature = _b64decode(sig_b64)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError(401, 20101, "Invalid Access Token: not a JSON Web Token") from None
    if not isinstance(header, dict) or not isinstance(payload, dict) or header.get("alg") != "HS256":
        raise ApiError(401, 20101, "Invalid Access Token: expected an HS256 JWT")
    secret = engine.key_secret(str(payload.get("iss", "")))
    if secret is None:
        raise ApiError(401, 20103, "Invalid Access Token issuer: not an API key of this sandbox")
    expected = hmac.new(secret.encode(), f"{head_b64}.{body_b64}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        raise ApiError(401, 20107, "Invalid Access Token signature")
    if payload.get("sub") != engine.account_sid:
        raise ApiError(401, 20103, "Invalid Access Token subject: not this sandbox's account")
    exp = payload.get("exp")
    if not isinstance(exp, (int, float)) or exp < time.time():
        raise ApiError(401, 20104, "Access Token expired or expiration date invalid")
    nbf = payload.get("nbf")
    if nbf is not None and (not isinstance(nbf, (int, float)) or nbf > time.time()):
        raise ApiError(401, 20101, "Invalid Access Token: not valid yet (nbf is in the future) or nbf invalid")
    grants = payload.get("grants")
    if not isinstance(grants, dict) or not isinstance(grants.get("video"), dict):
        raise ApiError(401, 20106, "Invalid Access Token grants: no video grant")
    if not isinstance(grants.get("identity"), str) or not grants["identity"]:
        raise ApiError(401, 20105, "Invalid Access Token: the identity grant is missing")
    return payload


def connect_with_token(engine: Engine, token: str, room: str | None = None) -> dict[str, Any]:
    """Join the room a Video access token grants (or ``room``, if the grant names none) as its identity."""
    payload = verify_access_token(engine, token)
    granted = payload["grants"]["video"].get("room")
    if granted and room and room != granted:
        raise ApiError(403, 53205, f"The access token grants room {granted!r}, not {room!r}")
    target = granted or room
    if not target:
        raise ApiError(400, 53106, "No room: the token's video grant names none and no Room was given")
    return connect(engine, target, payload["grants"]["identity"])


def connect_endpoint(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """POST /_sandbox/video/connect (``Token``, optional ``Room``): a client joining with its token."""
    token = request.arg("Token")
    if not token:
        raise ApiError(400, 20001, "Missing required parameter Token in the post body")
    record = connect_with_token(engine, token, request.arg("Room"))
    return 201, render_participant(record, request.origin)
