"""A second, independent PKCV canonicaliser written from the protocol description (not from twilio_jwt).

Used by the tests to recompute ``rqh`` from what was actually sent. It
deliberately uses different means: its own percent-encoder, ``posixpath`` for
dot segments, ``parse_qsl`` for the query.
"""

from __future__ import annotations

import hashlib
import posixpath
from urllib.parse import parse_qsl, unquote, urlsplit

UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def pct(text: str) -> str:
    """RFC 3986 percent-encoding of everything but the unreserved characters (upper-case hex)."""
    out = []
    for char in text:
        if char in UNRESERVED:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def spec_path(path: str) -> str:
    if not path:
        return "/"
    normal = posixpath.normpath("/" + path.lstrip("/"))
    if normal.startswith("//"):
        normal = "/" + normal.lstrip("/")
    if path.endswith(("/", "/.", "/..")) and normal != "/":
        normal += "/"
    return "/".join(pct(unquote(segment)) for segment in normal.split("/"))


def spec_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return "&".join(sorted(f"{pct(name)}={pct(value)}" for name, value in pairs))


def spec_canonical(method: str, path: str, query: str, headers: dict[str, str], body: bytes) -> str:
    """``headers``: the signed headers only, any name case."""
    lowered = sorted((name.lower(), value.strip()) for name, value in headers.items())
    lines = [method.upper(), spec_path(path), spec_query(query)]
    lines += [f"{name}:{value}" for name, value in lowered]
    lines.append("")
    lines.append(";".join(name for name, _ in lowered))
    lines.append(hashlib.sha256(body).hexdigest() if body else "")
    return "\n".join(lines)


def spec_request_hash(method: str, url: str, headers: dict[str, str], body: bytes | None) -> str:
    """``rqh`` for a request to ``url`` whose signed headers (Host, Authorization) are ``headers``."""
    parts = urlsplit(url)
    canonical = spec_canonical(method, parts.path, parts.query, headers, body or b"")
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
