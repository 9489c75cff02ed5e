"""The WhatsApp extension as an outside user gets it: wheels of twilio-core, twilio-messaging and
twilio-whatsapp installed (not editable) into a fresh virtual environment, used against the sandbox.

The sandbox runs in this test process on 127.0.0.1; a script run by the fresh environment's
interpreter gets its URL and credentials, finds the extension through its entry point, sends
a text and a template with ``client.whatsapp`` and parses an inbound webhook the sandbox
delivered. This process then checks what the sandbox recorded.
"""

from __future__ import annotations

import json
import os
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.packaging.test_wheels import INSPECT, build_wheel, canonical, requirement_closure, run

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "twilio-core": ROOT,
    "twilio-messaging": ROOT / "plugins" / "twilio-messaging",
    "twilio-whatsapp": ROOT / "examples" / "twilio-whatsapp",
}
CONTENT_SID = "HX" + "7c" * 16

# Run by the fresh venv's python: only the installed wheels, nothing from the repository.
SCRIPT = r"""
import json, sys
args = json.loads(sys.argv[1])
import twilio_core
from twilio_core import Client, InvalidParameterError
client = Client(args["account_sid"], args["auth_token"], base_url=args["base_url"], retry=None,
                plugin_options={"whatsapp": {"from_": "+14155238886"}}, environ={})
plugins = client.plugins
import twilio_whatsapp
text = client.whatsapp.send_text("+1 555 867 5310", "Your order #1042 has shipped",
                                 status_callback=args["status_callback"])
template = client.whatsapp.send_template("whatsapp:+15558675310", args["content_sid"], ["Alice", "Friday"])
try:
    client.whatsapp.send_text("5558675310", "no plus")
    refused = None
except InvalidParameterError as exc:
    refused = str(exc)
inbound = twilio_whatsapp.parse_inbound(args["inbound_form"])
print(json.dumps({
    "core_file": twilio_core.__file__,
    "whatsapp_file": twilio_whatsapp.__file__,
    "names": plugins.plugin_names(),
    "distributions": plugins.distributions,
    "failures": [str(f) for f in plugins.failures],
    "same_channel": client.messaging.whatsapp is client.whatsapp,
    "text": {"sid": text.sid, "to": text.to, "from": text.from_, "body": text.body, "status": text.status,
             "type": type(text).__module__ + "." + type(text).__name__},
    "template": {"sid": template.sid, "to": template.to, "body": template.body},
    "refused": refused,
    "inbound": {"from": inbound.from_, "to": inbound.to, "body": inbound.body, "profile_name": inbound.profile_name,
                "wa_id": inbound.wa_id, "media": [[m.url, m.content_type] for m in inbound.media],
                "button_text": inbound.button_text, "sid": inbound.message_sid},
}))
"""


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A fresh venv with the three wheels (given as files) and their dependencies from the registry."""
    tmp = tmp_path_factory.mktemp("whatsapp-wheel")
    dist = tmp / "dist"
    dist.mkdir()
    wheels = {name: build_wheel(source, dist) for name, source in SOURCES.items()}
    env_dir = tmp / "venv"
    run(sys.executable, "-m", "venv", env_dir)
    python = env_dir / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *wheels.values())
    return {"python": python, "dir": env_dir, "wheels": wheels, "tmp": tmp}


def test_the_extension_wheel_holds_only_its_package_and_declares_its_plugin(venv: dict[str, Any]) -> None:
    with zipfile.ZipFile(venv["wheels"]["twilio-whatsapp"]) as zf:
        names = zf.namelist()
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        metadata = zf.read(f"{info}/METADATA").decode()
        entry_points = zf.read(f"{info}/entry_points.txt").decode()
    assert {n.split("/", 1)[0] for n in names} == {"twilio_whatsapp", info}
    assert "twilio_whatsapp/py.typed" in names and "twilio_whatsapp/_plugin.py" in names
    assert re.search(r"^\[twilio_core\.plugins\]\s*\nwhatsapp = twilio_whatsapp\._plugin\s*$", entry_points, re.M)
    requires = sorted(line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:"))
    assert requires == ["twilio-core<0.2,>=0.1", "twilio-messaging<0.2,>=0.1"]


def test_installed_extension_against_the_sandbox(venv: dict[str, Any], tmp_path: Path) -> None:
    from tests.plugins.sandbox.sandbox_support import WebhookApp  # a recording webhook endpoint on 127.0.0.1
    from twilio_core import RequestValidator
    from twilio_sandbox import Sandbox

    python = venv["python"]
    installed = json.loads(run(python, "-c", INSPECT))
    assert not any(info["editable"] for info in installed.values())
    expected = requirement_closure(installed, list(SOURCES)) | {"pip", "setuptools"}
    assert set(installed) <= expected, f"unexpected distributions: {sorted(set(installed) - expected)}"
    assert "twilio-sandbox" not in installed and "twilio-voice" not in installed

    app = WebhookApp()
    try:
        with Sandbox(step=0.02) as sandbox:
            sandbox.add_content(CONTENT_SID, "Hi {{1}}, your order ships {{2}}")
            # An inbound WhatsApp message, delivered signed to the app; its form goes to the script.
            _, delivery = sandbox.receive_message(app.url("/whatsapp"), from_="whatsapp:+15558675310",
                                                  to="whatsapp:+14155238886", body="Where is my order?",
                                                  media_urls=["https://example.com/receipt.jpg"],
                                                  extra={"ProfileName": "Alice", "ButtonText": "Track"})
            assert delivery is not None and delivery.status == 200
            (hook,) = app.wait(1, "/whatsapp")
            assert RequestValidator(sandbox.auth_token).validate(hook.url, hook.form, hook.signature)
            args = {"account_sid": sandbox.account_sid, "auth_token": sandbox.auth_token,
                    "base_url": sandbox.base_url, "content_sid": CONTENT_SID,
                    "status_callback": app.url("/status"), "inbound_form": hook.form}
            env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "PYTHON"))}
            proc_out = run_in(python, args, tmp_path, env)
            result = json.loads(proc_out)

            # The installed copies, found through the entry point, with twilio-messaging underneath.
            assert result["core_file"].startswith(str(venv["dir"]))
            assert result["whatsapp_file"].startswith(str(venv["dir"]))
            assert result["failures"] == []
            assert {"messaging", "whatsapp"} <= set(result["names"])
            assert result["distributions"]["whatsapp"] == "twilio-whatsapp"
            assert result["distributions"]["messaging"] == "twilio-messaging"
            assert result["same_channel"] is True
            assert result["text"]["type"] == "twilio_messaging._generated.api_v2010.Message"
            assert "must be an E.164 phone number" in result["refused"]

            # What the sandbox recorded: whatsapp: on both sides; the template rendered from its content SID.
            text = sandbox.get(result["text"]["sid"])
            template = sandbox.get(result["template"]["sid"])
            assert text and template
            assert text["to"] == template["to"] == "whatsapp:+15558675310"
            assert text["from"] == template["from"] == "whatsapp:+14155238886"
            assert text["body"] == "Your order #1042 has shipped"
            assert template["body"] == "Hi Alice, your order ships Friday" == result["template"]["body"]
            sandbox.wait_for_status(result["text"]["sid"], "delivered")
            statuses = app.wait(2, "/status")
            assert [h.form["MessageStatus"] for h in statuses] == ["sent", "delivered"]
            assert all(h.form["To"] == "whatsapp:+15558675310" for h in statuses)

            assert result["inbound"] == {
                "from": "+15558675310", "to": "+14155238886", "body": "Where is my order?",
                "profile_name": "Alice", "wa_id": "15558675310", "button_text": "Track",
                "media": [["https://example.com/receipt.jpg", "application/octet-stream"]],
                "sid": hook.form["MessageSid"],
            }
    finally:
        app.stop()


def run_in(python: Path, args: dict[str, Any], cwd: Path, env: dict[str, str]) -> str:
    """Run SCRIPT with the fresh venv's python, outside the repository (so nothing is imported from it)."""
    import subprocess

    proc = subprocess.run([str(python), "-c", SCRIPT, json.dumps(args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=60)
    assert proc.returncode == 0, f"the script failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def test_canonical_names_match_the_sources() -> None:
    # The distribution names the fixture builds are the ones the pyprojects declare.
    for name, source in SOURCES.items():
        text = (source / "pyproject.toml").read_text()
        assert canonical(re.search(r'^name = "([^"]+)"', text, re.M).group(1)) == name  # type: ignore[union-attr]
