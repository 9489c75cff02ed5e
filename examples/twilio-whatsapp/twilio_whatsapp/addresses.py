"""WhatsApp addresses: ``whatsapp:`` followed by an E.164 number.

Twilio sends and receives WhatsApp messages through the Messages API; what makes a
message a WhatsApp one is the ``whatsapp:`` prefix on both ``To`` and ``From``.
"""

from __future__ import annotations

import re

from twilio_core import InvalidParameterError

__all__ = ["PREFIX", "whatsapp_address", "is_whatsapp_address", "phone_number"]

PREFIX = "whatsapp:"
# E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
# Separators people type in numbers; E.164 has none, so they are dropped.
_SEPARATORS = re.compile(r"[\s\-().]")


def whatsapp_address(number: str, *, what: str = "address") -> str:
    """``"whatsapp:+14155238886"`` from ``"+14155238886"``, ``"whatsapp:+1 415 523 8886"`` and the like.

    The prefix is added when missing (any letter case is accepted); spaces, dashes, dots and
    brackets are dropped. Raises :class:`twilio_core.InvalidParameterError` (a ``ValueError``)
    naming ``what`` unless the rest is an E.164 number: a plus and 7 to 15 digits.
    """
    if not isinstance(number, str):
        raise InvalidParameterError(f"WhatsApp {what} must be a string, got {type(number).__name__}")
    text = number.strip()
    if text[:len(PREFIX)].lower() == PREFIX:
        text = text[len(PREFIX):]
    digits = _SEPARATORS.sub("", text)
    if not _E164.fullmatch(digits):
        raise InvalidParameterError(
            f"WhatsApp {what} must be an E.164 phone number such as +14155238886 "
            f"(optionally prefixed 'whatsapp:'), got {number!r}"
        )
    return PREFIX + digits


def is_whatsapp_address(value: object) -> bool:
    """True for a well-formed ``whatsapp:+E164`` address (exactly as Twilio writes it)."""
    return (isinstance(value, str) and value.startswith(PREFIX)
            and _E164.fullmatch(value[len(PREFIX):]) is not None)


def phone_number(address: str) -> str:
    """The E.164 number of a WhatsApp address: ``"whatsapp:+14155238886"`` -> ``"+14155238886"``."""
    return whatsapp_address(address)[len(PREFIX):]
