"""Review: a webhook's answer is waited for at most ``webhook_timeout`` in all.

The timeout was a per-socket-operation one, so an app that trickles its answer (a byte
every so often) kept the sandbox's clock thread, and so every later transition, webhook
and ``Sandbox.stop()``, waiting far longer than ``webhook_timeout``. Twilio gives up on
a slow webhook after a fixed total time.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Iterator

import pytest

from twilio_sandbox.webhooks import WebhookSender


@pytest.fixture()
def trickling_app() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that answers 200 and then sends its body a byte every 0.1 s."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)
    stop = threading.Event()

    def serve() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n")
                for _ in range(100):
                    if stop.wait(0.1):
                        return
                    conn.sendall(b"x")
            except OSError:
                return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
    finally:
        stop.set()
        listener.close()
        thread.join(5)
        assert not thread.is_alive()


def test_trickled_answer_is_cut_off_at_the_timeout(trickling_app: str) -> None:
    sender = WebhookSender("a" * 32, timeout=0.5)
    started = time.monotonic()
    record = sender.send("message-status", "SM" + "0" * 32, trickling_app, "POST", {"MessageStatus": "sent"})
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, f"waited {elapsed:.1f} s for a webhook with a 0.5 s timeout"
    assert record.error is not None and "timed out" in record.error
    assert not record.ok
