"""Contract: every operation of twilio-voice's resources, checked against Twilio's OpenAPI specs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.contract import contract_support as cs

SPECS = {
    # Api 2010: Calls, Conferences, Queues, Recordings, Transcriptions and everything below them
    "api_v2010": re.compile(r"^/2010-04-01/Accounts/\{AccountSid\}/(Calls|Conferences|Queues|Recordings|Transcriptions)(\.json|/)"),
}
ROOTS = {name: (lambda c, n=name: getattr(c, n)) for name in ("calls", "conferences", "queues", "recordings", "transcriptions")}


@pytest.fixture(scope="module")
def tc() -> Any:
    return cs.load_contract()


@pytest.fixture()
def rec(tc: Any) -> cs.Recorder:
    return cs.Recorder(tc)


def test_every_operation_is_reachable_from_the_client(tc: Any, rec: cs.Recorder) -> None:
    report = cs.check_coverage(tc, rec, SPECS, ROOTS)
    total = report["api_v2010"]["total"]
    assert report == {"api_v2010": {"total": total, "covered": total}} and total == 60  # as the spec defines them today


def test_every_operation_sends_a_request_the_contract_accepts(tc: Any, rec: cs.Recorder) -> None:
    assert cs.check_requests(tc, rec, ROOTS) >= 60


@pytest.mark.parametrize("variant", cs.RESPONSE_VARIANTS)
def test_example_responses_parse_into_models_without_loss(tc: Any, rec: cs.Recorder, variant: dict[str, Any]) -> None:
    assert cs.check_responses(tc, rec, ROOTS, variant) >= 40
