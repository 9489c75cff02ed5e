"""Product factories: ``client.calls``, ``client.conferences``, ``client.queues``, ``client.recordings``, ``client.transcriptions``."""

from __future__ import annotations

from twilio_core.resources import ClientVar

from ._generated.api_v2010 import CallList, ConferenceList, QueueList, RecordingList, TranscriptionList

__all__ = ["calls", "conferences", "queues", "recordings", "transcriptions"]


def calls(client: ClientVar) -> CallList[ClientVar]:
    """``client.calls``: the Calls of the client's account."""
    return CallList(client)


def conferences(client: ClientVar) -> ConferenceList[ClientVar]:
    """``client.conferences``: the Conferences of the client's account."""
    return ConferenceList(client)


def queues(client: ClientVar) -> QueueList[ClientVar]:
    """``client.queues``: the call Queues of the client's account."""
    return QueueList(client)


def recordings(client: ClientVar) -> RecordingList[ClientVar]:
    """``client.recordings``: every Recording of the client's account."""
    return RecordingList(client)


def transcriptions(client: ClientVar) -> TranscriptionList[ClientVar]:
    """``client.transcriptions``: every Transcription of the client's account."""
    return TranscriptionList(client)
