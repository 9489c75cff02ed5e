"""Public Key Client Validation: canonical request, ClientValidationJwt and the middleware."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import jwt
import pytest

from twilio_core.http import Request
from twilio_core.middleware import Stage
from twilio_jwt import JwtConfigError
from twilio_jwt.validation import ClientValidationJwt, ClientValidationMiddleware, ValidationPayload
from twilio_jwt.validation.canonical import canonical_path, canonical_query, canonical_request, hash_body

from .conftest import ACCOUNT_SID, API_KEY_SID, API_SECRET, CREDENTIAL_SID
from .pkcv_spec import spec_canonical, spec_path, spec_query, spec_request_hash

BASIC = "Basic " + base64.b64encode(f"{API_KEY_SID}:{API_SECRET}".encode()).decode()
PKCV_HEADER = {"alg": "RS256", "typ": "JWT", "cty": "twilio-pkrv;v=1", "kid": CREDENTIAL_SID}


def verify(token: str, public_key: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return jwt.get_unverified_header(token), jwt.decode(token, public_key, algorithms=["RS256"])


# -- the canonical request, against the protocol's published examples -----------------


def test_canonical_request_reference_example() -> None:
    headers = {"host": "api.twilio.com", "authorization": "foobar", "duplicate": "value2", "Duplicate": "value1"}
    text, signed = canonical_request(
        "get", "/Messages", "PageSize=5&Limit=10", headers, "foobar", ["authorization", "duplicate", "host"]
    )
    assert signed == "authorization;duplicate;host"
    assert text == (
        "GET\n/Messages\nLimit=10&PageSize=5\n"
        "authorization:foobar\nduplicate:value1,value2\nhost:api.twilio.com\n\n"
        "authorization;duplicate;host\n"
        "c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2"
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ""),
        ("key+with+whitespace=value+with+whitespace", "key%20with%20whitespace=value%20with%20whitespace"),
        ("a%7Ea=b%7Eb", "a~a=b~b"),
        ("a*a=b*b", "a%2Aa=b%2Ab"),
        ("a%20a=b%20b", "a%20a=b%20b"),
        ("a%2Aa=b%2Ab", "a%2Aa=b%2Ab"),
        ("param=value2&param=value1", "param=value1&param=value2"),
        (
            "queryParam2=Hello+World&queryParam3=1%3D1&query+Param1=a*%7E%2F%3Db",
            "query%20Param1=a%2A~%2F%3Db&queryParam2=Hello%20World&queryParam3=1%3D1",
        ),
        (
            "a=-_.%7E%21*%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%25%23%5B%5D%3F%40+ABCxyz0189",
            "a=-_.~%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%25%23%5B%5D%3F%40%20ABCxyz0189",
        ),
        ("flag&empty=", "empty=&flag="),
        ("To=%2B15551234567&Body=%C3%A9t%C3%A9", "Body=%C3%A9t%C3%A9&To=%2B15551234567"),
    ],
)
def test_canonical_query(query: str, expected: str) -> None:
    assert canonical_query(query) == expected
    assert spec_query(query) == expected  # the test's own canonicaliser agrees with the examples too


@pytest.mark.parametrize(
    "path, expected",
    [
        ("", "/"),
        ("/", "/"),
        ("/2010-04-01/Accounts/AC1/Messages.json", "/2010-04-01/Accounts/AC1/Messages.json"),
        ("/v1/Workspaces/../test", "/v1/test"),
        ("/v1/Workspaces/./test", "/v1/Workspaces/test"),
        ("/start%20*%7E+end", "/start%20%2A~%2Bend"),
        ("/v1/Workspaces/test()+%C3%A4/Workers", "/v1/Workspaces/test%28%29%2B%C3%A4/Workers"),
        ("/v1/Services/IS1/Channels/é()+", "/v1/Services/IS1/Channels/%C3%A9%28%29%2B"),
        ("/v1//Double///Slash", "/v1/Double/Slash"),
        ("/v1/Trailing/", "/v1/Trailing/"),
        ("/v1/.well-known/x", "/v1/.well-known/x"),
    ],
)
def test_canonical_path(path: str, expected: str) -> None:
    assert canonical_path(path) == expected
    assert spec_path(path) == expected


def test_body_hash() -> None:
    assert hash_body(None) == hash_body(b"") == hash_body("") == ""
    assert hash_body(b"To=%2B1&Body=hi") == hashlib.sha256(b"To=%2B1&Body=hi").hexdigest()
    assert hash_body("é") == hashlib.sha256("é".encode()).hexdigest()


def test_absent_signed_header_is_left_out_of_both_lists() -> None:
    text, signed = canonical_request("GET", "/x", "", {"Host": "h"}, None)
    assert signed == "host"
    assert text == "GET\n/x\n\nhost:h\n\nhost\n"
    assert text == spec_canonical("GET", "/x", "", {"Host": "h"}, b"")


# -- ClientValidationJwt (the official API) ------------------------------------------------


def test_client_validation_jwt_claims_and_signature(now: int, rsa_key: Any, private_pem: str) -> None:
    body = b"Body=Hello+there&From=%2B15017122661&To=%2B15558675310"
    vp = ValidationPayload(
        method="POST",
        path=f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
        query_string="",
        all_headers={"Host": "api.twilio.com", "Authorization": BASIC, "Content-Type": "application/x-www-form-urlencoded"},
        signed_headers=["authorization", "host"],
        body=body,
    )
    token = ClientValidationJwt(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem, vp)
    header, claims = verify(token.to_jwt(), rsa_key.public_key())
    assert header == PKCV_HEADER
    expected_rqh = spec_request_hash(
        "POST", f"https://api.twilio.com{vp.path}", {"host": "api.twilio.com", "authorization": BASIC}, body
    )
    assert claims == {
        "hrh": "authorization;host",
        "rqh": expected_rqh,
        "iss": API_KEY_SID,
        "exp": now + 300,
        "nbf": now,
        "sub": ACCOUNT_SID,
    }


# -- the middleware on Request objects ----------------------------------------------------


@pytest.fixture
def middleware(private_pem: str) -> ClientValidationMiddleware:
    return ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem)


REQUESTS = [
    pytest.param(
        "POST",
        f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
        {"Authorization": BASIC, "Content-Type": "application/x-www-form-urlencoded"},
        b"To=%2B15558675310&From=%2B15017122661&Body=Hello+world&StatusCallback=https%3A%2F%2Fx.example%2Fcb&MaxPrice=0.5",
        "api.twilio.com",
        id="post-form-5-params",
    ),
    pytest.param(
        "GET",
        f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Calls.json?Status=no-answer&PageSize=20&To=%2B1555+000",
        {"Authorization": BASIC},
        None,
        "api.twilio.com",
        id="get-query",
    ),
    pytest.param(
        "DELETE", "https://video.twilio.com/v1/Rooms/RM1", {"authorization": BASIC}, b"", "video.twilio.com", id="delete-lowercase-auth"
    ),
    pytest.param(
        "GET", "https://api.twilio.com:443/v1/X?b=2&a=1", {"Authorization": BASIC}, None, "api.twilio.com", id="default-port-dropped"
    ),
    pytest.param(
        "GET", "http://127.0.0.1:8080/v1/X", {"Authorization": BASIC}, None, "127.0.0.1:8080", id="other-port-kept"
    ),
    pytest.param(
        "POST", "https://api.twilio.com/v1/X", {"Authorization": BASIC, "HOST": " edge.example "}, b"a=1", "edge.example", id="explicit-host-header"
    ),
]


@pytest.mark.parametrize("method, url, headers, body, host", REQUESTS)
def test_middleware_signs_and_hash_recomputes(
    now: int, rsa_key: Any, middleware: ClientValidationMiddleware, method: str, url: str, headers: dict[str, str], body: bytes | None, host: str
) -> None:
    request = Request(method, url, dict(headers), body)
    assert middleware.on_request(request) is None  # edits in place
    token = request.headers["Twilio-Client-Validation"]
    header, claims = verify(token, rsa_key.public_key())
    assert header == PKCV_HEADER
    authorization = next(v for k, v in headers.items() if k.lower() == "authorization")
    assert claims == {
        "hrh": "authorization;host",
        "rqh": spec_request_hash(method, url, {"host": host, "authorization": authorization}, body),
        "iss": API_KEY_SID,
        "exp": now + 300,
        "nbf": now,
        "sub": ACCOUNT_SID,
    }


def test_middleware_token_is_what_client_validation_jwt_gives(now: int, rsa_key: Any, middleware: ClientValidationMiddleware) -> None:
    url = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json?A=1"
    body = b"To=%2B1&Body=x"
    request = Request("POST", url, {"Authorization": BASIC}, body)
    middleware.on_request(request)
    vp = ValidationPayload("POST", url.split("?")[0].split(".com", 1)[1], "A=1", {"Host": "api.twilio.com", "Authorization": BASIC}, ["authorization", "host"], body)
    # RSASSA-PKCS1-v1_5 is deterministic: the same claims give the same token, byte for byte.
    assert request.headers["Twilio-Client-Validation"] == ClientValidationJwt(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, rsa_key, vp).to_jwt()


def test_tampering_with_the_request_changes_the_hash(rsa_key: Any, middleware: ClientValidationMiddleware) -> None:
    url = "https://api.twilio.com/v1/X"
    request = Request("POST", url, {"Authorization": BASIC}, b"Amount=1")
    middleware.on_request(request)
    rqh = jwt.decode(request.headers["Twilio-Client-Validation"], rsa_key.public_key(), algorithms=["RS256"])["rqh"]
    assert rqh == spec_request_hash("POST", url, {"host": "api.twilio.com", "authorization": BASIC}, b"Amount=1")
    for changed in (
        ("POST", url, BASIC, b"Amount=1000"),
        ("PUT", url, BASIC, b"Amount=1"),
        ("POST", url + "?x=1", BASIC, b"Amount=1"),
        ("POST", url.replace("/X", "/Y"), BASIC, b"Amount=1"),
        ("POST", url, "Basic other", b"Amount=1"),
    ):
        assert spec_request_hash(changed[0], changed[1], {"host": "api.twilio.com", "authorization": changed[2]}, changed[3]) != rqh


def test_each_attempt_gets_a_fresh_token(monkeypatch: pytest.MonkeyPatch, now: int, rsa_key: Any, middleware: ClientValidationMiddleware) -> None:
    import time

    request = Request("GET", "https://api.twilio.com/v1/X", {"Authorization": BASIC})
    middleware.on_request(request)
    first = request.headers["Twilio-Client-Validation"]
    monkeypatch.setattr(time, "time", lambda: now + 2.5)
    middleware.on_request(request)
    second = request.headers["Twilio-Client-Validation"]
    assert first != second
    assert jwt.decode(second, rsa_key.public_key(), algorithms=["RS256"], leeway=5)["nbf"] == now + 2


def test_private_key_parsed_once(monkeypatch: pytest.MonkeyPatch, private_pem: str) -> None:
    from cryptography.hazmat.primitives import serialization

    real = serialization.load_pem_private_key
    calls: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(serialization, "load_pem_private_key", counting)
    mw = ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem)
    for index in range(5):
        mw.on_request(Request("POST", f"https://api.twilio.com/v1/X{index}", {"Authorization": BASIC}, b"a=b"))
    assert len(calls) == 1


@pytest.mark.parametrize("variant", ["PKCS1", "PKCS8-bytes", "PKCS8-str", "object", "encrypted"])
def test_key_forms_accepted(variant: str, make_pem: Any, rsa_key: Any) -> None:
    key: Any = {
        "PKCS1": lambda: make_pem("PKCS1"),
        "PKCS8-bytes": lambda: make_pem("PKCS8"),
        "PKCS8-str": lambda: make_pem("PKCS8").decode(),
        "object": lambda: rsa_key,
        "encrypted": lambda: make_pem("PKCS8", b"pass phrase"),
    }[variant]()
    mw = ClientValidationMiddleware(
        ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, key, private_key_password="pass phrase" if variant == "encrypted" else None
    )
    request = Request("GET", "https://api.twilio.com/v1/X", {"Authorization": BASIC})
    mw.on_request(request)
    jwt.decode(request.headers["Twilio-Client-Validation"], rsa_key.public_key(), algorithms=["RS256"])


def test_signing_key_sid_alias(private_pem: str) -> None:
    mw = ClientValidationMiddleware(ACCOUNT_SID, credential_sid=CREDENTIAL_SID, signing_key_sid=API_KEY_SID, private_key=private_pem)
    assert mw.api_key_sid == mw.signing_key_sid == API_KEY_SID
    with pytest.raises(JwtConfigError, match="differ"):
        ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem, signing_key_sid="SKother")


@pytest.mark.parametrize(
    "args, message",
    [
        (("XX1", API_KEY_SID, CREDENTIAL_SID), "account_sid.*'AC'"),
        ((ACCOUNT_SID, CREDENTIAL_SID, API_KEY_SID), "api_key_sid.*'SK'"),  # swapped SIDs are caught
        ((ACCOUNT_SID, API_KEY_SID, None), "credential_sid.*'CR'"),
        ((ACCOUNT_SID, None, CREDENTIAL_SID), "api_key_sid"),
    ],
)
def test_bad_sids_are_named(args: tuple[Any, ...], message: str, private_pem: str) -> None:
    with pytest.raises(JwtConfigError, match=message):
        ClientValidationMiddleware(*args, private_pem)


def test_missing_key_and_bad_ttl(private_pem: str) -> None:
    with pytest.raises(JwtConfigError, match="private_key"):
        ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID)
    for ttl in (0, 301, "300", True):
        with pytest.raises(JwtConfigError, match="ttl"):
            ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, private_pem, ttl=ttl)


def test_short_ttl(now: int, rsa_key: Any) -> None:
    mw = ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, rsa_key, ttl=60)
    request = Request("GET", "https://api.twilio.com/v1/X", {"Authorization": BASIC})
    mw.on_request(request)
    assert jwt.decode(request.headers["Twilio-Client-Validation"], rsa_key.public_key(), algorithms=["RS256"])["exp"] == now + 60


def test_bad_keys_give_clear_errors(make_pem: Any) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    cases = [
        ("not a key at all", "could not be parsed"),
        ("", "empty"),
        (12345, "int"),
        (ec_pem, "must be an RSA key"),
        (make_pem("PKCS8", b"secret-pass"), "needs private_key_password"),
    ]
    for key, message in cases:
        with pytest.raises(JwtConfigError, match=message):
            ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, key)
    with pytest.raises(JwtConfigError, match="could not be parsed"):
        ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, make_pem("PKCS8", b"secret-pass"), private_key_password="wrong")
    with pytest.raises(JwtConfigError, match="not encrypted"):
        ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, make_pem("PKCS8"), private_key_password="x")


def test_stage_is_per_attempt_after_auth(middleware: ClientValidationMiddleware) -> None:
    assert middleware.stage == Stage.PER_ATTEMPT > Stage.AUTH > Stage.RETRY
