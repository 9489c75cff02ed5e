"""Messages (``/2010-04-01/Accounts/{AccountSid}/Messages``): create, fetch, list, update, delete.

Outbound messages move ``queued`` → ``sent`` → ``delivered`` one clock step
apart (``accepted`` first with a Messaging Service, ``scheduled`` until
``SendAt`` when scheduled), with a status callback for each change after
creation, as Twilio sends them. The "magic" To numbers of Twilio's test
credentials give their errors (``+15005550001`` → 21211 and so on).
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from .engine import ApiRequest, Engine
from .errors import ApiError, invalid_parameter
from .formats import is_e164, is_http_url, is_sid, new_sid, parse_date_filter, rfc2822, segments
from .paging import page_2010

__all__ = ["create", "fetch", "list_", "update", "delete", "receive", "receive_endpoint", "render", "FINAL_STATUSES"]

API_VERSION = "2010-04-01"
KIND = "message"
FINAL_STATUSES = frozenset({"sent", "delivered", "undelivered", "failed", "received", "canceled", "read"})
MAX_BODY = 1600

# Twilio's test-credential "magic" To numbers and the error each one gives.
MAGIC_TO = {
    "+15005550001": (21211, "Invalid 'To' Phone Number: +15005550001"),
    "+15005550002": (21612, "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS."),
    "+15005550003": (21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003."),
    "+15005550004": (21610, "Attempt to send to unsubscribed recipient"),
    "+15005550009": (21614, "'To' number is not a valid mobile number"),
}
_TEMPLATE_VAR = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


def _address(value: str) -> tuple[str, str] | None:
    """(channel, number) of a message address: ``+1555...`` is SMS, ``whatsapp:+1555...`` WhatsApp."""
    if value.startswith("whatsapp:"):
        number = value[len("whatsapp:"):]
        return ("whatsapp", number) if is_e164(number) else None
    return ("sms", value) if is_e164(value) else None


def _base(account_sid: str) -> str:
    return f"/2010-04-01/Accounts/{account_sid}/Messages"


def render(record: dict[str, Any]) -> dict[str, Any]:
    """The JSON Twilio returns for a message."""
    sid = record["sid"]
    base = _base(record["account_sid"])
    return {
        "account_sid": record["account_sid"],
        "api_version": API_VERSION,
        "body": record["body"],
        "date_created": rfc2822(record["date_created"]),
        "date_sent": rfc2822(record.get("date_sent")),
        "date_updated": rfc2822(record["date_updated"]),
        "direction": record["direction"],
        "error_code": record.get("error_code"),
        "error_message": record.get("error_message"),
        "from": record.get("from"),
        "messaging_service_sid": record.get("messaging_service_sid"),
        "num_media": str(len(record.get("media_urls") or ())),
        "num_segments": str(record.get("num_segments", 1)),
        "price": record.get("price"),
        "price_unit": "USD",
        "sid": sid,
        "status": record["status"],
        "subresource_uris": {"media": f"{base}/{sid}/Media.json", "feedback": f"{base}/{sid}/Feedback.json"},
        "to": record["to"],
        "uri": f"{base}/{sid}.json",
    }


def _render_body(engine: Engine, content_sid: str, variables: dict[str, str]) -> str:
    template = engine.contents.get(content_sid)
    if template is None:
        return ""
    return _TEMPLATE_VAR.sub(lambda m: str(variables.get(m.group(1), m.group(0))), template)


def create(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """POST Messages.json: validate as Twilio does, store ``queued`` and start the clock."""
    to = request.arg("To")
    if not to:
        raise ApiError(400, 21604, "A 'To' phone number is required.")
    to_address = _address(to)
    if to_address is None:
        raise ApiError(400, 21211, f"Invalid 'To' Phone Number: {to}")
    if to in MAGIC_TO:
        code, message = MAGIC_TO[to]
        raise ApiError(400, code, message)
    from_ = request.arg("From") or None
    service = request.arg("MessagingServiceSid") or None
    if service is not None and not is_sid(service, "MG"):
        raise ApiError(400, 21701, f"The Messaging Service Sid {service} is invalid.")
    if from_ is None and service is None:
        raise ApiError(400, 21603, "A 'From' phone number is required.")
    if from_ is not None:
        from_address = _address(from_)
        if from_address is None and not re.fullmatch(r"[A-Za-z0-9 ]{1,11}", from_):  # alphanumeric sender IDs
            raise ApiError(400, 21212, f"Invalid 'From' Phone Number: {from_}")
        if (from_address[0] if from_address else "sms") != to_address[0]:
            raise ApiError(400, 21910, "Invalid From and To pair. From and To should be of the same channel")
    body = request.arg("Body")
    media = request.args("MediaUrl")
    content_sid = request.arg("ContentSid") or None
    if not body and not media and content_sid is None:
        raise ApiError(400, 21602, "Message body is required.")
    if body and len(body) > MAX_BODY:
        raise ApiError(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
    for url in media:
        if not is_http_url(url):
            raise ApiError(400, 21620, f"Invalid media URL(s): {url}")
    variables: dict[str, str] = {}
    if content_sid is not None:
        if not is_sid(content_sid, "HX"):
            raise ApiError(400, 21655, f"The ContentSid {content_sid} is invalid.")
        raw = request.arg("ContentVariables")
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = None
            if not isinstance(parsed, dict):
                raise ApiError(400, 21656, "The ContentVariables Parameter is invalid: expected a JSON object.")
            variables = {str(k): str(v) for k, v in parsed.items()}
        if not body:
            body = _render_body(engine, content_sid, variables)
    callback = request.arg("StatusCallback") or None
    if callback is not None and not is_http_url(callback):
        raise ApiError(400, 21609, f"Invalid StatusCallback url: {callback}")
    send_at: float | None = None
    if request.arg("ScheduleType"):
        if request.arg("ScheduleType") != "fixed":
            raise invalid_parameter("ScheduleType", "only 'fixed' is supported")
        if service is None:
            raise ApiError(400, 35111, "A MessagingServiceSid is required to schedule a message.")
        window = parse_date_filter(request.arg("SendAt") or "")
        if window is None:
            raise ApiError(400, 35114, "SendAt must be an ISO 8601 date-time.")
        send_at = window[0]

    now = time.time()
    status = "scheduled" if send_at is not None else "accepted" if service is not None else "queued"
    record: dict[str, Any] = {
        "sid": new_sid("MM" if media else "SM"),
        "account_sid": request.account_sid,
        "to": to,
        "from": from_,
        "body": body or "",
        "status": status,
        "direction": "outbound-api",
        "date_created": now,
        "date_sent": None,
        "num_segments": segments(body or ""),
        "media_urls": media,
        "messaging_service_sid": service,
        "status_callback": callback,
        "error_code": None,
        "error_message": None,
        "price": None,
        "content_sid": content_sid,
        "content_variables": variables,
        "send_at": send_at,
    }
    with engine.lock:
        engine.save(KIND, record)
        out = render(record)
    if send_at is not None:
        engine.after(max(0.0, send_at - now), lambda: _advance(engine, record["sid"], "scheduled"))
    else:
        engine.later(lambda: _advance(engine, record["sid"], status))
    return 201, out


def resume(engine: Engine, record: dict[str, Any]) -> None:
    """After a restart: carry on with a message that had not reached a final status."""
    status = record["status"]
    if status in FINAL_STATUSES and status != "sent":
        return
    if status == "scheduled" and record.get("send_at"):
        engine.after(max(0.0, record["send_at"] - time.time()), lambda: _advance(engine, record["sid"], status))
    else:
        engine.later(lambda: _advance(engine, record["sid"], status))


# Where each status goes next (delivered may become undelivered; see _advance).
_NEXT = {"scheduled": "queued", "accepted": "queued", "queued": "sent", "sent": "delivered"}


def _advance(engine: Engine, sid: str, expected: str) -> None:
    """One clock step: move the message on from ``expected`` (if it is still there) and call back."""
    with engine.lock:
        record = engine.store.get(KIND, sid)
        if record is None or record["status"] != expected or expected not in _NEXT:
            return  # deleted, canceled or already moved on
        status = _NEXT[expected]
        if status == "queued" and record.get("from") is None:
            record["from"] = "+15005550006"  # the number a Messaging Service picks, in the sandbox
        if status == "sent":
            record["date_sent"] = time.time()
        if status == "delivered" and record["to"] in engine.undeliverable:
            status = "undelivered"
            record["error_code"] = engine.undeliverable[record["to"]]
            record["error_message"] = "Unknown error"
        record["status"] = status
        engine.save(KIND, record)
        callback = record.get("status_callback")
        params = _callback_params(record)
    if status in _NEXT:
        engine.later(lambda: _advance(engine, sid, status))
    # Twilio calls back on every change but the first (queued/accepted/scheduled on creation).
    if callback:
        engine.send_webhook("message-status", sid, callback, "POST", params)


def _callback_params(record: dict[str, Any]) -> dict[str, str]:
    params = {
        "AccountSid": record["account_sid"],
        "ApiVersion": API_VERSION,
        "From": record.get("from") or "",
        "MessageSid": record["sid"],
        "MessageStatus": record["status"],
        "SmsSid": record["sid"],
        "SmsStatus": record["status"],
        "To": record["to"],
    }
    if record.get("messaging_service_sid"):
        params["MessagingServiceSid"] = record["messaging_service_sid"]
    if record.get("error_code") is not None:
        params["ErrorCode"] = str(record["error_code"])
    return params


def fetch(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    with engine.lock:
        return 200, render(engine.owned(KIND, request))


def list_(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """GET Messages.json: newest first, filtered by To, From and DateSent (=, <, >)."""
    to, from_ = request.filter("To"), request.filter("From")
    on, before, after = (request.date_filter(n) for n in ("DateSent", "DateSent<", "DateSent>"))

    def keep(record: dict[str, Any]) -> bool:
        if record["account_sid"] != request.account_sid:
            return False
        if to is not None and record["to"] != to:
            return False
        if from_ is not None and record.get("from") != from_:
            return False
        sent = record.get("date_sent")
        if on or before or after:
            if sent is None:
                return False
            if on and not on[0] <= sent < on[1]:
                return False
            if before and not sent < before[1]:  # on or before the named day/second
                return False
            if after and not sent >= after[0]:
                return False
        return True

    filters = [(name, request.query[name][0]) for name in ("To", "From", "DateSent", "DateSent<", "DateSent>") if request.filter(name)]
    with engine.lock:
        records = [r for r in reversed(engine.store.all(KIND)) if keep(r)]
        return 200, page_2010(_base(request.account_sid) + ".json", "messages", records, render, filters, request.query)


def update(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """POST Messages/{Sid}.json: ``Body=""`` redacts a finished message, ``Status=canceled`` cancels a scheduled one."""
    with engine.lock:
        record = engine.owned(KIND, request)
        status = request.arg("Status")
        if status is not None:
            if status != "canceled":
                raise invalid_parameter("Status", "a message's status can only be set to 'canceled'")
            if record["status"] != "scheduled":
                raise ApiError(400, 30409, "This message cannot be canceled: it is no longer scheduled.")
            record["status"] = "canceled"
        if "Body" in request.form:
            if request.arg("Body") != "":
                raise invalid_parameter("Body", "a sent message's body can only be redacted (set to an empty string)")
            if record["status"] not in FINAL_STATUSES:
                raise ApiError(409, 20009, "Cannot redact a message whose delivery has not finished.")
            record["body"] = ""
        engine.save(KIND, record)
        return 200, render(record)


def delete(engine: Engine, request: ApiRequest) -> tuple[int, None]:
    """DELETE Messages/{Sid}.json: only once delivery has finished, as Twilio requires."""
    with engine.lock:
        record = engine.owned(KIND, request)
        if record["status"] not in FINAL_STATUSES:
            raise ApiError(409, 20009, "Cannot delete message because delivery has not been completed.")
        engine.store.delete(KIND, record["sid"])
        engine.changed.notify_all()
    return 204, None


def receive(
    engine: Engine,
    *,
    from_: str,
    to: str,
    body: str,
    url: str | None,
    method: str = "POST",
    media_urls: tuple[str, ...] = (),
    extra: dict[str, str] | None = None,
) -> tuple[dict[str, Any], Any]:
    """An inbound message (SMS or ``whatsapp:``): stored as ``received`` and, given ``url``, POSTed there."""
    if _address(from_) is None or _address(to) is None:
        raise ValueError("from_ and to must be E.164 numbers, optionally prefixed with 'whatsapp:'")
    if url is not None and not is_http_url(url):
        raise ValueError(f"url must be an absolute http(s) URL, got {url!r}")
    now = time.time()
    record: dict[str, Any] = {
        "sid": new_sid("MM" if media_urls else "SM"),
        "account_sid": engine.account_sid,
        "to": to,
        "from": from_,
        "body": body,
        "status": "received",
        "direction": "inbound",
        "date_created": now,
        "date_sent": now,
        "num_segments": segments(body),
        "media_urls": list(media_urls),
        "messaging_service_sid": None,
        "status_callback": None,
        "error_code": None,
        "error_message": None,
        "price": None,
    }
    with engine.lock:
        engine.save(KIND, record)
        out = render(record)
    params = {
        "AccountSid": engine.account_sid,
        "ApiVersion": API_VERSION,
        "Body": body,
        "From": from_,
        "MessageSid": record["sid"],
        "NumMedia": str(len(media_urls)),
        "NumSegments": str(record["num_segments"]),
        "SmsMessageSid": record["sid"],
        "SmsSid": record["sid"],
        "SmsStatus": "received",
        "To": to,
    }
    for index, media_url in enumerate(media_urls):
        params[f"MediaUrl{index}"] = media_url
        params[f"MediaContentType{index}"] = "application/octet-stream"
    if from_.startswith("whatsapp:"):
        params.setdefault("WaId", from_[len("whatsapp:+"):])
        params.setdefault("ProfileName", "Sandbox User")
        params["MessageType"] = "image" if media_urls else "text"
    params.update(extra or {})
    delivery = engine.send_webhook("incoming-message", record["sid"], url, method, params) if url else None
    return out, delivery


def receive_endpoint(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """POST /_sandbox/Messages/Inbound (Basic auth): simulate an inbound message from outside Python.

    Form: ``From``, ``To``, ``Body``, repeated ``MediaUrl``, and ``Url`` (with ``Method``) to
    deliver the incoming-message webhook to. Answers the message and the webhook's outcome.
    """
    from_, to = request.arg("From"), request.arg("To")
    if not from_ or not to:
        raise ApiError(400, 20001, "Missing required parameter From or To in the post body")
    method = (request.arg("Method") or "POST").upper()
    if method not in ("GET", "POST"):
        raise invalid_parameter("Method", f"{method!r} is not GET or POST")
    try:
        message, delivery = receive(engine, from_=from_, to=to, body=request.arg("Body") or "",
                                    url=request.arg("Url") or None, method=method,
                                    media_urls=tuple(request.args("MediaUrl")))
    except ValueError as error:
        raise ApiError(400, 20001, str(error)) from None
    webhook = None if delivery is None else {"status": delivery.status, "error": delivery.error, "body": delivery.text}
    return 201, {"message": message, "webhook": webhook}
