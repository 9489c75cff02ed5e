"""Sync users pay nothing for async: no asyncio, aiohttp or async core module is imported by them."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASYNC_MODULES = ("asyncio", "aiohttp", "twilio_core.async_client", "twilio_core.async_pipeline",
                 "twilio_core.transports.async_base", "twilio_aiohttp.transport")


def loaded_after(code: str) -> list[str]:
    script = textwrap.dedent(code) + textwrap.dedent(f"""
        import json, sys
        print(json.dumps(sorted(m for m in {list(ASYNC_MODULES)!r} if m in sys.modules)))
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_import_and_sync_client_requests_load_no_async_module() -> None:
    assert loaded_after("""
        import twilio_core
        from twilio_core.testing import MockTransport
        client = twilio_core.Client("AC" + "0" * 32, "token", transport=MockTransport().queue(200, json={}))
        client.request("GET", "/x")
        client.plugins  # discovery, with twilio-aiohttp installed in this environment
    """) == []


@pytest.mark.slow
def test_async_client_loads_its_transport_only_when_used() -> None:
    pytest.importorskip("twilio_aiohttp")
    assert loaded_after("""
        from twilio_core.async_client import AsyncClient
        AsyncClient("AC" + "0" * 32, "token")  # the transport is chosen, not imported
    """) == ["twilio_core.async_client", "twilio_core.transports.async_base"]

