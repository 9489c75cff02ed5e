"""mypy over every package of the monorepo: type hints are part of the API, so CI keeps them clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_mypy_is_clean_on_the_core_plugins_generator_and_demo() -> None:
    pytest.importorskip("mypy")
    targets = ["twilio_core", "tools/twiliogen", "demo"]
    targets += [str(p / p.name.replace("-", "_")) for p in sorted((ROOT / "plugins").iterdir()) if (p / "pyproject.toml").exists()]
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", *targets],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
