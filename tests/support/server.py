"""A scripted HTTP/1.1 server on 127.0.0.1 for tests that need real HTTP.

::

    with LoopbackServer() as server:
        server.queue(200, json={"sid": "SM1"})
        server.queue(503, stall=0.2)            # answer after 0.2 s
        server.queue(drop=True)                 # read the request, close without answering
        ... client calls server.url + "/path" ...
        assert server.requests[0].form() == {"To": ["+15550001111"]}
        assert server.connections_accepted == 1   # keep-alive reuse

Replies come from the queue first, then from ``handler`` (a callable taking the
:class:`RecordedRequest`), then from the default: a 200 echoing the request as
JSON (see :func:`echo`). Connections are kept alive unless the client or the
reply asks to close.
"""

from __future__ import annotations

import json as jsonlib
import socket
import struct
import traceback
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Union
from urllib.parse import parse_qs

from .listener import Listener
from .tls import TLSFiles

__all__ = ["LoopbackServer", "Reply", "RecordedRequest", "echo", "HandlerResult"]

_MAX_LINE = 65536
_MAX_HEADERS = 200


@dataclass
class RecordedRequest:
    """One request as the server read it. ``headers`` has lower-cased names (repeats joined by ", ")."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    connection_id: int
    raw_headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The path without the query (for an absolute-form target, as sent to a proxy, the path part)."""
        target = self.target
        if "://" in target:
            rest = target.split("://", 1)[1]
            target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return target.split("?", 1)[0]

    @property
    def query(self) -> str:
        return self.target.split("?", 1)[1] if "?" in self.target else ""

    def query_params(self) -> dict[str, list[str]]:
        """The query string as ``{name: [values]}``."""
        return parse_qs(self.query, keep_blank_values=True)

    def form(self) -> dict[str, list[str]]:
        """The body parsed as ``application/x-www-form-urlencoded`` as ``{name: [values]}``."""
        return parse_qs(self.body.decode("utf-8"), keep_blank_values=True)

    def json(self) -> Any:
        return jsonlib.loads(self.body)


@dataclass
class Reply:
    """What the server does with one request.

    ``json`` (if not ``None``) becomes the body with ``Content-Type: application/json``.
    ``stall``: seconds to wait before answering (cut short when the server stops).
    ``drop``: ``True`` closes the connection after reading the request without
    answering; ``"reset"`` aborts it with a TCP RST. ``close``: answer with
    ``Connection: close`` and close. ``chunked``: send the body with chunked
    transfer encoding instead of ``Content-Length``.
    """

    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] | list[tuple[str, str]] | None = None
    json: Any = None
    stall: float = 0.0
    drop: bool | str = False
    close: bool = False
    chunked: bool = False
    reason: str | None = None

    def encoded(self) -> tuple[list[tuple[str, str]], bytes]:
        headers = list(self.headers.items()) if isinstance(self.headers, dict) else list(self.headers or [])
        body = self.body.encode("utf-8") if isinstance(self.body, str) else self.body
        if self.json is not None:
            body = jsonlib.dumps(self.json).encode("utf-8")
            if not any(name.lower() == "content-type" for name, _ in headers):
                headers.append(("Content-Type", "application/json"))
        return headers, body


HandlerResult = Union[Reply, int, dict, list, tuple, bytes, str]


def coerce_reply(value: HandlerResult) -> Reply:
    """Accept a :class:`Reply`, a status, a JSON-able dict/list, bytes/str (200 body), or ``(status, body)`` / ``(status, headers, body)``."""
    if isinstance(value, Reply):
        return value
    if isinstance(value, bool):
        raise TypeError("a handler returned a bool; return a Reply, a status or a body")
    if isinstance(value, int):
        return Reply(status=value)
    if isinstance(value, (dict, list)):
        return Reply(json=value)
    if isinstance(value, (bytes, str)):
        return Reply(body=value)
    if isinstance(value, tuple):
        if len(value) == 2:
            status, body = value
            headers = None
        elif len(value) == 3:
            status, headers, body = value
        else:
            raise TypeError("a handler tuple must be (status, body) or (status, headers, body)")
        if isinstance(body, (dict, list)):
            return Reply(status=status, headers=headers, json=body)
        return Reply(status=status, headers=headers, body=body)
    raise TypeError(f"a handler returned {type(value).__name__}; return a Reply, a status, a dict or a tuple")


def echo(request: RecordedRequest) -> Reply:
    """The default handler: 200 with the request as JSON (method, path, query, headers, body text, connection id)."""
    return Reply(
        json={
            "method": request.method,
            "path": request.path,
            "query": request.query,
            "headers": request.headers,
            "body": request.body.decode("utf-8", "replace"),
            "connection_id": request.connection_id,
        }
    )


class LoopbackServer(Listener):
    """A threaded, keep-alive HTTP/1.1 server on 127.0.0.1 scripted per request.

    ``tls``: serve HTTPS with the certificate in these files (the client must
    trust :attr:`ca_pem_path`). ``handler``: answers requests the queue does not.
    Thread-safe: tests may queue replies and read :attr:`requests` while
    clients run.
    """

    def __init__(
        self,
        tls: TLSFiles | None = None,
        *,
        handler: Callable[[RecordedRequest], HandlerResult] | None = None,
        io_timeout: float = 10.0,
    ) -> None:
        super().__init__(tls=tls.server_context() if tls else None, io_timeout=io_timeout, name="loopback-http")
        self.tls_files = tls
        self.handler = handler
        self.scheme = "https" if tls else "http"
        self.url = f"{self.scheme}://127.0.0.1:{self.port}"
        self._replies: deque[Reply] = deque()
        self._requests: list[RecordedRequest] = []

    @property
    def ca_pem_path(self) -> str | None:
        """The CA certificate (PEM) a client must trust to talk to this server over TLS."""
        return self.tls_files.ca_pem if self.tls_files else None

    def queue(
        self,
        status: int = 200,
        *,
        json: Any = None,
        body: bytes | str = b"",
        headers: dict[str, str] | list[tuple[str, str]] | None = None,
        stall: float = 0.0,
        drop: bool | str = False,
        close: bool = False,
        chunked: bool = False,
    ) -> "LoopbackServer":
        """Queue the reply to the next unanswered request (replies are used in order)."""
        return self.queue_reply(
            Reply(status=status, json=json, body=body, headers=headers, stall=stall, drop=drop, close=close, chunked=chunked)
        )

    def queue_reply(self, reply: Reply) -> "LoopbackServer":
        with self._lock:
            self._replies.append(reply)
        return self

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request read so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def last_request(self) -> RecordedRequest:
        with self._lock:
            if not self._requests:
                raise AssertionError("the loopback server has received no request")
            return self._requests[-1]

    def url_for(self, path: str) -> str:
        return self.url + (path if path.startswith("/") else "/" + path)

    # ------------------------------------------------------------ serving

    def _next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self._requests.append(request)
            if self._replies:
                return self._replies.popleft()
            handler = self.handler or echo
        try:
            return coerce_reply(handler(request))
        except Exception as exc:  # a bug in the test's handler: answer 500 and keep it for the fixture
            with self._lock:
                self.errors.append(exc)
            return Reply(status=500, body="handler raised:\n" + "".join(traceback.format_exception(exc)))

    def serve(self, conn: socket.socket, conn_id: int) -> None:
        reader = conn.makefile("rb")
        try:
            while not self.stopping.is_set():
                request = read_request(reader, conn_id)
                if request is None:
                    return  # the client closed the connection
                reply = self._next_reply(request)
                if reply.stall and self.stopping.wait(reply.stall):
                    return
                if reply.drop:
                    if reply.drop == "reset":
                        # SO_LINGER 0: close() sends RST instead of FIN.
                        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                client_close = request.headers.get("connection", "").lower() == "close"
                close = reply.close or client_close
                conn.sendall(render_response(reply, close=close, head=request.method == "HEAD"))
                if close:
                    return
        finally:
            reader.close()


def read_request(reader: Any, conn_id: int) -> RecordedRequest | None:
    """Read one request (line, headers, Content-Length or chunked body); ``None`` at a clean end of stream."""
    line = reader.readline(_MAX_LINE)
    while line in (b"\r\n", b"\n"):  # tolerate stray CRLF between requests
        line = reader.readline(_MAX_LINE)
    if not line:
        return None
    parts = line.decode("latin-1").rstrip("\r\n").split(" ")
    if len(parts) != 3:
        raise ValueError(f"bad request line {line!r}")
    method, target, _version = parts
    raw_headers = read_headers(reader)
    headers: dict[str, str] = {}
    for name, value in raw_headers:
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    body = read_body(reader, headers)
    return RecordedRequest(method, target, headers, body, conn_id, raw_headers)


def read_headers(reader: Any) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    while True:
        line = reader.readline(_MAX_LINE)
        if not line:
            raise ValueError("connection closed inside the headers")
        if line in (b"\r\n", b"\n"):
            return headers
        name, sep, value = line.decode("latin-1").partition(":")
        if not sep:
            raise ValueError(f"bad header line {line!r}")
        headers.append((name.strip(), value.strip()))
        if len(headers) > _MAX_HEADERS:
            raise ValueError("too many headers")


def read_body(reader: Any, headers: dict[str, str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        chunks: list[bytes] = []
        while True:
            size = int(reader.readline(_MAX_LINE).split(b";")[0].strip(), 16)
            if size == 0:
                read_headers(reader)  # trailers
                return b"".join(chunks)
            chunks.append(_read_exact(reader, size))
            reader.readline(_MAX_LINE)
    length = int(headers.get("content-length", "0") or 0)
    return _read_exact(reader, length) if length else b""


def _read_exact(reader: Any, size: int) -> bytes:
    data = reader.read(size)
    if len(data) != size:
        raise ValueError("connection closed inside the body")
    return data


_REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found",
            400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            407: "Proxy Authentication Required", 429: "Too Many Requests", 500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def render_response(reply: Reply, *, close: bool, head: bool = False) -> bytes:
    """The bytes of a complete response to ``reply``."""
    headers, body = reply.encoded()
    reason = reply.reason or _REASONS.get(reply.status, "Status")
    lines = [f"HTTP/1.1 {reply.status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if reply.chunked:
        lines.append("Transfer-Encoding: chunked")
        payload = (f"{len(body):x}\r\n".encode() + body + b"\r\n" if body else b"") + b"0\r\n\r\n"
    else:
        lines.append(f"Content-Length: {len(body)}")
        payload = body
    if close:
        lines.append("Connection: close")
    head_bytes = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head_bytes if head else head_bytes + payload
