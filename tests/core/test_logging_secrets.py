"""Logging: what the request log says, personal-data masking, and that no secret is ever logged.

Everything logged anywhere (root logger at DEBUG: twilio_core, urllib3, ...)
across a run of real HTTP requests on 127.0.0.1 with real-looking credentials.
"""

from __future__ import annotations

import base64
import logging
import traceback
from typing import Any, Iterator
from urllib.parse import quote

import pytest

from twilio_core import Client, TwilioError
from twilio_core.middleware.request_log import RequestLogger, mask_params
from twilio_core.middleware.retry import RetryPolicy

pytestmark = pytest.mark.network

SID = "AC" + "5f2c1e8a9b7d4c3f" * 2
AUTH_TOKEN = "4f9d2a7c1e8b3f6a0d5c9e2b7a1f4d8c"  # 32 hex digits, like a real one
KEY = "SK" + "7e3a9c1f5b2d8e4a" * 2
API_SECRET = "kX9vQ2mR7tL4wZ8pN3sB6yF1hJ5dG0cA"  # 32 characters, like a real one
NO_AUTOLOAD = {"TWILIO_CORE_DISABLE_PLUGIN_AUTOLOAD": "1"}
FAST = RetryPolicy(backoff_factor=0.01, backoff_max=0.02)
PHONE = "+14155550123"
BODY = "Your code is 918273"


def forbidden_strings() -> list[str]:
    values = []
    for user, secret in ((SID, AUTH_TOKEN), (KEY, API_SECRET)):
        basic = base64.b64encode(f"{user}:{secret}".encode()).decode()
        values += [secret, quote(secret), basic, "Basic " + basic, basic[:24]]
    return values


class Capture(logging.Handler):
    """Keeps every record and its fully formatted text (message, exception, extras)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.texts: list[str] = []
        self.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.texts.append(self.format(record) + " " + repr(vars(record)))

    def messages(self, name: str, level: int | None = None) -> list[str]:
        return [
            r.getMessage() for r in self.records if r.name == name and (level is None or r.levelno == level)
        ]


@pytest.fixture
def capture() -> Iterator[Capture]:
    handler = Capture()
    root = logging.getLogger()
    names = ["twilio_core", "twilio_core.http", "twilio_core.retry", "twilio_core.plugins", "urllib3"]
    saved = [(root, root.level)] + [(logging.getLogger(n), logging.getLogger(n).level) for n in names]
    root.addHandler(handler)
    for logger, _ in saved:
        logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for logger, level in saved:
            logger.setLevel(level)


def account_body(request: Any) -> dict[str, Any]:
    # What Twilio really returns for GET /Accounts/{Sid}.json and for a new API key.
    return {"sid": SID, "auth_token": AUTH_TOKEN, "friendly_name": "main", "secret": API_SECRET, "to": PHONE}


def run_session(server: Any, refused_url: str, *, log_personal_data: bool) -> list[str]:
    """Several requests with both kinds of credentials: successes, retries, REST errors, transport errors."""
    errors: list[str] = []
    env = {
        **NO_AUTOLOAD,
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_API_KEY": KEY,
        "TWILIO_API_SECRET": API_SECRET,
    }
    clients = [
        Client(SID, AUTH_TOKEN, base_url=server.url, environ=env, retry=FAST, log_personal_data=log_personal_data),
        Client(environ=env, base_url=server.url, retry=FAST, log_personal_data=log_personal_data),  # API key from env
    ]
    for client in clients:
        server.queue(200, json=account_body(None), headers={"Twilio-Request-Id": "RQ0001"})
        client.request("GET", f"/2010-04-01/Accounts/{SID}.json", params={"PageSize": 20, "To": PHONE})
        server.queue(429, json={"code": 20429, "message": "Too Many Requests"}, headers={"Retry-After": "0"})
        server.queue(201, json={"sid": "SM1", "to": PHONE, "body": BODY}, headers={"Twilio-Request-Id": "RQ0002"})
        client.request(
            "POST", f"/2010-04-01/Accounts/{SID}/Messages.json",
            data={"To": PHONE, "From": "+15005550006", "Body": BODY, "StatusCallbackMethod": "POST"},
        )
        server.queue(500, body="upstream exploded")
        server.queue(200, json={"keys": []})
        client.request("GET", "/v1/Keys", domain="iam")
        for status, body in ((401, {"code": 20003, "message": "Authenticate"}), (404, {"code": 20404, "message": "nope"})):
            server.queue(status, json=body)
            try:
                client.request("POST", "/v1/Keys", data={"FriendlyName": "k", "Secret": API_SECRET})
            except TwilioError as exc:
                errors.append(f"{exc} {exc!r} {''.join(traceback.format_exception(exc))}")
        server.queue(200, json=account_body(None))
        client.request("POST", "/v1/Keys", data={"FriendlyName": "k"}, headers={"X-Debug": "Basic " + AUTH_TOKEN})
        # The client's own secret in a parameter and a text body with innocent names: only scrubbing catches it.
        own = client.config.credentials.secret_values()[0]
        server.queue(200, body=f"stored value {own} for you", headers={"Content-Type": "text/plain"})
        # (Not in the query string: urllib3's own DEBUG line shows the request target as is.)
        client.request("POST", "/v1/Variables", data={"Key": "deploy", "Value": own})
        client.close()
    broken = Client(SID, AUTH_TOKEN, base_url=refused_url, environ=NO_AUTOLOAD, retry=RetryPolicy(max_attempts=2, backoff_factor=0.01))
    try:
        broken.request("POST", "/x", data={"To": PHONE})
    except TwilioError as exc:
        errors.append(f"{exc} {exc!r} {''.join(traceback.format_exception(exc))}")
    broken.close()
    return errors


@pytest.mark.parametrize("log_personal_data", [False, True])
def test_no_secret_in_any_log_record_or_error(
    capture: Capture, loopback_server: Any, refused_url: str, log_personal_data: bool
) -> None:
    errors = run_session(loopback_server, refused_url, log_personal_data=log_personal_data)
    assert len(errors) == 5
    assert len(capture.records) > 30  # the run really logged, at every level
    assert {r.levelno for r in capture.records} >= {logging.DEBUG, logging.INFO}
    everything = capture.texts + errors
    for secret in forbidden_strings():
        leaks = [text for text in everything if secret in text]
        assert not leaks, f"secret {secret[:4]}... leaked in: {leaks[0][:300]}"
    for text in everything:
        assert "Authorization" not in text and "authorization" not in text
    # The server really got the credentials, so the check above is not vacuous.
    assert any(AUTH_TOKEN in r.body.decode() or r.headers.get("authorization") for r in loopback_server.requests)


def test_personal_params_masked_by_default(capture: Capture, loopback_server: Any, refused_url: str) -> None:
    run_session(loopback_server, refused_url, log_personal_data=False)
    debug = "\n".join(capture.messages("twilio_core.http", logging.DEBUG))
    assert "To=***" in debug and "From=***" in debug and "Body=***" in debug
    assert PHONE not in debug and BODY not in debug and "+15005550006" not in debug
    # Safe parameters stay readable.
    assert "PageSize=20" in debug and "StatusCallbackMethod=POST" in debug
    assert "body not logged" in debug
    all_text = "\n".join(capture.texts)
    assert BODY not in all_text
    assert quote(BODY) not in all_text and BODY.replace(" ", "+") not in all_text


def test_personal_params_shown_with_opt_in(capture: Capture, loopback_server: Any, refused_url: str) -> None:
    run_session(loopback_server, refused_url, log_personal_data=True)
    debug = "\n".join(capture.messages("twilio_core.http", logging.DEBUG))
    assert f"To={PHONE}" in debug and f"Body={BODY}" in debug
    # Bodies are logged with the opt-in, with secret fields blanked.
    assert '"friendly_name": "main"' in debug
    assert '"auth_token": "***"' in debug and '"secret": "***"' in debug


def test_info_line_fields(capture: Capture, loopback_server: Any) -> None:
    loopback_server.queue(201, json={"sid": "SM1"}, headers={"Twilio-Request-Id": "RQ7777"})
    with Client(SID, AUTH_TOKEN, base_url=loopback_server.url, environ=NO_AUTOLOAD) as client:
        client.request("POST", f"/2010-04-01/Accounts/{SID}/Messages.json", params={"To": PHONE}, data={"To": PHONE})
    [record] = [r for r in capture.records if r.name == "twilio_core.http" and r.levelno == logging.INFO]
    message = record.getMessage()
    host = loopback_server.url.split("://")[1]
    path = f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert message.startswith(f"POST {host}{path} -> 201 in ")
    assert " ms " in message and "request id RQ7777" in message and "attempt 1" in message
    assert PHONE not in message and "?" not in message  # no query string at INFO
    assert record.twilio_method == "POST"  # type: ignore[attr-defined]
    assert record.twilio_host == host  # type: ignore[attr-defined]
    assert record.twilio_path == path  # type: ignore[attr-defined]
    assert record.twilio_status == 201  # type: ignore[attr-defined]
    assert isinstance(record.twilio_elapsed_ms, float) and record.twilio_elapsed_ms >= 0  # type: ignore[attr-defined]
    assert record.twilio_request_id == "RQ7777"  # type: ignore[attr-defined]
    assert record.twilio_attempt == 1  # type: ignore[attr-defined]


def test_info_line_per_attempt_under_retry(capture: Capture, loopback_server: Any) -> None:
    loopback_server.queue(503, headers={"Twilio-Request-Id": "RQ1", "Retry-After": "0"})
    loopback_server.queue(200, json={}, headers={"Twilio-Request-Id": "RQ2"})
    with Client(SID, AUTH_TOKEN, base_url=loopback_server.url, environ=NO_AUTOLOAD, retry=FAST) as client:
        client.request("GET", "/v1/Rooms")
    infos = [r for r in capture.records if r.name == "twilio_core.http" and r.levelno == logging.INFO]
    assert [(r.twilio_status, r.twilio_request_id, r.twilio_attempt) for r in infos] == [  # type: ignore[attr-defined]
        (503, "RQ1", 1),
        (200, "RQ2", 2),
    ]
    assert len(capture.messages("twilio_core.retry", logging.INFO)) == 1


def test_transport_error_logged_at_info(capture: Capture, refused_url: str) -> None:
    with Client(SID, AUTH_TOKEN, base_url=refused_url, environ=NO_AUTOLOAD, retry=None) as client:
        with pytest.raises(TwilioError):
            client.request("GET", "/v1/Rooms")
    [message] = capture.messages("twilio_core.http", logging.INFO)
    assert message.startswith(f"GET {refused_url.split('://')[1]}/v1/Rooms -> TwilioConnectionError after ")


def test_nothing_logged_when_disabled(loopback_server: Any) -> None:
    handler = Capture()
    logger = logging.getLogger("twilio_core")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with Client(SID, AUTH_TOKEN, base_url=loopback_server.url, environ=NO_AUTOLOAD) as client:
            client.request("GET", "/v1/Rooms")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    assert [r for r in handler.records if r.name.startswith("twilio_core.http")] == []


def test_mask_params_unit() -> None:
    pairs = [("To", PHONE), ("AccountSid", SID), ("PageSize", "5"), ("NewParam", "x"), ("StatusCallbackMethod", "GET")]
    assert mask_params(pairs, False) == f"To=***&AccountSid={SID}&PageSize=5&NewParam=***&StatusCallbackMethod=GET"
    assert mask_params(pairs, True) == f"To={PHONE}&AccountSid={SID}&PageSize=5&NewParam=x&StatusCallbackMethod=GET"


def test_request_logger_repr_has_no_secret() -> None:
    logger = RequestLogger(secrets=[AUTH_TOKEN])
    assert AUTH_TOKEN not in repr(logger)


@pytest.mark.parametrize("name", ["Password", "Secret", "PrivateKey", "AuthToken", "ApiSecret", "AccessToken", "client_secret"])
def test_secret_looking_params_masked_even_with_opt_in(name: str) -> None:
    assert mask_params([(name, "hunter2-value"), ("PageToken", "PT1")], True) == f"{name}=***&PageToken=PT1"
