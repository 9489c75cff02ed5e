"""AsyncClient construction: same configuration as Client, transport choice, lifecycle, closed errors."""

from __future__ import annotations

import types
from typing import Any

import pytest

from tests.async_.helpers import SID, TOKEN, async_client, run
from twilio_core import Client, ClientClosedError, ConfigurationError, CredentialsError, Timeout
from twilio_core.async_client import AsyncClient
from twilio_core.http import Response
from twilio_core.testing import MockTransport
from twilio_core.transports.async_base import AsyncTransport, InlineTransport


class EchoAsync(AsyncTransport):
    """A minimal async transport that answers 200 and counts closes."""

    def __init__(self, options: Any = None) -> None:
        self.options = options
        self.closes = 0
        self.sent: list[Any] = []

    async def send(self, request, timeout):  # type: ignore[no-untyped-def]
        self.sent.append((request, timeout))
        return Response(200, {"content-type": "application/json"}, b'{"ok": true}', request)

    async def aclose(self) -> None:
        self.closes += 1


def transport_plugin(name: str, factory: Any) -> types.ModuleType:
    """A plugin module registering ``factory`` as transport ``name``."""
    module = types.ModuleType(f"fake_{name}_plugin")
    module.TWILIO_PLUGIN_API = 1  # type: ignore[attr-defined]

    def twilio_register_transports(registry: Any) -> None:
        registry.add(name, factory)

    module.twilio_register_transports = twilio_register_transports  # type: ignore[attr-defined]
    return module


def async_factory(made: list[EchoAsync]) -> Any:
    def create(options: Any) -> EchoAsync:
        transport = EchoAsync(options)
        made.append(transport)
        return transport

    create.asynchronous = True  # type: ignore[attr-defined]
    return create


def test_same_configuration_as_client() -> None:
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_REGION": "ie1", "TWILIO_EDGE": "dublin"}
    sync = Client(environ=env, transport=MockTransport())
    client = AsyncClient(environ=env, transport=MockTransport(), timeout=(3, 7), user_agent_extensions=["app/1"])
    assert client.account_sid == sync.account_sid == SID
    assert (client.region, client.edge) == (sync.region, sync.edge) == ("ie1", "dublin")
    assert client.config.origin("api") == sync.config.origin("api") == "https://api.dublin.ie1.twilio.com"
    assert client.config.timeout == Timeout(connect=3, read=7)
    assert client.is_async and not sync.is_async
    assert TOKEN not in repr(client) and repr(client).startswith("<AsyncClient account_sid=")


def test_bad_credentials_fail_at_construction_like_client() -> None:
    with pytest.raises(CredentialsError):
        AsyncClient("not-a-sid", "x", environ={}, transport=MockTransport())


def test_immutable() -> None:
    client = async_client(transport=MockTransport())
    with pytest.raises(AttributeError, match="AsyncClient is immutable"):
        client.timeout = 3  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [0, -1, True, 2.5, "10"])
def test_pool_maxsize_must_be_positive_int(size: Any) -> None:
    with pytest.raises(ConfigurationError, match="pool_maxsize"):
        async_client(transport=MockTransport(), pool_maxsize=size)


def test_no_async_transport_installed_names_the_distribution() -> None:
    # An explicit (empty) plugin list leaves only the core's sync urllib3 transport.
    with pytest.raises(ConfigurationError, match=r"pip install twilio-aiohttp.*urllib3"):
        async_client(plugins=[])


def test_only_async_transport_is_picked_by_default() -> None:
    made: list[EchoAsync] = []
    client = async_client(plugins=[transport_plugin("fast", async_factory(made))], pool_maxsize=7)

    async def go() -> None:
        async with client:
            response = await client.request("GET", "/x")
            assert response.json() == {"ok": True}

    run(go())
    assert len(made) == 1 and made[0].options.pool_maxsize == 7
    assert made[0].closes == 1  # the client built it, so the client closes it


def test_several_async_transports_need_a_choice() -> None:
    plugins = [transport_plugin("one", async_factory([])), transport_plugin("two", async_factory([]))]
    with pytest.raises(ConfigurationError, match=r"several async transports.*one, two.*TWILIO_ASYNC_TRANSPORT"):
        async_client(plugins=plugins)
    made: list[EchoAsync] = []
    plugins = [transport_plugin("one", async_factory([])), transport_plugin("two", async_factory(made))]
    client = async_client(plugins=plugins, environ={"TWILIO_ASYNC_TRANSPORT": "two"})
    run(client.request("GET", "/x"))
    client2 = async_client(plugins=plugins, transport="two")
    run(client2.request("GET", "/x"))
    assert len(made) == 2


def test_unknown_transport_name() -> None:
    with pytest.raises(ConfigurationError, match=r"no transport named 'nope'.*pip install twilio-aiohttp"):
        async_client(plugins=[], transport="nope")


def test_sync_transport_by_name_is_refused_when_built() -> None:
    client = async_client(plugins=[], transport="urllib3")
    with pytest.raises(ConfigurationError, match="'urllib3' is a sync transport"):
        run(client.request("GET", "/x"))


def test_sync_transport_instance_is_refused() -> None:
    class SyncOnly:
        def send(self, request, timeout):  # type: ignore[no-untyped-def]
            raise AssertionError("never called")

    with pytest.raises(ConfigurationError, match="SyncOnly is a sync transport.*twilio-aiohttp"):
        async_client(transport=SyncOnly())


def test_client_refuses_an_async_transport_by_name() -> None:
    client = Client(SID, TOKEN, plugins=[transport_plugin("fast", async_factory([]))], transport="fast")
    with pytest.raises(ConfigurationError, match="'fast' is an async transport.*AsyncClient"):
        client.request("GET", "/x")


def test_mock_transport_runs_inline_and_stays_the_callers() -> None:
    mock = MockTransport()
    mock.queue(201, json={"sid": "SM1"})
    client = async_client(transport=mock)
    assert isinstance(client.pipeline.transport, InlineTransport)

    async def go() -> Any:
        async with client:
            return await client.request("POST", "/2010-04-01/Accounts/x/Messages.json", data={"To": "+1"})

    response = run(go())
    assert response.status == 201 and response.json() == {"sid": "SM1"}
    assert mock.last_request.form() == {"To": ["+1"]}
    assert not mock.closed  # passed in: the caller's to close


def test_explicit_async_transport_is_not_closed_by_client() -> None:
    transport = EchoAsync()
    client = async_client(transport=transport)
    run(client.aclose())
    assert transport.closes == 0


def test_closed_client_raises_client_closed_error() -> None:
    made: list[EchoAsync] = []
    client = async_client(plugins=[transport_plugin("fast", async_factory(made))])

    async def go() -> None:
        await client.request("GET", "/x")
        await client.aclose()
        await client.aclose()  # idempotent
        assert client.closed and "closed" in repr(client)
        with pytest.raises(ClientClosedError, match="build a new AsyncClient"):
            await client.request("GET", "/x")
        with pytest.raises(ClientClosedError):
            await client.send(client.build_request("GET", "/x"))
        with pytest.raises(ClientClosedError):
            async with client:
                pass

    run(go())
    assert made[0].closes == 1


def test_closed_before_first_use() -> None:
    client = async_client(transport=EchoAsync())
    run(client.aclose())
    with pytest.raises(ClientClosedError):
        client.pipeline  # noqa: B018


def test_plain_with_is_a_clear_type_error() -> None:
    client = async_client(transport=EchoAsync())
    with pytest.raises(TypeError, match="async with"):
        with client:  # type: ignore[attr-defined]
            pass


def test_missing_product_names_the_distribution() -> None:
    client = async_client(transport=EchoAsync(), plugins=[])
    with pytest.raises(AttributeError, match="pip install twilio-video"):
        client.video  # noqa: B018


def test_request_timeout_reaches_transport() -> None:
    transport = EchoAsync()
    client = async_client(transport=transport, timeout=4)
    run(client.request("GET", "/x"))
    run(client.request("GET", "/y", timeout=(1, 2)))
    assert [t for _, t in transport.sent] == [Timeout(4), Timeout(connect=1, read=2)]
