"""Shared pytest set-up: the loopback HTTP fixtures and test-wide isolation.

The fixtures (``loopback_server``, ``tls_server``, ``refused_url``...) live in
``tests/support/fixtures.py``; importing them here makes them available to
every test directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

# pytest runs with --import-mode=importlib, which does not put the repository root
# on sys.path; ``tests.support`` must be importable from here and from subprocesses.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from tests.support.fixtures import *  # noqa: E402,F401,F403
