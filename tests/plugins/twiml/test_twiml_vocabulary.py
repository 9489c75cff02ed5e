"""The generated modules: complete against the vocabulary data, and regenerated unchanged.

Both need ``../shared/twiml/vocabulary.json`` (next to the repository, not in it) and
are skipped without it.
"""

from __future__ import annotations

import filecmp
import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from twilio_twiml import naming

REPO = Path(__file__).resolve().parents[3]
VOCABULARY = REPO.parent / "shared" / "twiml" / "vocabulary.json"
PLUGIN = REPO / "plugins" / "twilio-twiml"
GENERATOR = PLUGIN / "tools" / "generate_twiml.py"
GENERATED = ("voice_response.py", "messaging_response.py", "fax_response.py")

needs_vocabulary = pytest.mark.skipif(not VOCABULARY.is_file(), reason=f"{VOCABULARY} not present")


@pytest.fixture(scope="module")
def vocabulary() -> dict[str, Any]:
    return json.loads(VOCABULARY.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@needs_vocabulary
@pytest.mark.slow
def test_regenerating_changes_nothing(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--vocabulary", str(VOCABULARY), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    match, mismatch, errors = filecmp.cmpfiles(tmp_path, PLUGIN / "twilio_twiml", GENERATED, shallow=False)
    assert (mismatch, errors) == ([], []), "generated modules are out of date: rerun tools/generate_twiml.py"
    # and the --check mode agrees
    check = subprocess.run([sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr


@needs_vocabulary
def test_check_mode_reports_stale_output(tmp_path: Path) -> None:
    (tmp_path / "voice_response.py").write_text("# stale\n")
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--vocabulary", str(VOCABULARY), "--out", str(tmp_path), "--check"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "out of date" in result.stderr


@needs_vocabulary
def test_every_element_method_and_keyword_is_there(vocabulary: dict[str, Any]) -> None:
    for module_name, classes in vocabulary.items():
        module = importlib.import_module(f"twilio_twiml.{module_name}")
        assert sorted(module.__all__) == sorted(classes)
        for cls_name, spec in classes.items():
            cls = getattr(module, cls_name)
            assert cls.__init__.__doc__ and f"<{spec['tag']}>" in cls.__init__.__doc__
            for method in spec["methods"]:
                signature = inspect.signature(getattr(cls, method["method"]))
                params = list(signature.parameters.values())[1:]
                expected = ([method["value_param"]] if method["value_param"] else []) + method["attributes"]
                assert [p.name for p in params] == [*expected, "kwargs"], f"{cls_name}.{method['method']}"
                if method["value_param"]:
                    required = params[0].default is inspect.Parameter.empty
                    assert required == method["value_required"], f"{cls_name}.{method['method']}"
                assert signature.return_annotation == method["element_class"]
                assert module.CHILD_CLASSES[cls][classes[method["element_class"]]["tag"]] is getattr(
                    module, method["element_class"]
                )


@needs_vocabulary
def test_tags(vocabulary: dict[str, Any]) -> None:
    for module_name, classes in vocabulary.items():
        module = importlib.import_module(f"twilio_twiml.{module_name}")
        for cls_name, spec in classes.items():
            cls = getattr(module, cls_name)
            value = spec["value_param"]
            node = cls("v") if value and value["required"] else cls()
            assert node.name == spec["tag"]


def test_generator_and_package_share_the_attribute_rule() -> None:
    spec = importlib.util.spec_from_file_location("generate_twiml", GENERATOR)
    assert spec and spec.loader
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert generator.ATTRIBUTE_MAP == naming.ATTRIBUTE_MAP
    for name in ["caller_id", "from_", "xml_lang", "interpret_as", "speechTimeout", "a__b", "x_1y", "for_"]:
        assert generator.attribute_name(name) == naming.attribute_name(name)
