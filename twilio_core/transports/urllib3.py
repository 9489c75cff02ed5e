"""The default transport, built on urllib3.

One :class:`Urllib3Transport` per client holds one direct ``PoolManager`` and,
when a proxy applies, one ``ProxyManager`` per proxy URL, all created once.
Connections are kept alive and shared between threads (urllib3's pools are
thread-safe). urllib3 retries and redirects are switched off: the core's
pipeline decides retries, and Twilio's API never redirects.

This is the only module of twilio_core that imports urllib3; it is imported
when a client first needs its transport, never by ``import twilio_core``.
"""

from __future__ import annotations

import logging
import os
import ssl
from typing import TYPE_CHECKING, Any, Mapping
from urllib.parse import unquote

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    HTTPError,
    LocationValueError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ProxyError,
    ReadTimeoutError,
    SSLError,
)

from ..errors import ConfigurationError, TwilioConnectionError, TwilioTimeoutError, TransportError
from ..http import Response
from .base import Transport, TransportOptions
from .proxies import NoProxyRules, no_proxy_from_environ, proxy_from_environ, split_url, transport_error

if TYPE_CHECKING:  # pragma: no cover
    from ..http import Request, Timeout

__all__ = ["Urllib3Transport", "create", "NoProxyRules", "proxy_from_environ"]

class _QueryRedactingFilter:
    """Drops query strings from urllib3's own DEBUG request lines.

    urllib3 logs ``"GET /path?To=%2B1555... HTTP/1.1" 200`` at DEBUG; list
    filters put phone numbers there, which twilio_core masks in its own logs.
    Installed once on ``urllib3.connectionpool``; it only rewrites the request
    target of records that logger emits, and never drops a record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 5 and isinstance(args[4], str) and "?" in args[4]:
            target = args[4].split("?", 1)[0] + "?…"
            record.args = args[:4] + (target,) + args[5:]
        return True


def _install_log_filter() -> None:
    pool_logger = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, _QueryRedactingFilter) for f in pool_logger.filters):
        pool_logger.addFilter(_QueryRedactingFilter())


_install_log_filter()


def create(options: TransportOptions) -> "Urllib3Transport":
    """Transport factory registered by the core under the name ``"urllib3"``."""
    return Urllib3Transport(options)


class _Proxy:
    """A proxy URL split into what urllib3 needs and what must never be shown."""

    __slots__ = ("url", "display", "headers", "secret")

    def __init__(self, url: str) -> None:
        if "://" not in url:
            url = "http://" + url  # curl's rule for a proxy given without a scheme
        scheme, _, rest = url.partition("://")
        scheme = scheme.lower()
        if scheme not in ("http", "https"):
            # Say which scheme, never the whole URL: it may carry credentials.
            raise ConfigurationError(
                f"proxy scheme {scheme!r} is not supported by the urllib3 transport (use http:// or https://)"
            )
        netloc, slash, path = rest.partition("/")
        userinfo, at, hostport = netloc.rpartition("@")
        if not at and "@" in path:
            # A '/' in the password cut the authority short: say so without echoing any of it.
            raise ConfigurationError(
                "proxy URL is malformed: percent-encode '/', '?', '#' and '@' in its user name and password"
            )
        self.headers: dict[str, str] = {}
        self.secret: str | None = None
        if at:
            user, _, password = userinfo.partition(":")
            credentials = f"{unquote(user)}:{unquote(password)}"
            self.headers = urllib3.make_headers(proxy_basic_auth=credentials)
            self.secret = password or None
        if not hostport:
            raise ConfigurationError(f"proxy URL has no host ({scheme}://...)")
        self.url = f"{scheme}://{hostport}"
        self.display = self.url


# --------------------------------------------------------------- transport


class Urllib3Transport(Transport):
    """Sends requests with urllib3; the transport a client uses unless told otherwise.

    Thread-safe: one instance serves every thread of a client. Settings come
    from :class:`~twilio_core.transports.base.TransportOptions`:

    * TLS certificates are verified by default, against ``ca_bundle`` (a PEM
      file, or a directory of hashed certificates) if given, else certifi's
      bundle when certifi is installed, else the system store.
      ``verify=False`` switches verification off: **unsafe**, anyone on the
      path can read and change traffic, including your credentials; for local
      test servers only.
    * ``proxy`` sends every request through that proxy (``http://`` or
      ``https://``, credentials allowed in the URL); otherwise, when
      ``trust_env`` is true, ``HTTPS_PROXY``/``HTTP_PROXY`` from
      ``environ`` apply. ``no_proxy`` (else ``NO_PROXY`` from the environment
      when ``trust_env``) lists hosts that go direct, see :class:`NoProxyRules`.
    * ``pool_maxsize`` connections are kept alive per host.
    """

    def __init__(self, options: TransportOptions | None = None) -> None:
        options = options if options is not None else TransportOptions()
        self.options = options
        environ: Mapping[str, str] = options.environ if options.environ is not None else os.environ
        pool_kw = _tls_settings(options)
        maxsize = max(1, int(options.pool_maxsize))
        # block=False: a burst beyond maxsize opens extra connections rather than waiting.
        common: dict[str, Any] = dict(maxsize=maxsize, block=False, retries=False, **pool_kw)
        self._direct = urllib3.PoolManager(num_pools=16, **common)

        # scheme -> proxy; a proxy URL shared by both schemes gets one manager.
        proxies: dict[str, _Proxy] = {}
        if options.proxy:
            explicit = _Proxy(options.proxy)
            proxies = {"http": explicit, "https": explicit}
        elif options.trust_env:
            for scheme in ("https", "http"):
                url = proxy_from_environ(environ, scheme)
                if url:
                    proxies[scheme] = _Proxy(url)
        no_proxy = options.no_proxy
        if no_proxy is None and options.trust_env:
            no_proxy = no_proxy_from_environ(environ)
        self._no_proxy = NoProxyRules(no_proxy)
        managers: dict[str, urllib3.ProxyManager] = {}
        self._proxy_for_scheme: dict[str, tuple[_Proxy, urllib3.ProxyManager]] = {}
        for scheme, proxy in proxies.items():
            manager = managers.get(proxy.url)
            if manager is None:
                manager = urllib3.ProxyManager(proxy.url, num_pools=16, proxy_headers=proxy.headers or None, **common)
                managers[proxy.url] = manager
            self._proxy_for_scheme[scheme] = (proxy, manager)
        if self._no_proxy.bypass_all:
            self._proxy_for_scheme = {}
        self._managers: list[urllib3.PoolManager] = [self._direct, *managers.values()]
        self._secrets = tuple(p.secret for p in proxies.values() if p.secret)
        self._timeouts: dict[Timeout, urllib3.Timeout] = {}
        self._routes: dict[str, tuple[urllib3.PoolManager, _Proxy | None]] = {}

    def _route(self, url: str) -> tuple[urllib3.PoolManager, _Proxy | None]:
        """The pool manager for ``url`` (direct or through its scheme's proxy)."""
        if not self._proxy_for_scheme:
            return self._direct, None
        # The decision depends only on scheme://host:port; a client talks to a
        # handful of hosts, so remember it (a dict is safe to share between threads).
        end = url.find("/", url.find("://") + 3)
        origin = url if end < 0 else url[:end]
        route = self._routes.get(origin)
        if route is None:
            route = self._decide_route(url)
            if len(self._routes) < 256:
                self._routes[origin] = route
        return route

    def _decide_route(self, url: str) -> tuple[urllib3.PoolManager, _Proxy | None]:
        try:
            scheme, host, port = split_url(url)
        except ValueError:
            return self._direct, None  # urllib3 reports the bad URL
        entry = self._proxy_for_scheme.get(scheme)
        if entry is None or self._no_proxy.bypasses(host, port):
            return self._direct, None
        return entry[1], entry[0]

    def pool_manager_for(self, url: str) -> urllib3.PoolManager:
        """The pool manager a request to ``url`` would use (a ``ProxyManager`` when proxied)."""
        return self._route(url)[0]

    def send(self, request: "Request", timeout: "Timeout") -> Response:
        """Send ``request`` and return the whole response (body read, connection back in the pool)."""
        manager, proxy = self._route(request.url)
        u3_timeout = self._timeouts.get(timeout)
        if u3_timeout is None:
            u3_timeout = urllib3.Timeout(connect=timeout.connect, read=timeout.read)
            if len(self._timeouts) < 64:  # a client uses one or two timeouts; bound it anyway
                self._timeouts[timeout] = u3_timeout
        try:
            raw = manager.urlopen(
                request.method,
                request.url,
                body=request.body,
                headers=request.headers,
                retries=False,
                redirect=False,
                timeout=u3_timeout,
                preload_content=True,
            )
        except (HTTPError, OSError, ssl.SSLError, ValueError) as exc:
            raise self._error(request, timeout, exc, proxy) from None
        response = Response(raw.status, None, raw.data, request, raw.reason)
        response.headers = {name.lower(): value for name, value in raw.headers.itermerged()}
        return response

    def close(self) -> None:
        """Close every pooled connection. The transport opens new ones if used again."""
        for manager in self._managers:
            manager.clear()

    def __repr__(self) -> str:
        return f"<Urllib3Transport {self.options!r}>"

    # ------------------------------------------------------------ errors

    def _error(self, request: "Request", timeout: "Timeout", exc: BaseException, proxy: _Proxy | None) -> TransportError:
        """The core error for a urllib3 failure: method and URL, no header, body or proxy credential."""
        if isinstance(exc, MaxRetryError) and exc.reason is not None:
            exc = exc.reason
        cls, reason, sent = _classify(exc, timeout, proxy)
        return transport_error(cls, request, reason, sent=sent, secrets=self._secrets)


def _tls_settings(options: TransportOptions) -> dict[str, Any]:
    """Connection-pool keyword arguments for certificate verification."""
    if not options.verify:
        return {"cert_reqs": "CERT_NONE", "assert_hostname": False}
    settings: dict[str, Any] = {"cert_reqs": "CERT_REQUIRED"}
    if options.ca_bundle:
        path = os.fspath(options.ca_bundle)
        if os.path.isdir(path):
            settings["ca_cert_dir"] = path
        elif os.path.isfile(path):
            settings["ca_certs"] = path
        else:
            raise ConfigurationError(f"ca_bundle {path!r} is neither a file nor a directory")
        return settings
    try:
        import certifi
    except ImportError:
        return settings  # urllib3 loads the system's default CA store
    settings["ca_certs"] = certifi.where()
    return settings


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and every exception it wraps (args, ``original_error``, causes), outermost first."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if any(current is s for s in seen):
            continue
        seen.append(current)
        inner: list[BaseException] = []
        if isinstance(current, ProxyError):
            inner.append(current.original_error)
        inner.extend(a for a in current.args if isinstance(a, BaseException))
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                inner.append(linked)
        todo.extend(inner)
    return seen


def _raised_in(errors: list[BaseException], functions: frozenset[str]) -> bool:
    """Whether any of ``errors`` was raised from inside a function with one of these names."""
    for error in errors:
        tb = error.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_name in functions:
                return True
            tb = tb.tb_next
    return False


# Where the request certainly has not been written yet: the TLS handshake and
# the proxy's CONNECT exchange (stdlib ssl.py / http.client names).
_BEFORE_SEND = frozenset({"do_handshake", "_tunnel"})


def _seconds(value: float | None) -> str:
    return "no limit" if value is None else f"{value:g} s"


def _classify(
    exc: BaseException, timeout: "Timeout", proxy: _Proxy | None
) -> tuple[type[TransportError], str, bool]:
    """(error class, short reason, sent) for a failure raised by urllib3."""
    chain = _chain(exc)
    in_setup = _raised_in(chain, _BEFORE_SEND)
    where = f" to proxy {proxy.display}" if proxy is not None else ""

    def find(kind: type[BaseException] | tuple[type[BaseException], ...]) -> BaseException | None:
        return next((e for e in chain if isinstance(e, kind)), None)

    # http.client's words when the proxy answers CONNECT with an error status.
    tunnel = next((e for e in chain if isinstance(e, OSError) and str(e).startswith("Tunnel connection failed")), None)
    if tunnel is not None:
        status = str(tunnel).partition(":")[2].strip()
        return TwilioConnectionError, f"proxy{where.replace(' to proxy', '')} refused the tunnel ({status})", False

    if find(ProxyError) is not None:
        inner = find((ConnectTimeoutError, ssl.SSLError, OSError))
        if isinstance(inner, ConnectTimeoutError) and not isinstance(inner, NewConnectionError):
            return TwilioTimeoutError, f"connect{where} timed out ({_seconds(timeout.connect)})", False
        return TwilioConnectionError, f"could not connect{where}: {_os_reason(chain)}", False

    resolution = find(NameResolutionError)
    if resolution is not None:
        host = getattr(resolution, "_host", None)
        return TwilioConnectionError, f"could not resolve host {host!r}" if host else "could not resolve host", False
    if find(NewConnectionError) is not None:
        return TwilioConnectionError, f"could not connect{where}: {_os_reason(chain)}", False
    if find(ConnectTimeoutError) is not None:
        return TwilioTimeoutError, f"connect{where} timed out ({_seconds(timeout.connect)})", False

    if find(ReadTimeoutError) is not None:
        if in_setup:
            return TwilioTimeoutError, f"TLS handshake timed out ({_seconds(timeout.connect)})", False
        return TwilioTimeoutError, f"no response within the read timeout ({_seconds(timeout.read)})", True

    verify = find(ssl.SSLCertVerificationError)
    if verify is not None:
        detail = getattr(verify, "verify_message", None) or getattr(verify, "reason", None) or "certificate rejected"
        return TwilioConnectionError, f"TLS certificate verification failed ({detail})", False
    ssl_error = find(ssl.SSLError)
    if ssl_error is not None or find(SSLError) is not None:
        reason = getattr(ssl_error, "reason", None) or type(ssl_error or exc).__name__
        if in_setup:
            return TwilioConnectionError, f"TLS handshake failed ({reason})", False
        return TwilioConnectionError, f"TLS error ({reason})", True

    if isinstance(exc, LocationValueError) or find(LocationValueError) is not None:
        return TwilioConnectionError, "invalid URL", False
    if find(DecodeError) is not None:
        return TwilioConnectionError, "could not decode the response body", True
    if find(ProtocolError) is not None or find(OSError) is not None:
        return TwilioConnectionError, f"connection broken before a complete response ({_os_reason(chain)})", True
    return TwilioConnectionError, f"request failed ({type(exc).__name__})", True


def _os_reason(chain: list[BaseException]) -> str:
    """A short human reason from the innermost OS-level error, without object reprs."""
    for error in reversed(chain):
        name = type(error).__name__
        if name == "RemoteDisconnected":  # a ConnectionResetError subclass: test it first
            return "server closed the connection without a response"
        if name == "IncompleteRead":
            return "response cut short"
        if isinstance(error, ConnectionRefusedError):
            return "connection refused"
        if isinstance(error, ConnectionResetError):
            return "connection reset by peer"
        if isinstance(error, ConnectionAbortedError):
            return "connection aborted"
        if isinstance(error, OSError) and not isinstance(error, HTTPError) and error.strerror:
            return error.strerror.lower()
    innermost = chain[-1]
    return type(innermost).__name__
