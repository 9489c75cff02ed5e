"""Every operation of every installed product plugin, through AsyncClient, checked against Twilio's specs.

Generic over whatever products the installed plugins register (``client.messages``,
``client.messaging.services``, ``client.calls``, ``client.video.rooms``...): each
ListResource reachable from a product is walked with the contract tests' helpers,
every operation is awaited on an AsyncClient whose MockTransport answers with the
contract's example responses, each recorded request is run through the contract
checker, and the requests must equal the sync client's for the same calls.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from tests.async_.helpers import run
from tests.contract import contract_support as cs
from twilio_core.async_client import AsyncClient
from twilio_core.resources import ListResource, Model, Page


def product_roots(client: Any) -> dict[str, Callable[[Any], Any]]:
    """Getters for every ListResource a product exposes directly or one attribute below a namespace."""
    roots: dict[str, Callable[[Any], Any]] = {}
    for name in client.plugins.products.names():
        product = getattr(client, name)
        if isinstance(product, ListResource):
            roots[name] = lambda c, n=name: getattr(c, n)
            continue
        for attr in sorted(a for a in dir(type(product)) if not a.startswith("_")):
            if isinstance(getattr(product, attr, None), ListResource):
                roots[f"{name}.{attr}"] = lambda c, n=name, a=attr: getattr(getattr(c, n), a)
    return roots


@pytest.fixture(scope="module")
def tc() -> Any:
    return cs.load_contract()


def recorders(tc: Any) -> tuple[cs.Recorder, cs.Recorder]:
    sync_rec = cs.Recorder(tc)
    async_rec = cs.Recorder(tc)
    async_rec.client = AsyncClient(cs.ACCOUNT_SID, "auth-token", transport=async_rec.transport, retry=None)
    return sync_rec, async_rec


async def exercise_async(rec: cs.Recorder, r: cs.Reachable, spec_op: Any) -> list[tuple[Any, Any]]:
    """:func:`contract_support.exercise` awaited on the async client, plus ``stream()`` for lists."""
    tc = rec.tc
    example = tc.example_request(spec_op, all_params=True)
    wire: dict[str, Any] = {**(example["params"] or {}), **(example["data"] or {})}
    _, path_values, _, problems = tc.default_contract().resolve(example["method"], example["url"])
    assert not problems, problems
    target = cs.navigate(rec.client, r.route, cs.call_values(rec.client, r.route, path_values))
    args = cs.python_arguments(r.op, wire, cs.TWIML_WIRE_NAMES)
    before = len(rec.transport.requests)
    results = []
    if r.method_name == "list":
        paging = {k: args.pop(k) for k in ("page_size", "page_number", "page_token") if k in args}
        results.append(await target.list(limit=1, page_size=paging.get("page_size"), **args))
        results.append(await target.page(**args, **paging))
        if hasattr(target, "stream"):
            results.append([m async for m in target.stream(limit=1, page_size=paging.get("page_size"), **args)])
    else:
        results.append(await getattr(target, r.method_name)(**args))
    sent = rec.transport.requests[before:]
    assert len(sent) == len(results), f"{r!r}: expected {len(results)} requests, sent {len(sent)}"
    return list(zip(sent, results))


def test_every_product_operation_through_async_client_passes_the_contract(tc: Any) -> None:
    sync_rec, async_rec = recorders(tc)
    roots = product_roots(async_rec.client)
    if not roots:
        pytest.skip("no product plugin with list resources is installed")
    reached = cs.reachable(async_rec.client, roots)
    assert {(r.op.method, r.op.path) for r in reached} == {(r.op.method, r.op.path) for r in cs.reachable(sync_rec.client, roots)}

    failures: list[str] = []
    checked = 0
    for r in reached:
        spec_op = cs.spec_operation_for(tc, r)
        pairs = run(exercise_async(async_rec, r, spec_op))
        for request, result in pairs:
            outcome = async_rec.check(request)
            checked += 1
            if not outcome.ok:
                failures.append(f"{r!r}\n{outcome.format()}")
            if r.op.model is not None and r.method_name != "delete":
                records = result.records if isinstance(result, Page) else result if isinstance(result, list) else [result]
                assert all(isinstance(m, Model) for m in records), f"{r!r}: {result!r}"
            elif r.method_name == "delete":
                assert result is True
        # The same call on the sync client sends byte-identical requests.
        sync_sent = [req for req, _ in cs.exercise(sync_rec, r, spec_op)]
        async_sent = [req for req, _ in pairs][: len(sync_sent)]
        assert [(q.method, q.url, q.body) for q in async_sent] == [(q.method, q.url, q.body) for q in sync_sent], repr(r)
    assert not failures, "\n".join(failures)
    assert checked >= len(reached)
    print(f"async contract: {len(reached)} operations, {checked} requests, products {sorted(roots)}")
