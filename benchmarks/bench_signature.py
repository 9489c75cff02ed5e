"""Webhook signing and validation benchmarks (RequestValidator).

Run with the rest of the signing path (the JWT plugin's bench_jwt.py, when present):

    python -m pytest benchmarks/bench_signature.py benchmarks/bench_jwt.py --benchmark-only

Floors, measured in the same run, are the stdlib work no implementation can skip:
``hmac.digest`` (one-shot HMAC-SHA1) + base64 + ``hmac.compare_digest``, over a
prebuilt string and over the string built from the parameters on each call. The
official ``twilio`` library is benchmarked too when it is installed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from twilio_core.signature import RequestValidator

TOKEN = "0123456789abcdef0123456789abcdef"
URL = "https://hooks.example.com/twilio/sms/inbound?tenant=acme&v=2"
# The 20 parameters of a real inbound-SMS webhook.
PARAMS = {
    "ToCountry": "US",
    "ToState": "CA",
    "SmsMessageSid": "SM0123456789abcdef0123456789abcdef",
    "NumMedia": "0",
    "ToCity": "SAN FRANCISCO",
    "FromZip": "94107",
    "SmsSid": "SM0123456789abcdef0123456789abcdef",
    "FromState": "CA",
    "SmsStatus": "received",
    "FromCity": "SAN FRANCISCO",
    "Body": "Hello from a phone, is this thing on?",
    "FromCountry": "US",
    "To": "+14155550100",
    "MessagingServiceSid": "MG0123456789abcdef0123456789abcdef",
    "ToZip": "94105",
    "NumSegments": "1",
    "MessageSid": "SM0123456789abcdef0123456789abcdef",
    "AccountSid": "AC0123456789abcdef0123456789abcdef",
    "From": "+14155550111",
    "ApiVersion": "2010-04-01",
}
BODY = json.dumps(
    {
        "AccountSid": PARAMS["AccountSid"],
        "ConversationSid": "CH0123456789abcdef0123456789abcdef",
        "EventType": "onMessageAdded",
        "Author": "+14155550111",
        "Body": PARAMS["Body"],
        "Attributes": {"source": "sms", "tags": ["a", "b"]},
        "DateCreated": "2024-05-01T12:00:00Z",
        "Index": 42,
        "MessageSid": "IM0123456789abcdef0123456789abcdef",
    }
)
JSON_URL = URL + "&bodySHA256=" + hashlib.sha256(BODY.encode()).hexdigest()

VALIDATOR = RequestValidator(TOKEN)
SIGNATURE = VALIDATOR.compute_signature(URL, PARAMS)
WRONG = SIGNATURE[:-2] + ("A=" if SIGNATURE[-2] != "A" else "B=")
JSON_SIGNATURE = VALIDATOR.compute_signature(JSON_URL)

_KEY = TOKEN.encode()
_PREBUILT = (URL + "".join(name + PARAMS[name] for name in sorted(PARAMS))).encode()
_SIG_BYTES = SIGNATURE.encode()
_JSON_SIG_BYTES = JSON_SIGNATURE.encode()
_JSON_URL_BYTES = JSON_URL.encode()
_BODY_HASH = hashlib.sha256(BODY.encode()).hexdigest()

assert VALIDATOR.validate(URL, PARAMS, SIGNATURE)
assert not VALIDATOR.validate(URL, PARAMS, WRONG)
assert VALIDATOR.validate(JSON_URL, BODY, JSON_SIGNATURE)

try:  # only a comparison; twilio_core never imports it
    from twilio.request_validator import RequestValidator as OfficialValidator
except ImportError:  # pragma: no cover - depends on the environment
    OfficialValidator = None

needs_official = pytest.mark.skipif(OfficialValidator is None, reason="official twilio not installed")


# --- floors ----------------------------------------------------------------------------


def floor_prebuilt() -> bool:
    mac = hmac.digest(_KEY, _PREBUILT, "sha1")
    return hmac.compare_digest(base64.b64encode(mac), _SIG_BYTES)


def floor_build() -> bool:
    data = URL + "".join([name + PARAMS[name] for name in sorted(PARAMS)])
    mac = hmac.digest(_KEY, data.encode(), "sha1")
    return hmac.compare_digest(base64.b64encode(mac), _SIG_BYTES)


def floor_json() -> bool:
    body_ok = hmac.compare_digest(hashlib.sha256(BODY.encode()).hexdigest(), _BODY_HASH)
    mac = hmac.digest(_KEY, _JSON_URL_BYTES, "sha1")
    return body_ok and hmac.compare_digest(base64.b64encode(mac), _JSON_SIG_BYTES)


@pytest.mark.benchmark(group="signature-form")
def test_floor_hmac_prebuilt(benchmark) -> None:
    assert benchmark(floor_prebuilt)


@pytest.mark.benchmark(group="signature-form")
def test_floor_hmac_build_string(benchmark) -> None:
    assert benchmark(floor_build)


@pytest.mark.benchmark(group="signature-json")
def test_floor_json_sha256_hmac(benchmark) -> None:
    assert benchmark(floor_json)


# --- ours ------------------------------------------------------------------------------


@pytest.mark.benchmark(group="signature-form")
def test_compute_signature(benchmark) -> None:
    benchmark.extra_info.update(ratio_to="test_floor_hmac_build_string")
    assert benchmark(VALIDATOR.compute_signature, URL, PARAMS) == SIGNATURE


@pytest.mark.benchmark(group="signature-form")
def test_validate_right(benchmark) -> None:
    benchmark.extra_info.update(ratio_to="test_floor_hmac_build_string", target=1.5)
    assert benchmark(VALIDATOR.validate, URL, PARAMS, SIGNATURE) is True


@pytest.mark.benchmark(group="signature-form")
def test_validate_wrong(benchmark) -> None:
    benchmark.extra_info.update(ratio_to="test_validate_right", target=2.0)
    assert benchmark(VALIDATOR.validate, URL, PARAMS, WRONG) is False


@pytest.mark.benchmark(group="signature-form")
def test_validate_right_vs_prebuilt_floor(benchmark) -> None:
    benchmark.extra_info.update(ratio_to="test_floor_hmac_prebuilt")
    assert benchmark(VALIDATOR.validate, URL, PARAMS, SIGNATURE) is True


@pytest.mark.benchmark(group="signature-json")
def test_validate_json(benchmark) -> None:
    benchmark.extra_info.update(ratio_to="test_floor_json_sha256_hmac", target=1.5)
    assert benchmark(VALIDATOR.validate, JSON_URL, BODY, JSON_SIGNATURE) is True


@pytest.mark.benchmark(group="signature-form")
def test_validate_rotation_second_token(benchmark) -> None:
    """Two tokens, signed with the second: the worst genuine case during rotation."""
    rotating = RequestValidator("f" * 32, TOKEN)
    benchmark.extra_info.update(ratio_to="test_validate_right")
    assert benchmark(rotating.validate, URL, PARAMS, SIGNATURE) is True


# --- the official library, for comparison -------------------------------------------------


@needs_official
@pytest.mark.benchmark(group="signature-form")
def test_official_validate_right(benchmark) -> None:
    official = OfficialValidator(TOKEN)
    benchmark.extra_info.update(ratio_to="test_validate_right")
    assert benchmark(official.validate, URL, PARAMS, SIGNATURE) is True


@needs_official
@pytest.mark.benchmark(group="signature-form")
def test_official_validate_right_vs_floor(benchmark) -> None:
    official = OfficialValidator(TOKEN)
    benchmark.extra_info.update(ratio_to="test_floor_hmac_build_string")
    assert benchmark(official.validate, URL, PARAMS, SIGNATURE) is True


@needs_official
@pytest.mark.benchmark(group="signature-form")
def test_official_validate_wrong(benchmark) -> None:
    official = OfficialValidator(TOKEN)
    benchmark.extra_info.update(ratio_to="test_validate_wrong")
    assert benchmark(official.validate, URL, PARAMS, WRONG) is False


@needs_official
@pytest.mark.benchmark(group="signature-json")
def test_official_validate_json(benchmark) -> None:
    official = OfficialValidator(TOKEN)
    benchmark.extra_info.update(ratio_to="test_validate_json")
    assert benchmark(official.validate, JSON_URL, BODY, JSON_SIGNATURE) is True
