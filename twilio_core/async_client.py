"""The asynchronous :class:`AsyncClient`: the same configuration and products as ``Client``, awaited.

::

    async with AsyncClient(account_sid, auth_token) as client:
        message = await client.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
        async for call in client.calls.stream(limit=20):
            ...

Product plugins declare each operation once; the resource engine hands every
request to the client (``_execute``), and this client answers with awaitables
where :class:`~twilio_core.Client` answers with results. Requests run through
:class:`~twilio_core.async_pipeline.AsyncPipeline` (the very same middleware
objects as the sync pipeline) and an async transport plugin such as
``twilio-aiohttp``. This module is imported only by code that uses it; ``import
twilio_core`` and the sync client never load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Iterable, Mapping

from ._client_base import _DEFAULT, BaseClient
from .errors import ConfigurationError
from .http import DEFAULT_TIMEOUT, Request, Timeout
from .transports.async_base import INSTALL_HINT, InlineTransport, is_async_entry, is_async_transport

if TYPE_CHECKING:  # pragma: no cover
    from .async_pipeline import AsyncPipeline
    from .http import Response
    from .middleware import Middleware, WrapMiddleware
    from .middleware.retry import RetryPolicy
    from .registry import Entry
    from .transports.async_base import AsyncTransport

__all__ = ["AsyncClient", "ASYNC_TRANSPORT_ENV"]

#: Environment variable naming the async transport when several are installed.
ASYNC_TRANSPORT_ENV = "TWILIO_ASYNC_TRANSPORT"


class AsyncClient(BaseClient):
    """An asyncio Twilio REST client. Use one per event loop; share it between that loop's tasks.

    Takes the same arguments as :class:`~twilio_core.Client` (credentials,
    ``region``/``edge``, ``base_url``, ``middleware``, ``timeout``, ``retry``,
    ``user_agent_extensions``, ``log_personal_data``, ``verify``/``ca_bundle``/
    ``proxy``, ``plugins``, ``plugin_options``), except:

    * ``transport``: an :class:`~twilio_core.transports.async_base.AsyncTransport`
      instance, a :class:`~twilio_core.testing.MockTransport` (run inline), or the
      name of a registered async transport. Default: ``TWILIO_ASYNC_TRANSPORT``,
      else the only async transport installed (``pip install twilio-aiohttp``).
    * ``pool_maxsize``: the most connections the client keeps open at once
      (default 100); further concurrent requests wait for a free one.

    Resource methods return awaitables (``await client.messages.create(...)``),
    ``stream()`` returns an async iterator, ``list()`` and ``page()`` awaitables.
    Close with ``await client.aclose()`` or ``async with``; a closed client
    raises :class:`~twilio_core.errors.ClientClosedError`.
    """

    _kind = "AsyncClient"
    is_async = True

    def __init__(
        self,
        username: str | None = None,
        password: str | None = None,
        account_sid: str | None = None,
        *,
        region: str | None = None,
        edge: str | None = None,
        environ: Mapping[str, str] | None = None,
        base_url: str | None = None,
        transport: "AsyncTransport | str | Any | None" = None,
        middleware: "Iterable[Middleware | WrapMiddleware]" = (),
        timeout: "Timeout | float | tuple[float | None, float | None] | None" = DEFAULT_TIMEOUT,
        retry: "RetryPolicy | None" = _DEFAULT,
        user_agent_extensions: Iterable[str] = (),
        log_personal_data: bool = False,
        verify: bool = True,
        ca_bundle: str | None = None,
        proxy: str | None = None,
        no_proxy: str | None = None,
        trust_env: bool = True,
        pool_maxsize: int = 100,
        plugins: Iterable[Any] | None = None,
        plugin_options: Mapping[str, Any] | None = None,
    ) -> None:
        if isinstance(pool_maxsize, bool) or not isinstance(pool_maxsize, int) or pool_maxsize < 1:
            raise ConfigurationError(f"pool_maxsize must be a positive integer, got {pool_maxsize!r}")
        super().__init__(
            username,
            password,
            account_sid,
            region=region,
            edge=edge,
            environ=environ,
            base_url=base_url,
            transport=transport,
            middleware=middleware,
            timeout=timeout,
            retry=retry,
            user_agent_extensions=user_agent_extensions,
            log_personal_data=log_personal_data,
            verify=verify,
            ca_bundle=ca_bundle,
            proxy=proxy,
            no_proxy=no_proxy,
            trust_env=trust_env,
            pool_maxsize=pool_maxsize,
            plugins=plugins,
            plugin_options=plugin_options,
        )
        entry: Entry | None = None
        if transport is None or isinstance(transport, str):
            # Resolved now (plugin discovery, no import of the transport itself) so a
            # missing async transport fails where the client is built, not on first request.
            entry = self._choose_transport(transport)
        else:
            object.__setattr__(self, "_transport_choice", _as_async_transport(transport))
        object.__setattr__(self, "_entry", entry)

    # -- transport -------------------------------------------------------------
    def _choose_transport(self, name: str | None) -> "Entry":
        if name is None:
            name = self._config.environ.get(ASYNC_TRANSPORT_ENV) or None
        transports = self.plugins.transports
        if name is not None:
            entry = transports.get(name)
            if entry is None:
                raise ConfigurationError(
                    f"no transport named {name!r}; installed: {', '.join(transports.names()) or 'none'}"
                    f"{self._install_hint(transports)}"
                )
            return entry
        found = [e for e in transports if is_async_entry(e)]
        if len(found) == 1:
            return found[0]
        if not found:
            raise ConfigurationError(
                f"AsyncClient needs an async transport and none is installed: pip install {INSTALL_HINT} "
                f"(installed transports: {', '.join(transports.names()) or 'none'}, all sync)"
            )
        raise ConfigurationError(
            f"several async transports are installed ({', '.join(e.name for e in found)}); choose one with "
            f"AsyncClient(transport=...) or {ASYNC_TRANSPORT_ENV}"
        )

    @staticmethod
    def _install_hint(transports: Any) -> str:
        if any(is_async_entry(e) for e in transports):
            return ""
        return f"; no async transport is installed: pip install {INSTALL_HINT}"

    @property
    def pipeline(self) -> "AsyncPipeline":
        """The composed async request pipeline (built on first use; no I/O)."""
        pipeline = self._pipeline
        if pipeline is None:
            with self._lock:
                if self._closed:
                    raise self._closed_error()
                pipeline = self._pipeline
                if pipeline is None:
                    pipeline = self._build_pipeline()
                    object.__setattr__(self, "_pipeline", pipeline)
        return pipeline

    def _build_pipeline(self) -> "AsyncPipeline":
        from .async_pipeline import AsyncPipeline

        config = self._config
        transport = self._transport_choice
        entry = self._entry
        if entry is not None:
            transport = entry.load()(self._transport_options())
            if not is_async_transport(transport):
                raise ConfigurationError(
                    f"transport {entry.name!r} is a sync transport; AsyncClient needs an async one "
                    f"(pip install {INSTALL_HINT}), or use twilio_core.Client"
                )
            object.__setattr__(self, "_owns_transport", True)
        return AsyncPipeline(transport, self._middleware(), config.retry, config.timeout)

    # -- requests ------------------------------------------------------------
    async def request(
        self,
        method: str,
        uri: str,
        *,
        domain: str = "api",
        params: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        data: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: "Timeout | float | None" = None,
        product: str | None = None,
        raise_for_status: bool = True,
    ) -> "Response":
        """Send one request through the pipeline and return the response.

        Raises :class:`~twilio_core.errors.TwilioRestError` (or a subclass) for
        status >= 400 unless ``raise_for_status=False``, and
        :class:`~twilio_core.errors.TransportError` when no response came.
        """
        if self._closed:
            raise self._closed_error()
        request = self.build_request(
            method, uri, domain=domain, params=params, data=data, headers=headers, timeout=timeout, product=product
        )
        return await self.pipeline.send(request, raise_for_status=raise_for_status)

    async def send(self, request: Request, *, raise_for_status: bool = True) -> "Response":
        """Send a prebuilt :class:`Request` through the pipeline."""
        if self._closed:
            raise self._closed_error()
        return await self.pipeline.send(request, raise_for_status=raise_for_status)

    # -- resource execution: what the resource engine calls on an async client ----------
    async def _execute(self, request: Request, parse: Any) -> Any:
        """Send ``request`` and return ``parse(response)``, as a coroutine."""
        if self._closed:
            raise self._closed_error()
        return parse(await self.pipeline.send(request))

    async def _resolved(self, value: Any) -> Any:
        """``value`` as an awaitable (``page.next_page()`` on the last page awaits to ``None``)."""
        return value

    async def _collect(self, records: AsyncIterator[Any]) -> list[Any]:
        """Every record of an async iterator, as a list."""
        return [record async for record in records]

    # -- lifecycle ---------------------------------------------------------------
    async def aclose(self) -> None:
        """Close the connection pool (only a transport the client created; one passed in is the caller's).

        Idempotent. Requests made afterwards raise :class:`~twilio_core.errors.ClientClosedError`.
        """
        with self._lock:
            if self._closed:
                return
            object.__setattr__(self, "_closed", True)
            pipeline = self._pipeline
        if pipeline is not None and self._owns_transport:
            await pipeline.transport.aclose()

    async def __aenter__(self) -> "AsyncClient":
        if self._closed:
            raise self._closed_error()
        self.pipeline  # build it now: configuration problems show at `async with`
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __enter__(self) -> None:
        raise TypeError("AsyncClient is used with 'async with'; for a blocking client use twilio_core.Client")

    def __exit__(self, *exc: object) -> None:  # pragma: no cover - __enter__ always raises
        return None


def _as_async_transport(transport: Any) -> Any:
    """An async transport for ``transport``: as is, or the in-memory mock run inline; else a clear error."""
    if is_async_transport(transport):
        return transport
    import sys

    testing = sys.modules.get("twilio_core.testing")
    if testing is not None and isinstance(transport, testing.MockTransport):
        return InlineTransport(transport)
    raise ConfigurationError(
        f"{type(transport).__name__} is a sync transport; AsyncClient needs an async one "
        f"(an AsyncTransport, or pip install {INSTALL_HINT}); use twilio_core.Client for sync transports"
    )
