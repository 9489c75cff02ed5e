"""Review: Webhook checks enforce bodySHA256 when a JSON webhook URL is replayed with an empty body."""

from __future__ import annotations

from typing import Any

import pytest

from twilio_core import Client
from twilio_core.signature import RequestValidator
from twilio_core.webhooks.verifier import WebhookVerifier, header_getter

SID = "AC" + "1" * 32
TOKEN = "review-auth-token-0123456789abcdef"


def _client(transport: Any, **kwargs: Any) -> Client:
    return Client(SID, TOKEN, transport=transport, environ={}, plugins=kwargs.pop("plugins", []), **kwargs)


# --------------------------------------------------------------------------------------------
# Webhooks: the signature of a JSON webhook covers only its URL (with bodySHA256); replaying
# that URL and signature with an empty body (form or not) must not pass.

JSON_URL = "https://hooks.example.com/events?bodySHA256=" + RequestValidator.compute_hash(b'{"event":"x"}')


def _signed_headers(content_type: str) -> dict[str, str]:
    return {
        "X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(JSON_URL, None),
        "Content-Type": content_type,
    }


def test_genuine_json_webhook_passes() -> None:
    verifier = WebhookVerifier(TOKEN)
    verdict = verifier.verify(
        url=JSON_URL, header=header_getter(_signed_headers("application/json")), content_type="application/json",
        body=b'{"event":"x"}',
    )
    assert verdict.ok


@pytest.mark.parametrize(
    "content_type, form, body",
    [
        ("application/json", None, b""),
        ("text/plain", None, None),
        ("application/x-www-form-urlencoded", None, b""),
        ("application/x-www-form-urlencoded", {}, None),  # Flask/Django pass their parsed (empty) form
        ("multipart/form-data", {}, None),
    ],
)
def test_json_webhook_replayed_with_empty_body_is_rejected(content_type: str, form: Any, body: Any) -> None:
    verifier = WebhookVerifier(TOKEN)
    verdict = verifier.verify(
        url=JSON_URL, header=header_getter(_signed_headers(content_type)), content_type=content_type,
        form=form, body=body,
    )
    assert not verdict.ok and verdict.status == 403


def test_get_webhook_without_body_hash_still_passes() -> None:
    url = "https://hooks.example.com/status?CallSid=CA1"
    headers = {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, None)}
    verifier = WebhookVerifier(TOKEN)
    assert verifier.verify(url=url, header=header_getter(headers), content_type=None, body=None).ok
    assert verifier.verify(url=url, header=header_getter(headers), content_type="", body=b"").ok
    assert verifier.verify(
        url=url, header=header_getter(headers), content_type="application/x-www-form-urlencoded", form={}
    ).ok


