"""Proxy, URL and error helpers shared by every transport (no third-party imports).

``proxy_from_environ`` and :class:`NoProxyRules` follow curl and the standard
library for ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY``; ``redact_url`` strips
user info (and the query string) from a URL before it goes into an error, and
``transport_error`` builds the core error a transport raises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    from ..errors import TransportError
    from ..http import Request

__all__ = ["proxy_from_environ", "no_proxy_from_environ", "NoProxyRules", "split_url", "redact_url", "transport_error"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def proxy_from_environ(environ: Mapping[str, str], scheme: str) -> str | None:
    """The proxy URL the environment names for ``scheme`` (``"http"``/``"https"``), or ``None``.

    Follows curl and the standard library: ``https_proxy``/``HTTPS_PROXY`` for
    https URLs, ``http_proxy``/``HTTP_PROXY`` for http URLs, the lower-case
    name winning. Under CGI (``REQUEST_METHOD`` set) upper-case ``HTTP_PROXY``
    is ignored, since a client can set it through a ``Proxy:`` request header
    ("httpoxy").
    """
    lower = f"{scheme}_proxy"
    value = environ.get(lower)
    if not value and not (scheme == "http" and "REQUEST_METHOD" in environ):
        value = environ.get(lower.upper())
    value = (value or "").strip()
    return value or None


def no_proxy_from_environ(environ: Mapping[str, str]) -> str | None:
    value = environ.get("no_proxy")
    if value is None:
        value = environ.get("NO_PROXY")
    return value


class NoProxyRules:
    """Parsed ``NO_PROXY``: which hosts bypass the proxy.

    Entries are separated by commas or whitespace and matched without regard to
    case:

    * ``*`` alone: every host bypasses the proxy;
    * ``example.com``, ``.example.com`` or ``*.example.com``: that host and any
      subdomain (``api.example.com``), never ``badexample.com``;
    * ``example.com:8443``: as above but only for requests to that port
      (the URL's port, or 80/443 by scheme);
    * an IP address (``127.0.0.1``, ``::1`` or ``[::1]:8080``) or a CIDR block
      (``10.0.0.0/8``): requests to a literal IP in it.
    """

    __slots__ = ("bypass_all", "_names", "_networks")

    def __init__(self, value: str | None) -> None:
        import ipaddress

        self.bypass_all = False
        self._names: list[tuple[str, int | None]] = []
        self._networks: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, int | None]] = []
        for raw in (value or "").replace(",", " ").split():
            entry = raw.strip().lower()
            if entry == "*":
                self.bypass_all = True
                continue
            host, port = _split_host_port(entry)
            if host is None:
                continue  # unparsable entry: ignored, as curl does
            try:
                self._networks.append((ipaddress.ip_network(host, strict=False), port))
                continue
            except ValueError:
                pass
            host = host.lstrip("*").lstrip(".")
            if host:
                self._names.append((host, port))

    def bypasses(self, host: str, port: int) -> bool:
        """Whether a request to ``host:port`` goes direct (host without brackets, any case)."""
        if self.bypass_all:
            return True
        host = host.lower().rstrip(".")
        for name, rule_port in self._names:
            if (host == name or host.endswith("." + name)) and (rule_port is None or rule_port == port):
                return True
        if self._networks:
            import ipaddress

            try:
                address = ipaddress.ip_address(host)
            except ValueError:
                return False
            for network, rule_port in self._networks:
                if address.version == network.version and address in network and (rule_port is None or rule_port == port):
                    return True
        return False

    def __bool__(self) -> bool:
        return self.bypass_all or bool(self._names) or bool(self._networks)


def _split_host_port(entry: str) -> tuple[str | None, int | None]:
    """``host``, ``host:port``, ``[v6]``, ``[v6]:port``, bare ``v6`` or ``cidr`` → (host, port)."""
    if entry.startswith("["):
        end = entry.find("]")
        if end < 0:
            return None, None
        host, rest = entry[1:end], entry[end + 1 :]
        if rest.startswith(":") and rest[1:].isdigit():
            return host, int(rest[1:])
        return (host, None) if not rest else (None, None)
    if entry.count(":") == 1:
        host, _, port = entry.partition(":")
        if port.isdigit():
            return host, int(port)
        return None, None
    return entry, None  # a name, an IPv4 address, a CIDR block or a bare IPv6 address


def split_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an absolute URL; host lower-cased and without brackets."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError("not an absolute URL")
    scheme = scheme.lower()
    netloc = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rpartition("@")[2]
    host, port = _split_host_port(netloc.lower())
    if host is None:
        raise ValueError("bad host or port")
    return scheme, host, port if port is not None else _DEFAULT_PORTS.get(scheme, 80)


def redact_url(url: str, *, keep_query: bool) -> str:
    """The URL without user info (and without the query string unless ``keep_query``)."""
    scheme, sep, rest = url.partition("://")
    if sep:
        slash = len(rest)
        for ch in "/?#":
            pos = rest.find(ch)
            if 0 <= pos < slash:
                slash = pos
        netloc, tail = rest[:slash], rest[slash:]
        if "@" in netloc:
            netloc = netloc.rpartition("@")[2]
        url = f"{scheme}://{netloc}{tail}"
    if not keep_query:
        url = url.split("#", 1)[0]
        if "?" in url:
            url = url.split("?", 1)[0] + "?…"
    return url


def transport_error(
    cls: "type[TransportError]", request: "Request", reason: str, *, sent: bool, secrets: Iterable[str] = ()
) -> "TransportError":
    """``cls("METHOD url-without-query: reason")``: no header, body or credential in it.

    The reason comes from the HTTP library; belt and braces, any Authorization
    value (or a long part of one) and the given ``secrets`` (proxy passwords)
    are blanked out of the message should a library's text ever carry them.
    """
    message = f"{request.method} {redact_url(request.url, keep_query=False)}: {reason}"
    hidden = [s for s in secrets if s]
    for name, value in request.headers.items():
        if name.lower() in ("authorization", "proxy-authorization") and value:
            hidden.append(value)
            hidden.extend(part for part in value.split() if len(part) >= 8)
    for secret in hidden:
        message = message.replace(secret, "***")
    return cls(message, method=request.method, url=redact_url(request.url, keep_query=True), sent=sent)
