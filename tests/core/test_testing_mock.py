"""twilio_core.testing: MockTransport and json_response."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from twilio_core.errors import TwilioConnectionError, TwilioTimeoutError
from twilio_core.http import Request, Response, Timeout
from twilio_core.testing import MockTransport, MockTransportExhausted, SentRequest, json_response
from twilio_core.transports.base import Transport

SID = "AC" + "0" * 32
T = Timeout(3)


def post(url: str = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json", body: bytes | None = b"To=%2B1555") -> Request:
    return Request("POST", url, {"Content-Type": "application/x-www-form-urlencoded", "X-Thing": "1"}, body)


def test_is_a_transport_and_importing_it_pulls_in_no_urllib3_or_pluggy():
    assert isinstance(MockTransport(), Transport)
    code = "import sys, twilio_core.testing; print(sorted(m for m in ('urllib3', 'pluggy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_queued_json_response_and_recorded_request():
    transport = MockTransport().queue(201, json={"sid": "SM1"}, headers={"Twilio-Request-Id": "RQ1"})
    request = post()
    response = transport.send(request, T)
    assert (response.status, response.json()) == (201, {"sid": "SM1"})
    assert response.headers == {"content-type": "application/json", "twilio-request-id": "RQ1"}
    assert response.request is request

    sent = transport.last_request
    assert isinstance(sent, SentRequest) and isinstance(sent, Request)
    assert (sent.method, sent.url, sent.body, sent.timeout) == ("POST", request.url, request.body, T)
    assert sent.header("x-THING") == "1" and sent.header("missing") is None
    # A snapshot: later edits to the live request do not rewrite history.
    request.headers["X-Thing"] = "2"
    assert sent.header("X-Thing") == "1"


def test_form_and_query_helpers_keep_repeated_keys():
    transport = MockTransport().queue(200)
    transport.send(post(url="https://api.twilio.com/x?PageSize=20&Status=a&Status=b#frag", body=b"To=%2B1555&MediaUrl=u1&MediaUrl=u2&Empty="), T)
    sent = transport.last_request
    assert sent.query() == {"PageSize": ["20"], "Status": ["a", "b"]}
    assert sent.form() == {"To": ["+1555"], "MediaUrl": ["u1", "u2"], "Empty": [""]}
    transport.queue(200)
    transport.send(Request("GET", "https://api.twilio.com/x"), T)
    assert transport.last_request.form() == {} and transport.last_request.query() == {}


def test_queue_order_body_and_pending_count():
    transport = MockTransport().queue(200, body="first").queue(404, body=b"second").queue(200, json=None)
    assert transport.pending == 3
    got = [transport.send(post(), T) for _ in range(3)]
    assert [(r.status, r.body) for r in got] == [(200, b"first"), (404, b"second"), (200, b"null")]
    assert transport.pending == 0
    assert len(transport.requests) == 3


def test_empty_queue_without_handler_fails_clearly_and_still_records():
    transport = MockTransport()
    with pytest.raises(MockTransportExhausted) as info:
        transport.send(post(url="https://api.twilio.com/2010-04-01/Calls.json"), T)
    message = str(info.value)
    assert "no response queued for POST https://api.twilio.com/2010-04-01/Calls.json" in message
    assert "request #1" in message and ".queue(" in message
    assert isinstance(info.value, AssertionError)
    assert len(transport.requests) == 1


def test_no_request_yet_is_a_clear_assertion():
    with pytest.raises(AssertionError, match="no request"):
        MockTransport().last_request


@pytest.mark.parametrize(
    ("result", "status", "body", "content_type"),
    [
        ({"sid": "SM1"}, 200, b'{"sid": "SM1"}', "application/json"),
        ([1, 2], 200, b"[1, 2]", "application/json"),
        (204, 204, b"", None),
        (b"raw", 200, b"raw", None),
        ("text", 200, b"text", None),
        ((201, {"a": 1}), 201, b'{"a": 1}', "application/json"),
        ((500, b"oops", {"X-A": "b"}), 500, b"oops", None),
        (Response(418, {"X-Tea": "pot"}, b"short"), 418, b"short", None),
    ],
)
def test_handler_results_are_coerced(result, status, body, content_type):
    transport = MockTransport(lambda request: result)
    response = transport.send(post(), T)
    assert (response.status, response.body) == (status, body)
    assert response.headers.get("content-type") == content_type


def test_handler_sees_the_request_and_queue_takes_priority():
    transport = MockTransport(lambda request: {"echo": request.form()["To"][0]})
    transport.queue(202, json={"queued": True})
    assert transport.send(post(), T).json() == {"queued": True}
    assert transport.send(post(), T).json() == {"echo": "+1555"}


@pytest.mark.parametrize("bad", [True, object(), (1, 2, 3, 4)])
def test_bad_handler_result_is_a_type_error(bad):
    with pytest.raises(TypeError, match="MockTransport handler returned"):
        MockTransport(lambda request: bad).send(post(), T)


def test_errors_from_handler_and_queue_propagate():
    def refuse(request):
        raise TwilioConnectionError("refused", method=request.method, url=request.url, sent=False)

    with pytest.raises(TwilioConnectionError) as info:
        MockTransport(refuse).send(post(), T)
    assert info.value.sent is False

    transport = MockTransport().queue_error(TwilioTimeoutError("slow", sent=True)).queue(200)
    with pytest.raises(TwilioTimeoutError):
        transport.send(post(), T)
    assert transport.send(post(), T).status == 200
    with pytest.raises(TypeError):
        transport.queue_error("not an exception")  # type: ignore[arg-type]


def test_same_response_object_queued_twice_is_handed_out_independently():
    shared = json_response(200, {"a": 1})
    transport = MockTransport().queue_response(shared).queue_response(shared)
    first, second = transport.send(post(), T), transport.send(post(), T)
    assert first is not second and first.json() == second.json() == {"a": 1}


def test_sleep_records_instead_of_sleeping_and_reset_clears():
    transport = MockTransport().queue(200)
    started = time.monotonic()
    transport.sleep(30)
    transport.sleep(0.5)
    assert time.monotonic() - started < 1
    assert transport.sleeps == [30, 0.5]
    transport.send(post(), T)
    transport.reset()
    assert (transport.sleeps, transport.requests, transport.pending) == ([], [], 0)
    transport.close()
    assert transport.closed


def test_json_response_helper():
    response = json_response(404, {"code": 20404, "message": "Not found"}, headers={"Twilio-Request-Id": "RQ9"})
    assert response.status == 404
    assert response.json()["code"] == 20404
    assert response.headers == {"content-type": "application/json", "twilio-request-id": "RQ9"}


def test_thread_safe_recording_and_matching():
    transport = MockTransport(lambda request: {"tag": request.header("X-Tag")})
    mismatches: list[str] = []

    def worker(n: int) -> None:
        for i in range(100):
            tag = f"{n}-{i}"
            got = transport.send(Request("GET", f"https://api.twilio.com/{tag}", {"X-Tag": tag}), T).json()["tag"]
            if got != tag:
                mismatches.append(f"{tag} != {got}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert mismatches == []
    assert len(transport.requests) == 800
    assert len({r.url for r in transport.requests}) == 800


def test_with_a_client_retries_are_instant_and_recorded():
    from twilio_core import Client

    transport = MockTransport()
    transport.queue(429, json={"code": 20429, "message": "Too Many Requests"}, headers={"Retry-After": "2"})
    transport.queue(201, json={"sid": "SM1"})
    client = Client(SID, "auth-token-value", transport=transport, environ={})
    started = time.monotonic()
    response = client.request("POST", f"/2010-04-01/Accounts/{SID}/Messages.json", data={"To": "+15550001111", "Body": "hi"})
    assert time.monotonic() - started < 1.5
    assert response.json() == {"sid": "SM1"}
    assert transport.sleeps == [2.0]
    assert len(transport.requests) == 2
    sent = transport.last_request
    assert sent.form() == {"To": ["+15550001111"], "Body": ["hi"]}
    assert sent.header("Authorization", "").startswith("Basic ")
    assert sent.url == f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json"
