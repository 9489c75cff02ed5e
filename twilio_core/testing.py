"""Test doubles for code that uses twilio_core: :class:`MockTransport` and :func:`json_response`.

Give a client a :class:`MockTransport` and no request leaves the process; the
whole pipeline (auth, user agent, retries, error mapping, parsing) still runs::

    from twilio_core import Client
    from twilio_core.testing import MockTransport

    transport = MockTransport()
    transport.queue(201, json={"sid": "SM123", "status": "queued"})
    client = Client("AC" + "0" * 32, "token", transport=transport)

    client.request("POST", "/2010-04-01/Accounts/AC.../Messages.json", data={"To": "+15550001111"})

    sent = transport.last_request
    assert sent.method == "POST"
    assert sent.form() == {"To": ["+15550001111"]}

Replies come from the queue first (in order), then from the handler; with
neither, sending raises :class:`MockTransportExhausted` naming the request.
:meth:`MockTransport.sleep` records retry delays instead of sleeping, so tests
of retry behaviour run instantly. Thread-safe.

This module imports neither urllib3 nor pluggy.
"""

from __future__ import annotations

import json as jsonlib
import threading
from collections import deque
from typing import Any, Callable, Mapping, Union
from urllib.parse import parse_qs

from .http import Request, Response, Timeout
from .transports.base import Transport

__all__ = ["MockTransport", "MockTransportExhausted", "SentRequest", "json_response", "HandlerResult"]

#: What a handler may return; see :meth:`MockTransport.coerce`.
HandlerResult = Union[Response, Mapping[str, Any], list, tuple, int, bytes, str]

_UNSET: Any = object()


def json_response(status: int, data: Any, headers: Mapping[str, str] | None = None) -> Response:
    """A :class:`~twilio_core.http.Response` with ``data`` as a JSON body and ``Content-Type: application/json``."""
    merged = {"content-type": "application/json"}
    if headers:
        merged.update({name.lower(): value for name, value in headers.items()})
    return Response(status, merged, jsonlib.dumps(data).encode("utf-8"))


class MockTransportExhausted(AssertionError):
    """A request arrived but the queue was empty and there is no handler.

    An :class:`AssertionError` (a test failure, not a network error), so the
    pipeline never retries it and it reaches the test unchanged.
    """


class SentRequest(Request):
    """A request as the mock transport received it: a snapshot plus helpers to read it.

    ``headers`` are as sent (after auth and user-agent middleware); ``timeout``
    is the :class:`~twilio_core.http.Timeout` the pipeline passed.
    """

    __slots__ = ("timeout",)

    def __init__(self, request: Request, timeout: Timeout | None) -> None:
        super().__init__(request.method, request.url, dict(request.headers), request.body, request.context)
        self.timeout = timeout

    def header(self, name: str, default: str | None = None) -> str | None:
        """A header's value, matching the name without regard to case."""
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return default

    @property
    def query_string(self) -> str:
        return self.url.split("#", 1)[0].split("?", 1)[1] if "?" in self.url else ""

    def query(self) -> dict[str, list[str]]:
        """The URL's query string as ``{name: [values]}`` (repeated keys keep every value)."""
        return parse_qs(self.query_string, keep_blank_values=True)

    def form(self) -> dict[str, list[str]]:
        """The form-encoded body as ``{name: [values]}`` (empty when there is no body)."""
        return parse_qs((self.body or b"").decode("utf-8"), keep_blank_values=True)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return jsonlib.loads(self.body or b"null")

    def __repr__(self) -> str:
        return f"<SentRequest {self.method} {self.url}>"


class MockTransport(Transport):
    """A :class:`~twilio_core.transports.base.Transport` that answers from a script, for tests.

    ``handler`` (optional) is called with each request that the queue does not
    answer; it may return a :class:`~twilio_core.http.Response`, a dict or list
    (200 with that JSON), an ``int`` status, ``bytes``/``str`` (200 with that
    body), or a tuple ``(status, json_or_body)`` / ``(status, json_or_body, headers)``.
    It may also raise, e.g. :class:`~twilio_core.errors.TwilioConnectionError`
    to simulate a network failure.

    Recorded: :attr:`requests` (every :class:`SentRequest`, in order),
    :attr:`last_request`, :attr:`sleeps` (retry delays asked for) and
    :attr:`closed`.
    """

    def __init__(self, handler: Callable[[SentRequest], HandlerResult] | None = None) -> None:
        self.handler = handler
        self._lock = threading.Lock()
        self._script: deque[Response | BaseException] = deque()
        self._requests: list[SentRequest] = []
        self._sleeps: list[float] = []
        self.closed = False

    # ----------------------------------------------------------- scripting

    def queue(
        self,
        status: int = 200,
        *,
        json: Any = _UNSET,
        body: bytes | str = b"",
        headers: Mapping[str, str] | None = None,
    ) -> "MockTransport":
        """Queue the response to the next request; returns ``self`` so calls chain.

        ``json`` (any JSON-able value, ``None`` included) becomes the body with a
        JSON content type; otherwise ``body`` is sent as given.
        """
        if json is not _UNSET:
            response = json_response(status, json, headers)
        else:
            response = Response(status, headers, body.encode("utf-8") if isinstance(body, str) else body)
        with self._lock:
            self._script.append(response)
        return self

    def queue_response(self, response: Response) -> "MockTransport":
        """Queue a ready-made :class:`~twilio_core.http.Response`."""
        with self._lock:
            self._script.append(response)
        return self

    def queue_error(self, error: BaseException) -> "MockTransport":
        """Queue an exception for the next request to raise, e.g.
        ``TwilioConnectionError("refused", sent=False)`` or ``TwilioTimeoutError("slow", sent=True)``.
        """
        if not isinstance(error, BaseException):
            raise TypeError(f"queue_error() takes an exception instance, got {type(error).__name__}")
        with self._lock:
            self._script.append(error)
        return self

    @property
    def pending(self) -> int:
        """How many queued responses and errors have not been used yet."""
        with self._lock:
            return len(self._script)

    def reset(self) -> None:
        """Forget queued replies, recorded requests and sleeps (the handler stays)."""
        with self._lock:
            self._script.clear()
            self._requests.clear()
            self._sleeps.clear()

    # ------------------------------------------------------------ recording

    @property
    def requests(self) -> list[SentRequest]:
        """A snapshot list of every request sent so far, in order."""
        with self._lock:
            return list(self._requests)

    @property
    def last_request(self) -> SentRequest:
        """The most recent request; fails clearly if there was none."""
        with self._lock:
            if not self._requests:
                raise AssertionError("MockTransport has received no request")
            return self._requests[-1]

    @property
    def sleeps(self) -> list[float]:
        """Every delay the pipeline asked to sleep (between retries), in order."""
        with self._lock:
            return list(self._sleeps)

    # ------------------------------------------------------------ Transport

    def send(self, request: Request, timeout: Timeout) -> Response:
        """Record ``request`` and answer it from the queue, else the handler."""
        sent = SentRequest(request, timeout)
        with self._lock:
            self._requests.append(sent)
            number = len(self._requests)
            scripted = self._script.popleft() if self._script else None
            handler = self.handler
        if scripted is None:
            if handler is None:
                raise MockTransportExhausted(
                    f"MockTransport: no response queued for {request.method} {request.url} "
                    f"(request #{number}); queue one with .queue(status, json=...) or pass a handler"
                )
            response = self.coerce(handler(sent))
        elif isinstance(scripted, BaseException):
            raise scripted
        else:
            response = _fresh(scripted)
        response.request = request
        return response

    def sleep(self, seconds: float) -> None:
        """Record the delay instead of sleeping."""
        with self._lock:
            self._sleeps.append(seconds)

    def close(self) -> None:
        self.closed = True

    @staticmethod
    def coerce(value: HandlerResult) -> Response:
        """Turn a handler's return value into a :class:`~twilio_core.http.Response`."""
        if isinstance(value, Response):
            return value
        if isinstance(value, bool):
            raise TypeError("a MockTransport handler returned a bool; return a Response, a status, a dict or a tuple")
        if isinstance(value, int):
            return Response(value)
        if isinstance(value, (Mapping, list)):
            return json_response(200, value)
        if isinstance(value, (bytes, str)):
            return Response(200, None, value.encode("utf-8") if isinstance(value, str) else value)
        if isinstance(value, tuple) and len(value) in (2, 3):
            status, payload = value[0], value[1]
            headers = value[2] if len(value) == 3 else None
            if isinstance(payload, (Mapping, list)) or payload is None:
                return json_response(status, payload, headers)
            if isinstance(payload, str):
                payload = payload.encode("utf-8")
            return Response(status, headers, payload)
        raise TypeError(
            f"a MockTransport handler returned {type(value).__name__}; return a Response, a dict, an int, "
            "bytes, or a tuple (status, body[, headers])"
        )

    def __repr__(self) -> str:
        return f"<MockTransport requests={len(self._requests)} pending={self.pending}>"


def _fresh(response: Response) -> Response:
    """A queued response handed out once: a copy, so a test may queue the same object twice."""
    return Response(response.status, response.headers, response.body, None, response.reason)
