"""Escaping of text and attribute values, and the checks that keep output well-formed.

The escapes are the ones the official library's output has (it uses
ElementTree): ``&``, ``<`` and ``>`` in text; those, ``"``, CR, LF and TAB in
attribute values. Two things are checked on top, so every document written
parses back as XML:

- a character XML 1.0 forbids (C0 controls other than TAB/LF/CR, lone
  surrogates, U+FFFE, U+FFFF) raises :class:`TwiMLException` naming the
  element (and attribute), never echoing the value;
- element and attribute names must be XML names (ASCII letters, digits,
  ``_``, ``-``, ``.``; the only prefix allowed is ``xml:``).

Carriage returns in text are written as the line feeds any XML parser turns
them into (XML 1.0 section 2.11), so ``parse`` gives back exactly what was written.
"""

from __future__ import annotations

import re

from .errors import TwiMLException

__all__ = ["check_name", "escape_attribute", "escape_text"]

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# ASCII NCName, optionally with the always-bound ``xml:`` prefix (``xml:lang``): other
# prefixes would need namespace declarations that namespace-aware parsers insist on.
_NAME = re.compile(r"(?:xml:)?[A-Za-z_][A-Za-z0-9_.\-]*")

# Names already checked; the vocabulary's names fill it on first use.
_VALID_NAMES: set[str] = set()
_CACHE_LIMIT = 4096


def check_name(name: object, element: str | None = None) -> None:
    """Raise :class:`TwiMLException` unless ``name`` is an element/attribute name we can write.

    ``element`` is the element an attribute belongs to (``None`` for an element name).
    """
    if name in _VALID_NAMES:
        return
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        if element is None:
            raise TwiMLException(f"Invalid element name {name!r:.60}: not an XML name")
        raise TwiMLException(f"<{element}> has an invalid attribute name {name!r:.60}: not an XML name")
    if len(_VALID_NAMES) < _CACHE_LIMIT:
        _VALID_NAMES.add(name)


def _forbidden(match: re.Match[str], where: str) -> TwiMLException:
    return TwiMLException(
        f"{where} contains U+{ord(match.group()):04X} at index {match.start()}, "
        "a character XML 1.0 does not allow"
    )


def escape_text(text: str, element: str) -> str:
    """Escape ``text`` for use as character data inside ``<element>``."""
    # Fast path: printable ASCII has nothing to check (isascii is O(1)).
    if not (text.isascii() and text.isprintable()):
        bad = _FORBIDDEN.search(text)
        if bad is not None:
            raise _forbidden(bad, f"<{element}> text")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attribute(value: str, element: str, attribute: str) -> str:
    """Escape ``value`` for use inside a double-quoted attribute of ``<element>``."""
    slow = not (value.isascii() and value.isprintable())
    if slow:
        bad = _FORBIDDEN.search(value)
        if bad is not None:
            raise _forbidden(bad, f"<{element}> attribute {attribute!r}")
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if '"' in value:
        value = value.replace('"', "&quot;")
    if slow:
        # Character references keep these through attribute-value normalisation.
        if "\r" in value:
            value = value.replace("\r", "&#13;")
        if "\n" in value:
            value = value.replace("\n", "&#10;")
        if "\t" in value:
            value = value.replace("\t", "&#09;")
    return value
