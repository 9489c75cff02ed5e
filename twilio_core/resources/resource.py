"""Resource machinery: list resources, instance contexts, pages and pagination.

Product plugins subclass :class:`ListResource` and :class:`InstanceContext`
with explicit, typed methods whose bodies hand the declared
:class:`~twilio_core.resources.operation.Operation` and ``locals()`` to the
helpers here (``_create``, ``_fetch``, ``_update``, ``_delete``, ``_list``,
``_stream``, ``_page``). The helpers build the request (no I/O), let the client
execute it, and parse the response into models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, ClassVar, Iterator, Mapping, TypeVar

from ..errors import InvalidParameterError, TwilioError
from .methods import ClientT, TypedByClient, call
from .model import Model

if TYPE_CHECKING:  # pragma: no cover
    from ..http import Request, Response
    from .operation import Operation

__all__ = ["Resource", "ListResource", "InstanceContext", "Namespace", "Page", "MAX_PAGE_SIZE"]

M = TypeVar("M", bound="Model[Any]")
MAX_PAGE_SIZE = 1000
_PAGING_ARGS = ("page_size", "page_token", "page_number")


def json_body(response: "Response") -> Any:
    """The response's JSON, or :class:`~twilio_core.errors.ResponseParseError` (never a bare ValueError)."""
    try:
        return response.json()
    except (ValueError, RecursionError):
        from ..errors import ResponseParseError

        content_type = response.headers.get("content-type")
        request = response.request
        where = f" to {request.method} {request.host}{request.path}" if request is not None else ""
        raise ResponseParseError(
            f"HTTP {response.status} response{where} is not valid JSON "
            f"(content-type {content_type or 'missing'}, {len(response.body)} bytes)",
            status=response.status, content_type=content_type, body=response.body,
        ) from None


class Resource(TypedByClient[ClientT]):
    """A client plus the path values that locate a resource (``AccountSid``, ``Sid``...).

    Generic over the client it was reached from (``MessageList[AsyncClient]``),
    so type checkers know whether its methods return results or awaitables
    (see :mod:`twilio_core.resources.methods`).
    """

    # __dict__ lets plugins attach helpers to a product in twilio_extend_product.
    __slots__ = ("_client", "_path_values", "__dict__")

    #: User-agent token of the product that declares the resource (``twilio-messaging/0.1.0``).
    _product: ClassVar[str | None] = None

    def __init__(self, client: ClientT, path_values: Mapping[str, str] | None = None) -> None:
        self._client: Any = client
        values = dict(path_values) if path_values else {}
        values.setdefault("AccountSid", client.account_sid)
        self._path_values = values

    # -- building and parsing (no I/O) ------------------------------------------
    def _request(self, op: "Operation", args: Mapping[str, Any]) -> "Request":
        return op.build(self._client.config, self._path_values, args, product=self._product)

    def _to_model(self, op: "Operation", response: "Response") -> Any:
        data = json_body(response)
        if op.model is None:
            return data
        return op.model(data, self)

    def _context_for(self, model: Model[Any]) -> "InstanceContext[Any]":
        raise TwilioError(f"{type(model).__name__} has no instance operations")

    # -- operations ------------------------------------------------------------------
    def _create(self, op: "Operation", args: Mapping[str, Any]) -> Any:
        return self._client._execute(self._request(op, args), lambda r: self._to_model(op, r))

    _fetch = _create
    _update = _create

    def _delete(self, op: "Operation", args: Mapping[str, Any] | None = None) -> Any:
        return self._client._execute(self._request(op, args or {}), lambda r: True)

    def __repr__(self) -> str:
        shown = " ".join(f"{k}={v}" for k, v in self._path_values.items())
        return f"<{type(self).__name__} {shown}>"


class Page(TypedByClient[M, ClientT]):
    """One page of a list: its records and the links to its neighbours.

    ``Page[Message]`` on a ``Client``; ``Page[Message[AsyncClient], AsyncClient]``
    on an ``AsyncClient``, whose ``next_page()`` is awaited.

    Understands both Twilio styles: ``next_page_uri`` (2010 API, relative) and
    ``meta.next_page_url`` (v1 APIs, absolute).
    """

    __slots__ = ("records", "payload", "_resource", "_op")

    def __init__(self, resource: "ListResource[Any]", op: "Operation", payload: Mapping[str, Any]) -> None:
        self._resource = resource
        self._op = op
        self.payload = payload
        key = _records_key(op, payload)
        raw = payload.get(key) if key else None
        model = op.model
        # The operation's model is M for this page (the generated annotations say which).
        records: list[Any] = (
            [model(item, resource) for item in raw] if model is not None and isinstance(raw, list) else list(raw or [])
        )
        self.records: list[M] = records

    @property
    def next_page_url(self) -> str | None:
        meta = self.payload.get("meta")
        if isinstance(meta, dict) and "next_page_url" in meta:
            return meta.get("next_page_url") or None
        return self.payload.get("next_page_uri") or None

    @property
    def previous_page_url(self) -> str | None:
        meta = self.payload.get("meta")
        if isinstance(meta, dict) and "previous_page_url" in meta:
            return meta.get("previous_page_url") or None
        return self.payload.get("previous_page_uri") or None

    @property
    def page_number(self) -> int | None:
        meta = self.payload.get("meta")
        source = meta if isinstance(meta, dict) else self.payload
        page = source.get("page")
        return page if isinstance(page, int) else None

    @property
    def page_size(self) -> int | None:
        meta = self.payload.get("meta")
        source = meta if isinstance(meta, dict) else self.payload
        size = source.get("page_size")
        return size if isinstance(size, int) else None

    @call
    def next_page(self) -> Page[M, ClientT] | None:
        """The next :class:`Page`, or ``None`` on the last page (awaitable on an async client)."""
        return self._resource._get_page(self._op, self.next_page_url)

    @call
    def previous_page(self) -> Page[M, ClientT] | None:
        """The previous :class:`Page`, or ``None`` on the first page."""
        return self._resource._get_page(self._op, self.previous_page_url)

    def __iter__(self) -> Iterator[M]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, index: int) -> M:
        return self.records[index]

    def __repr__(self) -> str:
        return f"<Page {type(self._resource).__name__} page={self.page_number} records={len(self.records)}>"


def _records_key(op: "Operation", payload: Mapping[str, Any]) -> str | None:
    meta = payload.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("key"), str) and meta["key"] in payload:
        return meta["key"]
    if op.records_key and op.records_key in payload:
        return op.records_key
    for key, value in payload.items():
        if isinstance(value, list) and key != "meta":
            return key
    return None


def _repeats_next_url(page: Page[Any, Any], seen: set[str]) -> bool:
    """Whether ``page`` links to a next page already followed (then stop: it would loop forever).

    Records ``page``'s next URL in ``seen`` otherwise. A server that hands out the same
    link again is broken; the records read so far are kept and a warning is logged.
    """
    url = page.next_page_url
    if url is None:
        return False
    if url in seen:
        import logging

        logging.getLogger("twilio_core.resources").warning(
            "stopped paging %s: the server returned the same next page URL twice", type(page._resource).__name__
        )
        return True
    seen.add(url)
    return False


def _check_limits(limit: int | None, page_size: int | None) -> tuple[int | None, int | None]:
    """Official semantics: ``page_size`` defaults to ``limit`` (capped at 1,000)."""
    for name, value in (("limit", limit), ("page_size", page_size)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise InvalidParameterError(f"{name} must be a non-negative integer or None, got {value!r}")
    if page_size is not None and not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidParameterError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}")
    if page_size is None and limit:
        page_size = min(limit, MAX_PAGE_SIZE)
    return limit, page_size


class ListResource(Resource[ClientT]):
    """A collection (``client.messages``): create, list, stream, page, and ``(sid)`` for one instance."""

    __slots__ = ()

    #: The context class ``self(sid)`` returns.
    _context_class: ClassVar[type["InstanceContext[Any]"] | None] = None
    #: Context path placeholder -> model JSON field, to bind a listed model to its context.
    _context_fields: ClassVar[Mapping[str, str]] = {"Sid": "sid"}

    def __call__(self, sid: str) -> Any:
        """The instance context for ``sid`` (no request is made)."""
        cls = self._context_class
        if cls is None:
            raise TwilioError(f"{type(self).__name__} has no instance operations")
        if not isinstance(sid, str) or not sid:
            raise InvalidParameterError(f"{type(self).__name__}: a SID must be a non-empty string, got {sid!r}")
        key = next(iter(cls._own_keys)) if cls._own_keys else "Sid"
        return cls(self._client, {**self._path_values, key: sid})

    get = __call__

    def _context_for(self, model: Model[Any]) -> "InstanceContext[Any]":
        cls = self._context_class
        if cls is None:
            raise TwilioError(f"{type(model).__name__} has no instance operations")
        values = dict(self._path_values)
        for placeholder, field in self._context_fields.items():
            value = model.raw.get(field)
            if isinstance(value, str) and value:
                values[placeholder] = value
        return cls(self._client, values)

    # -- paging -----------------------------------------------------------------
    def _page(self, op: "Operation", args: Mapping[str, Any]) -> Any:
        """One page; ``args`` may hold ``page_size``, ``page_token``, ``page_number``."""
        _check_limits(None, args.get("page_size"))
        request = self._request(op, args)
        return self._client._execute(request, lambda r: Page(self, op, json_body(r)))

    def _get_page(self, op: "Operation", url: str | None) -> Any:
        if not url:
            return self._client._resolved(None)
        request = self._client.build_request("GET", url, domain=op.domain, product=self._product)
        return self._client._execute(request, lambda r: Page(self, op, json_body(r)))

    @call
    def get_page(self, target_url: str) -> Page[Any, ClientT] | None:
        """The page at ``target_url`` (a ``next_page_url`` kept from earlier)."""
        op = self._list_operation()
        return self._get_page(op, target_url)

    def _list_operation(self) -> "Operation":
        op = getattr(type(self), "_list_op", None)
        if op is None:
            raise TwilioError(f"{type(self).__name__} cannot be listed")
        return op

    def _stream(self, op: "Operation", args: Mapping[str, Any]) -> Any:
        """Records lazily, a page fetched only when the previous one is used up.

        ``args`` holds the filters plus ``limit`` and ``page_size``.
        """
        limit, page_size = _check_limits(args.get("limit"), args.get("page_size"))
        call_args = {k: v for k, v in args.items() if k not in ("limit", "self")}
        call_args["page_size"] = page_size
        if getattr(self._client, "is_async", False):
            return self._stream_async(op, call_args, limit)
        return self._stream_sync(op, call_args, limit)

    def _stream_sync(self, op: "Operation", args: Mapping[str, Any], limit: int | None) -> Iterator[Any]:
        if limit == 0:
            return
        page: Page[Any] | None = self._page(op, args)
        count = 0
        seen: set[str] = set()
        while page is not None:
            for record in page.records:
                yield record
                count += 1
                if limit is not None and count >= limit:
                    return
            if not page.records or _repeats_next_url(page, seen):
                return
            page = page.next_page()

    async def _stream_async(self, op: "Operation", args: Mapping[str, Any], limit: int | None) -> AsyncIterator[Any]:
        # The same loop as _stream_sync, awaiting each page: keep the two in step.
        if limit == 0:
            return
        page: Page[Any] | None = await self._page(op, args)
        count = 0
        seen: set[str] = set()
        while page is not None:
            for record in page.records:
                yield record
                count += 1
                if limit is not None and count >= limit:
                    return
            if not page.records or _repeats_next_url(page, seen):
                return
            page = await page.next_page()

    def _list(self, op: "Operation", args: Mapping[str, Any]) -> Any:
        """All records (up to ``limit``) as a list, fetched eagerly."""
        if getattr(self._client, "is_async", False):
            return self._client._collect(self._stream(op, args))
        return list(self._stream(op, args))


class InstanceContext(Resource[ClientT]):
    """One instance (``client.messages("SM...")``): fetch, update, delete, sub-resources."""

    __slots__ = ()

    #: Path placeholders this context adds to its parent's (the first is the one ``list(sid)`` fills).
    _own_keys: ClassVar[tuple[str, ...]] = ("Sid",)

    def _context_for(self, model: Model[Any]) -> "InstanceContext[Any]":
        return self

    def _sub(self, cls: type[Resource[Any]], mapping: Mapping[str, str] | None = None) -> Any:
        """A nested list (``message.media``) under this instance.

        ``mapping`` renames path values for the child (``{"MessageSid": "Sid"}``:
        the child's ``MessageSid`` is this context's ``Sid``).
        """
        values = dict(self._path_values)
        for child_key, own_key in (mapping or {}).items():
            values[child_key] = self._path_values[own_key]
        return cls(self._client, values)

    @property
    def sid(self) -> str:
        return self._path_values.get(self._own_keys[0]) if self._own_keys else ""  # type: ignore[return-value]


class Namespace(TypedByClient[ClientT]):
    """A product grouping (``client.video``): a client and lazily built sub-resources.

    Generic over the client, like resources: ``client.video`` is ``Video[Client]``.
    """

    __slots__ = ("_client", "__dict__")

    def __init__(self, client: ClientT) -> None:
        self._client: Any = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"
