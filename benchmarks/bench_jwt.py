"""twilio-jwt benchmarks: token minting and PKCV request signing, each against its floor.

Run (all groups in one run, so the ratios compare like with like)::

    python -m pytest benchmarks/bench_jwt.py --benchmark-only \
        --benchmark-columns=min,median,mean,ops --benchmark-group-by=group -q

* ``access-token``: an AccessToken with a Video and a Voice grant, ``to_jwt()``,
  against ``jwt.encode`` of the very same payload and headers (target <= 1.1x),
  and the official library when it is installed (1.37x in its issue).
* ``pkcv``: signing a POST with five form parameters through
  ``ClientValidationMiddleware.on_request`` against one raw RS256 signature
  (RSASSA-PKCS1-v1_5/SHA-256) with an already loaded 2048-bit key, over a
  signing input of the same size (target <= 1.1x); PyJWT's ``jwt.encode`` with
  the loaded key and the official library (which parses the PEM per request)
  for comparison.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

# The suite also runs where the JWT plugin is not installed: skip this file there.
jwt = pytest.importorskip("jwt")
pytest.importorskip("twilio_jwt")

from twilio_core.http import Request  # noqa: E402
from twilio_jwt.access_token import AccessToken  # noqa: E402
from twilio_jwt.access_token.grants import VideoGrant, VoiceGrant  # noqa: E402
from twilio_jwt.validation import ClientValidationMiddleware  # noqa: E402

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
API_KEY_SID = "SK" + "fedcba9876543210" * 2
CREDENTIAL_SID = "CR" + "00112233445566778899aabbccddeeff"
API_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"  # 32 characters, like a real API key secret
APP_SID = "AP" + "9" * 32
BASIC = "Basic " + base64.b64encode(f"{API_KEY_SID}:{API_SECRET}".encode()).decode()
MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
FORM = (
    b"To=%2B15558675310&From=%2B15017122661&Body=Hello+from+the+benchmark"
    b"&StatusCallback=https%3A%2F%2Fexample.com%2Fstatus&MaxPrice=0.05"
)


# -- access tokens -------------------------------------------------------------------


def _access_token(module_grants: Any, cls: Any) -> Any:
    token = cls(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity="user@example.com")
    token.add_grant(module_grants.VideoGrant(room="daily-standup"))
    token.add_grant(module_grants.VoiceGrant(incoming_allow=True, outgoing_application_sid=APP_SID))
    return token


@pytest.mark.benchmark(group="access-token")
def test_access_token_to_jwt(benchmark: Any) -> None:
    import twilio_jwt.access_token.grants as grants

    token = _access_token(grants, AccessToken)
    benchmark.extra_info.update(ratio_to="test_access_token_pyjwt_encode_same_payload", target=1.1)
    encoded = benchmark(token.to_jwt)
    assert jwt.decode(encoded, API_SECRET, algorithms=["HS256"])["grants"]["voice"]["outgoing"]["application_sid"] == APP_SID


@pytest.mark.benchmark(group="access-token")
def test_access_token_pyjwt_encode_same_payload(benchmark: Any) -> None:
    import twilio_jwt.access_token.grants as grants

    token = _access_token(grants, AccessToken)
    payload, headers = token.payload, {"cty": "twilio-fpa;v=1"}
    encoded = benchmark(jwt.encode, payload, API_SECRET, algorithm="HS256", headers=headers)
    assert jwt.decode(encoded, API_SECRET, algorithms=["HS256"]) == payload


@pytest.mark.benchmark(group="access-token")
def test_access_token_official_library(benchmark: Any) -> None:
    access_token = pytest.importorskip("twilio.jwt.access_token")
    grants = pytest.importorskip("twilio.jwt.access_token.grants")
    token = _access_token(grants, access_token.AccessToken)
    benchmark.extra_info["ratio_to"] = "test_access_token_pyjwt_encode_same_payload"
    encoded = benchmark(token.to_jwt)
    assert jwt.decode(encoded, API_SECRET, algorithms=["HS256"])["grants"]["identity"] == "user@example.com"


# -- PKCV ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rsa_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def private_pem(rsa_key: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    return rsa_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture(scope="module")
def signed_example(rsa_key: Any, private_pem: str) -> str:
    """One token from the middleware: its signing input sets the size of the raw baseline."""
    request = Request("POST", MESSAGES_URL, {"Authorization": BASIC}, FORM)
    ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem).on_request(request)
    return request.headers["Twilio-Client-Validation"]


@pytest.mark.benchmark(group="pkcv")
def test_pkcv_middleware_sign_request(benchmark: Any, rsa_key: Any, private_pem: str) -> None:
    middleware = ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem)
    request = Request("POST", MESSAGES_URL, {"Authorization": BASIC, "Content-Type": "application/x-www-form-urlencoded"}, FORM)
    benchmark.extra_info.update(ratio_to="test_pkcv_raw_rs256_sign_loaded_key", target=1.1)
    benchmark(middleware.on_request, request)
    claims = jwt.decode(request.headers["Twilio-Client-Validation"], rsa_key.public_key(), algorithms=["RS256"])
    assert claims["hrh"] == "authorization;host"


@pytest.mark.benchmark(group="pkcv")
def test_pkcv_raw_rs256_sign_loaded_key(benchmark: Any, rsa_key: Any, signed_example: str) -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    signing_input = signed_example.rsplit(".", 1)[0].encode()
    pad, sha256 = padding.PKCS1v15(), hashes.SHA256()
    signature = benchmark(rsa_key.sign, signing_input, pad, sha256)
    rsa_key.public_key().verify(signature, signing_input, pad, sha256)


@pytest.mark.benchmark(group="pkcv")
def test_pkcv_pyjwt_encode_loaded_key(benchmark: Any, rsa_key: Any, signed_example: str) -> None:
    header = jwt.get_unverified_header(signed_example)
    claims = jwt.decode(signed_example, options={"verify_signature": False})
    extra = {k: v for k, v in header.items() if k not in ("alg", "typ")}
    benchmark.extra_info["ratio_to"] = "test_pkcv_raw_rs256_sign_loaded_key"
    encoded = benchmark(jwt.encode, claims, rsa_key, algorithm="RS256", headers=extra)
    assert encoded == signed_example  # same claims, same key, deterministic padding: the same token


@pytest.mark.benchmark(group="pkcv")
def test_pkcv_official_library(benchmark: Any, private_pem: str) -> None:
    validation = pytest.importorskip("twilio.jwt.validation")
    client_module = pytest.importorskip("twilio.http.validation_client")
    path = MESSAGES_URL.split("twilio.com", 1)[1]

    def sign() -> str:
        payload = client_module.ValidationPayload(
            "POST", path, "", {"Host": "api.twilio.com", "Authorization": BASIC}, ["authorization", "host"], FORM.decode()
        )
        return validation.ClientValidationJwt(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem, payload).to_jwt()

    benchmark.extra_info["ratio_to"] = "test_pkcv_raw_rs256_sign_loaded_key"
    assert benchmark(sign).count(".") == 2
