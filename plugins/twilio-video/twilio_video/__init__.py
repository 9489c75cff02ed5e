"""Twilio Video for twilio-core: ``client.video`` (Video v1 Rooms, Recordings, Compositions,
CompositionHooks, CompositionSettings and RecordingSettings).

Installing the distribution is all it takes: the ``video`` entry point
registers the product, and nothing here is imported until a client first
touches it. The resource and model classes can be imported from here for
type annotations (``from twilio_video import Video, Room``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import VERSION

if TYPE_CHECKING:  # the type checker sees the real classes; at run time they load on first use
    from ._generated.video_v1 import (
        Composition, CompositionHook, CompositionHookList, CompositionList, CompositionSettings, Participant,
        Recording, RecordingList, RecordingRules, RecordingSettings, Room, RoomContext, RoomList, RoomRecording,
        SubscribeRules,
    )
    from .products import Video

__version__ = VERSION

_LAZY = (
    "Composition", "CompositionHook", "CompositionHookList", "CompositionList", "CompositionSettings",
    "Participant", "Recording", "RecordingList", "RecordingRules", "RecordingSettings", "Room", "RoomContext",
    "RoomList", "RoomRecording", "SubscribeRules", "Video",
)

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'twilio_video' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(".products" if name == "Video" else "._generated.video_v1", __name__)
    value = getattr(module, name)
    globals()[name] = value
    return value
