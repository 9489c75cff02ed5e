"""Webhook requests as Twilio sends them: form-encoded, signed with ``X-Twilio-Signature``.

Twilio signs the full URL it requests (query string included) followed by each
POST parameter's name and value in sorted order, HMAC-SHA1 with the account's
auth token, base64. For a GET, the parameters go into the query string and the
signature covers the URL alone. :class:`~twilio_core.RequestValidator` does the
signing here, so the sandbox and the SDK's validation agree by construction, and
the tests check the sandbox's requests with an independent validator instance.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from twilio_core.signature import RequestValidator

__all__ = ["WebhookRecord", "WebhookSender"]

_MAX_BODY = 1 << 20  # read at most 1 MiB of a webhook's answer
_USER_AGENT = "TwilioProxy/1.1 (twilio-sandbox)"


@dataclass
class WebhookRecord:
    """One webhook request the sandbox made, and what came back.

    ``kind`` is ``message-status``, ``call-status``, ``call-twiml``,
    ``room-status`` or ``incoming-message``; ``sid`` the resource it is about;
    ``url`` the exact URL requested (with the query string for a GET);
    ``params`` the form (or query) parameters as sent; ``signature`` the
    ``X-Twilio-Signature`` header. ``status`` and ``body`` are the answer
    (``status`` None when no answer came, with ``error`` saying why).
    """

    kind: str
    sid: str
    method: str
    url: str
    params: dict[str, str]
    signature: str
    headers: dict[str, str] = field(default_factory=dict)
    status: int | None = None
    body: bytes = b""
    content_type: str = ""
    error: str | None = None
    sent_at: float = 0.0
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the webhook answered 2xx."""
        return self.status is not None and 200 <= self.status < 300

    @property
    def text(self) -> str:
        """The answer's body as text (UTF-8, undecodable bytes replaced)."""
        return self.body.decode("utf-8", "replace")


class _AnswerTimeout(Exception):
    """The webhook's answer did not arrive in full before the deadline."""


def _read_until(response: Any, deadline: float) -> bytes:
    """Up to ``_MAX_BODY`` bytes of ``response``, giving up (``_AnswerTimeout``) after ``deadline``."""
    chunks: list[bytes] = []
    size = 0
    while size < _MAX_BODY:
        if time.monotonic() > deadline:
            raise _AnswerTimeout("TimeoutError: timed out waiting for the webhook's answer")
        chunk = response.read1(min(1 << 16, _MAX_BODY - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


class WebhookSender:
    """Signs and sends webhooks with one account's auth token; never through a proxy."""

    def __init__(self, auth_token: str, timeout: float) -> None:
        self._validator = RequestValidator(auth_token)
        self.timeout = timeout
        # An explicit empty ProxyHandler: a dev machine's HTTP_PROXY must not capture loopback webhooks.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def __repr__(self) -> str:
        return f"<WebhookSender timeout={self.timeout}>"

    def send(self, kind: str, sid: str, url: str, method: str, params: dict[str, str]) -> WebhookRecord:
        """Request ``url`` the way Twilio would and record the outcome; never raises for network trouble."""
        method = (method or "POST").upper()
        data: bytes | None
        if method == "GET":
            target = url + ("&" if "?" in url else "?") + urlencode(params) if params else url
            signature = self._validator.compute_signature(target, None)
            data = None
        else:
            method = "POST"
            target = url
            signature = self._validator.compute_signature(target, params)
            data = urlencode(params).encode("utf-8")
        headers = {
            "X-Twilio-Signature": signature,
            "I-Twilio-Idempotency-Token": str(uuid.uuid4()),
            "User-Agent": _USER_AGENT,
            "Accept": "*/*",
        }
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
        record = WebhookRecord(kind, sid, method, target, dict(params), signature, headers, sent_at=time.time())
        started = time.monotonic()
        # The timeout bounds the whole exchange, not each socket operation: an app trickling
        # its answer must not hold the clock (and every later event) beyond it.
        deadline = started + self.timeout
        try:
            request = urllib.request.Request(target, data=data, headers=headers, method=method)
            with self._opener.open(request, timeout=self.timeout) as response:
                record.status = response.status
                record.content_type = response.headers.get("Content-Type", "")
                record.body = _read_until(response, deadline)
        except urllib.error.HTTPError as error:
            record.status = error.code
            record.content_type = error.headers.get("Content-Type", "") if error.headers else ""
            try:
                record.body = _read_until(error, deadline)
            except _AnswerTimeout as timeout:
                record.status, record.error = None, str(timeout)
            except OSError:
                pass
            finally:
                error.close()
        except _AnswerTimeout as timeout:
            record.status, record.error = None, str(timeout)
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason: Any = getattr(error, "reason", error)
            record.error = f"{type(error).__name__}: {reason}"
        record.elapsed = time.monotonic() - started
        return record
