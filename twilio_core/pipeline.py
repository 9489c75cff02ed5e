"""The sync request pipeline, composed once per client.

::

    Request -> per-call middleware (stage < RETRY) -> retry loop:
        [ per-attempt middleware (stage > RETRY) -> transport.send ] -> Response
    -> error mapping (TwilioRestError for status >= 400)

Middleware is sorted by ``stage`` (stable, so equal stages keep the order they
were given in), and the chain is built out of plain closures at construction:
a request costs ordinary function calls, no hook dispatch, no sorting, no
lookups. Methods a middleware did not override are skipped entirely.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from .errors import TransportError, TwilioError, rest_error_from_response
from .middleware import Middleware, Stage, WrapMiddleware

if TYPE_CHECKING:  # pragma: no cover
    from .http import Request, Response, Timeout
    from .middleware.retry import RetryPolicy
    from .transports.base import Transport

__all__ = ["Pipeline", "sort_middleware"]

retry_log = logging.getLogger("twilio_core.retry")

Send = Callable[["Request"], "Response"]


def log_retry(request: "Request", reason: str, delay: float, next_attempt: int, max_attempts: int) -> None:
    """The one line every retry logs (sync and async pipelines alike)."""
    retry_log.info(
        "retrying %s %s%s after %s in %.2f s (attempt %d of %d)",
        request.method, request.host, request.path, reason, delay, next_attempt, max_attempts,
    )


def sort_middleware(items: Iterable[Any]) -> list[Any]:
    """Validate and sort middleware by stage (stable)."""
    checked = []
    for item in items:
        stage = getattr(item, "stage", None)
        if not isinstance(stage, int) or isinstance(stage, bool):
            from .errors import ConfigurationError

            raise ConfigurationError(f"middleware {item!r} has no integer 'stage' (see twilio_core.Stage)")
        if stage == Stage.RETRY:
            from .errors import ConfigurationError

            raise ConfigurationError(f"middleware {item!r}: stage RETRY is reserved for the retry policy")
        if not isinstance(item, (Middleware, WrapMiddleware)) and not (
            hasattr(item, "on_request") or hasattr(item, "handle")
        ):
            from .errors import ConfigurationError

            raise ConfigurationError(f"{item!r} is not middleware: subclass twilio_core.Middleware or WrapMiddleware")
        checked.append(item)
    return sorted(checked, key=lambda m: m.stage)


def _overrides(obj: Any, name: str) -> bool:
    """True if ``obj`` defines ``name`` itself (not the no-op base method)."""
    method = getattr(type(obj), name, None)
    return method is not None and method is not getattr(Middleware, name, None)


def _wrap(mw: Any, inner: Send) -> Send:
    """One layer of the chain for ``mw`` around ``inner``."""
    if isinstance(mw, WrapMiddleware) or (not isinstance(mw, Middleware) and hasattr(mw, "handle")):
        handle = mw.handle

        def wrapped(request: "Request") -> "Response":
            return handle(request, inner)

        return wrapped

    on_request = mw.on_request if _overrides(mw, "on_request") else None
    on_response = mw.on_response if _overrides(mw, "on_response") else None
    on_error = mw.on_error if _overrides(mw, "on_error") else None
    if on_request is None and on_response is None and on_error is None:
        return inner

    def layer(request: "Request") -> "Response":
        if on_request is not None:
            replaced = on_request(request)
            if replaced is not None:
                request = replaced
        if on_error is not None:
            try:
                response = inner(request)
            except TwilioError as exc:
                on_error(request, exc)
                raise
        else:
            response = inner(request)
        if on_response is not None:
            replaced_response = on_response(request, response)
            if replaced_response is not None:
                return replaced_response
        return response

    return layer


def _compose(middleware: Sequence[Any], inner: Send) -> Send:
    for mw in reversed(middleware):
        inner = _wrap(mw, inner)
    return inner


class Pipeline:
    """Runs requests through middleware, retries and a transport. Built once per client, immutable."""

    def __init__(
        self,
        transport: "Transport",
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

        def transport_send(request: "Request") -> "Response":
            response = send(request, request.context.get("timeout") or timeout)
            response.request = request
            return response

        self._attempt = _compose(per_attempt, transport_send)
        self._copy_per_attempt = bool(per_attempt)
        loop = self._retry_loop if retry is not None else self._single_attempt if per_attempt else self._attempt
        self._call = _compose(per_call, loop)

    def _single_attempt(self, request: "Request") -> "Response":
        # Retries off: still a copy, so auth never writes into the caller's request.
        return self._attempt(request.copy())

    def _retry_loop(self, request: "Request") -> "Response":
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
                response = attempt_send(request.copy() if copy_each else request)
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
            self.transport.sleep(delay)
            attempt += 1

    def send(self, request: "Request", *, raise_for_status: bool = True) -> "Response":
        """Send ``request`` through the chain; raise :class:`TwilioRestError` for status >= 400."""
        response = self._call(request)
        if raise_for_status and response.status >= 400:
            raise rest_error_from_response(response)
        return response

    def __repr__(self) -> str:
        return f"<Pipeline {', '.join(type(m).__name__ for m in self.middleware)} -> {type(self.transport).__name__}>"
