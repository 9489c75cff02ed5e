"""Review: Sending a prebuilt Request never writes the Authorization header into the caller's object."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from twilio_core import Client, RetryPolicy
from twilio_core.http import Request
from twilio_core.testing import MockTransport

SID = "AC" + "1" * 32
TOKEN = "review-auth-token-0123456789abcdef"


def _client(transport: Any, **kwargs: Any) -> Client:
    return Client(SID, TOKEN, transport=transport, environ={}, plugins=kwargs.pop("plugins", []), **kwargs)


# --------------------------------------------------------------------------------------------
# With retries off, the caller's Request must not receive the Authorization header.


@pytest.mark.parametrize("retry", [None, RetryPolicy(max_attempts=1)], ids=["retry-off", "retry-on"])
def test_send_does_not_put_authorization_on_the_callers_request(retry: Any) -> None:
    transport = MockTransport().queue(200, json={})
    client = _client(transport, retry=retry)
    request = client.build_request("GET", "/2010-04-01/Accounts.json")
    client.send(request)
    assert transport.last_request.header("Authorization", "").startswith("Basic ")
    assert "Authorization" not in request.headers


def test_async_send_does_not_put_authorization_on_the_callers_request() -> None:
    from twilio_core import AsyncClient

    transport = MockTransport().queue(200, json={})

    async def main() -> Request:
        async with AsyncClient(SID, TOKEN, transport=transport, environ={}, plugins=[], retry=None) as client:
            request = client.build_request("GET", "/2010-04-01/Accounts.json")
            await client.send(request)
            return request

    request = asyncio.run(main())
    assert transport.last_request.header("Authorization", "").startswith("Basic ")
    assert "Authorization" not in request.headers


