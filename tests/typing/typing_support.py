"""Run mypy (or pyright) over a snippet as a user's project would, and read its findings by marker.

A snippet marks lines with ``# @name``; :func:`run_mypy` returns, per marker,
the revealed type (``reveal_type``) and the errors mypy reported on that line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_MARK = re.compile(r"#\s*@(\w[\w-]*)")
_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?:\d+:)? (?P<kind>error|note): (?P<text>.*)$")


@dataclass
class Finding:
    """What a checker said about one marked line."""

    revealed: str | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Findings by marker, plus the checker's whole output for assertion messages."""

    by_mark: dict[str, Finding]
    output: str

    def __getitem__(self, mark: str) -> Finding:
        return self.by_mark[mark]


def _marks(source: str) -> dict[int, str]:
    marks: dict[int, str] = {}
    for number, line in enumerate(source.splitlines(), 1):
        found = _MARK.search(line)
        if found:
            marks[number] = found.group(1)
    return marks


def run_mypy(tmp_path: Path, snippet: str, *, extra_args: tuple[str, ...] = (), env: dict[str, str] | None = None) -> Report:
    """mypy on ``snippet`` in an empty project folder (no repository config), with this interpreter's site."""
    source = textwrap.dedent(snippet)
    path = tmp_path / "user_code.py"
    path.write_text(source)
    environment = dict(os.environ, MYPYPATH="")
    environment.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--show-column-numbers", "--cache-dir",
         str(tmp_path / ".mypy_cache"), *extra_args, path.name],
        capture_output=True, text=True, cwd=tmp_path, env=environment, timeout=600,
    )
    if proc.returncode not in (0, 1) or proc.stderr.strip():
        raise AssertionError(f"mypy failed to run ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return _collect(source, path.name, proc.stdout, revealed_prefix="Revealed type is ")


def _collect(source: str, name: str, output: str, *, revealed_prefix: str) -> Report:
    marks = _marks(source)
    by_mark = {mark: Finding() for mark in marks.values()}
    for line in output.splitlines():
        m = _LINE.match(line.strip())
        if not m or not m.group("path").endswith(name):
            continue
        mark = marks.get(int(m.group("line")))
        if mark is None:
            if m.group("kind") == "error":  # an error on an unmarked line is a failure of the snippet itself
                by_mark.setdefault("<unmarked>", Finding()).errors.append(line)
            continue
        text = m.group("text")
        if m.group("kind") == "note" and text.startswith(revealed_prefix):
            # mypy versions differ in spelling builtins (``builtins.list`` or ``list``): drop the prefix.
            by_mark[mark].revealed = text[len(revealed_prefix):].strip('"').replace("builtins.", "")
        elif m.group("kind") == "error":
            by_mark[mark].errors.append(text)
    return Report(by_mark, output)
