"""The one error this package raises for bad TwiML input."""

from __future__ import annotations

from twilio_core.errors import TwilioError

__all__ = ["TwiMLException"]


class TwiMLException(TwilioError, ValueError):
    """A TwiML document cannot be built, written or read.

    Raised for text or attribute values holding characters XML 1.0 forbids
    (the message names the element and attribute, never the value), invalid
    element or attribute names, nesting something that is neither an element
    nor a string, a malformed language code, and documents :func:`~twilio_twiml.parse`
    refuses (malformed XML, DTDs, entity declarations).
    """
