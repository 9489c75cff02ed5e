"""Shared pytest set-up: the loopback HTTP fixtures for every test directory.

The fixtures (``loopback_server``, ``tls_server``, ``refused_url``...) live in
``tests/support/fixtures.py``; importing them here makes them available to
every test directory.
"""

from __future__ import annotations

# ``tests`` is importable because the root pyproject sets pytest's pythonpath = ["."].
from tests.support.fixtures import *  # noqa: F401,F403
