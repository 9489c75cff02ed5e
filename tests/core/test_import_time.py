"""``import twilio_core`` (and building a client) must stay light: no urllib3, pluggy or importlib.metadata.

Each check runs in a fresh interpreter so nothing the test process imported counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9f86d081884c7d659a2feaa0c55ad015"
HEAVY = ("urllib3", "pluggy", "importlib.metadata", "importlib_metadata")


def modules_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The heavy modules present in ``sys.modules`` after ``code`` runs in a fresh interpreter."""
    script = code + f"\nimport sys, json\nprint(json.dumps(sorted(m for m in sys.modules if m in {HEAVY!r})))"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}
    environment.update(env or {})
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_baseline_interpreter_is_clean() -> None:
    # If the interpreter itself loaded them, the checks below would prove nothing.
    assert modules_after("pass") == set()


def test_import_twilio_core() -> None:
    assert modules_after("import twilio_core") == set()


def test_import_and_build_client() -> None:
    assert modules_after(f"from twilio_core import Client\nc = Client({SID!r}, {TOKEN!r})\nassert repr(c)") == set()


def test_client_from_environment() -> None:
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_REGION": "au1", "TWILIO_EDGE": "sydney"}
    assert modules_after("import twilio_core\nc = twilio_core.Client()\nc.build_request('GET', '/x')", env) == set()


def test_public_names_do_not_pull_heavy_modules() -> None:
    code = (
        "import twilio_core\n"
        "for name in ('Client', 'Request', 'Response', 'Timeout', 'Middleware', 'WrapMiddleware', 'Stage',\n"
        "             'RetryPolicy', 'TwilioRestError', 'TwilioError', 'CredentialsError', 'ProductNotInstalledError',\n"
        "             'Transport', 'TransportOptions', 'RequestValidator'):\n"
        "    getattr(twilio_core, name)\n"
    )
    assert modules_after(code) == set()


def test_first_request_does_load_them() -> None:
    # The counterpart: discovery and the default transport really are loaded when needed.
    code = f"from twilio_core import Client\nc = Client({SID!r}, {TOKEN!r}, base_url='http://127.0.0.1:9')\nc.pipeline"
    assert modules_after(code) >= {"urllib3", "pluggy", "importlib.metadata"}


def test_unknown_attribute_error() -> None:
    import twilio_core

    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        twilio_core.NoSuchThing  # type: ignore[attr-defined]
    assert "Client" in dir(twilio_core)
