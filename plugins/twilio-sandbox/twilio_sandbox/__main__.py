"""``python -m twilio_sandbox``: the same as the ``twilio-sandbox`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
