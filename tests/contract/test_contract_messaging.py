"""Contract: every operation of twilio-messaging's resources, checked against Twilio's OpenAPI specs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.contract import contract_support as cs

SPECS = {
    # Api 2010: Messages with their Media and Feedback
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


def test_every_operation_is_reachable_from_the_client(tc: Any, rec: cs.Recorder) -> None:
    report = cs.check_coverage(tc, rec, SPECS, ROOTS)
    # As the specs define them today: Messages 5, Media 3, Feedback 1; Services 5, three sender lists 4 each.
    assert report == {"api_v2010": {"total": 9, "covered": 9}, "messaging_v1": {"total": 17, "covered": 17}}


def test_every_operation_sends_a_request_the_contract_accepts(tc: Any, rec: cs.Recorder) -> None:
    assert cs.check_requests(tc, rec, ROOTS) >= 26


@pytest.mark.parametrize("variant", cs.RESPONSE_VARIANTS)
def test_example_responses_parse_into_models_without_loss(tc: Any, rec: cs.Recorder, variant: dict[str, Any]) -> None:
    assert cs.check_responses(tc, rec, ROOTS, variant) >= 20


def test_a_broken_declaration_is_caught(tc: Any, rec: cs.Recorder) -> None:
    """The check can fail: a misspelled wire name and a missing required parameter are reported."""
    from twilio_core.resources import Operation, Param

    op = Operation("Bad.create", "POST", "api", "/2010-04-01/Accounts/{AccountSid}/Messages.json",
                   [Param("to", "Too"), Param("body", "Body")])
    request = op.build(rec.client.config, {"AccountSid": cs.ACCOUNT_SID}, {"to": "+15558675310", "body": "x"})
    result = rec.check(request)
    assert not result.ok and {"unknown-param", "missing-required"} <= set(result.codes())
