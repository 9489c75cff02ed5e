"""Access tokens: decoded with PyJWT, headers and claims must equal the expected dicts."""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from twilio_jwt import Jwt, JwtConfigError
from twilio_jwt.access_token import AccessToken, AccessTokenGrant
from twilio_jwt.access_token.grants import (
    ChatGrant,
    PlaybackGrant,
    SyncGrant,
    TaskRouterGrant,
    VideoGrant,
    VoiceGrant,
)

from .conftest import ACCOUNT_SID, API_KEY_SID, API_SECRET

HEADER = {"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"}


def decode(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    payload = jwt.decode(token, API_SECRET, algorithms=["HS256"])
    return jwt.get_unverified_header(token), payload


def expected_claims(now: int, grants: dict[str, Any], **extra: Any) -> dict[str, Any]:
    claims = {
        "jti": f"{API_KEY_SID}-{now}",
        "grants": grants,
        "iss": API_KEY_SID,
        "exp": now + 3600,
        "nbf": now,
        "sub": ACCOUNT_SID,
    }
    claims.update(extra)
    return claims


GRANT_CASES = [
    pytest.param(ChatGrant(), "chat", {}, id="chat-empty"),
    pytest.param(
        ChatGrant(service_sid="IS1", endpoint_id="ep", deployment_role_sid="RL1", push_credential_sid="CR9"),
        "chat",
        {"service_sid": "IS1", "endpoint_id": "ep", "deployment_role_sid": "RL1", "push_credential_sid": "CR9"},
        id="chat-full",
    ),
    pytest.param(SyncGrant(), "data_sync", {}, id="sync-empty"),
    pytest.param(SyncGrant(service_sid="IS2", endpoint_id="e2"), "data_sync", {"service_sid": "IS2", "endpoint_id": "e2"}, id="sync-full"),
    pytest.param(VoiceGrant(), "voice", {}, id="voice-empty"),
    pytest.param(VoiceGrant(incoming_allow=True), "voice", {"incoming": {"allow": True}}, id="voice-incoming"),
    pytest.param(VoiceGrant(incoming_allow="yes"), "voice", {}, id="voice-incoming-truthy-not-true"),
    pytest.param(
        VoiceGrant(outgoing_application_sid="AP1", outgoing_application_params={"to": "+1555", "n": 2}),
        "voice",
        {"outgoing": {"application_sid": "AP1", "params": {"to": "+1555", "n": 2}}},
        id="voice-outgoing-params",
    ),
    pytest.param(
        VoiceGrant(outgoing_application_params={"ignored": "without an app"}), "voice", {}, id="voice-params-without-app"
    ),
    pytest.param(
        VoiceGrant(incoming_allow=True, outgoing_application_sid="AP1", push_credential_sid="CR2", endpoint_id="ep3"),
        "voice",
        {"incoming": {"allow": True}, "outgoing": {"application_sid": "AP1"}, "push_credential_sid": "CR2", "endpoint_id": "ep3"},
        id="voice-full",
    ),
    pytest.param(VideoGrant(), "video", {}, id="video-empty"),
    pytest.param(VideoGrant(room="Daily Standup"), "video", {"room": "Daily Standup"}, id="video-room"),
    pytest.param(TaskRouterGrant(), "task_router", {}, id="taskrouter-empty"),
    pytest.param(
        TaskRouterGrant(workspace_sid="WS1", worker_sid="WK1", role="worker"),
        "task_router",
        {"workspace_sid": "WS1", "worker_sid": "WK1", "role": "worker"},
        id="taskrouter-full",
    ),
    pytest.param(PlaybackGrant(), "player", None, id="playback-none"),
    pytest.param(
        PlaybackGrant(grant={"requestCredentials": None, "playbackUrl": "https://x/y", "playerStreamerSid": "VJ1"}),
        "player",
        {"requestCredentials": None, "playbackUrl": "https://x/y", "playerStreamerSid": "VJ1"},
        id="playback-full",
    ),
]


@pytest.mark.parametrize("grant, key, payload", GRANT_CASES)
def test_each_grant_alone(now: int, grant: AccessTokenGrant, key: str, payload: Any) -> None:
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, grants=[grant], identity="alice")
    header, claims = decode(token.to_jwt())
    assert header == HEADER
    assert claims == expected_claims(now, {key: payload, "identity": "alice"})


def test_all_grants_together(now: int) -> None:
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity="bob")
    for grant in (VideoGrant(room="r1"), VoiceGrant(incoming_allow=True), ChatGrant(service_sid="IS1"), SyncGrant(service_sid="IS2"), TaskRouterGrant(role="supervisor"), PlaybackGrant({"a": 1})):
        token.add_grant(grant)
    _, claims = decode(token.to_jwt())
    assert claims["grants"] == {
        "video": {"room": "r1"},
        "voice": {"incoming": {"allow": True}},
        "chat": {"service_sid": "IS1"},
        "data_sync": {"service_sid": "IS2"},
        "task_router": {"role": "supervisor"},
        "player": {"a": 1},
        "identity": "bob",
    }


def test_no_identity_and_no_grants(now: int) -> None:
    header, claims = decode(AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET).to_jwt())
    assert header == HEADER
    assert claims == expected_claims(now, {})


def test_region_adds_twr_header(now: int) -> None:
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity="a", region="au1")
    header, _ = decode(token.to_jwt())
    assert header == {**HEADER, "twr": "au1"}
    # A region that is not a non-empty string is left out, as in the official library.
    for region in ("", None, 7):
        token.region = region
        assert decode(token.to_jwt())[0] == HEADER


def test_header_follows_region_changes_after_first_mint(now: int) -> None:
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity="a")
    assert "twr" not in decode(token.to_jwt())[0]
    token.region = "ie1"
    assert decode(token.to_jwt())[0]["twr"] == "ie1"


def test_nbf_omitted_given_and_default(now: int) -> None:
    assert "nbf" not in decode(AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, nbf=None).to_jwt())[1]
    assert decode(AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, nbf=now - 60).to_jwt())[1]["nbf"] == now - 60
    assert decode(AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET).to_jwt())[1]["nbf"] == now


def test_ttl_valid_until_and_per_call_ttl(now: int) -> None:
    assert decode(AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, ttl=60).to_jwt())[1]["exp"] == now + 60
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, ttl=60, valid_until=now + 7200)
    assert decode(token.to_jwt())[1]["exp"] == now + 7200
    assert decode(token.to_jwt(ttl=120))[1]["exp"] == now + 120


def test_jti_changes_with_time(now: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET)
    first = decode(token.to_jwt())[1]
    monkeypatch.setattr(time, "time", lambda: now + 5.9)
    # PyJWT's clock is not frozen: allow the 5 s the test moved ours forward.
    second = jwt.decode(token.to_jwt(), API_SECRET, algorithms=["HS256"], leeway=10)
    assert (first["jti"], second["jti"]) == (f"{API_KEY_SID}-{now}", f"{API_KEY_SID}-{now + 5}")
    assert second["exp"] == now + 5 + 3600


def test_bytes_secret_signs_the_same(now: int) -> None:
    a = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity="x").to_jwt()
    b = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET.encode(), identity="x").to_jwt()
    assert a == b


def test_secret_change_is_picked_up(now: int) -> None:
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity="x")
    token.to_jwt()
    token.secret_key = "another-secret-of-reasonable-length!!"
    jwt.decode(token.to_jwt(), "another-secret-of-reasonable-length!!", algorithms=["HS256"])
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token.to_jwt(), API_SECRET, algorithms=["HS256"])


def test_payload_and_headers_properties(now: int) -> None:
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, grants=[VideoGrant()], identity="i", region="us1")
    assert token.payload == expected_claims(now, {"video": {}, "identity": "i"})
    assert token.headers == {"cty": "twilio-fpa;v=1", "twr": "us1", "typ": "JWT", "alg": "HS256"}
    assert isinstance(token, Jwt)


def test_later_grant_with_same_key_wins(now: int) -> None:
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, grants=[VideoGrant(room="a"), VideoGrant(room="b")])
    assert decode(token.to_jwt())[1]["grants"] == {"video": {"room": "b"}}


def test_custom_grant_subclass(now: int) -> None:
    class ConversationsGrant(AccessTokenGrant):
        key = "conversations"

        def to_payload(self) -> dict[str, Any]:
            return {"service_sid": "IS9"}

    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, grants=[ConversationsGrant()])
    assert decode(token.to_jwt())[1]["grants"] == {"conversations": {"service_sid": "IS9"}}


@pytest.mark.parametrize("bad", ["video", {"room": "x"}, None, VideoGrant])
def test_grants_must_be_grant_instances(bad: Any) -> None:
    with pytest.raises(JwtConfigError, match="AccessTokenGrant"):
        AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, grants=[bad])
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET)
    with pytest.raises(ValueError, match="AccessTokenGrant"):
        token.add_grant(bad)


@pytest.mark.parametrize("secret", ["", None, b""])
def test_missing_secret_is_a_clear_error(secret: Any) -> None:
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, secret, identity="x")
    with pytest.raises(JwtConfigError, match="no signing key"):
        token.to_jwt()


@pytest.mark.parametrize("field", ["account_sid", "signing_key_sid"])
@pytest.mark.parametrize("value", ["", None, 12])
def test_missing_sids_are_clear_errors(field: str, value: Any) -> None:
    args = {"account_sid": ACCOUNT_SID, "signing_key_sid": API_KEY_SID}
    args[field] = value
    with pytest.raises(JwtConfigError, match=field):
        AccessToken(args["account_sid"], args["signing_key_sid"], API_SECRET)


def test_base_jwt_needs_a_payload() -> None:
    with pytest.raises(NotImplementedError):
        Jwt("secret-secret-secret-secret-secret!", "iss").to_jwt()


def test_base_jwt_subclass_with_official_style_hooks(now: int) -> None:
    class Custom(Jwt):
        def _generate_payload(self) -> dict[str, Any]:
            return {"scope": "x"}

        def _generate_headers(self) -> dict[str, Any]:
            return {"kid": "k1"}

    token = Custom("s" * 32, "issuer", subject="subject", ttl=10)
    encoded = token.to_jwt()
    assert jwt.get_unverified_header(encoded) == {"alg": "HS256", "typ": "JWT", "kid": "k1"}
    assert jwt.decode(encoded, "s" * 32, algorithms=["HS256"]) == {
        "scope": "x", "iss": "issuer", "exp": now + 10, "nbf": now, "sub": "subject"
    }


def test_unsupported_algorithm_is_named() -> None:
    class Odd(Jwt):
        def _generate_payload(self) -> dict[str, Any]:
            return {}

    with pytest.raises(JwtConfigError, match="ES256"):
        Odd("s" * 32, "iss", algorithm="ES256").to_jwt()
