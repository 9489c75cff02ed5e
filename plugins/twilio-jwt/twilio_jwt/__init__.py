"""Twilio JSON Web Tokens: access tokens, capability tokens and Public Key Client Validation.

Same layout as the official library's ``twilio.jwt``, so migrating is an import
rename (``from twilio.jwt.access_token import AccessToken`` becomes
``from twilio_jwt.access_token import AccessToken``). Minting a token needs no
client and no network.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from ._base import Jwt as Jwt
    from .errors import JwtConfigError as JwtConfigError
    from .errors import JwtDecodeError as JwtDecodeError
    from .errors import JwtError as JwtError

__version__ = "0.1.0"
__all__ = ["Jwt", "JwtDecodeError", "JwtError", "JwtConfigError", "__version__"]

# Loaded on first access: plugin discovery imports this package (for twilio_jwt._plugin)
# in every process that builds a client, and most of them never mint a token.
_LAZY = {"Jwt": "_base", "JwtConfigError": "errors", "JwtDecodeError": "errors", "JwtError": "errors"}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'twilio_jwt' has no attribute {name!r}")
    import sys

    qualified = f"{__name__}.{module}"
    __import__(qualified)
    value = getattr(sys.modules[qualified], name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
