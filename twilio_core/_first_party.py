"""Which distribution provides each first-party product, for the install hint."""

from __future__ import annotations

FIRST_PARTY_PRODUCTS = {
    "messages": "twilio-messaging",
    "messaging": "twilio-messaging",
    "calls": "twilio-voice",
    "conferences": "twilio-voice",
    "queues": "twilio-voice",
    "recordings": "twilio-voice",
    "transcriptions": "twilio-voice",
    "video": "twilio-video",
}
