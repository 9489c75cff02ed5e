"""Models: typed, lazily converted views of Twilio's JSON resources.

A model keeps the response's JSON object as it came and converts a field the
first time it is read (RFC 2822 or ISO 8601 datetimes, integers, decimals,
nested models), so parsing a page of 1,000 records costs almost nothing until
fields are used, and fields the SDK does not know are kept, never dropped.
"""

from __future__ import annotations

import keyword
from typing import TYPE_CHECKING, Any, ClassVar, Mapping

from .methods import ClientT, TypedByClient

if TYPE_CHECKING:  # pragma: no cover
    from .fields import Converter
    from .resource import Resource

__all__ = ["Model", "python_name", "wire_name"]


def python_name(json_name: str) -> str:
    """``from`` -> ``from_``: the attribute name for a JSON field."""
    return json_name + "_" if keyword.iskeyword(json_name) else json_name


def wire_name(attr: str) -> str:
    """Inverse of :func:`python_name`."""
    return attr[:-1] if attr.endswith("_") and keyword.iskeyword(attr[:-1]) else attr


def _raw(value: Any) -> Any:
    return value


class _Field:
    """A model field: the converted JSON value (cached), or ``None`` when absent."""

    __slots__ = ("name", "convert")

    def __init__(self, name: str, convert: "Converter | None") -> None:
        self.name = name
        self.convert = convert

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        raw = obj._data.get(self.name)
        convert = self.convert
        if raw is None or convert is None:
            return raw
        cache = obj._cache
        name = self.name
        if name in cache:
            return cache[name]
        value = cache[name] = convert(raw)
        return value


class Model(TypedByClient[ClientT]):
    """Base of every resource model.

    Generic over the client that fetched it, for the type checker only:
    ``message.update(...)`` returns a ``Message`` when it came from a ``Client``
    and an awaitable when it came from an ``AsyncClient`` (``Message[AsyncClient]``).

    Subclasses declare ``_fields`` (JSON name -> converter) and, for the type
    checker, annotated attributes. Reading ``model.date_created`` converts and
    caches; a known field absent from the payload reads as ``None``; an unknown
    field present in the payload reads as its raw JSON value.
    """

    __slots__ = ("_data", "_cache", "_parent")

    #: JSON field name -> converter. Fields not listed are returned raw.
    _fields: ClassVar[Mapping[str, "Converter"]] = {}
    #: Fields shown by ``repr`` (those present).
    _repr_fields: ClassVar[tuple[str, ...]] = ("sid",)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Fields a subclass only annotates (strings, enums: no conversion) are known
        # too, so they read as None when absent; generated models then list only
        # the fields that need a converter.
        super().__init_subclass__(**kwargs)
        annotated = [a for a in cls.__dict__.get("__annotations__", {}) if not a.startswith("_")]
        extra = {wire_name(a): _raw for a in annotated if wire_name(a) not in cls._fields}
        if extra:
            cls._fields = {**cls._fields, **extra}
        # A descriptor per known field: reading it is one call, where a miss that falls
        # through to __getattr__ costs a failed lookup through the MRO first.
        for name, convert in cls._fields.items():
            attr = python_name(name)
            existing = getattr(cls, attr, None)
            if existing is None or isinstance(existing, _Field):
                setattr(cls, attr, _Field(name, None if convert is _raw else convert))

    def __init__(self, data: Mapping[str, Any], parent: "Resource[Any] | None" = None) -> None:
        self._data = data
        self._cache: dict[str, Any] = {}
        self._parent = parent

    def _value(self, name: str) -> Any:
        """The converted value of JSON field ``name`` (cached); ``KeyError`` if neither sent nor known."""
        data = self._data
        raw = data.get(name)
        if raw is None:
            if name in data or name in self._fields:
                return None
            raise KeyError(name)
        convert = self._fields.get(name)
        if convert is None or convert is _raw:
            return raw
        cache = self._cache
        if name in cache:
            return cache[name]
        value = cache[name] = convert(raw)
        return value

    def __getattr__(self, attr: str) -> Any:
        # Only reached for names that are not real attributes: fields the model does not declare.
        if attr.startswith("__"):
            raise AttributeError(attr)
        try:
            return self._value(wire_name(attr))
        except KeyError:
            raise AttributeError(f"{type(self).__name__!s} has no field {attr!r}") from None

    def __getitem__(self, name: str) -> Any:
        """``model["from"]``: the converted value by JSON name (also where a method has that name)."""
        return self._value(name)

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | {python_name(k) for k in self._data} | {python_name(k) for k in self._fields})

    @property
    def raw(self) -> Mapping[str, Any]:
        """The JSON object exactly as Twilio sent it."""
        return self._data

    def to_dict(self) -> dict[str, Any]:
        """Every field by its JSON name, converted; unknown fields included as sent."""
        return {name: self._value(name) for name in self._data}

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return dict(self._data) == dict(other._data)

    __hash__ = None  # type: ignore[assignment]  # mutable-ish payload: not hashable

    def __repr__(self) -> str:
        shown = " ".join(f"{k}={self._data[k]!r}" for k in self._repr_fields if self._data.get(k) is not None)
        return f"<{type(self).__name__}{' ' + shown if shown else ''}>"

    def _context(self) -> Any:
        """The instance context this model's ``fetch``/``update``/``delete`` go through."""
        parent = self._parent
        if parent is None:
            from ..errors import TwilioError

            raise TwilioError(f"{type(self).__name__} was built from data, not returned by a client; it cannot make requests")
        return parent._context_for(self)

    def __getstate__(self) -> dict[str, Any]:
        return {"data": dict(self._data)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._data = state["data"]
        self._cache = {}
        self._parent = None
