"""Twilio Messaging for twilio-core: ``client.messages`` and ``client.messaging.services``.

Installing the distribution is all it takes: the ``messaging`` entry point
registers the products, and nothing here is imported until a client first
touches one of them. The resource and model classes can be imported from
here for type annotations (``from twilio_messaging import Message``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import VERSION

if TYPE_CHECKING:  # the type checker sees the real classes; at run time they load on first use
    from ._generated.api_v2010 import (
        Feedback, FeedbackList, Media, MediaContext, MediaList, Message, MessageContext, MessageList,
    )
    from ._generated.messaging_v1 import AlphaSender, PhoneNumber, Service, ServiceContext, ServiceList, ShortCode
    from .products import Messaging

__version__ = VERSION

# Names resolved on first use, so importing the plugin (at discovery) stays cheap.
_LAZY = {
    "Message": "api_v2010", "MessageList": "api_v2010", "MessageContext": "api_v2010",
    "Media": "api_v2010", "MediaList": "api_v2010", "MediaContext": "api_v2010",
    "Feedback": "api_v2010", "FeedbackList": "api_v2010",
    "Service": "messaging_v1", "ServiceList": "messaging_v1", "ServiceContext": "messaging_v1",
    "PhoneNumber": "messaging_v1", "ShortCode": "messaging_v1", "AlphaSender": "messaging_v1",
    "Messaging": "products",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'twilio_messaging' has no attribute {name!r}")
    import importlib

    path = f".{module}" if module == "products" else f"._generated.{module}"
    value = getattr(importlib.import_module(path, __name__), name)
    globals()[name] = value
    return value
