"""Starlette / FastAPI adapter: reject requests not signed by Twilio with 403.

Three ways in, all non-blocking (the body is awaited, the check is pure CPU):

* ``TwilioWebhookMiddleware``: pure ASGI middleware for some path prefixes; it
  reads the body, checks it and replays it to the app unchanged.
* ``@twilio_webhook``: for a Starlette endpoint ``async def sms(request)``.
* ``TwilioWebhookDependency``: a FastAPI dependency,
  ``@app.post("/sms", dependencies=[Depends(TwilioWebhookDependency())])``.

Form bodies are parsed here (no python-multipart needed); JSON bodies are checked
through ``bodySHA256``.
"""

from __future__ import annotations

import functools
from typing import Any, Awaitable, Callable, Iterable, Sequence

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .verifier import Tokens, Verdict, WebhookVerifier

__all__ = [
    "TwilioWebhookMiddleware",
    "TwilioWebhookDependency",
    "twilio_webhook",
    "request_url",
    "verify_request",
]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def request_url(scope: Scope) -> str:
    """The absolute URL as this app saw it: raw path and query exactly as received."""
    scheme = scope.get("scheme", "http")
    host = Headers(scope=scope).get("host")
    if not host:
        server = scope.get("server")
        if server:
            name, port = server[0], server[1]
            host = name if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{name}:{port}"
        else:
            host = "localhost"
    raw_path = scope.get("raw_path")
    if raw_path:
        path = raw_path.decode("latin-1")
    else:
        from urllib.parse import quote

        path = quote(scope.get("root_path", "") + scope.get("path", "/"), safe="/:@!$&'()*+,;=%~")
    query = scope.get("query_string", b"").decode("latin-1")
    return f"{scheme}://{host}{path}" + (f"?{query}" if query else "")


def _content_type(headers: Headers) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _check(verifier: WebhookVerifier, scope: Scope, body: bytes) -> tuple[Verdict, str]:
    headers = Headers(scope=scope)
    url = request_url(scope)
    verdict = verifier.verify(url=url, header=headers.get, content_type=_content_type(headers), body=body)
    if not verdict.ok:
        verifier.log_rejection(verdict, scope.get("method", ""), url)
    return verdict, url


async def verify_request(verifier: WebhookVerifier, request: Request) -> Verdict:
    """Check a Starlette request (its body is read once and stays available)."""
    body = await request.body()
    verdict, _ = _check(verifier, request.scope, body)
    return verdict


def _make_verifier(options: dict[str, Any]) -> WebhookVerifier:
    return WebhookVerifier(
        options.pop("auth_token", None),
        public_base_url=options.pop("public_base_url", None),
        trust_forwarded_headers=options.pop("trust_forwarded_headers", False),
        shared_key_secret=options.pop("shared_key_secret", None),
    )


class TwilioWebhookMiddleware:
    """Pure ASGI middleware checking Twilio webhooks on the given path prefixes.

    :param paths: path prefixes to protect (e.g. ``["/twilio/"]``); None for all
        HTTP requests. Other paths pass through untouched.
    :param max_body_size: larger bodies get 413 without being read to the end
        (Twilio's webhooks are a few KB).
    Other options: see :class:`~twilio_core.webhooks.verifier.WebhookVerifier`.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        paths: Iterable[str] | None = None,
        auth_token: Tokens | None = None,
        public_base_url: str | None = None,
        trust_forwarded_headers: bool = False,
        shared_key_secret: Any = None,
        max_body_size: int = 1 << 20,
    ) -> None:
        self.app = app
        self.paths: tuple[str, ...] | None = tuple(paths) if paths is not None else None
        self.max_body_size = max_body_size
        self.verifier = WebhookVerifier(
            auth_token,
            public_base_url=public_base_url,
            trust_forwarded_headers=trust_forwarded_headers,
            shared_key_secret=shared_key_secret,
        )

    def _applies(self, scope: Scope) -> bool:
        if scope["type"] != "http":
            return False
        return self.paths is None or scope.get("path", "").startswith(self.paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._applies(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left; nothing to answer
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_size:
                self.verifier.log_rejection(
                    Verdict(False, 413, f"body larger than {self.max_body_size} bytes"),
                    scope.get("method", ""),
                    request_url(scope),
                )
                await PlainTextResponse("Payload Too Large", status_code=413)(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        verdict, _ = _check(self.verifier, scope, body)
        if not verdict.ok:
            await PlainTextResponse(_reason_phrase(verdict.status), status_code=verdict.status)(
                scope, receive, send
            )
            return

        replayed = False

        async def replay() -> Message:
            # The app reads the same body; later calls reach the server (disconnect).
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def twilio_webhook(endpoint: Callable[..., Any] | None = None, **options: Any) -> Any:
    """Decorate a Starlette endpoint (``request -> response``) so only Twilio reaches it.

    Usable bare (``@twilio_webhook``: token from ``TWILIO_AUTH_TOKEN``) or with the
    options of :class:`~twilio_core.webhooks.verifier.WebhookVerifier`.
    """
    verifier = _make_verifier(dict(options))

    def decorate(func: Callable[..., Any]) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(func)
        async def wrapper(request: Request) -> Any:
            verdict = await verify_request(verifier, request)
            if not verdict.ok:
                return PlainTextResponse(_reason_phrase(verdict.status), status_code=verdict.status)
            if _is_async(func):
                return await func(request)
            return await run_in_threadpool(func, request)

        wrapper.twilio_verifier = verifier  # type: ignore[attr-defined]
        return wrapper

    return decorate(endpoint) if endpoint is not None else decorate


class TwilioWebhookDependency:
    """A FastAPI dependency that raises ``HTTPException(403)`` for unsigned requests.

    ``@app.post("/sms", dependencies=[Depends(TwilioWebhookDependency())])``; the
    route can still read the form or JSON body afterwards.
    """

    def __init__(
        self,
        auth_token: Tokens | None = None,
        *,
        public_base_url: str | None = None,
        trust_forwarded_headers: bool = False,
        shared_key_secret: str | bytes | Sequence[str | bytes] | None = None,
    ) -> None:
        self.verifier = WebhookVerifier(
            auth_token,
            public_base_url=public_base_url,
            trust_forwarded_headers=trust_forwarded_headers,
            shared_key_secret=shared_key_secret,
        )

    async def __call__(self, request: Request) -> None:
        verdict = await verify_request(self.verifier, request)
        if not verdict.ok:
            raise HTTPException(status_code=verdict.status)


# FastAPI reads the parameter's type from the annotation. Recent versions evaluate
# the string "Request" in this module; older ones look for __globals__ on the
# instance, find none and would take `request` for a query parameter.
TwilioWebhookDependency.__call__.__annotations__["request"] = Request


def _is_async(func: Callable[..., Any]) -> bool:
    import inspect

    while isinstance(func, functools.partial):
        func = func.func
    return inspect.iscoroutinefunction(func) or inspect.iscoroutinefunction(getattr(func, "__call__", None))


def _reason_phrase(status: int) -> str:
    return {403: "Forbidden", 413: "Payload Too Large", 500: "Internal Server Error"}.get(status, "Error")
