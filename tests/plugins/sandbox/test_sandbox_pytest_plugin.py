"""The pytest plugin shipped in twilio-sandbox: fixtures found through the ``pytest11`` entry point."""

from __future__ import annotations

import importlib.metadata

import pytest

from twilio_core import Client
from twilio_sandbox import Sandbox

from .sandbox_support import StrictContract


def test_entry_point_is_registered() -> None:
    points = importlib.metadata.entry_points(group="pytest11")
    assert any(p.name == "twilio_sandbox" and p.value == "twilio_sandbox.pytest_plugin" for p in points)


def test_fixtures_give_a_running_sandbox_and_its_client(twilio_sandbox: Sandbox, twilio_sandbox_client: Client) -> None:
    assert twilio_sandbox.running
    assert twilio_sandbox_client.account_sid == twilio_sandbox.account_sid
    path = f"/2010-04-01/Accounts/{twilio_sandbox.account_sid}/Messages.json"
    checked = twilio_sandbox.client(middleware=[StrictContract()])
    assert checked.request("GET", path).json()["messages"] == []
    created = twilio_sandbox_client.request("POST", path, data={"To": "+15558675310", "From": "+15017122661", "Body": "x"})
    assert twilio_sandbox.wait_for_status(created.json()["sid"], "delivered")["status"] == "delivered"


@pytest.mark.twilio_sandbox(step=None, auth_token="marker-token-123")
def test_marker_passes_options(twilio_sandbox: Sandbox, twilio_sandbox_client: Client) -> None:
    assert twilio_sandbox.auth_token == "marker-token-123"
    path = f"/2010-04-01/Accounts/{twilio_sandbox.account_sid}/Messages.json"
    sid = twilio_sandbox_client.request("POST", path, data={"To": "+15558675310", "From": "+15017122661", "Body": "x"}).json()["sid"]
    assert twilio_sandbox.get(sid)["status"] == "queued"  # manual clock
    twilio_sandbox.advance()
    assert twilio_sandbox.get(sid)["status"] == "delivered"


def test_plugin_import_is_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, twilio_sandbox.pytest_plugin; "
        "heavy = [m for m in ('twilio_sandbox.server', 'twilio_core.client', 'http.server', 'sqlite3') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stderr
