"""Video Rooms and Participants on the sandbox, through both base-URL forms; access tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import pytest

from twilio_core import Client
from twilio_sandbox import Sandbox, SandboxError

from .sandbox_support import WebhookApp, assert_signed, raw_request


def create_room(client: Client, **data: Any) -> dict[str, Any]:
    response = client.request("POST", "/v1/Rooms", domain="video", data=data)
    assert response.status == 201
    return response.json()


def error_of(client: Client, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    response = client.request(method, path, domain="video", raise_for_status=False, **kwargs)
    assert response.status >= 400
    return response.json()


def make_token(key_sid: str, secret: str, account_sid: str, identity: str, room: str | None, ttl: int = 3600) -> str:
    """An HS256 Video access token written by hand (independent of twilio-jwt)."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"}
    payload = {"jti": f"{key_sid}-{now}", "iss": key_sid, "sub": account_sid, "iat": now, "nbf": now, "exp": now + ttl,
               "grants": {"identity": identity, "video": {"room": room} if room else {}}}
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


@pytest.mark.parametrize("form", ["plain", "domain"])
def test_create_fetch_by_sid_and_name(request: pytest.FixtureRequest, sandbox: Sandbox, form: str) -> None:
    client = request.getfixturevalue("client" if form == "plain" else "domain_client")
    room = create_room(client, UniqueName="standup", Type="group-small")
    assert room["sid"].startswith("RM") and room["status"] == "in-progress"
    assert (room["unique_name"], room["type"], room["max_participants"]) == ("standup", "group-small", 4)
    prefix = "/video" if form == "domain" else ""
    assert room["url"] == f"{sandbox.base_url}{prefix}/v1/Rooms/{room['sid']}"
    assert room["date_created"].endswith("Z")
    by_sid = client.request("GET", f"/v1/Rooms/{room['sid']}", domain="video").json()
    by_name = client.request("GET", "/v1/Rooms/standup", domain="video").json()
    assert by_sid == by_name
    # The links point back at the sandbox, as the client reached it.
    assert client.request("GET", room["links"]["participants"]).json()["participants"] == []


def test_duplicate_unique_name_and_bad_input(client: Client) -> None:
    create_room(client, UniqueName="dup")
    assert error_of(client, "POST", "/v1/Rooms", data={"UniqueName": "dup"})["code"] == 53113
    assert error_of(client, "POST", "/v1/Rooms", data={"Type": "huge"})["code"] == 20001
    assert error_of(client, "POST", "/v1/Rooms", data={"MaxParticipants": "many"})["code"] == 20001
    assert error_of(client, "POST", "/v1/Rooms", data={"StatusCallback": "nope"})["code"] == 20001
    assert error_of(client, "GET", "/v1/Rooms/RM" + "0" * 32)["code"] == 20404


def test_complete_room_disconnects_participants_with_signed_callbacks(
    client: Client, sandbox: Sandbox, webhook_app: WebhookApp
) -> None:
    room = create_room(client, UniqueName="party", StatusCallback=webhook_app.url("/room"))
    alice = sandbox.connect_participant("party", "alice")
    assert alice["status"] == "connected" and alice["room_sid"] == room["sid"]
    done = client.request("POST", f"/v1/Rooms/{room['sid']}", domain="video", data={"Status": "completed"})
    assert done.status == 202
    assert done.json()["status"] == "completed" and done.json()["end_time"] and done.json()["duration"] >= 1
    hooks = webhook_app.wait(4, "/room")
    events = [h.form["StatusCallbackEvent"] for h in hooks]
    assert events == ["room-created", "participant-connected", "participant-disconnected", "room-ended"]
    assert [h.form["SequenceNumber"] for h in hooks] == ["0", "1", "2", "3"]
    for hook in hooks:
        assert_signed(hook, sandbox.auth_token)
        assert hook.form["RoomSid"] == room["sid"] and hook.form["RoomName"] == "party"
    assert hooks[1].form["ParticipantIdentity"] == "alice"
    fetched = client.request("GET", f"/v1/Rooms/{room['sid']}/Participants/{alice['sid']}", domain="video").json()
    assert fetched["status"] == "disconnected" and fetched["duration"] >= 1
    again = error_of(client, "POST", f"/v1/Rooms/{room['sid']}", data={"Status": "completed"})
    assert again["code"] == 53118
    assert error_of(client, "POST", f"/v1/Rooms/{room['sid']}", data={"Status": "in-progress"})["code"] == 20001
    assert error_of(client, "POST", f"/v1/Rooms/{room['sid']}", data={})["code"] == 20001
    with pytest.raises(SandboxError, match="not in progress"):
        sandbox.connect_participant(room["sid"], "late")


def test_list_rooms_with_v1_meta_pages_and_filters(domain_client: Client, sandbox: Sandbox) -> None:
    made = [create_room(domain_client, UniqueName=f"r{i}")["sid"] for i in range(5)]
    domain_client.request("POST", f"/v1/Rooms/{made[0]}", domain="video", data={"Status": "completed"})
    page = domain_client.request("GET", "/v1/Rooms", domain="video", params={"PageSize": 2}).json()
    meta = page["meta"]
    assert meta["key"] == "rooms" and meta["page"] == 0 and meta["page_size"] == 2 and meta["previous_page_url"] is None
    assert meta["url"].startswith(f"{sandbox.base_url}/video/v1/Rooms?")
    seen = [r["sid"] for r in page["rooms"]]
    while page["meta"]["next_page_url"]:
        page = domain_client.request("GET", page["meta"]["next_page_url"]).json()
        seen += [r["sid"] for r in page["rooms"]]
    assert seen == list(reversed(made))
    in_progress = domain_client.request("GET", "/v1/Rooms", domain="video", params={"Status": "in-progress"}).json()
    assert made[0] not in [r["sid"] for r in in_progress["rooms"]] and len(in_progress["rooms"]) == 4
    named = domain_client.request("GET", "/v1/Rooms", domain="video", params={"UniqueName": "r3"}).json()
    assert [r["sid"] for r in named["rooms"]] == [made[3]]
    future = domain_client.request("GET", "/v1/Rooms", domain="video", params={"DateCreatedAfter": "2999-01-01T00:00:00Z"}).json()
    assert future["rooms"] == []


def test_participants_list_filter_and_disconnect(client: Client, sandbox: Sandbox) -> None:
    room = create_room(client, UniqueName="team")
    a = sandbox.connect_participant("team", "ana")
    b = sandbox.connect_participant(room["sid"], "ben")
    base = f"/v1/Rooms/{room['sid']}/Participants"
    listed = client.request("GET", base, domain="video").json()
    assert [p["identity"] for p in listed["participants"]] == ["ana", "ben"]
    assert listed["meta"]["key"] == "participants"
    kicked = client.request("POST", f"{base}/{b['sid']}", domain="video", data={"Status": "disconnected"})
    assert kicked.status == 202 and kicked.json()["status"] == "disconnected"
    connected = client.request("GET", base, domain="video", params={"Status": "connected"}).json()["participants"]
    assert [p["sid"] for p in connected] == [a["sid"]]
    by_identity = client.request("GET", f"{base}/ana", domain="video").json()
    assert by_identity["sid"] == a["sid"]
    assert error_of(client, "POST", f"{base}/{a['sid']}", data={"Status": "connected"})["code"] == 20001
    assert error_of(client, "GET", f"{base}/PA" + "0" * 32)["code"] == 20404
    assert [p["identity"] for p in sandbox.participants("team")] == ["ana", "ben"]


def test_room_capacity_and_duplicate_identity(sandbox: Sandbox) -> None:
    sandbox.connect_participant("duo", "x")  # ad-hoc room, type group (50)
    first = sandbox.connect_participant("duo", "y")
    second = sandbox.connect_participant("duo", "y")  # the same identity replaces the first connection
    assert sandbox.get(first["sid"])["status"] == "disconnected" and second["status"] == "connected"


def test_go_room_holds_two(client: Client, sandbox: Sandbox) -> None:
    create_room(client, UniqueName="go", Type="go")
    sandbox.connect_participant("go", "a")
    sandbox.connect_participant("go", "b")
    with pytest.raises(SandboxError, match="too many"):
        sandbox.connect_participant("go", "c")


def test_join_with_an_access_token_over_http(client: Client, sandbox: Sandbox) -> None:
    room = create_room(client, UniqueName="tokens")
    token = make_token(sandbox.api_key_sid, sandbox.api_key_secret, sandbox.account_sid, "dana", "tokens")
    status, _, body = raw_request("POST", f"{sandbox.base_url}/_sandbox/video/connect", data={"Token": token})
    assert status == 201 and body["identity"] == "dana" and body["room_sid"] == room["sid"]
    # Refusals, as Twilio's Video service refuses bad tokens.
    bad_secret = make_token(sandbox.api_key_sid, "wrong-secret", sandbox.account_sid, "eve", "tokens")
    expired = make_token(sandbox.api_key_sid, sandbox.api_key_secret, sandbox.account_sid, "old", "tokens", ttl=-10)
    foreign = make_token("SK" + "1" * 32, "s", sandbox.account_sid, "x", "tokens")
    for bad, code in ((bad_secret, 20107), (expired, 20104), (foreign, 20103), ("not.a.jwt", 20101)):
        status, _, body = raw_request("POST", f"{sandbox.base_url}/_sandbox/video/connect", data={"Token": bad})
        assert (status, body["code"]) == (401, code)
    wrong_room = make_token(sandbox.api_key_sid, sandbox.api_key_secret, sandbox.account_sid, "f", "tokens")
    status, _, body = raw_request("POST", f"{sandbox.base_url}/_sandbox/video/connect", data={"Token": wrong_room, "Room": "other"})
    assert (status, body["code"]) == (403, 53205)
    assert [p["identity"] for p in sandbox.participants("tokens")] == ["dana"]


def test_token_minted_by_twilio_jwt_joins(sandbox: Sandbox) -> None:
    access_token = pytest.importorskip("twilio_jwt.access_token")
    grants = pytest.importorskip("twilio_jwt.access_token.grants")
    token = access_token.AccessToken(sandbox.account_sid, sandbox.api_key_sid, sandbox.api_key_secret, identity="jo",
                                     grants=[grants.VideoGrant(room="jwt-room")])
    joined = sandbox.connect_with_token(token.to_jwt())
    assert joined["identity"] == "jo" and sandbox.get(joined["room_sid"])["unique_name"] == "jwt-room"
