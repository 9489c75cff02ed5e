"""The example extensions under examples/ are not installed by the monorepo's install: their unit
tests import them from the source folder (unless a real install is present), and give clients
the plugin explicitly (``Client(plugins=[...])``), as an installed entry point would."""

from __future__ import annotations

import sys
from pathlib import Path

WHATSAPP_SRC = Path(__file__).resolve().parents[2] / "examples" / "twilio-whatsapp"

try:
    import twilio_whatsapp  # noqa: F401  (installed: use that copy)
except ImportError:
    sys.path.insert(0, str(WHATSAPP_SRC))
