"""The async pipeline runs the very same middleware objects as the sync one, in the same order."""

from __future__ import annotations

import base64
import logging
from typing import Any

import pytest

from tests.async_.helpers import SID, TOKEN, async_client, run
from twilio_core import (
    Client,
    ConfigurationError,
    Middleware,
    RetryPolicy,
    ServerError,
    Stage,
    TwilioConnectionError,
    TwilioTimeoutError,
    WrapMiddleware,
)
from twilio_core.http import Response
from twilio_core.testing import MockTransport

NO_JITTER = RetryPolicy(jitter=False, backoff_factor=0.5)


class Recording(Middleware):
    """Sans-IO middleware writing every call into a shared log."""

    def __init__(self, name: str, stage: int, log: list[str]) -> None:
        self.label, self.stage, self.log = name, stage, log

    def on_request(self, request: Any) -> None:
        self.log.append(f"{self.label}.req attempt={request.context.get('attempt')}")
        request.headers[f"X-{self.label}"] = "1"

    def on_response(self, request: Any, response: Any) -> None:
        self.log.append(f"{self.label}.resp {response.status}")

    def on_error(self, request: Any, error: Any) -> None:
        self.log.append(f"{self.label}.err {type(error).__name__}")


class Around(WrapMiddleware):
    """Around-style middleware with both forms; the async client must call ahandle."""

    stage = Stage.PER_CALL

    def __init__(self, log: list[str]) -> None:
        self.log = log

    def handle(self, request: Any, call_next: Any) -> Any:
        self.log.append("around.sync")
        return call_next(request)

    async def ahandle(self, request: Any, call_next: Any) -> Any:
        self.log.append("around.async")
        return await call_next(request)


def chain(log: list[str]) -> list[Any]:
    return [
        Recording("attempt", Stage.PER_ATTEMPT + 10, log),
        Recording("call", Stage.PER_CALL, log),
        Around(log),
        Recording("build", Stage.BUILD, log),
    ]


def script(mock: MockTransport) -> MockTransport:
    mock.queue(503, json={"code": 20503, "message": "busy"})
    mock.queue_error(TwilioConnectionError("refused", sent=False))
    mock.queue(200, json={"ok": 1})
    return mock


def test_same_calls_in_same_order_with_retries() -> None:
    sync_log: list[str] = []
    sync_mock = script(MockTransport())
    sync = Client(SID, TOKEN, transport=sync_mock, middleware=chain(sync_log), retry=NO_JITTER)
    sync_response = sync.request("GET", "/2010-04-01/Accounts.json")

    async_log: list[str] = []
    async_mock = script(MockTransport())
    client = async_client(transport=async_mock, middleware=chain(async_log), retry=NO_JITTER)
    async_response = run(client.request("GET", "/2010-04-01/Accounts.json"))

    assert sync_response.json() == async_response.json() == {"ok": 1}
    assert async_log == [entry.replace("around.sync", "around.async") for entry in sync_log]
    assert async_log[:3] == ["build.req attempt=None", "call.req attempt=None", "around.async"]
    assert async_log.count("call.req attempt=None") == 1  # per call, not per attempt
    assert [e for e in async_log if e.startswith("attempt.")] == [
        "attempt.req attempt=1", "attempt.resp 503",
        "attempt.req attempt=2", "attempt.err TwilioConnectionError",
        "attempt.req attempt=3", "attempt.resp 200",
    ]
    # Retry waits go through the transport's sleep (recorded by the mock, not slept).
    assert async_mock.sleeps == sync_mock.sleeps == [0.5, 1.0]
    # Headers set by every layer reached the wire, with auth and user agent.
    sent = async_mock.last_request
    assert {sent.header("X-build"), sent.header("X-call"), sent.header("X-attempt")} == {"1"}
    assert sent.header("Authorization") == "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert sent.header("User-Agent") == sync_mock.last_request.header("User-Agent")
    assert sent.header("User-Agent", "").startswith("twilio-core/")


def test_per_attempt_middleware_edits_a_copy() -> None:
    class Counter(Middleware):
        stage = Stage.PER_ATTEMPT

        def on_request(self, request: Any) -> None:
            request.headers["X-Seen"] = request.headers.get("X-Seen", "") + "x"

    mock = MockTransport().queue(503).queue(503).queue(200, json={})
    run(async_client(transport=mock, middleware=[Counter()], retry=NO_JITTER).request("GET", "/x"))
    assert [r.header("X-Seen") for r in mock.requests] == ["x", "x", "x"]


def test_post_500_is_not_repeated_and_maps_to_server_error() -> None:
    log: list[str] = []
    mock = MockTransport().queue(500, json={"code": 20500, "message": "oops"})
    client = async_client(transport=mock, middleware=chain(log), retry=NO_JITTER)
    with pytest.raises(ServerError) as info:
        run(client.request("POST", "/x", data={"A": "b"}))
    assert info.value.status == 500 and len(mock.requests) == 1 and mock.sleeps == []


def test_post_read_timeout_is_not_repeated_but_refused_is() -> None:
    mock = MockTransport().queue_error(TwilioTimeoutError("slow", sent=True))
    with pytest.raises(TwilioTimeoutError):
        run(async_client(transport=mock, retry=NO_JITTER).request("POST", "/x", data={}))
    assert len(mock.requests) == 1
    mock = MockTransport().queue_error(TwilioConnectionError("refused", sent=False)).queue(201, json={})
    assert run(async_client(transport=mock, retry=NO_JITTER).request("POST", "/x", data={})).status == 201
    assert len(mock.requests) == 2


def test_429_retry_after_is_honoured_for_post() -> None:
    mock = MockTransport().queue(429, json={}, headers={"Retry-After": "2"}).queue(201, json={"sid": "SM1"})
    response = run(async_client(transport=mock, retry=NO_JITTER).request("POST", "/x", data={"To": "+1"}))
    assert response.status == 201 and mock.sleeps == [2.0] and len(mock.requests) == 2


def test_on_error_sees_errors_and_cannot_swallow_them() -> None:
    log: list[str] = []
    mock = MockTransport().queue_error(TwilioConnectionError("broken", sent=True))
    with pytest.raises(TwilioConnectionError):
        run(async_client(transport=mock, middleware=chain(log), retry=None).request("POST", "/x", data={}))
    assert "attempt.err TwilioConnectionError" in log and "call.err TwilioConnectionError" in log


def test_wrap_middleware_can_short_circuit() -> None:
    class Cache(WrapMiddleware):
        def handle(self, request: Any, call_next: Any) -> Any:
            return Response(200, {}, b"cached", request)

        async def ahandle(self, request: Any, call_next: Any) -> Any:
            return Response(200, {}, b"cached-async", request)

    mock = MockTransport()
    response = run(async_client(transport=mock, middleware=[Cache()]).request("GET", "/x"))
    assert response.body == b"cached-async" and mock.requests == []


def test_wrap_middleware_without_async_form_is_refused() -> None:
    class SyncOnly(WrapMiddleware):
        def handle(self, request: Any, call_next: Any) -> Any:
            return call_next(request)

    client = async_client(transport=MockTransport(), middleware=[SyncOnly()])
    with pytest.raises(ConfigurationError, match="no ahandle"):
        client.pipeline  # noqa: B018


def test_request_log_lines_match_the_sync_client(caplog: pytest.LogCaptureFixture) -> None:
    def lines(make: Any) -> list[str]:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="twilio_core"):
            make()
        return [r.getMessage().split(" in ")[0].split(" -> ")[0] for r in caplog.records]

    def sync_call() -> None:
        mock = MockTransport().queue(201, json={"sid": "SM1"})
        Client(SID, TOKEN, transport=mock).request("POST", "/2010-04-01/x.json", data={"Body": "secret text", "PageSize": 5})

    def async_call() -> None:
        mock = MockTransport().queue(201, json={"sid": "SM1"})
        run(async_client(transport=mock).request("POST", "/2010-04-01/x.json", data={"Body": "secret text", "PageSize": 5}))

    sync_lines, async_lines = lines(sync_call), lines(async_call)
    assert sync_lines == async_lines and len(async_lines) >= 2
    text = "\n".join(async_lines)
    assert "PageSize=5" in text and "secret text" not in text and TOKEN not in text


def test_pkcv_signing_runs_on_the_async_client() -> None:
    pytest.importorskip("twilio_jwt")
    rsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa")
    from cryptography.hazmat.primitives import serialization

    import jwt as pyjwt

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    options = {"client_validation": {"api_key_sid": "SK" + "2" * 32, "credential_sid": "CR" + "3" * 32, "private_key": pem}}

    def signed(make_client: Any, call: Any) -> list[dict[str, Any]]:
        mock = MockTransport().queue(503).queue(200, json={})
        call(make_client(mock))
        tokens = [r.header("Twilio-Client-Validation") for r in mock.requests]
        assert all(tokens)
        return [pyjwt.decode(t, key.public_key(), algorithms=["RS256"]) for t in tokens]

    api_key = ("SK" + "2" * 32, TOKEN)
    sync_claims = signed(
        lambda m: Client(*api_key, SID, transport=m, plugin_options=options, retry=NO_JITTER),
        lambda c: c.request("GET", "/2010-04-01/Accounts.json", params={"PageSize": 2}),
    )
    async_claims = signed(
        lambda m: async_client_with_key(m, options),
        lambda c: run(c.request("GET", "/2010-04-01/Accounts.json", params={"PageSize": 2})),
    )
    assert len(async_claims) == 2  # every attempt signed afresh
    assert [c["rqh"] for c in async_claims] == [c["rqh"] for c in sync_claims]


def async_client_with_key(mock: MockTransport, options: dict[str, Any]) -> Any:
    from twilio_core.async_client import AsyncClient

    return AsyncClient("SK" + "2" * 32, TOKEN, SID, transport=mock, plugin_options=options, retry=NO_JITTER)
