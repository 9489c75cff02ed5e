"""Twilio JSON Web Tokens: access tokens, capability tokens and Public Key Client Validation.

Same layout as the official library's ``twilio.jwt``, so migrating is an import
rename (``from twilio.jwt.access_token import AccessToken`` becomes
``from twilio_jwt.access_token import AccessToken``). Minting a token needs no
client and no network.
"""

from __future__ import annotations

from ._base import Jwt
from .errors import JwtConfigError, JwtDecodeError, JwtError

__version__ = "0.1.0"
__all__ = ["Jwt", "JwtDecodeError", "JwtError", "JwtConfigError", "__version__"]
