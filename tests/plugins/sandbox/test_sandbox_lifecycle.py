"""Starting, stopping (no thread left behind, bounded), persistence in SQLite, clocks and waits."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from twilio_sandbox import Sandbox, SandboxError

from .sandbox_support import Received, StrictContract, WebhookApp

TO, FROM = "+15558675310", "+15017122661"


def _send(sandbox: Sandbox, **extra: str) -> dict:
    client = sandbox.client(retry=None, middleware=[StrictContract()])
    data = {"To": TO, "From": FROM, "Body": "persist me", **extra}
    return client.request("POST", f"/2010-04-01/Accounts/{sandbox.account_sid}/Messages.json", data=data).json()


def test_stop_leaves_no_thread_behind_even_with_open_keep_alive_connections(webhook_app: WebhookApp) -> None:
    before = set(threading.enumerate())
    sandbox = Sandbox(step=0.01).start()
    client = sandbox.client(middleware=[StrictContract()])
    for _ in range(3):  # the client's pool keeps its connection open after these
        message = _send(sandbox, StatusCallback=webhook_app.url("/cb"))
    idle = socket.create_connection(("127.0.0.1", sandbox.port))  # a connection that never sends anything
    sandbox.wait_for_status(message["sid"], "delivered")
    started = time.monotonic()
    sandbox.stop(timeout=5)
    assert time.monotonic() - started < 3
    idle.close()
    assert client.closed
    leftover = [t for t in set(threading.enumerate()) - before if t.name.startswith("twilio-sandbox")]
    assert leftover == []
    assert not sandbox.running


def test_stop_is_bounded_while_a_webhook_hangs(webhook_app: WebhookApp) -> None:
    release = threading.Event()

    def slow(got: Received) -> tuple[int, str, str]:
        release.wait(5)
        return 200, "text/plain", ""

    webhook_app.answers["/slow"] = slow
    sandbox = Sandbox(step=0.01, webhook_timeout=0.5).start()
    _send(sandbox, StatusCallback=webhook_app.url("/slow"))
    time.sleep(0.1)  # the 'sent' callback is now waiting on the app
    started = time.monotonic()
    sandbox.stop(timeout=3)
    assert time.monotonic() - started < 2.5
    release.set()


def test_start_stop_misuse() -> None:
    sandbox = Sandbox()
    with pytest.raises(SandboxError, match="not running"):
        _ = sandbox.base_url
    sandbox.start()
    with pytest.raises(SandboxError, match="already running"):
        sandbox.start()
    port = sandbox.port
    with pytest.raises(SandboxError, match="cannot listen"):
        Sandbox(port=port).start()
    sandbox.stop()
    sandbox.stop()  # twice is fine
    with pytest.raises(SandboxError, match="cannot be started again"):
        sandbox.start()


@pytest.mark.parametrize(
    "options, fragment",
    [
        ({"step": -1}, "step"),
        ({"port": 70000}, "port"),
        ({"account_sid": "AC123"}, "account_sid"),
        ({"auth_token": "short"}, "auth_token"),
        ({"webhook_timeout": 0}, "webhook_timeout"),
        ({"call_duration": -5}, "call_duration"),
    ],
)
def test_bad_options_are_named(options: dict, fragment: str) -> None:
    with pytest.raises(SandboxError, match=fragment):
        Sandbox(**options)


def test_fixed_credentials() -> None:
    sid, token = "AC" + "ab" * 16, "my-local-token-123"
    with Sandbox(account_sid=sid, auth_token=token) as sandbox:
        assert (sandbox.account_sid, sandbox.auth_token) == (sid, token)
        assert sandbox.environ() == {"TWILIO_ACCOUNT_SID": sid, "TWILIO_AUTH_TOKEN": token,
                                     "TWILIO_BASE_URL": sandbox.base_url}
        assert sandbox.environ(api_key=True)["TWILIO_API_KEY"] == sandbox.api_key_sid


def test_sqlite_keeps_credentials_and_resources_across_restarts(tmp_path: Path) -> None:
    db = str(tmp_path / "sandbox.db")
    first = Sandbox(db=db, step=60).start()  # a slow clock: the message is still queued at stop
    creds = (first.account_sid, first.auth_token, first.api_key_sid, first.api_key_secret)
    message = _send(first)
    room = first.client(middleware=[StrictContract()]).request("POST", "/v1/Rooms", domain="video", data={"UniqueName": "kept"}).json()
    first.stop()

    second = Sandbox(db=db, step=0.01).start()
    try:
        assert (second.account_sid, second.auth_token, second.api_key_sid, second.api_key_secret) == creds
        # The queued message carries on to delivered after the restart.
        assert second.wait_for_status(message["sid"], "delivered")["body"] == "persist me"
        fetched = second.client(middleware=[StrictContract()]).request("GET", "/v1/Rooms/kept", domain="video").json()
        assert fetched["sid"] == room["sid"]
    finally:
        second.stop()
    with pytest.raises(SandboxError, match="belongs to account"):
        Sandbox(db=db, account_sid="AC" + "0" * 32)


def test_deleted_records_stay_deleted_after_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    with Sandbox(db=db, step=0.01) as sandbox:
        message = _send(sandbox)
        sandbox.wait_for_status(message["sid"], "delivered")
        sandbox.client(middleware=[StrictContract()]).request("DELETE", message["uri"])
    with Sandbox(db=db) as again:
        assert again.messages() == []


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not sqlite " * 100)
    with pytest.raises(SandboxError, match="cannot use .* as a sandbox database"):
        Sandbox(db=str(bogus))


def test_manual_clock_moves_only_when_advanced() -> None:
    with Sandbox(step=None) as sandbox:
        message = _send(sandbox)
        time.sleep(0.05)
        assert sandbox.get(message["sid"])["status"] == "queued"
        assert sandbox.advance() == 2  # queued -> sent -> delivered
        assert sandbox.get(message["sid"])["status"] == "delivered"
        assert sandbox.advance() == 0


def test_advance_needs_a_manual_clock(sandbox: Sandbox) -> None:
    with pytest.raises(SandboxError, match="manual clock"):
        sandbox.advance()


def test_wait_for_status_times_out_saying_where_it_is() -> None:
    with Sandbox(step=60) as sandbox:
        message = _send(sandbox)
        started = time.monotonic()
        with pytest.raises(SandboxError, match=r"to be delivered \(it is queued\)"):
            sandbox.wait_for_status(message["sid"], "delivered", timeout=0.2)
        assert time.monotonic() - started < 1.5
        with pytest.raises(SandboxError, match="not the SID"):
            sandbox.wait_for_status("XX123", "delivered")
        with pytest.raises(SandboxError, match="pending"):
            sandbox.settle(timeout=0.1)


def test_wait_for_status_accepts_several(sandbox: Sandbox) -> None:
    message = _send(sandbox)
    reached = sandbox.wait_for_status(message["sid"], ("sent", "delivered"))
    assert reached["status"] in ("sent", "delivered")
    sandbox.settle()
    assert sandbox.get(message["sid"])["status"] == "delivered"
