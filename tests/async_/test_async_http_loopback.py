"""AsyncClient + twilio-aiohttp over real HTTP on 127.0.0.1 (tests/support's threaded server)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from tests.async_.helpers import SID, TOKEN, async_client, gather_limited, run
from tests.support.listener import wait_until
from tests.support.server import Reply
from twilio_core import (
    ClientClosedError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TwilioConnectionError,
    TwilioTimeoutError,
)
from twilio_core.resources import InstanceContext, ListResource, Model, Operation, Param

pytest.importorskip("twilio_aiohttp")
pytestmark = pytest.mark.network

NO_JITTER = RetryPolicy(jitter=False)
CREATE = Operation(
    "create", "POST", "api", "/2010-04-01/Accounts/{AccountSid}/Messages.json",
    [Param("to", "To", required=True), Param("from_", "From"), Param("body", "Body")],
    model=Model,
)


class Messages(ListResource):
    def create(self, *, to: str, from_: str | None = None, body: str | None = None) -> Any:
        return self._create(CREATE, locals())


def message_handler(request: Any) -> Any:
    form = request.form()
    return Reply(status=201, json={"sid": "SM" + form["Body"][0].rjust(32, "0"), "to": form["To"][0],
                                   "body": form["Body"][0], "connection": request.connection_id})


def test_200_concurrent_creates_each_matched_to_its_request(make_loopback_server: Any) -> None:
    server = make_loopback_server(handler=message_handler)

    async def go() -> list[Any]:
        async with async_client(base_url=server.url, pool_maxsize=50) as client:
            messages = Messages(client)
            return await asyncio.gather(*(
                messages.create(to=f"+1555{i:07d}", from_="+15550000000", body=str(i)) for i in range(200)
            ))

    results = run(go())
    assert [m.body for m in results] == [str(i) for i in range(200)]
    assert all(m.to == f"+1555{i:07d}" and m.sid == "SM" + str(i).rjust(32, "0") for i, m in enumerate(results))
    assert len(server.requests) == 200
    # The pool is bounded per client and reused: at most 50 connections for 200 requests.
    assert server.connections_accepted <= 50
    assert len({m.connection for m in results}) <= 50
    sent = server.requests[0]
    assert sent.headers["authorization"].startswith("Basic ") and sent.headers["user-agent"].startswith("twilio-core/")
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"


def test_pool_limit_queues_requests_on_few_connections(make_loopback_server: Any) -> None:
    server = make_loopback_server()

    async def go() -> None:
        async with async_client(base_url=server.url, pool_maxsize=3) as client:
            await gather_limited(30, 30, lambda i: client.request("GET", f"/n/{i}"))

    run(go())
    assert len(server.requests) == 30 and server.connections_accepted <= 3


def test_keep_alive_reuses_one_connection(loopback_server: Any) -> None:
    async def go() -> None:
        async with async_client(base_url=loopback_server.url) as client:
            for i in range(5):
                assert (await client.request("GET", f"/k/{i}")).json()["path"] == f"/k/{i}"

    run(go())
    assert loopback_server.connections_accepted == 1


def test_429_with_retry_after_is_retried(loopback_server: Any) -> None:
    loopback_server.queue(429, json={"code": 20429, "message": "Too Many Requests"}, headers={"Retry-After": "0.3"})
    loopback_server.queue(201, json={"sid": "SM1"})

    async def go() -> tuple[Any, float]:
        async with async_client(base_url=loopback_server.url, retry=NO_JITTER) as client:
            started = time.monotonic()
            response = await client.request("POST", "/2010-04-01/x.json", data={"Body": "hi"})
            return response, time.monotonic() - started

    response, elapsed = run(go())
    assert response.json() == {"sid": "SM1"} and elapsed >= 0.3
    assert [r.form() for r in loopback_server.requests] == [{"Body": ["hi"]}] * 2


def test_429_gives_up_after_max_attempts(loopback_server: Any) -> None:
    for _ in range(2):
        loopback_server.queue(429, json={"code": 20429, "message": "slow down"}, headers={"Retry-After": "0"})
    policy = RetryPolicy(max_attempts=2, jitter=False)

    async def go() -> None:
        async with async_client(base_url=loopback_server.url, retry=policy) as client:
            await client.request("POST", "/x", data={})

    with pytest.raises(RateLimitError):
        run(go())
    assert len(loopback_server.requests) == 2


def test_post_500_is_not_repeated_but_get_500_is(loopback_server: Any) -> None:
    loopback_server.queue(500, json={"code": 20500, "message": "Internal"})
    loopback_server.queue(500, json={"code": 20500, "message": "Internal"})
    loopback_server.queue(200, json={"ok": True})
    policy = RetryPolicy(jitter=False, backoff_factor=0.01)

    async def go() -> Any:
        async with async_client(base_url=loopback_server.url, retry=policy) as client:
            with pytest.raises(ServerError) as info:
                await client.request("POST", "/x", data={"A": "1"})
            assert info.value.status == 500
            return await client.request("GET", "/y")

    assert run(go()).json() == {"ok": True}
    assert [r.method for r in loopback_server.requests] == ["POST", "GET", "GET"]


def test_stalled_server_times_out(loopback_server: Any) -> None:
    loopback_server.queue(200, json={}, stall=3)

    async def go() -> None:
        async with async_client(base_url=loopback_server.url, timeout=(2, 0.3), retry=None) as client:
            await client.request("POST", "/2010-04-01/x.json?Secret=q", data={"Body": "private"})

    started = time.monotonic()
    with pytest.raises(TwilioTimeoutError) as info:
        run(go())
    assert time.monotonic() - started < 2.5
    error = info.value
    assert error.sent is True and error.method == "POST"
    message = str(error)
    assert "read timeout (0.3 s)" in message and f"127.0.0.1:{loopback_server.port}/2010-04-01/x.json" in message
    assert TOKEN not in message and "private" not in message and "Secret=q" not in message


def test_stalled_get_is_retried_then_times_out(loopback_server: Any) -> None:
    loopback_server.queue(200, json={}, stall=2)
    loopback_server.queue(200, json={"second": True})
    policy = RetryPolicy(jitter=False, backoff_factor=0.01)

    async def go() -> Any:
        async with async_client(base_url=loopback_server.url, timeout=(2, 0.3), retry=policy) as client:
            return await client.request("GET", "/slow")

    assert run(go()).json() == {"second": True}


def test_connection_refused_is_not_sent(refused_url: str) -> None:
    async def go() -> None:
        async with async_client(base_url=refused_url, retry=None) as client:
            await client.request("POST", "/x", data={})

    with pytest.raises(TwilioConnectionError) as info:
        run(go())
    assert info.value.sent is False and "connection refused" in str(info.value)


def test_dropped_connection_is_a_sent_connection_error(loopback_server: Any) -> None:
    loopback_server.queue(drop=True)

    async def go() -> None:
        async with async_client(base_url=loopback_server.url, retry=None) as client:
            await client.request("POST", "/x", data={})

    with pytest.raises(TwilioConnectionError) as info:
        run(go())
    assert info.value.sent is True


async def _wait_for_requests(server: Any, count: int) -> None:
    while len(server.requests) < count:
        await asyncio.sleep(0.01)


def test_task_cancellation_mid_request_leaves_pool_usable(loopback_server: Any) -> None:
    loopback_server.queue(200, json={"late": True}, stall=5)

    async def go() -> list[Any]:
        # One connection in the pool: if the cancelled request kept it, the next would hang.
        async with async_client(base_url=loopback_server.url, pool_maxsize=1, retry=None) as client:
            task = asyncio.create_task(client.request("POST", "/stall", data={"A": "1"}))
            await _wait_for_requests(loopback_server, 1)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return [
                (await asyncio.wait_for(client.request("GET", f"/after/{i}"), 3)).json()["path"] for i in range(3)
            ]

    assert run(go()) == ["/after/0", "/after/1", "/after/2"]
    # The cut-short connection was closed, not reused for the stale reply.
    assert loopback_server.connections_accepted == 2


def test_asyncio_timeout_mid_request_leaves_pool_usable(loopback_server: Any) -> None:
    loopback_server.queue(200, json={"late": True}, stall=5)

    async def go() -> Any:
        async with async_client(base_url=loopback_server.url, pool_maxsize=1, retry=None) as client:
            started = time.monotonic()
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(0.3):
                    await client.request("GET", "/stall")
            assert time.monotonic() - started < 2
            return (await asyncio.wait_for(client.request("GET", "/after"), 3)).json()

    assert run(go())["path"] == "/after"


def test_cancelling_many_waiters_frees_their_pool_slots(loopback_server: Any) -> None:
    for _ in range(2):
        loopback_server.queue(200, json={}, stall=5)

    async def go() -> int:
        async with async_client(base_url=loopback_server.url, pool_maxsize=2, retry=None) as client:
            tasks = [asyncio.create_task(client.request("GET", f"/w/{i}")) for i in range(10)]
            await _wait_for_requests(loopback_server, 2)
            for task in tasks:
                task.cancel()
            results = await asyncio.gather(*tasks, return_exceptions=True)
            assert all(isinstance(r, asyncio.CancelledError) for r in results)
            done = await asyncio.wait_for(gather_limited(6, 6, lambda i: client.request("GET", f"/ok/{i}")), 5)
            return len(done)

    assert run(go()) == 6


def test_aclose_then_requests_fail_clearly(loopback_server: Any) -> None:
    async def go() -> None:
        client = async_client(base_url=loopback_server.url)
        await client.request("GET", "/x")
        await client.aclose()
        with pytest.raises(ClientClosedError):
            await client.request("GET", "/x")

    run(go())


def test_client_belongs_to_one_event_loop(loopback_server: Any) -> None:
    from twilio_core import ConfigurationError

    client = async_client(base_url=loopback_server.url)
    run(client.request("GET", "/first"))
    with pytest.raises(ConfigurationError, match="another event loop"):
        run(client.request("GET", "/second"))


def test_tls_with_ca_bundle_and_verification_failure(tls_server: Any) -> None:
    async def call(**kwargs: Any) -> Any:
        async with async_client(base_url=tls_server.url, retry=None, **kwargs) as client:
            return await client.request("GET", "/tls")

    assert run(call(ca_bundle=tls_server.ca_pem_path)).json()["path"] == "/tls"
    with pytest.raises(TwilioConnectionError) as info:
        run(call())
    assert info.value.sent is False and "certificate verification failed" in str(info.value)


def test_explicit_proxy_with_credentials(make_forward_proxy: Any, loopback_server: Any) -> None:
    proxy = make_forward_proxy(credentials="user:pw-secret-1")

    async def go() -> Any:
        async with async_client(base_url=loopback_server.url, proxy=f"http://user:pw-secret-1@127.0.0.1:{proxy.port}") as client:
            return await client.request("GET", "/via-proxy")

    assert run(go()).json()["path"] == "/via-proxy"
    assert loopback_server.requests[0].path == "/via-proxy"


def test_https_through_proxy_tunnel_and_refused_proxy_hides_credentials(
    make_forward_proxy: Any, tls_server: Any, refused_url: str
) -> None:
    proxy = make_forward_proxy(credentials="user:pw-secret-2")
    proxy_url = f"http://user:pw-secret-2@127.0.0.1:{proxy.port}"

    async def call(base: str, via: str) -> Any:
        async with async_client(base_url=base, proxy=via, ca_bundle=tls_server.ca_pem_path, retry=None) as client:
            return await client.request("GET", "/tunnel")

    assert run(call(tls_server.url, proxy_url)).json()["path"] == "/tunnel"
    dead_proxy = refused_url.replace("http://", "http://user:pw-secret-2@")
    with pytest.raises(TwilioConnectionError) as info:
        run(call(tls_server.url, dead_proxy))
    assert info.value.sent is False and "pw-secret-2" not in str(info.value) and "proxy" in str(info.value)
