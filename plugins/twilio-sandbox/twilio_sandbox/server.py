"""The HTTP side: the standard library's threading HTTP server, with a shutdown that ends.

``ThreadingHTTPServer`` alone would leave idle keep-alive connections (the SDK's
connection pool keeps them open) blocking their threads at shutdown. This
server tracks every connection and its thread, closes the connections when
stopped and joins the threads within a deadline.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .engine import ApiRequest, Engine
from .errors import ApiError, error_body
from .routes import match

__all__ = ["SandboxHTTPServer"]

log = logging.getLogger("twilio_sandbox.http")

MAX_BODY = 1 << 20  # Twilio's form bodies are small; refuse anything over 1 MiB


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "twilio-sandbox"
    sys_version = ""
    timeout = 60  # seconds an idle keep-alive connection may stay open
    # Buffer writes so headers and body leave in one segment (the base class flushes after
    # each request); two small writes would meet Nagle and delayed ACK: ~40 ms a response.
    wbufsize = 1 << 16
    server: "SandboxHTTPServer"

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # requests are logged by _handle, without headers (they carry credentials)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise ApiError(411, 20001, "Chunked request bodies are not supported; send Content-Length")
        raw = self.headers.get("Content-Length")
        if not raw:
            return b""
        try:
            length = int(raw)
        except ValueError:
            raise ApiError(400, 20001, "Content-Length is not a number") from None
        if length < 0 or length > MAX_BODY:
            if 0 < length <= 4 * MAX_BODY:
                self._discard(length)  # read it, so the client gets the 413 instead of a reset
            else:
                self.close_connection = True  # the unread body would be taken for the next request
            raise ApiError(413, 20001, f"Request body too large (at most {MAX_BODY} bytes)")
        return self.rfile.read(length)

    def _discard(self, length: int) -> None:
        while length > 0:
            chunk = self.rfile.read(min(length, 1 << 16))
            if not chunk:
                break
            length -= len(chunk)

    def _handle(self) -> None:
        started = time.monotonic()
        engine = self.server.engine
        status, body = 500, None
        try:
            parts = urlsplit(self.path)
            payload = self._read_body()
            route, handler, params, prefix, api_path = match(self.command, parts.path)
            account = ""
            if route.auth:
                account = engine.authenticate(self.headers.get("Authorization"))
                if params.get("AccountSid", account) != account:
                    raise ApiError(401, 20003, "Authenticate", "The AccountSid in the URL does not match the credentials.")
            form: dict[str, list[str]] = {}
            if payload:
                content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
                if content_type not in ("", "application/x-www-form-urlencoded"):
                    raise ApiError(415, 20001, f"Unsupported Content-Type {content_type!r}: send a form body")
                form = parse_qs(payload.decode("utf-8", "replace"), keep_blank_values=True)
            query = parse_qs(parts.query, keep_blank_values=True)
            host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
            request = ApiRequest(self.command, api_path, query, form, params, account, f"http://{host}{prefix}")
            status, body = handler(engine, request)
        except ApiError as error:
            status, body = error.status, error.body()
        except Exception:  # a bug: answer like Twilio's 500, keep serving
            log.exception("twilio-sandbox: error handling %s %s", self.command, self.path.split("?")[0])
            status, body = 500, error_body(500, 20500, "An internal server error has occurred")
        self._send(status, body)
        log.info("%s %s %d (%.1f ms)", self.command, self.path.split("?")[0], status, (time.monotonic() - started) * 1000)

    def _send(self, status: int, body: Any) -> None:
        data = b"" if body is None else json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Twilio-Request-Id", "RQ" + uuid.uuid4().hex)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="Twilio API"')
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if data and self.command != "HEAD":
            self.wfile.write(data)


class SandboxHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server for one :class:`~twilio_sandbox.engine.Engine`, stoppable within a deadline."""

    daemon_threads = True
    block_on_close = False  # stop() joins the threads itself, with a deadline

    def __init__(self, address: tuple[str, int], engine: Engine) -> None:
        self.engine = engine
        self._tracked_lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._workers: set[threading.Thread] = set()
        self._serve_thread: threading.Thread | None = None
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        worker = threading.Thread(
            target=self._work, args=(request, client_address), name="twilio-sandbox-http", daemon=True
        )
        with self._tracked_lock:
            self._connections.add(request)
            self._workers.add(worker)
        worker.start()

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._tracked_lock:
                self._connections.discard(request)
                self._workers.discard(threading.current_thread())

    def start(self) -> None:
        self._serve_thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.1}, name="twilio-sandbox-server", daemon=True
        )
        self._serve_thread.start()

    def stop(self, timeout: float) -> bool:
        """Stop accepting, close open connections, join every thread; False if one outlived ``timeout``."""
        deadline = time.monotonic() + timeout
        if self._serve_thread is not None:
            self.shutdown()
            self._serve_thread.join(max(0.0, deadline - time.monotonic()))
        self.server_close()
        with self._tracked_lock:
            connections, workers = list(self._connections), list(self._workers)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked reading a keep-alive connection
            except OSError:
                pass
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        alive = [w for w in workers if w.is_alive()]
        serving = self._serve_thread is not None and self._serve_thread.is_alive()
        return not alive and not serving
