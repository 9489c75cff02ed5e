"""AsyncClient throughput: 1,000 ``messages.create`` with 50 in flight vs raw aiohttp, and vs the sync client.

The server is a small keep-alive HTTP/1.1 server on asyncio (this file run with
``--serve``) in a subprocess on 127.0.0.1, so it neither shares the GIL with
the client under test nor limits it the way a thread-per-connection server
would. Every round sends 1,000 POSTs of a Messages create and parses the JSON
reply; the event loop, sessions and clients persist across rounds (steady state,
connections kept alive).

Run: ``python -m pytest benchmarks/bench_async.py --benchmark-only -q``.
The ``benchmark ratios`` summary prints:

* ``test_async_client_creates``: ``AsyncClient`` + twilio-aiohttp vs raw aiohttp
  doing the same POST and JSON parse (target <= 1.2x);
* ``test_sync_client_creates_50_threads`` and ``test_sync_client_creates_sequential``:
  the sync ``Client`` on the same server, 50 threads / one thread, vs the async client.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterator

import pytest

N = 1000
IN_FLIGHT = 50
ROUNDS = 8
SID = "AC" + "0123456789abcdef" * 2
PATH = f"/2010-04-01/Accounts/{SID}/Messages.json"
FORM = {"To": "+15558675310", "From": "+15017122661", "Body": "Hello from the benchmark"}
MESSAGE = {
    "account_sid": SID, "api_version": "2010-04-01", "body": "Hello from the benchmark",
    "date_created": "Thu, 24 Aug 2023 05:01:45 +0000", "date_sent": None,
    "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000", "direction": "outbound-api", "error_code": None,
    "error_message": None, "from": "+15017122661", "messaging_service_sid": None, "num_media": "0",
    "num_segments": "1", "price": None, "price_unit": None, "sid": "SM" + "1" * 32, "status": "queued",
    "subresource_uris": {"media": f"/2010-04-01/Accounts/{SID}/Messages/SM{'1' * 32}/Media.json"},
    "to": "+15558675310", "uri": f"/2010-04-01/Accounts/{SID}/Messages/SM{'1' * 32}.json",
}


# --------------------------------------------------------------------------- the server


def serve() -> None:
    """Answer every request with 201 + MESSAGE, keeping connections alive (runs in a subprocess)."""
    body = json.dumps(MESSAGE).encode()
    reply = (
        b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nTwilio-Request-Id: RQ1\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body) + body
    )

    class Protocol(asyncio.Protocol):
        def connection_made(self, transport: Any) -> None:
            self.transport = transport
            self.buffer = b""

        def data_received(self, data: bytes) -> None:
            self.buffer += data
            while True:
                end = self.buffer.find(b"\r\n\r\n")
                if end < 0:
                    return
                head = self.buffer[:end].lower()
                length = 0
                at = head.find(b"content-length:")
                if at >= 0:
                    length = int(head[at + 15:].split(b"\r\n", 1)[0])
                if len(self.buffer) < end + 4 + length:
                    return
                self.buffer = self.buffer[end + 4 + length:]
                self.transport.write(reply)

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Protocol, "127.0.0.1", 0, backlog=512)
        print(server.sockets[0].getsockname()[1], flush=True)
        await server.serve_forever()

    asyncio.run(main())


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve"], stdout=subprocess.PIPE)
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


async def fan_out(make: Any) -> list[Any]:
    """``N`` calls of ``make()``, at most ``IN_FLIGHT`` at a time."""
    sem = asyncio.Semaphore(IN_FLIGHT)

    async def one() -> Any:
        async with sem:
            return await make()

    return await asyncio.gather(*(one() for _ in range(N)))


# --------------------------------------------------------------------------- benchmarks


def test_raw_aiohttp(benchmark: Any, base_url: str, loop: asyncio.AbstractEventLoop) -> None:
    import aiohttp

    headers = {"Authorization": "Basic QUM6dG9rZW4=", "User-Agent": "bench"}

    async def open_session() -> Any:
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=IN_FLIGHT))

    session = loop.run_until_complete(open_session())
    url = base_url + PATH

    async def create() -> Any:
        async with session.post(url, data=FORM, headers=headers) as response:
            return json.loads(await response.read())

    def batch() -> list[Any]:
        return loop.run_until_complete(fan_out(create))

    benchmark.group = "async 1000 creates, 50 in flight"
    try:
        results = benchmark.pedantic(batch, rounds=ROUNDS, iterations=1, warmup_rounds=1)
    finally:
        loop.run_until_complete(session.close())
    assert len(results) == N and results[0]["status"] == "queued"


def test_async_client_creates(benchmark: Any, base_url: str, loop: asyncio.AbstractEventLoop) -> None:
    pytest.importorskip("twilio_aiohttp")
    pytest.importorskip("twilio_messaging")
    from twilio_core.async_client import AsyncClient

    client = AsyncClient(SID, "token", base_url=base_url, pool_maxsize=IN_FLIGHT)
    messages = client.messages

    def create() -> Any:
        return messages.create(to=FORM["To"], from_=FORM["From"], body=FORM["Body"])

    def batch() -> list[Any]:
        return loop.run_until_complete(fan_out(create))

    benchmark.group = "async 1000 creates, 50 in flight"
    benchmark.extra_info["ratio_to"] = "test_raw_aiohttp"
    benchmark.extra_info["target"] = 1.2
    try:
        results = benchmark.pedantic(batch, rounds=ROUNDS, iterations=1, warmup_rounds=1)
    finally:
        loop.run_until_complete(client.aclose())
    assert len(results) == N and results[0].status == "queued" and results[0].num_segments == 1


def _sync_client(base_url: str) -> Any:
    from twilio_core import Client

    return Client(SID, "token", base_url=base_url, pool_maxsize=IN_FLIGHT)


def test_sync_client_creates_50_threads(benchmark: Any, base_url: str) -> None:
    pytest.importorskip("twilio_messaging")
    client = _sync_client(base_url)
    messages = client.messages

    def create(_: int) -> Any:
        return messages.create(to=FORM["To"], from_=FORM["From"], body=FORM["Body"])

    with ThreadPoolExecutor(IN_FLIGHT) as pool:
        def batch() -> list[Any]:
            return list(pool.map(create, range(N)))

        benchmark.group = "async 1000 creates, 50 in flight"
        benchmark.extra_info["ratio_to"] = "test_async_client_creates"
        results = benchmark.pedantic(batch, rounds=ROUNDS, iterations=1, warmup_rounds=1)
    client.close()
    assert len(results) == N and results[0].status == "queued"


def test_sync_client_creates_sequential(benchmark: Any, base_url: str) -> None:
    pytest.importorskip("twilio_messaging")
    client = _sync_client(base_url)
    messages = client.messages

    def batch() -> list[Any]:
        return [messages.create(to=FORM["To"], from_=FORM["From"], body=FORM["Body"]) for _ in range(N)]

    benchmark.group = "async 1000 creates, 50 in flight"
    benchmark.extra_info["ratio_to"] = "test_async_client_creates"
    results = benchmark.pedantic(batch, rounds=ROUNDS, iterations=1, warmup_rounds=1)
    client.close()
    assert len(results) == N and results[0].status == "queued"


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    serve()
