"""Property-based tests (hypothesis) for RequestValidator."""

from __future__ import annotations

import base64
import hashlib
import hmac

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from twilio_core import signature as sigmod
from twilio_core.signature import HMAC_SHA256, RequestValidator

_HOST_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-."
_PATH_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$'()*,=:@"
_QUERY_CHARS = _PATH_CHARS + "/?+ "


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Tokens: Twilio's are 32 hex characters; any non-empty text or bytes must work,
# including keys longer than the hash block (hashed first, per RFC 2104).
tokens = st.one_of(
    st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
    st.text(min_size=1, max_size=80).filter(_encodable),
    st.binary(min_size=1, max_size=200),
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    """Webhook-like URLs in the form Twilio requests them (scheme lower-case, no fragment)."""
    scheme = draw(st.sampled_from(["http", "https"]))
    host = draw(st.text(alphabet=_HOST_CHARS, min_size=1, max_size=20))
    port = draw(st.one_of(st.none(), st.integers(1, 65535)))
    path = draw(st.lists(st.text(alphabet=_PATH_CHARS, max_size=10), max_size=4))
    url = f"{scheme}://{host}" + (f":{port}" if port is not None else "")
    if path:
        url += "/" + "/".join(path)
    query = draw(st.one_of(st.none(), st.text(alphabet=_QUERY_CHARS, min_size=1, max_size=30)))
    if query is not None and not query.endswith("?"):
        url += "?" + query
    return url


text = st.text(max_size=20).filter(_encodable)
param_dicts = st.dictionaries(text, text, max_size=12)
param_pairs = st.lists(st.tuples(text, text), max_size=12)
params = st.one_of(param_dicts, param_pairs)


def _reference(token: str | bytes, url: str, pairs: list[tuple[str, str]]) -> str:
    key = token.encode() if isinstance(token, str) else token
    grouped: dict[str, set[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, set()).add(value)
    data = url + "".join(n + v for n in sorted(grouped) for v in sorted(grouped[n]))
    return base64.b64encode(hmac.new(key, data.encode(), hashlib.sha1).digest()).decode()


def _pairs(p: dict[str, str] | list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(p.items()) if isinstance(p, dict) else list(p)


@given(tokens, urls(), params)
def test_compute_signature_matches_plain_hmac(token, url, p) -> None:
    assert RequestValidator(token).compute_signature(url, p) == _reference(token, url, _pairs(p))


@given(tokens, urls(), params)
def test_round_trip_is_valid(token, url, p) -> None:
    validator = RequestValidator(token)
    assert validator.validate(url, p, validator.compute_signature(url, p))


@given(tokens, urls(), params, st.sampled_from([None, HMAC_SHA256]))
def test_round_trip_with_the_other_port_form(token, url, p, algorithm) -> None:
    validator = RequestValidator(token)
    variants = sigmod._url_variants(url)
    assert variants is not None
    assert variants[0] == url
    assert validator.validate(url, p, validator.compute_signature(variants[1], p, algorithm), algorithm)


@given(tokens, urls(), st.binary(max_size=300))
def test_json_round_trip(token, url, body) -> None:
    validator = RequestValidator(token)
    url += ("&" if "?" in url else "?") + "bodySHA256=" + validator.compute_hash(body)
    signed = validator.compute_signature(url)
    assert validator.validate(url, body, signed)
    assert not validator.validate(url, body + b"x", signed)


@given(tokens, urls(), params, st.data())
def test_changing_one_url_character_fails(token, url, p, data) -> None:
    validator = RequestValidator(token)
    signed = validator.compute_signature(url, p)
    index = data.draw(st.integers(0, len(url) - 1))
    char = data.draw(st.characters(codec="utf-8"))
    assume(char != url[index])
    # The scheme is case-insensitive (RFC 3986 and urllib, as upstream): not a change.
    assume(not (index < url.index(":") and char.lower() == url[index].lower()))
    altered = url[:index] + char + url[index + 1 :]
    assert not validator.validate(altered, p, signed)


@given(tokens, urls(), param_dicts.filter(bool), st.data())
def test_changing_one_parameter_character_fails(token, url, p, data) -> None:
    validator = RequestValidator(token)
    signed = validator.compute_signature(url, p)
    name = data.draw(st.sampled_from(sorted(p)))
    in_name = data.draw(st.booleans())
    target = name if in_name else p[name]
    assume(target)  # an empty string has no character to change
    index = data.draw(st.integers(0, len(target) - 1))
    char = data.draw(st.characters(codec="utf-8"))
    assume(char != target[index])
    changed = target[:index] + char + target[index + 1 :]
    altered = dict(p)
    if in_name:
        del altered[name]
        altered[changed] = p[name]
    else:
        altered[name] = changed
    # Twilio's string has no separators, so a renamed parameter can re-sort into the
    # very same string ({"ab": "c"} and {"a": "bc"}); only a changed string must fail.
    assume(_reference(token, url, list(altered.items())) != signed)
    assert not validator.validate(url, altered, signed)


@given(tokens, urls(), params, st.data())
def test_changing_one_signature_character_fails(token, url, p, data) -> None:
    validator = RequestValidator(token)
    signed = validator.compute_signature(url, p)
    index = data.draw(st.integers(0, len(signed) - 1))
    char = data.draw(st.characters())
    assume(char != signed[index])
    assert not validator.validate(url, p, signed[:index] + char + signed[index + 1 :])


anything = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(),
        st.binary(),
        st.just(object()),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(st.one_of(st.text(), st.integers(), st.binary()), children, max_size=4),
        st.frozensets(st.one_of(st.text(), st.integers()), max_size=3),
    ),
    max_leaves=10,
)


@settings(max_examples=300)
@given(
    st.one_of(urls(), anything),
    st.one_of(params, anything),
    st.one_of(st.text(max_size=40), anything),
    st.one_of(st.none(), st.sampled_from(["HMAC_SHA1", "hmac_sha256", "X"]), anything),
)
@example("https://x/?bodySHA256=%zz", "{}", "sig", None)
@example("http://[x", {}, "sig", None)
def test_no_input_makes_validate_raise(uri, p, signature, algorithm) -> None:
    validator = RequestValidator("token")
    # No signature here was made with the token, so False is the only right answer.
    assert validator.validate(uri, p, signature, algorithm) is False


# URL parts: (clean values, tricky values). The tricky ones steer urllib's round trip:
# case, user info, IPv6, odd ports, ";", empty "?"/"#", controls and non-ASCII.
URL_PARTS: list[tuple[list[str], list[str]]] = [
    (["http://", "https://"], ["HTTPS://", "http:/", "", "ftp://"]),
    ([""], ["u@", "u:p@", "@"]),
    (["h", "example.com"], ["", "[::1]", "[::1", "é.com", "h\t", " h"]),
    (["", ":443", ":8080"], [":", ":0", ":0443", ":99999", ":8o", ":1:2"]),
    (["", "/", "/a/b"], ["/a;", "/a;b", "/a b", "/a\n", "/%41", "/a@b:c"]),
    (
        ["", "?x=1", "?bodySHA256=ab"],
        ["?", "?x=1?", "?a;b", "?a=%20&bodySHA256=cd", "?bodySHA256=&bodySHA256=ef",
         "?body%53HA256=12", "?bodySHA256=a+b", "?x=\t", "?bodySHA256", "?x=[@]"],
    ),
    ([""], ["#", "#f"]),
    ([""], ["x", "é", "\x00", " "]),
]


def _one_oddity_urls() -> list[str]:
    """Every clean URL with exactly one part replaced by each tricky value."""
    from itertools import product

    found = []
    for index, (_, tricky) in enumerate(URL_PARTS):
        choices = [clean for clean, _ in URL_PARTS]
        for odd in tricky:
            choices[index] = [odd]
            found.extend("".join(parts) for parts in product(*choices))
    return found


@st.composite
def messy_urls(draw: st.DrawFn) -> str:
    """Any mix of clean and tricky URL parts."""
    return "".join(
        draw(st.one_of(st.sampled_from(clean), st.sampled_from(tricky))) for clean, tricky in URL_PARTS
    )


def test_fast_url_path_equals_urllib_path_for_each_oddity() -> None:
    """Exhaustive over single oddities: each guard of the fast path is exercised."""
    urls_checked = _one_oddity_urls()
    assert len(urls_checked) > 2000
    for url in urls_checked:
        assert sigmod._url_variants(url) == sigmod._url_variants_slow(url), url


def test_body_hash_lookup_equals_parse_qs_for_each_oddity() -> None:
    for url in _one_oddity_urls():
        if sigmod._url_variants_slow(url) is not None:  # its contract: URLs urllib accepts
            assert sigmod._body_hash_param(url) == _parse_qs_body_hash(url), url


def _parse_qs_body_hash(url: str) -> str | None:
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(url).query).get("bodySHA256", [None])[0]


@settings(max_examples=500)
@given(st.one_of(urls(), messy_urls()))
def test_fast_url_path_equals_urllib_path(url) -> None:
    """The urllib-free split gives exactly what urllib's round trip gives."""
    assert sigmod._url_variants(url) == sigmod._url_variants_slow(url)


@settings(max_examples=500)
@given(st.one_of(urls(), messy_urls()))
def test_body_hash_lookup_equals_parse_qs(url) -> None:
    assume(sigmod._url_variants_slow(url) is not None)
    assert sigmod._body_hash_param(url) == _parse_qs_body_hash(url)
