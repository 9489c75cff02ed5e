"""twiliogen: resource declarations for the product plugins, generated from Twilio's OpenAPI specs.

``python -m tools.twiliogen`` (from the repository root) reads
``../shared/twilio-oai/*.json`` and writes one module per target of
:mod:`tools.twiliogen.config` into the plugins' ``_generated`` packages. The
output is deterministic: running it again on the same specs changes nothing.
"""

from __future__ import annotations

import os

from .config import TARGETS, Target
from .render import render_module
from .spec import GeneratorError, Spec, build_resources

__all__ = ["generate", "generate_target", "default_spec_dir", "GeneratorError", "TARGETS"]


def default_spec_dir(repo_root: str) -> str:
    """``../shared/twilio-oai`` next to the repository (overridden by ``$TWILIO_OAI_DIR``)."""
    return os.environ.get("TWILIO_OAI_DIR") or os.path.normpath(os.path.join(repo_root, "..", "shared", "twilio-oai"))


def generate_target(target: Target, spec_dir: str) -> str:
    """The generated module text for one target."""
    spec = Spec(os.path.join(spec_dir, target.spec))
    return render_module(spec, target, build_resources(spec, target))


def generate(spec_dir: str, out_root: str, targets: tuple[Target, ...] = TARGETS) -> dict[str, str]:
    """Generate every target under ``out_root``; returns {relative path: text}. Writes only changed files."""
    written: dict[str, str] = {}
    for target in targets:
        text = generate_target(target, spec_dir)
        path = os.path.join(out_root, target.output)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        init = os.path.join(os.path.dirname(path), "__init__.py")
        if not os.path.exists(init):
            with open(init, "w", encoding="utf-8") as fh:
                fh.write('"""Generated resource declarations (see tools/twiliogen). Do not edit."""\n')
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                old = fh.read()
        if old != text:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        written[target.output] = text
    return written
