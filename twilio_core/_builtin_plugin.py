"""The core's own built-ins, registered through the same hooks as any plugin."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .registry import TransportRegistry

TWILIO_PLUGIN_API = 1


def twilio_register_transports(registry: "TransportRegistry") -> None:
    registry.add("urllib3", "twilio_core.transports.urllib3:create", description="urllib3 connection pool (default)")
