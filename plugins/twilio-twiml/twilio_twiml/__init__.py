"""TwiML for Voice, Messaging and Fax: build, write and read Twilio's XML instructions.

Usable without a client::

    from twilio_twiml.voice_response import VoiceResponse

    response = VoiceResponse()
    with response.gather(action="/menu", num_digits=1) as gather:
        gather.say("Press 1 for sales.", voice="alice")
    print(response)

The element modules mirror the official library's (``voice_response``,
``messaging_response``, ``fax_response``), so migrating is an import rename.
Importing this package is cheap: the element modules and the parser load on
first use, and neither urllib3, pluggy nor importlib.metadata is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> module defining it, imported on first access (plugin discovery imports
# this package for twilio_twiml._plugin in every process that builds a client).
_LAZY = {
    "GenericNode": "base",
    "TwiML": "base",
    "TwiMLException": "errors",
    "format_language": "naming",
    "lower_camel": "naming",
    "parse": "parser",
    "VoiceResponse": "voice_response",
    "MessagingResponse": "messaging_response",
    "FaxResponse": "fax_response",
}

__all__ = [
    "FaxResponse",
    "GenericNode",
    "MessagingResponse",
    "TwiML",
    "TwiMLException",
    "VoiceResponse",
    "__version__",
    "format_language",
    "lower_camel",
    "parse",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'twilio_twiml' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from .base import GenericNode, TwiML
    from .errors import TwiMLException
    from .naming import format_language, lower_camel
    from .fax_response import FaxResponse
    from .messaging_response import MessagingResponse
    from .parser import parse
    from .voice_response import VoiceResponse
