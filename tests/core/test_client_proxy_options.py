"""Client(no_proxy=..., trust_env=False) over real HTTP on 127.0.0.1 with a real forward proxy."""

from __future__ import annotations

from twilio_core import Client

SID = "AC" + "2" * 32


def _get(client: Client) -> int:
    return client.request("GET", "/2010-04-01/Accounts.json").status


def test_environment_proxy_is_used_by_default(loopback_server, forward_proxy) -> None:  # type: ignore[no-untyped-def]
    client = Client(SID, "tok", base_url=loopback_server.url, environ={"HTTP_PROXY": forward_proxy.url}, retry=None)
    assert _get(client) == 200
    assert len(forward_proxy.requests) == 1
    client.close()


def test_trust_env_false_ignores_the_environment_proxy(loopback_server, forward_proxy) -> None:  # type: ignore[no-untyped-def]
    client = Client(SID, "tok", base_url=loopback_server.url, environ={"HTTP_PROXY": forward_proxy.url},
                    trust_env=False, retry=None)
    assert _get(client) == 200
    assert forward_proxy.requests == [] and len(loopback_server.requests) == 1
    client.close()


def test_explicit_no_proxy_bypasses_an_explicit_proxy(loopback_server, forward_proxy) -> None:  # type: ignore[no-untyped-def]
    client = Client(SID, "tok", base_url=loopback_server.url, environ={}, proxy=forward_proxy.url,
                    no_proxy="127.0.0.1", retry=None)
    assert _get(client) == 200
    assert forward_proxy.requests == []
    assert client.config.no_proxy == "127.0.0.1" and client.config.trust_env is True
    client.close()
