"""Resource engine benchmarks: ``messages.create`` end to end, and parsing a 1,000-message page.

1. ``client.messages.create(...)`` through the real plugin, the engine
   (declaration -> Request -> model), the pipeline and the urllib3 transport,
   against raw urllib3 doing the same keep-alive POST (same form fields, Basic
   auth) and ``json.loads`` of the same realistic response, in one run on one
   local server. Target: within 1.15x. Two pairs are measured:

   * back to back (pytest-benchmark's usual calibrated loop for each);
   * in alternation: raw, SDK, raw, SDK... each call timed, in one loop, so
     load changes on this shared 2-core machine hit both sides alike (the
     ratio is stored in ``extra_info`` and printed with ``-s``).

2. Parsing a list page of 1,000 messages (the JSON text as it comes off the
   wire) into ``Message`` models: ``json.loads`` alone as the baseline, plus
   wrapping into models, plus reading every field (datetimes, integers and
   decimals converted); and the same two from already-decoded JSON, which
   is the engine's own share. ``extra_info["us_per_message"]`` holds the
   median per message; divide the printed median (ms) by 1,000 for the same
   figure in ms, i.e. the median in ms is the µs per message.

Run: ``python -m pytest benchmarks/bench_resources.py --benchmark-only -q``
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import json
import statistics
import time
from typing import Any, Callable, Iterator
from urllib.parse import urlencode

import pytest
import urllib3

from tests.support import LoopbackServer, Reply
from twilio_core import Client
from twilio_core.resources import Page

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9f86d081884c7d659a2feaa0c55ad015"
PATH = f"/2010-04-01/Accounts/{SID}/Messages.json"
TO, FROM, BODY = "+15558675310", "+15017122661", "Hello from the resource benchmark"
PAGE_RECORDS = 1000


def message_json(index: int) -> dict[str, Any]:
    """A Message as Twilio returns it (every documented field, RFC 2822 dates, prices as strings)."""
    sid = f"SM{index:032x}"
    when = email.utils.format_datetime(dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=index), usegmt=True)
    return {
        "account_sid": SID, "api_version": "2010-04-01", "body": BODY, "date_created": when, "date_sent": when,
        "date_updated": when, "direction": "outbound-api", "error_code": None, "error_message": None, "from": FROM,
        "messaging_service_sid": "MG" + "0" * 32, "num_media": "0", "num_segments": "1", "price": "-0.00750",
        "price_unit": "USD", "sid": sid, "status": "delivered", "to": TO,
        "subresource_uris": {"media": f"/2010-04-01/Accounts/{SID}/Messages/{sid}/Media.json"},
        "uri": f"/2010-04-01/Accounts/{SID}/Messages/{sid}.json",
    }


CREATED = {**message_json(0), "status": "queued", "date_sent": None, "price": None}
REPLY = Reply(201, json=CREATED, headers={"Twilio-Request-Id": "RQ" + "0" * 32})


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    s = LoopbackServer(handler=lambda request: REPLY).start()
    yield s
    s.stop()


def raw_create(server: LoopbackServer) -> tuple[Callable[[], Any], urllib3.PoolManager]:
    """The hand-written urllib3 equivalent: the same POST, auth and JSON parse, reading the sid."""
    pool = urllib3.PoolManager(retries=False)
    url = server.url + PATH
    timeout = urllib3.Timeout(connect=10, read=30)
    auth = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()

    def run() -> Any:
        headers = {"Authorization": auth, "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        body = urlencode({"To": TO, "From": FROM, "Body": BODY})
        response = pool.request("POST", url, body=body, headers=headers, timeout=timeout, redirect=False)
        return json.loads(response.data)["sid"]

    return run, pool


def sdk_create(server: LoopbackServer) -> tuple[Callable[[], Any], Client]:
    """``client.messages.create`` through the plugin, the engine, the pipeline and urllib3."""
    client = Client(SID, TOKEN, base_url=server.url, environ={})
    messages = client.messages  # plugin discovery and product set-up happen once, here

    def run() -> Any:
        return messages.create(to=TO, from_=FROM, body=BODY).sid

    assert run() == CREATED["sid"]  # warm: pipeline and pool built before timing
    return run, client


GROUP_CREATE = "resources: messages.create over keep-alive loopback"
GROUP_ALTERNATING = "resources: messages.create, (raw, SDK) pairs in alternation"


def test_raw_urllib3_create(benchmark: Any, server: LoopbackServer) -> None:
    run, pool = raw_create(server)
    benchmark.group = GROUP_CREATE
    assert benchmark(run) == CREATED["sid"]
    pool.clear()


def test_messages_create_end_to_end(benchmark: Any, server: LoopbackServer) -> None:
    run, client = sdk_create(server)
    benchmark.group = GROUP_CREATE
    benchmark.extra_info["ratio_to"] = "test_raw_urllib3_create"
    benchmark.extra_info["target"] = 1.15
    assert benchmark(run) == CREATED["sid"]
    client.close()


def test_messages_create_alternating(benchmark: Any, server: LoopbackServer) -> None:
    """Raw and SDK calls made in strict alternation, each timed: load shifts hit both sides alike.

    The benchmark's own figure is the time of one (raw, SDK) pair; the ratio
    is computed from the individual timings of the same rounds and stored in
    ``extra_info`` (``--benchmark-json``) and printed (``-s``).
    """
    raw, pool = raw_create(server)
    sdk, client = sdk_create(server)
    raw_times: list[float] = []
    sdk_times: list[float] = []
    clock = time.perf_counter

    def pair() -> Any:
        start = clock()
        raw()
        middle = clock()
        result = sdk()
        end = clock()
        raw_times.append(middle - start)
        sdk_times.append(end - middle)
        return result

    benchmark.group = GROUP_ALTERNATING
    assert benchmark.pedantic(pair, rounds=2000, iterations=1, warmup_rounds=50) == CREATED["sid"]
    ratio_of_medians = statistics.median(sdk_times) / statistics.median(raw_times)
    median_of_ratios = statistics.median(s / r for s, r in zip(sdk_times, raw_times))
    benchmark.extra_info["raw_median_us"] = round(statistics.median(raw_times) * 1e6, 1)
    benchmark.extra_info["sdk_median_us"] = round(statistics.median(sdk_times) * 1e6, 1)
    benchmark.extra_info["alternating_median_ratio"] = round(ratio_of_medians, 3)
    benchmark.extra_info["alternating_median_of_pair_ratios"] = round(median_of_ratios, 3)
    benchmark.extra_info["target"] = 1.15
    print(
        f"\nmessages.create vs raw urllib3, in alternation: {ratio_of_medians:.2f}x (ratio of medians, "
        f"{benchmark.extra_info['sdk_median_us']} us vs {benchmark.extra_info['raw_median_us']} us), "
        f"{median_of_ratios:.2f}x (median of per-pair ratios); target <= 1.15x"
    )
    pool.clear()
    client.close()


# ----------------------------------------------------------------------------- parsing a 1,000-message page
PAGE_TEXT = json.dumps(
    {
        "messages": [message_json(i) for i in range(PAGE_RECORDS)],
        "page": 0, "page_size": PAGE_RECORDS, "start": 0, "end": PAGE_RECORDS - 1,
        "uri": PATH + f"?PageSize={PAGE_RECORDS}&Page=0", "first_page_uri": PATH + f"?PageSize={PAGE_RECORDS}&Page=0",
        "next_page_uri": PATH + f"?PageSize={PAGE_RECORDS}&Page=1&PageToken=PASM{PAGE_RECORDS:032x}",
        "previous_page_uri": None,
    }
).encode()
FIELDS = [name + "_" if name == "from" else name for name in message_json(0)]
GROUP_PARSE = "resources: a 1,000-message page (JSON bytes in)"


@pytest.fixture(scope="module")
def messages_list() -> Any:
    """``client.messages`` (no request is made by these benchmarks) and its list operation."""
    client = Client(SID, TOKEN, environ={})
    messages = client.messages
    return messages, type(messages)._list_op


def test_page_json_loads_only(benchmark: Any) -> None:
    benchmark.group = GROUP_PARSE
    payload = benchmark(json.loads, PAGE_TEXT)
    assert len(payload["messages"]) == PAGE_RECORDS


def test_page_into_models(benchmark: Any, messages_list: Any) -> None:
    resource, op = messages_list

    def run() -> Page[Any]:
        return Page(resource, op, json.loads(PAGE_TEXT))

    benchmark.group = GROUP_PARSE
    benchmark.extra_info["ratio_to"] = "test_page_json_loads_only"
    page = benchmark(run)
    assert len(page) == PAGE_RECORDS and page[0].sid == f"SM{0:032x}"
    benchmark.extra_info["us_per_message"] = round(benchmark.stats.stats.median / PAGE_RECORDS * 1e6, 3)


def test_page_into_models_reading_every_field(benchmark: Any, messages_list: Any) -> None:
    resource, op = messages_list

    def run() -> list[list[Any]]:
        page = Page(resource, op, json.loads(PAGE_TEXT))
        return [[getattr(message, name) for name in FIELDS] for message in page]

    benchmark.group = GROUP_PARSE
    benchmark.extra_info["ratio_to"] = "test_page_json_loads_only"
    rows = benchmark(run)
    first = dict(zip(FIELDS, rows[0]))
    assert isinstance(first["date_created"], dt.datetime) and first["num_segments"] == 1
    assert str(first["price"]) == "-0.00750" and first["from_"] == FROM
    benchmark.extra_info["us_per_message"] = round(benchmark.stats.stats.median / PAGE_RECORDS * 1e6, 3)


GROUP_WRAP = "resources: a 1,000-message page (JSON already decoded)"
PAGE_PAYLOAD = json.loads(PAGE_TEXT)


def test_decoded_page_into_models(benchmark: Any, messages_list: Any) -> None:
    """Only the engine's share: wrapping already-decoded records into models."""
    resource, op = messages_list
    benchmark.group = GROUP_WRAP
    page = benchmark(Page, resource, op, PAGE_PAYLOAD)
    assert len(page) == PAGE_RECORDS
    benchmark.extra_info["us_per_message"] = round(benchmark.stats.stats.median / PAGE_RECORDS * 1e6, 3)


def test_decoded_page_into_models_reading_every_field(benchmark: Any, messages_list: Any) -> None:
    """Wrapping plus converting every field once (fresh models each round: conversions are cached per model)."""
    resource, op = messages_list

    def run() -> list[list[Any]]:
        return [[getattr(message, name) for name in FIELDS] for message in Page(resource, op, PAGE_PAYLOAD)]

    benchmark.group = GROUP_WRAP
    benchmark.extra_info["ratio_to"] = "test_decoded_page_into_models"
    rows = benchmark(run)
    assert len(rows) == PAGE_RECORDS and isinstance(rows[-1][FIELDS.index("date_sent")], dt.datetime)
    benchmark.extra_info["us_per_message"] = round(benchmark.stats.stats.median / PAGE_RECORDS * 1e6, 3)
