"""Twilio error responses over real HTTP on 127.0.0.1, through the plugins and the urllib3 transport.

The bodies are shaped as Twilio sends them (``code``, ``message``,
``more_info``, ``status``); the exceptions must carry them along with the
request's method and URL, and never the auth token.
"""

from __future__ import annotations

import time
from typing import Callable, Iterator

import pytest

from tests.support import LoopbackServer
from twilio_core import Client
from twilio_core.errors import NotFoundError, RateLimitError, ServerError, TwilioRestError
from twilio_core.middleware.retry import RetryPolicy

pytestmark = pytest.mark.network

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "5ecre7a1b2c3d4e5f60718293a4b5c6d"
MESSAGES = f"/2010-04-01/Accounts/{SID}/Messages.json"
MESSAGE_SID = "SM" + "1" * 32


def twilio_error(code: int, status: int, message: str) -> dict[str, object]:
    return {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status}


@pytest.fixture
def server(make_loopback_server: Callable[..., LoopbackServer]) -> LoopbackServer:
    return make_loopback_server()


@pytest.fixture
def client(server: LoopbackServer) -> Iterator[Client]:
    with Client(SID, TOKEN, base_url=server.url, environ={}, retry=None) as c:
        yield c


def test_invalid_to_raises_rest_error_with_code_and_more_info(client: Client, server: LoopbackServer) -> None:
    body = twilio_error(21211, 400, "The 'To' number +1555 is not a valid phone number.")
    server.queue(400, json=body, headers={"Twilio-Request-Id": "RQ" + "9" * 32})
    with pytest.raises(TwilioRestError) as info:
        client.messages.create(to="+1555", from_="+15017122661", body="Hi")
    error = info.value
    assert type(error) is TwilioRestError
    assert error.status == 400
    assert error.code == 21211
    assert error.message == "The 'To' number +1555 is not a valid phone number."
    assert error.more_info == "https://www.twilio.com/docs/errors/21211"
    assert error.method == "POST"
    assert error.uri == server.url + MESSAGES
    assert error.request_id == "RQ" + "9" * 32
    text = str(error)
    assert "21211" in text and "https://www.twilio.com/docs/errors/21211" in text and "POST" in text
    assert TOKEN not in text and TOKEN not in repr(error)
    assert server.requests[0].form()["To"] == ["+1555"]  # the request really went out


def test_unknown_message_raises_not_found(client: Client, server: LoopbackServer) -> None:
    server.queue(404, json=twilio_error(20404, 404, f"The requested resource {MESSAGES} was not found"))
    with pytest.raises(NotFoundError) as info:
        client.messages(MESSAGE_SID).fetch()
    error = info.value
    assert isinstance(error, TwilioRestError)
    assert (error.status, error.code, error.method) == (404, 20404, "GET")
    assert error.uri == server.url + f"/2010-04-01/Accounts/{SID}/Messages/{MESSAGE_SID}.json"
    assert error.more_info == "https://www.twilio.com/docs/errors/20404"


def test_not_found_on_a_v1_product_too(client: Client, server: LoopbackServer) -> None:
    server.queue(404, json=twilio_error(20404, 404, "The requested resource /Rooms/RMx was not found"))
    with pytest.raises(NotFoundError) as info:
        client.video.rooms("RM" + "2" * 32).fetch()
    assert info.value.code == 20404 and info.value.uri == server.url + "/v1/Rooms/RM" + "2" * 32


def test_error_on_a_later_page_surfaces_from_list(client: Client, server: LoopbackServer) -> None:
    page = {"messages": [{"sid": MESSAGE_SID}], "next_page_uri": MESSAGES + "?PageSize=1&Page=1&PageToken=PT1"}
    server.queue(200, json=page)
    server.queue(404, json=twilio_error(20404, 404, "page gone"))
    with pytest.raises(NotFoundError) as info:
        client.messages.list(page_size=1)
    assert info.value.uri == server.url + MESSAGES + "?PageSize=1&Page=1&PageToken=PT1"
    assert len(server.requests) == 2


def test_rate_limited_after_retries_raises_rate_limit_error_with_retry_after(server: LoopbackServer) -> None:
    retry = RetryPolicy(max_attempts=3, max_retry_after=0.05, jitter=False)
    for _ in range(3):
        server.queue(429, json=twilio_error(20429, 429, "Too Many Requests"), headers={"Retry-After": "7"})
    with Client(SID, TOKEN, base_url=server.url, environ={}, retry=retry) as client:
        start = time.monotonic()
        with pytest.raises(RateLimitError) as info:
            client.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
        elapsed = time.monotonic() - start
    error = info.value
    assert (error.status, error.code, error.method) == (429, 20429, "POST")
    assert error.retry_after == 7.0  # the server's hint, kept for the caller
    assert len(server.requests) == 3  # a 429 is retried even for POST: Twilio did not act on it
    assert 0.1 <= elapsed < 5  # two waits, each capped at max_retry_after instead of 7 s


def test_rate_limit_then_success_returns_the_model(server: LoopbackServer) -> None:
    retry = RetryPolicy(max_attempts=3, max_retry_after=0.01, jitter=False)
    server.queue(429, json=twilio_error(20429, 429, "Too Many Requests"), headers={"Retry-After": "1"})
    server.queue(201, json={"sid": MESSAGE_SID, "status": "queued"})
    with Client(SID, TOKEN, base_url=server.url, environ={}, retry=retry) as client:
        message = client.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
    assert message.sid == MESSAGE_SID and message.status == "queued"
    assert len(server.requests) == 2
    assert server.requests[0].body == server.requests[1].body


def test_server_error_on_post_is_not_retried(server: LoopbackServer) -> None:
    retry = RetryPolicy(max_attempts=3, backoff_factor=0.01, jitter=False)
    server.queue(500, json={"code": 20500, "message": "Internal Server Error", "status": 500})
    with Client(SID, TOKEN, base_url=server.url, environ={}, retry=retry) as client:
        with pytest.raises(ServerError) as info:
            client.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
    assert info.value.code == 20500
    assert len(server.requests) == 1  # a POST Twilio may have acted on is never sent twice


def test_non_json_error_body_still_gives_status_and_excerpt(client: Client, server: LoopbackServer) -> None:
    server.queue(502, body="<html>bad gateway</html>", headers={"Content-Type": "text/html"})
    with pytest.raises(ServerError) as info:
        client.messages(MESSAGE_SID).delete()
    error = info.value
    assert error.status == 502 and error.code is None and error.method == "DELETE"
    assert "bad gateway" in error.message
