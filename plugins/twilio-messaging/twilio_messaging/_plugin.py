"""twilio_core plugin entry point (``messaging``): registers ``client.messages`` and ``client.messaging``.

Import strings only, so the generated resource modules load when a client
first uses the product, not at discovery.
"""

from __future__ import annotations

from typing import Any

TWILIO_PLUGIN_API = 1


def twilio_register_products(registry: Any) -> None:
    """Called once per process at discovery."""
    registry.add("messages", "twilio_messaging.products:messages",
                 description="Api 2010 Messages: send, list, fetch, redact, delete; media")
    registry.add("messaging", "twilio_messaging.products:Messaging",
                 description="Messaging v1: services with phone numbers, short codes and alpha senders")
