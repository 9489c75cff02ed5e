"""Converters from Twilio's JSON values to Python values, used by models.

Each converter takes the raw (non-``None``) JSON value and returns the Python
value. A value in an unexpected shape is returned unchanged rather than
raising: a response must never lose data because Twilio sent a new format.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

__all__ = [
    "Converter", "string", "integer", "decimal", "number", "boolean", "rfc2822_datetime",
    "iso_datetime", "iso_date", "json_value", "list_of", "model",
]

Converter = Callable[[Any], Any]


def string(value: Any) -> Any:
    return value


def json_value(value: Any) -> Any:
    """Objects and arrays stay as Python dicts and lists."""
    return value


def integer(value: Any) -> Any:
    """``"3"`` or ``3`` -> ``3`` (the 2010 API sends some counts as strings)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def decimal(value: Any) -> Any:
    """Prices and amounts as :class:`~decimal.Decimal` (``"-0.00750"`` keeps its digits)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (str, int, float)):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return value
    return value


def number(value: Any) -> Any:
    """JSON numbers (and numeric strings) as ``float``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


def rfc2822_datetime(value: Any) -> Any:
    """The 2010 API's ``"Thu, 30 Jul 2015 20:12:31 +0000"`` -> aware ``datetime``.

    Twilio's fixed shape is parsed directly (half the cost of ``email.utils``,
    which dominated reading a page of messages); anything else falls back to
    the general parser.
    """
    if not isinstance(value, str):
        return value
    parts = value.split()
    if len(parts) == 6 and parts[5] == "+0000" and len(parts[4]) == 8:
        month = _MONTHS.get(parts[2])
        clock = parts[4]
        if month is not None and parts[1].isdigit() and parts[3].isdigit() and clock[2] == ":" and clock[5] == ":":
            try:
                return _dt.datetime(
                    int(parts[3]), month, int(parts[1]), int(clock[:2]), int(clock[3:5]), int(clock[6:]),
                    tzinfo=_dt.timezone.utc,
                )
            except ValueError:
                pass
    import email.utils

    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return iso_datetime(value)
    return parsed if parsed is not None else value


def iso_datetime(value: Any) -> Any:
    """The v1 APIs' ``"2015-07-30T20:00:00Z"`` -> aware ``datetime``."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = _dt.datetime.fromisoformat(text)
    except ValueError:
        return value
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_dt.timezone.utc)


def iso_date(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        return value


def list_of(convert: Converter) -> Converter:
    """Apply ``convert`` to every item of a list."""

    def convert_list(value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [convert(v) if v is not None else None for v in value]

    return convert_list


def model(cls: Any) -> Converter:
    """A nested object parsed into the model class ``cls`` (kept as-is if not an object)."""

    def convert_model(value: Any) -> Any:
        return cls(value) if isinstance(value, dict) else value

    return convert_model
