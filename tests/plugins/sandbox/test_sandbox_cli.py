"""The ``twilio-sandbox`` command and ``python -m twilio_sandbox``, run as real processes."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Iterator

import pytest

from twilio_core import Client
from twilio_sandbox.cli import _banner, build_parser
from twilio_sandbox.sandbox import is_loopback

from .sandbox_support import StrictContract, raw_request

pytestmark = pytest.mark.slow


class Running:
    """A sandbox process whose stdout lines are read on a thread (so every read has a deadline)."""

    def __init__(self, *args: str) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "twilio_sandbox", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def line(self, timeout: float = 15) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            self.proc.kill()
            stderr = self.proc.stderr.read() if self.proc.stderr else ""
            raise AssertionError(f"no output within {timeout} s; stderr: {stderr}") from None

    def until(self, text: str, timeout: float = 15) -> list[str]:
        seen = []
        while True:
            seen.append(self.line(timeout))
            if text in seen[-1]:
                return seen

    def stop(self, sig: int = signal.SIGINT) -> int:
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=15)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(5)
            self._reader.join(5)
            for stream in (self.proc.stdout, self.proc.stderr):
                if stream:
                    stream.close()


@pytest.fixture
def running() -> Iterator[list[Running]]:
    started: list[Running] = []
    yield started
    for proc in started:
        if proc.proc.poll() is None:
            proc.stop(signal.SIGKILL)


def test_json_mode_serves_the_api_and_stops_cleanly_on_ctrl_c(running: list[Running]) -> None:
    proc = Running("--port", "0", "--json", "--quiet", "--step", "0.01")
    running.append(proc)
    info = json.loads(proc.line())
    assert info["loopback"] is True and info["host"] == "127.0.0.1"
    assert info["base_url"] == f"http://127.0.0.1:{info['port']}"
    assert info["domain_base_url"] == info["base_url"] + "/{domain}"
    client = Client(info["account_sid"], info["auth_token"], base_url=info["base_url"], retry=None,
                    middleware=[StrictContract()])
    path = f"/2010-04-01/Accounts/{info['account_sid']}/Messages.json"
    message = client.request("POST", path, data={"To": "+15558675310", "From": "+15017122661", "Body": "cli"}).json()
    assert message["status"] == "queued"
    keyed = Client(info["api_key_sid"], info["api_key_secret"], info["account_sid"], base_url=info["domain_base_url"],
                   middleware=[StrictContract()])
    assert keyed.request("GET", path).json()["messages"][0]["sid"] == message["sid"]
    client.close()
    keyed.close()
    assert proc.stop(signal.SIGINT) == 0


def test_banner_says_loopback_and_prints_credentials(running: list[Running]) -> None:
    proc = Running("--port", "0")
    running.append(proc)
    lines = proc.until("Press Ctrl+C")
    text = "\n".join(lines)
    assert "listening on http://127.0.0.1:" in lines[0] and "loopback only" in lines[0]
    for label in ("Account SID  AC", "Auth token", "API key      SK", "API secret", "Base URL     http://127.0.0.1:", "in memory"):
        assert label in text
    base_url = lines[0].split("listening on ")[1].split()[0]
    status, _, body = raw_request("GET", base_url + "/_sandbox/health")
    assert status == 200 and body["status"] == "ok"
    assert proc.stop(signal.SIGTERM) == 0
    assert "twilio-sandbox stopped." in proc.until("stopped")[-1]


def test_db_keeps_the_same_credentials_across_runs(running: list[Running], tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    first = Running("--port", "0", "--json", "--quiet", "--db", db)
    running.append(first)
    one = json.loads(first.line())
    assert first.stop() == 0
    second = Running("--port", "0", "--json", "--quiet", "--db", db)
    running.append(second)
    two = json.loads(second.line())
    assert (one["account_sid"], one["auth_token"]) == (two["account_sid"], two["auth_token"])
    assert second.stop() == 0


def test_busy_port_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "twilio_sandbox", "--port", str(port)], capture_output=True,
                              text=True, timeout=30)
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "twilio-sandbox"
    assert script.exists(), "pip install the twilio-sandbox distribution to get its console script"
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and "127.0.0.1" in done.stdout


def test_defaults_and_non_loopback_warning() -> None:
    args = build_parser().parse_args([])
    assert (args.host, args.port, args.step) == ("127.0.0.1", 8765, 1.0)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")

    class Fake:  # the banner only reads these attributes; no socket is bound to a non-loopback address
        host = "0.0.0.0"
        base_url = "http://127.0.0.1:8765"
        domain_base_url = base_url + "/{domain}"
        account_sid, auth_token = "AC" + "0" * 32, "token"
        api_key_sid, api_key_secret = "SK" + "0" * 32, "secret"

    banner = _banner(Fake(), loopback=False, db=None)
    assert "WARNING: bound to 0.0.0.0" in banner and "loopback only" not in banner
