"""The resource generator: naming, the spec model, rendering, and "regenerating changes nothing"."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from tools.twiliogen import TARGETS, GeneratorError, generate, generate_target
from tools.twiliogen.__main__ import main as cli_main
from tools.twiliogen.config import Target
from tools.twiliogen.naming import python_param_name, short_doc, snake
from tools.twiliogen.render import render_module
from tools.twiliogen.spec import Spec, build_resources

ROOT = Path(__file__).resolve().parents[2]
SPEC_DIR = Path(os.environ.get("TWILIO_OAI_DIR") or ROOT.parent / "shared" / "twilio-oai")
needs_specs = pytest.mark.skipif(
    not SPEC_DIR.is_dir(), reason=f"Twilio OpenAPI specs not found at {SPEC_DIR} (../shared/twilio-oai is missing)"
)


# ----------------------------------------------------------------------------- naming
@pytest.mark.parametrize(
    ("wire", "name"),
    [
        ("To", "to"), ("From", "from_"), ("DateSent<", "date_sent_before"), ("DateSent>", "date_sent_after"),
        ("StartTime", "start_time"), ("PageSize", "page_size"), ("Page", "page_number"), ("PageToken", "page_token"),
        ("AwsS3Url", "aws_s3_url"), ("MachineDetectionSpeechEndThreshold", "machine_detection_speech_end_threshold"),
        ("X-Twilio-Api-Version", "x_twilio_api_version"), ("CallSidToCoach", "call_sid_to_coach"),
    ],
)
def test_python_param_names(wire: str, name: str) -> None:
    assert python_param_name(wire) == name


def test_snake_and_short_doc() -> None:
    assert snake("PublishedTracks") == "published_tracks"
    assert snake("SIPDomain") == "sip_domain"
    text = "The [Account](https://www.twilio.com/docs/iam) that `created` it. More text follows here."
    assert short_doc(text) == "The Account that created it."
    long = short_doc("word " * 60)
    assert len(long) <= 110 and long.endswith("...")
    assert short_doc('Say """hi"""') == "Say '''hi'''."
    assert short_doc(None) == ""


# ----------------------------------------------------------------------------- a small spec
def _spec() -> dict[str, Any]:
    sid = {"type": "string", "pattern": "^XX[0-9a-f]{32}$"}
    path_param = lambda name: {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}  # noqa: E731
    server = [{"url": "https://widgets.twilio.com"}]
    widget_ref = {"$ref": "#/components/schemas/widget"}
    page = {"meta": {"type": "object", "properties": {"key": {"type": "string"}}}}
    form = lambda props, required=(): {  # noqa: E731
        "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": props, "required": list(required)}}}
    }
    ok = lambda schema, code="200": {code: {"content": {"application/json": {"schema": schema}}}}  # noqa: E731
    return {
        "servers": server,
        "components": {"schemas": {
            "widget": {"type": "object", "description": "A widget.", "properties": {
                "sid": sid, "from": {"type": "string"}, "status": {"$ref": "#/components/schemas/widget_enum_status"},
                "num_segments": {"type": "string"}, "price": {"type": "string"}, "count": {"type": "integer"},
                "ok": {"type": "boolean"}, "date_created": {"type": "string", "format": "date-time"},
                "links": {"type": "object", "format": "uri-map"},
                "rules": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string"}}}},
            }},
            "widget_enum_status": {"type": "string", "enum": ["on", "off"]},
            "part": {"type": "object", "properties": {"sid": sid, "widget_sid": sid}},
            "setting": {"type": "object", "properties": {"mode": {"type": "string"}}},
        }},
        "paths": {
            "/v1/Widgets": {
                "description": "Widgets are [things](https://example.com).",
                "post": {"operationId": "CreateWidget", "tags": ["WidgetsV1Widget"], "x-twilio": {"conditional": [["status", "tags"]]},
                         "requestBody": form({"FriendlyName": {"type": "string"},
                                              "Status": {"$ref": "#/components/schemas/widget_enum_status"},
                                              "Tags": {"type": "array", "items": {"type": "string"}},
                                              "Parameter1.Name": {"type": "string"}, "Parameter1.Value": {"type": "string"},
                                              "Parameter2.Name": {"type": "string"}, "Parameter2.Value": {"type": "string"}},
                                             ["FriendlyName"]),
                         "responses": ok(widget_ref, "201")},
                "get": {"operationId": "ListWidget", "tags": ["WidgetsV1Widget"], "parameters": [
                    {"name": "DateCreated<", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                    {"name": "PageSize", "in": "query", "schema": {"type": "integer"}},
                    {"name": "Page", "in": "query", "schema": {"type": "integer"}},
                    {"name": "PageToken", "in": "query", "schema": {"type": "string"}}],
                    "responses": ok({"type": "object", "properties": {"widgets": {"type": "array", "items": widget_ref}, **page}})},
            },
            "/v1/Widgets/{Sid}": {
                "description": "Widgets are things.",
                "get": {"operationId": "FetchWidget", "tags": ["WidgetsV1Widget"], "parameters": [path_param("Sid")],
                        "responses": ok(widget_ref)},
                "delete": {"operationId": "DeleteWidget", "tags": ["WidgetsV1Widget"], "parameters": [path_param("Sid")],
                           "responses": {"204": {"description": "gone"}}},
            },
            "/v1/Widgets/{WidgetSid}/Parts": {
                "get": {"operationId": "ListWidgetPart", "tags": ["WidgetsV1Part"], "parameters": [path_param("WidgetSid")],
                        "responses": ok({"type": "object", "properties": {"parts": {"type": "array", "items": {"$ref": "#/components/schemas/part"}}}})},
            },
            "/v1/Widgets/{WidgetSid}/Parts/{Sid}": {
                "get": {"operationId": "FetchWidgetPart", "tags": ["WidgetsV1Part"],
                        "parameters": [path_param("WidgetSid"), path_param("Sid")],
                        "responses": ok({"$ref": "#/components/schemas/part"})},
            },
            "/v1/Widgets/{WidgetSid}/Settings": {
                "get": {"operationId": "FetchWidgetSetting", "tags": ["WidgetsV1Setting"], "parameters": [path_param("WidgetSid")],
                        "responses": ok({"$ref": "#/components/schemas/setting"})},
                "post": {"operationId": "UpdateWidgetSetting", "tags": ["WidgetsV1Setting"], "parameters": [path_param("WidgetSid")],
                         "requestBody": form({"Mode": {"type": "string"}}), "responses": ok({"$ref": "#/components/schemas/setting"})},
            },
            "/v1/Gadgets": {"get": {"operationId": "ListGadget", "responses": ok({"type": "object", "properties": {"gadgets": {"type": "array", "items": {}}}})}},
        },
    }


TARGET = Target("plugins/x", "widgets_pkg", "widgets_v1", "twilio_widgets_v1.json", "Widgets", roots=("/v1/Widgets",))


def _write_spec(tmp_path: Path, doc: dict[str, Any]) -> Spec:
    path = tmp_path / "twilio_widgets_v1.json"
    path.write_text(json.dumps(doc))
    return Spec(str(path))


def _import_generated(tmp_path: Path, text: str) -> Any:
    """Put the module in a throwaway package (with the _version module it imports) and import it."""
    pkg = tmp_path / "widgets_pkg"
    (pkg / "_generated").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "_generated" / "__init__.py").write_text("")
    (pkg / "_version.py").write_text('USER_AGENT = "widgets/9.9"\n')
    (pkg / "_generated" / "widgets_v1.py").write_text(text)
    sys.path.insert(0, str(tmp_path))
    try:
        for name in [n for n in sys.modules if n.startswith("widgets_pkg")]:
            del sys.modules[name]
        return importlib.import_module("widgets_pkg._generated.widgets_v1")
    finally:
        sys.path.remove(str(tmp_path))


def test_resources_from_a_small_spec(tmp_path: Path) -> None:
    spec = _write_spec(tmp_path, _spec())
    resources = {r.name: r for r in build_resources(spec, TARGET)}
    assert set(resources) == {"Widget", "Part", "Setting"}  # /v1/Gadgets is not under the root
    widget, part, setting = resources["Widget"], resources["Part"], resources["Setting"]
    assert widget.own_key == "Sid" and not widget.singleton and widget.doc == "Widgets are things."
    assert part.parent is widget and part.mount == "parts" and part.mapping == {"WidgetSid": "Sid"}
    assert setting.singleton and setting.mount == "settings"
    create = next(o for o in widget.list_ops if o.verb == "create")
    assert [(p.name, p.wire, p.kind, p.required, p.is_list) for p in create.params] == [
        ("friendly_name", "FriendlyName", "string", True, False),
        ("status", "Status", "string", False, False),
        ("tags", "Tags", "string", False, True),
        ("parameters", "Parameter", "pairs", False, False),
    ]
    assert create.one_of == [("status", "tags")]
    listing = next(o for o in widget.list_ops if o.verb == "list")
    assert [p.name for p in listing.params] == ["date_created_before", "page_size", "page_number", "page_token"]
    assert listing.records_key == "widgets"
    assert widget.model is not None
    fields = {fi.json_name: (fi.attr, fi.annotation, fi.converter) for fi in widget.model.fields}
    assert fields["from"] == ("from_", "str", None)
    assert fields["status"] == ("status", "WidgetStatus", None)
    assert fields["num_segments"] == ("num_segments", "int", "f.integer")
    assert fields["price"] == ("price", "Decimal", "f.decimal")
    assert fields["date_created"][2] == "f.iso_datetime"
    assert fields["links"][1] == "Dict[str, str]"
    assert fields["rules"] == ("rules", "List[WidgetRule]", "f.list_of(f.model(WidgetRule))")


def test_rendered_module_works_through_the_engine(tmp_path: Path) -> None:
    from twilio_core import Client
    from twilio_core.testing import MockTransport

    spec = _write_spec(tmp_path, _spec())
    text = render_module(spec, TARGET, build_resources(spec, TARGET))
    compile(text, "widgets_v1.py", "exec")
    again = _write_spec(tmp_path, _spec())
    assert text == render_module(again, TARGET, build_resources(again, TARGET))  # deterministic
    mod = _import_generated(tmp_path, text)
    record = {"sid": "XX" + "a" * 32, "from": "+1555", "num_segments": "3", "price": "-0.0075",
              "date_created": "2024-01-15T10:30:00Z", "rules": [{"kind": "video"}], "extra": 1}
    transport = MockTransport(lambda r: (201, record) if r.method == "POST" else
                              (200, {"widgets": [record], "meta": {"key": "widgets", "next_page_url": None}}))
    client = Client("AC" + "1" * 32, "token", transport=transport, retry=None, plugins=[])
    widgets = mod.WidgetList(client)
    with pytest.raises(Exception, match="needs one of: status, tags"):
        widgets.create(friendly_name="w")
    created = widgets.create(friendly_name="w", tags=["a", "b"], parameters={"k": "v", "k2": "v2"})
    sent = transport.last_request
    assert sent.url == "https://widgets.twilio.com/v1/Widgets"
    assert sent.form() == {"FriendlyName": ["w"], "Tags": ["a", "b"], "Parameter1.Name": ["k"], "Parameter1.Value": ["v"],
                           "Parameter2.Name": ["k2"], "Parameter2.Value": ["v2"]}
    assert "widgets/9.9" in (sent.header("User-Agent") or "")
    assert created.num_segments == 3 and str(created.price) == "-0.0075" and created.from_ == "+1555"
    assert created.rules[0].kind == "video" and created.extra == 1
    assert created.status is None  # known (annotated) field, absent from the payload
    with pytest.raises(Exception, match="missing required parameter: friendly_name"):
        widgets.create(friendly_name=None)  # type: ignore[arg-type]
    listed = widgets.list(limit=5)
    assert [w.sid for w in listed] == [record["sid"]]
    part_list = widgets("XX1").parts
    assert part_list._path_values["WidgetSid"] == "XX1"
    assert isinstance(widgets("XX1").settings, mod.SettingContext)


def test_generator_errors_name_the_place(tmp_path: Path) -> None:
    doc = _spec()
    doc["paths"]["/v1/Widgets"]["post"]["requestBody"] = {"content": {"application/json": {"schema": {}}}}
    spec = _write_spec(tmp_path, doc)
    with pytest.raises(GeneratorError, match=r"/v1/Widgets\.create: only form bodies"):
        build_resources(spec, TARGET)
    doc = _spec()
    doc["paths"]["/v1/Widgets/{WidgetSid}/Parts"]["get"]["tags"] = ["WidgetsV1Widget"]
    doc["paths"]["/v1/Widgets/{WidgetSid}/Parts/{Sid}"]["get"]["tags"] = ["WidgetsV1Widget"]
    with pytest.raises(GeneratorError, match="class names clash: \\['Widget'\\]"):
        build_resources(_write_spec(tmp_path, doc), TARGET)
    doc = _spec()
    doc["paths"]["/v1/Widgets"]["post"]["x-twilio"]["conditional"] = [["status", "colour"]]
    with pytest.raises(GeneratorError, match="conditional group .* unknown parameter"):
        build_resources(_write_spec(tmp_path, doc), TARGET)
    doc = _spec()
    doc["paths"]["/v1/Widgets"]["get"]["operationId"] = "ReadWidget"
    with pytest.raises(GeneratorError, match="ReadWidget: no known verb"):
        build_resources(_write_spec(tmp_path, doc), TARGET)


# ----------------------------------------------------------------------------- the real specs
@needs_specs
def test_regenerating_from_the_same_spec_changes_nothing(tmp_path: Path) -> None:
    written = generate(str(SPEC_DIR), str(tmp_path))
    assert set(written) == {t.output for t in TARGETS}
    for rel, text in written.items():
        committed = ROOT / rel
        assert committed.is_file(), f"{rel} is not committed; run python -m tools.twiliogen"
        assert committed.read_text(encoding="utf-8") == text, f"{rel} is out of date; run python -m tools.twiliogen"
        assert (tmp_path / rel).read_text(encoding="utf-8") == text


@needs_specs
def test_cli_check_reports_stale_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--spec-dir", str(SPEC_DIR), "--check"]) == 0
    generate(str(SPEC_DIR), str(tmp_path))
    target = TARGETS[0]
    (tmp_path / target.output).write_text("# edited by hand\n")
    assert cli_main(["--spec-dir", str(SPEC_DIR), "--out-root", str(tmp_path), "--check"]) == 1
    assert f"out of date: {target.output}" in capsys.readouterr().out
    assert cli_main(["--spec-dir", str(tmp_path / "nowhere")]) == 2


@needs_specs
def test_generated_output_is_small_and_compiles() -> None:
    total = 0
    for target in TARGETS:
        text = generate_target(target, str(SPEC_DIR))
        compile(text, target.output, "exec")
        total += text.count("\n")
        assert "Parameter99" not in text  # numbered pairs collapse into one mapping argument
    assert total < 6000, f"generated code grew to {total} lines"
