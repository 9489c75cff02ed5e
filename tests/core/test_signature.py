"""RequestValidator: known vectors, ports, repeated parameters, rotation, odd input."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import pickle
import subprocess
import sys
from collections.abc import Iterator

import pytest

import twilio_core
from twilio_core import signature as sigmod
from twilio_core.signature import (
    BODY_HASH_MISMATCH,
    HMAC_SHA1,
    HMAC_SHA256,
    MALFORMED_INPUT,
    MISSING_BODY_HASH,
    MISSING_SIGNATURE,
    SIGNATURE_MISMATCH,
    UNSUPPORTED_ALGORITHM,
    VALID,
    RequestValidator,
    signature_algorithm,
)

TOKEN = "12345"
# The example from Twilio's webhook-security documentation.
DOC_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
DOC_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+12349013030",
    "Digits": "1234",
    "From": "+12349013030",
    "To": "+18005551212",
}
DOC_SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
DOC_BODY = '{"property": "value", "boolean": true}'
DOC_BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
DOC_BODY_SIGNATURE = "a9nBmqA0ju/hNViExpshrM61xv4="


def reference(token: str, url: str, pairs: list[tuple[str, str]], digest=hashlib.sha1) -> str:
    """Twilio's algorithm written the plain way, with hmac.new, to check ours against."""
    grouped: dict[str, set[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, set()).add(value)
    data = url + "".join(name + value for name in sorted(grouped) for value in sorted(grouped[name]))
    mac = hmac.new(token.encode(), data.encode(), digest).digest()
    return base64.b64encode(mac).decode()


class GetListDict:
    """A minimal multi-value mapping in the werkzeug/Django/Starlette style (getlist)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._pairs = pairs

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(name for name, _ in self._pairs))

    def getlist(self, name: str) -> list[str]:
        return [value for key, value in self._pairs if key == name]


class GetAllDict(GetListDict):
    """The aiohttp/multidict style (getall)."""

    def getall(self, name: str) -> list[str]:
        return [value for key, value in self._pairs if key == name]

    getlist = None  # type: ignore[assignment]  # getall must be preferred


@pytest.fixture
def validator() -> RequestValidator:
    return RequestValidator(TOKEN)


# --- known vectors -------------------------------------------------------------------


def test_documented_form_vector(validator: RequestValidator) -> None:
    assert validator.compute_signature(DOC_URL, DOC_PARAMS) == DOC_SIGNATURE
    assert validator.validate(DOC_URL, DOC_PARAMS, DOC_SIGNATURE)


def test_documented_json_vector(validator: RequestValidator) -> None:
    assert validator.compute_hash(DOC_BODY) == DOC_BODY_HASH
    url = f"{DOC_URL}&bodySHA256={DOC_BODY_HASH}"
    assert validator.compute_signature(url) == DOC_BODY_SIGNATURE
    assert validator.validate(url, DOC_BODY, DOC_BODY_SIGNATURE)
    assert validator.validate(url, DOC_BODY.encode(), DOC_BODY_SIGNATURE)
    assert validator.validate(url, bytearray(DOC_BODY.encode()), DOC_BODY_SIGNATURE)


def test_json_body_altered_is_a_body_hash_mismatch(validator: RequestValidator) -> None:
    url = f"{DOC_URL}&bodySHA256={DOC_BODY_HASH}"
    altered = DOC_BODY.replace("true", "false")
    assert validator.check(url, altered, DOC_BODY_SIGNATURE) == BODY_HASH_MISMATCH
    assert not validator.validate(url, altered, DOC_BODY_SIGNATURE)
    # Re-serialised JSON (other spacing) is a different body: the raw bytes are needed.
    assert not validator.validate(url, '{"property":"value","boolean":true}', DOC_BODY_SIGNATURE)


def test_json_body_hash_in_url_altered(validator: RequestValidator) -> None:
    other_hash = validator.compute_hash("{}")
    url = f"{DOC_URL}&bodySHA256={other_hash}"
    signed = validator.compute_signature(url)
    assert validator.validate(url, "{}", signed)
    assert validator.check(url, DOC_BODY, signed) == BODY_HASH_MISMATCH
    # The hash is compared as sent: upper-case hex is not what Twilio sends.
    upper = f"{DOC_URL}&bodySHA256={other_hash.upper()}"
    assert not validator.validate(upper, "{}", validator.compute_signature(upper))


def test_json_body_without_body_hash_param(validator: RequestValidator) -> None:
    signed = validator.compute_signature(DOC_URL)
    assert validator.check(DOC_URL, DOC_BODY, signed) == MISSING_BODY_HASH
    assert not validator.validate(DOC_URL, DOC_BODY.encode(), signed)
    # An empty body has nothing to hash: the URL alone is signed (as upstream).
    assert validator.validate(DOC_URL, "", signed)
    assert validator.validate(DOC_URL, b"", signed)


def test_body_hash_param_first_non_empty_value_counts(validator: RequestValidator) -> None:
    body_hash = validator.compute_hash(DOC_BODY)
    for url in (
        f"https://h.example/x?bodySHA256=&bodySHA256={body_hash}",
        f"https://h.example/x?bodySHA256&bodySHA256={body_hash}",
        f"https://h.example/x?bodySHA256={body_hash}&bodySHA256=00",
        f"https://h.example/x?body%53HA256={body_hash}",  # percent-encoded name
        f"https://h.example/x?a=%20&bodySHA256={body_hash}",
    ):
        assert validator.validate(url, DOC_BODY, validator.compute_signature(url)), url


def test_form_params_with_body_hash_in_url_are_signed_as_form(validator: RequestValidator) -> None:
    url = f"{DOC_URL}&bodySHA256={DOC_BODY_HASH}"
    signed = validator.compute_signature(url, DOC_PARAMS)
    assert validator.validate(url, DOC_PARAMS, signed)


# --- the URL: ports and query strings --------------------------------------------------


@pytest.mark.parametrize(
    ("signed_url", "seen_url"),
    [
        ("https://example.com/sms", "https://example.com:443/sms"),
        ("https://example.com:443/sms", "https://example.com/sms"),
        ("http://example.com/sms?x=1", "http://example.com:80/sms?x=1"),
        ("http://example.com:80/sms?x=1", "http://example.com/sms?x=1"),
        ("https://example.com:8443/sms", "https://example.com:8443/sms"),
        ("https://example.com/sms", "https://example.com:8443/sms"),  # upstream strips any port
        ("https://example.com?x=1", "https://example.com:443?x=1"),
        ("https://example.com", "https://example.com:443"),
    ],
)
def test_url_tried_with_and_without_port(
    validator: RequestValidator, signed_url: str, seen_url: str
) -> None:
    signed = validator.compute_signature(signed_url, DOC_PARAMS)
    assert validator.validate(seen_url, DOC_PARAMS, signed)


@pytest.mark.parametrize(
    ("signed_url", "seen_url"),
    [
        ("https://example.com:8443/sms", "https://example.com/sms"),  # port not guessable
        ("https://example.com:8443/sms", "https://example.com:443/sms"),
        ("http://example.com:443/sms", "http://example.com/sms"),
        ("https://example.com/sms", "http://example.com/sms"),  # scheme differs
        ("https://example.com/sms", "https://www.example.com/sms"),
        ("https://example.com/sms?x=1", "https://example.com/sms?x=2"),
        ("https://example.com/sms?x=1", "https://example.com/sms"),
        ("https://example.com/sms?a=1&b=2", "https://example.com/sms?b=2&a=1"),
        ("https://example.com/sms?x=a%20b", "https://example.com/sms?x=a b"),
        ("https://example.com/sms", "https://example.com/sms/"),
    ],
)
def test_url_differences_fail(validator: RequestValidator, signed_url: str, seen_url: str) -> None:
    signed = validator.compute_signature(signed_url, DOC_PARAMS)
    assert validator.check(seen_url, DOC_PARAMS, signed) == SIGNATURE_MISMATCH


@pytest.mark.parametrize(
    "url",
    [
        "HTTPS://example.com/sms",  # urllib lowercases the scheme
        "https://example.com/sms;",  # empty ;params dropped
        "https://user:pw@example.com:8443/a;b?c=d#frag",
        "https://[::1]:8443/sms",
        "https://example.com/sms?",
        "https://example.com:/sms",
        "ftp://example.com/x",
        "/relative/path?x=1",
        "https://exämple.com/sms",
        "https://example.com/s\tms",
    ],
)
def test_unusual_urls_round_trip(validator: RequestValidator, url: str) -> None:
    """URLs off the fast path take urllib's path; signed as given they validate."""
    # Twilio signs the URL it requested; what it requested normalises to itself here.
    normalised = sigmod._url_variants_slow(url)
    assert normalised is not None
    for candidate in normalised:
        assert validator.validate(url, DOC_PARAMS, validator.compute_signature(candidate, DOC_PARAMS))


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com:99999/sms",
        "https://example.com:8o/sms",
        "https://[::1/sms",
        "http://example.com:1:2/x",
    ],
)
def test_urls_urllib_rejects_fail_closed(validator: RequestValidator, url: str) -> None:
    signed = validator.compute_signature(url, DOC_PARAMS)  # signing takes the URL as given
    assert validator.check(url, DOC_PARAMS, signed) == MALFORMED_INPUT


def test_fast_path_does_not_load_urllib_and_import_is_light() -> None:
    """What importing and using the validator adds to a process (twilio_core itself aside)."""
    code = (
        "import sys\n"
        "import twilio_core\n"
        "before = set(sys.modules)\n"
        "import twilio_core.signature as s\n"
        "v = s.RequestValidator('t')\n"
        "u = 'https://example.com:8443/sms?x=1&bodySHA256=' + v.compute_hash('{}')\n"
        "assert v.validate(u, '{}', v.compute_signature(u))\n"
        "assert v.validate(u, {'a': 'b'}, v.compute_signature(u, {'a': 'b'}))\n"
        "assert not v.validate(u, {'a': 'b'}, 'x' * 28)\n"
        "added = set(sys.modules) - before\n"
        "bad = sorted(m for m in added if m.split('.')[0] in ('urllib', 'urllib3', 'pluggy', 'importlib', 'logging'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-I", "-c", code], check=True, cwd=str(_repo_root()))


def _repo_root():
    from pathlib import Path

    return Path(twilio_core.__file__).resolve().parent.parent


# --- parameters ---------------------------------------------------------------------------


def test_repeated_parameters_in_every_shape(validator: RequestValidator) -> None:
    pairs = [("To", "+1555"), ("MediaUrl", "https://b"), ("MediaUrl", "https://a"), ("Body", "")]
    expected = reference(TOKEN, DOC_URL, pairs)
    shapes = [
        pairs,
        tuple(pairs),
        GetListDict(pairs),
        GetAllDict(pairs),
        {"To": "+1555", "MediaUrl": ["https://b", "https://a"], "Body": ""},
        {"To": ["+1555"], "MediaUrl": ("https://a", "https://b"), "Body": [""]},
    ]
    for shape in shapes:
        assert validator.compute_signature(DOC_URL, shape) == expected, shape
        assert validator.validate(DOC_URL, shape, expected), shape


def test_repeated_values_count_once_and_sort(validator: RequestValidator) -> None:
    once = reference(TOKEN, DOC_URL, [("A", "1"), ("A", "2")])
    assert validator.validate(DOC_URL, [("A", "2"), ("A", "1"), ("A", "2")], once)
    assert validator.validate(DOC_URL, {"A": ["2", "1", "1"]}, once)
    assert not validator.validate(DOC_URL, {"A": "1"}, once)
    assert not validator.validate(DOC_URL, [("A", "1"), ("A", "2"), ("A", "3")], once)


def test_blank_values_and_unicode_are_signed(validator: RequestValidator) -> None:
    params = {"Body": "héllo ✓ 𝄞", "FromCity": "", "Ünïcode": "x"}
    signed = reference(TOKEN, DOC_URL, list(params.items()))
    assert validator.validate(DOC_URL, params, signed)
    assert not validator.validate(DOC_URL, {**params, "FromCity": " "}, signed)
    assert not validator.validate(DOC_URL, {k: v for k, v in params.items() if k != "FromCity"}, signed)


def test_no_params_signs_url_only(validator: RequestValidator) -> None:
    signed = reference(TOKEN, DOC_URL, [])
    for empty in (None, {}, [], (), GetListDict([])):
        assert validator.compute_signature(DOC_URL, empty) == signed
        assert validator.validate(DOC_URL, empty, signed)


# --- tokens, algorithms, secrecy ----------------------------------------------------------


def test_token_rotation_accepts_each_token_and_signs_with_the_first() -> None:
    primary, secondary = "new-token-abc", "old-token-xyz"
    both = RequestValidator(primary, secondary)
    assert RequestValidator([primary, secondary]).compute_signature(DOC_URL) == reference(
        primary, DOC_URL, []
    )
    for token in (primary, secondary):
        signed = reference(token, DOC_URL, list(DOC_PARAMS.items()))
        assert both.validate(DOC_URL, DOC_PARAMS, signed)
        assert both.validate("https://mycompany.com:443/myapp.php?foo=1&bar=2", DOC_PARAMS, signed)
    assert both.compute_signature(DOC_URL, DOC_PARAMS) == reference(primary, DOC_URL, list(DOC_PARAMS.items()))
    assert not both.validate(DOC_URL, DOC_PARAMS, reference("third", DOC_URL, list(DOC_PARAMS.items())))
    assert not RequestValidator(primary).validate(
        DOC_URL, DOC_PARAMS, reference(secondary, DOC_URL, list(DOC_PARAMS.items()))
    )


def test_bytes_token_and_long_token() -> None:
    long_token = "k" * 150  # longer than the SHA-1 block: hashed first, per RFC 2104
    for token in (long_token, "x" * 64, "x" * 65):
        signed = reference(token, DOC_URL, list(DOC_PARAMS.items()))
        assert RequestValidator(token).validate(DOC_URL, DOC_PARAMS, signed)
        assert RequestValidator(token.encode()).validate(DOC_URL, DOC_PARAMS, signed)


def test_hmac_sha256_for_shared_key_settings() -> None:
    validator = RequestValidator("shared-key-secret")
    signed = reference("shared-key-secret", DOC_URL, list(DOC_PARAMS.items()), hashlib.sha256)
    assert validator.compute_signature(DOC_URL, DOC_PARAMS, algorithm=HMAC_SHA256) == signed
    assert validator.validate(DOC_URL, DOC_PARAMS, signed, algorithm="hmac_sha256")
    assert not validator.validate(DOC_URL, DOC_PARAMS, signed)  # default is SHA-1
    sha1 = validator.compute_signature(DOC_URL, DOC_PARAMS)
    assert not validator.validate(DOC_URL, DOC_PARAMS, sha1, algorithm=HMAC_SHA256)
    assert validator.validate(DOC_URL, DOC_PARAMS, sha1, algorithm=HMAC_SHA1)


def test_unsupported_algorithm(validator: RequestValidator) -> None:
    signed = validator.compute_signature(DOC_URL, DOC_PARAMS)
    assert validator.check(DOC_URL, DOC_PARAMS, signed, algorithm="HMAC_SHA512") == UNSUPPORTED_ALGORITHM
    assert validator.check(DOC_URL, DOC_PARAMS, signed, algorithm=1) == UNSUPPORTED_ALGORITHM  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unsupported signature algorithm"):
        validator.compute_signature(DOC_URL, DOC_PARAMS, algorithm="MD5")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, HMAC_SHA1),
        ("", HMAC_SHA1),
        ("key=webhooks_sharedkey_1", HMAC_SHA1),
        ("key=webhooks_sharedkey_1,algorithm=HMAC_SHA256", HMAC_SHA256),
        (" algorithm = HMAC_SHA256 , key=k", HMAC_SHA256),
        ("algorithm=", HMAC_SHA1),
        ("algorithm=ROT13", "ROT13"),
    ],
)
def test_signature_algorithm_header(header: str | None, expected: str) -> None:
    assert signature_algorithm(header) == expected


def test_token_never_shown() -> None:
    secret = "s3cr3t-auth-token-value"
    validator = RequestValidator(secret, "second-secret-token")
    assert secret not in repr(validator) and "second" not in repr(validator)
    assert secret not in str(validator)
    assert not hasattr(validator, "__dict__")
    with pytest.raises(TypeError, match="cannot be pickled") as info:
        pickle.dumps(validator)
    assert secret not in str(info.value)
    assert copy.deepcopy(validator) is validator
    assert copy.copy(validator) is validator


@pytest.mark.parametrize("bad", [None, 12345, 1.5, {"token": "x"}, object()])
def test_bad_token_type_is_a_clear_error(bad: object) -> None:
    with pytest.raises(TypeError, match="auth token must be"):
        RequestValidator(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", b"", [], ["ok", ""]])
def test_empty_token_is_a_clear_error(bad: object) -> None:
    with pytest.raises(ValueError):
        RequestValidator(bad)  # type: ignore[arg-type]


def test_bad_token_in_list_error_does_not_echo_it() -> None:
    with pytest.raises(TypeError) as info:
        RequestValidator(["good-token", 987654321])  # type: ignore[list-item]
    assert "987654321" not in str(info.value)


def test_compute_signature_rejects_bad_input_clearly(validator: RequestValidator) -> None:
    with pytest.raises(TypeError, match="uri must be str"):
        validator.compute_signature(b"https://x", {})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="JSON body"):
        validator.compute_signature(DOC_URL, DOC_BODY)
    with pytest.raises(TypeError, match="'To' has a value of type int"):
        validator.compute_signature(DOC_URL, {"To": 5})
    with pytest.raises(TypeError, match="names must be str"):
        validator.compute_signature(DOC_URL, [(1, "a")])
    with pytest.raises(TypeError, match="pairs"):
        validator.compute_signature(DOC_URL, ["abc"])
    with pytest.raises(TypeError, match="mapping or a list of pairs"):
        validator.compute_signature(DOC_URL, 42)  # type: ignore[arg-type]


# --- never raises ------------------------------------------------------------------------


class Hostile:
    """An object whose every protocol method blows up."""

    def __iter__(self):
        raise RuntimeError("iter")

    def getlist(self, name):
        raise RuntimeError("getlist")

    def __eq__(self, other):
        raise RuntimeError("eq")

    __hash__ = object.__hash__


class LyingGetList(GetListDict):
    def getlist(self, name):
        return [1, 2]


ODD_PARAMS = [
    b"To=%2B1555&Body=hi",  # bytes where a mapping was expected (no bodySHA256)
    "To=+1555",
    42,
    3.5,
    object(),
    Hostile(),
    LyingGetList([("a", "b")]),
    {"To": 5},
    {"To": None},
    {"To": b"bytes"},
    {5: "x"},
    {"a": "x", 5: "y"},
    {"To": ["ok", 3]},
    {"To": {"nested": "dict"}},
    {"To": "\ud800"},  # lone surrogate: not encodable
    [("a",)],
    [("a", "b", "c")],
    ["ab"],
    [None],
    {("a", "b")},
]


@pytest.mark.parametrize("params", ODD_PARAMS, ids=lambda p: type(p).__name__)
def test_odd_params_give_false(validator: RequestValidator, params: object) -> None:
    signed = validator.compute_signature(DOC_URL, DOC_PARAMS)
    assert validator.validate(DOC_URL, params, signed) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("uri", "signature", "reason"),
    [
        (DOC_URL, None, MISSING_SIGNATURE),
        (DOC_URL, "", MISSING_SIGNATURE),
        (DOC_URL, b"", MISSING_SIGNATURE),
        (DOC_URL, 12345, MALFORMED_INPUT),
        (DOC_URL, ["0/KCTR6DLpKmkAf8muzZqo1nDgQ="], MALFORMED_INPUT),
        (DOC_URL, "ÿ" * 28, SIGNATURE_MISMATCH),
        (DOC_URL, DOC_SIGNATURE + " ", SIGNATURE_MISMATCH),
        (DOC_URL, " " + DOC_SIGNATURE, SIGNATURE_MISMATCH),
        (DOC_URL, DOC_SIGNATURE[:-1], SIGNATURE_MISMATCH),
        (None, DOC_SIGNATURE, MALFORMED_INPUT),
        (b"https://mycompany.com/myapp.php?foo=1&bar=2", DOC_SIGNATURE, MALFORMED_INPUT),
        (42, DOC_SIGNATURE, MALFORMED_INPUT),
        ("", DOC_SIGNATURE, SIGNATURE_MISMATCH),
        ("https://mycompany.com/\ud800", DOC_SIGNATURE, MALFORMED_INPUT),
    ],
)
def test_odd_uri_and_signature(validator: RequestValidator, uri: object, signature: object, reason: str) -> None:
    assert validator.check(uri, DOC_PARAMS, signature) == reason  # type: ignore[arg-type]
    assert validator.validate(uri, DOC_PARAMS, signature) is False  # type: ignore[arg-type]


def test_bytes_signature_is_accepted(validator: RequestValidator) -> None:
    assert validator.check(DOC_URL, DOC_PARAMS, DOC_SIGNATURE.encode()) == VALID
    assert validator.check(DOC_URL, DOC_PARAMS, b"\xff" * 28) == SIGNATURE_MISMATCH


def test_lazy_export() -> None:
    assert twilio_core.RequestValidator is RequestValidator
