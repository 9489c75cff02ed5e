"""The transport interface: send one request, return one response."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from ..http import Request, Response, Timeout

__all__ = ["Transport", "TransportOptions", "TransportFactory"]


class TransportOptions:
    """Settings a client hands to a transport factory.

    ``verify``: check TLS certificates (on by default). ``ca_bundle``: a PEM
    file of CAs to trust instead of the system/certifi store. ``proxy``: an
    explicit proxy URL; when ``None`` and ``trust_env`` is true, ``HTTPS_PROXY``/
    ``HTTP_PROXY``/``NO_PROXY`` from the environment apply. ``pool_maxsize``:
    connections kept per host. ``environ``: the environment the client was
    built with (for proxies), ``os.environ`` unless the user passed another.
    """

    __slots__ = ("verify", "ca_bundle", "proxy", "no_proxy", "trust_env", "pool_maxsize", "environ")

    def __init__(
        self,
        *,
        verify: bool = True,
        ca_bundle: str | None = None,
        proxy: str | None = None,
        no_proxy: str | None = None,
        trust_env: bool = True,
        pool_maxsize: int = 10,
        environ: "dict[str, str] | None" = None,
    ) -> None:
        self.verify = verify
        self.ca_bundle = ca_bundle
        self.proxy = proxy
        self.no_proxy = no_proxy
        self.trust_env = trust_env
        self.pool_maxsize = pool_maxsize
        self.environ = environ

    def __repr__(self) -> str:
        # A proxy URL may carry credentials: show only whether one is set.
        return (
            f"TransportOptions(verify={self.verify}, ca_bundle={self.ca_bundle!r}, "
            f"proxy={'set' if self.proxy else None}, trust_env={self.trust_env}, pool_maxsize={self.pool_maxsize})"
        )


class Transport:
    """Send a :class:`~twilio_core.http.Request`, return a :class:`~twilio_core.http.Response`.

    Implementations must be safe to call from many threads at once, must not
    follow redirects, and must turn every failure into
    :class:`~twilio_core.errors.TwilioConnectionError` or
    :class:`~twilio_core.errors.TwilioTimeoutError` (setting ``sent=False``
    only when the request certainly never left, e.g. connection refused), with
    a message naming method and URL and no header values.
    """

    def send(self, request: "Request", timeout: "Timeout") -> "Response":
        raise NotImplementedError

    def close(self) -> None:
        """Release connections. Called once by ``Client.close()``."""

    def sleep(self, seconds: float) -> None:
        """Wait between retries. Transports (and test doubles) may override it."""
        time.sleep(seconds)


#: What a transport registry entry resolves to: a callable building a transport.
TransportFactory = Callable[[TransportOptions], Transport]
