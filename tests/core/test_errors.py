"""Error mapping: Twilio JSON errors, RFC 9457 problem details, other bodies, subclasses, str()."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twilio_core.errors import (
    AuthenticationError,
    ClientClosedError,
    ConfigurationError,
    CredentialsError,
    NotFoundError,
    PluginError,
    ProductNotInstalledError,
    RateLimitError,
    ServerError,
    TransportError,
    TwilioConnectionError,
    TwilioError,
    TwilioRestError,
    TwilioRestException,
    TwilioTimeoutError,
    rest_error_from_response,
)
from twilio_core.http import Request, Response

URL = "https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json"
ANSI = re.compile(r"\x1b\[")


def error_for(status: int, body: bytes | str | dict, headers: dict[str, str] | None = None, method: str = "POST") -> TwilioRestError:
    if isinstance(body, dict):
        body = json.dumps(body)
        headers = {"Content-Type": "application/json", **(headers or {})}
    if isinstance(body, str):
        body = body.encode()
    request = Request(method, URL, {"Authorization": "Basic c2VjcmV0"})
    return rest_error_from_response(Response(status, headers, body, request, reason=None))


def assert_one_clean_line(text: str) -> None:
    assert "\n" not in text and "\r" not in text
    assert not ANSI.search(text)
    assert all(ch.isprintable() for ch in text)


def test_twilio_json_error_body() -> None:
    error = error_for(
        400,
        {
            "code": 21211,
            "message": "The 'To' number +1555 is not a valid phone number.",
            "more_info": "https://www.twilio.com/docs/errors/21211",
            "status": 400,
        },
        headers={"Twilio-Request-Id": "RQ123"},
    )
    assert type(error) is TwilioRestError
    assert error.status == 400
    assert error.code == 21211
    assert error.message == "The 'To' number +1555 is not a valid phone number."
    assert error.more_info == "https://www.twilio.com/docs/errors/21211"
    assert error.method == "POST"
    assert error.uri == URL
    assert error.request_id == "RQ123"
    assert error.headers["twilio-request-id"] == "RQ123"
    text = str(error)
    assert_one_clean_line(text)
    for part in ("400", "21211", "POST", URL, "not a valid phone number", "https://www.twilio.com/docs/errors/21211"):
        assert part in text


def test_details_and_string_code() -> None:
    error = error_for(400, {"code": "20001", "message": "Invalid", "details": {"field": "To"}})
    assert error.code == 20001
    assert error.details == {"field": "To"}


def test_bool_code_is_not_a_code() -> None:
    assert error_for(400, {"code": True, "message": "x"}).code is None


def test_problem_details() -> None:
    body = {
        "type": "https://www.twilio.com/docs/errors/20003",
        "title": "Authentication Error",
        "detail": "The credentials were refused.",
        "status": 401,
        "instance": "/v1/Services",
        "field": "Authorization",
    }
    error = error_for(401, json.dumps(body), headers={"Content-Type": "application/problem+json"}, method="GET")
    assert isinstance(error, AuthenticationError)
    assert error.message == "Authentication Error: The credentials were refused."
    assert error.more_info == "https://www.twilio.com/docs/errors/20003"
    assert error.details == {"field": "Authorization"}
    assert "Authentication Error" in str(error)


def test_problem_details_about_blank_has_no_more_info() -> None:
    error = error_for(404, {"type": "about:blank", "title": "Not Found"})
    assert isinstance(error, NotFoundError)
    assert error.more_info is None
    assert error.message == "Not Found"


def test_non_json_body_is_readable() -> None:
    error = error_for(502, "<html><body>Bad gateway\n from the proxy</body></html>", headers={"Content-Type": "text/html"}, method="GET")
    assert isinstance(error, ServerError)
    assert error.code is None
    text = str(error)
    assert_one_clean_line(text)
    assert "502" in text and "GET" in text and "Bad gateway" in text


def test_empty_body() -> None:
    error = error_for(500, b"", method="GET")
    assert isinstance(error, ServerError)
    assert "500" in str(error)
    assert error.message


def test_json_that_is_not_an_object() -> None:
    error = error_for(400, '["a", "b"]')
    assert error.code is None
    assert "400" in str(error)


def test_invalid_utf8_body() -> None:
    error = error_for(500, b"\xff\xfe oops")
    assert_one_clean_line(str(error))


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, TwilioRestError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, NotFoundError),
        (409, TwilioRestError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (504, ServerError),
    ],
)
def test_subclass_by_status(status: int, cls: type[TwilioRestError]) -> None:
    error = error_for(status, {"code": 20000 + status, "message": "m"})
    assert type(error) is cls
    assert isinstance(error, TwilioRestError) and isinstance(error, TwilioError)
    assert isinstance(error, TwilioRestException)  # the official library's name still catches it


def test_rate_limit_retry_after_seconds() -> None:
    error = error_for(429, {"code": 20429, "message": "Too many requests"}, headers={"Retry-After": "7"})
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 7.0


def test_rate_limit_retry_after_http_date() -> None:
    import email.utils
    import time

    when = email.utils.formatdate(time.time() + 120, usegmt=True)
    error = error_for(429, b"", headers={"Retry-After": when})
    assert isinstance(error, RateLimitError)
    assert error.retry_after is not None and 100 < error.retry_after <= 121


def test_rate_limit_without_or_with_bad_retry_after() -> None:
    assert error_for(429, b"").retry_after is None  # type: ignore[attr-defined]
    assert error_for(429, b"", headers={"Retry-After": "soon"}).retry_after is None  # type: ignore[attr-defined]


def test_str_strips_ansi_and_newlines() -> None:
    error = error_for(400, {"code": 21211, "message": "\x1b[31mred\x1b[0m and\nmultiline\r\n\ttext"})
    text = str(error)
    assert_one_clean_line(text)
    assert "red and multiline text" in text


def test_str_does_not_show_request_headers() -> None:
    error = error_for(401, {"code": 20003, "message": "Authenticate"})
    assert "c2VjcmV0" not in str(error) and "c2VjcmV0" not in repr(error)
    assert "Authorization" not in str(error)


def test_repr_is_short() -> None:
    error = error_for(404, {"code": 20404, "message": "not found"}, method="GET")
    assert repr(error) == f"NotFoundError(status=404, code=20404, method='GET', uri={URL!r})"


def test_error_without_request() -> None:
    error = rest_error_from_response(Response(500, {}, b"boom"))
    assert isinstance(error, ServerError)
    assert "boom" in str(error)


def test_long_body_is_truncated_in_message() -> None:
    error = error_for(500, "x" * 10_000)
    assert len(str(error)) < 400


def test_hierarchy() -> None:
    assert issubclass(CredentialsError, (TwilioError, ValueError))
    assert issubclass(ConfigurationError, (TwilioError, ValueError))
    assert issubclass(PluginError, TwilioError)
    assert issubclass(ProductNotInstalledError, AttributeError) and issubclass(ProductNotInstalledError, TwilioError)
    assert issubclass(ClientClosedError, TwilioError)
    assert issubclass(TwilioConnectionError, TransportError) and issubclass(TwilioTimeoutError, TransportError)


def test_transport_error_attributes() -> None:
    error = TwilioConnectionError("GET https://api.twilio.com/x: connection refused", method="GET", url="https://api.twilio.com/x", sent=False)
    assert (error.method, error.url, error.sent) == ("GET", "https://api.twilio.com/x", False)
    assert TwilioTimeoutError("t").sent is True  # unknown means "may have been sent"


def test_product_not_installed_error_fields() -> None:
    error = ProductNotInstalledError("calls", "client.calls needs twilio-voice", "twilio-voice")
    assert error.name == "calls" and error.distribution == "twilio-voice"
    assert str(error) == "client.calls needs twilio-voice"


@settings(max_examples=200, deadline=None)
@given(
    status=st.integers(min_value=400, max_value=599),
    body=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),
        st.fixed_dictionaries(
            {}, optional={"code": st.one_of(st.integers(), st.text(max_size=8), st.none()), "message": st.text(max_size=80),
                          "more_info": st.text(max_size=40), "title": st.text(max_size=40), "detail": st.text(max_size=80),
                          "details": st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)},
        ).map(lambda d: json.dumps(d).encode()),
    ),
)
def test_any_error_body_gives_one_clean_line(status: int, body: bytes) -> None:
    error = rest_error_from_response(Response(status, {}, body, Request("GET", URL)))
    text = str(error)
    assert_one_clean_line(text)
    assert text.startswith(f"HTTP {status}")
    assert error.code is None or isinstance(error.code, int)
    assert isinstance(error, TwilioRestError) and error.status == status
