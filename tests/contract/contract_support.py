"""Contract-test machinery shared by the three product plugins.

* :func:`load_contract` imports ``../shared/contract/twilio_contract.py`` by path
  (skipping the test with a clear message when ``../shared`` is missing).
* :func:`reachable` walks the public object graph from a product
  (``client.calls`` -> ``client.calls(sid)`` -> ``.recordings`` -> ...) and
  returns every declared operation with the route that reaches it.
* :func:`call` performs one operation through that route, with Python
  arguments converted from the contract's example request, so the recorded
  request can be checked against the spec.
* :func:`assert_lossless` checks that a parsed model keeps every JSON field.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from twilio_core import Client
from twilio_core.resources import InstanceContext, ListResource, Model, Operation, Resource, python_name
from twilio_core.testing import MockTransport

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_PATH = ROOT.parent / "shared" / "contract" / "twilio_contract.py"
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2


def load_contract() -> Any:
    """The shared contract module, or skip the test when ``../shared`` is not there."""
    if not CONTRACT_PATH.is_file():
        pytest.skip(f"contract checker not found at {CONTRACT_PATH} (../shared/contract is missing)")
    module = sys.modules.get("twilio_contract")
    if module is None:
        spec = importlib.util.spec_from_file_location("twilio_contract", CONTRACT_PATH)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["twilio_contract"] = module
        spec.loader.exec_module(module)
    return module


# ----------------------------------------------------------------------------- the object graph
Step = tuple[str, str]  # ("attr", name) or ("call", "")


@dataclass
class Reachable:
    """A declared operation and how the public API reaches it."""

    op: Operation
    method_name: str  # create, list, fetch, update, delete
    route: tuple[Step, ...]

    @property
    def key(self) -> tuple[str, str]:
        return self.op.method, self.op.path

    def __repr__(self) -> str:
        route = "".join(f".{n}" if k == "attr" else "(sid)" for k, n in self.route)
        return f"client{route}.{self.method_name}()"


_OP_ATTRS = {"_create_op": "create", "_list_op": "list", "_fetch_op": "fetch", "_update_op": "update", "_delete_op": "delete"}


def _own_properties(cls: type) -> list[str]:
    names = []
    for klass in cls.__mro__:
        if klass in (InstanceContext, ListResource, Resource, object):
            break
        names += [n for n, v in vars(klass).items() if isinstance(v, property) and not n.startswith("_")]
    return sorted(set(names))


def reachable(client: Client, roots: dict[str, Callable[[Client], Any]]) -> list[Reachable]:
    """Every operation reachable from ``roots`` (name -> getter), walking lists, contexts and sub-resources."""
    found: list[Reachable] = []

    def visit(obj: Any, route: tuple[Step, ...]) -> None:
        cls = type(obj)
        for attr, method in _OP_ATTRS.items():
            op = getattr(cls, attr, None)
            if isinstance(op, Operation):
                found.append(Reachable(op, method, route))
        if isinstance(obj, ListResource) and cls._context_class is not None:
            visit(obj("SIDVALUE"), route + (("call", ""),))
        if isinstance(obj, InstanceContext):
            for name in _own_properties(cls):
                child = getattr(obj, name)
                if isinstance(child, Resource):
                    visit(child, route + (("attr", name),))

    for name, getter in roots.items():
        first: tuple[Step, ...] = tuple(("attr", part) for part in name.split("."))
        visit(getter(client), first)
    return found


def navigate(client: Client, route: tuple[Step, ...], values: list[str]) -> Any:
    """Follow ``route`` from the client, passing ``values`` to the ``(sid)`` calls in order."""
    obj: Any = client
    it = iter(values)
    for kind, name in route:
        obj = getattr(obj, name) if kind == "attr" else obj(next(it))
    return obj


def call_values(client: Client, route: tuple[Step, ...], path_values: dict[str, str]) -> list[str]:
    """Which example path value each ``(sid)`` call of ``route`` must get, so the URL has them all."""
    calls = sum(1 for kind, _ in route if kind == "call")
    markers = [f"MARK{i}" for i in range(calls)]
    resource = navigate(client, route, markers)
    where = {v: k for k, v in resource._path_values.items() if v in markers}
    return [path_values[where[m]] for m in markers]


# ----------------------------------------------------------------------------- arguments
class FakeTwiml:
    """Any object whose str() is TwiML, as a TwiML plugin's VoiceResponse is."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def python_value(kind: str, wire: str) -> Any:
    """The Python value a user would pass for a wire example value of ``kind``."""
    if kind == "integer":
        return int(wire)
    if kind == "number":
        return Decimal(wire)
    if kind == "boolean":
        return wire == "true"
    if kind == "date-time":
        return dt.datetime.fromisoformat(wire.replace("Z", "+00:00"))
    if kind == "date":
        return dt.date.fromisoformat(wire)
    if kind == "object":
        return json.loads(wire) if wire[:1] in "{[" else wire
    return wire


def python_arguments(op: Operation, wire: dict[str, Any], twiml_params: set[str]) -> dict[str, Any]:
    """Keyword arguments for ``op`` from an example request's wire values (``{name: str | [str]}``)."""
    args: dict[str, Any] = {}
    for p in op.params:
        if p.kind == "pairs":
            pairs = {}
            n = 1
            while f"{p.wire}{n}.Name" in wire:
                pairs[wire[f"{p.wire}{n}.Name"]] = wire.get(f"{p.wire}{n}.Value", "")
                n += 1
            if pairs:
                args[p.name] = pairs
            continue
        if p.wire not in wire:
            continue
        value = wire[p.wire]
        if p.is_list:
            items = value if isinstance(value, list) else [value]
            args[p.name] = [python_value(p.kind, v) for v in items]
        elif p.wire in twiml_params:
            args[p.name] = FakeTwiml(value)
        else:
            args[p.name] = python_value(p.kind, value)
    return args


# ----------------------------------------------------------------------------- clients and checks
class Recorder:
    """A client whose MockTransport answers every request from the contract's example responses."""

    def __init__(self, tc: Any) -> None:
        self.tc = tc
        self.answers: dict[tuple[str, str], tuple[int, Any]] = {}
        self.transport = MockTransport(self._answer)
        self.client = Client(ACCOUNT_SID, "auth-token", transport=self.transport, retry=None)

    def _answer(self, request: Any) -> Any:
        op = self.tc.find_operation(request.method, request.url)
        if op is None:
            return 404, {"code": 20404, "message": f"no operation for {request.method} {request.url}", "status": 404}
        status, body = self.answers.get((op.method, op.path)) or self.tc.example_response(op)
        return (status, body) if body is not None else status

    def check(self, request: Any) -> Any:
        body = (request.body or b"").decode()
        return self.tc.check_request(request.method, request.url, data=body or None, headers=dict(request.headers))


def spec_operations(tc: Any, spec: str, path_filter: Callable[[str], bool]) -> list[Any]:
    return [o for o in tc.list_operations(spec) if path_filter(o.path)]


def iter_records(result: Any) -> Iterator[Model]:
    if isinstance(result, Model):
        yield result
    elif isinstance(result, list):
        yield from result
    elif hasattr(result, "records"):
        yield from result.records


def _same(value: Any, raw: Any) -> bool:
    if isinstance(value, Model):
        return isinstance(raw, dict) and all(_same(value[k], raw[k]) for k in raw) and set(value.to_dict()) == set(raw)
    if isinstance(value, list):
        return isinstance(raw, list) and len(value) == len(raw) and all(_same(v, r) for v, r in zip(value, raw))
    if isinstance(value, dt.datetime):
        from twilio_core.resources import fields

        return value in (fields.rfc2822_datetime(raw), fields.iso_datetime(raw))
    if isinstance(value, dt.date):
        return value == dt.date.fromisoformat(raw)
    if isinstance(value, Decimal):
        return value == Decimal(str(raw))
    if isinstance(value, bool) or isinstance(raw, bool):
        return value == raw
    if isinstance(value, int) and isinstance(raw, str):
        return value == int(raw)
    return bool(value == raw)


_TYPES = {"_dt.datetime": dt.datetime, "_dt.date": dt.date, "Decimal": Decimal, "int": int, "bool": bool}


def assert_lossless(model: Model, raw: dict[str, Any]) -> None:
    """Every JSON field is reachable on the model, converted without loss; to_dict round-trips."""
    assert dict(model.raw) == raw
    as_dict = model.to_dict()
    assert list(as_dict) == list(raw), f"{type(model).__name__}.to_dict() keys differ from the JSON"
    hints = {k: v for klass in type(model).__mro__ for k, v in getattr(klass, "__annotations__", {}).items()}
    for key, raw_value in raw.items():
        attr = python_name(key)
        value = getattr(model, attr)
        assert value is as_dict[key] or value == as_dict[key]
        assert model[key] is value or model[key] == value
        if raw_value is None:
            assert value is None
            continue
        assert _same(value, raw_value), f"{type(model).__name__}.{attr}: {value!r} lost data of {raw_value!r}"
        hint = str(hints.get(attr, "")).replace(" | None", "")
        expected = _TYPES.get(hint)
        unconverted = type(value) is type(raw_value) and value == raw_value  # not parseable: kept as sent
        if expected is not None and not unconverted:
            assert isinstance(value, expected), f"{type(model).__name__}.{attr} should be {hint}, got {value!r}"
    again = type(model)(as_dict).to_dict()
    assert again == as_dict, f"{type(model).__name__}: to_dict() does not round-trip"


# ----------------------------------------------------------------------------- exercising operations
TWIML_WIRE_NAMES = {"Twiml"}


def spec_operation_for(tc: Any, r: Reachable) -> Any:
    """The spec's operation a declared one stands for (same method, path and host)."""
    host = f"{r.op.domain}.twilio.com"
    matches = [o for o in tc.list_operations() if o.method == r.op.method and o.path == r.op.path and host in o.hosts]
    assert len(matches) == 1, f"{r!r}: {len(matches)} spec operations for {r.op.method} {host}{r.op.path}"
    return matches[0]


def exercise(rec: Recorder, r: Reachable, spec_op: Any) -> list[tuple[Any, Any]]:
    """Call ``r`` through the public API with every parameter the spec has; -> [(sent request, result)]."""
    tc = rec.tc
    example = tc.example_request(spec_op, all_params=True)
    wire: dict[str, Any] = {**(example["params"] or {}), **(example["data"] or {})}
    _, path_values, _, problems = tc.default_contract().resolve(example["method"], example["url"])
    assert not problems, problems
    target = navigate(rec.client, r.route, call_values(rec.client, r.route, path_values))
    args = python_arguments(r.op, wire, TWIML_WIRE_NAMES)
    before = len(rec.transport.requests)
    results = []
    if r.method_name == "list":
        paging = {k: args.pop(k) for k in ("page_size", "page_number", "page_token") if k in args}
        results.append(target.list(limit=1, page_size=paging.get("page_size"), **args))
        results.append(target.page(**args, **paging))
    else:
        results.append(getattr(target, r.method_name)(**args))
    sent = rec.transport.requests[before:]
    assert len(sent) == len(results), f"{r!r}: expected {len(results)} requests, sent {len(sent)}"
    return list(zip(sent, results))


# ----------------------------------------------------------------------------- the three checks
def in_scope(tc: Any, specs: dict[str, Any]) -> list[Any]:
    """The spec operations of a plugin's resources: ``specs`` maps spec name -> compiled path regex."""
    return [o for spec, pattern in specs.items() for o in spec_operations(tc, spec, pattern.search)]


def check_coverage(tc: Any, rec: Recorder, specs: dict[str, Any], roots: dict[str, Any]) -> dict[str, Any]:
    """Every in-scope operation is reachable from the client, and nothing else is; -> coverage per spec."""
    ops = in_scope(tc, specs)
    reached = {spec_operation_for(tc, r).key for r in reachable(rec.client, roots)}
    uncovered = [o.key for o in ops if o.key not in reached]
    assert not uncovered, f"not reachable from the client: {uncovered}"
    extra = reached - {o.key for o in ops}
    assert not extra, f"reachable but outside the plugin's resources: {sorted(extra)}"
    report = {}
    for spec, pattern in specs.items():
        scoped = [o for o in spec_operations(tc, spec, pattern.search)]
        report[spec] = {"total": len(scoped), "covered": sum(1 for o in scoped if o.key in reached)}
    return report


def check_requests(tc: Any, rec: Recorder, roots: dict[str, Any]) -> int:
    """Exercise every reachable operation; every recorded request must pass ``check_request``."""
    failures = []
    checked = 0
    for r in reachable(rec.client, roots):
        for request, _result in exercise(rec, r, spec_operation_for(tc, r)):
            result = rec.check(request)
            checked += 1
            if not result.ok:
                failures.append(f"{r!r}\n{result.format()}")
    assert not failures, "\n".join(failures)
    return checked


def check_responses(tc: Any, rec: Recorder, roots: dict[str, Any], variant: dict[str, Any]) -> int:
    """Each operation's example response parses into its model without loss; -> records checked."""
    parsed = 0
    for r in reachable(rec.client, roots):
        spec_op = spec_operation_for(tc, r)
        status, body = tc.example_response(spec_op, **variant)
        if body is None or r.op.model is None:
            continue
        rec.answers[(spec_op.method, spec_op.path)] = (status, body)
        for _request, result in exercise(rec, r, spec_op):
            raws = body[r.op.records_key] if r.op.records_key else [body]
            records = list(iter_records(result))
            if r.method_name == "list" and isinstance(result, list):
                raws = raws[:1]  # list(limit=1)
            assert len(records) == len(raws), f"{r!r}: {len(records)} records for {len(raws)} in the body"
            for model, raw in zip(records, raws):
                assert isinstance(model, r.op.model), f"{r!r}: {type(model).__name__} is not {r.op.model.__name__}"
                assert_lossless(model, raw)
                parsed += 1
    return parsed


RESPONSE_VARIANTS = [{}, {"nullable_as_null": True}, {"from_spec_examples": True}, {"list_items": 3}]
