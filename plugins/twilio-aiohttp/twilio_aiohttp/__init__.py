"""twilio-aiohttp: the async transport for :class:`twilio_core.AsyncClient`, built on aiohttp.

Installing the distribution is all it takes: ``AsyncClient()`` picks it when it
is the only async transport installed. :class:`AiohttpTransport` can also be
built and passed explicitly (``AsyncClient(transport=AiohttpTransport(options))``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["AiohttpTransport", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .transport import AiohttpTransport


def __getattr__(name: str) -> Any:
    # aiohttp is imported only when the transport is actually used.
    if name == "AiohttpTransport":
        from .transport import AiohttpTransport

        return AiohttpTransport
    raise AttributeError(f"module 'twilio_aiohttp' has no attribute {name!r}")
