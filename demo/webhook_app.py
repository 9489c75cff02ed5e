"""The demo's webhook app: a small HTTP server on 127.0.0.1 that checks every request's
``X-Twilio-Signature`` with :class:`twilio_core.RequestValidator` before it answers.

It stands for the web app a Twilio user runs: Twilio (here, the sandbox) POSTs status
callbacks to it and asks it for a call's TwiML. Requests with a valid signature are answered
by the route's handler; any other gets 403 and nothing else. Every request is recorded with
the validation result so the demo can print and count them.

Standard library only (``http.server``), so the whole exchange is visible in two files.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Mapping
from urllib.parse import parse_qsl, urlsplit

from twilio_core import RequestValidator

#: A route handler: the validated form parameters in, (content type, body) out.
Handler = Callable[[Mapping[str, str]], "tuple[str, str]"]


class DemoFailure(Exception):
    """A demo step did not do what it should; the message says what and why."""


@dataclass
class Hook:
    """One request the app received."""

    path: str
    params: dict[str, str]
    valid: bool
    signature: str | None = None
    answered: str = ""  # the body the app sent back (TwiML for the voice route)
    at: float = field(default_factory=time.monotonic)


class WebhookApp:
    """``routes`` maps a path to a :data:`Handler`; unknown paths answer an empty 204.

    Use as a context manager, or :meth:`start` / :meth:`stop`. Stopping joins every thread
    the app started (each connection is closed after one request: HTTP/1.0).
    """

    def __init__(self, auth_token: str, routes: Mapping[str, Handler]) -> None:
        self._validator = RequestValidator(auth_token)
        self._routes = dict(routes)
        self._cond = threading.Condition()
        self.hooks: list[Hook] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------
    def start(self) -> "WebhookApp":
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        # Non-daemon request threads, joined by server_close(): nothing outlives stop().
        self._server.daemon_threads = False
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="demo-webhook-app")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
        self._server = None

    def __enter__(self) -> "WebhookApp":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "the webhook app is not running"
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        """The public URL of ``path``: what Twilio is told, and what signatures are computed over."""
        return f"http://127.0.0.1:{self.port}{path}"

    # -- what came in -----------------------------------------------------------------
    def wait(self, path: str, count: int, what: str, timeout: float = 5.0) -> list[Hook]:
        """The first ``count`` requests to ``path``; :class:`DemoFailure` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = [h for h in self.hooks if h.path == path]
                if len(got) >= count:
                    return got[:count]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise DemoFailure(f"waited {timeout:g} s for {what} on {path}: got {len(got)} of {count}")
                self._cond.wait(remaining)

    def counts(self) -> tuple[int, int]:
        """(requests with a valid signature, requests rejected)."""
        with self._cond:
            valid = sum(h.valid for h in self.hooks)
            return valid, len(self.hooks) - valid

    # -- the HTTP side ----------------------------------------------------------------------
    def _receive(self, path_and_query: str, body: bytes, signature: str | None) -> tuple[int, str, str]:
        path = urlsplit(path_and_query).path
        params = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        # The signature covers the full URL Twilio requested plus the POSTed form parameters.
        valid = self._validator.validate(f"http://127.0.0.1:{self.port}{path_and_query}", params, signature)
        hook = Hook(path, params, valid, signature)
        if not valid:
            status, ctype, text = 403, "text/plain", "invalid X-Twilio-Signature\n"
        elif path in self._routes:
            ctype, text = self._routes[path](params)
            status = 200
        else:
            status, ctype, text = 204, "text/plain", ""
        hook.answered = text if valid else ""
        with self._cond:
            self.hooks.append(hook)
            self._cond.notify_all()
        return status, ctype, text

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        app = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection: no idle keep-alive threads

            def log_message(self, format: str, *args: object) -> None:  # the demo prints its own transcript
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, ctype, text = app._receive(self.path, body, self.headers.get("X-Twilio-Signature"))
                data = text.encode()
                self.send_response(status)
                if status != 204:
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if status != 204:
                    self.wfile.write(data)

        return RequestHandler
