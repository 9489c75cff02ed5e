"""End to end: a twilio_core Client with the PKCV middleware, over real HTTP on 127.0.0.1.

The loopback server records the request as it arrived on the wire; the test
verifies the token with the public key and recomputes the request hash from
those received bytes with its own canonicaliser.
"""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from twilio_core import Client
from twilio_jwt.validation import ClientValidationMiddleware

from .conftest import ACCOUNT_SID, API_KEY_SID, API_SECRET, CREDENTIAL_SID
from .pkcv_spec import spec_request_hash


def check_received(recorded: Any, public_key: Any) -> dict[str, Any]:
    """Verify the token on a request the server received; return its claims."""
    token = recorded.headers["twilio-client-validation"]
    claims = jwt.decode(token, public_key, algorithms=["RS256"])
    assert jwt.get_unverified_header(token)["kid"] == CREDENTIAL_SID
    assert recorded.headers["authorization"].startswith("Basic ")
    signed = {"host": recorded.headers["host"], "authorization": recorded.headers["authorization"]}
    url = f"http://{recorded.headers['host']}{recorded.target}"
    assert claims["rqh"] == spec_request_hash(recorded.method, url, signed, recorded.body)
    assert (claims["hrh"], claims["iss"], claims["sub"]) == ("authorization;host", API_KEY_SID, ACCOUNT_SID)
    return claims


@pytest.mark.network
def test_client_requests_are_signed(loopback_server: Any, rsa_key: Any, private_pem: str) -> None:
    middleware = ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem)
    loopback_server.queue(201, json={"sid": "SM1"}).queue(200, json={"calls": []})
    with Client(API_KEY_SID, API_SECRET, ACCOUNT_SID, environ={}, base_url=loopback_server.url, middleware=[middleware]) as client:
        client.request(
            "POST",
            f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
            data={"To": "+15558675310", "From": "+15017122661", "Body": "Hello wörld & co", "MaxPrice": "0.5", "Attempt": "1"},
        )
        client.request("GET", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls.json", params={"Status": "no-answer", "To": "+1 555"})
    post, get = loopback_server.requests
    assert post.form()["Body"] == ["Hello wörld & co"]
    check_received(post, rsa_key.public_key())
    check_received(get, rsa_key.public_key())
    assert get.query  # the query string was signed as it went out


@pytest.mark.network
def test_retried_attempts_are_each_signed(loopback_server: Any, rsa_key: Any) -> None:
    from twilio_core.middleware.retry import RetryPolicy

    middleware = ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, rsa_key)
    loopback_server.queue(503).queue(200, json={})
    retry = RetryPolicy(max_attempts=2, backoff_factor=0.01, backoff_max=0.01)
    with Client(API_KEY_SID, API_SECRET, ACCOUNT_SID, environ={}, base_url=loopback_server.url, middleware=[middleware], retry=retry) as client:
        client.request("GET", "/v1/Rooms/RM1")
    first, second = loopback_server.requests
    check_received(first, rsa_key.public_key())
    check_received(second, rsa_key.public_key())


@pytest.mark.network
def test_configured_through_plugin_options(loopback_server: Any, rsa_key: Any, private_pem: str) -> None:
    """``plugin_options={"client_validation": {...}}`` makes the plugin add the middleware itself."""
    import twilio_jwt._plugin as plugin

    options = {"client_validation": {"api_key_sid": API_KEY_SID, "credential_sid": CREDENTIAL_SID, "private_key": private_pem}}
    loopback_server.queue(200, json={})
    with Client(
        API_KEY_SID, API_SECRET, ACCOUNT_SID, environ={}, base_url=loopback_server.url, plugins=[plugin], plugin_options=options
    ) as client:
        client.request("GET", "/v1/X")
    claims = check_received(loopback_server.last_request, rsa_key.public_key())
    assert claims["sub"] == ACCOUNT_SID  # taken from the client's own account SID


@pytest.mark.network
def test_without_options_the_plugin_adds_nothing(loopback_server: Any) -> None:
    import twilio_jwt._plugin as plugin

    loopback_server.queue(200, json={})
    with Client(API_KEY_SID, API_SECRET, ACCOUNT_SID, environ={}, base_url=loopback_server.url, plugins=[plugin]) as client:
        client.request("GET", "/v1/X")
    assert "twilio-client-validation" not in loopback_server.last_request.headers
