"""A tiny forward proxy on 127.0.0.1 for proxy tests: CONNECT tunnels and absolute-form HTTP.

It only ever connects to 127.0.0.1 (anything else gets 403), records every
request it receives (so a test can see ``CONNECT 127.0.0.1:port`` and the
``Proxy-Authorization`` header), and can require credentials (407 otherwise).
Plain-HTTP requests are forwarded with ``Connection: close``.
"""

from __future__ import annotations

import base64
import select
import socket
from typing import Any

from .listener import Listener
from .server import RecordedRequest, Reply, read_request, render_response

__all__ = ["ForwardProxy"]

_ALLOWED_HOSTS = ("127.0.0.1", "localhost")


class ForwardProxy(Listener):
    """Forward proxy for tests. ``credentials="user:password"`` makes it demand Basic proxy auth."""

    def __init__(self, *, credentials: str | None = None, io_timeout: float = 10.0) -> None:
        super().__init__(io_timeout=io_timeout, name="loopback-proxy")
        self.url = f"http://127.0.0.1:{self.port}"
        self._expected_auth = (
            "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii") if credentials else None
        )
        self._requests: list[RecordedRequest] = []

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request the proxy received (``CONNECT host:port`` or absolute-form), in order."""
        with self._lock:
            return list(self._requests)

    def url_with_credentials(self, user: str, password: str) -> str:
        return f"http://{user}:{password}@127.0.0.1:{self.port}"

    def serve(self, conn: socket.socket, conn_id: int) -> None:
        reader = conn.makefile("rb")
        try:
            request = read_request(reader, conn_id)
            if request is None:
                return
            with self._lock:
                self._requests.append(request)
            if self._expected_auth and request.headers.get("proxy-authorization") != self._expected_auth:
                reply = Reply(407, headers={"Proxy-Authenticate": 'Basic realm="test"'}, body="proxy auth required")
                conn.sendall(render_response(reply, close=True))
                return
            if request.method == "CONNECT":
                self._tunnel(conn, request)
            else:
                self._forward(conn, request)
        finally:
            reader.close()

    def _upstream(self, conn: socket.socket, host: str, port: int) -> socket.socket | None:
        if host not in _ALLOWED_HOSTS:
            conn.sendall(render_response(Reply(403, body="this test proxy only reaches 127.0.0.1"), close=True))
            return None
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=self.io_timeout)
        except OSError:
            conn.sendall(render_response(Reply(502, body="upstream refused"), close=True))
            return None

    def _tunnel(self, conn: socket.socket, request: RecordedRequest) -> None:
        host, _, port = request.target.rpartition(":")
        upstream = self._upstream(conn, host.strip("[]"), int(port))
        if upstream is None:
            return
        with upstream:
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self._relay(conn, upstream, both_ways=True)

    def _forward(self, conn: socket.socket, request: RecordedRequest) -> None:
        if "://" not in request.target:
            conn.sendall(render_response(Reply(400, body="expected an absolute-form request"), close=True))
            return
        netloc = request.target.split("://", 1)[1].split("/", 1)[0]
        host, _, port = netloc.rpartition(":") if ":" in netloc else (netloc, "", "80")
        upstream = self._upstream(conn, host, int(port))
        if upstream is None:
            return
        with upstream:
            origin_form = request.path + (f"?{request.query}" if request.query else "")
            lines = [f"{request.method} {origin_form} HTTP/1.1"]
            for name, value in request.raw_headers:
                if name.lower() in ("connection", "proxy-connection", "proxy-authorization", "transfer-encoding", "content-length"):
                    continue
                lines.append(f"{name}: {value}")
            lines += [f"Content-Length: {len(request.body)}", "Connection: close"]
            upstream.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + request.body)
            self._relay(conn, upstream, both_ways=False)

    def _relay(self, client: socket.socket, upstream: socket.socket, *, both_ways: bool) -> None:
        """Copy bytes until either side closes (or the proxy stops); polls so stop() is noticed quickly."""
        sockets: list[Any] = [client, upstream] if both_ways else [upstream]
        while not self.stopping.is_set():
            ready, _, _ = select.select(sockets, [], [], 0.05)
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    return
                (upstream if sock is client else client).sendall(data)
