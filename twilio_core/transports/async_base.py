"""The async transport interface: the one place the async pipeline does network I/O.

An :class:`AsyncTransport` sends one :class:`~twilio_core.http.Request` and
returns one :class:`~twilio_core.http.Response`, like the sync
:class:`~twilio_core.transports.base.Transport`, but with coroutines. Async
transports ship as plugins (``twilio-aiohttp``) and register a factory through
the ``twilio_register_transports`` hook, marked so the core can tell it apart
from sync transports without importing it::

    def create(options):
        from .transport import MyAsyncTransport   # the heavy import, on first use
        return MyAsyncTransport(options)

    create.asynchronous = True

    def twilio_register_transports(registry):
        registry.add("mine", create, description="...")

This module is imported by :class:`~twilio_core.AsyncClient` only; it imports
asyncio lazily and never at ``import twilio_core``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..http import Request, Response, Timeout
    from ..registry import Entry

__all__ = ["AsyncTransport", "InlineTransport", "is_async_entry", "is_async_transport", "INSTALL_HINT"]

#: The first-party distribution to install for an async transport.
INSTALL_HINT = "twilio-aiohttp"


class AsyncTransport:
    """Send a request and return its response, asynchronously.

    Implementations must be safe for many concurrent tasks of one event loop,
    must not follow redirects, must bound their connection pool (``pool_maxsize``
    from :class:`~twilio_core.transports.base.TransportOptions`), and must turn
    every failure into :class:`~twilio_core.errors.TwilioConnectionError` or
    :class:`~twilio_core.errors.TwilioTimeoutError` (``sent=False`` only when
    the request certainly never left), with a message naming method and URL and
    no header values. Cancellation (:class:`asyncio.CancelledError`) must
    propagate unchanged and leave the pool usable: a connection whose exchange
    was cut short is closed, not reused.
    """

    #: Marks async transports (and their factories) for the client.
    asynchronous = True

    async def send(self, request: "Request", timeout: "Timeout") -> "Response":
        raise NotImplementedError

    async def aclose(self) -> None:
        """Release connections. Called once by ``AsyncClient.aclose()``."""

    async def sleep(self, seconds: float) -> None:
        """Wait between retries without blocking the event loop. Test doubles may override it."""
        import asyncio

        await asyncio.sleep(seconds)


class InlineTransport(AsyncTransport):
    """Runs a sync transport that never blocks (an in-memory test double) under the async pipeline.

    :class:`~twilio_core.testing.MockTransport` answers from memory, so calling
    its ``send`` from a coroutine is fine; the async client wraps it in this
    adapter automatically. Never use it for a transport that does network I/O:
    it would block the event loop.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def send(self, request: "Request", timeout: "Timeout") -> "Response":
        return self.inner.send(request, timeout)

    async def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)

    async def aclose(self) -> None:
        self.inner.close()

    def __repr__(self) -> str:
        return f"<InlineTransport {self.inner!r}>"


def is_async_transport(obj: Any) -> bool:
    """Whether ``obj`` is an async transport instance (``send`` is a coroutine function)."""
    import inspect

    send = getattr(obj, "send", None)
    return send is not None and inspect.iscoroutinefunction(send)


def is_async_entry(entry: "Entry") -> bool:
    """Whether a transport registry entry is an async transport, without importing anything.

    True when the registered target (a factory or class object) carries
    ``asynchronous = True``. Entries registered by import string are not
    imported to find out: they count as sync unless named explicitly.
    """
    target = entry.target
    return not isinstance(target, str) and getattr(target, "asynchronous", False) is True
