"""Product factories: ``client.calls``, ``client.conferences``, ``client.queues``, ``client.recordings``, ``client.transcriptions``."""

from __future__ import annotations

from typing import Any

from ._generated.api_v2010 import CallList, ConferenceList, QueueList, RecordingList, TranscriptionList

__all__ = ["calls", "conferences", "queues", "recordings", "transcriptions"]


def calls(client: Any) -> CallList:
    """``client.calls``: the Calls of the client's account."""
    return CallList(client)


def conferences(client: Any) -> ConferenceList:
    """``client.conferences``: the Conferences of the client's account."""
    return ConferenceList(client)


def queues(client: Any) -> QueueList:
    """``client.queues``: the call Queues of the client's account."""
    return QueueList(client)


def recordings(client: Any) -> RecordingList:
    """``client.recordings``: every Recording of the client's account."""
    return RecordingList(client)


def transcriptions(client: Any) -> TranscriptionList:
    """``client.transcriptions``: every Transcription of the client's account."""
    return TranscriptionList(client)
