"""Calls (``/2010-04-01/Accounts/{AccountSid}/Calls``): create, fetch, list, update, delete.

A call moves ``queued`` → ``ringing`` → ``in-progress`` one clock step apart,
stays in progress for ``call_duration`` seconds, then ``completed``. When it is
answered it gets its TwiML: inline ``Twiml``, or a signed request to ``Url``
(``FallbackUrl`` if that fails) with the parameters Twilio sends. Each document
is parsed with :func:`twilio_twiml.parse` and recorded on the call; a final
``<Redirect>`` is followed (at most five times). Status callbacks go out for the
``StatusCallbackEvent`` values asked for (``completed`` by default).
"""

from __future__ import annotations

import math
import time
from typing import Any
from urllib.parse import urljoin

from .engine import ApiRequest, Engine
from .errors import ApiError, invalid_parameter
from .formats import format_national, is_e164, is_http_url, is_sid, new_sid, rfc2822
from .paging import page_2010

__all__ = ["create", "fetch", "list_", "update", "delete", "render", "FINAL_STATUSES"]

API_VERSION = "2010-04-01"
KIND = "call"
FINAL_STATUSES = frozenset({"completed", "canceled", "failed", "busy", "no-answer"})
EVENTS = ("initiated", "ringing", "answered", "completed")
MAX_REDIRECTS = 5
MAX_TWIML = 4000  # characters of inline Twiml, as Twilio allows


def _base(account_sid: str) -> str:
    return f"/2010-04-01/Accounts/{account_sid}/Calls"


def _valid_to(value: str) -> bool:
    return is_e164(value) or (value.startswith("client:") and len(value) > 7) or (value.startswith("sip:") and "@" in value)


def render(record: dict[str, Any]) -> dict[str, Any]:
    """The JSON Twilio returns for a call."""
    sid = record["sid"]
    base = _base(record["account_sid"])
    sub = {name: f"{base}/{sid}/{name.title().replace('_', '')}.json" for name in
           ("notifications", "recordings", "payments", "events", "siprec", "streams", "transcriptions")}
    sub["user_defined_message_subscriptions"] = f"{base}/{sid}/UserDefinedMessageSubscriptions.json"
    sub["user_defined_messages"] = f"{base}/{sid}/UserDefinedMessages.json"
    return {
        "account_sid": record["account_sid"],
        "answered_by": None,
        "api_version": API_VERSION,
        "caller_name": None,
        "date_created": rfc2822(record["date_created"]),
        "date_updated": rfc2822(record["date_updated"]),
        "direction": record["direction"],
        "duration": record.get("duration"),
        "end_time": rfc2822(record.get("end_time")),
        "forwarded_from": None,
        "from": record["from"],
        "from_formatted": format_national(record["from"]),
        "group_sid": None,
        "parent_call_sid": None,
        "phone_number_sid": None,
        "price": None,
        "price_unit": "USD",
        "queue_time": "0",
        "sid": sid,
        "start_time": rfc2822(record.get("start_time")),
        "status": record["status"],
        "subresource_uris": sub,
        "to": record["to"],
        "to_formatted": format_national(record["to"]),
        "trunk_sid": None,
        "uri": f"{base}/{sid}.json",
    }


def _method(request: ApiRequest, name: str) -> str:
    value = (request.arg(name) or "POST").upper()
    if value not in ("GET", "POST"):
        raise invalid_parameter(name, f"{value!r} is not GET or POST")
    return value


def _url(request: ApiRequest, name: str, code: int = 21205) -> str | None:
    value = request.arg(name) or None
    if value is not None and not is_http_url(value):
        raise ApiError(400, code, f"{name} is not a valid URL: {value}")
    return value


def _twiml(request: ApiRequest) -> str | None:
    twiml = request.arg("Twiml") or None
    if twiml is None:
        return None
    if len(twiml) > MAX_TWIML:
        raise invalid_parameter("Twiml", f"at most {MAX_TWIML} characters are allowed")
    from twilio_twiml import TwiMLException, parse

    try:
        parse(twiml)
    except TwiMLException as error:
        raise ApiError(400, 12100, f"Document parse failure: {error}") from None
    return twiml


def create(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """POST Calls.json: validate, store ``queued`` and start ringing."""
    to = request.arg("To")
    if not to:
        raise ApiError(400, 21201, "No 'To' number is specified")
    if not _valid_to(to):
        raise ApiError(400, 21211, f"Invalid 'To' Phone Number: {to}")
    from_ = request.arg("From")
    if not from_:
        raise ApiError(400, 21213, "No 'From' number is specified")
    if not (is_e164(from_) or from_.startswith("client:")):
        raise ApiError(400, 21212, f"Invalid 'From' Phone Number: {from_}")
    url = _url(request, "Url")
    twiml = _twiml(request)
    if request.arg("ApplicationSid"):
        app = request.arg("ApplicationSid") or ""
        raise ApiError(400, 21218, f"Invalid ApplicationSid {app}: the sandbox has no applications; pass Url or Twiml"
                       if is_sid(app, "AP") else f"Invalid ApplicationSid {app}")
    if url is None and twiml is None:
        raise ApiError(400, 21205, "A 'Url' or 'Twiml' parameter is required to place a call.")
    events: list[str] = []
    for value in request.args("StatusCallbackEvent"):
        for event in value.split():
            if event not in EVENTS:
                raise ApiError(400, 21626, f"Invalid 'StatusCallbackEvent': {event!r} is not one of {', '.join(EVENTS)}")
            events.append(event)
    now = time.time()
    record: dict[str, Any] = {
        "sid": new_sid("CA"),
        "account_sid": request.account_sid,
        "to": to,
        "from": from_,
        "status": "queued",
        "direction": "outbound-api",
        "date_created": now,
        "start_time": None,
        "end_time": None,
        "duration": None,
        "url": url,
        "method": _method(request, "Method"),
        "twiml": twiml,
        "fallback_url": _url(request, "FallbackUrl"),
        "fallback_method": _method(request, "FallbackMethod"),
        "status_callback": _url(request, "StatusCallback", 21609),
        "status_callback_method": _method(request, "StatusCallbackMethod"),
        "status_callback_events": events or ["completed"],
        "sequence": 0,
        "twiml_log": [],
    }
    with engine.lock:
        engine.save(KIND, record)
        out = render(record)
        initiated = _event_params(record, "initiated")
    if initiated:
        engine.emit("call-status", record["sid"], *initiated)
    engine.later(lambda: _advance(engine, record["sid"], "queued"))
    return 201, out


def resume(engine: Engine, record: dict[str, Any]) -> None:
    """After a restart: carry on with a call that had not ended."""
    if record["status"] in ("queued", "ringing"):
        engine.later(lambda: _advance(engine, record["sid"], record["status"]))
    elif record["status"] == "in-progress":
        engine.after(engine.call_duration, lambda: _finish(engine, record["sid"], "completed", ("in-progress",)))


def _common_params(record: dict[str, Any]) -> dict[str, str]:
    return {
        "AccountSid": record["account_sid"],
        "ApiVersion": API_VERSION,
        "CallSid": record["sid"],
        "CallStatus": record["status"],
        "Called": record["to"],
        "Caller": record["from"],
        "Direction": record["direction"],
        "From": record["from"],
        "To": record["to"],
    }


def _event_params(record: dict[str, Any], event: str) -> tuple[str, str, dict[str, str]] | None:
    """(url, method, params) of the status callback for ``event``, or None when not asked for.

    Call with the lock held: it numbers the callback.
    """
    url = record.get("status_callback")
    if not url or event not in record["status_callback_events"]:
        return None
    params = _common_params(record)
    if event == "initiated":
        params["CallStatus"] = "initiated"
    params.update(
        CallbackSource="call-progress-events",
        SequenceNumber=str(record["sequence"]),
        Timestamp=rfc2822(time.time()) or "",
    )
    if event == "completed" and record.get("duration") is not None:
        params["CallDuration"] = record["duration"]
        params["Duration"] = str(math.ceil(int(record["duration"]) / 60))
    record["sequence"] += 1
    return url, record["status_callback_method"], params


def _callback(engine: Engine, sid: str, url: str, method: str, params: dict[str, str]) -> None:
    engine.send_webhook("call-status", sid, url, method, params)


_NEXT = {"queued": "ringing", "ringing": "in-progress"}
_EVENT_OF = {"ringing": "ringing", "in-progress": "answered"}


def _advance(engine: Engine, sid: str, expected: str) -> None:
    with engine.lock:
        record = engine.store.get(KIND, sid)
        if record is None or record["status"] != expected:
            return  # canceled, hung up or deleted meanwhile
        status = _NEXT[expected]
        record["status"] = status
        if status == "in-progress":
            record["start_time"] = time.time()
        engine.save(KIND, record)
        callback = _event_params(record, _EVENT_OF[status])
    if callback:
        _callback(engine, sid, *callback)
    if status == "ringing":
        engine.later(lambda: _advance(engine, sid, "ringing"))
        return
    # Answered: get the call's TwiML, then let it run for call_duration.
    ok = _run_twiml(engine, sid)
    engine.after(engine.call_duration if ok else 0.0, lambda: _finish(engine, sid, "completed", ("in-progress",)))


def _run_twiml(engine: Engine, sid: str, url: str | None = None, method: str | None = None, twiml: str | None = None) -> bool:
    """Fetch (or take inline) the call's TwiML, parse and record it; follow a final <Redirect>.

    Returns False when the call got no usable TwiML (Twilio would say "an
    application error has occurred" and hang up).
    """
    with engine.lock:
        record = engine.store.get(KIND, sid)
        if record is None:
            return False
        if url is None and twiml is None:
            url, method, twiml = record.get("url"), record.get("method"), record.get("twiml")
            if twiml is not None:
                url = None
        params = _common_params(record)
        fallback = (record.get("fallback_url"), record.get("fallback_method"))
    for _ in range(MAX_REDIRECTS + 1):
        if twiml is not None:
            entry = _record_document(engine, sid, {"source": "inline", "url": None, "method": None, "status": None}, twiml)
        else:
            assert url is not None
            delivery = engine.send_webhook("call-twiml", sid, url, method or "POST", params)
            entry = {"source": "url", "url": url, "method": delivery.method, "status": delivery.status}
            if not delivery.ok and fallback[0]:
                url = fallback[0]
                delivery = engine.send_webhook("call-twiml", sid, url, fallback[1] or "POST", dict(params, ErrorCode="11200", ErrorUrl=entry["url"]))
                entry = {"source": "fallback", "url": url, "method": delivery.method, "status": delivery.status}
            if not delivery.ok:
                reason = delivery.error or f"HTTP {delivery.status}"
                _record_document(engine, sid, dict(entry, error=f"11200 HTTP retrieval failure: {reason}"), None)
                return False
            entry = _record_document(engine, sid, entry, delivery.text)
        document = entry.get("document")
        if document is None:
            return False
        redirect = _final_redirect(document)
        if redirect is None:
            return True
        target, redirect_method = redirect
        base = url or ""
        url, method, twiml = urljoin(base, target), redirect_method, None
        if not is_http_url(url):
            _record_document(engine, sid, {"source": "redirect", "url": url, "method": method, "status": None,
                                           "error": f"21205 Invalid Redirect URL: {target}"}, None)
            return False
    return True


def _record_document(engine: Engine, sid: str, entry: dict[str, Any], xml: str | None) -> dict[str, Any]:
    """Parse ``xml`` with the TwiML plugin and append the outcome to the call's ``twiml_log``."""
    from twilio_twiml import TwiMLException, parse

    document = None
    entry = dict(entry)
    entry.setdefault("error", None)
    entry["xml"] = xml
    entry["verbs"] = []
    entry["at"] = time.time()
    if xml is not None:
        try:
            document = parse(xml, response_class="voice", ignore_whitespace=True)
        except TwiMLException as error:
            entry["error"] = f"12100 Document parse failure: {error}"
        else:
            if document.name != "Response":
                entry["error"] = f"12100 Document parse failure: the root element is <{document.name}>, not <Response>"
                document = None
            else:
                entry["verbs"] = [v.name for v in document.verbs if not isinstance(v, str)]
    with engine.changed:
        record = engine.store.get(KIND, sid)
        if record is not None:
            record["twiml_log"].append(dict(entry))
            engine.save(KIND, record)
        if document is not None:
            engine.twiml_documents.setdefault(sid, []).append(document)
    entry["document"] = document
    return entry


def _final_redirect(document: Any) -> tuple[str, str] | None:
    verbs = [v for v in document.verbs if not isinstance(v, str)]
    if verbs and verbs[-1].name == "Redirect":
        target = verbs[-1].value
        if isinstance(target, str) and target.strip():
            return target.strip(), str(verbs[-1].attrs.get("method", "POST")).upper()
    return None


def _finish(engine: Engine, sid: str, status: str, only_from: tuple[str, ...]) -> None:
    """End the call with ``status`` if it is still in one of ``only_from``; send the completed callback."""
    with engine.lock:
        record = engine.store.get(KIND, sid)
        if record is None or record["status"] not in only_from:
            return
        now = time.time()
        record["status"] = status
        record["end_time"] = now
        started = record.get("start_time")
        record["duration"] = str(math.ceil(now - started)) if started else "0"
        engine.save(KIND, record)
        callback = _event_params(record, "completed")
    if callback:
        engine.emit("call-status", sid, *callback)


def fetch(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    with engine.lock:
        return 200, render(engine.owned(KIND, request))


_FILTERS = ("To", "From", "ParentCallSid", "Status", "StartTime", "StartTime<", "StartTime>", "EndTime", "EndTime<", "EndTime>")


def list_(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """GET Calls.json: newest first, filtered by To, From, Status, StartTime and EndTime (=, <, >)."""
    to, from_, status, parent = request.filter("To"), request.filter("From"), request.filter("Status"), request.filter("ParentCallSid")
    windows = {name: request.date_filter(name) for name in _FILTERS[4:]}

    def in_windows(value: float | None, field: str) -> bool:
        on, before, after = windows[field], windows[field + "<"], windows[field + ">"]
        if not (on or before or after):
            return True
        if value is None:
            return False
        return (not on or on[0] <= value < on[1]) and (not before or value < before[1]) and (not after or value >= after[0])

    def keep(record: dict[str, Any]) -> bool:
        return (
            record["account_sid"] == request.account_sid
            and (to is None or record["to"] == to)
            and (from_ is None or record["from"] == from_)
            and (status is None or record["status"] == status)
            and parent is None  # the sandbox places no child calls
            and in_windows(record.get("start_time"), "StartTime")
            and in_windows(record.get("end_time"), "EndTime")
        )

    filters = [(name, request.query[name][0]) for name in _FILTERS if request.filter(name)]
    with engine.lock:
        records = [r for r in reversed(engine.store.all(KIND)) if keep(r)]
        return 200, page_2010(_base(request.account_sid) + ".json", "calls", records, render, filters, request.query)


def update(engine: Engine, request: ApiRequest) -> tuple[int, dict[str, Any]]:
    """POST Calls/{Sid}.json: hang up (``Status``), redirect (``Url``/``Twiml``), change callbacks."""
    status = request.arg("Status")
    if status is not None and status not in ("canceled", "completed"):
        raise invalid_parameter("Status", f"{status!r} is not 'canceled' or 'completed'")
    url = _url(request, "Url")
    twiml = _twiml(request)
    method = _method(request, "Method")
    redirect = False
    with engine.lock:
        record = engine.owned(KIND, request)
        current = record["status"]
        if (url or twiml) and current in FINAL_STATUSES:
            raise ApiError(400, 21220, "Call is not in-progress. Cannot redirect.")
        if "StatusCallback" in request.form:
            record["status_callback"] = _url(request, "StatusCallback", 21609)
            record["status_callback_method"] = _method(request, "StatusCallbackMethod")
        if "FallbackUrl" in request.form:
            record["fallback_url"] = _url(request, "FallbackUrl")
            record["fallback_method"] = _method(request, "FallbackMethod")
        if url or twiml:
            record["url"], record["method"], record["twiml"] = (None, None, twiml) if twiml else (url, method, None)
            redirect = current == "in-progress"  # a call not yet answered uses the new TwiML when it is
        engine.save(KIND, record)
    sid = record["sid"]
    if status == "canceled" and current in ("queued", "ringing"):
        _finish(engine, sid, "canceled", ("queued", "ringing"))
    elif status == "completed":
        _finish(engine, sid, "canceled" if current in ("queued", "ringing") else "completed", ("queued", "ringing", "in-progress"))
    elif redirect:

        def run_new_twiml() -> None:
            _run_twiml(engine, sid, url, method, twiml)

        engine.after(0, run_new_twiml)
    with engine.lock:
        return 200, render(engine.store.get(KIND, sid) or record)


def delete(engine: Engine, request: ApiRequest) -> tuple[int, None]:
    """DELETE Calls/{Sid}.json: only a call that has ended."""
    with engine.lock:
        record = engine.owned(KIND, request)
        if record["status"] not in FINAL_STATUSES:
            raise ApiError(409, 20009, "Cannot delete a call that has not ended.")
        engine.store.delete(KIND, record["sid"])
        engine.twiml_documents.pop(record["sid"], None)
        engine.changed.notify_all()
    return 204, None
