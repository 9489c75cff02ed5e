"""Review: Pagination stops when a server repeats a next-page URL (sync and async)."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import pytest

from twilio_core import Client
from twilio_core.resources import InstanceContext, ListResource, Model, Operation, Param
from twilio_core.testing import MockTransport

SID = "AC" + "1" * 32
TOKEN = "review-auth-token-0123456789abcdef"


def _client(transport: Any, **kwargs: Any) -> Client:
    return Client(SID, TOKEN, transport=transport, environ={}, plugins=kwargs.pop("plugins", []), **kwargs)


# --------------------------------------------------------------------------------------------
# Pagination: a server repeating the same next-page URL must not loop forever.


class Thing(Model):
    pass


class ThingContext(InstanceContext):
    _own_keys = ("Sid",)


class ThingList(ListResource):
    _context_class = ThingContext
    _list_op = Operation(
        "list", "GET", "api", "/v1/Things", [Param("page_size", "PageSize", "integer")], model=Thing,
        records_key="things",
    )

    def list(self, *, limit: int | None = None, page_size: int | None = None) -> Any:
        return self._list(self._list_op, locals())

    def stream(self, *, limit: int | None = None, page_size: int | None = None) -> Any:
        return self._stream(self._list_op, locals())


def _looping_server(request: Any) -> Any:
    # Every page points at the same next page: a broken (or hostile) server. The guard keeps a
    # failing run from spinning forever.
    return {"things": [{"sid": "TH1"}], "meta": {"next_page_url": "https://api.twilio.com/v1/Things?Page=1&PageToken=X"}}


def _guarded(handler: Any) -> Any:
    count = [0]

    def guarded(request: Any) -> Any:
        count[0] += 1
        if count[0] > 50:
            raise AssertionError("pagination looped: more than 50 pages")
        return handler(request)

    return guarded


def test_stream_stops_when_the_server_repeats_a_next_page_url(caplog: pytest.LogCaptureFixture) -> None:
    transport = MockTransport(_guarded(_looping_server))
    client = _client(transport)
    things = ThingList(client)
    out: dict[str, Any] = {}

    def run() -> None:
        out["records"] = things.list()

    worker = threading.Thread(target=run, daemon=True)
    with caplog.at_level(logging.WARNING, logger="twilio_core"):
        worker.start()
        worker.join(5)
    assert not worker.is_alive() and len(transport.requests) < 10, "pagination looped on a repeated next URL"
    assert [r.sid for r in out["records"]] == ["TH1", "TH1"]
    assert any("next page" in r.getMessage() for r in caplog.records)


def test_async_stream_stops_when_the_server_repeats_a_next_page_url() -> None:
    from twilio_core import AsyncClient

    transport = MockTransport(_guarded(_looping_server))

    async def main() -> list[Any]:
        async with AsyncClient(SID, TOKEN, transport=transport, environ={}, plugins=[]) as client:
            return await ThingList(client).list()

    # The mock answers inline (no real await), so a loop could not be cancelled: bound it by the guard.
    try:
        records = asyncio.run(main())
    except AssertionError as exc:
        pytest.fail(f"async pagination looped on a repeated next URL: {exc}")
    assert len(records) == 2 and len(transport.requests) == 2


def test_distinct_next_page_urls_are_all_followed() -> None:
    def handler(request: Any) -> Any:
        page = int(request.query().get("Page", ["0"])[0])
        nxt = f"https://api.twilio.com/v1/Things?Page={page + 1}" if page < 3 else None
        return {"things": [{"sid": f"TH{page}"}], "meta": {"next_page_url": nxt}}

    client = _client(MockTransport(handler))
    assert [t.sid for t in ThingList(client).list()] == ["TH0", "TH1", "TH2", "TH3"]


