"""Same inputs, same tokens: compare with the official ``twilio`` library when it is installed.

Our code never imports ``twilio``; these tests use it only as an oracle and
skip when it is absent. With the clock frozen, HS256 tokens and (deterministic)
RS256 PKCV tokens must be byte-identical.
"""

from __future__ import annotations

from typing import Any

import pytest

official_jwt = pytest.importorskip("twilio.jwt")

from twilio.jwt.access_token import AccessToken as OAccessToken  # noqa: E402
from twilio.jwt.access_token import grants as ogrants  # noqa: E402
from twilio.jwt.client import ClientCapabilityToken as OClientCapabilityToken  # noqa: E402
from twilio.jwt.taskrouter import capabilities as ocaps  # noqa: E402
from twilio.jwt.validation import ClientValidationJwt as OClientValidationJwt  # noqa: E402

from twilio_core.http import Request  # noqa: E402
from twilio_jwt.access_token import AccessToken  # noqa: E402
from twilio_jwt.access_token import grants  # noqa: E402
from twilio_jwt.client import ClientCapabilityToken  # noqa: E402
from twilio_jwt.taskrouter import capabilities as caps  # noqa: E402
from twilio_jwt.validation import ClientValidationJwt, ClientValidationMiddleware, ValidationPayload  # noqa: E402

from .conftest import ACCOUNT_SID, API_KEY_SID, API_SECRET, AUTH_TOKEN, CREDENTIAL_SID  # noqa: E402

WS, WK, WQ = "WS" + "1" * 32, "WK" + "2" * 32, "WQ" + "3" * 32

GRANT_ARGS: list[tuple[str, dict[str, Any]]] = [
    ("ChatGrant", {}),
    ("ChatGrant", {"service_sid": "IS1", "endpoint_id": "e", "deployment_role_sid": "RL1", "push_credential_sid": "CR1"}),
    ("SyncGrant", {"service_sid": "IS2", "endpoint_id": "e2"}),
    ("VoiceGrant", {}),
    ("VoiceGrant", {"incoming_allow": True, "outgoing_application_sid": "AP1", "outgoing_application_params": {"q": "1 2"}, "push_credential_sid": "CR2", "endpoint_id": "ep"}),
    ("VoiceGrant", {"incoming_allow": False, "outgoing_application_params": {"x": 1}}),
    ("VideoGrant", {}),
    ("VideoGrant", {"room": "Ünïcode room"}),
    ("TaskRouterGrant", {"workspace_sid": WS, "worker_sid": WK, "role": "worker"}),
    ("PlaybackGrant", {"grant": {"playbackUrl": "https://x", "requestCredentials": None}}),
]


@pytest.mark.parametrize("name, kwargs", GRANT_ARGS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(GRANT_ARGS)])
@pytest.mark.parametrize(
    "token_kwargs",
    [{}, {"identity": "alice"}, {"identity": "bob", "region": "us1", "ttl": 60}, {"nbf": None, "valid_until": 2_000_000_000}],
    ids=["plain", "identity", "region-ttl", "no-nbf-valid-until"],
)
def test_access_token_identical(now: int, name: str, kwargs: dict[str, Any], token_kwargs: dict[str, Any]) -> None:
    ours = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, grants=[getattr(grants, name)(**kwargs)], **token_kwargs)
    theirs = OAccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, grants=[getattr(ogrants, name)(**kwargs)], **token_kwargs)
    assert ours.to_jwt() == theirs.to_jwt()
    assert ours.to_jwt(ttl=30) == theirs.to_jwt(ttl=30)
    assert ours.payload == theirs.payload and ours.headers == theirs.headers


def test_access_token_video_and_voice_identical(now: int) -> None:
    def build(module: Any, cls: Any) -> Any:
        token = cls(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity="user@example.com")
        token.add_grant(module.VideoGrant(room="standup"))
        token.add_grant(module.VoiceGrant(incoming_allow=True, outgoing_application_sid="AP" + "9" * 32))
        return token.to_jwt()

    assert build(grants, AccessToken) == build(ogrants, OAccessToken)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"allow_client_incoming": {"client_name": "alice"}},
        {"allow_client_outgoing": {"application_sid": "AP1", "greeting": "hi there", "n": [1, 2]}},
        {"allow_client_outgoing": {"application_sid": "AP1"}, "allow_client_incoming": {"client_name": "b"}, "allow_event_stream": {"f": "x"}},
        {"ttl": 90, "nbf": None},
    ],
)
def test_client_capability_identical(now: int, kwargs: dict[str, Any]) -> None:
    assert ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, **kwargs).to_jwt() == OClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, **kwargs).to_jwt()


TR_OPTIONS = [
    {},
    {"allow_web_sockets": False, "allow_update_self": True, "allow_delete_self": True},
    {"allow_fetch_subresources": True, "allow_update_subresources": True, "allow_delete_subresources": True, "ttl": 100},
]


@pytest.mark.parametrize("options", TR_OPTIONS)
@pytest.mark.parametrize(
    "ours, theirs, args",
    [
        (caps.WorkerCapabilityToken, ocaps.WorkerCapabilityToken, (WS, WK)),
        (caps.TaskQueueCapabilityToken, ocaps.TaskQueueCapabilityToken, (WS, WQ)),
        (caps.WorkspaceCapabilityToken, ocaps.WorkspaceCapabilityToken, (WS,)),
    ],
    ids=["worker", "taskqueue", "workspace"],
)
def test_taskrouter_identical(now: int, ours: Any, theirs: Any, args: tuple[str, ...], options: dict[str, Any]) -> None:
    assert ours(ACCOUNT_SID, AUTH_TOKEN, *args, **options).to_jwt() == theirs(ACCOUNT_SID, AUTH_TOKEN, *args, **options).to_jwt()


def test_worker_extra_options_identical(now: int) -> None:
    options = {"allow_update_activities": True, "allow_update_reservations": True, "allow_fetch_activities": False}
    assert caps.WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS, WK, **options).to_jwt() == ocaps.WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS, WK, **options).to_jwt()


def test_pkcv_identical_for_sdk_requests(now: int, rsa_key: Any, private_pem: str) -> None:
    """For what an SDK sends (SID paths, form bodies, simple queries) both canonicalisations agree."""
    from twilio.http.validation_client import ValidationPayload as OValidationPayload

    headers = {"Host": "api.twilio.com", "Authorization": "Basic U0s6c2VjcmV0"}
    cases = [
        ("POST", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json", "", b"To=%2B15558675310&From=%2B15017122661&Body=Hello+world"),
        ("GET", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls.json", "Status=completed&PageSize=50", ""),
        ("DELETE", "/v1/Rooms/RM1", "", ""),
    ]
    middleware = ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem)
    for method, path, query, body in cases:
        theirs = OClientValidationJwt(
            ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem,
            OValidationPayload(method, path, query, headers, ["authorization", "host"], body),
        ).to_jwt()
        ours = ClientValidationJwt(
            ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem,
            ValidationPayload(method, path, query, headers, ["authorization", "host"], body),
        ).to_jwt()
        assert ours == theirs
        request = Request(method, f"https://api.twilio.com{path}" + (f"?{query}" if query else ""), {"Authorization": headers["Authorization"]}, body or None)
        middleware.on_request(request)
        assert request.headers["Twilio-Client-Validation"] == theirs
