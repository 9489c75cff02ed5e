"""The canonical request of Public Key Client Validation (PKCV).

Twilio hashes the same string on its side and compares it with the ``rqh``
claim, so every rule here is part of the protocol::

    METHOD            upper-case
    PATH              dot segments resolved, duplicate slashes collapsed, each segment
                      percent-decoded then re-encoded (RFC 3986: only A-Z a-z 0-9 - _ . ~ stay)
    QUERY             each name and value form-decoded (``+`` is a space) and re-encoded
                      as the path is; ``name=value`` pairs sorted; joined by ``&``
    HEADERS           ``name:value`` per signed header present, name lower-case, value
                      trimmed (several values: sorted, joined by ``,``), sorted by name,
                      each line ending in a newline
    SIGNED HEADERS    the lower-case names of those headers, sorted, joined by ``;``
    BODY HASH         hex SHA-256 of the body bytes; empty string when there is no body

joined by newlines (the header block brings its own final newline, hence a blank
line before the signed-header list). The JWT carries ``hrh`` (the signed-header
list) and ``rqh`` (hex SHA-256 of the canonical request).

For the requests an SDK sends (SIDs in the path, form-encoded bodies) this is
exactly what the official Python library computes; it differs only where that
library skips a rule (encoded characters in the query, a default port in Host).
"""

from __future__ import annotations

import re
from hashlib import sha256
from typing import Iterable, Mapping, Sequence
from urllib.parse import quote, unquote, unquote_plus

__all__ = [
    "SIGNED_HEADERS",
    "canonical_method",
    "canonical_path",
    "canonical_query",
    "canonical_headers",
    "hash_body",
    "canonical_request",
    "sdk_canonical_request",
    "request_hash",
]

#: The headers the SDK signs; Twilio requires at least these two.
SIGNED_HEADERS: tuple[str, ...] = ("authorization", "host")

# A path of slash-separated segments made of unreserved characters, none empty and
# none starting with a dot, is already canonical: the common case skips decode/encode.
_CANONICAL_PATH = re.compile(r"(?:/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+/?|/")


def canonical_method(method: str) -> str:
    """The HTTP method, upper-case."""
    return method.upper()


def _encode(text: str) -> str:
    # quote() with safe="" keeps exactly the RFC 3986 unreserved set.
    return quote(text, safe="")


def canonical_path(path: str) -> str:
    """The path with dot segments and duplicate slashes removed and each segment re-encoded."""
    if not path:
        return "/"
    if _CANONICAL_PATH.fullmatch(path):
        return path
    segments: list[str] = []
    parts = path.split("/")
    for segment in parts:
        if segment == "..":
            if segments:
                segments.pop()
        elif segment and segment != ".":
            segments.append(_encode(unquote(segment)))
    # A path ending in a slash (or a dot segment) still ends in one, as RFC 3986 resolves it.
    trailing = "/" if segments and parts[-1] in ("", ".", "..") else ""
    return "/" + "/".join(segments) + trailing


def canonical_query(query: str) -> str:
    """The query string with names and values re-encoded and pairs sorted."""
    if not query:
        return ""
    pairs = []
    for part in query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append(f"{_encode(unquote_plus(name))}={_encode(unquote_plus(value))}")
    pairs.sort()
    return "&".join(pairs)


def canonical_headers(
    headers: Mapping[str, str | Sequence[str]], signed: Iterable[str] = SIGNED_HEADERS
) -> tuple[str, str]:
    """``(header block, signed-header list)`` for the ``signed`` headers present in ``headers``.

    Header names are matched case-insensitively; a header that is absent is
    left out of both (so ``hrh`` always names exactly what was hashed).
    """
    wanted = {name.lower() for name in signed}
    collected: dict[str, list[str]] = {}
    for name, value in headers.items():
        lower = name.lower()
        if lower in wanted:
            # Several values, or two spellings of one name (Host, host), make one sorted, comma-joined value.
            items = [value] if isinstance(value, str) else value
            collected.setdefault(lower, []).extend(item.strip() for item in items)
    names = sorted(collected)
    block = "".join(f"{name}:{','.join(sorted(collected[name]))}\n" for name in names)
    return block, ";".join(names)


def hash_body(body: bytes | str | None) -> str:
    """Hex SHA-256 of the body; the empty string when there is no body."""
    if not body:
        return ""
    if isinstance(body, str):
        body = body.encode("utf-8")
    return sha256(body).hexdigest()


def canonical_request(
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str | Sequence[str]],
    body: bytes | str | None,
    signed: Iterable[str] = SIGNED_HEADERS,
) -> tuple[str, str]:
    """``(canonical request, signed-header list)``."""
    block, signed_list = canonical_headers(headers, signed)
    text = "\n".join(
        (canonical_method(method), canonical_path(path), canonical_query(query), block, signed_list, hash_body(body))
    )
    return text, signed_list


def sdk_canonical_request(
    method: str, path: str, query: str, host: str, authorization: str | None, body: bytes | str | None
) -> tuple[str, str]:
    """:func:`canonical_request` for the two headers an SDK signs, given directly (the per-request fast path)."""
    if authorization is None:
        block, signed_list = f"host:{host.strip()}\n", "host"
    else:
        block, signed_list = f"authorization:{authorization.strip()}\nhost:{host.strip()}\n", "authorization;host"
    text = "\n".join(
        (method.upper(), canonical_path(path), canonical_query(query), block, signed_list, hash_body(body))
    )
    return text, signed_list


def request_hash(canonical: str) -> str:
    """The ``rqh`` claim: hex SHA-256 of the canonical request."""
    return sha256(canonical.encode("utf-8")).hexdigest()
