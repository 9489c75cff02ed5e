"""Retry: one decision function that knows which requests are safe to send again.

The pipeline runner owns the loop and the transport does the sleeping; this
module only decides, so the same policy serves sync and async pipelines.

What is retried by default:

* 429 Too Many Requests, for every method (Twilio did not act on the request),
  after ``Retry-After`` when given (capped by ``max_retry_after``);
* connection failures that happened before the request was sent
  (``TransportError.sent`` is false: refused, DNS, connect timeout, TLS), for
  every method;
* 500, 502, 503, 504, read timeouts and connections broken after sending, only
  for methods safe to repeat (GET, HEAD, OPTIONS, PUT, DELETE). A POST that may
  have reached Twilio is never sent twice.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing stays unimported at run time (cheap Client())
if TYPE_CHECKING:  # pragma: no cover
    from typing import Collection

from . import Stage

if TYPE_CHECKING:  # pragma: no cover
    from ..errors import TransportError
    from ..http import Request, Response

__all__ = ["RetryPolicy", "parse_retry_after", "DEFAULT_RETRY"]


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date); ``None`` if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        import email.utils
        import time

        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:  # "-0000" parses naive; HTTP dates are always UTC
            import datetime

            when = when.replace(tzinfo=datetime.timezone.utc)
        seconds = when.timestamp() - time.time()
    if seconds != seconds or seconds == float("inf"):  # NaN or infinite
        return None
    return max(0.0, seconds)


class RetryPolicy:
    """When and how long to wait before sending a request again.

    ``max_attempts`` counts the first try (4 = up to 3 retries); ``total_timeout``
    bounds the time spent across attempts and waits (seconds); backoff is
    exponential (``backoff_factor * 2**(retry-1)``, at most ``backoff_max``)
    with full jitter. ``Retry-After`` replaces the backoff, capped at
    ``max_retry_after``. ``Client(retry=None)`` switches retries off.
    """

    stage = Stage.RETRY

    def __init__(
        self,
        *,
        max_attempts: int = 4,
        backoff_factor: float = 0.5,
        backoff_max: float = 8.0,
        max_retry_after: float = 30.0,
        total_timeout: float = 60.0,
        retry_statuses: Collection[int] = (500, 502, 503, 504),
        idempotent_methods: Collection[str] = ("GET", "HEAD", "OPTIONS", "PUT", "DELETE"),
        jitter: bool = True,
    ) -> None:
        if not isinstance(max_attempts, int) or max_attempts < 1:
            from ..errors import ConfigurationError

            raise ConfigurationError(f"max_attempts must be an integer >= 1, got {max_attempts!r}")
        self.max_attempts = max_attempts
        self.backoff_factor = backoff_factor
        self.backoff_max = backoff_max
        self.max_retry_after = max_retry_after
        self.total_timeout = total_timeout
        self.retry_statuses = frozenset(retry_statuses)
        self.idempotent_methods = frozenset(m.upper() for m in idempotent_methods)
        self.jitter = jitter

    def backoff(self, attempt: int) -> float:
        """The wait before attempt ``attempt + 1`` when the server gave no hint."""
        delay = min(self.backoff_max, self.backoff_factor * (2 ** (attempt - 1)))
        if not self.jitter:
            return delay
        import random  # only when a retry happens: keeps Client() cheap

        return random.uniform(0, delay)

    def decide(
        self,
        request: "Request",
        response: "Response | None",
        error: "TransportError | None",
        attempt: int,
        elapsed: float,
    ) -> tuple[float, str] | None:
        """``(delay_seconds, reason)`` to retry, or ``None`` to stop.

        ``attempt`` is the number of the attempt that just finished (1 for the
        first); ``elapsed`` the seconds since the first attempt started.
        """
        if attempt >= self.max_attempts:
            return None
        idempotent = request.method.upper() in self.idempotent_methods
        if response is not None:
            status = response.status
            if status == 429:
                hint = parse_retry_after(response.headers.get("retry-after"))
                delay = min(hint, self.max_retry_after) if hint is not None else self.backoff(attempt)
                reason = "429 Too Many Requests"
            elif status in self.retry_statuses and idempotent:
                hint = parse_retry_after(response.headers.get("retry-after")) if status == 503 else None
                delay = min(hint, self.max_retry_after) if hint is not None else self.backoff(attempt)
                reason = f"HTTP {status}"
            else:
                return None
        elif error is not None:
            if error.sent and not idempotent:
                return None
            delay = self.backoff(attempt)
            reason = f"{type(error).__name__}{' before sending' if not error.sent else ''}"
        else:
            return None
        if elapsed + delay > self.total_timeout:
            return None
        return delay, reason

    def __repr__(self) -> str:
        return (
            f"RetryPolicy(max_attempts={self.max_attempts}, backoff_factor={self.backoff_factor}, "
            f"backoff_max={self.backoff_max}, max_retry_after={self.max_retry_after}, total_timeout={self.total_timeout})"
        )


DEFAULT_RETRY = RetryPolicy()
