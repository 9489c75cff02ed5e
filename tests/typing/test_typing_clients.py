"""Type checkers see results on Client and awaitables on AsyncClient, from the same declarations.

Each test runs mypy in a fresh project folder over a small snippet, the way a
user's CI would, and reads what it revealed and reported per marked line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.typing.typing_support import REPO, run_mypy

pytest.importorskip("mypy")

SYNC = "twilio_core.client.Client"
ASYNC = "twilio_core.async_client.AsyncClient"
MESSAGE = "twilio_messaging._generated.api_v2010.Message"

SNIPPET = '''
import asyncio

from twilio_core import AsyncClient, Client
from twilio_messaging import Message

client = Client("AC" + "0" * 32, "token")
reveal_type(client.messages)  # @sync-product
reveal_type(client.messages.create(to="+15558675310", from_="+15017122661", body="Hi"))  # @sync-create
reveal_type(client.messages("SM1").fetch())  # @sync-fetch
reveal_type(client.messages.list(limit=20))  # @sync-list
reveal_type(client.messages.stream())  # @sync-stream
reveal_type(client.messages.page(page_size=10).next_page())  # @sync-next-page
reveal_type(client.messages("SM1").delete())  # @sync-delete
reveal_type(client.calls("CA1").update(status="completed"))  # @sync-voice
reveal_type(client.video.rooms.create(unique_name="room"))  # @sync-video
reveal_type(client.messaging.services.list())  # @sync-messaging
client.messages.create(to="+15558675310", boddy="typo")  # @sync-typo
client.messages.list(date_sent_after="yesterday")  # @sync-wrong-type
client.calls.create(to="+15558675310", from_="+15017122661", twimll="<Response/>")  # @sync-voice-typo
reveal_type(client.some_third_party_product)  # @third-party
for message in client.messages.stream(limit=5):
    reveal_type(message)  # @sync-for
    reveal_type(message.update(body=""))  # @sync-model-update
annotated: Message = client.messages.create(to="+15558675310", body="x")  # @bare-annotation


async def main() -> None:
    async with AsyncClient("AC" + "0" * 32, "token") as aclient:
        reveal_type(aclient.messages)  # @async-product
        pending = aclient.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
        reveal_type(pending)  # @async-create
        sent = await pending
        reveal_type(sent)  # @async-awaited
        reveal_type(await sent.update(body=""))  # @async-model-update
        reveal_type(await aclient.messages.list(limit=20))  # @async-list
        reveal_type(aclient.messages.stream(limit=5))  # @async-stream
        async for record in aclient.messages.stream(limit=5):
            reveal_type(record)  # @async-for
        page = await aclient.messages.page(page_size=10)
        reveal_type(await page.next_page())  # @async-next-page
        reveal_type(await aclient.calls("CA1").fetch())  # @async-voice
        reveal_type(await aclient.video.rooms("RM1").participants.list())  # @async-video
        reveal_type(await asyncio.create_task(aclient.messages("SM1").delete()))  # @async-task
        await aclient.messages.create(to="+15558675310", boddy="typo")  # @async-typo
        for wrong in aclient.messages.stream():  # @async-sync-for
            pass
        aclient.messages.create(to="+15558675310", body="forgot to await")  # @async-unawaited
        await client.messages.create(to="+15558675310", body="x")  # @await-sync
'''


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return run_mypy(tmp_path_factory.mktemp("typing"), SNIPPET)


@pytest.mark.slow
def test_sync_client_products_are_typed_not_any(report) -> None:  # type: ignore[no-untyped-def]
    assert report["sync-product"].revealed == f"twilio_messaging._generated.api_v2010.MessageList[{SYNC}]", report.output
    assert report["async-product"].revealed == f"twilio_messaging._generated.api_v2010.MessageList[{ASYNC}]"
    assert report["third-party"].revealed == "Any"  # products from other plugins come through __getattr__


@pytest.mark.slow
def test_sync_client_methods_return_plain_results(report) -> None:  # type: ignore[no-untyped-def]
    assert report["sync-create"].revealed == f"{MESSAGE}[{SYNC}]", report.output
    assert report["sync-fetch"].revealed == f"{MESSAGE}[{SYNC}]"
    assert report["sync-list"].revealed == f"list[{MESSAGE}[{SYNC}]]"
    assert report["sync-stream"].revealed == f"typing.Iterator[{MESSAGE}[{SYNC}]]"
    assert report["sync-next-page"].revealed == (
        f"twilio_core.resources.resource.Page[{MESSAGE}[{SYNC}], {SYNC}] | None"
    )
    assert report["sync-delete"].revealed == "bool"
    assert report["sync-voice"].revealed == f"twilio_voice._generated.api_v2010.Call[{SYNC}]"
    assert report["sync-video"].revealed == f"twilio_video._generated.video_v1.Room[{SYNC}]"
    assert report["sync-messaging"].revealed == f"list[twilio_messaging._generated.messaging_v1.Service[{SYNC}]]"
    assert report["sync-for"].revealed == f"{MESSAGE}[{SYNC}]"
    assert report["sync-model-update"].revealed == f"{MESSAGE}[{SYNC}]"
    assert report["bare-annotation"].errors == []  # a bare `Message` means Message[Client]


@pytest.mark.slow
def test_async_client_methods_return_awaitables(report) -> None:  # type: ignore[no-untyped-def]
    assert report["async-create"].revealed == f"typing.Coroutine[Any, Any, {MESSAGE}[{ASYNC}]]", report.output
    assert report["async-awaited"].revealed == f"{MESSAGE}[{ASYNC}]"
    assert report["async-model-update"].revealed == f"{MESSAGE}[{ASYNC}]"
    assert report["async-list"].revealed == f"list[{MESSAGE}[{ASYNC}]]"
    assert report["async-stream"].revealed == f"typing.AsyncIterator[{MESSAGE}[{ASYNC}]]"
    assert report["async-for"].revealed == f"{MESSAGE}[{ASYNC}]"
    assert report["async-for"].errors == []
    assert report["async-next-page"].revealed == (
        f"twilio_core.resources.resource.Page[{MESSAGE}[{ASYNC}], {ASYNC}] | None"
    )
    assert report["async-voice"].revealed == f"twilio_voice._generated.api_v2010.Call[{ASYNC}]"
    assert report["async-video"].revealed == f"list[twilio_video._generated.video_v1.Participant[{ASYNC}]]"
    assert report["async-task"].revealed == "bool"  # a coroutine, so asyncio.create_task accepts it


@pytest.mark.slow
def test_misspelled_and_mistyped_keywords_are_errors_on_both_clients(report) -> None:  # type: ignore[no-untyped-def]
    assert any('Unexpected keyword argument "boddy"' in e for e in report["sync-typo"].errors), report.output
    assert any('Unexpected keyword argument "boddy"' in e for e in report["async-typo"].errors), report.output
    assert any('Unexpected keyword argument "twimll"' in e for e in report["sync-voice-typo"].errors)
    assert any("date_sent_after" in e and "datetime" in e for e in report["sync-wrong-type"].errors), report.output


@pytest.mark.slow
def test_mixing_up_the_clients_is_an_error(report) -> None:  # type: ignore[no-untyped-def]
    assert any("__aiter__" in e or "not iterable" in e for e in report["async-sync-for"].errors), report.output
    assert any("unused-coroutine" in e or "must be used" in e for e in report["async-unawaited"].errors), report.output
    assert any('"await"' in e or "__await__" in e for e in report["await-sync"].errors), report.output
    assert "<unmarked>" not in report.by_mark, report.output  # nothing else in the snippet is an error


STRIPPED = '''
from twilio_core import AsyncClient, Client

client = Client("AC" + "0" * 32, "token")
reveal_type(client.calls)  # @calls
reveal_type(client.video)  # @video
reveal_type(client.messages.create(to="+15558675310", body="Hi"))  # @messages
client.messages.create(to="+15558675310", boddy="typo")  # @typo


async def main() -> None:
    aclient = AsyncClient("AC" + "0" * 32, "token")
    reveal_type(aclient.calls)  # @async-calls
    reveal_type(await aclient.messages.create(to="+15558675310", body="Hi"))  # @async-messages
'''


@pytest.mark.slow
def test_without_voice_and_video_installed_their_products_are_any_and_core_reports_nothing(tmp_path: Path) -> None:
    # Only twilio-core and twilio-messaging are visible: no site-packages, the sources on MYPYPATH,
    # followed silently as mypy treats installed packages. The user's code still gets the
    # messaging types, and the missing plugins' products degrade to Any.
    path = os.pathsep.join([str(REPO), str(REPO / "plugins" / "twilio-messaging")])
    report = run_mypy(tmp_path, STRIPPED, extra_args=("--no-site-packages", "--follow-imports=silent"),
                      env={"MYPYPATH": path})
    assert report["calls"].revealed == "Any", report.output
    assert report["video"].revealed == "Any"
    assert report["async-calls"].revealed == "Any"
    assert report["messages"].revealed == f"{MESSAGE}[{SYNC}]", report.output
    assert report["async-messages"].revealed == f"{MESSAGE}[{ASYNC}]"
    assert any('Unexpected keyword argument "boddy"' in e for e in report["typo"].errors)
    assert "<unmarked>" not in report.by_mark, report.output

    # Checked as sources (errors reported), twilio_core's client modules are clean without the
    # plugins too: the product imports they make for type checkers may go unresolved.
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--no-site-packages", "--follow-imports=silent",
         "--cache-dir", str(tmp_path / ".mypy_core"), "-m", "twilio_core._client_base", "-m", "twilio_core.client",
         "-m", "twilio_core.async_client", "-m", "twilio_core.resources"],
        capture_output=True, text=True, cwd=tmp_path, env=dict(os.environ, MYPYPATH=str(REPO)), timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


PYRIGHT_SNIPPET = '''
from twilio_core import AsyncClient, Client

client = Client("AC" + "0" * 32, "token")
reveal_type(client.messages.create(to="+15558675310", body="Hi"))
client.messages.create(to="+15558675310", boddy="typo")


async def main() -> None:
    aclient = AsyncClient("AC" + "0" * 32, "token")
    reveal_type(aclient.messages.create(to="+15558675310", body="Hi"))
    async for record in aclient.messages.stream(limit=5):
        reveal_type(record)
'''


def _pyright() -> str | None:
    # make install puts pyright (requirements-dev.txt) beside the venv's python.
    beside = Path(sys.executable).parent / "pyright"
    return os.environ.get("TWILIO_PYRIGHT") or (str(beside) if beside.exists() else None) or shutil.which("pyright")


@pytest.mark.slow
@pytest.mark.skipif(_pyright() is None, reason="pyright is not installed (set TWILIO_PYRIGHT or put it on PATH)")
def test_pyright_sees_the_same_types(tmp_path: Path) -> None:
    (tmp_path / "user_code.py").write_text(textwrap.dedent(PYRIGHT_SNIPPET))
    proc = subprocess.run(
        [str(_pyright()), "--outputjson", "--pythonpath", sys.executable, "user_code.py"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )
    diagnostics = json.loads(proc.stdout)["generalDiagnostics"]
    by_line = {d["range"]["start"]["line"] + 1: d["message"] for d in diagnostics}
    assert 'is "Message[Client]"' in by_line[5], by_line
    assert "boddy" in by_line[6], by_line
    assert 'is "Coroutine[Any, Any, Message[AsyncClient]]"' in by_line[11], by_line
    assert 'is "Message[AsyncClient]"' in by_line[13], by_line
