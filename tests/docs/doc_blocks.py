"""Find the ```python blocks of the project's Markdown and the skip markers before them.

A block is skipped by an HTML comment on the closest non-blank line above its opening fence::

    <!-- doc-test: skip (why it cannot run here) -->

A skip marker without a reason is an error: the reason is the point of the marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The Markdown files whose examples are tested, in a fixed order.
DOC_GLOBS = ("README.md", "docs/*.md", "plugins/*/README.md", "examples/twilio-whatsapp/README.md")

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_MARKER = re.compile(r"^\s*<!--\s*doc-test:\s*(?P<body>.*?)\s*-->\s*$")
_SKIP = re.compile(r"^skip\s*\((?P<reason>.+)\)$")


@dataclass(frozen=True)
class DocBlock:
    """One fenced ``python`` block of a Markdown file."""

    path: Path
    #: 1-based line number of the opening fence.
    line: int
    source: str
    #: The reason given by a ``doc-test: skip (...)`` marker, or ``None`` when the block runs.
    skip: str | None

    @property
    def relpath(self) -> str:
        """The file's path relative to the repository root."""
        return self.path.relative_to(ROOT).as_posix()


def doc_files() -> list[Path]:
    """Every Markdown file whose examples are tested."""
    found: list[Path] = []
    for pattern in DOC_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and path not in found:
                found.append(path)
    return found


def parse_blocks(path: Path) -> list[DocBlock]:
    """The ``python`` blocks of one file, in order, with their skip markers."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[DocBlock] = []
    i = 0
    while i < len(lines):
        opened = _FENCE_OPEN.match(lines[i])
        if not opened:
            i += 1
            continue
        indent, fence = opened["indent"], opened["fence"]
        info = opened["info"].strip().split()
        start = i
        body: list[str] = []
        i += 1
        # The block ends at a closing fence of the same character, at least as long.
        while i < len(lines):
            stripped = lines[i].strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                break
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        i += 1
        if not info or info[0].lower() not in ("python", "py", "python3"):
            continue
        blocks.append(DocBlock(path, start + 1, "\n".join(body) + "\n", _skip_reason(path, lines, start)))
    return blocks


def _display(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _skip_reason(path: Path, lines: list[str], fence_index: int) -> str | None:
    j = fence_index - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j < 0:
        return None
    marker = _MARKER.match(lines[j])
    if not marker:
        return None
    skip = _SKIP.match(marker["body"])
    if not skip or not skip["reason"].strip():
        raise ValueError(
            f"{_display(path)}:{j + 1}: malformed doc-test marker {lines[j].strip()!r};"
            " write <!-- doc-test: skip (reason) -->"
        )
    return skip["reason"].strip()
