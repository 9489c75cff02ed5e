"""The request pipeline: stage ordering, per-call vs per-attempt middleware, built-ins, timeouts.

A small recording transport stands in for the network here; retries over real
HTTP are in test_retry.py.
"""

from __future__ import annotations

import base64
import platform
import random
import sys
from typing import Any, Callable

import pytest

import twilio_core
from twilio_core import Client, ConfigurationError, Middleware, Stage, Timeout, WrapMiddleware
from twilio_core.errors import TwilioConnectionError, TwilioError, TwilioRestError
from twilio_core.http import Request, Response
from twilio_core.middleware.retry import RetryPolicy
from twilio_core.pipeline import Pipeline
from twilio_core.transports.base import Transport

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9f86d081884c7d659a2feaa0c55ad015"
NO_AUTOLOAD = {"TWILIO_CORE_DISABLE_PLUGIN_AUTOLOAD": "1"}
FAST_RETRY = RetryPolicy(max_attempts=4, backoff_factor=0.001, backoff_max=0.001, jitter=False)

Outcome = "Response | Exception | Callable[[Request], Response]"


class RecordingTransport(Transport):
    """Answers from a script of outcomes (a status, a Response, or an exception to raise), records everything."""

    def __init__(self, *outcomes: Any) -> None:
        self.outcomes = list(outcomes)
        self.sent: list[tuple[Request, Timeout, dict[str, str]]] = []
        self.sleeps: list[float] = []
        self.closed = 0

    def send(self, request: Request, timeout: Timeout) -> Response:
        self.sent.append((request, timeout, dict(request.headers)))
        outcome = self.outcomes.pop(0) if self.outcomes else 200
        if isinstance(outcome, BaseException):
            raise outcome
        if isinstance(outcome, int):
            return Response(outcome, {"Content-Type": "application/json"}, b'{"ok": true}', request)
        return outcome

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def close(self) -> None:
        self.closed += 1


def make_client(transport: Transport, **kwargs: Any) -> Client:
    kwargs.setdefault("environ", NO_AUTOLOAD)
    return Client(SID, TOKEN, base_url="http://127.0.0.1:9", transport=transport, **kwargs)


class Tracer(Middleware):
    """Appends ``(label, event)`` to ``request.context['trace']``."""

    def __init__(self, label: str, stage: int) -> None:
        self.label = label
        self.stage = stage

    def on_request(self, request: Request) -> None:
        request.context.setdefault("trace", []).append((self.label, "request"))

    def on_response(self, request: Request, response: Response) -> None:
        request.context.setdefault("trace", []).append((self.label, "response"))


# --------------------------------------------------------------------------- ordering


def test_stage_order_does_not_depend_on_given_order() -> None:
    stages = {"build": Stage.BUILD + 1, "call": Stage.PER_CALL, "auth": Stage.AUTH + 1, "attempt": Stage.PER_ATTEMPT}
    tracers = [Tracer(label, stage) for label, stage in stages.items()]
    expected = [label for label, _ in sorted(stages.items(), key=lambda kv: kv[1])]
    for seed in range(5):
        shuffled = tracers[:]
        random.Random(seed).shuffle(shuffled)
        transport = RecordingTransport()
        client = make_client(transport, middleware=shuffled)
        request = client.build_request("GET", "/x")
        client.send(request)
        trace = request.context["trace"]
        assert [label for label, event in trace if event == "request"] == expected
        assert [label for label, event in trace if event == "response"] == expected[::-1]


def test_equal_stages_keep_given_order() -> None:
    first, second = Tracer("first", Stage.PER_CALL), Tracer("second", Stage.PER_CALL)
    for given in ([first, second], [second, first]):
        client = make_client(RecordingTransport(), middleware=given)
        request = client.build_request("GET", "/x")
        client.send(request)
        assert [label for label, event in request.context["trace"] if event == "request"] == [m.label for m in given]


def test_builtins_sit_at_their_stages() -> None:
    client = make_client(RecordingTransport(), middleware=[Tracer("mine", Stage.PER_CALL)])
    names = [type(m).__name__ for m in client.pipeline.middleware]
    assert names == ["UserAgent", "Tracer", "BasicAuth", "RequestLogger"]
    assert [m.stage for m in client.pipeline.middleware] == sorted(m.stage for m in client.pipeline.middleware)


def test_per_call_middleware_sees_no_auth_header_per_attempt_does() -> None:
    seen: dict[str, bool] = {}

    class Before(Middleware):
        stage = Stage.PER_CALL

        def on_request(self, request: Request) -> None:
            seen["per_call"] = "Authorization" in request.headers

    class After(Middleware):
        stage = Stage.PER_ATTEMPT

        def on_request(self, request: Request) -> None:
            seen["per_attempt"] = "Authorization" in request.headers

    client = make_client(RecordingTransport(), middleware=[After(), Before()])
    client.request("GET", "/x")
    assert seen == {"per_call": False, "per_attempt": True}


# --------------------------------------------------------------------------- retries and counts


class Counter(Middleware):
    def __init__(self, stage: int) -> None:
        self.stage = stage
        self.requests = 0
        self.responses: list[int] = []

    def on_request(self, request: Request) -> None:
        self.requests += 1

    def on_response(self, request: Request, response: Response) -> None:
        self.responses.append(response.status)


def test_per_call_once_per_attempt_every_time_under_retries() -> None:
    per_call, per_attempt = Counter(Stage.PER_CALL), Counter(Stage.PER_ATTEMPT)
    transport = RecordingTransport(500, 503, 200)
    client = make_client(transport, middleware=[per_attempt, per_call], retry=FAST_RETRY)
    assert client.request("GET", "/x").status == 200
    assert len(transport.sent) == 3
    assert per_call.requests == 1 and per_call.responses == [200]
    assert per_attempt.requests == 3 and per_attempt.responses == [500, 503, 200]
    assert len(transport.sleeps) == 2


def test_attempt_number_in_context() -> None:
    attempts: list[int] = []

    class Spy(Middleware):
        stage = Stage.PER_ATTEMPT

        def on_request(self, request: Request) -> None:
            attempts.append(request.context["attempt"])

    client = make_client(RecordingTransport(500, 500, 200), middleware=[Spy()], retry=FAST_RETRY)
    client.request("GET", "/x")
    assert attempts == [1, 2, 3]


def test_per_attempt_edits_do_not_accumulate() -> None:
    class AppendHeader(Middleware):
        stage = Stage.PER_ATTEMPT

        def on_request(self, request: Request) -> None:
            request.headers["X-Trace"] = request.headers.get("X-Trace", "") + "x"

    transport = RecordingTransport(500, 500, 200)
    client = make_client(transport, middleware=[AppendHeader()], retry=FAST_RETRY)
    client.request("GET", "/x")
    assert [headers["X-Trace"] for _, _, headers in transport.sent] == ["x", "x", "x"]


def test_retry_none_sends_once() -> None:
    transport = RecordingTransport(503, 200)
    client = make_client(transport, retry=None)
    with pytest.raises(TwilioRestError) as info:
        client.request("GET", "/x")
    assert info.value.status == 503
    assert len(transport.sent) == 1 and transport.sleeps == []


def test_max_attempts_bounds_retries() -> None:
    transport = RecordingTransport(*([500] * 10))
    client = make_client(transport, retry=RetryPolicy(max_attempts=3, backoff_factor=0.001, jitter=False))
    with pytest.raises(TwilioRestError):
        client.request("GET", "/x")
    assert len(transport.sent) == 3


# --------------------------------------------------------------------------- WrapMiddleware and on_error


def test_wrap_middleware_can_short_circuit() -> None:
    class Cache(WrapMiddleware):
        stage = Stage.PER_CALL

        def __init__(self) -> None:
            self.store: dict[str, Response] = {}

        def handle(self, request: Request, call_next: Callable[[Request], Response]) -> Response:
            if request.url in self.store:
                return self.store[request.url]
            response = call_next(request)
            self.store[request.url] = response
            return response

    transport = RecordingTransport()
    client = make_client(transport, middleware=[Cache()])
    first = client.request("GET", "/x")
    second = client.request("GET", "/x")
    assert first is second
    assert len(transport.sent) == 1
    client.request("GET", "/y")
    assert len(transport.sent) == 2


def test_wrap_middleware_per_attempt_runs_each_attempt() -> None:
    calls: list[int] = []

    class Around(WrapMiddleware):
        stage = Stage.PER_ATTEMPT

        def handle(self, request: Request, call_next: Callable[[Request], Response]) -> Response:
            calls.append(request.context["attempt"])
            response = call_next(request)
            response.headers["x-wrapped"] = "yes"
            return response

    client = make_client(RecordingTransport(502, 200), middleware=[Around()], retry=FAST_RETRY)
    response = client.request("GET", "/x")
    assert calls == [1, 2]
    assert response.headers["x-wrapped"] == "yes"


def test_on_request_and_on_response_replacements() -> None:
    class Rewrite(Middleware):
        stage = Stage.PER_CALL

        def on_request(self, request: Request) -> Request:
            return Request(request.method, request.url + "?replaced=1", request.headers, request.body, request.context)

        def on_response(self, request: Request, response: Response) -> Response:
            return Response(299, response.headers, b"{}", request)

    transport = RecordingTransport()
    client = make_client(transport, middleware=[Rewrite()])
    response = client.request("GET", "/x")
    assert response.status == 299
    assert transport.sent[0][0].url.endswith("/x?replaced=1")


def test_on_error_sees_transport_error_and_cannot_swallow_it() -> None:
    seen: list[TwilioError] = []

    class Watch(Middleware):
        stage = Stage.PER_CALL

        def on_error(self, request: Request, error: TwilioError) -> None:
            seen.append(error)

    refused = TwilioConnectionError("GET http://127.0.0.1:9/x: connection refused", method="GET", url="http://127.0.0.1:9/x", sent=False)
    client = make_client(RecordingTransport(refused), middleware=[Watch()], retry=None)
    with pytest.raises(TwilioConnectionError) as info:
        client.request("GET", "/x")
    assert seen == [info.value]


def test_per_call_on_error_sees_only_the_final_error() -> None:
    seen: list[TwilioError] = []
    per_attempt_seen: list[TwilioError] = []

    class Watch(Middleware):
        def __init__(self, stage: int, into: list[TwilioError]) -> None:
            self.stage, self.into = stage, into

        def on_error(self, request: Request, error: TwilioError) -> None:
            self.into.append(error)

    errors = [TwilioConnectionError(f"refused {i}", sent=False) for i in range(3)]
    client = make_client(
        RecordingTransport(*errors),
        middleware=[Watch(Stage.PER_CALL, seen), Watch(Stage.PER_ATTEMPT, per_attempt_seen)],
        retry=RetryPolicy(max_attempts=3, backoff_factor=0.001, jitter=False),
    )
    with pytest.raises(TwilioConnectionError) as info:
        client.request("POST", "/x", data={"To": "+15005550006"})
    assert info.value is errors[-1]
    assert seen == [errors[-1]]
    assert per_attempt_seen == errors


def test_non_overridden_methods_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    class OnlyRequest(Middleware):
        stage = Stage.PER_CALL

        def on_request(self, request: Request) -> None:
            request.headers["X-Only"] = "1"

    class Nothing(Middleware):
        stage = Stage.PER_CALL

    transport = RecordingTransport(200, TwilioConnectionError("boom", sent=False))
    client = make_client(transport, middleware=[OnlyRequest(), Nothing()], retry=None)
    client.pipeline  # compose now, then make the base no-ops fail loudly if they are ever called
    called: list[str] = []
    monkeypatch.setattr(Middleware, "on_request", lambda self, request: called.append("on_request"))
    monkeypatch.setattr(Middleware, "on_response", lambda self, request, response: called.append("on_response"))
    monkeypatch.setattr(Middleware, "on_error", lambda self, request, error: called.append("on_error"))
    client.request("GET", "/x")
    with pytest.raises(TwilioConnectionError):
        client.request("GET", "/x")
    assert called == []
    assert transport.sent[0][2]["X-Only"] == "1"


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        (object(), "stage"),
        (type("NoStage", (), {"on_request": lambda self, r: None})(), "stage"),
        (type("Reserved", (Middleware,), {"stage": Stage.RETRY})(), "reserved"),
        (type("BoolStage", (Middleware,), {"stage": True})(), "stage"),
        (type("NotMiddleware", (), {"stage": 200})(), "not middleware"),
    ],
)
def test_invalid_middleware_rejected(bad: object, match: str) -> None:
    with pytest.raises(ConfigurationError, match=match):
        Pipeline(RecordingTransport(), [bad], None, Timeout())


# --------------------------------------------------------------------------- built-ins


def test_basic_auth_header() -> None:
    transport = RecordingTransport()
    make_client(transport).request("GET", "/x")
    headers = transport.sent[0][2]
    assert headers["Authorization"] == "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()


def test_auth_header_not_left_on_callers_request() -> None:
    transport = RecordingTransport()
    client = make_client(transport, middleware=[Tracer("t", Stage.PER_ATTEMPT)])
    request = client.build_request("GET", "/x")
    client.send(request)
    assert "Authorization" not in request.headers
    assert "Authorization" in transport.sent[0][2]


def test_user_agent_contents() -> None:
    transport = RecordingTransport()
    client = make_client(transport, user_agent_extensions=["my-app/2.1", "ci"])
    client.request("GET", "/x", product="twilio-messaging/0.3.0")
    ua = transport.sent[0][2]["User-Agent"]
    python = "Python/" + ".".join(map(str, sys.version_info[:3]))
    assert ua.startswith(f"twilio-core/{twilio_core.__version__} twilio-messaging/0.3.0 ")
    assert python in ua
    assert platform.system() in ua
    assert ua.endswith(" my-app/2.1 ci")
    assert transport.sent[0][2]["Accept"] == "application/json"


def test_user_agent_without_product() -> None:
    transport = RecordingTransport()
    make_client(transport).request("GET", "/x")
    ua = transport.sent[0][2]["User-Agent"]
    assert ua.startswith(f"twilio-core/{twilio_core.__version__} (")
    assert "twilio-messaging" not in ua


def test_explicit_user_agent_header_is_kept() -> None:
    transport = RecordingTransport()
    make_client(transport).request("GET", "/x", headers={"User-Agent": "custom/1"})
    assert transport.sent[0][2]["User-Agent"] == "custom/1"


def test_default_timeout_passed_to_transport() -> None:
    transport = RecordingTransport()
    make_client(transport).request("GET", "/x")
    assert transport.sent[0][1] == Timeout(connect=10, read=30)


def test_client_timeout_passed_to_transport() -> None:
    transport = RecordingTransport()
    make_client(transport, timeout=(2, 7)).request("GET", "/x")
    make_client(transport, timeout=4).request("GET", "/x")
    make_client(transport, timeout=None).request("GET", "/x")
    assert [t for _, t, _ in transport.sent] == [Timeout(connect=2, read=7), Timeout(4), Timeout(None)]


def test_per_request_timeout_overrides_client() -> None:
    transport = RecordingTransport()
    client = make_client(transport, timeout=9)
    client.request("GET", "/x", timeout=1.5)
    client.request("GET", "/x")
    assert transport.sent[0][1] == Timeout(1.5)
    assert transport.sent[1][1] == Timeout(9)


def test_raise_for_status_false_returns_error_response() -> None:
    transport = RecordingTransport(Response(404, {}, b'{"code": 20404, "message": "nope"}'))
    response = make_client(transport).request("GET", "/x", raise_for_status=False)
    assert response.status == 404
    assert response.request is not None and response.request.path == "/x"


def test_error_response_becomes_rest_error_with_request_info() -> None:
    body = b'{"code": 21211, "message": "Invalid To", "more_info": "https://www.twilio.com/docs/errors/21211"}'
    transport = RecordingTransport(Response(400, {"Content-Type": "application/json"}, body))
    with pytest.raises(TwilioRestError) as info:
        make_client(transport).request("POST", "/2010-04-01/Accounts/X/Messages.json", data={"To": "1"})
    error = info.value
    assert (error.status, error.code, error.method) == (400, 21211, "POST")
    assert error.uri == "http://127.0.0.1:9/2010-04-01/Accounts/X/Messages.json"


def test_pipeline_repr_lists_middleware() -> None:
    text = repr(make_client(RecordingTransport()).pipeline)
    assert text.startswith("<Pipeline UserAgent, BasicAuth, RequestLogger -> RecordingTransport")
    assert TOKEN not in text
