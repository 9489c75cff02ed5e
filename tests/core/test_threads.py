"""One client shared by many threads: 8 threads x 200 requests over real HTTP, every response matched to its request."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest

from twilio_core import Client, Middleware, Stage
from twilio_core.http import Request, Response
from twilio_core.middleware.retry import RetryPolicy

pytestmark = pytest.mark.network

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9f86d081884c7d659a2feaa0c55ad015"
THREADS = 8
PER_THREAD = 200


class CopyIdToContext(Middleware):
    """Per call: remember the caller's id in the request context."""

    stage = Stage.PER_CALL

    def on_request(self, request: Request) -> None:
        request.context["rid"] = request.headers["X-Call-Id"]


class StampFromContext(Middleware):
    """Per attempt: send the id from the context back out; a shared or mixed-up context would show."""

    stage = Stage.PER_ATTEMPT

    def on_request(self, request: Request) -> None:
        request.headers["X-Context-Id"] = f"{request.context['rid']}/{request.context['attempt']}"

    def on_response(self, request: Request, response: Response) -> None:
        response.headers["x-seen-by"] = request.context["rid"]


def test_threads_share_one_client(make_loopback_server: Any) -> None:
    lock = threading.Lock()
    refused_once: set[str] = set()

    def handler(recorded: Any) -> Any:
        from tests.support.server import Reply, echo

        rid = recorded.headers["x-call-id"]
        # Every 26th call (a GET: safe to repeat) gets one 503 first, so retries run alongside everything else.
        if int(rid.split("-")[1]) % 26 == 0:
            with lock:
                first = rid not in refused_once
                refused_once.add(rid)
            if first:
                return Reply(status=503, headers={"Retry-After": "0"})
        return echo(recorded)

    server = make_loopback_server(handler=handler)
    client = Client(
        SID, TOKEN, base_url=server.url,
        environ={"TWILIO_CORE_DISABLE_PLUGIN_AUTOLOAD": "1"},
        middleware=[StampFromContext(), CopyIdToContext()],
        retry=RetryPolicy(backoff_factor=0.001, backoff_max=0.002),
        timeout=(5, 10),
    )
    start = threading.Barrier(THREADS)
    mismatches: list[str] = []
    done = Counter[int]()
    failures: list[BaseException] = []

    def worker(t: int) -> None:
        try:
            start.wait()  # all threads make their first request at once: the lazy pipeline is built under contention
            for i in range(PER_THREAD):
                rid = f"{t}-{i}"
                if i % 2:
                    response = client.request("POST", f"/v1/Echo/{rid}", data={"Id": rid}, headers={"X-Call-Id": rid})
                    body_ok = response.json()["body"] == f"Id={rid}"
                else:
                    response = client.request("GET", f"/v1/Echo/{rid}", params={"Id": rid}, headers={"X-Call-Id": rid})
                    body_ok = response.json()["query"] == f"Id={rid}"
                echoed = response.json()
                headers = echoed["headers"]
                ok = (
                    body_ok
                    and echoed["path"] == f"/v1/Echo/{rid}"
                    and headers["x-call-id"] == rid
                    and headers["x-context-id"].split("/")[0] == rid
                    and response.headers["x-seen-by"] == rid
                    and response.request is not None
                    and response.request.headers["X-Call-Id"] == rid
                )
                if not ok:
                    mismatches.append(rid)
                done[t] += 1
        except BaseException as exc:  # reported below, with the thread's number
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(t,), name=f"client-{t}") for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    client.close()
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert mismatches == []
    assert sum(done.values()) == THREADS * PER_THREAD
    requests = server.requests
    retried = len(refused_once)
    assert retried > 0
    assert len(requests) == THREADS * PER_THREAD + retried
    # Every call reached the server (plus exactly one extra attempt for each 503).
    calls = Counter(r.headers["x-call-id"] for r in requests)
    assert len(calls) == THREADS * PER_THREAD
    assert {rid for rid, n in calls.items() if n == 2} == refused_once
    retried_attempts = {r.headers["x-context-id"] for r in requests if r.headers["x-call-id"] in refused_once}
    assert retried_attempts == {f"{rid}/{n}" for rid in refused_once for n in (1, 2)}
    # Keep-alive: connections were pooled, not opened per request.
    assert server.connections_accepted <= 2 * THREADS


def test_lazy_products_and_pipeline_built_once_under_contention() -> None:
    from twilio_core.testing import MockTransport

    built: list[int] = []

    class Plugin:
        TWILIO_PLUGIN_API = 1

        @staticmethod
        def twilio_register_products(registry: Any) -> None:
            def factory(client: Client) -> object:
                built.append(1)
                return object()

            registry.add("widgets", factory)

    transport = MockTransport(handler=lambda request: {"ok": True})
    client = Client(SID, TOKEN, plugins=[Plugin], transport=transport, environ={})
    barrier = threading.Barrier(THREADS)
    seen: list[tuple[object, object]] = []

    def worker() -> None:
        barrier.wait()
        seen.append((client.widgets, client.pipeline))
        client.request("GET", "/x")

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(seen) == THREADS
    assert len({id(w) for w, _ in seen}) == 1 and len({id(p) for _, p in seen}) == 1
    assert built == [1]
    assert len(transport.requests) == THREADS
