"""Flask adapter: ``@twilio_webhook`` rejects requests not signed by Twilio with 403.

::

    from twilio_core.webhooks.flask import twilio_webhook

    @app.post("/sms")
    @twilio_webhook                      # token from app.config / TWILIO_AUTH_TOKEN
    def sms(): ...

    @app.post("/voice")
    @twilio_webhook(public_base_url="https://hooks.example.com")
    def voice(): ...
"""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar, overload

from flask import Request, abort, current_app, request

from .verifier import FORM_TYPES, Tokens, WebhookVerifier

__all__ = ["twilio_webhook", "request_url"]

F = TypeVar("F", bound=Callable[..., Any])


def request_url(req: Request) -> str:
    """The absolute URL as this app saw it, with the path and query exactly as sent."""
    raw = req.environ.get("RAW_URI") or req.environ.get("REQUEST_URI")
    if isinstance(raw, str) and raw.startswith("/"):
        return f"{req.scheme}://{req.host}{raw}"
    return req.url  # werkzeug re-quotes the decoded path


def _config_token() -> Any:
    return current_app.config.get("TWILIO_AUTH_TOKEN")


@overload
def twilio_webhook(view: F) -> F: ...


@overload
def twilio_webhook(
    view: None = None,
    *,
    auth_token: Tokens | None = None,
    public_base_url: str | None = None,
    trust_forwarded_headers: bool = False,
    shared_key_secret: Any = None,
) -> Callable[[F], F]: ...


def twilio_webhook(
    view: F | None = None,
    *,
    auth_token: Tokens | None = None,
    public_base_url: str | None = None,
    trust_forwarded_headers: bool = False,
    shared_key_secret: Any = None,
) -> Any:
    """Decorate a Flask view so only requests signed by Twilio reach it.

    Without *auth_token*, the token comes from ``app.config["TWILIO_AUTH_TOKEN"]``
    or the ``TWILIO_AUTH_TOKEN`` environment variable, read on the first request.
    Other options: see :class:`~twilio_core.webhooks.verifier.WebhookVerifier`.
    """
    verifier = WebhookVerifier(
        auth_token,
        public_base_url=public_base_url,
        trust_forwarded_headers=trust_forwarded_headers,
        shared_key_secret=shared_key_secret,
        token_lookup=_config_token,
    )

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            url = request_url(request)
            if request.mimetype in FORM_TYPES:
                verdict = verifier.verify(
                    url=url, header=request.headers.get, content_type=request.mimetype, form=request.form
                )
            else:
                # cache=True keeps the raw body readable by the view (request.get_json()).
                body = request.get_data(cache=True)
                verdict = verifier.verify(
                    url=url, header=request.headers.get, content_type=request.mimetype, body=body
                )
            if not verdict.ok:
                verifier.log_rejection(verdict, request.method, url)
                abort(verdict.status)
            return func(*args, **kwargs)

        wrapper.twilio_verifier = verifier  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate(view) if view is not None else decorate
