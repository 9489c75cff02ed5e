"""Twilio's two list-page shapes: 2010 (``next_page_uri``, relative) and v1 (``meta.next_page_url``).

Page tokens name the record a page continues after (``PA<sid>``) or comes
before (``PB<sid>``), as Twilio's do, so paging stays stable while new records
arrive at the front of a newest-first list.
"""

from __future__ import annotations

from typing import Any, Sequence
from urllib.parse import urlencode

from .errors import ApiError

__all__ = ["page_params", "slice_page", "page_2010", "page_v1", "MAX_PAGE_SIZE"]

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


def _int_param(query: dict[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    values = query.get(name)
    if not values:
        return default
    try:
        value = int(values[0])
    except ValueError:
        raise ApiError(400, 20001, f"Invalid {name}: {values[0]!r} is not an integer") from None
    if not low <= value <= high:
        raise ApiError(400, 20001, f"Invalid {name}: {value} is outside {low}..{high}")
    return value


def page_params(query: dict[str, list[str]]) -> tuple[int, int, str | None]:
    """(page size, page number, page token) from a list request's query."""
    size = _int_param(query, "PageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    page = _int_param(query, "Page", 0, 0, 10**9)
    tokens = query.get("PageToken")
    token = tokens[0] if tokens and tokens[0] else None
    return size, page, token


def slice_page(records: Sequence[dict[str, Any]], size: int, page: int, token: str | None) -> tuple[int, list[dict[str, Any]]]:
    """(offset, records on the page) for a page request over ``records`` (already filtered and ordered)."""
    start = page * size
    if token and token[:2] in ("PA", "PB"):
        sid = token[2:]
        index = next((i for i, record in enumerate(records) if record["sid"] == sid), None)
        if index is not None:
            start = index + 1 if token[:2] == "PA" else max(0, index - size)
    return start, list(records[start : start + size])


def _query(filters: list[tuple[str, str]], size: int, page: int, token: str | None = None) -> str:
    pairs = [*filters, ("PageSize", str(size)), ("Page", str(page))]
    if token:
        pairs.append(("PageToken", token))
    return urlencode(pairs)


def _links(
    records: Sequence[dict[str, Any]], filters: list[tuple[str, str]], size: int, page: int, token: str | None
) -> tuple[int, list[dict[str, Any]], str, str, str | None, str | None]:
    start, chunk = slice_page(records, size, page, token)
    first = _query(filters, size, 0)
    current = _query(filters, size, page, token)
    following = _query(filters, size, page + 1, "PA" + chunk[-1]["sid"]) if start + size < len(records) and chunk else None
    previous = _query(filters, size, page - 1, "PB" + chunk[0]["sid"]) if page > 0 and chunk else None
    return start, chunk, first, current, following, previous


def page_2010(
    path: str,
    key: str,
    records: Sequence[dict[str, Any]],
    rendered: Any,
    filters: list[tuple[str, str]],
    query: dict[str, list[str]],
) -> dict[str, Any]:
    """A 2010-API list page: ``rendered(record)`` makes each item; URIs are relative to the API root."""
    size, page, token = page_params(query)
    start, chunk, first, current, following, previous = _links(records, filters, size, page, token)
    return {
        "end": start + max(len(chunk) - 1, 0),
        "first_page_uri": f"{path}?{first}",
        key: [rendered(record) for record in chunk],
        "next_page_uri": f"{path}?{following}" if following else None,
        "page": page,
        "page_size": size,
        "previous_page_uri": f"{path}?{previous}" if previous else None,
        "start": start,
        "uri": f"{path}?{current}",
    }


def page_v1(
    url: str,
    key: str,
    records: Sequence[dict[str, Any]],
    rendered: Any,
    filters: list[tuple[str, str]],
    query: dict[str, list[str]],
) -> dict[str, Any]:
    """A v1-API list page with its ``meta``; ``url`` is the list's absolute URL."""
    size, page, token = page_params(query)
    _, chunk, first, current, following, previous = _links(records, filters, size, page, token)
    return {
        key: [rendered(record) for record in chunk],
        "meta": {
            "first_page_url": f"{url}?{first}",
            "key": key,
            "next_page_url": f"{url}?{following}" if following else None,
            "page": page,
            "page_size": size,
            "previous_page_url": f"{url}?{previous}" if previous else None,
            "url": f"{url}?{current}",
        },
    }
