"""twilio_extend_product can attach helpers to a first-party product such as client.messages."""

from __future__ import annotations

import types
from typing import Any

import pytest

from twilio_core import Client
from twilio_core.testing import MockTransport

pytest.importorskip("twilio_messaging")


def test_extension_attaches_a_helper_to_messages_once_per_client() -> None:
    calls: list[str] = []

    def twilio_extend_product(name: str, product: Any, client: Any) -> None:
        calls.append(name)
        if name == "messages":
            product.send_hello = lambda to: product.create(to=to, from_="+15017122661", body="hello")

    extension = types.SimpleNamespace(TWILIO_PLUGIN_API=1, twilio_extend_product=twilio_extend_product, __name__="ext")
    transport = MockTransport()
    transport.queue(201, json={"sid": "SM" + "1" * 32, "status": "queued"})
    client = Client("AC" + "1" * 32, "tok", transport=transport,
                    plugins=["twilio_messaging._plugin", extension])
    message = client.messages.send_hello("+15558675310")
    assert message.sid == "SM" + "1" * 32
    assert transport.last_request.form()["Body"] == ["hello"]
    client.messages  # cached: the hook is not called again
    assert calls == ["messages"]
