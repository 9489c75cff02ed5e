"""The TwiML element base class and the serialiser.

Documents are written by plain string building (no ElementTree), to the same
bytes the official library writes: attributes sorted by name, ``True``/``False``
as ``true``/``false``, ``<Tag />`` for empty elements, no whitespace between
elements, and ``<?xml version="1.0" encoding="UTF-8"?>`` in front unless
``xml_declaration=False``.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, Dict, TypeVar, Union

from .errors import TwiMLException
from .escaping import _VALID_NAMES, check_name, escape_attribute, escape_text
from .naming import ATTRIBUTE_MAP, attribute_name

if TYPE_CHECKING:  # pragma: no cover
    import xml.etree.ElementTree as ET

    from typing_extensions import Self, TypeAlias

__all__ = [
    "AttributeValue",
    "GenericNode",
    "TextValue",
    "TwiML",
    "XML_DECLARATION",
    "add_attributes",
]

#: What an attribute keyword accepts: ``None`` leaves it out, ``True``/``False``
#: are written ``true``/``false``, anything else with ``str()``.
AttributeValue: TypeAlias = Union[str, int, float, bool, None]
#: What an element's text accepts: a string, or a dict written as its JSON encoding.
TextValue: TypeAlias = Union[str, Dict[str, Any]]

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

_Nested = TypeVar("_Nested", bound="TwiML | str")


def add_attributes(attrs: dict[str, Any], kwargs: dict[str, Any]) -> None:
    """Add keyword arguments to ``attrs`` under their attribute names, skipping ``None``."""
    for key, value in kwargs.items():
        if value is not None:
            attrs[attribute_name(key)] = value


class TwiML:
    """A TwiML element: a tag, attributes, optional text and nested elements or strings.

    ``name`` is the tag, ``attrs`` maps attribute names to values, ``value`` is
    the text, and ``verbs`` holds the nested elements and strings in order.
    Subclass it (calling ``super().__init__(**kwargs)``) to write an element of
    your own; the class name becomes the tag unless you set ``self.name``.
    """

    __slots__ = ("name", "value", "verbs", "attrs")

    #: Kept for code written against the official library.
    MAP = ATTRIBUTE_MAP

    name: str
    value: Any
    verbs: list[TwiML | str]
    attrs: dict[str, Any]

    def __init__(self, **kwargs: AttributeValue) -> None:
        self.name = type(self).__name__
        self.value = None
        self.verbs = []
        self.attrs = {}
        if kwargs:
            add_attributes(self.attrs, kwargs)

    def __str__(self) -> str:
        return self.to_xml()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} attrs={len(self.attrs)} children={len(self.verbs)}>"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None  # never swallows the exception

    def to_xml(self, xml_declaration: bool = True) -> str:
        """Return this element as an XML document string.

        :param xml_declaration: start with ``<?xml version="1.0" encoding="UTF-8"?>``.
        :raises TwiMLException: a value holds a character XML 1.0 forbids, or a name is not an XML name.
        """
        out: list[str] = [XML_DECLARATION] if xml_declaration else []
        try:
            _write(self, out)
        except RecursionError:
            raise TwiMLException(
                f"<{self.name}> is nested too deeply to write (more than about {sys.getrecursionlimit()} levels)"
            ) from None
        return "".join(out)

    def append(self, verb: TwiML | str) -> Self:
        """Nest an element or a string; return ``self`` (for chaining)."""
        self.nest(verb)
        return self

    def nest(self, verb: _Nested) -> _Nested:
        """Nest an element or a string; return what was nested.

        A string after an element becomes that element's tail text; a string
        before any element replaces this element's text (the official
        library's rule). Anything else raises :class:`TwiMLException`.
        """
        if not isinstance(verb, (TwiML, str)):
            raise TwiMLException(
                f"Only nesting of TwiML and strings are allowed, not {type(verb).__name__}"
            )
        self.verbs.append(verb)
        return verb

    def add_child(self, name: str, value: TextValue | None = None, **kwargs: AttributeValue) -> GenericNode:
        """Nest an element with any tag (``name``), text and attributes; return it."""
        node = GenericNode(name, value, **kwargs)
        self.verbs.append(node)
        return node

    def xml(self) -> ET.Element:
        """Return this element as an :class:`xml.etree.ElementTree.Element` (for migration).

        Built by parsing the serialised string, so it is only as fast as ElementTree.
        """
        import xml.etree.ElementTree as ET

        return ET.fromstring(self.to_xml(xml_declaration=False))


class GenericNode(TwiML):
    """An element with any tag, as made by :meth:`TwiML.add_child`."""

    __slots__ = ()

    def __init__(self, name: str, value: TextValue | None = None, **kwargs: AttributeValue) -> None:
        super().__init__(**kwargs)
        self.name = name
        self.value = value


def _text_of(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def _write(node: TwiML, out: list[str]) -> None:
    """Append the serialisation of ``node`` to ``out``.

    The common case (known names, printable ASCII values with nothing to escape)
    is checked inline; anything else goes through the escaping module's checks.
    """
    name = node.name
    if name not in _VALID_NAMES:
        check_name(name)
    head = "<" + name
    attrs = node.attrs
    if attrs:
        # Keys are unique, so sorting the pairs compares keys only.
        for key, value in sorted(attrs.items()) if len(attrs) > 1 else attrs.items():
            if key not in _VALID_NAMES:
                check_name(key, name)
            if value.__class__ is not str:
                value = "true" if value is True else "false" if value is False else str(value)
            if (
                not (value.isascii() and value.isprintable())
                or "&" in value or "<" in value or ">" in value or '"' in value
            ):
                value = escape_attribute(value, name, key)
            head += " " + key + '="' + value + '"'

    value = node.value
    text = (value if value.__class__ is str else _text_of(value)) if value else None
    verbs = node.verbs
    if not verbs:
        if text:
            out.append(head + ">" + _escape_text(text, name) + "</" + name + ">")
        else:
            out.append(head + " />")
        return

    start = len(out)
    out.append(head)  # completed below, once we know whether the element is empty
    tail = None
    has_child = False
    for verb in verbs:
        if isinstance(verb, TwiML):
            if tail:
                out.append(_escape_text(tail, name))
                tail = None
            _write(verb, out)
            has_child = True
        elif isinstance(verb, str):
            # As in the official library, a later string replaces an earlier one.
            if has_child:
                tail = verb
            else:
                text = verb
        else:
            raise TwiMLException(
                f"<{name}> holds a {type(verb).__name__}: only TwiML elements and strings can be nested"
            )
    if tail:
        out.append(_escape_text(tail, name))
    if has_child or text:
        out[start] = head + ">" + _escape_text(text, name) if text else head + ">"
        out.append("</" + name + ">")
    else:
        out[start] = head + " />"


def _escape_text(text: str, element: str) -> str:
    # Inline fast path for printable ASCII with nothing to escape: no call, no copies.
    if (
        text.isascii() and text.isprintable()
        and "&" not in text and "<" not in text and ">" not in text
    ):
        return text
    return escape_text(text, element)
