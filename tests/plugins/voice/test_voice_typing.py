"""mypy sees the generated voice and video signatures through annotated product objects."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("mypy")

SNIPPET = '''
from twilio_core import Client
from twilio_voice import CallList
from twilio_video import Video

client = Client("AC" + "0" * 32, "token")
calls: CallList = client.calls
calls.create(to="+15558675310", from_="+15017122661", twimll="<Response/>")
calls.create(to="+15558675310", from_="+15017122661", twiml=object())
video: Video = client.video
video.rooms.create(unique_nmae="x")
duration: str = calls("CA1").fetch().duration
'''


@pytest.mark.slow
def test_mypy_checks_voice_and_video_calls(tmp_path: Path) -> None:
    path = tmp_path / "use_voice.py"
    path.write_text(textwrap.dedent(SNIPPET))
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(path)],
        capture_output=True, text=True, timeout=300,
    )
    errors: dict[int, str] = {}
    for line in proc.stdout.splitlines():
        if line.startswith(str(path)) and ": error:" in line:
            errors[int(line.split(":")[1])] = line
    assert 'Unexpected keyword argument "twimll"' in errors.get(8, ""), proc.stdout
    assert 9 not in errors, proc.stdout  # any object is accepted as TwiML
    assert 'Unexpected keyword argument "unique_nmae"' in errors.get(11, ""), proc.stdout
    assert "Incompatible types in assignment" in errors.get(12, ""), proc.stdout
