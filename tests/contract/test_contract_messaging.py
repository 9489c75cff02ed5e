"""Contract: every operation of twilio-messaging's resources, checked against Twilio's OpenAPI specs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.contract import contract_support as cs

SPECS = {
    # Api 2010: Messages with Media and Feedback
    "api_v2010": re.compile(r"^/2010-04-01/Accounts/\{AccountSid\}/Messages(\.json|/)"),
    # Messaging v1: Services, and their PhoneNumbers, ShortCodes and AlphaSenders
    "messaging_v1": re.compile(r"^/v1/Services(/\{Sid\})?$|^/v1/Services/\{ServiceSid\}/(PhoneNumbers|ShortCodes|AlphaSenders)"),
}
ROOTS = {"messages": lambda c: c.messages, "messaging.services": lambda c: c.messaging.services}


@pytest.fixture(scope="module")
def tc() -> Any:
    return cs.load_contract()


@pytest.fixture()
def rec(tc: Any) -> cs.Recorder:
    return cs.Recorder(tc)


def _in_scope(tc: Any) -> list[Any]:
    return [o for spec, pattern in SPECS.items() for o in cs.spec_operations(tc, spec, pattern.search)]


def test_every_operation_is_reachable_from_the_client(tc: Any, rec: cs.Recorder) -> None:
    ops = _in_scope(tc)
    reached = {cs.spec_operation_for(tc, r).key for r in cs.reachable(rec.client, ROOTS)}
    report = {spec: tc.coverage(reached, spec) for spec in SPECS}
    uncovered = [o.key for o in ops if o.key not in reached]
    assert not uncovered, f"not reachable from the client: {uncovered}"
    assert len(ops) == 26  # 9 Api 2010 (Messages, Media, Feedback) + 17 Messaging v1, as the specs define them today
    assert len(reached) == len(ops)  # nothing reachable outside the selected resources
    assert all(r["covered"] > 0 for r in report.values())


def test_every_operation_sends_a_request_the_contract_accepts(tc: Any, rec: cs.Recorder) -> None:
    failures = []
    checked = 0
    for r in cs.reachable(rec.client, ROOTS):
        for request, _result in cs.exercise(rec, r, cs.spec_operation_for(tc, r)):
            result = rec.check(request)
            checked += 1
            if not result.ok:
                failures.append(f"{r!r}\n{result.format()}")
    assert not failures, "\n".join(failures)
    assert checked >= 26


@pytest.mark.parametrize("variant", [{}, {"nullable_as_null": True}, {"from_spec_examples": True}, {"list_items": 3}])
def test_example_responses_parse_into_models_without_loss(tc: Any, rec: cs.Recorder, variant: dict[str, Any]) -> None:
    parsed = 0
    for r in cs.reachable(rec.client, ROOTS):
        spec_op = cs.spec_operation_for(tc, r)
        status, body = tc.example_response(spec_op, **variant)
        if body is None or r.op.model is None:
            continue
        rec.answers[(spec_op.method, spec_op.path)] = (status, body)
        for _request, result in cs.exercise(rec, r, spec_op):
            raws = body[r.op.records_key] if r.op.records_key else [body]
            records = list(cs.iter_records(result))
            if r.method_name == "list" and isinstance(result, list):
                raws = raws[:1]  # list(limit=1)
            assert len(records) == len(raws)
            for model, raw in zip(records, raws):
                assert isinstance(model, r.op.model)
                cs.assert_lossless(model, raw)
                parsed += 1
    assert parsed >= 20
