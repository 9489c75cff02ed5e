"""Contract: every operation of twilio-video's resources, checked against Twilio's OpenAPI specs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.contract import contract_support as cs

SPECS = {
    # Video v1: Rooms (participants, their tracks and subscribe rules, recording rules, recordings,
    # transcriptions), Recordings, Compositions, CompositionHooks, CompositionSettings, RecordingSettings
    "video_v1": re.compile(r"^/v1/(Rooms|Recordings|Compositions|CompositionHooks|CompositionSettings|RecordingSettings)(/|$)"),
}
ROOTS = {f"video.{name}": (lambda c, n=name: getattr(c.video, n)) for name in (
    "rooms", "recordings", "compositions", "composition_hooks", "composition_settings", "recording_settings")}


@pytest.fixture(scope="module")
def tc() -> Any:
    return cs.load_contract()


@pytest.fixture()
def rec(tc: Any) -> cs.Recorder:
    return cs.Recorder(tc)


def test_every_operation_is_reachable_from_the_client(tc: Any, rec: cs.Recorder) -> None:
    report = cs.check_coverage(tc, rec, SPECS, ROOTS)
    total = report["video_v1"]["total"]
    assert report == {"video_v1": {"total": total, "covered": total}} and total == 39  # as the spec defines them today


def test_every_operation_sends_a_request_the_contract_accepts(tc: Any, rec: cs.Recorder) -> None:
    assert cs.check_requests(tc, rec, ROOTS) >= 39


@pytest.mark.parametrize("variant", cs.RESPONSE_VARIANTS)
def test_example_responses_parse_into_models_without_loss(tc: Any, rec: cs.Recorder, variant: dict[str, Any]) -> None:
    assert cs.check_responses(tc, rec, ROOTS, variant) >= 20
