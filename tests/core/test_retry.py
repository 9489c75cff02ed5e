"""Retry: the decision function, and the whole loop over real HTTP on 127.0.0.1 with the urllib3 transport."""

from __future__ import annotations

import email.utils
import logging
import time
from typing import Any, Callable

import pytest

from twilio_core import Client, Middleware, Stage
from twilio_core.errors import RateLimitError, ServerError, TwilioConnectionError, TwilioTimeoutError
from twilio_core.http import Request, Response
from twilio_core.middleware.retry import DEFAULT_RETRY, RetryPolicy, parse_retry_after

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9f86d081884c7d659a2feaa0c55ad015"
NO_AUTOLOAD = {"TWILIO_CORE_DISABLE_PLUGIN_AUTOLOAD": "1"}
MESSAGES = "/2010-04-01/Accounts/" + SID + "/Messages.json"


def quick(**kwargs: Any) -> RetryPolicy:
    """A policy with tiny backoff so tests run fast (Retry-After still honoured up to max_retry_after)."""
    kwargs.setdefault("backoff_factor", 0.01)
    kwargs.setdefault("backoff_max", 0.02)
    return RetryPolicy(**kwargs)


def http_client(base_url: str, **kwargs: Any) -> Client:
    kwargs.setdefault("retry", quick())
    kwargs.setdefault("timeout", (2, 2))
    return Client(SID, TOKEN, base_url=base_url, environ=NO_AUTOLOAD, **kwargs)


def record_sleeps(client: Client) -> list[float]:
    """Make the client's real transport record waits instead of sleeping."""
    sleeps: list[float] = []
    client.pipeline.transport.sleep = sleeps.append  # type: ignore[method-assign]
    return sleeps


@pytest.fixture
def retry_log(caplog: pytest.LogCaptureFixture) -> Callable[[], list[logging.LogRecord]]:
    caplog.set_level(logging.INFO, logger="twilio_core.retry")
    return lambda: [r for r in caplog.records if r.name == "twilio_core.retry"]


# --------------------------------------------------------------------------- decision function (no I/O)


def req(method: str = "GET") -> Request:
    return Request(method, "https://api.twilio.com/x")


def resp(status: int, **headers: str) -> Response:
    return Response(status, headers)


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE", "PUT"])
def test_429_retried_for_every_method(method: str) -> None:
    decision = quick().decide(req(method), resp(429, **{"Retry-After": "3"}), None, 1, 0.0)
    assert decision is not None and decision[0] == 3.0 and "429" in decision[1]


@pytest.mark.parametrize(("method", "retried"), [("GET", True), ("HEAD", True), ("DELETE", True), ("PUT", True), ("POST", False), ("PATCH", False)])
def test_5xx_only_for_methods_safe_to_repeat(method: str, retried: bool) -> None:
    for status in (500, 502, 503, 504):
        assert (quick().decide(req(method), resp(status), None, 1, 0.0) is not None) is retried


@pytest.mark.parametrize("status", [400, 401, 404, 409, 501])
def test_other_statuses_not_retried(status: int) -> None:
    assert quick().decide(req("GET"), resp(status), None, 1, 0.0) is None


def test_success_not_retried() -> None:
    assert quick().decide(req("GET"), resp(200), None, 1, 0.0) is None


def test_unsent_transport_error_retried_for_post_sent_one_not() -> None:
    unsent = TwilioConnectionError("refused", sent=False)
    sent = TwilioTimeoutError("read timeout", sent=True)
    policy = quick()
    assert policy.decide(req("POST"), None, unsent, 1, 0.0) is not None
    assert policy.decide(req("POST"), None, sent, 1, 0.0) is None
    assert policy.decide(req("GET"), None, sent, 1, 0.0) is not None


def test_retry_after_is_capped() -> None:
    delay, _ = RetryPolicy(max_retry_after=5).decide(req(), resp(429, **{"Retry-After": "3600"}), None, 1, 0.0)  # type: ignore[misc]
    assert delay == 5


def test_503_retry_after_honoured_for_get() -> None:
    delay, _ = quick().decide(req(), resp(503, **{"Retry-After": "2"}), None, 1, 0.0)  # type: ignore[misc]
    assert delay == 2


def test_backoff_is_exponential_bounded_and_jittered() -> None:
    exact = RetryPolicy(backoff_factor=0.5, backoff_max=3, jitter=False)
    assert [exact.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3, 3]
    jittered = RetryPolicy(backoff_factor=0.5, backoff_max=3)
    samples = [jittered.backoff(3) for _ in range(200)]
    assert all(0 <= s <= 2.0 for s in samples)
    assert len(set(samples)) > 50  # actually random


def test_max_attempts_and_total_timeout_stop() -> None:
    policy = RetryPolicy(max_attempts=3, total_timeout=10, jitter=False, backoff_factor=1)
    assert policy.decide(req(), resp(500), None, 2, 0.0) is not None
    assert policy.decide(req(), resp(500), None, 3, 0.0) is None
    assert policy.decide(req(), resp(500), None, 1, 9.5) is None  # the wait would pass the total budget
    assert policy.decide(req(), resp(429, **{"Retry-After": "20"}), None, 1, 0.0) is None


def test_invalid_max_attempts() -> None:
    from twilio_core import ConfigurationError

    with pytest.raises(ConfigurationError, match="max_attempts"):
        RetryPolicy(max_attempts=0)


def test_default_policy_is_on() -> None:
    client = Client(SID, TOKEN, environ=NO_AUTOLOAD)
    assert client.config.retry is DEFAULT_RETRY
    assert DEFAULT_RETRY.max_attempts > 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), ("5", 5.0), (" 2 ", 2.0), ("-3", 0.0), ("soon", None), ("nan", None), ("inf", None)],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date() -> None:
    value = parse_retry_after(email.utils.formatdate(time.time() + 30, usegmt=True))
    assert value is not None and 25 < value <= 31
    assert parse_retry_after(email.utils.formatdate(time.time() - 30, usegmt=True)) == 0.0


# --------------------------------------------------------------------------- over real HTTP

network = pytest.mark.network


@network
def test_429_with_retry_after_then_success(loopback_server: Any, retry_log: Callable[[], list[logging.LogRecord]]) -> None:
    loopback_server.queue(429, json={"code": 20429, "message": "Too Many Requests"}, headers={"Retry-After": "3"})
    loopback_server.queue(201, json={"sid": "SM1"})
    with http_client(loopback_server.url) as client:
        sleeps = record_sleeps(client)
        response = client.request("POST", MESSAGES, data={"To": "+15005550006", "Body": "hi"})
    assert response.status == 201 and response.json() == {"sid": "SM1"}
    assert sleeps == [3.0]
    requests = loopback_server.requests
    assert [r.method for r in requests] == ["POST", "POST"]
    assert requests[0].body == requests[1].body
    assert len(retry_log()) == 1


@network
def test_retry_after_really_waited_and_capped(loopback_server: Any) -> None:
    loopback_server.queue(429, headers={"Retry-After": "120"})
    loopback_server.queue(200, json={})
    with http_client(loopback_server.url, retry=quick(max_retry_after=0.3)) as client:
        started = time.monotonic()
        client.request("GET", "/v1/Things")
        elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 5
    assert len(loopback_server.requests) == 2


@network
def test_429_exhausted_raises_rate_limit_error(loopback_server: Any) -> None:
    for _ in range(3):
        loopback_server.queue(429, json={"code": 20429, "message": "slow down"}, headers={"Retry-After": "1"})
    with http_client(loopback_server.url, retry=quick(max_attempts=3)) as client:
        sleeps = record_sleeps(client)
        with pytest.raises(RateLimitError) as info:
            client.request("GET", "/v1/Things")
    assert info.value.retry_after == 1.0
    assert sleeps == [1.0, 1.0]
    assert len(loopback_server.requests) == 3


@network
def test_500_on_get_retried(loopback_server: Any, retry_log: Callable[[], list[logging.LogRecord]]) -> None:
    loopback_server.queue(500, body="oops")
    loopback_server.queue(502, body="bad gateway")
    loopback_server.queue(200, json={"ok": True})
    with http_client(loopback_server.url) as client:
        assert client.request("GET", "/v1/Things").json() == {"ok": True}
    assert len(loopback_server.requests) == 3
    messages = [r.getMessage() for r in retry_log()]
    assert len(messages) == 2
    assert "GET" in messages[0] and "/v1/Things" in messages[0] and "HTTP 500" in messages[0] and "attempt 2" in messages[0]
    assert "HTTP 502" in messages[1] and "attempt 3" in messages[1]


@network
def test_500_on_post_not_retried(loopback_server: Any, retry_log: Callable[[], list[logging.LogRecord]]) -> None:
    loopback_server.queue(500, json={"code": 20500, "message": "Internal Server Error"})
    loopback_server.queue(201, json={"sid": "SM-should-not-be-created"})
    with http_client(loopback_server.url) as client:
        with pytest.raises(ServerError) as info:
            client.request("POST", MESSAGES, data={"To": "+15005550006", "Body": "once"})
    assert info.value.status == 500 and info.value.method == "POST"
    assert len(loopback_server.requests) == 1
    assert retry_log() == []


@network
def test_connection_refused_retried_for_post(
    loopback_server: Any, refused_url: str, retry_log: Callable[[], list[logging.LogRecord]]
) -> None:
    """The first attempt goes to a port that refuses; a per-attempt hop then points the retry at the real server."""
    target = loopback_server.url

    class SecondAttemptElsewhere(Middleware):
        stage = Stage.PER_ATTEMPT

        def on_request(self, request: Request) -> None:
            if request.context["attempt"] > 1:
                request.url = request.url.replace(refused_url, target)

    loopback_server.queue(201, json={"sid": "SM1"})
    with http_client(refused_url, middleware=[SecondAttemptElsewhere()]) as client:
        response = client.request("POST", MESSAGES, data={"To": "+15005550006"})
    assert response.status == 201
    assert [r.method for r in loopback_server.requests] == ["POST"]  # delivered exactly once
    [record] = retry_log()
    assert "before sending" in record.getMessage() and "POST" in record.getMessage()


@network
def test_connection_refused_exhausted_raises_unsent_error(refused_url: str) -> None:
    with http_client(refused_url, retry=quick(max_attempts=3)) as client:
        sleeps = record_sleeps(client)
        with pytest.raises(TwilioConnectionError) as info:
            client.request("POST", MESSAGES, data={"To": "+15005550006"})
    assert info.value.sent is False
    assert len(sleeps) == 2
    assert "POST" in str(info.value) and refused_url in str(info.value)


@network
def test_read_timeout_on_post_not_retried(loopback_server: Any, retry_log: Callable[[], list[logging.LogRecord]]) -> None:
    loopback_server.queue(201, json={"sid": "SM1"}, stall=2)
    loopback_server.queue(201, json={"sid": "SM2"})
    with http_client(loopback_server.url, timeout=(2, 0.3)) as client:
        with pytest.raises(TwilioTimeoutError) as info:
            client.request("POST", MESSAGES, data={"To": "+15005550006"})
    assert info.value.sent is True
    assert len(loopback_server.requests) == 1
    assert retry_log() == []


@network
def test_read_timeout_on_get_retried(loopback_server: Any, retry_log: Callable[[], list[logging.LogRecord]]) -> None:
    loopback_server.queue(200, json={"n": 1}, stall=2)
    loopback_server.queue(200, json={"n": 2})
    with http_client(loopback_server.url, timeout=(2, 0.3)) as client:
        assert client.request("GET", "/v1/Things").json() == {"n": 2}
    assert len(loopback_server.requests) == 2
    [record] = retry_log()
    assert "TwilioTimeoutError" in record.getMessage()


@network
def test_connection_dropped_after_sending_post_not_retried(loopback_server: Any) -> None:
    loopback_server.queue(drop=True)
    loopback_server.queue(201, json={"sid": "SM1"})
    with http_client(loopback_server.url) as client:
        with pytest.raises(TwilioConnectionError) as info:
            client.request("POST", MESSAGES, data={"To": "+15005550006"})
    assert info.value.sent is True
    assert len(loopback_server.requests) == 1


@network
def test_connection_dropped_on_get_retried(loopback_server: Any) -> None:
    loopback_server.queue(drop=True)
    loopback_server.queue(200, json={"ok": 1})
    with http_client(loopback_server.url) as client:
        assert client.request("GET", "/v1/Things").json() == {"ok": 1}
    assert len(loopback_server.requests) == 2


@network
def test_retry_none_switches_retries_off(loopback_server: Any, retry_log: Callable[[], list[logging.LogRecord]]) -> None:
    loopback_server.queue(429, headers={"Retry-After": "0"})
    loopback_server.queue(503)
    loopback_server.queue(200)
    with http_client(loopback_server.url, retry=None) as client:
        with pytest.raises(RateLimitError):
            client.request("GET", "/v1/Things")
        with pytest.raises(ServerError):
            client.request("GET", "/v1/Things")
    assert len(loopback_server.requests) == 2
    assert retry_log() == []


@network
def test_default_policy_retries_over_http(loopback_server: Any) -> None:
    loopback_server.queue(503, headers={"Retry-After": "0"})
    loopback_server.queue(200, json={})
    with Client(SID, TOKEN, base_url=loopback_server.url, environ=NO_AUTOLOAD) as client:
        assert client.request("GET", "/v1/Things").status == 200
    assert len(loopback_server.requests) == 2


@network
def test_each_retry_carries_auth_and_same_body(loopback_server: Any) -> None:
    loopback_server.queue(429, headers={"Retry-After": "0"})
    loopback_server.queue(429, headers={"Retry-After": "0"})
    loopback_server.queue(200, json={})
    with http_client(loopback_server.url) as client:
        client.request("POST", MESSAGES, data={"To": "+15005550006", "Body": "x"})
    requests = loopback_server.requests
    assert len(requests) == 3
    assert len({r.headers["authorization"] for r in requests}) == 1
    assert all(r.headers["authorization"].startswith("Basic ") for r in requests)
    assert all(r.form() == {"To": ["+15005550006"], "Body": ["x"]} for r in requests)
    assert all(r.headers["authorization"].count("Basic") == 1 for r in requests)
