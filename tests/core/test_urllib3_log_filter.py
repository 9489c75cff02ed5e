"""urllib3's own DEBUG request line must not carry query strings (list filters hold phone numbers)."""

from __future__ import annotations

import logging

import pytest

from twilio_core import Client


def test_urllib3_debug_line_has_no_query_string(loopback_server, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    client = Client("AC" + "1" * 32, "tok", base_url=loopback_server.url, retry=None)
    with caplog.at_level(logging.DEBUG):
        client.request("GET", "/2010-04-01/Accounts/x/Messages.json", params={"To": "+15558675310", "PageSize": 5})
    urllib3_lines = [r.getMessage() for r in caplog.records if r.name.startswith("urllib3")]
    assert any("Messages.json?…" in line for line in urllib3_lines), urllib3_lines
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "5558675310" not in text
    client.close()
