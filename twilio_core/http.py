"""Sans-IO HTTP values: :class:`Request`, :class:`Response` and :class:`Timeout`.

They carry no connection and do no I/O, so the same middleware serves the
sync pipeline and (later) the async one. One ``Request`` is made per call and
never shared between calls; middleware may edit it in place.
"""

from __future__ import annotations

# typing is not imported at run time: it (and re) would double `import twilio_core`.
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, Mapping

__all__ = ["Request", "Response", "Timeout", "DEFAULT_TIMEOUT"]


class Timeout:
    """Connect and read timeouts in seconds (``None`` = wait forever).

    ``Timeout(5)`` sets both; ``Timeout(connect=3, read=20)`` each one.
    The default is connect 10 s, read 30 s.
    """

    __slots__ = ("connect", "read")

    def __init__(self, timeout: float | None = ..., *, connect: float | None = ..., read: float | None = ...) -> None:  # type: ignore[assignment]
        base_connect, base_read = (10.0, 30.0) if timeout is ... else (timeout, timeout)
        self.connect = base_connect if connect is ... else connect
        self.read = base_read if read is ... else read
        for name in ("connect", "read"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
                from .errors import ConfigurationError

                raise ConfigurationError(f"timeout {name} must be a positive number of seconds or None, got {value!r}")

    @classmethod
    def coerce(cls, value: "Timeout | float | tuple[float | None, float | None] | None") -> "Timeout":
        """Accept a :class:`Timeout`, a number (both), a ``(connect, read)`` pair, or ``None`` (no limit)."""
        if isinstance(value, Timeout):
            return value
        if isinstance(value, tuple):
            if len(value) != 2:
                from .errors import ConfigurationError

                raise ConfigurationError("a timeout tuple must be (connect, read)")
            return cls(connect=value[0], read=value[1])
        return cls(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Timeout) and (self.connect, self.read) == (other.connect, other.read)

    def __hash__(self) -> int:
        return hash((self.connect, self.read))

    def __repr__(self) -> str:
        return f"Timeout(connect={self.connect!r}, read={self.read!r})"


DEFAULT_TIMEOUT = Timeout()


class Request:
    """An HTTP request about to be sent.

    ``headers`` is a plain dict (names as given; middleware sets canonical
    capitalisation). ``body`` is bytes or ``None``. ``context`` is per-request
    scratch space for middleware (start times, attempt numbers) so no
    middleware needs to keep per-request state on itself.
    """

    __slots__ = ("method", "url", "headers", "body", "context")

    def __init__(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        context: dict[str, Any] | None = None,
    ) -> None:
        self.method = method
        self.url = url
        self.headers = headers if headers is not None else {}
        self.body = body
        self.context = context if context is not None else {}

    def copy(self) -> "Request":
        """A copy with its own headers dict (the context is shared: it belongs to the call)."""
        return Request(self.method, self.url, dict(self.headers), self.body, self.context)

    @property
    def host(self) -> str:
        """``host[:port]`` of the URL."""
        rest = self.url.split("://", 1)[-1]
        return rest.split("/", 1)[0].split("?", 1)[0]

    @property
    def path(self) -> str:
        """The URL's path without the query string."""
        rest = self.url.split("://", 1)[-1]
        slash = rest.find("/")
        if slash < 0:
            return "/"
        return rest[slash:].split("?", 1)[0].split("#", 1)[0]

    def __repr__(self) -> str:
        # Headers are left out on purpose: Authorization lives there.
        return f"<Request {self.method} {self.url}>"


class Response:
    """An HTTP response. ``headers`` has lower-cased names."""

    __slots__ = ("status", "headers", "body", "request", "reason", "_json")

    def __init__(
        self,
        status: int,
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
        request: Request | None = None,
        reason: str | None = None,
    ) -> None:
        self.status = status
        self.headers: dict[str, str] = {k.lower(): v for k, v in headers.items()} if headers else {}
        self.body = body
        self.request = request
        self.reason = reason
        self._json: Any = ...

    @property
    def ok(self) -> bool:
        """True for 1xx-3xx statuses."""
        return self.status < 400

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (invalid bytes replaced)."""
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON (cached). Raises ``ValueError`` if it is not JSON."""
        if self._json is ...:
            import json

            self._json = json.loads(self.body) if self.body else None
        return self._json

    def __repr__(self) -> str:
        return f"<Response {self.status}{' ' + self.reason if self.reason else ''}>"
