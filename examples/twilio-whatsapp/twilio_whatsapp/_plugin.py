"""twilio_core plugin entry point (``whatsapp``).

Discovery imports this module in every process that builds a ``Client``, so it
imports nothing: products are registered by import string and the channel module
loads when a client first touches ``client.whatsapp``.
"""

from __future__ import annotations

from typing import Any

#: The version of twilio_core's hook contract this plugin was written for.
TWILIO_PLUGIN_API = 1


def twilio_register_products(registry: Any) -> None:
    """Once per process, at discovery: ``client.whatsapp``."""
    registry.add("whatsapp", "twilio_whatsapp.channel:WhatsApp",
                 description="WhatsApp: text, media and approved templates over twilio-messaging")


def twilio_extend_product(name: str, product: Any, client: Any) -> None:
    """Once per client and product: give the first-party ``client.messaging`` a ``whatsapp`` attribute.

    Called for every product of every plugin, so it returns at once for the others. It is the
    same object as ``client.whatsapp`` (the client caches products), built on first use.
    """
    if name == "messaging":
        product.whatsapp = client.whatsapp
