"""The whole client pipeline vs raw urllib3, measured in one run against one local keep-alive server.

Both sides do the same work per call: form-encode the same parameters, POST
them with Basic auth over a pooled keep-alive connection to 127.0.0.1, read
the body and parse the JSON. The client adds its pipeline: user agent, auth,
retry bookkeeping, request logging (off, as by default), error mapping.
Target: the client within 1.15x of raw urllib3 (the summary line prints the ratio).

On a shared, busy machine two benchmarks run one after the other can see
different load; the client benchmark therefore also records, in its
``extra_info`` (``--benchmark-json``), the median ratio of calls made in
alternation (raw, client, raw, client...), which such load affects equally.

Run: ``python -m pytest benchmarks/bench_pipeline.py --benchmark-only -q``
"""

from __future__ import annotations

import base64
import json
import statistics
import time
from typing import Any, Callable, Iterator
from urllib.parse import urlencode

import pytest
import urllib3

from tests.support import LoopbackServer, Reply
from twilio_core import Client
from twilio_core.http import Request, Response, Timeout
from twilio_core.transports.base import Transport

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9f86d081884c7d659a2feaa0c55ad015"
PATH = f"/2010-04-01/Accounts/{SID}/Messages.json"
PARAMS = {"To": "+15550001111", "From": "+15550002222", "Body": "hello from the benchmark"}
REPLY = Reply(
    201,
    json={"sid": "SM" + "0" * 32, "account_sid": SID, "status": "queued", "to": PARAMS["To"], "body": PARAMS["Body"]},
    headers={"Twilio-Request-Id": "RQ" + "0" * 32},
)
NO_AUTOLOAD = {"TWILIO_CORE_DISABLE_PLUGIN_AUTOLOAD": "1"}


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    s = LoopbackServer(handler=lambda request: REPLY).start()
    yield s
    s.stop()


def raw_post(server: LoopbackServer) -> tuple[Callable[[], Any], urllib3.PoolManager]:
    """What a hand-written urllib3 call does: the same POST, auth and JSON parse."""
    pool = urllib3.PoolManager(retries=False)
    url = server.url + PATH
    timeout = urllib3.Timeout(connect=10, read=30)
    auth = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()

    def run() -> Any:
        headers = {"Authorization": auth, "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        response = pool.request("POST", url, body=urlencode(PARAMS), headers=headers, timeout=timeout, redirect=False)
        return json.loads(response.data)

    return run, pool


def alternating_ratio(first: Callable[[], Any], second: Callable[[], Any], pairs: int = 500) -> float:
    """Median time of ``second`` over median time of ``first``, calls made in alternation."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(pairs):
        start = time.perf_counter()
        first()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        second()
        b.append(time.perf_counter() - start)
    return statistics.median(b) / statistics.median(a)


def test_raw_urllib3_post_json(benchmark: Any, server: LoopbackServer) -> None:
    run, pool = raw_post(server)
    benchmark.group = "pipeline: POST + JSON over keep-alive loopback"
    assert benchmark(run)["status"] == "queued"
    pool.clear()


def test_client_pipeline_post_json(benchmark: Any, server: LoopbackServer) -> None:
    client = Client(SID, TOKEN, base_url=server.url, environ=NO_AUTOLOAD)

    def run() -> Any:
        return client.request("POST", PATH, data=PARAMS).json()

    raw, pool = raw_post(server)
    benchmark.group = "pipeline: POST + JSON over keep-alive loopback"
    benchmark.extra_info["ratio_to"] = "test_raw_urllib3_post_json"
    benchmark.extra_info["target"] = 1.15
    assert benchmark(run)["status"] == "queued"
    benchmark.extra_info["alternating_median_ratio"] = round(alternating_ratio(raw, run), 3)
    assert server.connections_accepted <= 3  # keep-alive really in use (one pool here, one for the raw side)
    pool.clear()
    client.close()


class CannedTransport(Transport):
    """No I/O: isolates what the pipeline itself costs per call."""

    def __init__(self) -> None:
        self.body = json.dumps(REPLY.json).encode()

    def send(self, request: Request, timeout: Timeout) -> Response:
        return Response(201, {"content-type": "application/json"}, self.body, request)


def test_canned_transport_direct(benchmark: Any) -> None:
    transport = CannedTransport()
    url = "http://127.0.0.1:9" + PATH
    timeout = Timeout()

    def run() -> Any:
        body = urlencode(PARAMS).encode()
        return transport.send(Request("POST", url, {"Content-Type": "application/x-www-form-urlencoded"}, body), timeout).json()

    benchmark.group = "pipeline overhead without I/O"
    assert benchmark(run)["status"] == "queued"


def test_canned_transport_through_client(benchmark: Any) -> None:
    client = Client(SID, TOKEN, base_url="http://127.0.0.1:9", transport=CannedTransport(), environ=NO_AUTOLOAD)

    def run() -> Any:
        return client.request("POST", PATH, data=PARAMS).json()

    benchmark.group = "pipeline overhead without I/O"
    benchmark.extra_info["ratio_to"] = "test_canned_transport_direct"
    assert benchmark(run)["status"] == "queued"
