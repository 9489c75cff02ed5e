"""Errors raised by twilio_jwt.

Messages name the problem and never hold a secret: no API secret, auth token
or private key text ever appears in one.
"""

from __future__ import annotations

from twilio_core.errors import TwilioError

__all__ = ["JwtError", "JwtDecodeError", "JwtConfigError"]


class JwtError(TwilioError):
    """Base class of every error raised by twilio_jwt."""


class JwtDecodeError(JwtError):
    """A token could not be decoded: bad signature, expired, wrong algorithm or type, malformed."""


class JwtConfigError(JwtError, ValueError):
    """A token or signer was given invalid arguments (missing secret, bad grant, unusable key).

    A :class:`ValueError`, like the errors the official library raises for the same mistakes.
    """
