"""Secrets (API secret, auth token, private key) never appear in a repr, an error or a log line."""

from __future__ import annotations

import logging
from typing import Any, Callable

import pytest

from twilio_core.http import Request
from twilio_jwt import JwtError
from twilio_jwt.access_token import AccessToken
from twilio_jwt.access_token.grants import VideoGrant, VoiceGrant
from twilio_jwt.client import ClientCapabilityToken
from twilio_jwt.taskrouter.capabilities import WorkerCapabilityToken
from twilio_jwt.validation import ClientValidationJwt, ClientValidationMiddleware, ValidationPayload

from .conftest import ACCOUNT_SID, API_KEY_SID, API_SECRET, AUTH_TOKEN, CREDENTIAL_SID


def key_fragments(pem: str | bytes) -> list[str]:
    """Pieces of a PEM's base64 body that would show up if any part of the key leaked."""
    text = pem.decode() if isinstance(pem, bytes) else pem
    body = "".join(line for line in text.splitlines() if line and not line.startswith("-----"))
    return [body[i : i + 24] for i in range(0, len(body) - 24, 24)]


def assert_clean(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        assert secret not in text, f"a secret leaked into: {text[:200]!r}"


def test_reprs_and_strs_hold_no_secret(rsa_key: Any, private_pem: str) -> None:
    secrets = [API_SECRET, AUTH_TOKEN, *key_fragments(private_pem)]
    vp = ValidationPayload("GET", "/v1/X", "", {"Host": "h", "Authorization": "Basic x"}, ["host"], "")
    objects = [
        AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, grants=[VideoGrant(room="r"), VoiceGrant()], identity="i"),
        ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, allow_client_incoming={"client_name": "c"}),
        WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, "WS1", "WK1"),
        ClientValidationJwt(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem, vp),
        ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem),
    ]
    for obj in objects:
        assert_clean(repr(obj), secrets)
        assert_clean(str(obj), secrets)
        assert_clean(f"{obj}", secrets)
    # The access token's repr is useful, and it does not hand out the bearer token either.
    text = repr(objects[0])
    assert API_KEY_SID in text and "video" in text
    assert objects[0].to_jwt() not in text


def _errors(private_pem: str, make_pem: Callable[..., bytes]) -> list[Callable[[], Any]]:
    corrupt = private_pem.replace("A", "B", 5)  # still PEM-shaped, but not a valid key
    encrypted = make_pem("PKCS8", b"the-key-password")
    return [
        lambda: ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, corrupt),
        lambda: ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem[:400]),
        lambda: ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, encrypted),
        lambda: ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, encrypted, private_key_password="wrong-pass"),
        lambda: ClientValidationMiddleware(ACCOUNT_SID, private_pem, CREDENTIAL_SID, private_pem),  # key passed as a SID
        lambda: ClientValidationMiddleware(API_SECRET, API_KEY_SID, CREDENTIAL_SID, private_pem),  # secret passed as a SID
        lambda: AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, grants=[API_SECRET]),
        lambda: AccessToken.from_jwt(AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET).to_jwt(), AUTH_TOKEN),
        lambda: AccessToken.from_jwt("garbage", API_SECRET),
        lambda: ClientValidationJwt.from_jwt(AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET).to_jwt(), private_pem),
        lambda: AccessToken.from_jwt(AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET).to_jwt(), private_pem),
        lambda: ClientValidationJwt(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, corrupt, ValidationPayload("GET", "/", "", {}, [], None)).to_jwt(),
    ]


def test_errors_hold_no_secret(private_pem: str, make_pem: Callable[..., bytes]) -> None:
    secrets = [API_SECRET, AUTH_TOKEN, "the-key-password", "wrong-pass", *key_fragments(private_pem)]
    for index, action in enumerate(_errors(private_pem, make_pem)):
        with pytest.raises(JwtError) as info:
            action()
        error = info.value
        assert_clean(str(error), secrets)
        assert_clean(repr(error), secrets)
        assert_clean(repr(error.args), secrets)
        # No chained cause carries the secret either (errors are raised "from None" or from clean errors).
        cause = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
        if cause is not None:
            assert_clean(str(cause), secrets)


def test_nothing_secret_is_logged(caplog: pytest.LogCaptureFixture, rsa_key: Any, private_pem: str) -> None:
    secrets = [API_SECRET, AUTH_TOKEN, *key_fragments(private_pem)]
    with caplog.at_level(logging.DEBUG):
        token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, grants=[VideoGrant()], identity="i")
        AccessToken.from_jwt(token.to_jwt(), API_SECRET)
        middleware = ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem)
        middleware.on_request(Request("POST", "https://api.twilio.com/v1/X", {"Authorization": "Basic abc"}, b"a=b"))
        for action in (lambda: AccessToken.from_jwt("x.y.z", API_SECRET), lambda: ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, "junk")):
            with pytest.raises(JwtError):
                action()
    for record in caplog.records:
        assert_clean(record.getMessage(), secrets)


@pytest.mark.network
def test_client_wire_log_holds_no_key(caplog: pytest.LogCaptureFixture, loopback_server: Any, private_pem: str) -> None:
    """A signed request through a client with DEBUG logging on: no secret in any log line."""
    from twilio_core import Client

    secrets = [API_SECRET, *key_fragments(private_pem)]
    loopback_server.queue(200, json={})
    middleware = ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem)
    with caplog.at_level(logging.DEBUG):
        with Client(API_KEY_SID, API_SECRET, ACCOUNT_SID, environ={}, base_url=loopback_server.url, middleware=[middleware], log_personal_data=True) as client:
            assert_clean(repr(client), secrets)
            client.request("POST", "/v1/X", data={"A": "1"})
    assert caplog.records, "the client logged nothing at DEBUG: this test would prove nothing"
    for record in caplog.records:
        assert_clean(record.getMessage(), secrets)
