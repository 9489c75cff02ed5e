"""Urllib3Transport.send vs raw urllib3 doing the same keep-alive POST + JSON parse on 127.0.0.1."""
import json
import pytest
import urllib3
from tests.support import LoopbackServer, Reply
from twilio_core.http import Request, Timeout
from twilio_core.transports.base import TransportOptions
from twilio_core.transports.urllib3 import Urllib3Transport

BODY = b"To=%2B15550001111&From=%2B15550002222&Body=hello"
HEADERS = {"Authorization": "Basic QUM6dG9r", "Content-Type": "application/x-www-form-urlencoded"}
REPLY = Reply(201, json={"sid": "SM" + "0" * 32, "status": "queued"})

@pytest.fixture(scope="module")
def server():
    s = LoopbackServer(handler=lambda r: REPLY).start()
    yield s
    s.stop()

def test_raw_urllib3(benchmark, server):
    pool = urllib3.PoolManager(retries=False)
    url = server.url + "/2010-04-01/Accounts/AC1/Messages.json"
    t = urllib3.Timeout(connect=10, read=30)
    def run():
        r = pool.request("POST", url, body=BODY, headers=HEADERS, timeout=t, redirect=False)
        return json.loads(r.data)
    benchmark.group = "transport"
    assert benchmark(run)["status"] == "queued"

def test_urllib3_transport(benchmark, server):
    transport = Urllib3Transport(TransportOptions(environ={}))
    url = server.url + "/2010-04-01/Accounts/AC1/Messages.json"
    timeout = Timeout()
    def run():
        return transport.send(Request("POST", url, dict(HEADERS), BODY), timeout).json()
    benchmark.group = "transport"
    assert benchmark(run)["status"] == "queued"

def test_urllib3_transport_env_proxy_no_proxy(benchmark, server):
    # A proxy configured but bypassed by NO_PROXY: the cost of the per-request routing decision.
    transport = Urllib3Transport(TransportOptions(environ={"HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "localhost,127.0.0.1"}))
    url = server.url + "/2010-04-01/Accounts/AC1/Messages.json"
    timeout = Timeout()
    def run():
        return transport.send(Request("POST", url, dict(HEADERS), BODY), timeout).json()
    benchmark.group = "transport"
    assert benchmark(run)["status"] == "queued"
