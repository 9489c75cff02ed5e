"""Django adapter: ``@twilio_webhook`` rejects requests not signed by Twilio with 403.

::

    from twilio_core.webhooks.django import twilio_webhook

    @twilio_webhook                      # token from settings / TWILIO_AUTH_TOKEN
    def sms(request): ...

    @twilio_webhook(public_base_url="https://hooks.example.com")
    async def voice(request): ...

The decorated view is CSRF-exempt: Twilio sends no CSRF token, and the signature
is what authenticates the request. Works for sync and async views.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, TypeVar, overload

# Django ships no type information (django-stubs may or may not be installed).
from django.http import HttpRequest, HttpResponse  # type: ignore[import-not-found, import-untyped, unused-ignore]

from .verifier import FORM_TYPES, Tokens, Verdict, WebhookVerifier

__all__ = ["twilio_webhook", "request_url"]

F = TypeVar("F", bound=Callable[..., Any])


def request_url(request: HttpRequest) -> str:
    """The absolute URL as this app saw it, with the path and query as sent when known.

    Uses Django's scheme and host, so ``SECURE_PROXY_SSL_HEADER``,
    ``USE_X_FORWARDED_HOST`` and ``ALLOWED_HOSTS`` apply as elsewhere in the app.
    """
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI")
    path = raw if isinstance(raw, str) and raw.startswith("/") else request.get_full_path()
    return f"{request.scheme}://{request.get_host()}{path}"


def _settings_token() -> Any:
    from django.conf import settings  # type: ignore[import-not-found, import-untyped, unused-ignore]

    return getattr(settings, "TWILIO_AUTH_TOKEN", None)


def _check(verifier: WebhookVerifier, request: HttpRequest) -> HttpResponse | None:
    url = request_url(request)
    content_type = (request.content_type or "").lower()
    header = request.headers.get
    if content_type in FORM_TYPES:
        verdict: Verdict = verifier.verify(url=url, header=header, content_type=content_type, form=request.POST)
    else:
        verdict = verifier.verify(url=url, header=header, content_type=content_type, body=request.body)
    if verdict.ok:
        return None
    verifier.log_rejection(verdict, request.method or "", url)
    return HttpResponse(status=verdict.status, content=b"", content_type="text/plain")


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
    """Decorate a Django view (sync or async) so only requests signed by Twilio reach it.

    Without *auth_token*, the token comes from ``settings.TWILIO_AUTH_TOKEN`` or the
    ``TWILIO_AUTH_TOKEN`` environment variable, read on the first request. Other
    options: see :class:`~twilio_core.webhooks.verifier.WebhookVerifier`.
    """
    verifier = WebhookVerifier(
        auth_token,
        public_base_url=public_base_url,
        trust_forwarded_headers=trust_forwarded_headers,
        shared_key_secret=shared_key_secret,
        token_lookup=_settings_token,
    )

    def decorate(func: F) -> F:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                # The ASGI handler has read the body already: checking it does no I/O.
                rejected = _check(verifier, request)
                if rejected is not None:
                    return rejected
                return await func(request, *args, **kwargs)

            wrapper: Any = async_wrapper
        else:

            @functools.wraps(func)
            def sync_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                rejected = _check(verifier, request)
                if rejected is not None:
                    return rejected
                return func(request, *args, **kwargs)

            wrapper = sync_wrapper
        wrapper.csrf_exempt = True  # the signature authenticates the request
        wrapper.twilio_verifier = verifier
        return wrapper

    return decorate(view) if view is not None else decorate
