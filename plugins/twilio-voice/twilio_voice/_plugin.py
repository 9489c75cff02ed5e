"""twilio_core plugin entry point (``voice``): registers the Api 2010 voice products.

Import strings only, so the generated resource module loads when a client
first uses one of them, not at discovery.
"""

from __future__ import annotations

from typing import Any

TWILIO_PLUGIN_API = 1

_PRODUCTS = {
    "calls": "Calls: place, list, fetch, modify and delete; recordings, streams, payments, siprec...",
    "conferences": "Conferences with their participants and recordings",
    "queues": "Call queues and their members",
    "recordings": "The account's recordings, their transcriptions and add-on results",
    "transcriptions": "The account's transcriptions",
}


def twilio_register_products(registry: Any) -> None:
    """Called once per process at discovery."""
    for name, description in _PRODUCTS.items():
        registry.add(name, f"twilio_voice.products:{name}", description=description)
