"""Pagination across several pages from a real HTTP server on 127.0.0.1.

A small fake of Twilio's two list styles runs in a :class:`LoopbackServer`:

* Api 2010 Messages: records under ``messages``, a relative ``next_page_uri``
  and ``previous_page_uri`` on the page itself;
* Video v1 Rooms: records under ``rooms``, absolute ``https://video.twilio.com``
  links in ``meta.next_page_url`` / ``meta.previous_page_url``.

Like Twilio, the fake answers ``PageSize``/``Page``/``PageToken`` and refuses a
token that does not match the page, so a next-page link the SDK mangled fails.
Everything goes through the real plugins (``client.messages``,
``client.video.rooms``) and the urllib3 transport.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from typing import Any, Callable, Iterator
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from tests.support import LoopbackServer, RecordedRequest, Reply
from twilio_core import Client, InvalidParameterError
from twilio_core.http import Request, Response, Timeout
from twilio_core.transports.base import Transport, TransportOptions
from twilio_messaging._generated.api_v2010 import Message
from twilio_video._generated.video_v1 import Room

pytestmark = pytest.mark.network

SID = "AC" + "0123456789abcdef" * 2
MESSAGES = f"/2010-04-01/Accounts/{SID}/Messages.json"
ROOMS = "/v1/Rooms"
BASE_TIME = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.timezone.utc)


def message_record(index: int) -> dict[str, Any]:
    when = email.utils.format_datetime(BASE_TIME + dt.timedelta(minutes=index), usegmt=True)
    return {
        "sid": f"SM{index:032x}", "account_sid": SID, "to": "+1555000%04d" % (index % 3), "from": "+15550009999",
        "body": f"message {index}", "status": "delivered", "num_segments": "1", "num_media": "0",
        "price": "-0.00750", "price_unit": "USD", "date_created": when, "date_sent": when, "date_updated": when,
        "direction": "outbound-api", "error_code": None, "api_version": "2010-04-01",
        "uri": f"/2010-04-01/Accounts/{SID}/Messages/SM{index:032x}.json",
    }


def room_record(index: int) -> dict[str, Any]:
    when = (BASE_TIME + dt.timedelta(hours=index)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "sid": f"RM{index:032x}", "account_sid": SID, "unique_name": f"room-{index}", "status": "completed",
        "type": "group", "max_participants": 50, "duration": 60 + index, "date_created": when, "date_updated": when,
        "url": f"https://video.twilio.com/v1/Rooms/RM{index:032x}",
    }


class FakeTwilioLists:
    """Serves Messages (2010 style) and Rooms (v1 style) from in-memory lists, paged like Twilio.

    ``prefixes`` are path prefixes a ``base_url`` with ``{domain}`` puts in front
    (``/api``, ``/video``); ``requests`` keeps (domain prefix, path, query) of each call.
    """

    default_page_size = 50

    def __init__(self, messages: int, rooms: int) -> None:
        self.messages = [message_record(i) for i in range(messages)]
        self.rooms = [room_record(i) for i in range(rooms)]
        self.seen: list[RecordedRequest] = []

    def __call__(self, request: RecordedRequest) -> Reply:
        self.seen.append(request)
        path = request.path
        prefix = ""
        for candidate in ("/api", "/video"):
            if path.startswith(candidate + "/"):
                prefix, path = candidate, path[len(candidate):]
        if request.method != "GET":
            return Reply(405, json={"code": 20004, "message": "Method not allowed", "status": 405})
        query = {k: v[-1] for k, v in request.query_params().items()}
        try:
            size = int(query.get("PageSize", self.default_page_size))
            page = int(query.get("Page", 0))
        except ValueError:
            return Reply(400, json={"code": 20001, "message": "bad paging", "status": 400})
        token = query.get("PageToken")
        if token is not None and token != f"PT{page * size}":
            return Reply(400, json={"code": 20001, "message": f"PageToken {token} does not match page {page}", "status": 400})
        if path == MESSAGES:
            records = [m for m in self.messages if "To" not in query or m["to"] == query["To"]]
            return Reply(json=self._page_2010(records, size, page, {k: v for k, v in query.items() if k == "To"}))
        if path == ROOMS:
            records = [r for r in self.rooms if "Status" not in query or r["status"] == query["Status"]]
            return Reply(json=self._page_v1(records, size, page))
        return Reply(404, json={"code": 20404, "message": "not found", "status": 404})

    @staticmethod
    def _link(path: str, filters: dict[str, str], size: int, page: int) -> str:
        params = {**filters, "PageSize": size, "Page": page}
        if page > 0:
            params["PageToken"] = f"PT{page * size}"
        return f"{path}?{urlencode(params)}"

    def _page_2010(self, records: list[dict[str, Any]], size: int, page: int, filters: dict[str, str]) -> dict[str, Any]:
        start = page * size
        chunk = records[start:start + size]
        has_next = start + size < len(records)
        return {
            "messages": chunk,
            "page": page, "page_size": size, "start": start, "end": start + max(len(chunk) - 1, 0),
            "uri": self._link(MESSAGES, filters, size, page),
            "first_page_uri": self._link(MESSAGES, filters, size, 0),
            "next_page_uri": self._link(MESSAGES, filters, size, page + 1) if has_next else None,
            "previous_page_uri": self._link(MESSAGES, filters, size, page - 1) if page > 0 else None,
        }

    def _page_v1(self, records: list[dict[str, Any]], size: int, page: int) -> dict[str, Any]:
        start = page * size
        origin = "https://video.twilio.com"
        has_next = start + size < len(records)
        return {
            "rooms": records[start:start + size],
            "meta": {
                "page": page, "page_size": size, "key": "rooms",
                "url": origin + self._link(ROOMS, {}, size, page),
                "first_page_url": origin + self._link(ROOMS, {}, size, 0),
                "next_page_url": origin + self._link(ROOMS, {}, size, page + 1) if has_next else None,
                "previous_page_url": origin + self._link(ROOMS, {}, size, page - 1) if page > 0 else None,
            },
        }

    def list_requests(self) -> list[RecordedRequest]:
        return list(self.seen)


@pytest.fixture
def fake() -> FakeTwilioLists:
    return FakeTwilioLists(messages=45, rooms=23)


@pytest.fixture
def server(make_loopback_server: Callable[..., LoopbackServer], fake: FakeTwilioLists) -> LoopbackServer:
    return make_loopback_server(handler=fake)


@pytest.fixture
def client(server: LoopbackServer) -> Iterator[Client]:
    with Client(SID, "token", base_url=server.url, environ={}, retry=None) as c:
        yield c


def queries(server: LoopbackServer) -> list[dict[str, str]]:
    return [{k: v[-1] for k, v in r.query_params().items()} for r in server.requests]


# ----------------------------------------------------------------------------- limit / page_size
@pytest.mark.parametrize(
    "limit, page_size, expected_count, expected_sizes",
    [
        (20, 10, 20, ["10", "10"]),  # exactly 2 requests, the third page is never asked for
        (5, None, 5, ["5"]),  # page_size defaults to limit: one small page
        (5, 10, 5, ["10"]),  # limit smaller than a page
        (25, 10, 25, ["10", "10", "10"]),  # limit not a multiple of page_size
        (100, 20, 45, ["20", "20", "20"]),  # limit above the total: stops at the last page
        (None, 10, 45, ["10"] * 5),  # no limit: runs to the last page
        (None, None, 45, [None]),  # no limit, no page size: the server's default (50) in one page
        (45, 15, 45, ["15"] * 3),  # limit == total, a multiple: no request for an empty 4th page
    ],
)
def test_messages_list_limit_and_page_size(
    client: Client, server: LoopbackServer, limit: int | None, page_size: int | None,
    expected_count: int, expected_sizes: list[str | None],
) -> None:
    messages = client.messages.list(limit=limit, page_size=page_size)
    assert [m.sid for m in messages] == [f"SM{i:032x}" for i in range(expected_count)]
    sent = queries(server)
    assert [q.get("PageSize") for q in sent] == expected_sizes
    assert [int(q.get("Page", 0)) for q in sent] == list(range(len(expected_sizes)))
    assert all(r.path == MESSAGES for r in server.requests)
    assert all(isinstance(m, Message) for m in messages)


@pytest.mark.parametrize(
    "limit, page_size, expected_count, requests",
    [(20, 10, 20, 2), (3, None, 3, 1), (7, 5, 7, 2), (None, 5, 23, 5), (None, None, 23, 1), (10, 5, 10, 2)],
)
def test_rooms_list_limit_and_page_size(
    client: Client, server: LoopbackServer, limit: int | None, page_size: int | None, expected_count: int, requests: int
) -> None:
    rooms = client.video.rooms.list(limit=limit, page_size=page_size)
    assert [r.sid for r in rooms] == [f"RM{i:032x}" for i in range(expected_count)]
    assert len(server.requests) == requests
    # Every follow-up came from meta.next_page_url (absolute https://video.twilio.com/...), rewritten to base_url.
    assert all(r.path == ROOMS for r in server.requests)
    assert [int(q.get("Page", 0)) for q in queries(server)] == list(range(requests))
    assert all(isinstance(r, Room) for r in rooms)
    assert rooms[-1].date_created == BASE_TIME + dt.timedelta(hours=expected_count - 1)


def test_filters_ride_along_in_the_servers_next_page_links(client: Client, server: LoopbackServer) -> None:
    messages = client.messages.list(to="+15550000001", page_size=4)
    assert [m.to for m in messages] == ["+15550000001"] * 15
    assert len(server.requests) == 4
    assert all(q["To"] == "+15550000001" for q in queries(server))


def test_list_parses_models_with_typed_fields(client: Client) -> None:
    message = client.messages.list(limit=2, page_size=2)[1]
    assert message.date_created == BASE_TIME + dt.timedelta(minutes=1)
    assert message.num_segments == 1 and str(message.price) == "-0.00750" and message.from_ == "+15550009999"


def test_bad_page_size_fails_before_any_request(client: Client, server: LoopbackServer) -> None:
    with pytest.raises(InvalidParameterError, match="page_size"):
        client.messages.list(page_size=1001)
    with pytest.raises(InvalidParameterError, match="limit"):
        client.video.rooms.list(limit=-1)
    assert server.requests == []


# ----------------------------------------------------------------------------- stream is lazy
def test_messages_stream_fetches_a_page_only_when_needed(client: Client, server: LoopbackServer) -> None:
    stream = client.messages.stream(page_size=10)
    assert len(server.requests) == 0  # building the stream sends nothing
    first = next(stream)
    assert first.sid == f"SM{0:032x}" and len(server.requests) == 1
    for _ in range(9):
        next(stream)
    assert len(server.requests) == 1  # the 10 records of page 0 came from one request
    eleventh = next(stream)
    assert eleventh.sid == f"SM{10:032x}" and len(server.requests) == 2
    rest = list(stream)
    assert len(rest) == 34 and len(server.requests) == 5


def test_rooms_stream_with_limit_stops_mid_page(client: Client, server: LoopbackServer) -> None:
    stream = client.video.rooms.stream(limit=12, page_size=5)
    taken = [next(stream) for _ in range(6)]
    assert len(server.requests) == 2 and taken[-1].sid == f"RM{5:032x}"
    assert len(list(stream)) == 6
    assert len(server.requests) == 3  # page 2 supplied records 10 and 11; no page 3


def test_abandoned_stream_fetches_nothing_more(client: Client, server: LoopbackServer) -> None:
    for index, message in enumerate(client.messages.stream(page_size=10)):
        if index == 3:
            break
    assert len(server.requests) == 1


# ----------------------------------------------------------------------------- page navigation
def test_messages_page_next_and_previous(client: Client, server: LoopbackServer) -> None:
    first = client.messages.page(page_size=20)
    assert first.page_number == 0 and first.page_size == 20 and len(first) == 20
    assert first.previous_page_url is None and first.previous_page() is None
    second = first.next_page()
    assert second.page_number == 1 and second[0].sid == f"SM{20:032x}"
    third = second.next_page()
    assert len(third) == 5 and third.next_page_url is None
    assert third.next_page() is None
    back = third.previous_page()
    assert [m.sid for m in back] == [m.sid for m in second]
    assert len(server.requests) == 4  # the None pages were answered without a request
    assert queries(server)[1]["PageToken"] == "PT20"


def test_rooms_page_next_and_previous_from_meta(client: Client, server: LoopbackServer) -> None:
    first = client.video.rooms.page(page_size=10)
    assert first.next_page_url == "https://video.twilio.com/v1/Rooms?PageSize=10&Page=1&PageToken=PT10"
    second = first.next_page()
    third = second.next_page()
    assert [len(p) for p in (first, second, third)] == [10, 10, 3]
    assert third.next_page() is None
    assert [r.sid for r in third.previous_page()] == [r.sid for r in second]
    assert len(server.requests) == 4


def test_page_by_number(client: Client, server: LoopbackServer) -> None:
    page = client.messages.page(page_size=10, page_number=4)
    assert page.page_number == 4 and [m.sid for m in page] == [f"SM{i:032x}" for i in range(40, 45)]
    assert queries(server) == [{"PageSize": "10", "Page": "4"}]


def test_get_page_from_a_kept_url(client: Client, server: LoopbackServer) -> None:
    kept = client.messages.page(page_size=10).next_page_url
    assert kept is not None and kept.startswith("/2010-04-01/")
    again = client.messages.get_page(kept)
    assert again.page_number == 1 and again[0].sid == f"SM{10:032x}"
    rooms_url = client.video.rooms.page(page_size=7).next_page_url
    rooms = client.video.rooms.get_page(rooms_url)
    assert [r.sid for r in rooms] == [f"RM{i:032x}" for i in range(7, 14)]
    assert rooms.next_page().page_number == 2
    assert [r.path for r in server.requests] == [MESSAGES, MESSAGES, ROOMS, ROOMS, ROOMS]


# ----------------------------------------------------------------------------- URL rewriting
def test_base_url_with_domain_placeholder_rewrites_absolute_next_links(
    server: LoopbackServer, fake: FakeTwilioLists
) -> None:
    with Client(SID, "token", base_url=server.url + "/{domain}", environ={}, retry=None) as client:
        assert len(client.video.rooms.list(page_size=10)) == 23
        assert len(client.messages.list(page_size=20)) == 45
    paths = [r.path for r in server.requests]
    assert paths == ["/video/v1/Rooms"] * 3 + ["/api" + MESSAGES] * 3


class LoopbackRouter(Transport):
    """Sends each request, unchanged but for scheme/host/port, to a loopback server; keeps the URLs asked for.

    Lets a client keep its real region/edge hosts while the bytes go to 127.0.0.1.
    """

    def __init__(self, server: LoopbackServer) -> None:
        from twilio_core.transports.urllib3 import create

        self.inner = create(TransportOptions(trust_env=False))
        self.server = server
        self.urls: list[str] = []

    def send(self, request: Request, timeout: Timeout) -> Response:
        self.urls.append(request.url)
        parts = urlsplit(request.url)
        local = urlunsplit(("http", f"127.0.0.1:{self.server.port}", parts.path, parts.query, ""))
        response = self.inner.send(Request(request.method, local, dict(request.headers), request.body, request.context), timeout)
        response.request = request
        return response

    def close(self) -> None:
        self.inner.close()


def test_region_and_edge_rewrite_absolute_and_relative_next_links(server: LoopbackServer) -> None:
    router = LoopbackRouter(server)
    client = Client(SID, "token", region="au1", edge="sydney", transport=router, environ={}, retry=None)
    try:
        assert len(client.video.rooms.list(limit=15, page_size=5)) == 15
        assert len(client.messages.list(limit=30, page_size=20)) == 30
    finally:
        router.close()
    video = [u for u in router.urls if "/v1/Rooms" in u]
    api = [u for u in router.urls if "/Messages.json" in u]
    assert len(video) == 3 and len(api) == 2
    # meta.next_page_url said https://video.twilio.com/...: the client's region and edge were applied.
    assert all(u.startswith("https://video.sydney.au1.twilio.com/v1/Rooms?") for u in video)
    assert all(u.startswith("https://api.sydney.au1.twilio.com/2010-04-01/") for u in api)
    assert "PageToken=PT10" in video[2]


def test_region_only_keeps_a_links_own_edge(server: LoopbackServer, fake: FakeTwilioLists) -> None:
    # A next link that already names an edge keeps it when the client sets only a region (the official rule).
    router = LoopbackRouter(server)
    client = Client(SID, "token", region="ie1", transport=router, environ={}, retry=None)
    try:
        first = client.video.rooms.page(page_size=5)
        kept = first.next_page_url.replace("https://video.twilio.com", "https://video.dublin.us1.twilio.com")
        page = client.video.rooms.get_page(kept)
    finally:
        router.close()
    assert len(page) == 5
    assert router.urls[0].startswith("https://video.ie1.twilio.com/v1/Rooms?")
    assert router.urls[1].startswith("https://video.dublin.ie1.twilio.com/v1/Rooms?")
