"""The sandbox's state and behaviour, independent of HTTP: accounts, records, clock, webhooks.

Every change to a record happens with :attr:`Engine.lock` held and wakes the
threads waiting in :meth:`Engine.wait_until`. Webhooks are always sent with the
lock released: the app receiving one may call the sandbox's API from its
handler, and a slow app must not stall other requests.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .errors import ApiError, SandboxError
from .formats import is_sid, new_sid, parse_date_filter
from .scheduler import Scheduler
from .store import Store
from .webhooks import WebhookRecord, WebhookSender

__all__ = ["Engine", "ApiRequest"]

_AUTH_DETAIL = "Your AccountSid or AuthToken was incorrect."


@dataclass
class ApiRequest:
    """One REST request as the resource handlers see it.

    ``path`` is the API path without any ``/{domain}`` prefix; ``origin`` is the
    scheme, host and prefix the client used, for the absolute URLs v1 APIs return.
    ``query`` and ``form`` keep repeated and empty values (``Body=`` redacts).
    """

    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    params: dict[str, str]
    account_sid: str
    origin: str

    def arg(self, name: str) -> str | None:
        """The first form value of ``name``, or None when absent."""
        values = self.form.get(name)
        return values[0] if values else None

    def args(self, name: str) -> list[str]:
        """Every form value of ``name`` (repeated keys), in order."""
        return list(self.form.get(name, ()))

    def filter(self, name: str) -> str | None:
        """The first query value of ``name``, or None when absent or empty."""
        values = self.query.get(name)
        return values[0] if values and values[0] != "" else None

    def date_filter(self, name: str) -> tuple[float, float] | None:
        """The time window the query filter ``name`` (a date or ISO 8601 date-time) names, or None."""
        value = self.filter(name)
        if value is None:
            return None
        window = parse_date_filter(value)
        if window is None:
            from .errors import invalid_parameter

            raise invalid_parameter(name, f"{value!r} is not a date (YYYY-MM-DD) or ISO 8601 date-time")
        return window


class Engine:
    """Accounts, records, clock and webhook sender of one sandbox.

    ``step`` is the delay in seconds between status transitions (None: manual
    clock, transitions only run in :meth:`advance`); ``call_duration`` how long a
    call stays ``in-progress``.
    """

    def __init__(
        self,
        *,
        db: str | None = None,
        step: float | None = 0.05,
        call_duration: float | None = None,
        webhook_timeout: float = 5.0,
        account_sid: str | None = None,
        auth_token: str | None = None,
    ) -> None:
        if step is not None and not (isinstance(step, (int, float)) and 0 <= step <= 3600):
            raise SandboxError(f"step must be a number of seconds between 0 and 3600, or None, got {step!r}")
        if not (isinstance(webhook_timeout, (int, float)) and 0 < webhook_timeout <= 300):
            raise SandboxError(f"webhook_timeout must be between 0 and 300 seconds, got {webhook_timeout!r}")
        self.step = float(step) if step is not None else 0.0
        self.call_duration = float(call_duration) if call_duration is not None else max(self.step * 2, 0.0)
        if not 0 <= self.call_duration <= 86400:
            raise SandboxError(f"call_duration must be between 0 and 86400 seconds, got {call_duration!r}")
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.store = Store(db)
        self.scheduler = Scheduler(manual=step is None)
        self.webhooks: list[WebhookRecord] = []
        #: To-numbers whose messages end ``undelivered`` with this error code (see Sandbox.fail_delivery).
        self.undeliverable: dict[str, int] = {}
        #: Content SID -> template body with ``{{1}}``-style placeholders (see Sandbox.add_content).
        self.contents: dict[str, str] = {}
        #: Parsed TwiML documents per call SID, in the order the call got them.
        self.twiml_documents: dict[str, list[Any]] = {}
        try:
            self._init_credentials(account_sid, auth_token)
        except BaseException:
            self.store.close()  # do not leave the database open behind a refused configuration
            raise
        self.sender = WebhookSender(self.auth_token, webhook_timeout)

    # -- credentials --------------------------------------------------------------
    def _init_credentials(self, account_sid: str | None, auth_token: str | None) -> None:
        store = self.store
        stored_sid, stored_token = store.meta("account_sid"), store.meta("auth_token")
        if account_sid is not None and not is_sid(account_sid, "AC"):
            raise SandboxError("account_sid must be 'AC' followed by 32 hexadecimal digits")
        if auth_token is not None and (not isinstance(auth_token, str) or len(auth_token) < 8 or not auth_token.isprintable()):
            raise SandboxError("auth_token must be a printable string of at least 8 characters")
        if stored_sid and account_sid and stored_sid != account_sid:
            raise SandboxError(f"the database belongs to account {stored_sid}, not {account_sid}")
        self.account_sid = account_sid or stored_sid or new_sid("AC")
        self.auth_token = auth_token or stored_token or secrets.token_hex(16)
        store.set_meta("account_sid", self.account_sid)
        store.set_meta("auth_token", self.auth_token)
        keys = json.loads(store.meta("api_keys") or "{}")
        self.api_keys: dict[str, str] = dict(keys)
        if not self.api_keys:
            self.issue_api_key()

    def issue_api_key(self) -> tuple[str, str]:
        """A new API key (``SK...``) and its secret for the sandbox's account."""
        with self.lock:
            sid, secret = new_sid("SK"), secrets.token_urlsafe(24)
            self.api_keys[sid] = secret
            self.store.set_meta("api_keys", json.dumps(self.api_keys))
            return sid, secret

    @property
    def api_key_sid(self) -> str:
        return next(iter(self.api_keys))

    def authenticate(self, header: str | None) -> str:
        """The account an ``Authorization`` header authenticates; ApiError 401/20003 otherwise."""
        if not header or not header[:6].lower() == "basic ":
            raise ApiError(401, 20003, "Authentication Error - No credentials provided", _AUTH_DETAIL)
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise ApiError(401, 20003, "Authentication Error - invalid username", _AUTH_DETAIL) from None
        username, _, password = decoded.partition(":")
        expected: str | None = self.auth_token if username == self.account_sid else self.api_keys.get(username)
        # Compare even for an unknown user, so the answer takes the same time.
        if not hmac.compare_digest(password.encode(), (expected or secrets.token_hex(16)).encode()) or expected is None:
            raise ApiError(401, 20003, "Authenticate", _AUTH_DETAIL)
        return self.account_sid

    def key_secret(self, key_sid: str) -> str | None:
        """The secret of an API key the sandbox issued (for access-token checks)."""
        return self.api_keys.get(key_sid)

    # -- records ----------------------------------------------------------------------
    def save(self, kind: str, record: dict[str, Any]) -> None:
        """Store ``record`` and wake waiters. Call with the lock held."""
        record["date_updated"] = time.time()
        self.store.put(kind, record)
        self.changed.notify_all()

    def get(self, kind: str, sid: str) -> dict[str, Any] | None:
        with self.lock:
            return self.store.get(kind, sid)

    def require(self, kind: str, sid: str, path: str) -> dict[str, Any]:
        record = self.get(kind, sid)
        if record is None:
            from .errors import not_found

            raise not_found(path)
        return record

    def owned(self, kind: str, request: ApiRequest) -> dict[str, Any]:
        """The record the request's ``Sid`` names, if it belongs to the caller's account (else 20404)."""
        record = self.require(kind, request.params["Sid"], request.path)
        if record["account_sid"] != request.account_sid:
            from .errors import not_found

            raise not_found(request.path)
        return record

    # -- clock ------------------------------------------------------------------------
    def later(self, event: Callable[[], None], steps: float = 1.0) -> None:
        """Run ``event`` after ``steps`` clock steps."""
        self.scheduler.call_later(self.step * steps, event)

    def after(self, seconds: float, event: Callable[[], None]) -> None:
        self.scheduler.call_later(seconds, event)

    def wait_until(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:
        """Wait until ``predicate()`` is truthy (checked with the lock held) and return its value.

        Raises :class:`SandboxError` naming ``what`` after ``timeout`` seconds. In
        manual-clock mode pending events are run first.
        """
        if not isinstance(timeout, (int, float)) or timeout < 0:
            raise SandboxError(f"timeout must be a non-negative number of seconds, got {timeout!r}")
        if self.scheduler.manual:
            self.scheduler.run_pending()
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise SandboxError(f"timed out after {timeout:g} s waiting for {what}")
                self.changed.wait(min(remaining, 0.5))

    # -- webhooks -----------------------------------------------------------------------
    def send_webhook(self, kind: str, sid: str, url: str, method: str, params: Mapping[str, str]) -> WebhookRecord:
        """Send one signed webhook (lock must NOT be held) and record it."""
        record = self.sender.send(kind, sid, url, method, dict(params))
        with self.changed:
            self.webhooks.append(record)
            self.changed.notify_all()
        return record

    def emit(self, kind: str, sid: str, url: str, method: str, params: Mapping[str, str]) -> None:
        """Send a webhook from the clock thread, soon: for changes made while answering a request.

        The request is answered at once, as Twilio does, and the webhook keeps its
        place in order with the other events.
        """
        frozen = dict(params)

        def send() -> None:
            self.send_webhook(kind, sid, url, method, frozen)

        self.scheduler.call_later(0.0, send)

    def close(self) -> None:
        with self.lock:
            self.store.close()
