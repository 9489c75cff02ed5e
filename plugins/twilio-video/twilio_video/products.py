"""``client.video``: the Video v1 namespace."""

from __future__ import annotations

from functools import cached_property

from twilio_core.resources import ClientT, Namespace

from ._generated.video_v1 import (
    CompositionHookList,
    CompositionList,
    CompositionSettingsContext,
    RecordingList,
    RecordingSettingsContext,
    RoomList,
)

__all__ = ["Video"]


class Video(Namespace[ClientT]):
    """``client.video``: rooms, recordings, compositions, composition hooks and the account's settings."""

    @cached_property
    def rooms(self) -> RoomList[ClientT]:
        """Video Rooms (``client.video.rooms``), with participants, recordings and recording rules."""
        return RoomList(self._client)

    @cached_property
    def recordings(self) -> RecordingList[ClientT]:
        """Every track recording of the account (``client.video.recordings``)."""
        return RecordingList(self._client)

    @cached_property
    def compositions(self) -> CompositionList[ClientT]:
        """Compositions of room recordings (``client.video.compositions``)."""
        return CompositionList(self._client)

    @cached_property
    def composition_hooks(self) -> CompositionHookList[ClientT]:
        """Composition hooks: compositions made automatically when rooms end."""
        return CompositionHookList(self._client)

    @cached_property
    def composition_settings(self) -> CompositionSettingsContext[ClientT]:
        """The account's default composition settings (``.fetch()``, ``.create(...)``)."""
        return CompositionSettingsContext(self._client)

    @cached_property
    def recording_settings(self) -> RecordingSettingsContext[ClientT]:
        """The account's default recording settings (``.fetch()``, ``.create(...)``)."""
        return RecordingSettingsContext(self._client)
