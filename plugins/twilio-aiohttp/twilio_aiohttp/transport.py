""":class:`AiohttpTransport`: send twilio_core requests with one aiohttp ``ClientSession`` per client.

The session and its connection pool are created on the first request, inside
the running event loop (aiohttp requires that), and belong to that loop: use
one client per event loop. The pool is bounded (``pool_maxsize`` connections
in total, kept alive); further concurrent requests wait for a free connection.
A request cut short by cancellation closes its connection instead of returning
it to the pool, so the pool stays usable.
"""

from __future__ import annotations

import asyncio
import os
import ssl
from typing import TYPE_CHECKING, Any, Mapping

import aiohttp
from yarl import URL

from twilio_core.errors import ClientClosedError, ConfigurationError, TransportError, TwilioConnectionError, TwilioTimeoutError
from twilio_core.http import Response
from twilio_core.transports.async_base import AsyncTransport
from twilio_core.transports.base import TransportOptions
from twilio_core.transports.proxies import NoProxyRules, no_proxy_from_environ, proxy_from_environ, transport_error

if TYPE_CHECKING:  # pragma: no cover
    from twilio_core.http import Request, Timeout

__all__ = ["AiohttpTransport"]


class AiohttpTransport(AsyncTransport):
    """An :class:`~twilio_core.transports.async_base.AsyncTransport` on aiohttp.

    Settings come from :class:`~twilio_core.transports.base.TransportOptions`:
    TLS certificates are verified (against ``ca_bundle`` if given, else
    certifi's bundle when installed, else the system store; ``verify=False``
    is unsafe and meant for local test servers); ``proxy`` sends every request
    through that HTTP proxy, else ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY``
    from the client's environment apply when ``trust_env``; ``pool_maxsize``
    caps the open connections. Redirects are not followed, cookies are not
    kept, the URL is sent exactly as built (no re-quoting).
    """

    def __init__(self, options: TransportOptions | None = None) -> None:
        options = options if options is not None else TransportOptions()
        self.options = options
        self._limit = max(1, int(options.pool_maxsize))
        self._ssl: ssl.SSLContext | bool = _ssl_setting(options)
        self._proxies, self._no_proxy, self._secrets = _proxy_settings(options)
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._timeouts: dict[Timeout, aiohttp.ClientTimeout] = {}

    # -------------------------------------------------------------- session

    def _session_for_loop(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        session = self._session
        if session is not None and self._loop is loop:
            return session
        if self._closed:
            raise ClientClosedError("this transport is closed")
        if session is not None:
            raise ConfigurationError(
                "this AsyncClient's connection pool belongs to another event loop; build one client per event loop"
            )
        # No await between the check and the assignment: tasks of one loop cannot race here.
        connector = aiohttp.TCPConnector(limit=self._limit, ssl=self._ssl, ttl_dns_cache=300)
        session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,  # proxies come from the client's environ, resolved here
            raise_for_status=False,
        )
        self._session, self._loop = session, loop
        return session

    def _client_timeout(self, timeout: "Timeout") -> aiohttp.ClientTimeout:
        cached = self._timeouts.get(timeout)
        if cached is None:
            # No total limit: waiting for a free pooled connection is bounded by the
            # caller (asyncio.timeout), not reported as a network failure.
            cached = aiohttp.ClientTimeout(total=None, connect=None, sock_connect=timeout.connect, sock_read=timeout.read)
            if len(self._timeouts) < 64:
                self._timeouts[timeout] = cached
        return cached

    def _proxy_for(self, url: str) -> tuple[str | None, dict[str, str] | None]:
        if not self._proxies:
            return None, None
        scheme, _, rest = url.partition("://")
        entry = self._proxies.get(scheme.lower())
        if entry is None:
            return None, None
        if self._no_proxy is not None:
            host, port = _host_port(scheme.lower(), rest)
            if self._no_proxy.bypasses(host, port):
                return None, None
        return entry

    # ------------------------------------------------------------ transport

    async def send(self, request: "Request", timeout: "Timeout") -> Response:
        """Send ``request`` and return the whole response (body read, connection back in the pool)."""
        session = self._session_for_loop()
        proxy, proxy_headers = self._proxy_for(request.url)
        headers = request.headers
        if proxy_headers and not request.url.startswith("https:"):
            # Plain-HTTP targets go to the proxy in absolute form: the credentials travel
            # on the request itself; https targets send them on the CONNECT (proxy_headers).
            headers = {**headers, **proxy_headers}
        try:
            async with session.request(
                request.method,
                URL(request.url, encoded=True),
                data=request.body,
                headers=headers,
                allow_redirects=False,
                timeout=self._client_timeout(timeout),
                proxy=proxy,
                proxy_headers=proxy_headers,
            ) as raw:
                body = await raw.read()
                received: dict[str, str] = {}
                for name, value in raw.headers.items():
                    key = name.lower()
                    received[key] = f"{received[key]}, {value}" if key in received else value
                status, reason = raw.status, raw.reason
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError, ValueError) as exc:
            raise self._error(request, timeout, exc) from None
        response = Response(status, None, body, request, reason)
        response.headers = received
        return response

    async def aclose(self) -> None:
        """Close the pool. The transport cannot be used afterwards."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    def __repr__(self) -> str:
        return f"<AiohttpTransport {self.options!r}>"

    # --------------------------------------------------------------- errors

    def _error(self, request: "Request", timeout: "Timeout", exc: BaseException) -> TransportError:
        """The core error for an aiohttp failure: method and URL, no header, body or proxy credential."""
        cls, reason, sent = _classify(exc, timeout)
        return transport_error(cls, request, reason, sent=sent, secrets=self._secrets)


# ------------------------------------------------------------------ helpers


def _seconds(value: float | None) -> str:
    return "no limit" if value is None else f"{value:g} s"


def _os_reason(exc: BaseException) -> str:
    os_error = getattr(exc, "os_error", None)
    error = os_error if isinstance(os_error, OSError) else exc
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError):
        return "connection reset by peer"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return type(error).__name__


def _classify(exc: BaseException, timeout: "Timeout") -> tuple[type[TransportError], str, bool]:
    """(error class, short reason, sent) for a failure raised by aiohttp."""
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return TwilioTimeoutError, f"connect timed out ({_seconds(timeout.connect)})", False
    if isinstance(exc, (aiohttp.SocketTimeoutError, aiohttp.ServerTimeoutError, asyncio.TimeoutError)):
        return TwilioTimeoutError, f"no response within the read timeout ({_seconds(timeout.read)})", True
    if isinstance(exc, aiohttp.ClientHttpProxyError):
        return TwilioConnectionError, f"proxy refused the tunnel ({exc.status})", False
    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        return TwilioConnectionError, f"could not connect to the proxy: {_os_reason(exc)}", False
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        cert_error = getattr(exc, "certificate_error", None)
        detail = getattr(cert_error, "verify_message", None) or "certificate rejected"
        return TwilioConnectionError, f"TLS certificate verification failed ({detail})", False
    if isinstance(exc, aiohttp.ClientConnectorSSLError):
        return TwilioConnectionError, "TLS handshake failed", False
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return TwilioConnectionError, f"could not resolve host {getattr(exc, 'host', '')!r}", False
    if isinstance(exc, aiohttp.ClientConnectorError):
        return TwilioConnectionError, f"could not connect: {_os_reason(exc)}", False
    if isinstance(exc, (aiohttp.InvalidURL, ValueError)):
        return TwilioConnectionError, "invalid URL", False
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return TwilioConnectionError, "connection broken before a complete response (server closed the connection without a response)", True
    if isinstance(exc, aiohttp.ClientPayloadError):
        return TwilioConnectionError, "connection broken before a complete response (response cut short)", True
    if isinstance(exc, aiohttp.ClientResponseError):
        return TwilioConnectionError, f"invalid HTTP response ({type(exc).__name__})", True
    if isinstance(exc, (aiohttp.ClientOSError, OSError)):
        return TwilioConnectionError, f"connection broken before a complete response ({_os_reason(exc)})", True
    return TwilioConnectionError, f"request failed ({type(exc).__name__})", True


def _host_port(scheme: str, rest: str) -> tuple[str, int]:
    netloc = rest.split("/", 1)[0].split("?", 1)[0].rpartition("@")[2].lower()
    if netloc.startswith("["):
        host, _, tail = netloc[1:].partition("]")
        port = tail[1:] if tail.startswith(":") else ""
    else:
        host, _, port = netloc.partition(":")
    return host, int(port) if port.isdigit() else (443 if scheme == "https" else 80)


def _ssl_setting(options: TransportOptions) -> ssl.SSLContext | bool:
    if not options.verify:
        return False
    if options.ca_bundle:
        path = os.fspath(options.ca_bundle)
        if os.path.isdir(path):
            return ssl.create_default_context(capath=path)
        if os.path.isfile(path):
            return ssl.create_default_context(cafile=path)
        raise ConfigurationError(f"ca_bundle {path!r} is neither a file nor a directory")
    try:
        import certifi
    except ImportError:
        return ssl.create_default_context()
    return ssl.create_default_context(cafile=certifi.where())


def _split_proxy(url: str) -> tuple[str, dict[str, str] | None, str | None]:
    """(proxy URL without credentials, its Proxy-Authorization header, the password to scrub) for a proxy URL."""
    import base64
    from urllib.parse import unquote

    if "://" not in url:
        url = "http://" + url  # curl's rule for a proxy given without a scheme
    scheme, _, rest = url.partition("://")
    scheme = scheme.lower()
    if scheme not in ("http", "https"):
        raise ConfigurationError(f"proxy scheme {scheme!r} is not supported by the aiohttp transport (use http://)")
    netloc, _, path = rest.partition("/")
    userinfo, at, hostport = netloc.rpartition("@")
    if not at and "@" in path:
        # A '/' in the password cut the authority short: say so without echoing any of it.
        raise ConfigurationError(
            "proxy URL is malformed: percent-encode '/', '?', '#' and '@' in its user name and password"
        )
    if not hostport:
        raise ConfigurationError(f"proxy URL has no host ({scheme}://...)")
    auth = None
    secret = None
    if at:
        user, _, password = userinfo.partition(":")
        token = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode("utf-8")).decode("ascii")
        auth = {"Proxy-Authorization": f"Basic {token}"}
        secret = password or None
    return f"{scheme}://{hostport}", auth, secret


def _proxy_settings(
    options: TransportOptions,
) -> tuple[dict[str, tuple[str, dict[str, str] | None]], Any, tuple[str, ...]]:
    """Per-scheme proxies, NO_PROXY rules and secrets, from the options (explicit) or the client's environ."""
    environ: Mapping[str, str] = options.environ if options.environ is not None else os.environ
    raw: dict[str, str] = {}
    if options.proxy:
        raw = {"http": options.proxy, "https": options.proxy}
    elif options.trust_env:
        for scheme in ("https", "http"):
            value = proxy_from_environ(environ, scheme)
            if value:
                raw[scheme] = value
    if not raw:
        return {}, None, ()
    proxies: dict[str, tuple[str, dict[str, str] | None]] = {}
    secrets: list[str] = []
    for scheme, url in raw.items():
        plain, auth, secret = _split_proxy(url)
        proxies[scheme] = (plain, auth)
        if secret:
            secrets.append(secret)
    no_proxy = options.no_proxy
    if no_proxy is None and options.trust_env:
        no_proxy = no_proxy_from_environ(environ)
    rules = None
    if no_proxy:
        rules = NoProxyRules(no_proxy)
        if rules.bypass_all:
            return {}, None, tuple(secrets)
    return proxies, rules, tuple(secrets)
