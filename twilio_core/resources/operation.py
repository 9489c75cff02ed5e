"""Operation declarations and their wire serialisation (no I/O).

An :class:`Operation` says how one API call looks on the wire: method,
domain, path template, and :class:`Param` declarations (Python name, wire
name, type, required, list-ness, location). ``Operation.build`` turns Python
arguments into a :class:`~twilio_core.http.Request`; the same declaration
serves the sync and the async client.
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import TYPE_CHECKING, Any, Mapping, Sequence
from urllib.parse import quote, urlencode

from ..errors import InvalidParameterError
from ..http import Request

if TYPE_CHECKING:  # pragma: no cover
    from ..config import ClientConfig
    from .model import Model

__all__ = ["Param", "Operation", "serialise", "KINDS"]

#: Wire kinds a parameter can have.
KINDS = frozenset({"string", "integer", "number", "boolean", "date", "date-time", "object", "any", "pairs"})
_FORM = "application/x-www-form-urlencoded"


class Param:
    """One parameter: ``Param("from_", "From")``, ``Param("media_url", "MediaUrl", is_list=True)``.

    ``location`` is ``"query"``, ``"form"`` or ``"header"``; ``None`` picks
    form for POST and query otherwise.

    Kind ``"pairs"`` takes a mapping (or pairs) and sends it numbered, as the
    Streams and Siprec APIs expect: ``Param("parameters", "Parameter", "pairs")``
    with ``{"a": "1"}`` sends ``Parameter1.Name=a&Parameter1.Value=1``.
    """

    __slots__ = ("name", "wire", "kind", "required", "is_list", "location")

    def __init__(
        self,
        name: str,
        wire: str,
        kind: str = "string",
        *,
        required: bool = False,
        is_list: bool = False,
        location: str | None = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown parameter kind {kind!r} for {name!r}")
        self.name = name
        self.wire = wire
        self.kind = kind
        self.required = required
        self.is_list = is_list
        self.location = location

    def __repr__(self) -> str:
        flags = "".join((" required" if self.required else "", " list" if self.is_list else ""))
        return f"<Param {self.name}->{self.wire} {self.kind}{flags}>"


def _format_datetime(value: _dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(_dt.timezone.utc)
        return value.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    return value.isoformat(timespec="seconds")


def serialise(kind: str, value: Any, name: str) -> str:
    """One Python value as Twilio expects it on the wire.

    Booleans ``true``/``false``, dates ``YYYY-MM-DD``, datetimes ISO 8601
    (aware ones in UTC with ``Z``), objects as JSON text, enums by value.
    """
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        if kind not in ("boolean", "string", "any"):
            raise InvalidParameterError(f"{name} expects {kind}, got a bool")
        return "true" if value else "false"
    if kind == "object":
        if isinstance(value, str):
            return value  # already JSON text
        import json

        return json.dumps(value, separators=(",", ":"), default=str)
    if isinstance(value, _dt.datetime):
        return _format_datetime(value)
    if isinstance(value, _dt.date):
        if kind == "date-time":
            return value.isoformat() + "T00:00:00Z"
        return value.isoformat()
    if kind == "integer":
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str) and value.lstrip("+-").isdigit():
            return value
        raise InvalidParameterError(f"{name} expects an integer, got {type(value).__name__}")
    if kind == "boolean":
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower()
        raise InvalidParameterError(f"{name} expects a bool, got {type(value).__name__}")
    if kind == "number":
        if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
            return str(value)
        if isinstance(value, str):
            return value
        raise InvalidParameterError(f"{name} expects a number, got {type(value).__name__}")
    if isinstance(value, (dict, list, tuple, set)):
        raise InvalidParameterError(f"{name} expects a single {kind} value, got {type(value).__name__}")
    return value if isinstance(value, str) else str(value)


def _numbered_pairs(p: Param, value: Any) -> list[tuple[str, str]]:
    """``{"a": "1"}`` -> ``[("Parameter1.Name", "a"), ("Parameter1.Value", "1")]``."""
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, (list, tuple)) and all(isinstance(i, (list, tuple)) and len(i) == 2 for i in value):
        items = list(value)
    else:
        raise InvalidParameterError(f"{p.name} expects a mapping of names to values, got {type(value).__name__}")
    out: list[tuple[str, str]] = []
    for number, (key, item) in enumerate(items, 1):
        out.append((f"{p.wire}{number}.Name", serialise("string", key, p.name)))
        out.append((f"{p.wire}{number}.Value", serialise("string", item, p.name)))
    return out


class Operation:
    """One API operation. Immutable; built once at import of the product module."""

    __slots__ = ("name", "method", "domain", "path", "params", "model", "records_key", "one_of", "_by_name", "_default_location")

    def __init__(
        self,
        name: str,
        method: str,
        domain: str,
        path: str,
        params: Sequence[Param] = (),
        *,
        model: "type[Model] | None" = None,
        records_key: str | None = None,
        one_of: Sequence[Sequence[str]] = (),
    ) -> None:
        self.name = name
        self.method = method.upper()
        self.domain = domain
        self.path = path
        self.params = tuple(params)
        self.model = model
        #: For list operations: the key holding the records (``messages``, ``rooms``).
        self.records_key = records_key
        #: Groups of parameter names of which at least one must be given (``from_`` or ``messaging_service_sid``).
        self.one_of = tuple(tuple(group) for group in one_of)
        self._by_name = {p.name: p for p in self.params}
        self._default_location = "form" if self.method in ("POST", "PUT", "PATCH") else "query"

    def param(self, name: str) -> Param | None:
        return self._by_name.get(name)

    def path_for(self, path_values: Mapping[str, str]) -> str:
        """Fill ``{AccountSid}``-style placeholders; values are percent-encoded."""
        path = self.path
        if "{" not in path:
            return path
        out = []
        rest = path
        while True:
            start = rest.find("{")
            if start < 0:
                out.append(rest)
                break
            end = rest.index("}", start)
            key = rest[start + 1:end]
            value = path_values.get(key)
            if value is None or value == "":
                raise InvalidParameterError(f"{self.name} {self.path}: missing path value {key}")
            if not isinstance(value, str):
                raise InvalidParameterError(f"{self.name}: path value {key} must be a string, got {type(value).__name__}")
            if value in (".", ".."):
                # A whole "." or ".." segment is removed by URL normalisation (urllib3 does it):
                # the request would reach another resource.
                raise InvalidParameterError(f"{self.name}: path value {key} cannot be {value!r}")
            out.append(rest[:start])
            out.append(quote(value, safe=""))
            rest = rest[end + 1:]
        return "".join(out)

    def build(
        self,
        config: "ClientConfig",
        path_values: Mapping[str, str],
        args: Mapping[str, Any],
        *,
        product: str | None = None,
    ) -> Request:
        """The :class:`Request` for this operation with ``args`` (Python names -> values).

        ``None`` means "not given". A missing required parameter raises
        :class:`~twilio_core.errors.InvalidParameterError` before any I/O.
        """
        query: list[tuple[str, str]] = []
        form: list[tuple[str, str]] = []
        headers: dict[str, str] = {}
        missing = []
        for p in self.params:
            value = args.get(p.name)
            if value is None:
                if p.required:
                    missing.append(p.name)
                continue
            location = p.location or self._default_location
            target = form if location == "form" else query
            if p.kind == "pairs":
                target.extend(_numbered_pairs(p, value))
            elif p.is_list and isinstance(value, (list, tuple, set, frozenset)):
                if p.required and not value:
                    missing.append(p.name)
                for item in value:
                    if item is not None:
                        target.append((p.wire, serialise(p.kind, item, p.name)))
            else:
                wire_value = serialise(p.kind, value, p.name)
                if location == "header":
                    headers[p.wire] = wire_value
                else:
                    target.append((p.wire, wire_value))
        if missing:
            raise InvalidParameterError(
                f"{self.name}() is missing required parameter{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
            )
        for group in self.one_of:
            if all(args.get(name) is None or args.get(name) == [] for name in group):
                raise InvalidParameterError(f"{self.name}() needs one of: {', '.join(group)}")
        url = config.origin(self.domain) + self.path_for(path_values)
        if query:
            url += "?" + urlencode(query)
        body = None
        if self._default_location == "form":
            body = urlencode(form).encode("utf-8")
            headers["Content-Type"] = _FORM
        context: dict[str, Any] = {}
        if product:
            context["product"] = product
        return Request(self.method, url, headers, body, context)

    def __repr__(self) -> str:
        return f"<Operation {self.name} {self.method} {self.domain}:{self.path}>"
