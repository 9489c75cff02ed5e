"""pytest fixtures for real HTTP over 127.0.0.1. Load them from ``tests/conftest.py``::

    from tests.support.fixtures import *  # noqa: F401,F403

Fixtures:

* ``loopback_server``: a started :class:`~tests.support.server.LoopbackServer` (HTTP).
* ``tls_server``: the same over HTTPS; trust ``tls_server.ca_pem_path``.
* ``tls_files``: the session's CA and server certificate files.
* ``make_loopback_server``: factory for more servers (``make_loopback_server(tls=True, handler=...)``).
* ``forward_proxy`` / ``make_forward_proxy``: a CONNECT/absolute-form proxy reaching 127.0.0.1 only.
* ``refused_url``: ``http://127.0.0.1:<port>`` where nothing listens (connection refused).

Every server is stopped at teardown (threads joined, bounded); a handler that
raised during the test fails the test at teardown with its traceback.
"""

from __future__ import annotations

import socket
import traceback
from typing import Any, Callable, Iterator

import pytest

from .proxy import ForwardProxy
from .server import LoopbackServer
from .tls import TLSFiles, make_tls_files

__all__ = [
    "tls_files",
    "loopback_server",
    "tls_server",
    "make_loopback_server",
    "forward_proxy",
    "make_forward_proxy",
    "refused_url",
]


def _stop_all(listeners: list[Any]) -> None:
    problems: list[str] = []
    for listener in listeners:
        try:
            listener.stop()
        except RuntimeError as exc:
            problems.append(str(exc))
        for error in listener.errors:
            problems.append("".join(traceback.format_exception(error)))
    if problems:
        pytest.fail("loopback test server problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TLSFiles:
    """A CA and a 127.0.0.1/localhost server certificate, made once per session."""
    return make_tls_files(tmp_path_factory.mktemp("loopback-tls"))


@pytest.fixture
def make_loopback_server(tls_files: TLSFiles) -> Iterator[Callable[..., LoopbackServer]]:
    """Factory: ``make_loopback_server(tls=False, handler=None, io_timeout=10.0)`` → a started server."""
    servers: list[LoopbackServer] = []

    def make(*, tls: bool = False, handler: Any = None, io_timeout: float = 10.0) -> LoopbackServer:
        server = LoopbackServer(tls_files if tls else None, handler=handler, io_timeout=io_timeout)
        servers.append(server)
        server.start()
        return server

    yield make
    _stop_all(servers)


@pytest.fixture
def loopback_server(make_loopback_server: Callable[..., LoopbackServer]) -> LoopbackServer:
    """A started plain-HTTP loopback server (``.url``, ``.queue()``, ``.requests``, ``.connections_accepted``)."""
    return make_loopback_server()


@pytest.fixture
def tls_server(make_loopback_server: Callable[..., LoopbackServer]) -> LoopbackServer:
    """A started HTTPS loopback server; a client must trust ``tls_server.ca_pem_path``."""
    return make_loopback_server(tls=True)


@pytest.fixture
def make_forward_proxy() -> Iterator[Callable[..., ForwardProxy]]:
    """Factory: ``make_forward_proxy(credentials="user:pass")`` → a started proxy."""
    proxies: list[ForwardProxy] = []

    def make(*, credentials: str | None = None) -> ForwardProxy:
        proxy = ForwardProxy(credentials=credentials)
        proxies.append(proxy)
        proxy.start()
        return proxy

    yield make
    _stop_all(proxies)


@pytest.fixture
def forward_proxy(make_forward_proxy: Callable[..., ForwardProxy]) -> ForwardProxy:
    """A started forward proxy without authentication."""
    return make_forward_proxy()


@pytest.fixture
def refused_url() -> Iterator[str]:
    """A 127.0.0.1 URL whose port is bound but not listening, so connecting is refused (and no one else can take it)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()
