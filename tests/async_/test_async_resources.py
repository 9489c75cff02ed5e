"""The resource engine on AsyncClient: the same declarations, awaited (hand-written declarations)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from tests.async_.helpers import SID, async_client, run
from twilio_core import Client, InvalidParameterError, NotFoundError
from twilio_core.resources import InstanceContext, ListResource, Model, Operation, Param, fields
from twilio_core.testing import MockTransport

BASE = "/2010-04-01/Accounts/{AccountSid}/Widgets"


class Widget(Model):
    _fields = {"count": fields.integer}

    def update(self, *, name: str | None = None) -> Any:
        return self._context().update(name=name)


CREATE = Operation("create", "POST", "api", BASE + ".json", [Param("name", "Name", required=True)], model=Widget)
FETCH = Operation("fetch", "GET", "api", BASE + "/{Sid}.json", model=Widget)
UPDATE = Operation("update", "POST", "api", BASE + "/{Sid}.json", [Param("name", "Name")], model=Widget)
DELETE = Operation("delete", "DELETE", "api", BASE + "/{Sid}.json")
LIST = Operation(
    "list", "GET", "api", BASE + ".json",
    [Param("page_size", "PageSize", "integer"), Param("page_token", "PageToken"), Param("page_number", "Page", "integer")],
    model=Widget, records_key="widgets",
)
V1_LIST = Operation("list", "GET", "video", "/v1/Gadgets", [Param("page_size", "PageSize", "integer")], model=Widget)


class WidgetContext(InstanceContext):
    def fetch(self) -> Any:
        return self._fetch(FETCH, {})

    def update(self, *, name: str | None = None) -> Any:
        return self._update(UPDATE, locals())

    def delete(self) -> Any:
        return self._delete(DELETE)


class WidgetList(ListResource):
    _context_class = WidgetContext
    _list_op = LIST

    def create(self, *, name: str) -> Any:
        return self._create(CREATE, locals())

    def list(self, *, limit: int | None = None, page_size: int | None = None) -> Any:
        return self._list(LIST, locals())

    def stream(self, *, limit: int | None = None, page_size: int | None = None) -> Any:
        return self._stream(LIST, locals())

    def page(self, *, page_size: int | None = None, page_token: str | None = None, page_number: int | None = None) -> Any:
        return self._page(LIST, locals())


class GadgetList(ListResource):
    _list_op = V1_LIST

    def list(self, *, limit: int | None = None, page_size: int | None = None) -> Any:
        return self._list(V1_LIST, locals())


def paged_2010(total: int) -> Any:
    """A handler serving ``total`` widgets in 2010-style pages (next_page_uri, relative)."""

    def handler(request: Any) -> Any:
        query = request.query()
        size = int(query.get("PageSize", ["50"])[0])
        page = int(query.get("Page", ["0"])[0])
        start = page * size
        items = [{"sid": f"WD{i:032d}", "count": str(i)} for i in range(start, min(start + size, total))]
        more = start + size < total
        path = request.url.split("twilio.com", 1)[1].split("?")[0]
        return {
            "widgets": items, "page": page, "page_size": size,
            "next_page_uri": f"{path}?PageSize={size}&Page={page + 1}&PageToken=PT{page + 1}" if more else None,
        }

    return handler


def both(handler: Any) -> tuple[WidgetList, WidgetList, MockTransport, MockTransport]:
    sync_mock, async_mock = MockTransport(handler), MockTransport(handler)
    sync = WidgetList(Client(SID, "token", transport=sync_mock, retry=None))
    asyn = WidgetList(async_client(transport=async_mock, retry=None))
    return sync, asyn, sync_mock, async_mock


def test_crud_returns_awaitables_and_sends_what_sync_sends() -> None:
    def handler(request: Any) -> Any:
        if request.method == "DELETE":
            return 204, b""
        return {"sid": "WD" + "1" * 32, "name": request.form().get("Name", ["?"])[0], "count": "3"}

    sync, asyn, sync_mock, async_mock = both(handler)

    async def go() -> list[Any]:
        create = asyn.create(name="a")
        assert inspect.isawaitable(create)
        created = await create
        fetched = await asyn("WD" + "1" * 32).fetch()
        updated = await created.update(name="b")  # model -> context -> awaitable
        deleted = await asyn("WD" + "1" * 32).delete()
        return [created, fetched, updated, deleted]

    created, fetched, updated, deleted = run(go())
    assert isinstance(created, Widget) and created.count == 3 and created.name == "a"
    assert fetched.sid == "WD" + "1" * 32 and updated.name == "b" and deleted is True
    sync_results = [sync.create(name="a"), sync("WD" + "1" * 32).fetch()]
    sync_results.append(sync_results[0].update(name="b"))
    sync("WD" + "1" * 32).delete()
    assert [(r.method, r.url, r.body, r.header("Content-Type")) for r in async_mock.requests] == [
        (r.method, r.url, r.body, r.header("Content-Type")) for r in sync_mock.requests
    ]


def test_invalid_arguments_fail_before_any_request() -> None:
    _, asyn, _, mock = both(lambda r: {})
    with pytest.raises(InvalidParameterError):
        asyn.create(name=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError):
        asyn.page(page_size=5000)
    assert mock.requests == []


def test_stream_is_an_async_iterator_fetching_pages_lazily() -> None:
    _, asyn, _, mock = both(paged_2010(7))

    async def go() -> list[int]:
        seen = []
        stream = asyn.stream(page_size=3)
        assert hasattr(stream, "__aiter__")
        async for widget in stream:
            seen.append(widget.count)
            if widget.count == 1:
                assert len(mock.requests) == 1  # the second page is not fetched yet
        return seen

    assert run(go()) == list(range(7))
    assert [r.query().get("Page", ["0"])[0] for r in mock.requests] == ["0", "1", "2"]


def test_list_limit_and_page_size_match_sync() -> None:
    sync, asyn, sync_mock, async_mock = both(paged_2010(10))
    assert [w.count for w in run(asyn.list(limit=4))] == [w.count for w in sync.list(limit=4)] == [0, 1, 2, 3]
    assert [r.url for r in async_mock.requests] == [r.url for r in sync_mock.requests]
    assert len(run(asyn.list(page_size=4))) == 10
    assert run(asyn.list(limit=0)) == [] and len(async_mock.requests) == 4


def test_page_and_next_page_are_awaitable_to_the_end() -> None:
    _, asyn, _, _ = both(paged_2010(5))

    async def go() -> list[list[int]]:
        pages = []
        page = await asyn.page(page_size=2)
        while page is not None:
            pages.append([w.count for w in page])
            page = await page.next_page()
        return pages

    assert run(go()) == [[0, 1], [2, 3], [4]]


def test_v1_meta_paging_on_async() -> None:
    def handler(request: Any) -> Any:
        page = int(request.query().get("Page", ["0"])[0])
        more = page < 2
        return {
            "gadgets": [{"sid": f"GD{page}"}],
            "meta": {"key": "gadgets", "page": page, "page_size": 1,
                     "next_page_url": f"https://video.twilio.com/v1/Gadgets?PageSize=1&Page={page + 1}" if more else None},
        }

    client = async_client(transport=MockTransport(handler), retry=None)
    assert [g.sid for g in run(GadgetList(client).list())] == ["GD0", "GD1", "GD2"]


def test_rest_errors_raise_from_the_await() -> None:
    mock = MockTransport().queue(404, json={"code": 20404, "message": "not found", "status": 404})
    asyn = WidgetList(async_client(transport=mock, retry=None))
    awaitable = asyn("WD" + "9" * 32).fetch()  # no error until awaited: the request runs on await
    with pytest.raises(NotFoundError):
        run(awaitable)
