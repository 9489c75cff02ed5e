"""Same results as the official twilio library's RequestValidator (skipped when it is absent).

The official package is only a test oracle here; twilio_core never imports it.
"""

from __future__ import annotations

import hashlib
import importlib.util

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twilio_core import signature as sigmod
from twilio_core.signature import RequestValidator

official = pytest.importorskip("twilio.request_validator")

# Reuse the URL strategies of the property tests (importlib mode: load by path).
_spec = importlib.util.spec_from_file_location(
    "_signature_properties", __file__.replace("test_signature_official.py", "test_signature_properties.py")
)
assert _spec and _spec.loader
props = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(props)

text = st.text(max_size=12).filter(props._encodable)
param_dicts = st.dictionaries(text, text, max_size=8)
tokens = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)


def official_validate(token: str, uri, params, signature, algorithm=None) -> bool:
    """The official answer, with an exception (its answer to odd input) counted as False."""
    try:
        return bool(official.RequestValidator(token).validate(uri, params, signature, algorithm))
    except Exception:  # noqa: BLE001 - upstream raises TypeError/ValueError/AttributeError
        return False


def candidate_signatures(token: str, url: str, params) -> list[str]:
    """Signatures over the URL as given, both port forms, and a near miss."""
    signer = official.RequestValidator(token)
    urls = [url]
    variants = sigmod._url_variants_slow(url)
    if variants:
        urls.extend(variants)
    out = []
    for candidate in urls:
        try:
            out.append(signer.compute_signature(candidate, params))
        except Exception:  # noqa: BLE001
            continue
    return out + ["AAAAAAAAAAAAAAAAAAAAAAAAAAA="]


@settings(max_examples=300)
@given(tokens, st.one_of(props.urls(), props.messy_urls()), param_dicts)
def test_validate_equals_official_for_form_webhooks(token, url, params) -> None:
    ours = RequestValidator(token)
    for signature in candidate_signatures(token, url, params):
        assert ours.validate(url, params, signature) == official_validate(token, url, params, signature)


@settings(max_examples=200)
@given(tokens, props.urls(), param_dicts, st.sampled_from(["HMAC_SHA1", "HMAC_SHA256"]))
def test_compute_signature_equals_official(token, url, params, algorithm) -> None:
    ours = RequestValidator(token).compute_signature(url, params, algorithm)
    assert ours == official.RequestValidator(token).compute_signature(url, params, algorithm)


@settings(max_examples=200)
@given(tokens, st.one_of(props.urls(), props.messy_urls()), st.text(max_size=60).filter(props._encodable), st.booleans())
def test_validate_equals_official_for_json_webhooks(token, url, body, tamper) -> None:
    body_hash = hashlib.sha256(body.encode()).hexdigest()
    url = url + ("&" if "?" in url else "?") + "bodySHA256=" + body_hash
    sent = body + "x" if tamper else body
    ours = RequestValidator(token)
    for signature in candidate_signatures(token, url, {}):
        assert ours.validate(url, sent, signature) == official_validate(token, url, sent, signature)


def test_multi_value_mappings_equal_official() -> None:
    werkzeug = pytest.importorskip("werkzeug.datastructures")
    token = "0123456789abcdef0123456789abcdef"
    url = "https://example.com/sms?x=1"
    form = werkzeug.MultiDict([("MediaUrl0", "b"), ("MediaUrl0", "a"), ("MediaUrl0", "b"), ("To", "")])
    expected = official.RequestValidator(token).compute_signature(url, form)
    assert RequestValidator(token).compute_signature(url, form) == expected
    assert RequestValidator(token).validate("https://example.com:443/sms?x=1", form, expected)
    assert official_validate(token, "https://example.com:443/sms?x=1", form, expected)


@pytest.mark.parametrize(
    "algorithm_header",
    [None, "key=k1,algorithm=HMAC_SHA256", "algorithm=HMAC_SHA1", "algorithm=NOPE"],
)
def test_signature_settings_header_equals_official(algorithm_header) -> None:
    assert sigmod.signature_algorithm(algorithm_header) == official.get_signature_algorithm(algorithm_header)
    token = "shared-key-secret"
    url = "https://example.com/hook"
    algorithm = sigmod.signature_algorithm(algorithm_header)
    for signer_algorithm in ("HMAC_SHA1", "HMAC_SHA256"):
        signature = official.RequestValidator(token).compute_signature(url, {"a": "b"}, signer_algorithm)
        assert RequestValidator(token).validate(url, {"a": "b"}, signature, algorithm) == official_validate(
            token, url, {"a": "b"}, signature, algorithm
        )
