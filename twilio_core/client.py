"""The synchronous :class:`Client`.

Building a client resolves and validates its configuration at once (missing or
malformed credentials fail here). Plugin discovery, middleware composition and
the connection pool are set up once, on first use, so ``import twilio_core``
plus ``Client()`` stays cheap for scripts and serverless cold starts.
Configuration, request building and products live in
:class:`~twilio_core._client_base.BaseClient`, shared with the async client.
"""

from __future__ import annotations

# typing is not imported at run time: it (and re) would double `import twilio_core`.
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, Iterable, Mapping

from ._client_base import _DEFAULT, BaseClient
from .errors import ConfigurationError
from .http import DEFAULT_TIMEOUT, Request, Timeout

if TYPE_CHECKING:  # pragma: no cover
    from .http import Response
    from .middleware import Middleware, WrapMiddleware
    from .middleware.retry import RetryPolicy
    from .pipeline import Pipeline
    from .transports.base import Transport

__all__ = ["Client"]


class Client(BaseClient):
    """A Twilio REST client. Immutable once built; safe to share between threads.

    Positional arguments follow the official library: ``Client(account_sid,
    auth_token)`` or ``Client(api_key, api_secret, account_sid)``; missing values
    come from ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``, ``TWILIO_API_KEY``,
    ``TWILIO_API_SECRET``, ``TWILIO_REGION`` and ``TWILIO_EDGE`` in ``environ``
    (``os.environ`` by default).

    Keyword options:

    * ``region``, ``edge``: route to ``{domain}.{edge}.{region}.twilio.com``.
    * ``base_url`` (default ``TWILIO_BASE_URL``): send every domain to one origin, e.g. ``http://127.0.0.1:8080``
      (a ``{domain}`` placeholder puts the domain in the path).
    * ``transport``: a :class:`~twilio_core.transports.base.Transport` instance,
      or the name of a registered transport (default ``TWILIO_TRANSPORT`` or ``"urllib3"``).
    * ``middleware``: extra middleware, sorted into the chain by stage.
    * ``timeout``: seconds, ``(connect, read)``, a :class:`~twilio_core.http.Timeout`,
      or ``None`` for no limit. Default: connect 10 s, read 30 s.
    * ``retry``: a :class:`~twilio_core.middleware.retry.RetryPolicy`, or ``None`` to switch retries off.
    * ``user_agent_extensions``: strings appended to the User-Agent.
    * ``log_personal_data``: log parameter values and bodies at DEBUG (off by default).
    * ``verify``, ``ca_bundle``, ``proxy``, ``pool_maxsize``: transport settings;
      ``no_proxy`` (hosts that bypass the proxy, as ``NO_PROXY``) and
      ``trust_env=False`` (ignore ``HTTPS_PROXY``/``NO_PROXY`` in the environment).
    * ``plugins``: an explicit list of plugins (modules, objects, import strings)
      instead of entry-point discovery.
    * ``plugin_options``: a mapping handed to plugins as ``config.options``.
    """

    _kind = "Client"
    is_async = False

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
        transport: "Transport | str | None" = None,
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
        pool_maxsize: int = 10,
        plugins: Iterable[Any] | None = None,
        plugin_options: Mapping[str, Any] | None = None,
    ) -> None:
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
        if transport is None:
            object.__setattr__(self, "_transport_choice", self._config.environ.get("TWILIO_TRANSPORT") or "urllib3")

    # -- lazily built, once --------------------------------------------------
    @property
    def pipeline(self) -> "Pipeline":
        """The composed request pipeline (built on first use)."""
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

    def _build_pipeline(self) -> "Pipeline":
        from .pipeline import Pipeline

        config = self._config
        transport = self._transport_choice
        if isinstance(transport, str):
            entry = self._transport_entry(transport)
            if getattr(entry.target, "asynchronous", False):
                raise ConfigurationError(
                    f"transport {transport!r} is an async transport; use it with twilio_core.AsyncClient, "
                    "or give Client a sync transport such as 'urllib3'"
                )
            transport = entry.load()(self._transport_options())
            object.__setattr__(self, "_owns_transport", True)
        return Pipeline(transport, self._middleware(), config.retry, config.timeout)

    # -- requests ------------------------------------------------------------
    def request(
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
        return self.pipeline.send(request, raise_for_status=raise_for_status)

    def send(self, request: Request, *, raise_for_status: bool = True) -> "Response":
        """Send a prebuilt :class:`Request` through the pipeline."""
        if self._closed:
            raise self._closed_error()
        return self.pipeline.send(request, raise_for_status=raise_for_status)

    # -- resource execution (the sync half; AsyncClient returns awaitables) -----------
    def _execute(self, request: Request, parse: Any) -> Any:
        """Send ``request`` and return ``parse(response)``: how resources run on this client."""
        return parse(self.send(request))

    def _resolved(self, value: Any) -> Any:
        """``value`` as a resource method returns it on this client (as is; awaitable on async)."""
        return value

    # -- lifecycle ---------------------------------------------------------------
    def close(self) -> None:
        """Close the connection pool (only a transport the client created; one passed in is the caller's)."""
        with self._lock:
            if self._closed:
                return
            object.__setattr__(self, "_closed", True)
            pipeline = self._pipeline
        if pipeline is not None and self._owns_transport:
            pipeline.transport.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
