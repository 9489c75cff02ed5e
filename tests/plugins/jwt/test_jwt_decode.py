"""Decoding: signature, expiry and algorithm are verified; every failure is a JwtDecodeError."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest

from twilio_jwt import Jwt, JwtDecodeError
from twilio_jwt.access_token import AccessToken
from twilio_jwt.access_token.grants import VideoGrant
from twilio_jwt.client import ClientCapabilityToken
from twilio_jwt.taskrouter.capabilities import WorkerCapabilityToken
from twilio_jwt.validation import ClientValidationJwt, ValidationPayload

from .conftest import ACCOUNT_SID, API_KEY_SID, API_SECRET, AUTH_TOKEN, CREDENTIAL_SID


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def access_token(**kwargs: Any) -> str:
    return AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, grants=[VideoGrant(room="r")], identity="ann", **kwargs).to_jwt()


def pkcv_token(private_key: Any) -> str:
    payload = ValidationPayload("GET", "/v1/X", "", {"Host": "api.twilio.com", "Authorization": "Basic abc"}, ["host", "authorization"], "")
    return ClientValidationJwt(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_key, payload).to_jwt()


def test_round_trip_access_token() -> None:
    decoded = AccessToken.from_jwt(access_token(region="us1"), API_SECRET)
    assert isinstance(decoded, Jwt)
    assert decoded.payload["grants"] == {"video": {"room": "r"}, "identity": "ann"}
    assert decoded.headers == {"alg": "HS256", "cty": "twilio-fpa;v=1", "twr": "us1", "typ": "JWT"}
    assert (decoded.issuer, decoded.subject, decoded.algorithm) == (API_KEY_SID, ACCOUNT_SID, "HS256")
    # A decoded token re-encodes its own claims and headers.
    again = jwt.decode(decoded.to_jwt(), API_SECRET, algorithms=["HS256"])
    assert again == decoded.payload
    assert jwt.get_unverified_header(decoded.to_jwt()) == decoded.headers


def test_round_trip_capability_tokens() -> None:
    token = ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, allow_client_incoming={"client_name": "x"}).to_jwt()
    assert ClientCapabilityToken.from_jwt(token, AUTH_TOKEN).payload["scope"] == "scope:client:incoming?clientName=x"
    worker = WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, "WS1", "WK1").to_jwt()
    assert WorkerCapabilityToken.from_jwt(worker, AUTH_TOKEN).payload["worker_sid"] == "WK1"


def test_round_trip_pkcv(rsa_key: Any, public_pem: str) -> None:
    decoded = ClientValidationJwt.from_jwt(pkcv_token(rsa_key), public_pem)
    assert decoded.payload["hrh"] == "authorization;host"
    assert decoded.headers["kid"] == CREDENTIAL_SID
    assert ClientValidationJwt.from_jwt(pkcv_token(rsa_key), rsa_key.public_key()).payload["iss"] == API_KEY_SID


def test_expired_token_refused() -> None:
    token = access_token(valid_until=int(time.time()) - 10, nbf=None)
    with pytest.raises(JwtDecodeError, match="expired"):
        AccessToken.from_jwt(token, API_SECRET)
    # leeway lets a client accept a little clock skew.
    assert AccessToken.from_jwt(token, API_SECRET, leeway=60).payload["grants"]["identity"] == "ann"


def test_not_yet_valid_token_refused() -> None:
    with pytest.raises(JwtDecodeError, match="nbf|not yet valid"):
        AccessToken.from_jwt(access_token(nbf=int(time.time()) + 600), API_SECRET)


def test_wrong_secret_refused() -> None:
    with pytest.raises(JwtDecodeError, match="[Ss]ignature"):
        AccessToken.from_jwt(access_token(), "a-different-secret-of-32-bytes-or-more")


@pytest.mark.parametrize("part", [0, 1, 2])
def test_tampered_token_refused(part: int) -> None:
    token = access_token()
    pieces = token.split(".")
    if part == 1:
        claims = jwt.decode(token, options={"verify_signature": False})
        claims["grants"]["video"]["room"] = "another-room"
        pieces[1] = b64(claims)
    elif part == 0:
        pieces[0] = b64({"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1", "twr": "de1"})
    else:
        pieces[2] = pieces[2][:-4] + ("AAAA" if not pieces[2].endswith("AAAA") else "BBBB")
    with pytest.raises(JwtDecodeError):
        AccessToken.from_jwt(".".join(pieces), API_SECRET)


def test_alg_none_refused() -> None:
    claims = jwt.decode(access_token(), options={"verify_signature": False})
    forged = f"{b64({'alg': 'none', 'typ': 'JWT', 'cty': 'twilio-fpa;v=1'})}.{b64(claims)}."
    with pytest.raises(JwtDecodeError, match="HS256"):
        AccessToken.from_jwt(forged, API_SECRET)


def test_hs256_forged_with_public_key_refused_as_pkcv(public_pem: str) -> None:
    """The classic HS/RS swap: sign HS256 with the (public) RSA key as the HMAC secret."""
    import hashlib
    import hmac

    header = b64({"alg": "HS256", "typ": "JWT", "cty": "twilio-pkrv;v=1", "kid": CREDENTIAL_SID})
    body = b64({"iss": API_KEY_SID, "sub": ACCOUNT_SID, "exp": int(time.time()) + 300, "hrh": "host", "rqh": "0"})
    mac = hmac.new(public_pem.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    forged = f"{header}.{body}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    with pytest.raises(JwtDecodeError, match="RS256"):
        ClientValidationJwt.from_jwt(forged, public_pem)


def test_rs256_token_refused_as_access_token(rsa_key: Any, public_pem: str) -> None:
    forged = jwt.encode({"exp": int(time.time()) + 60, "grants": {}}, rsa_key, algorithm="RS256", headers={"cty": "twilio-fpa;v=1"})
    with pytest.raises(JwtDecodeError, match="HS256"):
        AccessToken.from_jwt(forged, public_pem)
    with pytest.raises(JwtDecodeError, match="HS256"):
        AccessToken.from_jwt(forged, API_SECRET)


def test_hs512_refused_where_hs256_is_the_type() -> None:
    forged = jwt.encode({"exp": int(time.time()) + 60}, API_SECRET * 2, algorithm="HS512", headers={"cty": "twilio-fpa;v=1"})
    with pytest.raises(JwtDecodeError, match="HS256"):
        AccessToken.from_jwt(forged, API_SECRET)


def test_token_without_exp_refused() -> None:
    forged = jwt.encode({"grants": {}}, API_SECRET, algorithm="HS256", headers={"cty": "twilio-fpa;v=1"})
    with pytest.raises(JwtDecodeError, match="exp"):
        AccessToken.from_jwt(forged, API_SECRET)


def test_wrong_token_type_refused(rsa_key: Any, public_pem: str) -> None:
    capability = ClientCapabilityToken(ACCOUNT_SID, API_SECRET).to_jwt()
    with pytest.raises(JwtDecodeError, match="cty"):
        AccessToken.from_jwt(capability, API_SECRET)


def test_pkcv_with_another_public_key_refused(rsa_key: Any, other_rsa_key: Any) -> None:
    with pytest.raises(JwtDecodeError, match="[Ss]ignature"):
        ClientValidationJwt.from_jwt(pkcv_token(rsa_key), other_rsa_key.public_key())


@pytest.mark.parametrize("key", ["", None, b""])
def test_a_key_is_required(key: Any) -> None:
    with pytest.raises(JwtDecodeError, match="needs the key"):
        AccessToken.from_jwt(access_token(), key)


@pytest.mark.parametrize("garbage", ["", "not-a-jwt", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9.e30"])
def test_malformed_tokens_refused(garbage: str) -> None:
    with pytest.raises(JwtDecodeError):
        AccessToken.from_jwt(garbage, API_SECRET)


def test_public_key_pem_refused_as_hmac_secret(public_pem: str) -> None:
    # PyJWT refuses an asymmetric key as an HMAC secret: still a JwtDecodeError.
    with pytest.raises(JwtDecodeError):
        AccessToken.from_jwt(access_token(), public_pem)


def test_private_key_object_for_hs_token_refused(rsa_key: Any) -> None:
    with pytest.raises(JwtDecodeError):
        AccessToken.from_jwt(access_token(), rsa_key)


@pytest.mark.parametrize("algorithm", ["HS384", "HS512", "RS256", "RS384", "RS512"])
def test_other_algorithms_sign_and_verify(algorithm: str, rsa_key: Any, private_pem: str, public_pem: str) -> None:
    class Custom(Jwt):
        ALGORITHM = algorithm

        def _generate_payload(self) -> dict[str, Any]:
            return {"scope": "custom"}

    secret = private_pem if algorithm.startswith("RS") else API_SECRET * 2
    verify_key = public_pem if algorithm.startswith("RS") else secret
    encoded = Custom(secret, "issuer").to_jwt()
    assert jwt.get_unverified_header(encoded)["alg"] == algorithm
    assert jwt.decode(encoded, verify_key, algorithms=[algorithm])["scope"] == "custom"
    assert Custom.from_jwt(encoded, verify_key).payload["iss"] == "issuer"
