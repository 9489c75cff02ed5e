"""A threaded TCP listener on 127.0.0.1 that stops cleanly: the base of the test server and proxy.

One accept thread plus one thread per connection. ``stop()`` closes the
listening socket, shuts down every open connection (which wakes threads
blocked in ``recv``), wakes stalled handlers through :attr:`stopping`, and
joins every thread within a bounded time, failing loudly if one is stuck.
"""

from __future__ import annotations

import select
import socket
import ssl
import threading
import time
from typing import Callable

__all__ = ["Listener"]


class Listener:
    """Accept connections on ``127.0.0.1:<free port>`` and run ``serve(conn, conn_id)`` for each in a thread.

    ``tls`` is an optional server :class:`ssl.SSLContext`; the handshake runs in
    the connection's thread, so a client that never completes it blocks only
    that thread (for at most ``io_timeout``). Failed handshakes are counted in
    :attr:`tls_failures`, not raised.
    """

    def __init__(self, *, tls: ssl.SSLContext | None = None, io_timeout: float = 10.0, name: str = "listener") -> None:
        self._tls = tls
        self.io_timeout = io_timeout
        self._name = name
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(128)
        self.host = "127.0.0.1"
        self.port: int = self._sock.getsockname()[1]
        self._lock = threading.Lock()
        self._conns: dict[int, socket.socket] = {}
        self._threads: list[threading.Thread] = []
        #: Set when stopping: handlers wait on it instead of ``time.sleep`` so stop never waits out a stall.
        self.stopping = threading.Event()
        self.connections_accepted = 0
        self.tls_failures = 0
        #: Exceptions raised by ``serve`` (bugs in a test's handler), checked by the fixtures.
        self.errors: list[BaseException] = []
        self._accept_thread: threading.Thread | None = None

    # ---------------------------------------------------------------- life

    def start(self) -> "Listener":
        """Start accepting (idempotent)."""
        if self._accept_thread is None:
            self._accept_thread = threading.Thread(target=self._accept_loop, name=f"{self._name}-accept", daemon=True)
            self._accept_thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop accepting, close every connection and join every thread (at most ``timeout`` seconds)."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        deadline = time.monotonic() + timeout
        if self._accept_thread is not None:
            self._accept_thread.join(max(0.0, deadline - time.monotonic()))
        self._sock.close()
        with self._lock:
            conns = list(self._conns.values())
            threads = list(self._threads)
        for conn in conns:
            _shutdown(conn)
        stuck = []
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                stuck.append(thread.name)
        if self._accept_thread is not None and self._accept_thread.is_alive():
            stuck.append(self._accept_thread.name)
        if stuck:
            raise RuntimeError(f"{self._name}: threads still running after {timeout} s: {', '.join(stuck)}")

    def __enter__(self) -> "Listener":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def address(self) -> tuple[str, int]:
        return (self.host, self.port)

    # ----------------------------------------------------------- internals

    def serve(self, conn: socket.socket, conn_id: int) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _accept_loop(self) -> None:
        while not self.stopping.is_set():
            # select with a short timeout: stop() is noticed within 50 ms.
            ready, _, _ = select.select([self._sock], [], [], 0.05)
            if not ready:
                continue
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            with self._lock:
                self.connections_accepted += 1
                conn_id = self.connections_accepted
                self._conns[conn_id] = conn
                # Forget finished threads so a long test does not pile them up.
                self._threads = [t for t in self._threads if t.is_alive()]
                thread = threading.Thread(
                    target=self._run, args=(conn, conn_id), name=f"{self._name}-conn{conn_id}", daemon=True
                )
                self._threads.append(thread)
            thread.start()

    def _run(self, conn: socket.socket, conn_id: int) -> None:
        try:
            conn.settimeout(self.io_timeout)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self._tls is not None:
                try:
                    conn = self._tls.wrap_socket(conn, server_side=True)
                except (OSError, ssl.SSLError):
                    with self._lock:
                        self.tls_failures += 1
                    return
                with self._lock:
                    self._conns[conn_id] = conn
            if self.stopping.is_set():
                return
            self.serve(conn, conn_id)
        except (OSError, ssl.SSLError, ValueError):
            pass  # the peer went away or stop() shut the socket: normal for a test server
        except BaseException as exc:  # a bug in a test's handler: keep it for the fixture to report
            with self._lock:
                self.errors.append(exc)
        finally:
            with self._lock:
                self._conns.pop(conn_id, None)
            try:
                conn.close()
            except OSError:
                pass


def _shutdown(conn: socket.socket) -> None:
    """Shut a socket down both ways (wakes a thread blocked reading it) without the TLS layer's own shutdown."""
    try:
        socket.socket.shutdown(conn, socket.SHUT_RDWR)
    except OSError:
        pass


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0, interval: float = 0.01) -> bool:
    """Poll ``predicate`` until true or ``timeout``; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
