"""twilio-sandbox: a local Twilio REST API for development and tests.

::

    from twilio_sandbox import Sandbox

    with Sandbox() as sandbox:                  # 127.0.0.1, a free port
        client = sandbox.client()               # a twilio_core.Client aimed at it
        ...

Messages, Calls and Video Rooms on Twilio's own paths, Basic auth, Twilio error
bodies, statuses that move on a short clock, and signed webhooks. Also a
command (``twilio-sandbox``) and a pytest plugin (fixtures ``twilio_sandbox``
and ``twilio_sandbox_client``). Importing this package is cheap: the server
loads when a sandbox is created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "Sandbox": "sandbox",
    "SandboxError": "errors",
    "WebhookRecord": "webhooks",
}

__all__ = ["Sandbox", "SandboxError", "WebhookRecord", "__version__"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'twilio_sandbox' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # pragma: no cover
    from .errors import SandboxError
    from .sandbox import Sandbox
    from .webhooks import WebhookRecord
