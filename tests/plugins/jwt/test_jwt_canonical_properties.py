"""Property tests: the middleware's fast path, the generic canonicaliser and the test's own spec agree."""

from __future__ import annotations

from typing import Any

import jwt
from hypothesis import given, settings
from hypothesis import strategies as st

from twilio_core.http import Request
from twilio_jwt.validation import ClientValidationJwt, ClientValidationMiddleware, ValidationPayload
from twilio_jwt.validation.canonical import canonical_request, sdk_canonical_request

from .conftest import ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID
from .pkcv_spec import spec_canonical

# Characters that matter to canonicalisation: unreserved, reserved, percent signs, spaces, non-ASCII.
TEXT = st.text(alphabet=st.sampled_from(list("aZ09-_.~!*'()+ %/=&?:@,;$é€")), max_size=12)
SEGMENT = st.text(alphabet=st.sampled_from(list("aZ09-_.~!*'()+ %=:@,;$é")), max_size=8)
PATHS = st.lists(st.one_of(SEGMENT, st.sampled_from(["", ".", ".."])), max_size=6).map(lambda s: "/" + "/".join(s))
QUERIES = st.lists(st.tuples(SEGMENT, SEGMENT), max_size=5).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))
HEADER_VALUE = st.text(alphabet=st.sampled_from(list("aZ09 .:-=+/")), min_size=1, max_size=20)
BODIES = st.one_of(st.none(), st.binary(max_size=40))
METHODS = st.sampled_from(["GET", "post", "Put", "DELETE"])


@settings(max_examples=300, deadline=None)
@given(METHODS, PATHS, QUERIES, HEADER_VALUE, st.one_of(st.none(), HEADER_VALUE), BODIES)
def test_fast_path_generic_and_spec_agree(method: str, path: str, query: str, host: str, auth: str | None, body: bytes | None) -> None:
    headers = {"Host": host} if auth is None else {"Host": host, "Authorization": auth}
    fast = sdk_canonical_request(method, path, query, host, auth, body)
    generic = canonical_request(method, path, query, headers, body)
    assert fast == generic
    assert fast[0] == spec_canonical(method, path, query, headers, body or b"")


def test_request_without_authorization_signs_host_only(now: int, rsa_key: Any) -> None:
    middleware = ClientValidationMiddleware(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, rsa_key)
    request = Request("GET", "https://api.twilio.com/v1/X?a=1")
    middleware.on_request(request)
    token = request.headers["Twilio-Client-Validation"]
    assert jwt.decode(token, rsa_key.public_key(), algorithms=["RS256"])["hrh"] == "host"
    vp = ValidationPayload("GET", "/v1/X", "a=1", {"Host": "api.twilio.com"}, ["authorization", "host"], None)
    assert token == ClientValidationJwt(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, rsa_key, vp).to_jwt()
