"""Cold start: ``import twilio_core`` + ``Client()`` in a fresh interpreter vs ``python -c pass``.

Also reported: import + ``Client()`` + the first request (plugin discovery,
pipeline, urllib3 pool, one POST to a local server). Each round starts a new
process, so these are wall-clock process times; the ratios printed at the end
compare medians from the same run. Target for import + Client(): <= 2x.

Installed packages have their bytecode compiled by pip, so the set-up compiles
every installed Python package's bytecode first (``compileall``); without that
a machine with ``PYTHONDONTWRITEBYTECODE=1`` (this one) would measure
compiling our sources from scratch in every round, which no user pays.

Run: ``python -m pytest benchmarks/bench_import.py --benchmark-only -q``
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any, Iterator

import pytest

from tests.support import LoopbackServer, Reply

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9f86d081884c7d659a2feaa0c55ad015"
ENV = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}


def run_python(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], env=ENV, check=True, stdout=subprocess.DEVNULL)


@pytest.fixture(scope="module", autouse=True)
def compiled_bytecode() -> None:
    import compileall
    import importlib.util

    for name in ("twilio_core", "twilio_messaging", "twilio_voice", "twilio_video", "twilio_twiml",
                 "twilio_jwt", "twilio_aiohttp", "twilio_sandbox", "pluggy", "urllib3"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                compileall.compile_dir(folder, quiet=1)


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    s = LoopbackServer(handler=lambda request: Reply(201, json={"sid": "SM1", "status": "queued"})).start()
    yield s
    s.stop()


def test_python_pass(benchmark: Any) -> None:
    benchmark.group = "cold start"
    benchmark(run_python, "pass")


def test_import_and_client(benchmark: Any) -> None:
    benchmark.group = "cold start"
    benchmark.extra_info["ratio_to"] = "test_python_pass"
    benchmark.extra_info["target"] = 2.0
    benchmark(run_python, f"import twilio_core\ntwilio_core.Client({SID!r}, {TOKEN!r})")


def test_import_client_and_first_request(benchmark: Any, server: LoopbackServer) -> None:
    code = (
        "from twilio_core import Client\n"
        f"c = Client({SID!r}, {TOKEN!r}, base_url={server.url!r})\n"
        f"assert c.request('POST', '/2010-04-01/Accounts/{SID}/Messages.json', data={{'To': '+15550001111'}}).status == 201\n"
    )
    benchmark.group = "cold start"
    benchmark.extra_info["ratio_to"] = "test_python_pass"
    benchmark(run_python, code)
