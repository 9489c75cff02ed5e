"""The typing machinery costs nothing at run time: subscripts and decorators are no-ops there."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from twilio_core import AsyncClient, Client
from twilio_core._client_base import BaseClient
from twilio_core.resources import Page, call, streamed
from twilio_core.testing import MockTransport
from twilio_messaging import Message, MessageList

SID = "AC" + "0" * 32


def test_subscripts_are_the_classes_themselves() -> None:
    assert MessageList[AsyncClient] is MessageList
    assert Message[Client] is Message
    assert Page[Message, AsyncClient] is Page
    client = Client(SID, "token", plugins=["twilio_messaging._plugin"], transport=MockTransport())
    assert isinstance(client.messages, MessageList[Client])  # usable in isinstance, unlike typing aliases


def test_decorators_return_the_function_unchanged() -> None:
    def create(self: object, *, to: str) -> str:
        return to

    def stream(self: object) -> object:
        return iter(())

    assert call(create) is create
    assert streamed(stream) is stream  # type: ignore[arg-type]
    assert "create" in vars(MessageList) and callable(vars(MessageList)["create"])


def test_products_still_come_from_getattr() -> None:
    # The product annotations on the clients are for type checkers only: no class attributes.
    for name in ("messages", "messaging", "calls", "conferences", "queues", "recordings", "transcriptions", "video"):
        assert name not in vars(BaseClient)
        assert name not in vars(Client)
    client = Client(SID, "token", plugins=[], transport=MockTransport())
    with pytest.raises(AttributeError, match="twilio-voice"):
        client.calls


@pytest.mark.slow
def test_import_and_client_do_not_load_typing_or_resources() -> None:
    code = (
        "import sys, json\n"
        "from twilio_core import Client\n"
        f"Client({SID!r}, 'token')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'typing' or m.startswith('twilio_core.resources'))))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
