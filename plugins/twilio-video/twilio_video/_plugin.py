"""twilio_core plugin entry point (``video``): registers ``client.video``.

An import string only, so the generated resource module loads when a client
first uses ``client.video``, not at discovery.
"""

from __future__ import annotations

from typing import Any

TWILIO_PLUGIN_API = 1


def twilio_register_products(registry: Any) -> None:
    """Called once per process at discovery."""
    registry.add("video", "twilio_video.products:Video",
                 description="Video v1: rooms, participants, recordings, compositions and their settings")
