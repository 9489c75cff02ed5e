"""The same generated declarations serve AsyncClient: every call returns an awaitable."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs, urlsplit

from twilio_core.async_client import AsyncClient
from twilio_core.testing import MockTransport

ACCOUNT = "AC" + "a" * 32


def _pages(request: Any) -> Any:
    if request.method == "POST":
        return 201, {"sid": "SM1", "status": "queued", "num_segments": "1"}
    page = int(parse_qs(urlsplit(request.url).query).get("Page", ["0"])[0])
    nxt = f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json?PageSize=2&Page={page + 1}" if page < 2 else None
    return 200, {"messages": [{"sid": f"SM{page}{i}", "status": "sent"} for i in range(2)], "next_page_uri": nxt}


def test_async_create_list_stream_and_model_methods() -> None:
    async def run() -> tuple[Any, ...]:
        transport = MockTransport(_pages)
        async with AsyncClient(ACCOUNT, "token", transport=transport, retry=None) as client:
            created = await client.messages.create(to="+15558675310", from_="+15017122661", body="hi")
            listed = await client.messages.list(limit=3, page_size=2)
            streamed = [m.sid async for m in client.messages.stream(page_size=2)]
            page = await client.messages.page(page_size=2)
            following = await page.next_page()
            updated = await created.update(body="")
            return created, listed, streamed, following, updated, transport

    created, listed, streamed, following, updated, transport = asyncio.run(run())
    assert created.num_segments == 1 and updated.sid == "SM1"
    assert [m.sid for m in listed] == ["SM00", "SM01", "SM10"]
    assert streamed == ["SM00", "SM01", "SM10", "SM11", "SM20", "SM21"]
    assert [m.sid for m in following] == ["SM10", "SM11"]
    assert transport.requests[-1].form() == {"Body": [""]}
