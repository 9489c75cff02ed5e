"""Errors raised by twilio_jwt.

Messages name the problem and never hold a secret: no API secret, auth token
or private key text ever appears in one.
"""

from __future__ import annotations

import re

from twilio_core.errors import TwilioError

_SID_SHAPE = re.compile(r"[A-Z]{2}[0-9a-fA-F]{32}")

__all__ = ["JwtError", "JwtDecodeError", "JwtConfigError", "shown_sid"]


class JwtError(TwilioError):
    """Base class of every error raised by twilio_jwt."""


class JwtDecodeError(JwtError):
    """A token could not be decoded: bad signature, expired, wrong algorithm or type, malformed."""


class JwtConfigError(JwtError, ValueError):
    """A token or signer was given invalid arguments (missing secret, bad grant, unusable key).

    A :class:`ValueError`, like the errors the official library raises for the same mistakes.
    """


def shown_sid(value: object) -> str:
    """How an error shows a value given where a SID belongs.

    A SID-shaped value (of the wrong kind) is shown, since it is no secret and helps;
    anything else may be a secret passed in the wrong position (an auth token or API
    secret is 32 characters), so only its type and length are said.
    """
    if isinstance(value, str) and _SID_SHAPE.fullmatch(value):
        return repr(value)
    if isinstance(value, (str, bytes)):
        return f"a {type(value).__name__} of {len(value)} characters that is not a SID"
    return type(value).__name__
