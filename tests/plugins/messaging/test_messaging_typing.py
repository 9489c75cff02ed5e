"""mypy sees the generated signatures: a misspelled keyword or a wrong type is an error."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("mypy")

SNIPPET = '''
from twilio_core import Client
from twilio_messaging import MessageList, Message

client = Client("AC" + "0" * 32, "token")
messages: MessageList = client.messages
messages.create(to="+15558675310", boddy="typo")
messages.create(body="no to")
sent: Message = messages.create(to="+15558675310", body="ok", media_url=["https://example.com/a.png"])
segments: str = sent.num_segments
messages("SM123").update(status="cancelled")
messages.list(date_sent_after="yesterday")
'''


@pytest.mark.slow
def test_mypy_flags_misspelled_and_mistyped_arguments(tmp_path: Path) -> None:
    path = tmp_path / "use_messages.py"
    path.write_text(textwrap.dedent(SNIPPET))
    env = dict(os.environ, MYPYPATH="")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"),
         "--python-version", "3.10", str(path)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    lines: dict[int, str] = {}
    for line in proc.stdout.splitlines():
        if line.startswith(str(path)) and ": error:" in line:
            number = int(line.split(":")[1])
            lines[number] = lines.get(number, "") + line
    assert 'Unexpected keyword argument "boddy"' in lines.get(7, ""), proc.stdout
    assert 'Missing named argument "to"' in lines.get(8, ""), proc.stdout
    assert 9 not in lines, proc.stdout  # the correct call type-checks
    assert "Incompatible types in assignment" in lines.get(10, ""), proc.stdout  # int | None, not str
    assert '"cancelled"' in lines.get(11, "") or "Literal" in lines.get(11, ""), proc.stdout
    assert "datetime" in lines.get(12, ""), proc.stdout
