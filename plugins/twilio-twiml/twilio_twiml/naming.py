"""How keyword arguments become attribute names, and language-code formatting."""

from __future__ import annotations

import re
from typing import overload

from .errors import TwiMLException

__all__ = ["ATTRIBUTE_MAP", "attribute_name", "format_language", "lower_camel"]

#: Keyword names mapped before lowerCamel-casing: Python keywords and names
#: whose XML spelling is not lowerCamel (the official library's rule).
ATTRIBUTE_MAP: dict[str, str] = {
    "from_": "from",
    "xml_lang": "xml:lang",
    "interpret_as": "interpret-as",
    "for_": "for",
    "break_": "break",
}

_LANGUAGE = re.compile(r"[a-zA-Z]{2}[_-][a-zA-Z]{2}")

# Keyword name -> attribute name; the vocabulary is small, so caching every
# name seen keeps unknown-keyword handling to one dict lookup. Bounded so that
# callers generating names dynamically cannot grow it without limit.
_ATTRIBUTE_NAMES: dict[str, str] = {}
_CACHE_LIMIT = 4096


@overload
def lower_camel(string: str) -> str: ...


@overload
def lower_camel(string: None) -> None: ...


def lower_camel(string: str | None) -> str | None:
    """Return ``string`` in lowerCamelCase: ``caller_id`` -> ``callerId``.

    Each ``_``-separated part is title-cased and the first letter lowered.
    ``None``, ``""`` and names without ``_`` (``fooBar``) are returned as they are.
    """
    if not string or "_" not in string:
        return string
    joined = "".join(part.title() for part in string.split("_"))
    return joined[:1].lower() + joined[1:]


def attribute_name(keyword: str) -> str:
    """Return the XML attribute name a keyword argument is written as."""
    name = _ATTRIBUTE_NAMES.get(keyword)
    if name is None:
        name = lower_camel(ATTRIBUTE_MAP.get(keyword, keyword))
        if len(_ATTRIBUTE_NAMES) < _CACHE_LIMIT:
            _ATTRIBUTE_NAMES[keyword] = name
    return name


@overload
def format_language(language: str) -> str: ...


@overload
def format_language(language: None) -> None: ...


def format_language(language: str | None) -> str | None:
    """Format a language code as ``ll-CC``: ``EN_us`` -> ``en-US``.

    ``None`` and ``""`` pass through. Anything but two ASCII letters, ``_`` or
    ``-``, and two ASCII letters raises :class:`TwiMLException`.
    """
    if not language:
        return language
    if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
        raise TwiMLException(
            f"Invalid value for language parameter: {language!r:.40}; "
            "expected two letters, '-' or '_', two letters (e.g. 'en-US')."
        )
    return language[:2].lower() + "-" + language[3:].upper()
