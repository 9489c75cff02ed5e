"""Read one OpenAPI spec and build the generator's model of it: resources, operations, fields.

A *resource* groups a list path (``.../Messages.json``) with its instance path
(``.../Messages/{Sid}.json``); a list-style path with fetch or update but no
list operation (``/v1/Rooms/{RoomSid}/RecordingRules``) is a *singleton*.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .config import FIELD_OVERRIDES, Target
from .naming import camel, python_param_name, short_doc, snake

__all__ = ["Spec", "Resource", "Op", "ParamInfo", "ModelInfo", "FieldInfo", "build_resources", "GeneratorError"]

FORM = "application/x-www-form-urlencoded"
VERBS = ("Create", "Fetch", "List", "Update", "Delete")
_PAIRS = re.compile(r"^([A-Za-z]+)(\d+)\.(Name|Value)$")


class GeneratorError(Exception):
    """The spec has a shape the generator does not handle; the message says where."""


# ---------------------------------------------------------------------------- IR
@dataclass
class ParamInfo:
    name: str  # Python keyword argument
    wire: str
    kind: str  # engine kind (string, integer, ..., pairs)
    annotation: str
    required: bool = False
    is_list: bool = False
    location: str | None = None  # only "header" is written; query/form follow the method


@dataclass
class Op:
    verb: str  # create, fetch, list, update, delete
    operation_id: str
    method: str
    path: str
    domain: str
    doc: str
    params: list[ParamInfo]
    records_key: str | None = None
    schema_ref: str | None = None  # response model schema
    one_of: list[tuple[str, ...]] = field(default_factory=list)  # x-twilio conditional groups (Python names)


@dataclass
class FieldInfo:
    json_name: str
    attr: str
    annotation: str
    converter: str | None  # expression in the generated module, or None for raw values


@dataclass
class ModelInfo:
    name: str
    doc: str
    fields: list[FieldInfo]
    repr_fields: tuple[str, ...] = ("sid",)
    nested: list["ModelInfo"] = field(default_factory=list)


@dataclass
class Resource:
    key: str  # list path without .json
    name: str  # class-name stem: Message, CallRecording
    doc: str
    list_ops: list[Op] = field(default_factory=list)
    instance_ops: list[Op] = field(default_factory=list)
    own_key: str | None = None  # instance placeholder (Sid, CallSid)
    singleton: bool = False
    parent: "Resource | None" = None
    mount: str = ""
    mapping: dict[str, str] = field(default_factory=dict)  # child placeholder -> parent placeholder
    children: list["Resource"] = field(default_factory=list)
    model: ModelInfo | None = None

    @property
    def has_context(self) -> bool:
        return self.singleton or self.own_key is not None

    @property
    def context_ops(self) -> list[Op]:
        return self.list_ops if self.singleton else self.instance_ops

    @property
    def collection_ops(self) -> list[Op]:
        return [] if self.singleton else self.list_ops


# ---------------------------------------------------------------------------- spec access
class Spec:
    """One spec document with ``$ref`` resolution."""

    def __init__(self, path: str) -> None:
        with open(path, encoding="utf-8") as fh:
            self.doc: dict[str, Any] = json.load(fh)
        self.path = path
        self.enums: dict[str, list[str]] = {}  # alias name -> values, for the enums used

    def resolve(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise GeneratorError(f"{self.path}: only local $ref supported, got {ref}")
            target: Any = self.doc
            for part in ref[2:].split("/"):
                target = target[part]
            node = target
            seen += 1
            if seen > 50:
                raise GeneratorError(f"{self.path}: $ref loop at {ref}")
        return node if node is not None else {}

    # -- types ---------------------------------------------------------------
    def enum_alias(self, ref: str, values: list[Any]) -> str:
        schema_name = ref.rsplit("/", 1)[-1]
        alias = camel(schema_name.replace("_enum_", "_"))
        self.enums[alias] = [v for v in values if v is not None]
        return alias

    def param_type(self, schema: Any, where: str) -> tuple[str, str, bool]:
        """-> (engine kind, annotation, is_list) for a request parameter schema."""
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        s = self.resolve(schema)
        if ref and s.get("enum"):
            return "string", self.enum_alias(ref, s["enum"]), False
        t = s.get("type")
        fmt = s.get("format")
        if t == "array":
            kind, annotation, nested = self.param_type(s.get("items") or {}, where)
            if nested:
                raise GeneratorError(f"{where}: arrays of arrays are not supported")
            return kind, f"List[{annotation}]", True
        if s.get("enum"):
            return "string", "Literal[" + ", ".join(json.dumps(v) for v in s["enum"] if v is not None) + "]", False
        if t == "integer":
            return "integer", "int", False
        if t == "number":
            return "number", "float | Decimal", False
        if t == "boolean":
            return "boolean", "bool", False
        if t == "object":
            return "object", "Dict[str, Any]", False
        if t == "string" and fmt == "date-time":
            return "date-time", "_dt.datetime", False
        if t == "string" and fmt == "date":
            return "date", "_dt.date", False
        if t == "string" and fmt == "twiml":
            # TwiML text or any object whose str() is TwiML (a VoiceResponse); no dependency on the TwiML plugin.
            return "string", "str | object", False
        if t == "string":
            return "string", "str", False
        if t is None:  # untyped in the spec (rules, layouts): JSON text for dicts and lists, strings as given
            return "object", "Any", False
        raise GeneratorError(f"{where}: unsupported parameter type {t!r}")

    def field_type(self, owner: str, name: str, schema: Any, nested: list[ModelInfo], api_2010: bool) -> tuple[str, str | None]:
        """-> (annotation, converter expression) for a response field."""
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        s = self.resolve(schema)
        t = s.get("type")
        fmt = s.get("format")
        override = FIELD_OVERRIDES.get(name) if t in ("string", "number") else None
        if override == "integer":
            return "int", "f.integer"
        if override == "decimal" or t == "number":
            return "Decimal", "f.decimal"
        if ref and s.get("enum"):
            return self.enum_alias(ref, s["enum"]), None
        if t == "integer":
            return "int", "f.integer"
        if t == "boolean":
            return "bool", "f.boolean"
        if t == "string" and fmt == "date-time-rfc-2822":
            return "_dt.datetime", "f.rfc2822_datetime"
        if t == "string" and fmt == "date-time":
            return "_dt.datetime", "f.rfc2822_datetime" if api_2010 else "f.iso_datetime"
        if t == "string" and fmt == "date":
            return "_dt.date", "f.iso_date"
        if t == "array":
            item_annotation, item_converter = self.field_type(owner, name, s.get("items") or {}, nested, api_2010)
            if item_annotation == "Any" and item_converter is None:
                return "List[Any]", None
            converter = f"f.list_of({item_converter})" if item_converter else None
            return f"List[{item_annotation}]", converter
        if t == "object" or "properties" in s:
            props = s.get("properties") or {}
            if props:
                model = self.nested_model(owner + camel(_singular(name)), s, nested, api_2010)
                return model.name, f"f.model({model.name})"
            if fmt == "uri-map":
                return "Dict[str, str]", None
            return "Dict[str, Any]", None
        if t == "string":
            return "str", None
        return "Any", None

    def nested_model(self, name: str, schema: dict[str, Any], nested: list[ModelInfo], api_2010: bool) -> ModelInfo:
        for existing in nested:
            if existing.name == name:
                return existing
        model = ModelInfo(name, f"One item of {name}.", [])
        nested.append(model)
        model.fields = self.fields_of(name, schema, nested, api_2010)
        model.repr_fields = tuple(fi.json_name for fi in model.fields[:2])
        return model

    def fields_of(self, owner: str, schema: dict[str, Any], nested: list[ModelInfo], api_2010: bool) -> list[FieldInfo]:
        out = []
        for json_name, prop in (schema.get("properties") or {}).items():
            if not json_name.isidentifier():
                raise GeneratorError(f"{owner}: field {json_name!r} is not a Python identifier")
            annotation, converter = self.field_type(owner, json_name, prop, nested, api_2010)
            attr = json_name + "_" if json_name in ("from", "class", "global", "import", "in", "is", "lambda") else json_name
            out.append(FieldInfo(json_name, attr, annotation, converter))
        return out


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


# ---------------------------------------------------------------------------- building
def _normalise(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def _strip_json(path: str) -> str:
    return path[:-5] if path.endswith(".json") else path


def _verb(operation_id: str) -> str:
    for verb in VERBS:
        if operation_id.startswith(verb):
            return verb.lower()
    raise GeneratorError(f"operation {operation_id}: no known verb prefix {VERBS}")


def _tag_name(op: dict[str, Any]) -> str:
    tag = (op.get("tags") or [op["operationId"]])[0]
    tag = re.sub(r"^(Api\d{8}|[A-Z][a-z]+V\d+)", "", tag)
    return re.sub(r"Instance$", "", tag) or tag


def _domain(spec: Spec, item: dict[str, Any]) -> str:
    servers = item.get("servers") or spec.doc.get("servers") or []
    if not servers:
        raise GeneratorError(f"{spec.path}: no servers")
    host = urlsplit(servers[0]["url"]).hostname or ""
    return host.split(".", 1)[0]


def _params(spec: Spec, owner: str, verb: str, op: dict[str, Any], common: list[Any]) -> list[ParamInfo]:
    where = f"{owner}.{verb}"
    params: list[ParamInfo] = []
    for raw in common + list(op.get("parameters") or []):
        p = spec.resolve(raw)
        if p["in"] == "path":
            continue
        kind, annotation, is_list = spec.param_type(p.get("schema") or {}, f"{where} {p['name']}")
        location = "header" if p["in"] == "header" else None
        params.append(ParamInfo(python_param_name(p["name"]), p["name"], kind, annotation,
                                bool(p.get("required")), is_list, location))
    body = op.get("requestBody")
    if body:
        content = spec.resolve(body).get("content") or {}
        if FORM not in content:
            raise GeneratorError(f"{where}: only form bodies are supported (has {list(content)})")
        schema = spec.resolve(content[FORM].get("schema") or {})
        required = set(schema.get("required") or [])
        pairs: dict[str, int] = {}
        for wire, prop in (schema.get("properties") or {}).items():
            match = _PAIRS.match(wire)
            if match:  # Parameter1.Name/Value ... Parameter99.Name/Value: one mapping argument
                prefix = match.group(1)
                if prefix not in pairs:
                    pairs[prefix] = len(params)
                    params.append(ParamInfo(snake(prefix) + "s", prefix, "pairs", "Mapping[str, str]"))
                continue
            kind, annotation, is_list = spec.param_type(prop, f"{where} {wire}")
            params.append(ParamInfo(python_param_name(wire), wire, kind, annotation, wire in required, is_list))
    names = [p.name for p in params]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes or {"self", "limit"} & set(names):
        raise GeneratorError(f"{where}: parameter names clash: {sorted(dupes | ({'self', 'limit'} & set(names)))}")
    # Required first (they have no default), then the spec's order.
    return [p for p in params if p.required] + [p for p in params if not p.required]


def _conditional(op: dict[str, Any], params: list[ParamInfo], key: str) -> list[tuple[str, ...]]:
    """``x-twilio.conditional`` groups (``[["from", "messaging_service_sid"]]``) as Python parameter names."""
    by_norm = {re.sub(r"[^a-z0-9]", "", p.wire.lower()): p.name for p in params}
    groups = []
    for group in (op.get("x-twilio") or {}).get("conditional") or []:
        names = [by_norm.get(re.sub(r"[^a-z0-9]", "", g.lower())) for g in group]
        if None in names:
            raise GeneratorError(f"{key}: conditional group {group} names an unknown parameter")
        groups.append(tuple(n for n in names if n))
    return groups


def _response_schema(spec: Spec, op: dict[str, Any], verb: str) -> tuple[str | None, str | None, dict[str, Any] | None]:
    """-> (records key, schema $ref, schema) of the resource the operation returns."""
    for code in ("200", "201", "202", "307"):
        resp = (op.get("responses") or {}).get(code)
        if resp is None:
            continue
        content = spec.resolve(resp).get("content") or {}
        media = content.get("application/json") or next(iter(content.values()), None)
        if not media:
            return None, None, None
        schema_node = media.get("schema") or {}
        if verb == "list":
            schema = spec.resolve(schema_node)
            for key, prop in (schema.get("properties") or {}).items():
                prop = spec.resolve(prop)
                if prop.get("type") == "array" and key != "meta":
                    items = prop.get("items") or {}
                    return key, items.get("$ref"), spec.resolve(items)
            raise GeneratorError(f"{op['operationId']}: list response has no array property")
        return None, schema_node.get("$ref"), spec.resolve(schema_node)
    return None, None, None


def build_resources(spec: Spec, target: Target) -> list[Resource]:
    """The selected resources of ``spec``, parents before children, with models and operations."""
    paths: dict[str, dict[str, Any]] = spec.doc.get("paths") or {}
    resources: dict[str, Resource] = {}
    order: list[str] = []
    api_2010 = "2010" in target.spec

    def selected(key: str) -> bool:
        norm = _normalise(key)
        if not any(norm == _normalise(r) or norm.startswith(_normalise(r) + "/") for r in target.roots):
            return False
        return not any(norm == _normalise(x) or norm.startswith(_normalise(x) + "/") for x in target.exclude)

    schemas: dict[str, list[tuple[str | None, dict[str, Any]]]] = {}
    for path in sorted(paths):
        item = paths[path]
        stripped = _strip_json(path)
        head, _, last = stripped.rpartition("/")
        is_instance = last.startswith("{") and last.endswith("}")
        key = head if is_instance else stripped
        if not selected(key):
            continue
        ops = [(m, item[m]) for m in ("post", "get", "delete") if m in item]
        if not ops:
            continue
        res = resources.get(key)
        if res is None:
            res = Resource(key, "", short_doc(item.get("description")))
            resources[key] = res
            order.append(key)
            res.mount = (item.get("x-twilio") or {}).get("mountName") or ""
        if is_instance:
            res.own_key = last[1:-1]
        domain = _domain(spec, item)
        common = list(item.get("parameters") or [])
        for method, op in ops:
            verb = _verb(op["operationId"])
            if not is_instance or not res.name:  # the list path's tag names the resource
                res.name = _tag_name(op)
            records_key, ref, schema = _response_schema(spec, op, verb)
            if schema:
                schemas.setdefault(key, []).append((ref, schema))
            entry = Op(verb, op["operationId"], method.upper(), path, domain,
                       short_doc(op.get("description") or op.get("summary")), [], records_key, ref)
            (res.instance_ops if is_instance else res.list_ops).append(entry)
            entry.params = _params(spec, key, verb, op, common)
            entry.one_of = _conditional(op, entry.params, key)

    for key in order:
        res = resources[key]
        res.singleton = res.own_key is None and any(o.verb in ("fetch", "update") for o in res.list_ops)
        if res.singleton and any(o.verb == "list" for o in res.list_ops):
            raise GeneratorError(f"{key}: both a list and a singleton")

    # Parents: the selected resource whose instance path is the longest prefix.
    for key in order:
        res = resources[key]
        norm = _normalise(key)
        best = None
        for other in resources.values():
            if other is res or other.own_key is None:
                continue
            prefix = _normalise(other.key) + "/{}"
            if norm.startswith(prefix + "/") and (best is None or len(prefix) > len(_normalise(best.key)) + 3):
                best = other
        if best is not None:
            res.parent = best
            best.children.append(res)
            parent_parts = (best.key + "/{" + str(best.own_key) + "}").split("/")
            own_parts = key.split("/")
            for mine, theirs in zip(own_parts, parent_parts):
                if mine.startswith("{") and mine != theirs:
                    res.mapping[mine[1:-1]] = theirs[1:-1]
            rest = own_parts[len(parent_parts):]
            res.mount = res.mount or snake("".join(rest))
        else:
            res.mount = res.mount or snake(key.rsplit("/", 1)[-1])

    names = [resources[k].name for k in order]
    if len(set(names)) != len(names):
        raise GeneratorError(f"{target.spec}: resource class names clash: {sorted({n for n in names if names.count(n) > 1})}")

    # Models: the union of the fields of every schema the resource's operations return.
    for key in order:
        res = resources[key]
        found = schemas.get(key) or []
        if not found:
            continue
        nested: list[ModelInfo] = []
        merged: dict[str, Any] = {}
        description = ""
        for _ref, schema in found:
            for name, prop in (schema.get("properties") or {}).items():
                merged.setdefault(name, prop)
            description = description or schema.get("description", "")
        fields = spec.fields_of(res.name, {"properties": merged}, nested, api_2010)
        default: list[str] = [n for n in ("sid", "status") if n in merged] or [fi.json_name for fi in fields[:1]]
        res.model = ModelInfo(res.name, res.doc or short_doc(description), fields, tuple(default), nested)
    return [resources[k] for k in order]
