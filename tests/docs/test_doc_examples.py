"""The Python examples of the documentation run, against a real local sandbox.

Every ```python block of README.md, docs/*.md, plugins/*/README.md and
examples/twilio-whatsapp/README.md is one test. A file's blocks run in order in one
namespace (a block may use what an earlier block of the same file defined); selecting a
single block runs the earlier ones of its file first. Blocks with top-level ``await``,
``async with`` or ``async for`` run as a coroutine under ``asyncio.run``.

The environment holds the credentials and ``TWILIO_BASE_URL`` of one sandbox per module, so
a plain ``Client()`` talks to it. Its clock is manual (``step=None``) and never advanced:
the examples' status callbacks point at hosts outside the machine, and a frozen clock means
none is ever sent. Examples that start their own ``Sandbox`` use loopback only.

A block that cannot run here carries ``<!-- doc-test: skip (reason) -->`` right above it;
it is still compiled, so a syntax error in it fails too.
"""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import inspect
import sys
import traceback
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

from tests.docs.doc_blocks import ROOT, DocBlock, doc_files, parse_blocks

pytestmark = pytest.mark.network

WHATSAPP_SRC = ROOT / "examples" / "twilio-whatsapp"

FILES: dict[str, list[DocBlock]] = {path.relative_to(ROOT).as_posix(): parse_blocks(path) for path in doc_files()}
BLOCKS: list[DocBlock] = [block for blocks in FILES.values() for block in blocks]


def _compile(block: DocBlock) -> Any:
    # Leading newlines put the code at its Markdown line numbers, and the real file name
    # lets tracebacks quote the Markdown line itself.
    padded = "\n" * block.line + block.source
    return compile(padded, str(block.path), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


def _compiles_in_a_function(block: DocBlock) -> bool:
    """Whether a skipped fragment (``return`` in a handler body, say) is valid as a function body."""
    body = "".join("    " + line + "\n" for line in block.source.splitlines())
    try:
        compile("async def _fragment():\n" + body + "    pass\n", str(block.path), "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


class FileRun:
    """The shared namespace of one Markdown file and how far its blocks have run."""

    def __init__(self, relpath: str) -> None:
        self.blocks = FILES[relpath]
        self.namespace: dict[str, Any] = {"__name__": "__doc_example__"}
        self.done = 0
        self.failed: DocBlock | None = None

    def run_through(self, target: DocBlock) -> None:
        """Run every not yet run block up to ``target``, in order; fail on the first error."""
        for index, block in enumerate(self.blocks):
            if index < self.done:
                if block is target:
                    return
                continue
            if self.failed is not None:
                pytest.fail(
                    f"{target.relpath}:{target.line}: not run, the earlier block at line "
                    f"{self.failed.line} of the same file failed",
                    pytrace=False,
                )
            if block.skip is None:
                error = None
                try:
                    self._execute(block)
                except Exception as exc:  # report any failure of the example itself
                    error = _example_traceback(block, exc)
                if error is not None:
                    self.failed = block
                    pytest.fail(f"{block.relpath}:{block.line}: the example failed\n{error}", pytrace=False)
            self.done = index + 1
            if block is target:
                return

    def _execute(self, block: DocBlock) -> None:
        code = _compile(block)
        if code.co_flags & inspect.CO_COROUTINE:
            # Top-level await: evaluating the code gives a coroutine; names land in the namespace.
            async def wrapper() -> None:
                await eval(code, self.namespace)

            asyncio.run(wrapper())
        else:
            exec(code, self.namespace)

    def close(self) -> None:
        """Close the clients an example left open (sockets would otherwise leak warnings)."""
        from twilio_core import Client

        for value in self.namespace.values():
            if isinstance(value, Client):
                value.close()


def _example_traceback(block: DocBlock, exc: BaseException) -> str:
    # Start at the example's own line: the runner's and asyncio's frames say nothing.
    frames = traceback.extract_tb(exc.__traceback__)
    first = next((i for i, frame in enumerate(frames) if frame.filename == str(block.path)), 0)
    frames = traceback.StackSummary.from_list(frames[first:])
    text = "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(type(exc), exc))
    return "Traceback (example frames):\n" + text


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Any]:
    from twilio_sandbox import Sandbox

    with Sandbox(step=None) as box:
        yield box


@pytest.fixture(scope="module")
def whatsapp_installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Make the example extension importable and discoverable as if installed.

    The repository's venv does not install examples/: a minimal .dist-info carrying its entry
    point (the one from its pyproject) is what an editable install would add.
    """
    from twilio_core.plugins import clear_cache

    # Installed means discoverable by its entry point; importable alone is not enough (the
    # examples' own tests put the source folder on sys.path).
    if any(ep.name == "whatsapp" for ep in entry_points(group="twilio_core.plugins")):
        yield
        return
    site = tmp_path_factory.mktemp("site")
    info = site / "twilio_whatsapp-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: twilio-whatsapp\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text("[twilio_core.plugins]\nwhatsapp = twilio_whatsapp._plugin\n")
    added = [str(site)] if importlib.util.find_spec("twilio_whatsapp") else [str(site), str(WHATSAPP_SRC)]
    sys.path[:0] = added
    importlib.invalidate_caches()
    clear_cache()
    try:
        yield
    finally:
        for entry in added:
            sys.path.remove(entry)
        importlib.invalidate_caches()
        clear_cache()


@pytest.fixture(scope="module")
def runs() -> Iterator[dict[str, FileRun]]:
    found: dict[str, FileRun] = {}
    yield found
    for run in found.values():
        run.close()


@pytest.fixture
def sandbox_environ(sandbox: Any, monkeypatch: pytest.MonkeyPatch, whatsapp_installed: None) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("TWILIO_"):
            monkeypatch.delenv(name)
    for name, value in sandbox.environ().items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"{b.relpath}:{b.line}" for b in BLOCKS])
def test_doc_example(block: DocBlock, runs: dict[str, FileRun], sandbox_environ: None) -> None:
    try:
        _compile(block)
    except SyntaxError as exc:
        if block.skip is not None and _compiles_in_a_function(block):
            pytest.skip(f"{block.relpath}:{block.line}: {block.skip}")
        pytest.fail(f"{block.relpath}:{block.line}: the example does not compile: {exc}", pytrace=False)
    if block.skip is not None:
        pytest.skip(f"{block.relpath}:{block.line}: {block.skip}")
    run = runs.setdefault(block.relpath, FileRun(block.relpath))
    run.run_through(block)


def test_the_documentation_has_examples() -> None:
    """The collector sees the files and blocks it should (a broken parser would skip them all)."""
    assert "README.md" in FILES and "examples/twilio-whatsapp/README.md" in FILES
    assert any(path.startswith("docs/") for path in FILES) and any(path.startswith("plugins/") for path in FILES)
    assert len(BLOCKS) >= 50
    assert any(block.skip is None for block in BLOCKS)


def test_markers_and_fences_are_read(tmp_path: Path) -> None:
    """Skip markers bind to the next block only, need a reason, and other languages are ignored."""
    doc = tmp_path / "doc.md"
    doc.write_text(
        "# T\n\n<!-- doc-test: skip (needs a phone number) -->\n\n```python\nx = 1\n```\n\n"
        "```bash\necho hi\n```\n\n- item\n\n  ```python\n  y = 2\n  ```\n"
    )
    blocks = parse_blocks(doc)
    assert [(b.line, b.source, b.skip) for b in blocks] == [(5, "x = 1\n", "needs a phone number"), (15, "y = 2\n", None)]
    doc.write_text("<!-- doc-test: skip -->\n```python\nx = 1\n```\n")
    with pytest.raises(ValueError, match="malformed doc-test marker"):
        parse_blocks(doc)
