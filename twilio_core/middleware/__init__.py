"""Middleware: small objects the pipeline calls around every request.

Two styles, both composed once per client and sorted by :class:`Stage`:

* :class:`Middleware` (sans-IO): ``on_request`` / ``on_response`` /
  ``on_error`` look at or edit values and do no I/O, so the very same object
  serves the sync pipeline and an async one.
* :class:`WrapMiddleware` (around-style): ``handle(request, call_next)`` for the
  rare case that must decide whether and how the rest of the chain runs
  (a cache, a circuit breaker). Async pipelines call ``ahandle``.

Stages below :attr:`Stage.RETRY` run once per call; stages above it run for
every attempt the retry loop makes (auth, signing, the wire log).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing stays unimported at run time (cheap Client())
if TYPE_CHECKING:  # pragma: no cover
    from typing import Awaitable, Callable

if TYPE_CHECKING:  # pragma: no cover
    from ..errors import TwilioError
    from ..http import Request, Response

__all__ = ["Stage", "Middleware", "WrapMiddleware"]


class Stage:
    """Where a middleware sits. Lower runs first on the way out (request) and last on the way back."""

    #: Shape the request: user agent, default headers.
    BUILD = 100
    #: Once per call, before retries: user middleware by default, call-level logging.
    PER_CALL = 200
    #: The retry loop itself (reserved for the core).
    RETRY = 300
    #: Once per attempt: authentication.
    AUTH = 400
    #: Once per attempt, after auth: request signing (PKCV), wire logging.
    PER_ATTEMPT = 500


class Middleware:
    """Base class for sans-IO middleware. Override any of the three methods.

    ``on_request`` may edit the request in place (return ``None``) or return a
    replacement; ``on_response`` likewise may return a replacement response.
    ``on_error`` sees a :class:`~twilio_core.errors.TwilioError` raised further
    in (transport failure or error mapping) before it propagates; it may not
    swallow it. Methods left as inherited are skipped at no cost.

    Middleware must not keep per-request state on ``self``: a client is shared
    between threads. Use ``request.context`` instead.
    """

    stage: int = Stage.PER_CALL
    #: Name used in ``repr`` and in the user-agent's extension list (optional).
    name: str | None = None

    def on_request(self, request: "Request") -> "Request | None":
        return None

    def on_response(self, request: "Request", response: "Response") -> "Response | None":
        return None

    def on_error(self, request: "Request", error: "TwilioError") -> None:
        return None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} stage={self.stage}>"


class WrapMiddleware:
    """Around-style middleware: full control over calling the rest of the chain."""

    stage: int = Stage.PER_CALL
    name: str | None = None

    def handle(self, request: "Request", call_next: "Callable[[Request], Response]") -> "Response":
        return call_next(request)

    async def ahandle(self, request: "Request", call_next: "Callable[[Request], Awaitable[Response]]") -> "Response":
        return await call_next(request)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} stage={self.stage}>"
