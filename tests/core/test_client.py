"""The Client: immutability, lifecycle (close, with), and requests over real HTTP on 127.0.0.1."""

from __future__ import annotations

import base64
from typing import Any

import pytest

import twilio_core
from twilio_core import Client, ClientClosedError, ConfigurationError
from twilio_core.errors import NotFoundError, TwilioConnectionError
from twilio_core.http import Response, Timeout
from twilio_core.transports.base import Transport

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9f86d081884c7d659a2feaa0c55ad015"
NO_AUTOLOAD = {"TWILIO_CORE_DISABLE_PLUGIN_AUTOLOAD": "1"}


class CountingTransport(Transport):
    def __init__(self) -> None:
        self.sent = 0
        self.closed = 0

    def send(self, request: Any, timeout: Timeout) -> Response:
        self.sent += 1
        return Response(200, {}, b"{}", request)

    def close(self) -> None:
        self.closed += 1


def test_client_is_immutable() -> None:
    client = Client(SID, TOKEN, environ=NO_AUTOLOAD)
    for name, value in (("region", "au1"), ("account_sid", SID), ("_config", None), ("anything", 1), ("_pipeline", None)):
        with pytest.raises(AttributeError):
            setattr(client, name, value)
    assert client.region is None


def test_client_stays_immutable_after_first_request() -> None:
    client = Client(SID, TOKEN, transport=CountingTransport(), environ=NO_AUTOLOAD)
    client.request("GET", "/x")
    with pytest.raises(AttributeError, match="immutable"):
        client.timeout = 3  # type: ignore[attr-defined]


def test_repr_shows_sid_not_secret() -> None:
    client = Client(SID, TOKEN, region="au1", edge="sydney", environ=NO_AUTOLOAD)
    text = repr(client)
    assert SID in text and "au1" in text and "sydney" in text
    assert TOKEN not in text and TOKEN not in str(client)
    client.close()
    assert "closed" in repr(client)


def test_request_after_close_raises() -> None:
    transport = CountingTransport()
    client = Client(SID, TOKEN, transport=transport, environ=NO_AUTOLOAD)
    client.request("GET", "/x")
    client.close()
    assert client.closed
    with pytest.raises(ClientClosedError, match="closed"):
        client.request("GET", "/x")
    with pytest.raises(ClientClosedError):
        client.send(client.build_request("GET", "/x"))
    assert transport.sent == 1


def test_close_before_first_request() -> None:
    client = Client(SID, TOKEN, environ=NO_AUTOLOAD)
    client.close()
    with pytest.raises(ClientClosedError):
        client.request("GET", "/x")
    with pytest.raises(ClientClosedError):
        client.pipeline


def test_close_is_idempotent_and_leaves_a_callers_transport_open() -> None:
    transport = CountingTransport()
    client = Client(SID, TOKEN, transport=transport, environ=NO_AUTOLOAD)
    client.request("GET", "/x")
    client.close()
    client.close()
    assert transport.closed == 0  # it belongs to the caller, who may share it


def test_with_statement_closes() -> None:
    with Client(SID, TOKEN, transport=CountingTransport(), environ=NO_AUTOLOAD) as client:
        assert client.request("GET", "/x").status == 200
        assert not client.closed
    assert client.closed


def test_closed_error_is_a_twilio_error() -> None:
    client = Client(SID, TOKEN, environ=NO_AUTOLOAD)
    client.close()
    with pytest.raises(twilio_core.TwilioError):
        client.request("GET", "/x")


def test_invalid_transport_argument() -> None:
    with pytest.raises(ConfigurationError, match="transport"):
        Client(SID, TOKEN, transport=42, environ=NO_AUTOLOAD)  # type: ignore[arg-type]


def test_ca_bundle_must_exist(tmp_path: Any) -> None:
    with pytest.raises(ConfigurationError, match="ca_bundle"):
        Client(SID, TOKEN, ca_bundle=str(tmp_path / "missing.pem"), environ=NO_AUTOLOAD)


# --------------------------------------------------------------------------- over real HTTP

network = pytest.mark.network


@network
def test_round_trip_over_loopback(loopback_server: Any) -> None:
    with Client(SID, TOKEN, base_url=loopback_server.url, environ=NO_AUTOLOAD, user_agent_extensions=["app/1"]) as client:
        response = client.request(
            "POST",
            f"/2010-04-01/Accounts/{SID}/Messages.json",
            params={"PageSize": 2},
            data={"To": "+15005550006", "Body": "héllo", "MediaUrl": ["https://a", "https://b"]},
            product="twilio-messaging/0.1.0",
        )
    echoed = response.json()
    assert response.status == 200 and echoed["method"] == "POST"
    assert echoed["path"] == f"/2010-04-01/Accounts/{SID}/Messages.json" and echoed["query"] == "PageSize=2"
    recorded = loopback_server.last_request
    assert recorded.form() == {"To": ["+15005550006"], "Body": ["héllo"], "MediaUrl": ["https://a", "https://b"]}
    assert recorded.headers["authorization"] == "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert recorded.headers["content-type"] == "application/x-www-form-urlencoded"
    assert recorded.headers["accept"] == "application/json"
    ua = recorded.headers["user-agent"]
    assert ua.startswith(f"twilio-core/{twilio_core.__version__} twilio-messaging/0.1.0 ") and ua.endswith(" app/1")


@network
def test_keep_alive_one_connection_for_many_requests(loopback_server: Any) -> None:
    with Client(SID, TOKEN, base_url=loopback_server.url, environ=NO_AUTOLOAD) as client:
        for _ in range(10):
            client.request("GET", "/v1/Things")
    assert len(loopback_server.requests) == 10
    assert loopback_server.connections_accepted == 1


@network
def test_close_drops_pooled_connections(loopback_server: Any) -> None:
    client = Client(SID, TOKEN, base_url=loopback_server.url, environ=NO_AUTOLOAD)
    client.request("GET", "/v1/Things")
    client.request("GET", "/v1/Things")
    transport = client.pipeline.transport
    assert loopback_server.connections_accepted == 1
    client.close()
    # The pool was emptied: the transport (used directly now) has to open a new connection.
    transport.send(client.build_request("GET", "/v1/Things"), Timeout(2))
    assert loopback_server.connections_accepted == 2


@network
def test_rest_error_over_http(loopback_server: Any) -> None:
    loopback_server.queue(
        404,
        json={"code": 20404, "message": "The requested resource was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404},
        headers={"Twilio-Request-Id": "RQabc"},
    )
    with Client(SID, TOKEN, base_url=loopback_server.url, environ=NO_AUTOLOAD) as client:
        with pytest.raises(NotFoundError) as info:
            client.request("GET", "/v1/Things/TH1")
    error = info.value
    assert error.code == 20404 and error.request_id == "RQabc"
    assert error.uri == loopback_server.url + "/v1/Things/TH1"
    assert TOKEN not in str(error) and TOKEN not in repr(error)


@network
def test_connection_error_over_http_names_method_and_url(refused_url: str) -> None:
    with Client(SID, TOKEN, base_url=refused_url, environ=NO_AUTOLOAD, retry=None) as client:
        with pytest.raises(TwilioConnectionError) as info:
            client.request("DELETE", "/v1/Things/TH1")
    assert f"DELETE {refused_url}/v1/Things/TH1" in str(info.value)
    assert TOKEN not in str(info.value)


@network
def test_tls_with_custom_ca(tls_server: Any) -> None:
    with Client(SID, TOKEN, base_url=tls_server.url, ca_bundle=tls_server.ca_pem_path, environ=NO_AUTOLOAD) as client:
        assert client.request("GET", "/v1/Things").status == 200
    with Client(SID, TOKEN, base_url=tls_server.url, environ=NO_AUTOLOAD, retry=None) as client:
        with pytest.raises(TwilioConnectionError, match="certificate"):
            client.request("GET", "/v1/Things")
