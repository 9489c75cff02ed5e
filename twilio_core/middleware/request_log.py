"""Request logging on the ``twilio_core.http`` logger, with personal data masked.

INFO, one line per attempt: method, host, path (no query string), status,
elapsed milliseconds, Twilio request id and attempt number. DEBUG adds the
query and form parameters, with the values of parameters that may carry
personal data (To, From, Body, MediaUrl, ...) masked unless the client was
built with ``log_personal_data=True``, and the response size (and body, only
with that opt-in). Headers are never logged, so the Authorization header
cannot leak; the client's own secrets, secret-looking JSON fields and the
values of secret-looking parameters (Password, Secret, PrivateKey, AuthToken...)
are scrubbed from anything logged at all, opt-in or not.
"""

from __future__ import annotations

import logging
import re
import time
from typing import TYPE_CHECKING, Iterable

from . import Middleware, Stage

if TYPE_CHECKING:  # pragma: no cover
    from ..errors import TwilioError
    from ..http import Request, Response

__all__ = ["RequestLogger", "mask_params", "SAFE_PARAMS"]

logger = logging.getLogger("twilio_core.http")

#: Parameters whose values are logged at DEBUG. Everything else is masked unless
#: the user opts in: new or unknown parameters are treated as personal.
SAFE_PARAMS = frozenset(
    {
        "PageSize", "Page", "PageToken", "Status", "Type", "Timeout", "Record", "Direction",
        "ScheduleType", "SmartEncoded", "ShortenUrls", "SendAsMms", "ValidityPeriod",
        "ContentRetention", "AddressRetention", "Attempt", "MaxPrice", "Limit", "Trim",
        "RecordingChannels", "RecordingTrack", "MachineDetection", "Muted", "Hold",
        "Beep", "StartConferenceOnEnter", "EndConferenceOnExit", "UniqueName", "MaxParticipants",
        "RecordParticipantsOnConnect", "VideoCodecs", "MediaRegion", "EmptyRoomTimeout",
        "UnusedRoomTimeout", "AudioOnly", "Format", "Codec",
    }
)
_MASK = "***"
_SECRET_JSON = re.compile(
    r'("(?:[a-z_]*secret|auth_token|password|private_key|api_secret|token)"\s*:\s*")((?:[^"\\]|\\.)*)(")',
    re.IGNORECASE,
)


# Parameters that carry credentials (SIP credential Password, push credential Secret and
# PrivateKey...): masked even with log_personal_data=True.
_SECRET_PARAM = re.compile(r"secret|passw(?:or)?d|private_?key|auth_?token|access_?token", re.IGNORECASE)


def _is_safe(name: str) -> bool:
    return name in SAFE_PARAMS or name.endswith("Sid") or name.endswith("Method") or name.endswith("Sid[]")


def mask_params(pairs: Iterable[tuple[str, str]], personal: bool) -> str:
    """``Name=value&...`` for a log line, masking personal values unless ``personal`` (secret ones always)."""
    return "&".join(
        f"{k}={_MASK if _SECRET_PARAM.search(k) else v if personal or _is_safe(k) else _MASK}" for k, v in pairs
    )


class RequestLogger(Middleware):
    """Per-attempt request log. Costs one ``isEnabledFor`` check when logging is off."""

    # Innermost per-attempt middleware: the elapsed time is the wire time.
    stage = Stage.PER_ATTEMPT + 90
    name = "logging"

    def __init__(self, *, log_personal_data: bool = False, secrets: Iterable[str] = ()) -> None:
        self.log_personal_data = log_personal_data
        self._secrets = tuple(s for s in secrets if s)

    def _scrub(self, text: str) -> str:
        text = _SECRET_JSON.sub(r"\1" + _MASK + r"\3", text)
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, _MASK)
        return text

    def on_request(self, request: "Request") -> None:
        if logger.isEnabledFor(logging.INFO):
            request.context["log_start"] = time.perf_counter()
            if logger.isEnabledFor(logging.DEBUG):
                from urllib.parse import parse_qsl, urlsplit

                query = parse_qsl(urlsplit(request.url).query, keep_blank_values=True)
                form: list[tuple[str, str]] = []
                if request.body and request.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                    form = parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
                logger.debug(
                    "%s",
                    self._scrub(
                        f"request {request.method} {request.host}{request.path}"
                        f" query[{mask_params(query, self.log_personal_data)}]"
                        f" form[{mask_params(form, self.log_personal_data)}]"
                        f" attempt {request.context.get('attempt', 1)}"
                    ),
                )

    def on_response(self, request: "Request", response: "Response") -> None:
        start = request.context.get("log_start")
        if start is None or not logger.isEnabledFor(logging.INFO):
            return
        elapsed_ms = (time.perf_counter() - start) * 1000
        request_id = response.headers.get("twilio-request-id", "-")
        attempt = request.context.get("attempt", 1)
        logger.info(
            "%s %s%s -> %s in %.1f ms (request id %s, attempt %s)",
            request.method, request.host, request.path, response.status, elapsed_ms, request_id, attempt,
            extra={
                "twilio_method": request.method, "twilio_host": request.host, "twilio_path": request.path,
                "twilio_status": response.status, "twilio_elapsed_ms": round(elapsed_ms, 1),
                "twilio_request_id": request_id, "twilio_attempt": attempt,
            },
        )
        if logger.isEnabledFor(logging.DEBUG):
            if self.log_personal_data:
                logger.debug("%s", self._scrub(f"response {response.status} body {response.body[:2000].decode('utf-8', 'replace')}"))
            else:
                logger.debug("response %s, %d bytes (body not logged: log_personal_data is off)", response.status, len(response.body))

    def on_error(self, request: "Request", error: "TwilioError") -> None:
        start = request.context.get("log_start")
        if start is None or not logger.isEnabledFor(logging.INFO):
            return
        elapsed_ms = (time.perf_counter() - start) * 1000
        logger.info(
            "%s %s%s -> %s after %.1f ms (attempt %s)",
            request.method, request.host, request.path, type(error).__name__, elapsed_ms,
            request.context.get("attempt", 1),
        )

    def __repr__(self) -> str:
        return f"<RequestLogger log_personal_data={self.log_personal_data}>"
