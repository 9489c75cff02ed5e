"""The sandbox's HTTP surface: auth (20003), routing in both base-URL forms, odd requests."""

from __future__ import annotations

import base64
import socket

import pytest

from twilio_core import AuthenticationError, Client
from twilio_sandbox import Sandbox

from .sandbox_support import StrictContract, contract_problems, raw_request

TO, FROM = "+15558675310", "+15017122661"


def test_auth_token_and_issued_api_key_both_work(sandbox: Sandbox, contract: object) -> None:
    path = f"/2010-04-01/Accounts/{sandbox.account_sid}/Messages.json"
    for client in (sandbox.client(middleware=[contract]), sandbox.client(api_key=True, middleware=[contract])):
        assert client.request("GET", path).status == 200
    key, secret = sandbox.issue_api_key()
    with Client(key, secret, sandbox.account_sid, base_url=sandbox.base_url, middleware=[contract]) as extra:
        assert extra.request("GET", path).status == 200


@pytest.mark.parametrize("how", ["none", "wrong-token", "wrong-key-secret", "unknown-user", "garbage"])
def test_bad_credentials_get_401_20003(sandbox: Sandbox, how: str) -> None:
    url = f"{sandbox.base_url}/2010-04-01/Accounts/{sandbox.account_sid}/Messages.json"
    auth = {
        "none": None,
        "wrong-token": (sandbox.account_sid, "x" * 32),
        "wrong-key-secret": (sandbox.api_key_sid, "nope"),
        "unknown-user": ("AC" + "f" * 32, sandbox.auth_token),
    }.get(how)
    headers = {"Authorization": "Basic !!!notbase64"} if how == "garbage" else None
    status, resp_headers, body = raw_request("GET", url, auth=auth, headers=headers)
    assert status == 401 and body["code"] == 20003
    assert resp_headers["WWW-Authenticate"] == 'Basic realm="Twilio API"'
    assert sandbox.auth_token not in str(body)


def test_sdk_maps_401_to_authentication_error(sandbox: Sandbox) -> None:
    bad = Client(sandbox.account_sid, "0" * 32, base_url=sandbox.base_url, retry=None, middleware=[StrictContract()])
    with pytest.raises(AuthenticationError) as caught:
        bad.request("GET", f"/2010-04-01/Accounts/{sandbox.account_sid}/Calls.json")
    assert caught.value.code == 20003
    bad.close()


def test_account_sid_in_path_must_match_credentials(sandbox: Sandbox) -> None:
    other = "AC" + "0" * 32
    status, _, body = raw_request("GET", f"{sandbox.base_url}/2010-04-01/Accounts/{other}/Messages.json",
                                  auth=(sandbox.account_sid, sandbox.auth_token))
    assert (status, body["code"]) == (401, 20003)


def test_unknown_path_and_method(sandbox: Sandbox) -> None:
    auth = (sandbox.account_sid, sandbox.auth_token)
    status, _, body = raw_request("GET", f"{sandbox.base_url}/2010-04-01/Accounts/{sandbox.account_sid}/Queues.json", auth=auth)
    assert (status, body["code"]) == (404, 20404)
    status, _, body = raw_request("PUT", f"{sandbox.base_url}/v1/Rooms", auth=auth)
    assert (status, body["code"]) == (405, 20004)
    status, _, body = raw_request("GET", f"{sandbox.base_url}/messaging/v1/Services", auth=auth)
    assert status == 404


def test_both_base_url_forms_reach_the_same_state(client: Client, domain_client: Client, sandbox: Sandbox) -> None:
    path = f"/2010-04-01/Accounts/{sandbox.account_sid}/Messages.json"
    sid = client.request("POST", path, data={"To": TO, "From": FROM, "Body": "x"}).json()["sid"]
    assert domain_client.request("GET", path).json()["messages"][0]["sid"] == sid
    room = domain_client.request("POST", "/v1/Rooms", domain="video").json()
    assert client.request("GET", f"/v1/Rooms/{room['sid']}", domain="video").json()["sid"] == room["sid"]
    # A 2010 path under the video prefix is not a video path: as on Twilio's separate hosts.
    status, _, _ = raw_request("GET", f"{sandbox.base_url}/video{path}", auth=(sandbox.account_sid, sandbox.auth_token))
    assert status == 404


def test_health_needs_no_auth(sandbox: Sandbox) -> None:
    status, _, body = raw_request("GET", f"{sandbox.base_url}/_sandbox/health")
    assert status == 200 and body["status"] == "ok"


def test_oversized_and_non_form_bodies_are_refused(sandbox: Sandbox) -> None:
    auth = (sandbox.account_sid, sandbox.auth_token)
    url = f"{sandbox.base_url}/2010-04-01/Accounts/{sandbox.account_sid}/Messages.json"
    status, _, body = raw_request("POST", url, auth=auth, body=b'{"To": "+1"}', headers={"Content-Type": "application/json"})
    assert (status, body["code"]) == (415, 20001)
    status, _, body = raw_request("POST", url, auth=auth, body=b"To=" + b"1" * (1 << 20),
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413


def test_malformed_http_does_not_kill_the_server(sandbox: Sandbox, client: Client) -> None:
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=5) as raw:
        raw.sendall(b"NONSENSE\r\n\r\n")
        assert raw.recv(100)  # an HTTP/0.9-style error page, then the connection closes
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=5) as raw:
        raw.sendall(b"POST /v1/Rooms HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
        answer = b""
        while b'"status": 400}' not in answer:  # read up to the end of the JSON body
            chunk = raw.recv(4096)
            assert chunk, f"connection closed early: {answer!r}"
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 400") and b'"code": 20001' in answer
    assert client.request("GET", f"/2010-04-01/Accounts/{sandbox.account_sid}/Calls.json").status == 200


def test_responses_carry_twilio_headers(sandbox: Sandbox) -> None:
    status, headers, _ = raw_request("GET", f"{sandbox.base_url}/v1/Rooms", auth=(sandbox.account_sid, sandbox.auth_token))
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    assert headers["Twilio-Request-Id"].startswith("RQ") and len(headers["Twilio-Request-Id"]) == 34


def test_secrets_stay_out_of_reprs(sandbox: Sandbox) -> None:
    for text in (repr(sandbox), repr(sandbox.client()), repr(sandbox._engine.sender)):
        assert sandbox.auth_token not in text and sandbox.api_key_secret not in text
    basic = base64.b64encode(f"{sandbox.account_sid}:{sandbox.auth_token}".encode()).decode()
    assert basic not in repr(sandbox)


def test_the_contract_check_can_fail(sandbox: Sandbox, client: Client) -> None:
    # The checks the other tests rely on reject bodies Twilio would not send.
    path = f"/2010-04-01/Accounts/{sandbox.account_sid}/Messages.json"
    good = client.request("POST", path, data={"To": TO, "From": FROM, "Body": "x"}).json()
    url = sandbox.base_url + path
    assert contract_problems("POST", url, 201, good) == []
    assert contract_problems("POST", url, 201, dict(good, status="teleported"))
    assert contract_problems("POST", url, 201, dict(good, sid="XX123"))
    assert contract_problems("POST", url, 201, dict(good, date_created="yesterday"))
    assert contract_problems("GET", sandbox.base_url + "/v1/Rooms", 200, {"rooms": [{"duration": "long"}], "meta": {}})
    assert contract_problems("GET", url, 404, {"code": 20404, "message": "x", "status": 400, "more_info": "y"})
