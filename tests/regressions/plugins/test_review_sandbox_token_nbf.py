"""Review: the sandbox checks a Video access token's ``nbf`` as Twilio does.

A token whose not-before time is still in the future is not valid yet; the sandbox
accepted it (only the signature, issuer, subject, expiry and grants were checked).
"""

from __future__ import annotations

import time
from typing import Iterator

import pytest

pytest.importorskip("twilio_jwt")

from twilio_jwt.access_token import AccessToken  # noqa: E402
from twilio_jwt.access_token.grants import VideoGrant  # noqa: E402
from twilio_sandbox import Sandbox, SandboxError  # noqa: E402


@pytest.fixture()
def sandbox() -> Iterator[Sandbox]:
    box = Sandbox(step=None).start()
    try:
        yield box
    finally:
        box.stop()


def _token(sandbox: Sandbox, **kwargs: object) -> str:
    token = AccessToken(sandbox.account_sid, sandbox.api_key_sid, sandbox.api_key_secret, identity="early",
                        grants=[VideoGrant(room="nbf-room")], **kwargs)  # type: ignore[arg-type]
    return token.to_jwt()


def test_token_not_valid_yet_is_refused(sandbox: Sandbox) -> None:
    future = int(time.time()) + 3600
    with pytest.raises(SandboxError, match=r"access token refused \(20101\).*not valid yet"):
        sandbox.connect_with_token(_token(sandbox, nbf=future, ttl=7200))
    assert sandbox.participants() == []


def test_token_valid_now_still_joins(sandbox: Sandbox) -> None:
    joined = sandbox.connect_with_token(_token(sandbox, nbf=int(time.time()) - 5))
    assert joined["identity"] == "early"
    assert sandbox.connect_with_token(_token(sandbox, nbf=None))["identity"] == "early"
