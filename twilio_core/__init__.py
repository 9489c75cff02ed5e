"""twilio_core: the small core of a plugin-based Twilio SDK.

Importing this package is cheap on purpose: names are loaded on first use, and
neither urllib3, pluggy nor importlib.metadata is imported until a client needs
them (see docs/architecture.md).
"""

from __future__ import annotations

# typing is not imported at run time: it (and re) would double `import twilio_core`.
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

from ._version import __version__

# Public name -> module that defines it; resolved lazily by __getattr__ below.
_EXPORTS = {
    "Client": "client",
    "AsyncClient": "async_client",
    "ClientConfig": "config",
    "Credentials": "config",
    "Request": "http",
    "Response": "http",
    "Timeout": "http",
    "Middleware": "middleware",
    "WrapMiddleware": "middleware",
    "Stage": "middleware",
    "RetryPolicy": "middleware.retry",
    "Transport": "transports.base",
    "TransportOptions": "transports.base",
    "RequestValidator": "signature",
    "TwilioError": "errors",
    "CredentialsError": "errors",
    "ConfigurationError": "errors",
    "PluginError": "errors",
    "InvalidParameterError": "errors",
    "ResponseParseError": "errors",
    "ProductNotInstalledError": "errors",
    "ClientClosedError": "errors",
    "TransportError": "errors",
    "TwilioConnectionError": "errors",
    "TwilioTimeoutError": "errors",
    "TwilioRestError": "errors",
    "TwilioRestException": "errors",
    "AuthenticationError": "errors",
    "NotFoundError": "errors",
    "RateLimitError": "errors",
    "ServerError": "errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'twilio_core' has no attribute {name!r}")
    # __import__ + sys.modules rather than importlib: importlib costs ~0.3 ms at first use.
    import sys

    qualified = f"{__name__}.{module}"
    __import__(qualified)
    value = getattr(sys.modules[qualified], name)
    globals()[name] = value  # cache: the next access is a plain global lookup
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .async_client import (
        AsyncClient as AsyncClient,
    )
    from .client import (
        Client as Client,
    )
    from .config import (
        ClientConfig as ClientConfig,
        Credentials as Credentials,
    )
    from .errors import (
        AuthenticationError as AuthenticationError,
        ClientClosedError as ClientClosedError,
        ConfigurationError as ConfigurationError,
        CredentialsError as CredentialsError,
        InvalidParameterError as InvalidParameterError,
        NotFoundError as NotFoundError,
        PluginError as PluginError,
        ProductNotInstalledError as ProductNotInstalledError,
        RateLimitError as RateLimitError,
        ResponseParseError as ResponseParseError,
        ServerError as ServerError,
        TransportError as TransportError,
        TwilioConnectionError as TwilioConnectionError,
        TwilioError as TwilioError,
        TwilioRestError as TwilioRestError,
        TwilioRestException as TwilioRestException,
        TwilioTimeoutError as TwilioTimeoutError,
    )
    from .http import (
        Request as Request,
        Response as Response,
        Timeout as Timeout,
    )
    from .middleware import (
        Middleware as Middleware,
        Stage as Stage,
        WrapMiddleware as WrapMiddleware,
    )
    from .middleware.retry import (
        RetryPolicy as RetryPolicy,
    )
    from .signature import (
        RequestValidator as RequestValidator,
    )
    from .transports.base import (
        Transport as Transport,
        TransportOptions as TransportOptions,
    )
