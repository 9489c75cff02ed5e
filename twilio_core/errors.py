"""Every error the SDK raises.

All derive from :class:`TwilioError`. Messages name the problem and never hold a
secret: no auth token, API secret, private key or Authorization header value.
"""

from __future__ import annotations

# typing is not imported at run time: it (and re) would double `import twilio_core`.
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, Mapping

if TYPE_CHECKING:  # pragma: no cover
    from .http import Response

__all__ = [
    "TwilioError",
    "CredentialsError",
    "ConfigurationError",
    "InvalidParameterError",
    "ResponseParseError",
    "PluginError",
    "ProductNotInstalledError",
    "ClientClosedError",
    "TransportError",
    "TwilioConnectionError",
    "TwilioTimeoutError",
    "TwilioRestError",
    "TwilioRestException",
    "AuthenticationError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "rest_error_from_response",
]


class TwilioError(Exception):
    """Base class of every error raised by twilio_core and its plugins."""


class CredentialsError(TwilioError, ValueError):
    """Credentials are missing or malformed (raised when a client is built)."""


class ConfigurationError(TwilioError, ValueError):
    """A client option (region, edge, base URL, timeout, transport ...) is invalid."""


class InvalidParameterError(TwilioError, ValueError):
    """An operation was called with a missing required parameter or a value of the wrong type.

    Raised before any request is sent.
    """


class ResponseParseError(TwilioError, ValueError):
    """A successful response whose body is not the JSON the operation expects.

    Typically an HTML page from a proxy or captive portal. ``status`` and
    ``content_type`` say what came back; the body is kept on ``body``.
    """

    def __init__(self, message: str, *, status: int, content_type: str | None, body: bytes) -> None:
        super().__init__(message)
        self.status = status
        self.content_type = content_type
        self.body = body


class PluginError(TwilioError):
    """A plugin could not be loaded, is incompatible, or clashes with another."""


class ProductNotInstalledError(TwilioError, AttributeError):
    """``client.<name>`` names no installed product.

    An :class:`AttributeError` so ``hasattr(client, "calls")`` and ``getattr``
    with a default keep working.
    """

    def __init__(self, name: str, message: str, distribution: str | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.distribution = distribution


class ClientClosedError(TwilioError, RuntimeError):
    """A request was made through a client after ``close()``."""


class TransportError(TwilioError):
    """The request did not get an HTTP response.

    ``sent`` tells whether the request may have reached the server: retry uses
    it to never repeat a POST that Twilio may already have acted on.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        sent: bool = True,
    ) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.sent = sent


class TwilioConnectionError(TransportError):
    """No connection could be made, or it broke before a response came back."""


class TwilioTimeoutError(TransportError):
    """Connecting or waiting for the response took longer than the timeout."""


def _one_line(text: str) -> str:
    """One printable line: ANSI escape sequences dropped, control characters and runs of whitespace collapsed."""
    import re  # only on the error path

    text = re.sub(r"\x1b\[[0-9;?]*[ -/]*[@-~]", "", text)
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


class TwilioRestError(TwilioError):
    """Twilio answered with an HTTP error status.

    Attributes mirror Twilio's error body: ``status`` (HTTP), ``code`` (Twilio
    error code, e.g. 21211), ``message``, ``more_info`` (docs URL), ``details``;
    and the request: ``method``, ``uri``, plus the response ``headers``.
    """

    def __init__(
        self,
        status: int,
        uri: str,
        message: str | None = None,
        code: int | None = None,
        method: str = "GET",
        details: Mapping[str, Any] | None = None,
        more_info: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
    ) -> None:
        self.status = status
        self.uri = uri
        self.code = code
        self.method = method
        self.details = dict(details) if details else None
        self.more_info = more_info
        self.headers = dict(headers or {})
        self.body = body
        self.message = message or f"HTTP {status} error"
        super().__init__(str(self))

    @property
    def request_id(self) -> str | None:
        """Twilio's request id (``Twilio-Request-Id`` header), for support tickets."""
        return self.headers.get("twilio-request-id")

    def __str__(self) -> str:
        code = f" (code {self.code})" if self.code is not None and self.code != self.status else ""
        more = f" {self.more_info}" if self.more_info else ""
        return _one_line(f"HTTP {self.status}{code} {self.method} {self.uri}: {self.message}{more}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status}, code={self.code!r}, method={self.method!r}, uri={self.uri!r})"


#: Alias under the official library's name, so ``except TwilioRestException`` migrates.
TwilioRestException = TwilioRestError


class AuthenticationError(TwilioRestError):
    """401 or 403: the credentials were refused or lack permission."""


class NotFoundError(TwilioRestError):
    """404: the resource does not exist (Twilio code 20404)."""


class RateLimitError(TwilioRestError):
    """429: too many requests. ``retry_after`` holds the server's hint in seconds."""

    @property
    def retry_after(self) -> float | None:
        from .middleware.retry import parse_retry_after

        return parse_retry_after(self.headers.get("retry-after"))


class ServerError(TwilioRestError):
    """5xx: Twilio (or something in between) failed."""


def _error_class(status: int) -> type[TwilioRestError]:
    if status in (401, 403):
        return AuthenticationError
    if status == 404:
        return NotFoundError
    if status == 429:
        return RateLimitError
    if status >= 500:
        return ServerError
    return TwilioRestError


def rest_error_from_response(response: "Response") -> TwilioRestError:
    """Build the right :class:`TwilioRestError` subclass from an error response.

    Understands Twilio's JSON error body (``code``, ``message``, ``more_info``,
    ``details``) and RFC 9457 problem details (``title``, ``detail``, ``type``);
    any other body gives its status and a short excerpt of the text.
    """
    request = response.request
    method = request.method if request is not None else "GET"
    uri = request.url if request is not None else ""
    status = response.status
    message: str | None = None
    code: int | None = None
    details: Any = None
    more_info: str | None = None
    payload: Any = None
    if response.body:
        try:
            payload = response.json()
        except (ValueError, RecursionError):  # not JSON, or nested too deep to parse
            payload = None
    if isinstance(payload, dict):
        raw_code = payload.get("code")
        if isinstance(raw_code, int) and not isinstance(raw_code, bool):
            code = raw_code
        elif isinstance(raw_code, str) and raw_code.isascii() and raw_code.isdigit() and len(raw_code) <= 18:
            # isdigit() alone accepts "²", and int() refuses over 4,300 digits.
            code = int(raw_code)
        if isinstance(payload.get("message"), str):
            message = payload["message"]
        if isinstance(payload.get("more_info"), str):
            more_info = payload["more_info"]
        if isinstance(payload.get("details"), dict):
            details = payload["details"]
        # RFC 9457 problem details.
        title, detail = payload.get("title"), payload.get("detail")
        if message is None and (isinstance(title, str) or isinstance(detail, str)):
            parts = [p for p in (title, detail) if isinstance(p, str) and p]
            message = ": ".join(parts)
            if more_info is None and isinstance(payload.get("type"), str) and payload["type"] != "about:blank":
                more_info = payload["type"]
            if details is None:
                extra = {k: v for k, v in payload.items() if k not in ("title", "detail", "type", "status", "code", "instance")}
                details = extra or None
    if message is None:
        text = response.body[:200].decode("utf-8", "replace").strip()
        message = f"{response.reason or 'error'}" + (f" ({text})" if text else "")
    cls = _error_class(status)
    return cls(
        status=status,
        uri=uri,
        message=message,
        code=code,
        method=method,
        details=details,
        more_info=more_info,
        headers=response.headers,
        body=response.body,
    )
