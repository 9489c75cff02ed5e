"""Twilio Voice for twilio-core: ``client.calls``, ``client.conferences``, ``client.queues``,
``client.recordings`` and ``client.transcriptions`` (Api 2010).

Installing the distribution is all it takes: the ``voice`` entry point
registers the products, and nothing here is imported until a client first
touches one of them. The resource and model classes can be imported from
here for type annotations (``from twilio_voice import CallList``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import VERSION

if TYPE_CHECKING:  # the type checker sees the real classes; at run time they load on first use
    from ._generated.api_v2010 import (
        Call, CallContext, CallList, CallRecording, Conference, ConferenceContext, ConferenceList, Member, Participant,
        Queue, QueueContext, QueueList, Recording, RecordingContext, RecordingList, Transcription,
        TranscriptionContext, TranscriptionList,
    )

__version__ = VERSION

_LAZY = (
    "Call", "CallContext", "CallList", "CallRecording", "Conference", "ConferenceContext", "ConferenceList",
    "Member", "Participant", "Queue", "QueueContext", "QueueList", "Recording", "RecordingContext",
    "RecordingList", "Transcription", "TranscriptionContext", "TranscriptionList",
)

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'twilio_voice' has no attribute {name!r}")
    from ._generated import api_v2010

    value = getattr(api_v2010, name)
    globals()[name] = value
    return value
