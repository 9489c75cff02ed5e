"""The async request pipeline: the sync pipeline's shape, run with coroutines.

::

    Request -> per-call middleware (stage < RETRY) -> retry loop:
        [ per-attempt middleware (stage > RETRY) -> await transport.send ] -> Response
    -> error mapping (TwilioRestError for status >= 400)

It runs the very same middleware objects as :class:`~twilio_core.pipeline.Pipeline`:
sans-IO :class:`~twilio_core.middleware.Middleware` methods are plain calls
between awaits; :class:`~twilio_core.middleware.WrapMiddleware` runs through its
``ahandle``. The retry decision is the same :class:`RetryPolicy`; only the
waiting differs: ``await transport.sleep(delay)``. The chain is composed once
per client; a request costs one coroutine per layer that does something.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable, Sequence

from .errors import TransportError, TwilioError, rest_error_from_response
from .middleware import Middleware, Stage, WrapMiddleware
from .pipeline import _overrides, log_retry, sort_middleware

if TYPE_CHECKING:  # pragma: no cover
    from .http import Request, Response, Timeout
    from .middleware.retry import RetryPolicy
    from .transports.async_base import AsyncTransport

__all__ = ["AsyncPipeline"]

ASend = Callable[["Request"], Awaitable["Response"]]


def _is_wrap(mw: Any) -> bool:
    return isinstance(mw, WrapMiddleware) or (not isinstance(mw, Middleware) and hasattr(mw, "handle"))


def _wrap(mw: Any, inner: ASend) -> ASend:
    """One async layer of the chain for ``mw`` around ``inner``."""
    if _is_wrap(mw):
        ahandle = getattr(mw, "ahandle", None)
        cls = type(mw)
        # A subclass that overrides handle() but inherits the pass-through ahandle()
        # would silently skip its own logic on the async client: refuse it instead.
        only_sync = getattr(cls, "handle", None) is not WrapMiddleware.handle and (
            getattr(cls, "ahandle", None) is WrapMiddleware.ahandle
        )
        if ahandle is None or only_sync:
            from .errors import ConfigurationError

            raise ConfigurationError(
                f"{mw!r} overrides handle() but has no ahandle(); around-style middleware needs an async "
                "form (async def ahandle(self, request, call_next)) to run on AsyncClient"
            )

        async def wrapped(request: "Request") -> "Response":
            return await ahandle(request, inner)

        return wrapped

    on_request = mw.on_request if _overrides(mw, "on_request") else None
    on_response = mw.on_response if _overrides(mw, "on_response") else None
    on_error = mw.on_error if _overrides(mw, "on_error") else None
    if on_request is None and on_response is None and on_error is None:
        return inner

    async def layer(request: "Request") -> "Response":
        if on_request is not None:
            replaced = on_request(request)
            if replaced is not None:
                request = replaced
        if on_error is not None:
            try:
                response = await inner(request)
            except TwilioError as exc:
                on_error(request, exc)
                raise
        else:
            response = await inner(request)
        if on_response is not None:
            replaced_response = on_response(request, response)
            if replaced_response is not None:
                return replaced_response
        return response

    return layer


def _compose(middleware: Sequence[Any], inner: ASend) -> ASend:
    for mw in reversed(middleware):
        inner = _wrap(mw, inner)
    return inner


class AsyncPipeline:
    """Runs requests through middleware, retries and an async transport. Built once per client, immutable."""

    def __init__(
        self,
        transport: "AsyncTransport",
        middleware: Iterable[Any],
        retry: "RetryPolicy | None",
        timeout: "Timeout",
    ) -> None:
        ordered = sort_middleware(middleware)
        self.middleware = tuple(ordered)
        self.transport = transport
        self.retry = retry
        self.timeout = timeout
        per_call = [m for m in ordered if m.stage < Stage.RETRY]
        per_attempt = [m for m in ordered if m.stage > Stage.RETRY]
        send = transport.send

        async def transport_send(request: "Request") -> "Response":
            response = await send(request, request.context.get("timeout") or timeout)
            response.request = request
            return response

        self._attempt = _compose(per_attempt, transport_send)
        self._copy_per_attempt = bool(per_attempt)
        loop = self._retry_loop if retry is not None else self._single_attempt if per_attempt else self._attempt
        self._call = _compose(per_call, loop)

    async def _single_attempt(self, request: "Request") -> "Response":
        # Retries off: still a copy, so auth never writes into the caller's request.
        return await self._attempt(request.copy())

    async def _retry_loop(self, request: "Request") -> "Response":
        retry = self.retry
        assert retry is not None
        attempt_send = self._attempt
        copy_each = self._copy_per_attempt
        started = time.monotonic()
        attempt = 1
        while True:
            request.context["attempt"] = attempt
            # Per-attempt middleware edits a copy, so every attempt starts from the same request.
            try:
                response = await attempt_send(request.copy() if copy_each else request)
                error = None
            except TransportError as exc:
                response, error = None, exc
            decision = retry.decide(request, response, error, attempt, time.monotonic() - started)
            if decision is None:
                if error is not None:
                    raise error
                assert response is not None
                return response
            delay, reason = decision
            log_retry(request, reason, delay, attempt + 1, retry.max_attempts)
            await self.transport.sleep(delay)
            attempt += 1

    async def send(self, request: "Request", *, raise_for_status: bool = True) -> "Response":
        """Send ``request`` through the chain; raise :class:`TwilioRestError` for status >= 400."""
        response = await self._call(request)
        if raise_for_status and response.status >= 400:
            raise rest_error_from_response(response)
        return response

    def __repr__(self) -> str:
        return (
            f"<AsyncPipeline {', '.join(type(m).__name__ for m in self.middleware)} -> {type(self.transport).__name__}>"
        )
