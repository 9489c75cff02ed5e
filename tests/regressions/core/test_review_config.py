"""Review: Configuration errors never echo credentials."""

from __future__ import annotations

from typing import Any

import pytest

from twilio_core import Client, ConfigurationError

SID = "AC" + "1" * 32
TOKEN = "review-auth-token-0123456789abcdef"


def _client(transport: Any, **kwargs: Any) -> Client:
    return Client(SID, TOKEN, transport=transport, environ={}, plugins=kwargs.pop("plugins", []), **kwargs)


# --------------------------------------------------------------------------------------------
# Input validation must not echo credentials.


def test_base_url_with_credentials_is_refused_without_echoing_them() -> None:
    with pytest.raises(ConfigurationError) as info:
        Client(SID, TOKEN, base_url="https://user:s3cr3t-pass@proxy.example.com", environ={})
    assert "s3cr3t-pass" not in str(info.value)
    assert "credentials" in str(info.value)
