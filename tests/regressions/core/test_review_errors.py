"""Review: Error mapping survives odd error bodies (odd codes, deep nesting)."""

from __future__ import annotations

from typing import Any

import pytest

from twilio_core import Client
from twilio_core.errors import TwilioRestError, rest_error_from_response
from twilio_core.http import Request, Response
from twilio_core.testing import MockTransport

SID = "AC" + "1" * 32
TOKEN = "review-auth-token-0123456789abcdef"


def _client(transport: Any, **kwargs: Any) -> Client:
    return Client(SID, TOKEN, transport=transport, environ={}, plugins=kwargs.pop("plugins", []), **kwargs)


# --------------------------------------------------------------------------------------------
# Error mapping must survive odd error bodies.


@pytest.mark.parametrize(
    "body",
    [
        b'{"code": "\xc2\xb2", "message": "superscript digit"}',  # "²".isdigit() but int("²") fails
        b'{"code": "' + b"9" * 5000 + b'", "message": "huge code"}',  # past int()'s digit limit
        b"[" * 100_000,  # nesting deep enough for json's RecursionError
    ],
    ids=["superscript-code", "huge-code", "deep-nesting"],
)
def test_error_mapping_survives_odd_bodies(body: bytes) -> None:
    request = Request("GET", "https://api.twilio.com/2010-04-01/Accounts.json")
    error = rest_error_from_response(Response(400, {"content-type": "application/json"}, body, request, "Bad Request"))
    assert isinstance(error, TwilioRestError) and error.status == 400
    assert len(str(error)) < 1000


def test_client_raises_rest_error_for_deeply_nested_error_body() -> None:
    transport = MockTransport().queue(500, body=b"[" * 100_000)
    client = _client(transport, retry=None)
    with pytest.raises(TwilioRestError) as info:
        client.request("POST", "/x", data={"A": "1"})
    assert info.value.status == 500


