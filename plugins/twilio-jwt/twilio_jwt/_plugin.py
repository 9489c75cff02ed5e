"""twilio_core plugin entry point (``jwt``).

Tokens need no client, so the only hook is :func:`twilio_add_middleware`: a
client built with ``plugin_options={"client_validation": {...}}`` gets a
:class:`~twilio_jwt.validation.ClientValidationMiddleware` in its pipeline.
Passing the middleware yourself (``Client(middleware=[...])``) works the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:  # pragma: no cover
    from twilio_core.middleware import Middleware

TWILIO_PLUGIN_API = 1

#: The ``plugin_options`` key this plugin reads.
OPTIONS_KEY = "client_validation"
_ACCEPTED = frozenset(
    {"account_sid", "api_key_sid", "signing_key_sid", "credential_sid", "private_key", "private_key_password", "ttl"}
)


def _account_sid_of(config: Any) -> str | None:
    """The client's account SID, wherever this core version keeps it."""
    for holder in (config, getattr(config, "credentials", None)):
        sid = getattr(holder, "account_sid", None)
        if isinstance(sid, str) and sid:
            return sid
    return None


def twilio_add_middleware(config: Any) -> "list[Middleware] | None":
    """Return a PKCV middleware when the client's options ask for one (called once per client).

    ``plugin_options={"client_validation": {"api_key_sid": "SK...", "credential_sid": "CR...",
    "private_key": pem}}``; ``account_sid`` defaults to the client's own. The
    private key is parsed here, once for the client.
    """
    options = getattr(config, "options", None)
    if not isinstance(options, Mapping):
        return None
    settings = options.get(OPTIONS_KEY)
    if not settings:
        return None
    from .errors import JwtConfigError

    if not isinstance(settings, Mapping):
        raise JwtConfigError(f"plugin_options[{OPTIONS_KEY!r}] must be a dict of ClientValidationMiddleware arguments")
    unknown = sorted(str(name) for name in settings if name not in _ACCEPTED)
    if unknown:
        raise JwtConfigError(
            f"unknown plugin_options[{OPTIONS_KEY!r}] keys: {', '.join(unknown)}; accepted: {', '.join(sorted(_ACCEPTED))}"
        )
    from .validation import ClientValidationMiddleware

    kwargs = dict(settings)
    kwargs.setdefault("account_sid", _account_sid_of(config))
    return [ClientValidationMiddleware(**kwargs)]
