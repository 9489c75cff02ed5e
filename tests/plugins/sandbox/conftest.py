"""Fixtures for the sandbox tests: a fast sandbox, clients whose every response is checked
against Twilio's OpenAPI schemas (see ``sandbox_support.ContractCheck``), and a webhook app."""

from __future__ import annotations

from typing import Iterator

import pytest

from twilio_core import Client
from twilio_sandbox import Sandbox

from .sandbox_support import ContractCheck, WebhookApp


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A sandbox with a fast clock (20 ms steps, calls in progress for 60 ms)."""
    box = Sandbox(step=0.02, call_duration=0.06).start()
    try:
        yield box
    finally:
        box.stop()


@pytest.fixture
def contract() -> Iterator[ContractCheck]:
    check = ContractCheck()
    yield check
    assert not check.problems, "sandbox responses broke Twilio's contract:\n" + "\n".join(check.problems)


@pytest.fixture
def client(sandbox: Sandbox, contract: ContractCheck) -> Client:
    """A client for ``sandbox`` (base_url without {domain}); every response contract-checked."""
    return sandbox.client(middleware=[contract], retry=None)


@pytest.fixture
def domain_client(sandbox: Sandbox, contract: ContractCheck) -> Client:
    """A client using the ``http://127.0.0.1:PORT/{domain}`` form; every response contract-checked."""
    return sandbox.client(middleware=[contract], retry=None, domain_in_path=True)


@pytest.fixture
def webhook_app() -> Iterator[WebhookApp]:
    app = WebhookApp()
    try:
        yield app
    finally:
        app.stop()
