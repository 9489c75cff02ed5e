"""pytest plugin (entry point ``pytest11``): fixtures with a sandbox started in-process.

* ``twilio_sandbox``: a running :class:`~twilio_sandbox.Sandbox`, stopped after the test.
* ``twilio_sandbox_client``: a :class:`twilio_core.Client` for that same sandbox.

Options come from the ``twilio_sandbox`` marker, e.g.
``@pytest.mark.twilio_sandbox(step=None)`` for a manual clock or
``@pytest.mark.twilio_sandbox(step=0.01, call_duration=0.05)``. Loading this
plugin imports nothing heavy: the sandbox loads when a test asks for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

import pytest

if TYPE_CHECKING:  # pragma: no cover
    from twilio_core import Client

    from .sandbox import Sandbox


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "twilio_sandbox(**options): options for the twilio_sandbox fixture's Sandbox "
        "(step, call_duration, webhook_timeout, db, account_sid, auth_token)",
    )


@pytest.fixture
def twilio_sandbox(request: pytest.FixtureRequest) -> Iterator["Sandbox"]:
    """A Twilio sandbox running on 127.0.0.1 for this test, stopped (threads joined) afterwards."""
    from .sandbox import Sandbox

    marker = request.node.get_closest_marker("twilio_sandbox")
    options: dict[str, Any] = dict(marker.kwargs) if marker else {}
    sandbox = Sandbox(**options).start()
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def twilio_sandbox_client(twilio_sandbox: "Sandbox") -> "Client":
    """A ``twilio_core.Client`` with the sandbox's credentials and ``base_url``."""
    return twilio_sandbox.client()
