"""Wire formats the sandbox shares with Twilio: SIDs, dates, addresses, segment counts."""

from __future__ import annotations

import datetime as _dt
import email.utils
import math
import re
import uuid

__all__ = [
    "new_sid",
    "is_sid",
    "rfc2822",
    "iso8601",
    "parse_date_filter",
    "is_e164",
    "is_http_url",
    "format_national",
    "segments",
]

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_SID = re.compile(r"^[A-Z]{2}[0-9a-f]{32}$")
# The GSM 03.38 basic character set: a body only of these fits 160 characters a segment.
_GSM = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f"
)
# Its extension table: each of these is sent as an escape plus the character (two septets).
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


def new_sid(prefix: str) -> str:
    """A fresh SID: two-letter prefix and 32 lower-case hex digits, as Twilio's."""
    return prefix + uuid.uuid4().hex


def is_sid(value: str, prefix: str) -> bool:
    """True if ``value`` looks like a SID with ``prefix`` (case of the hex digits ignored)."""
    return isinstance(value, str) and value[:2] == prefix and _SID.match(value[:2] + value[2:].lower()) is not None


def _utc(ts: float) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(ts, _dt.timezone.utc).replace(microsecond=0)


def rfc2822(ts: float | None) -> str | None:
    """``Mon, 15 Jan 2024 10:30:00 +0000``: how the 2010 API writes dates."""
    return None if ts is None else email.utils.format_datetime(_utc(ts))


def iso8601(ts: float | None) -> str | None:
    """``2024-01-15T10:30:00Z``: how the v1 APIs write dates."""
    return None if ts is None else _utc(ts).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_date_filter(value: str) -> tuple[float, float] | None:
    """The [start, end) epoch range a list filter value names, or None if unreadable.

    ``2024-01-15`` names that whole UTC day; a date-time (ISO 8601 with or without
    zone, or RFC 2822) names that second.
    """
    value = value.strip()
    try:
        if len(value) == 10:
            day = _dt.date.fromisoformat(value)
            start = _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc).timestamp()
            return start, start + 86400.0
        if "," in value:
            moment = email.utils.parsedate_to_datetime(value)
        else:
            moment = _dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except (ValueError, TypeError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    start = float(math.floor(moment.timestamp()))
    return start, start + 1.0


def is_e164(value: str) -> bool:
    """A phone number in E.164 form: ``+`` and 7 to 15 digits."""
    return bool(_E164.match(value))


def is_http_url(value: str) -> bool:
    """An absolute http(s) URL with a host, as Twilio accepts for webhooks."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in value)


def format_national(number: str) -> str:
    """``(415) 555-1212`` for a North American number, the number itself otherwise."""
    if number.startswith("+1") and len(number) == 12 and number[2:].isdigit():
        return f"({number[2:5]}) {number[5:8]}-{number[8:]}"
    return number


def segments(body: str) -> int:
    """How many SMS segments ``body`` takes (GSM-7: 160/153 septets a segment, extension characters
    taking two; else UCS-2: 70/67)."""
    if not body:
        return 1
    if all(c in _GSM for c in body):
        septets = [2 if c in _GSM_EXTENDED else 1 for c in body]
        if sum(septets) <= 160:
            return 1
        # 153 septets a segment; an escape pair is never split between two segments.
        count, used = 1, 0
        for size in septets:
            if used + size > 153:
                count, used = count + 1, 0
            used += size
        return count
    else:
        single, multi = 70, 67
        length = sum(2 if ord(c) > 0xFFFF else 1 for c in body)  # UTF-16 code units
    return 1 if length <= single else math.ceil(length / multi)
