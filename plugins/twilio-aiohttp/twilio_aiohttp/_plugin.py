"""twilio_core plugin entry point (``aiohttp``): registers the ``"aiohttp"`` async transport.

Imported at plugin discovery, so it stays tiny: no aiohttp, no asyncio. The
factory is marked ``asynchronous`` so :class:`~twilio_core.AsyncClient` picks
it by default (when it is the only async transport installed) and the sync
``Client`` refuses it, both without importing aiohttp.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from twilio_core.registry import TransportRegistry
    from twilio_core.transports.base import TransportOptions

    from .transport import AiohttpTransport

TWILIO_PLUGIN_API = 1


def create(options: "TransportOptions") -> "AiohttpTransport":
    """Build the transport for one client (imports aiohttp on first use)."""
    from .transport import AiohttpTransport

    return AiohttpTransport(options)


create.asynchronous = True  # type: ignore[attr-defined]


def twilio_register_transports(registry: "TransportRegistry") -> None:
    """Register ``"aiohttp"`` (called once per process, at discovery)."""
    registry.add("aiohttp", create, description="aiohttp ClientSession (async, for AsyncClient)")
