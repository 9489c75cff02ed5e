"""The urllib3 transport over real HTTP on 127.0.0.1 (fixtures from tests/support)."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
import warnings

import pytest

from tests.support.listener import Listener, wait_until
from twilio_core.errors import ConfigurationError, TwilioConnectionError, TwilioTimeoutError
from twilio_core.http import Request, Timeout
from twilio_core.transports.base import Transport, TransportOptions
from twilio_core.transports.urllib3 import NoProxyRules, Urllib3Transport, create

pytestmark = pytest.mark.network

AUTH = "Basic " + base64.b64encode(b"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:s3cr3t-auth-token-value").decode()
FAST = Timeout(connect=2, read=2)


def make_transport(**options: object) -> Urllib3Transport:
    """A transport that ignores the real environment unless a test passes ``environ``."""
    options.setdefault("environ", {})
    return Urllib3Transport(TransportOptions(**options))  # type: ignore[arg-type]


@pytest.fixture
def transport():
    t = make_transport()
    yield t
    t.close()


# ------------------------------------------------------------ round trips


def test_factory_builds_a_transport():
    t = create(TransportOptions(environ={}))
    assert isinstance(t, Urllib3Transport) and isinstance(t, Transport)
    t.close()


def test_round_trip_carries_method_headers_body_and_lowercases_response_headers(transport, loopback_server):
    loopback_server.queue(
        201,
        json={"sid": "SM123"},
        headers=[("Twilio-Request-Id", "RQ42"), ("X-Mixed-Case", "Value"), ("X-Multi", "a"), ("X-Multi", "b")],
    )
    body = b"To=%2B15550001111&Body=hello&MediaUrl=a&MediaUrl=b"
    request = Request(
        "POST",
        loopback_server.url + "/2010-04-01/Accounts/AC1/Messages.json?PageSize=2",
        {"Authorization": AUTH, "Content-Type": "application/x-www-form-urlencoded", "X-Custom": "yes"},
        body,
    )
    response = transport.send(request, FAST)

    assert response.status == 201
    assert response.reason == "Created"
    assert response.json() == {"sid": "SM123"}
    assert response.request is request
    assert response.headers["twilio-request-id"] == "RQ42"
    assert response.headers["x-mixed-case"] == "Value"
    assert response.headers["x-multi"] == "a, b"
    assert all(name == name.lower() for name in response.headers)

    seen = loopback_server.last_request
    assert seen.method == "POST"
    assert seen.path == "/2010-04-01/Accounts/AC1/Messages.json"
    assert seen.query_params() == {"PageSize": ["2"]}
    assert seen.headers["authorization"] == AUTH
    assert seen.headers["x-custom"] == "yes"
    assert seen.headers["content-length"] == str(len(body))
    assert seen.body == body
    assert seen.form()["MediaUrl"] == ["a", "b"]


def test_get_without_body_and_chunked_response(transport, loopback_server):
    loopback_server.queue(200, body=b"x" * 5000, chunked=True)
    response = transport.send(Request("GET", loopback_server.url + "/chunked"), FAST)
    assert response.body == b"x" * 5000
    assert loopback_server.last_request.body == b""
    assert "content-length" not in loopback_server.last_request.headers


def test_redirects_are_not_followed(transport, loopback_server):
    loopback_server.queue(302, headers={"Location": "/elsewhere"})
    response = transport.send(Request("GET", loopback_server.url + "/start"), FAST)
    assert response.status == 302
    assert response.headers["location"] == "/elsewhere"
    assert [r.path for r in loopback_server.requests] == ["/start"]


def test_transport_itself_never_retries(transport, loopback_server):
    loopback_server.queue(503)
    assert transport.send(Request("GET", loopback_server.url + "/a"), FAST).status == 503
    loopback_server.queue(drop=True)
    with pytest.raises(TwilioConnectionError):
        transport.send(Request("GET", loopback_server.url + "/b"), FAST)
    assert [r.path for r in loopback_server.requests] == ["/a", "/b"]


def test_keep_alive_reuses_one_connection(transport, loopback_server):
    for i in range(25):
        response = transport.send(Request("POST", loopback_server.url + f"/n/{i}", body=b"i=%d" % i), FAST)
        assert response.json()["path"] == f"/n/{i}"
    assert len(loopback_server.requests) == 25
    assert loopback_server.connections_accepted == 1
    assert {r.connection_id for r in loopback_server.requests} == {1}


def test_close_drops_pooled_connections_and_transport_can_reconnect(transport, loopback_server):
    transport.send(Request("GET", loopback_server.url + "/one"), FAST)
    transport.close()
    transport.send(Request("GET", loopback_server.url + "/two"), FAST)
    assert loopback_server.connections_accepted == 2


def test_server_closing_idle_keep_alive_connection_is_noticed(transport, loopback_server):
    # The server answers and closes; the next request must open a new connection, not fail.
    loopback_server.queue(200, close=True)
    transport.send(Request("GET", loopback_server.url + "/one"), FAST)
    assert transport.send(Request("POST", loopback_server.url + "/two", body=b"x"), FAST).status == 200
    assert loopback_server.connections_accepted == 2


# ---------------------------------------------------------------- failures


def test_stalled_server_times_out_naming_method_and_url(transport, loopback_server):
    loopback_server.queue(200, stall=5)
    url = loopback_server.url + "/2010-04-01/Accounts/AC1/Calls.json"
    started = time.monotonic()
    with pytest.raises(TwilioTimeoutError) as info:
        transport.send(Request("GET", url), Timeout(connect=2, read=0.3))
    elapsed = time.monotonic() - started
    assert 0.25 <= elapsed < 2.0
    assert str(info.value).startswith(f"GET {url}: ")
    assert "read timeout" in str(info.value) and "0.3 s" in str(info.value)
    assert info.value.sent is True  # the server has the request: not safe to repeat a POST
    assert info.value.method == "GET" and info.value.url == url


def test_connection_refused_is_not_sent(transport, refused_url):
    url = refused_url + "/2010-04-01/Accounts/AC1/Messages.json"
    with pytest.raises(TwilioConnectionError) as info:
        transport.send(Request("POST", url, {"Authorization": AUTH}, b"Body=hi"), FAST)
    assert str(info.value) == f"POST {url}: could not connect: connection refused"
    assert info.value.sent is False


def test_dns_failure_is_not_sent(transport, monkeypatch):
    real = socket.getaddrinfo

    def fake_getaddrinfo(host, *args, **kwargs):
        if host == "api.unresolvable.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    # No lookup leaves the machine: resolution of this one name fails in-process.
    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(TwilioConnectionError) as info:
        transport.send(Request("POST", "https://api.unresolvable.test/x"), FAST)
    assert info.value.sent is False
    assert "could not resolve host 'api.unresolvable.test'" in str(info.value)
    assert not isinstance(info.value, TwilioTimeoutError)


def test_connect_timeout_is_not_sent(transport):
    # A listening socket whose accept queue is full: Linux drops further SYNs, so connect() hangs.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    fillers = []
    try:
        for _ in range(8):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(server.getsockname())
            fillers.append(filler)
        time.sleep(0.05)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/x"
        started = time.monotonic()
        with pytest.raises(TwilioTimeoutError) as info:
            transport.send(Request("POST", url), Timeout(connect=0.3, read=5))
        assert time.monotonic() - started < 3
        assert info.value.sent is False
        assert str(info.value) == f"POST {url}: connect timed out (0.3 s)"
    finally:
        for filler in fillers:
            filler.close()
        server.close()


def test_dropped_after_reading_counts_as_sent(transport, loopback_server):
    loopback_server.queue(drop=True)
    with pytest.raises(TwilioConnectionError) as info:
        transport.send(Request("POST", loopback_server.url + "/drop", body=b"x=1"), FAST)
    assert info.value.sent is True
    assert "server closed the connection without a response" in str(info.value)
    assert loopback_server.last_request.body == b"x=1"


def test_reset_after_reading_counts_as_sent(transport, loopback_server):
    loopback_server.queue(drop="reset")
    with pytest.raises(TwilioConnectionError) as info:
        transport.send(Request("POST", loopback_server.url + "/reset", body=b"x=1"), FAST)
    assert info.value.sent is True
    assert "connection reset" in str(info.value)


def test_invalid_url_is_a_connection_error_not_sent(transport):
    with pytest.raises(TwilioConnectionError) as info:
        transport.send(Request("GET", "http://127.0.0.1:99999/x"), FAST)
    assert info.value.sent is False


@pytest.mark.parametrize("failure", ["refused", "timeout", "drop"])
def test_error_messages_hold_no_secret_or_body(transport, loopback_server, refused_url, failure):
    secret_body = b"Body=my+private+message&To=%2B15550001111"
    base = {"refused": refused_url, "timeout": loopback_server.url, "drop": loopback_server.url}[failure]
    if failure == "timeout":
        loopback_server.queue(stall=3)
    elif failure == "drop":
        loopback_server.queue(drop=True)
    url = base.replace("http://", "http://user:urlpassword@") + "/Messages.json?To=%2B15550001111"
    request = Request("POST", url, {"Authorization": AUTH, "X-Api-Secret": "hdr-secret-value"}, secret_body)
    with pytest.raises((TwilioConnectionError, TwilioTimeoutError)) as info:
        transport.send(request, Timeout(connect=2, read=0.3))
    error = info.value
    text = " ".join([str(error), repr(error), str(error.args), str(error.url)])
    for secret in (AUTH, AUTH.split()[1], "s3cr3t", "hdr-secret-value", "my+private", "urlpassword", "15550001111"):
        if secret == "15550001111" and secret in str(error.url):
            continue  # the query string stays on error.url (for programs), only the message drops it
        assert secret not in text, (secret, text)
    assert str(error).startswith("POST http://127.0.0.1:")
    assert error.__cause__ is None and error.__suppress_context__  # no urllib3 repr chained onto tracebacks


# --------------------------------------------------------------------- TLS


def test_tls_rejected_without_the_ca(transport, tls_server):
    url = tls_server.url + "/v1/Rooms"
    with pytest.raises(TwilioConnectionError) as info:
        transport.send(Request("POST", url, {"Authorization": AUTH}, b"x=1"), FAST)
    assert info.value.sent is False
    assert str(info.value).startswith(f"POST {url}: TLS certificate verification failed")
    assert tls_server.requests == []


def test_tls_accepted_with_ca_bundle(tls_server):
    transport = make_transport(ca_bundle=tls_server.ca_pem_path)
    try:
        for _ in range(3):
            assert transport.send(Request("GET", tls_server.url + "/ok"), FAST).status == 200
    finally:
        transport.close()
    assert tls_server.connections_accepted == 1


def test_tls_verify_false_is_allowed_but_warns(tls_server):
    transport = make_transport(verify=False)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert transport.send(Request("GET", tls_server.url + "/insecure"), FAST).status == 200
    finally:
        transport.close()
    assert any("Unverified HTTPS request" in str(w.message) for w in caught)


def test_ca_bundle_that_does_not_exist_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError, match="ca_bundle .*missing.pem"):
        make_transport(ca_bundle=str(tmp_path / "missing.pem"))


class _Silent(Listener):
    """Accepts and never speaks: a TLS handshake to it stalls."""

    def serve(self, conn, conn_id):
        self.stopping.wait(10)


class _NotTLS(Listener):
    """Answers any connection with plain HTTP at once: a TLS client fails the handshake."""

    def serve(self, conn, conn_id):
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        self.stopping.wait(10)


def test_tls_handshake_failure_is_not_sent(transport):
    with _NotTLS() as server:
        with pytest.raises(TwilioConnectionError) as info:
            transport.send(Request("POST", f"https://127.0.0.1:{server.port}/x"), FAST)
    assert info.value.sent is False
    assert "TLS handshake failed" in str(info.value)


def test_tls_handshake_timeout_is_not_sent(transport):
    with _Silent() as server:
        with pytest.raises(TwilioTimeoutError) as info:
            transport.send(Request("POST", f"https://127.0.0.1:{server.port}/x"), Timeout(connect=0.3, read=5))
    assert info.value.sent is False
    assert "TLS handshake timed out" in str(info.value)


# ----------------------------------------------------------------- proxies


def test_https_proxy_from_environment_tunnels(tls_server, forward_proxy):
    transport = make_transport(ca_bundle=tls_server.ca_pem_path, environ={"HTTPS_PROXY": forward_proxy.url})
    try:
        for _ in range(3):
            assert transport.send(Request("GET", tls_server.url + "/via-proxy"), FAST).status == 200
    finally:
        transport.close()
    assert [(r.method, r.target) for r in forward_proxy.requests] == [("CONNECT", f"127.0.0.1:{tls_server.port}")]
    assert [r.path for r in tls_server.requests] == ["/via-proxy"] * 3
    assert tls_server.connections_accepted == 1  # the tunnel is kept alive


def test_no_proxy_sends_matching_hosts_direct(tls_server, forward_proxy):
    environ = {"https_proxy": forward_proxy.url, "no_proxy": "example.com, 127.0.0.1"}
    transport = make_transport(ca_bundle=tls_server.ca_pem_path, environ=environ)
    try:
        assert transport.send(Request("GET", tls_server.url + "/direct"), FAST).status == 200
    finally:
        transport.close()
    assert forward_proxy.requests == []
    assert [r.path for r in tls_server.requests] == ["/direct"]


def test_http_proxy_gets_absolute_form_requests(loopback_server, forward_proxy):
    transport = make_transport(environ={"HTTP_PROXY": forward_proxy.url, "HTTPS_PROXY": "http://127.0.0.1:9"})
    try:
        response = transport.send(Request("POST", loopback_server.url + "/form?x=1", body=b"a=b"), FAST)
    finally:
        transport.close()
    assert response.status == 200
    assert [(r.method, r.target) for r in forward_proxy.requests] == [("POST", loopback_server.url + "/form?x=1")]
    assert loopback_server.last_request.path == "/form" and loopback_server.last_request.body == b"a=b"


def test_explicit_proxy_with_credentials(tls_server, make_forward_proxy):
    proxy = make_forward_proxy(credentials="alice:pr0xy-pass")
    transport = make_transport(
        ca_bundle=tls_server.ca_pem_path,
        proxy=proxy.url_with_credentials("alice", "pr0xy-pass"),
        environ={"HTTPS_PROXY": "http://127.0.0.1:9"},  # explicit wins over the environment
    )
    try:
        assert transport.send(Request("GET", tls_server.url + "/auth"), FAST).status == 200
    finally:
        transport.close()
    expected = "Basic " + base64.b64encode(b"alice:pr0xy-pass").decode()
    assert proxy.requests[0].headers["proxy-authorization"] == expected
    assert "proxy-authorization" not in tls_server.last_request.headers
    assert "pr0xy-pass" not in repr(transport)


def test_proxy_refusing_credentials_is_not_sent_and_hides_them(tls_server, make_forward_proxy):
    proxy = make_forward_proxy(credentials="alice:right")
    transport = make_transport(ca_bundle=tls_server.ca_pem_path, proxy=proxy.url_with_credentials("alice", "wr0ng-pass"))
    try:
        with pytest.raises(TwilioConnectionError) as info:
            transport.send(Request("POST", tls_server.url + "/x", body=b"x=1"), FAST)
    finally:
        transport.close()
    assert info.value.sent is False
    assert "407" in str(info.value) and f"127.0.0.1:{proxy.port}" in str(info.value)
    assert "wr0ng-pass" not in str(info.value) and "alice" not in str(info.value)
    assert tls_server.requests == []


def test_unreachable_proxy_is_not_sent_and_hides_credentials(tls_server, refused_url):
    proxy_url = refused_url.replace("http://", "http://bob:hunter2-proxy@")
    transport = make_transport(proxy=proxy_url)
    try:
        with pytest.raises(TwilioConnectionError) as info:
            transport.send(Request("POST", tls_server.url + "/x", body=b"x=1"), FAST)
    finally:
        transport.close()
    message = str(info.value)
    assert info.value.sent is False
    assert f"could not connect to proxy {refused_url}: connection refused" in message
    assert "hunter2" not in message and "bob" not in message


def _direct(transport: Urllib3Transport, url: str) -> bool:
    return transport.pool_manager_for(url) is transport._direct


@pytest.mark.parametrize(
    ("no_proxy", "url", "direct"),
    [
        ("", "https://api.twilio.com/x", False),
        ("*", "https://api.twilio.com/x", True),
        ("twilio.com", "https://api.twilio.com/x", True),
        ("twilio.com", "https://twilio.com/x", True),
        ("twilio.com", "https://nottwilio.com/x", False),
        (".twilio.com", "https://api.twilio.com/x", True),
        ("*.twilio.com", "https://video.twilio.com/x", True),
        ("API.Twilio.COM", "https://api.twilio.com/x", True),
        ("api.twilio.com:443", "https://api.twilio.com/x", True),
        ("api.twilio.com:8443", "https://api.twilio.com/x", False),
        ("api.twilio.com:8443", "https://api.twilio.com:8443/x", True),
        ("localhost,127.0.0.1", "https://127.0.0.1:8080/x", True),
        ("10.0.0.0/8", "https://10.1.2.3/x", True),
        ("10.0.0.0/8", "https://11.1.2.3/x", False),
        ("::1", "https://[::1]:8443/x", True),
        ("[::1]:8443", "https://[::1]:8443/x", True),
        ("[::1]:8443", "https://[::1]:9443/x", False),
        ("foo.example  bar.example", "https://bar.example/x", True),
    ],
)
def test_no_proxy_rules(no_proxy, url, direct):
    transport = make_transport(environ={"HTTPS_PROXY": "http://proxy.internal:3128", "NO_PROXY": no_proxy})
    assert _direct(transport, url) is direct


def test_proxy_choice_follows_scheme_and_precedence():
    environ = {"HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2", "HTTP_PROXY": "http://plain:3"}
    transport = make_transport(environ=environ)
    assert transport.pool_manager_for("https://api.twilio.com/").proxy.host == "lower"
    assert transport.pool_manager_for("http://127.0.0.1:8080/").proxy.host == "plain"
    # One manager per proxy URL, created once.
    assert transport.pool_manager_for("https://a.twilio.com/") is transport.pool_manager_for("https://b.twilio.com/")


def test_proxy_environment_ignored_when_trust_env_is_false_or_no_proxy_option_given():
    environ = {"HTTPS_PROXY": "http://proxy.internal:3128"}
    assert _direct(make_transport(environ=environ, trust_env=False), "https://api.twilio.com/")
    only_option = make_transport(environ={**environ, "NO_PROXY": "*"}, no_proxy="other.example")
    assert not _direct(only_option, "https://api.twilio.com/")
    assert _direct(only_option, "https://other.example/")


def test_upper_case_http_proxy_ignored_under_cgi():
    transport = make_transport(environ={"HTTP_PROXY": "http://attacker:1", "REQUEST_METHOD": "GET"})
    assert _direct(transport, "http://127.0.0.1:8080/")


def test_proxy_without_scheme_means_http_and_socks_is_refused_clearly():
    transport = make_transport(proxy="proxy.internal:3128")
    assert transport.pool_manager_for("https://api.twilio.com/").proxy.scheme == "http"
    with pytest.raises(ConfigurationError) as info:
        make_transport(proxy="socks5://user:socks-secret@127.0.0.1:1080")
    assert "socks5" in str(info.value) and "socks-secret" not in str(info.value)


def test_no_proxy_rules_ignore_garbage_entries():
    rules = NoProxyRules("[broken, host:notaport, ,good.example")
    assert rules.bypasses("good.example", 443)
    assert not rules.bypasses("broken", 443)
    assert not NoProxyRules("")


# ----------------------------------------------------------------- threads


def test_threads_share_one_transport_and_get_their_own_responses(transport, loopback_server):
    threads, per_thread = 8, 50
    failures: list[str] = []
    start = threading.Barrier(threads)

    def worker(n: int) -> None:
        start.wait(5)
        for i in range(per_thread):
            tag = f"t{n}-r{i}"
            request = Request("POST", loopback_server.url + f"/echo/{tag}", {"X-Tag": tag}, f"tag={tag}".encode())
            try:
                echoed = json.loads(transport.send(request, Timeout(5)).body)
            except Exception as exc:  # collected and reported below
                failures.append(f"{tag}: {exc!r}")
                continue
            if (echoed["path"], echoed["headers"].get("x-tag"), echoed["body"]) != (f"/echo/{tag}", tag, f"tag={tag}"):
                failures.append(f"{tag}: got {echoed}")

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(60)
    assert not any(thread.is_alive() for thread in pool)
    assert failures == []
    assert len(loopback_server.requests) == threads * per_thread
    # Each thread holds at most one connection at a time, and they are pooled.
    assert loopback_server.connections_accepted <= threads


# ------------------------------------------------------ the test server itself


def test_loopback_server_stops_promptly_with_open_and_stalled_connections(transport):
    from tests.support import LoopbackServer

    before = {t.ident for t in threading.enumerate()}
    server = LoopbackServer().start()
    transport.send(Request("GET", server.url + "/idle"), FAST)  # leaves a kept-alive connection open
    server.queue(stall=30)
    stalled = threading.Thread(target=lambda: pytest.raises(Exception, transport.send, Request("GET", server.url + "/s"), Timeout(2, read=20)))
    stalled.start()
    assert wait_until(lambda: len(server.requests) == 2)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 1.0
    stalled.join(5)
    assert not stalled.is_alive()
    leaked = [t.name for t in threading.enumerate() if t.ident not in before and t.name.startswith("loopback")]
    assert leaked == []
