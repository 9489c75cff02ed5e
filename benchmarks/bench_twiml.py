"""TwiML: build and serialise a typical voice and a typical messaging document.

Each workload runs on twilio_twiml and, when the official ``twilio`` package is
installed, on it too, in the same run (same group), so the ratio is read off one
table::

    python -m pytest benchmarks/bench_twiml.py --benchmark-only \
        --benchmark-columns=min,median,mean,ops --benchmark-group-by=group

Target: twilio_twiml at most a third of the official library's time.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, Callable

import pytest

import twilio_twiml.messaging_response
import twilio_twiml.voice_response


def _official(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"twilio.twiml.{name}")
    except ImportError:
        return None


def build_voice(module: Any) -> str:
    """A Gather (action, method, num_digits) holding a Say (voice, language), a Say,
    a Dial (caller_id) holding a Number and a Client, a Record and a Redirect."""
    response = module.VoiceResponse()
    gather = response.gather(action="/menu", method="POST", num_digits=1)
    gather.say("Press 1 for sales, 2 for support.", voice="Polly.Joanna", language="en-US")
    response.say("We did not receive any input. Goodbye!")
    dial = response.dial(caller_id="+15558675310")
    dial.number("+15551234567")
    dial.client("support_agent")
    response.record()
    response.redirect("https://example.com/voice/next")
    return str(response)


def build_messaging(module: Any) -> str:
    """A Message holding a Body and two Media."""
    response = module.MessagingResponse()
    message = response.message()
    message.body("Store Location: 123 Easy St.")
    message.media("https://demo.twilio.com/owl.png")
    message.media("https://demo.twilio.com/cat.png")
    return str(response)


WORKLOADS: dict[str, tuple[Callable[[Any], str], ModuleType, str]] = {
    "voice": (build_voice, twilio_twiml.voice_response, "voice_response"),
    "messaging": (build_messaging, twilio_twiml.messaging_response, "messaging_response"),
}


@pytest.mark.parametrize("workload", sorted(WORKLOADS))
def test_twiml_ours(benchmark: Any, workload: str) -> None:
    build, module, official_name = WORKLOADS[workload]
    benchmark.group = f"twiml-{workload}"
    benchmark.name = f"twilio_twiml {workload}"
    # The conftest prints ours/official medians from this run (the target is a third).
    benchmark.extra_info["ratio_to"] = f"test_twiml_official[{workload}]"
    benchmark.extra_info["target"] = 0.33
    document = benchmark(build, module)
    official = _official(official_name)
    if official is not None:
        assert document == build(official)  # the same bytes, checked outside the timing


@pytest.mark.parametrize("workload", sorted(WORKLOADS))
def test_twiml_official(benchmark: Any, workload: str) -> None:
    build, _, official_name = WORKLOADS[workload]
    official = _official(official_name)
    if official is None:
        pytest.skip("the official twilio package is not installed (pip install 'twilio==9.*')")
    benchmark.group = f"twiml-{workload}"
    benchmark.name = f"official twilio {workload}"
    benchmark(build, official)
