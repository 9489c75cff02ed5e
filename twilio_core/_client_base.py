"""What :class:`~twilio_core.Client` and :class:`~twilio_core.AsyncClient` share.

Configuration is resolved and validated when a client is built (missing or
malformed credentials fail here); plugin discovery, the middleware list and
the transport are set up once, on first use, by the concrete client. Products
(``client.messages``) come from plugins through ``__getattr__``. Nothing here
does I/O or imports asyncio, so the sync client stays free of async machinery.
"""

from __future__ import annotations

import os
# _thread, not threading: threading pulls in functools/collections at import.
import _thread
# typing is not imported at run time: it (and re) would double `import twilio_core`.
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, Iterable, Mapping

from ._first_party import FIRST_PARTY_PRODUCTS
from .config import ClientConfig, Credentials, normalise_base_url, resolve_region_edge
from .errors import ClientClosedError, ConfigurationError, ProductNotInstalledError
from .http import DEFAULT_TIMEOUT, Request, Timeout

if TYPE_CHECKING:  # pragma: no cover
    from .middleware import Middleware, WrapMiddleware
    from .middleware.retry import RetryPolicy
    from .plugins import Plugins
    from .registry import Entry
    from .transports.base import TransportOptions

if TYPE_CHECKING:  # pragma: no cover
    # The first-party products as type checkers see them. Only the checker reads these
    # imports (nothing here needs the plugins at run time); a plugin that is not installed
    # makes its names Any, so `client.calls` degrades to Any instead of an error.
    from typing_extensions import Self
    from twilio_messaging import MessageList, Messaging  # type: ignore[import-not-found, unused-ignore]
    from twilio_video import Video  # type: ignore[import-not-found, unused-ignore]
    from twilio_voice import (  # type: ignore[import-not-found, unused-ignore]
        CallList,
        ConferenceList,
        QueueList,
        RecordingList,
        TranscriptionList,
    )

__all__ = ["BaseClient"]

_DEFAULT: Any = object()
_FORM = "application/x-www-form-urlencoded"


class BaseClient:
    """Configuration, request building and products; the sync and async clients add the I/O half.

    Positional arguments follow the official library: ``Client(account_sid,
    auth_token)`` or ``Client(api_key, api_secret, account_sid)``; missing values
    come from ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``, ``TWILIO_API_KEY``,
    ``TWILIO_API_SECRET``, ``TWILIO_REGION`` and ``TWILIO_EDGE`` in ``environ``
    (``os.environ`` by default).

    Keyword options:

    * ``region``, ``edge``: route to ``{domain}.{edge}.{region}.twilio.com``.
    * ``base_url`` (default ``TWILIO_BASE_URL``): send every domain to one origin, e.g. ``http://127.0.0.1:8080``
      (a ``{domain}`` placeholder puts the domain in the path).
    * ``transport``: a transport instance, or the name of a registered transport.
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

    #: Name used in messages and ``repr``.
    _kind = "Client"
    #: Whether resource methods return awaitables on this client.
    is_async = False

    if TYPE_CHECKING:  # pragma: no cover - products come from __getattr__ at run time
        # Typed for IDEs and type checkers: `client.messages` is MessageList[Client] on a
        # Client and MessageList[AsyncClient] on an AsyncClient (Self), so its methods return
        # results or awaitables. Third-party products stay Any (through __getattr__).
        messages: MessageList[Self]
        messaging: Messaging[Self]
        calls: CallList[Self]
        conferences: ConferenceList[Self]
        queues: QueueList[Self]
        recordings: RecordingList[Self]
        transcriptions: TranscriptionList[Self]
        video: Video[Self]

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
        transport: Any = None,
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
        env = os.environ if environ is None else environ
        credentials = Credentials.resolve(username, password, account_sid, env)
        region, edge = resolve_region_edge(region, edge, env)
        retry_setting: "RetryPolicy | None | str" = retry
        if retry is _DEFAULT:
            retry_setting = "default"  # resolved by ClientConfig.retry when the pipeline is built
        elif retry is not None and not hasattr(retry, "decide"):
            raise ConfigurationError(f"retry must be a RetryPolicy or None, got {retry!r}")
        extensions = tuple(user_agent_extensions)
        for ext in extensions:
            if not isinstance(ext, str) or any(not c.isprintable() for c in ext):
                raise ConfigurationError(f"user agent extension {ext!r} must be a printable string")
        if ca_bundle is not None and not os.path.exists(ca_bundle):
            raise ConfigurationError(f"ca_bundle {ca_bundle!r} does not exist (a PEM file or a directory of CA certificates)")
        if transport is not None and not isinstance(transport, str) and not hasattr(transport, "send"):
            raise ConfigurationError(f"transport must be a Transport instance or a registered name, got {transport!r}")
        self._config = ClientConfig(
            credentials,
            region=region,
            edge=edge,
            base_url=_resolve_base_url(base_url, env),
            timeout=Timeout.coerce(timeout),
            retry=retry_setting,
            log_personal_data=bool(log_personal_data),
            user_agent_extensions=extensions,
            options=plugin_options,
            environ=env,
            verify=verify,
            ca_bundle=ca_bundle,
            proxy=proxy,
            no_proxy=no_proxy,
            trust_env=trust_env,
        )
        self._transport_choice = transport
        self._user_middleware = tuple(middleware)
        self._pool_maxsize = pool_maxsize
        self._explicit_plugins = None if plugins is None else tuple(plugins)
        # Reentrant: building a product runs plugins' twilio_extend_product hooks under it, and a
        # hook may read another product (client.whatsapp while extending client.messaging).
        self._lock = _thread.RLock()
        self._building: dict[str, Any] = {}
        self._pipeline: Any = None
        self._plugins: Plugins | None = None
        self._owns_transport = False
        self._closed = False
        self._products: dict[str, Any] = {}
        self._frozen = True  # internal lazy fields are set with object.__setattr__

    # -- configuration -----------------------------------------------------
    @property
    def config(self) -> ClientConfig:
        """The resolved, immutable configuration."""
        return self._config

    @property
    def account_sid(self) -> str:
        return self._config.credentials.account_sid

    @property
    def username(self) -> str:
        return self._config.credentials.username

    @property
    def region(self) -> str | None:
        return self._config.region

    @property
    def edge(self) -> str | None:
        return self._config.edge

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_frozen"):
            raise AttributeError(f"{self._kind} is immutable; build a new client to change {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self._kind} is immutable; cannot delete {name!r}")

    # -- lazily built, once --------------------------------------------------
    @property
    def plugins(self) -> "Plugins":
        """The plugins this client uses (discovered once per process unless given explicitly)."""
        plugins = self._plugins
        if plugins is None:
            from .plugins import get_plugins

            plugins = get_plugins(self._explicit_plugins, self._config.environ)
            object.__setattr__(self, "_plugins", plugins)
        return plugins

    def _closed_error(self) -> ClientClosedError:
        return ClientClosedError(f"this client is closed; build a new {self._kind}")

    def _transport_options(self) -> "TransportOptions":
        from .transports.base import TransportOptions

        config = self._config
        return TransportOptions(
            verify=config.verify,
            ca_bundle=config.ca_bundle,
            proxy=config.proxy,
            no_proxy=config.no_proxy,
            trust_env=config.trust_env,
            pool_maxsize=self._pool_maxsize,
            environ=dict(config.environ),
        )

    def _transport_entry(self, name: str) -> "Entry":
        """The registry entry for the transport called ``name`` (clear error if none)."""
        transports = self.plugins.transports
        entry = transports.get(name)
        if entry is None:
            raise ConfigurationError(
                f"no transport named {name!r}; installed: {', '.join(transports.names()) or 'none'}"
            )
        return entry

    def _middleware(self) -> list[Any]:
        """The client's middleware: built-ins, then plugins', then the user's (sorted later by stage)."""
        from .middleware.auth import BasicAuth
        from .middleware.request_log import RequestLogger
        from .middleware.user_agent import UserAgent

        config = self._config
        middleware: list[Any] = [
            UserAgent(config.user_agent_extensions),
            BasicAuth(config.credentials),
            RequestLogger(log_personal_data=config.log_personal_data, secrets=config.credentials.secret_values()),
        ]
        middleware.extend(self.plugins.middleware_for(config))
        middleware.extend(self._user_middleware)
        return middleware

    # -- requests ------------------------------------------------------------
    def build_request(
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
    ) -> Request:
        """Build the :class:`Request` for ``uri`` (a path on ``domain``, or an absolute Twilio URL).

        ``params`` become the query string and ``data`` a form body; list
        values are repeated keys. No I/O.
        """
        if uri.startswith("https://") or uri.startswith("http://"):
            url = self._config.rewrite_url(uri)
        else:
            url = self._config.origin(domain) + (uri if uri.startswith("/") else "/" + uri)
        hdrs: dict[str, str] = dict(headers) if headers else {}
        if params:
            from urllib.parse import urlencode

            url += ("&" if "?" in url else "?") + urlencode(_pairs(params), doseq=True)
        body = None
        if data is not None:
            from urllib.parse import urlencode

            body = urlencode(_pairs(data), doseq=True).encode("utf-8")
            hdrs.setdefault("Content-Type", _FORM)
        context: dict[str, Any] = {}
        if timeout is not None:
            context["timeout"] = Timeout.coerce(timeout)
        if product:
            context["product"] = product
        return Request(method.upper(), url, hdrs, body, context)

    # -- products --------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        # Only called for names not found normally: products and typos.
        if name.startswith("_"):
            raise AttributeError(name)
        products = self.__dict__["_products"]
        product = products.get(name)
        if product is not None:
            return product
        plugins = self.plugins
        entry = plugins.products.get(name)
        if entry is None:
            raise self._not_installed(name, plugins)
        with self._lock:
            product = products.get(name)
            if product is None:
                building = self.__dict__["_building"]
                product = building.get(name)
                if product is not None:
                    return product  # a hook extending this very product reads it: same object
                product = entry.load()(self)
                building[name] = product
                try:
                    plugins.extend_product(name, product, self)
                finally:
                    del building[name]
                products[name] = product
        return product

    def _not_installed(self, name: str, plugins: "Plugins") -> ProductNotInstalledError:
        installed = plugins.products.names()
        listing = f"installed products: {', '.join(installed)}" if installed else "no products are installed"
        failed = "".join(f"; {f}" for f in plugins.failures)
        dist = FIRST_PARTY_PRODUCTS.get(name)
        if dist is not None:
            message = f"client.{name} needs the {dist} plugin: pip install {dist} ({listing}{failed})"
        else:
            message = f"'{self._kind}' has no attribute or product {name!r} ({listing}{failed})"
        return ProductNotInstalledError(name, message, dist)

    def __dir__(self) -> list[str]:
        names = set(super().__dir__())
        try:
            names.update(self.plugins.products.names())
        except Exception:  # dir() must not fail because a plugin is broken
            pass
        return sorted(n for n in names if not n.startswith("_"))

    # -- lifecycle ---------------------------------------------------------------
    @property
    def closed(self) -> bool:
        return self._closed

    def __repr__(self) -> str:
        parts = [f"account_sid={self.account_sid!r}"]
        if self._config.credentials.kind == "api_key":
            parts.append(f"api_key={self.username!r}")
        if self.region:
            parts.append(f"region={self.region!r}")
        if self.edge:
            parts.append(f"edge={self.edge!r}")
        if self._config.base_url:
            parts.append(f"base_url={self._config.base_url!r}")
        return f"<{self._kind} {' '.join(parts)}{' closed' if self._closed else ''}>"


def _pairs(values: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Mapping or pairs -> pairs, dropping ``None`` (an unset optional parameter)."""
    items = values.items() if hasattr(values, "items") else values
    return [(k, v) for k, v in items if v is not None]


def _resolve_base_url(base_url: str | None, env: Mapping[str, str]) -> str | None:
    """The explicit ``base_url``, else ``TWILIO_BASE_URL`` (an error then names the variable)."""
    if base_url is not None:
        return normalise_base_url(base_url)
    from_env = env.get("TWILIO_BASE_URL")
    if not from_env:
        return None
    try:
        return normalise_base_url(from_env)
    except ConfigurationError as exc:
        raise ConfigurationError(f"TWILIO_BASE_URL: {exc}") from None
