"""twilio-whatsapp: a WhatsApp channel for twilio-core, on top of twilio-messaging.

Installing the distribution adds ``client.whatsapp`` (through the ``twilio_core.plugins``
entry point)::

    from twilio_core import Client

    client = Client(plugin_options={"whatsapp": {"from_": "+14155238886"}})
    client.whatsapp.send_text("+15558675310", "Your order has shipped")
    client.whatsapp.send_template("+15558675310", "HX...", {"1": "Alice", "2": "Friday"})

and reads inbound webhooks with :func:`parse_inbound`. Importing this package is cheap;
the channel loads when a client first touches ``client.whatsapp``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "WhatsApp": "channel",
    "content_variables": "channel",
    "whatsapp_address": "addresses",
    "is_whatsapp_address": "addresses",
    "phone_number": "addresses",
    "InboundMessage": "inbound",
    "InboundMedia": "inbound",
    "InboundLocation": "inbound",
    "InboundWebhookError": "inbound",
    "parse_inbound": "inbound",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'twilio_whatsapp' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # pragma: no cover
    from .addresses import is_whatsapp_address, phone_number, whatsapp_address
    from .channel import WhatsApp, content_variables
    from .inbound import InboundLocation, InboundMedia, InboundMessage, InboundWebhookError, parse_inbound
