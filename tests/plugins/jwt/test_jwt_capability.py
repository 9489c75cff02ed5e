"""Client and TaskRouter capability tokens: headers and claims against expected dicts."""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from twilio_jwt import JwtConfigError
from twilio_jwt.client import ClientCapabilityToken, ScopeURI
from twilio_jwt.taskrouter import TaskRouterCapabilityToken
from twilio_jwt.taskrouter.capabilities import (
    TaskQueueCapabilityToken,
    WorkerCapabilityToken,
    WorkspaceCapabilityToken,
)

from .conftest import ACCOUNT_SID, AUTH_TOKEN

HEADER = {"alg": "HS256", "typ": "JWT"}
WS = "WS" + "1" * 32
WK = "WK" + "2" * 32
WQ = "WQ" + "3" * 32
WS_URL = f"https://taskrouter.twilio.com/v1/Workspaces/{WS}"


def decode(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return jwt.get_unverified_header(token), jwt.decode(token, AUTH_TOKEN, algorithms=["HS256"])


def policy(url: str, method: str, allow: bool = True, query_filter: Any = None, post_filter: Any = None) -> dict[str, Any]:
    return {"url": url, "method": method, "allow": allow, "query_filter": query_filter or {}, "post_filter": post_filter or {}}


# -- Client capability tokens ---------------------------------------------------

CLIENT_CASES = [
    pytest.param({}, "", id="nothing"),
    pytest.param({"allow_client_incoming": {"client_name": "alice"}}, "scope:client:incoming?clientName=alice", id="incoming"),
    pytest.param({"allow_client_outgoing": {"application_sid": "AP1"}}, "scope:client:outgoing?appSid=AP1", id="outgoing"),
    pytest.param(
        {"allow_client_outgoing": {"application_sid": "AP1", "foo": "bar baz", "n": [1, 2]}},
        "scope:client:outgoing?appParams=foo%3Dbar%2Bbaz%26n%3D1%26n%3D2&appSid=AP1",
        id="outgoing-params",
    ),
    pytest.param(
        {"allow_client_outgoing": {"application_sid": "AP1"}, "allow_client_incoming": {"client_name": "bob"}},
        "scope:client:outgoing?appSid=AP1&clientName=bob scope:client:incoming?clientName=bob",
        id="outgoing-and-incoming",
    ),
    pytest.param({"allow_event_stream": {}}, "scope:stream:subscribe?path=%2F2010-04-01%2FEvents", id="events"),
    pytest.param(
        {"allow_event_stream": {"foo": "bar"}},
        "scope:stream:subscribe?params=foo%3Dbar&path=%2F2010-04-01%2FEvents",
        id="events-params",
    ),
    pytest.param(
        {"allow_client_outgoing": {"application_sid": "AP1"}, "allow_client_incoming": {"client_name": "c"}, "allow_event_stream": {}},
        "scope:client:outgoing?appSid=AP1&clientName=c scope:client:incoming?clientName=c "
        "scope:stream:subscribe?path=%2F2010-04-01%2FEvents",
        id="all-three",
    ),
]


@pytest.mark.parametrize("kwargs, scope", CLIENT_CASES)
def test_client_capability_scopes(now: int, kwargs: dict[str, Any], scope: str) -> None:
    header, claims = decode(ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, **kwargs).to_jwt())
    assert header == HEADER
    assert claims == {"scope": scope, "iss": ACCOUNT_SID, "exp": now + 3600, "nbf": now}


def test_client_capability_methods_and_repeat_minting(now: int) -> None:
    token = ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, ttl=600, nbf=None)
    token.allow_client_outgoing("AP9")
    token.allow_client_incoming("zed")
    first = decode(token.to_jwt())[1]
    # Minting twice gives the same scope (clientName is not accumulated on the stored scope).
    assert decode(token.to_jwt())[1] == first == {
        "scope": "scope:client:outgoing?appSid=AP9&clientName=zed scope:client:incoming?clientName=zed",
        "iss": ACCOUNT_SID,
        "exp": now + 600,
    }
    assert token.capabilities["outgoing"].params == {"appSid": "AP9"}
    assert token.auth_token == AUTH_TOKEN


def test_client_capability_valid_until_is_honoured(now: int) -> None:
    token = ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, valid_until=now + 99)
    assert decode(token.to_jwt())[1]["exp"] == now + 99


def test_scope_uri() -> None:
    scope = ScopeURI("client", "outgoing", {"b": "2", "a": "x y"})
    scope.add_param("c", "&")
    assert scope.to_payload() == "scope:client:outgoing?a=x+y&b=2&c=%26"
    assert ScopeURI("stream", "subscribe").to_payload() == "scope:stream:subscribe"
    assert "scope:client:outgoing" in repr(scope)


# -- TaskRouter ---------------------------------------------------------------------


def events_url(channel: str) -> str:
    return f"https://event-bridge.twilio.com/v1/wschannels/{ACCOUNT_SID}/{channel}"


def base_claims(now: int, channel: str, policies: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    claims = {
        "account_sid": ACCOUNT_SID,
        "workspace_sid": WS,
        "channel": channel,
        "version": "v1",
        "friendly_name": channel,
        "policies": policies,
        **extra,
        "iss": ACCOUNT_SID,
        "exp": now + 3600,
        "nbf": now,
    }
    return claims


def test_worker_default_policies(now: int) -> None:
    header, claims = decode(WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS, WK).to_jwt())
    worker = f"{WS_URL}/Workers/{WK}"
    assert header == HEADER
    assert claims == base_claims(
        now,
        WK,
        [
            policy(events_url(WK), "GET"),
            policy(events_url(WK), "POST"),
            policy(worker, "GET"),
            policy(f"{WS_URL}/Activities", "GET"),
            policy(f"{WS_URL}/Tasks/**", "GET"),
            policy(f"{worker}/Reservations/**", "GET"),
        ],
        worker_sid=WK,
    )


def test_worker_all_options(now: int) -> None:
    token = WorkerCapabilityToken(
        ACCOUNT_SID,
        AUTH_TOKEN,
        WS,
        WK,
        ttl=120,
        allow_web_sockets=False,
        allow_fetch_self=False,
        allow_update_self=True,
        allow_delete_self=True,
        allow_fetch_subresources=True,
        allow_update_subresources=True,
        allow_delete_subresources=True,
        allow_fetch_activities=False,
        allow_fetch_reservations=False,
        allow_fetch_worker_reservations=False,
        allow_update_activities=True,
        allow_update_reservations=True,
    )
    worker = f"{WS_URL}/Workers/{WK}"
    claims = decode(token.to_jwt())[1]
    assert claims["exp"] == now + 120
    assert claims["policies"] == [
        policy(worker, "POST"),
        policy(worker, "DELETE"),
        policy(f"{worker}/**", "GET"),
        policy(f"{worker}/**", "DELETE"),
        policy(f"{worker}/**", "POST"),
        policy(worker, "POST", post_filter={"ActivitySid": {"required": True}}),
        policy(f"{WS_URL}/Tasks/**", "POST"),
        policy(f"{worker}/Reservations/**", "POST"),
    ]


def test_task_queue_default_policies(now: int) -> None:
    claims = decode(TaskQueueCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS, WQ).to_jwt())[1]
    assert claims == base_claims(
        now,
        WQ,
        [policy(events_url(WQ), "GET"), policy(events_url(WQ), "POST"), policy(f"{WS_URL}/TaskQueues/{WQ}", "GET")],
        taskqueue_sid=WQ,
    )


def test_workspace_default_policies(now: int) -> None:
    claims = decode(WorkspaceCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS).to_jwt())[1]
    assert claims == base_claims(
        now, WS, [policy(events_url(WS), "GET"), policy(events_url(WS), "POST"), policy(WS_URL, "GET")]
    )


def test_custom_policies_and_filters(now: int) -> None:
    token = WorkspaceCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS, allow_web_sockets=False, allow_fetch_self=False)
    token.add_policy(f"{WS_URL}/Tasks", "post", True, post_filter={"Priority": {"required": False}})
    token.add_policy(f"{WS_URL}/Workers", "GET", False, query_filter={"Available": "1"})
    token._make_policy(f"{WS_URL}/Activities", "get", True)  # the official library's name still works
    token.allow_web_sockets("WKother")
    assert decode(token.to_jwt())[1]["policies"] == [
        policy(f"{WS_URL}/Tasks", "POST", post_filter={"Priority": {"required": False}}),
        policy(f"{WS_URL}/Workers", "GET", False, query_filter={"Available": "1"}),
        policy(f"{WS_URL}/Activities", "GET"),
        policy(events_url("WKother"), "GET"),
        policy(events_url("WKother"), "POST"),
    ]


def test_taskrouter_nbf_and_valid_until_keywords(now: int) -> None:
    claims = decode(WorkspaceCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS, nbf=None, valid_until=now + 30).to_jwt())[1]
    assert "nbf" not in claims and claims["exp"] == now + 30


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: WorkerCapabilityToken("XX1", AUTH_TOKEN, WS, WK), "account sid"),
        (lambda: WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, "XX1", WK), "workspace sid"),
        (lambda: WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS, WQ), "channel id"),
        (lambda: TaskQueueCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS, WK), "channel id"),
        (lambda: WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS, None), "channel id"),
    ],
)
def test_taskrouter_rejects_bad_sids(make: Any, message: str) -> None:
    with pytest.raises(JwtConfigError, match=message):
        make()


def test_taskrouter_policy_arguments_checked() -> None:
    token = WorkspaceCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS)
    with pytest.raises(JwtConfigError, match="url"):
        token.add_policy("", "GET")
    with pytest.raises(JwtConfigError, match="method"):
        token.add_policy(WS_URL, "")


def test_taskrouter_base_needs_a_concrete_type() -> None:
    with pytest.raises(NotImplementedError):
        TaskRouterCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WS, WK)
