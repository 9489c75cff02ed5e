"""Shared helpers for the framework adapter tests: a token and request signing."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import pytest

from twilio_core.signature import RequestValidator

TOKEN = "0123456789abcdef0123456789abcdef"
OLD_TOKEN = "fedcba9876543210fedcba9876543210"
SHARED_KEY = "shared-key-secret-value"
PUBLIC = "https://hooks.example.com"
SMS = {
    "MessageSid": "SM0123456789abcdef0123456789abcdef",
    "AccountSid": "AC0123456789abcdef0123456789abcdef",
    "From": "+14155550111",
    "To": "+14155550100",
    "Body": "Hello, world & more",
    "FromCity": "",
}


class Signer:
    """Signs requests the way Twilio does, for the URL Twilio requested.

    Test files reach the shared constants through the ``signer`` fixture
    (conftest modules are not importable under --import-mode=importlib).
    """

    TOKEN = TOKEN
    OLD_TOKEN = OLD_TOKEN
    SHARED_KEY = SHARED_KEY
    PUBLIC = PUBLIC
    SMS = SMS

    def __init__(self, token: str = TOKEN) -> None:
        self.validator = RequestValidator(token)

    def form(self, url: str, params: Any = SMS, algorithm: str | None = None) -> str:
        return self.validator.compute_signature(url, params, algorithm)

    def json(self, url: str, payload: Any) -> tuple[str, bytes, str]:
        """(url with bodySHA256, raw body, signature)."""
        body = json.dumps(payload).encode()
        sep = "&" if "?" in url else "?"
        url = f"{url}{sep}bodySHA256={hashlib.sha256(body).hexdigest()}"
        return url, body, self.validator.compute_signature(url)


@pytest.fixture
def signer() -> Signer:
    return Signer()


@pytest.fixture
def webhook_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="twilio_core.webhooks")
    return caplog


@pytest.fixture
def logged(webhook_log: pytest.LogCaptureFixture) -> Any:
    """logged(fragment): assert a twilio_core.webhooks record holds it, and no record a secret."""

    def check(fragment: str | None) -> list[str]:
        messages = [r.getMessage() for r in webhook_log.records if r.name == "twilio_core.webhooks"]
        if fragment is None:
            assert not messages, messages
        else:
            assert any(fragment in m for m in messages), messages
        for message in messages:
            assert TOKEN not in message and OLD_TOKEN not in message and SHARED_KEY not in message
        webhook_log.clear()
        return messages

    return check
