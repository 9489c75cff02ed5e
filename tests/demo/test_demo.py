"""The README's first command: ``make demo`` runs ``python demo/run.py``; CI runs it here.

The demo is run as ``make demo`` runs it (a subprocess, the same interpreter, the repository
as working directory), and its transcript is checked for each step's key lines. A second
test sabotages one step in-process and checks the demo fails with a clear message, a
non-zero status and no thread left behind.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Mapping

import pytest

pytest.importorskip("twilio_sandbox")
pytest.importorskip("twilio_jwt")

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo" / "run.py"


def test_make_demo_command_passes_and_prints_the_transcript() -> None:
    proc = subprocess.run([sys.executable, str(DEMO)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    out = proc.stdout
    assert proc.returncode == 0, f"demo failed ({proc.returncode}):\n{out}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    # SMS: created, both callbacks validated, fetched delivered.
    sms = re.search(r"sent +(SM[0-9a-f]{32}) +queued", out)
    assert sms, out
    assert re.search(r"callback +MessageStatus=sent +signature valid", out)
    assert re.search(r"callback +MessageStatus=delivered +signature valid", out)
    assert re.search(rf"fetched +{sms.group(1)} +delivered", out)
    # Call: TwiML served by the app (built with VoiceResponse) and parsed by the sandbox.
    call = re.search(r"placed +(CA[0-9a-f]{32}) +queued", out)
    assert call, out
    assert "TwiML requested by the call (signature valid)" in out
    assert re.search(r'<\?xml version="1.0" encoding="UTF-8"\?><Response><Say>Hello from the twilio-core demo\..*'
                     r'</Say><Pause length="1" /><Say>Goodbye!</Say><Hangup /></Response>', out)
    assert "the sandbox parsed it: Say, Pause, Say, Hangup" in out
    for status in ("ringing", "in-progress", "completed"):
        assert re.search(rf"callback +CallStatus={status} +signature valid", out), status
    assert re.search(rf"fetched +{call.group(1)} +completed", out)
    # Video: room, token from an issued API key, joined, ended, four validated callbacks.
    room = re.search(r"created +(RM[0-9a-f]{32}) +'demo-standup' +in-progress", out)
    assert room, out
    assert re.search(r"token +identity 'alice', video grant for 'demo-standup', API key SK[0-9a-f]{32}", out)
    assert re.search(r"joined +PA[0-9a-f]{32} +'alice'", out)
    for event in ("room-created", "participant-connected", "participant-disconnected", "room-ended"):
        assert re.search(rf"callback +StatusCallbackEvent={event} +signature valid", out), event
    # The forged callback, the listing, the counts and the verdict.
    assert "with MessageStatus=failed -> HTTP 403" in out
    assert re.search(rf"message +{sms.group(1)} +delivered", out)
    assert re.search(rf"call +{call.group(1)} +completed", out)
    assert re.search(rf"room +{room.group(1)} +completed +demo-standup", out)
    assert "Webhooks received: 11; signature valid: 10; rejected: 1" in out
    assert "signature INVALID" not in out
    assert re.search(r"demo passed in \d+\.\d s", out)


def test_demo_ignores_proxy_and_twilio_variables_of_the_machine() -> None:
    # Everything is on 127.0.0.1: a proxy (here a closed port) or real credentials must not leak in.
    env = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
           "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "not-the-sandbox-token",
           "TWILIO_REGION": "au1", "TWILIO_EDGE": "sydney"}
    proc = subprocess.run([sys.executable, str(DEMO)], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, f"demo failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    assert "demo passed" in proc.stdout


def _load_demo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("twilio_demo_run", DEMO)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_failing_step_exits_non_zero_with_a_clear_message(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    demo = _load_demo()

    def broken_twiml(params: Mapping[str, str]) -> tuple[str, str]:
        return "application/xml", "<Response><Say>unclosed"  # the sandbox cannot parse this: 12100

    monkeypatch.setattr(demo, "answer_call", broken_twiml)
    monkeypatch.setattr(demo, "WAIT", 1.0)
    before = set(threading.enumerate())
    assert demo.main() == 1
    out = capsys.readouterr().out
    assert "demo FAILED" in out and "step 2 (Place a call whose TwiML comes from the webhook app)" in out
    assert "the sandbox could not use the TwiML served: 12100 Document parse failure" in out
    assert "demo passed" not in out
    # Step 1 still ran and printed; step 3 never started.
    assert re.search(r"fetched +SM[0-9a-f]{32} +delivered", out) and "3. Create a video room" not in out
    assert set(threading.enumerate()) <= before, "the demo left threads running"
