"""Review: a proxy URL whose password holds an unescaped '/' is refused without echoing any of it."""

from __future__ import annotations

import pytest

from twilio_core import ConfigurationError
from twilio_core.transports.base import TransportOptions

SECRET_HEAD = "pa55head"
PROXY = f"http://alice:{SECRET_HEAD}/tail-SECRET@127.0.0.1:9"


def _check(exc: BaseException) -> None:
    text = str(exc)
    assert isinstance(exc, ConfigurationError), f"{type(exc).__name__}: {text}"
    assert SECRET_HEAD not in text and "tail-SECRET" not in text
    assert "percent-encode" in text


def test_urllib3_transport_refuses_malformed_proxy_credentials() -> None:
    from twilio_core.transports.urllib3 import Urllib3Transport

    with pytest.raises(Exception) as info:
        Urllib3Transport(TransportOptions(proxy=PROXY))
    _check(info.value)


def test_urllib3_transport_refuses_malformed_proxy_credentials_from_environ() -> None:
    from twilio_core.transports.urllib3 import Urllib3Transport

    with pytest.raises(Exception) as info:
        Urllib3Transport(TransportOptions(environ={"HTTPS_PROXY": PROXY}))
    _check(info.value)


def test_aiohttp_transport_refuses_malformed_proxy_credentials() -> None:
    pytest.importorskip("aiohttp")
    from twilio_aiohttp.transport import AiohttpTransport

    with pytest.raises(Exception) as info:
        AiohttpTransport(TransportOptions(proxy=PROXY))
    _check(info.value)


def test_well_formed_proxy_credentials_still_accepted() -> None:
    from twilio_core.transports.urllib3 import Urllib3Transport

    transport = Urllib3Transport(TransportOptions(proxy="http://alice:pa%2Fss@127.0.0.1:9"))
    assert "pa%2Fss" not in repr(transport)
    transport.close()
