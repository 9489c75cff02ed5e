"""Helpers for the sandbox tests: contract checking of every response, raw HTTP, a webhook app
on 127.0.0.1 that records what it gets, and signature checks.

Contract checking: ``ContractCheck`` is client middleware that validates each
response body with ``validate_response`` from ``../shared/contract/twilio_contract.py``
(success bodies against the operation's schema, error bodies against Twilio's
error shape) and records every problem; the fixture fails the test at teardown
if any response broke the contract, so no sandbox answer goes unchecked.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit


from twilio_core import RequestValidator
from twilio_core.middleware import Middleware, Stage

_CONTRACT = Path(__file__).resolve().parents[3] / ".." / "shared" / "contract" / "twilio_contract.py"


def _load_contract() -> Any:
    spec = importlib.util.spec_from_file_location("twilio_contract", _CONTRACT.resolve())
    assert spec and spec.loader, f"cannot load {_CONTRACT}"
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("twilio_contract", module)
    spec.loader.exec_module(module)
    return module


tc = _load_contract()


def twilio_url(url: str) -> str:
    """The real Twilio URL a sandbox URL stands for (either base-URL form)."""
    parts = urlsplit(url)
    path = parts.path
    for prefix in ("/api/", "/video/"):
        if path.startswith(prefix):
            path = path[len(prefix) - 1:]
            break
    host = "api.twilio.com" if path.startswith("/2010-04-01/") else "video.twilio.com"
    return f"https://{host}{path}" + (f"?{parts.query}" if parts.query else "")


def contract_problems(method: str, url: str, status: int, body: Any) -> list[str]:
    """Why a sandbox response breaks Twilio's contract (empty when it does not)."""
    if status >= 400:
        problems = []
        if not isinstance(body, dict):
            return [f"{status} error without a JSON object body: {body!r}"]
        if not isinstance(body.get("code"), int):
            problems.append(f"error code is not an integer: {body.get('code')!r}")
        if not isinstance(body.get("message"), str) or not body["message"]:
            problems.append("error message missing")
        if body.get("status") != status:
            problems.append(f"error body status {body.get('status')!r} != HTTP {status}")
        if body.get("more_info") != f"https://www.twilio.com/docs/errors/{body.get('code')}":
            problems.append(f"more_info is {body.get('more_info')!r}")
        return problems
    op = tc.find_operation(method, twilio_url(url))
    if op is None:
        if "/_sandbox/" in url:
            return []
        return [f"no Twilio operation for {method} {twilio_url(url)}"]
    return [str(p) for p in tc.validate_response(op, status, body)]


class ContractCheck(Middleware):
    """Checks every response against the contract; problems are kept for the fixture to report."""

    stage = Stage.PER_ATTEMPT

    def __init__(self) -> None:
        self.checked = 0
        self.problems: list[str] = []
        self._lock = threading.Lock()

    def on_response(self, request: Any, response: Any) -> None:
        body = response.json() if response.body else None
        problems = contract_problems(request.method, request.url, response.status, body)
        with self._lock:
            self.checked += 1
            self.problems += [f"{request.method} {request.url} -> {response.status}: {p}" for p in problems]
        return None


class StrictContract(ContractCheck):
    """Like ContractCheck, but fails the request at once (for clients made outside the fixtures)."""

    def on_response(self, request: Any, response: Any) -> None:
        super().on_response(request, response)
        assert not self.problems, "sandbox response broke Twilio's contract: " + "; ".join(self.problems)
        return None


def raw_request(
    method: str, url: str, *, auth: tuple[str, str] | None = None, data: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None, body: bytes | None = None, check: bool = True,
) -> tuple[int, dict[str, str], Any]:
    """Plain urllib request (no SDK); the answer is contract-checked unless ``check=False``."""
    hdrs = dict(headers or {})
    if auth:
        hdrs["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    payload = body
    if data is not None:
        from urllib.parse import urlencode

        payload = urlencode(data, doseq=True).encode()
        hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded")
    request = urllib.request.Request(url, data=payload, headers=hdrs, method=method)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            status, rheaders, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, rheaders, raw = error.code, dict(error.headers), error.read()
        error.close()
    parsed = json.loads(raw) if raw else None
    if check:
        problems = contract_problems(method, url, status, parsed)
        assert not problems, f"{method} {url} -> {status}: {problems}"
    return status, rheaders, parsed


@dataclass
class Received:
    """One request the webhook app got."""

    method: str
    url: str  # as the sender requested it: http://127.0.0.1:PORT/path?query
    path: str
    headers: dict[str, str]
    form: dict[str, str]
    at: float = field(default_factory=time.time)

    @property
    def signature(self) -> str | None:
        return self.headers.get("X-Twilio-Signature")


class WebhookApp:
    """A tiny app on 127.0.0.1 that records webhooks and answers per path.

    ``answers[path] = (status, content_type, body)`` or a callable taking the
    :class:`Received` and returning that tuple; unknown paths get 200 and an
    empty ``<Response/>``.
    """

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answers: dict[str, Any] = {}
        self._cond = threading.Condition()
        app = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                path = urlsplit(self.path).path
                got = Received(self.command, f"http://127.0.0.1:{app.port}{self.path}", path, dict(self.headers), form)
                answer = app.answers.get(path, (200, "application/xml", "<Response/>"))
                if callable(answer):
                    answer = answer(got)
                status, ctype, text = answer
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                with app._cond:
                    app.received.append(got)
                    app._cond.notify_all()

            do_GET = do_POST = _any

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self, count: int, path: str | None = None, timeout: float = 5.0) -> list[Received]:
        """At least ``count`` requests (to ``path``), waiting up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = [r for r in self.received if path is None or r.path == path]
                if len(got) >= count:
                    return got
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} webhook(s) to {path or 'any path'}, got {len(got)}: {got}")
                self._cond.wait(remaining)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def assert_signed(received: Received, auth_token: str) -> None:
    """The request carries a valid X-Twilio-Signature for ``auth_token`` (checked by the SDK's validator)."""
    validator = RequestValidator(auth_token)
    params = received.form if received.method == "POST" else {}
    outcome = validator.check(received.url, params, received.signature)
    assert outcome == "valid", f"{received.method} {received.url}: {outcome}"


def wait_for(predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError("condition not met in time")
