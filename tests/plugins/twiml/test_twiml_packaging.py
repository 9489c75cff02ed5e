"""Import cost, the plugin entry point and the package metadata."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parents[3] / "plugins" / "twilio-twiml"

CHECK_IMPORTS = r"""
import json, sys
import twilio_twiml
from twilio_twiml.voice_response import VoiceResponse
from twilio_twiml.messaging_response import MessagingResponse
from twilio_twiml.fax_response import FaxResponse
response = VoiceResponse()
response.dial(caller_id="+1").number("+2")
document = str(response)
str(MessagingResponse()); str(FaxResponse())
print(json.dumps({
    "document": document,
    "heavy": sorted(m for m in ("urllib3", "pluggy", "importlib.metadata", "twilio", "twilio_twiml._plugin",
                                "xml.etree.ElementTree", "twilio_core.client") if m in sys.modules),
}))
"""


@pytest.mark.slow
def test_import_and_use_without_client_urllib3_pluggy_or_metadata() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK_IMPORTS], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["heavy"] == []
    assert report["document"].endswith('<Response><Dial callerId="+1"><Number>+2</Number></Dial></Response>')


@pytest.mark.slow
def test_parse_imports_no_heavy_module_either() -> None:
    code = ("import sys, twilio_twiml; twilio_twiml.parse('<Response/>');"
            "print([m for m in ('urllib3', 'pluggy', 'importlib.metadata', 'xml.etree.ElementTree') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_plugin_module_declares_api_and_registers_nothing() -> None:
    import twilio_twiml._plugin as plugin

    assert plugin.TWILIO_PLUGIN_API == 1
    assert [name for name in vars(plugin) if name.startswith("twilio_")] == []


def test_entry_point_registered() -> None:
    from importlib.metadata import distribution, entry_points

    points = [ep for ep in entry_points(group="twilio_core.plugins") if ep.name == "twiml"]
    assert [(ep.value, ep.dist.name if ep.dist else None) for ep in points] == [("twilio_twiml._plugin", "twilio-twiml")]
    dist = distribution("twilio-twiml")
    assert dist.version == "0.1.0"
    requirements = {r.replace(" ", "") for r in dist.requires or []}
    assert requirements & {"twilio-core>=0.1,<0.2", "twilio-core<0.2,>=0.1"}, requirements


def test_py_typed_and_lazy_exports() -> None:
    import twilio_twiml

    assert (PLUGIN / "twilio_twiml" / "py.typed").is_file()
    for name in twilio_twiml.__all__:
        assert getattr(twilio_twiml, name) is not None
    from twilio_twiml.voice_response import VoiceResponse

    assert twilio_twiml.VoiceResponse is VoiceResponse
    with pytest.raises(AttributeError):
        twilio_twiml.nothing_here  # noqa: B018


def test_no_official_package_import_in_source() -> None:
    for path in (PLUGIN / "twilio_twiml").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import twilio\n" not in text and "from twilio." not in text and "from twilio " not in text, path


def test_discovery_loads_the_plugin_without_failures() -> None:
    plugins_module = pytest.importorskip("twilio_core.plugins")
    plugins_module.clear_cache()  # a fresh discovery from the installed entry points
    try:
        plugins = plugins_module.get_plugins(environ={})
    finally:
        plugins_module.clear_cache()
    assert "twiml" in plugins.plugin_names()
    assert plugins.distributions["twiml"] == "twilio-twiml"
    assert [f for f in plugins.failures if f.name == "twiml"] == []
