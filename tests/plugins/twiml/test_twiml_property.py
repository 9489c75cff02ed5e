"""Property: any element tree either writes well-formed XML that round-trips through parse, or raises.

Trees mix vocabulary classes and GenericNode, with arbitrary text (any code point,
surrogates and controls included), arbitrary attribute names and values of several
types, and mixed text between children. An independent model of the tree says
what must happen: a TwiMLException exactly when a written string holds a
character XML 1.0 forbids or a name is not an XML name; otherwise ElementTree
(a namespace-aware parser we do not use) reads back exactly the model, and
``str(parse(doc)) == doc``.
"""

from __future__ import annotations

import inspect
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from twilio_twiml import GenericNode, TwiML, TwiMLException, parse
from twilio_twiml import fax_response, messaging_response, voice_response

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NAME = re.compile(r"(xml:)?[A-Za-z_][A-Za-z0-9_.\-]*")
XML_NS = "{http://www.w3.org/XML/1998/namespace}"

CLASSES = [
    getattr(module, name)
    for module in (voice_response, messaging_response, fax_response)
    for name in module.__all__
]


def _value_param(cls: type[TwiML]) -> inspect.Parameter | None:
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    return params[0] if params and params[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD else None


VALUE_PARAM = {cls: _value_param(cls) for cls in CLASSES}


@dataclass
class Model:
    """What a node should write: name, attributes as strings, text, (child, tail) pairs."""

    name: str
    attrs: dict[str, str] = field(default_factory=dict)
    text: str = ""
    children: list[tuple[Model, str]] = field(default_factory=list)

    def problems(self) -> bool:
        """True if writing this tree must raise TwiMLException."""
        if not NAME.fullmatch(self.name) or FORBIDDEN.search(self.text):
            return True
        if any(not NAME.fullmatch(k) or FORBIDDEN.search(v) for k, v in self.attrs.items()):
            return True
        return any(FORBIDDEN.search(tail) or child.problems() for child, tail in self.children)


def attr_string(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


valid_names = st.one_of(
    st.sampled_from(["Say", "Dial", "break", "say-as", "Response", "Number", "x", "xml:lang", "a.b-c_d"]),
    st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_.\-]{0,8}\Z"),
)
# Valid names most of the time, so that most trees can be written; any string sometimes.
names = st.one_of(valid_names, valid_names, valid_names, valid_names, st.text(max_size=6))
# Mostly characters XML allows (with TAB/LF/CR and markup characters), sometimes anything at all.
writable_text = st.text(st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n\r<>&\"'"), max_size=20)
# Text with one character of every kind XML 1.0 forbids (so each is found on its own)
# or allows at the edges of its ranges.
EDGE_CHARACTERS = "\x00\x01\x08\x0b\x0c\x0e\x1f\ud800\udfff\ufffe\uffff\ud7ff\ue000\ufffd\U00010000\U0010ffff"
edge_text = st.tuples(writable_text, st.sampled_from(EDGE_CHARACTERS), writable_text).map("".join)
any_text = st.one_of(writable_text, writable_text, writable_text, writable_text, edge_text, st.text(max_size=20))
# Trees whose only possible problem is one forbidden character in some string.
one_char_text = st.one_of(writable_text, writable_text, writable_text, edge_text)


def values(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.one_of(text, st.integers(), st.booleans(), st.floats(allow_nan=False), st.none())


def trees(names: st.SearchStrategy[str], any_text: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[TwiML, Model]]:
    """Element trees (with their models) using these names and texts."""
    attributes = st.dictionaries(
        names.filter(lambda n: n != "xmlns" and not n.startswith("xmlns:")), values(any_text), max_size=4
    )
    generic_text = st.one_of(st.none(), any_text, st.dictionaries(any_text, st.integers(), max_size=2))
    tails = st.one_of(st.none(), any_text)

    @st.composite
    def tree(draw: st.DrawFn, depth: int = 0) -> tuple[TwiML, Model]:
        text: Any
        if draw(st.booleans()):
            cls = draw(st.sampled_from(CLASSES))
            param = VALUE_PARAM[cls]
            text = draw(any_text) if param is not None else None
            node = cls(text) if param is not None else cls()
        else:
            node = GenericNode(draw(names))
            text = draw(generic_text)
            node.value = text
        model = Model(node.name)
        if text:
            model.text = json.dumps(text) if isinstance(text, dict) else text
        # Set on ``attrs`` directly, so any name is possible; there, as in the official
        # library, only True/False are special (None is left out by keyword arguments only).
        for key, value in draw(attributes).items():
            node.attrs[key] = value
            model.attrs[key] = attr_string(value)
        if depth < 3 and draw(st.booleans()):
            if draw(st.booleans()):  # a string before the first child replaces the text
                model.text = draw(any_text)
                node.append(model.text)
            for _ in range(draw(st.integers(0, 3))):
                child, child_model = draw(tree(depth + 1))
                node.append(child)
                tail = draw(tails)
                if tail is not None:
                    node.append(tail)
                model.children.append((child_model, tail or ""))
        return node, model

    return tree()


def assert_matches(element: ET.Element, model: Model) -> None:
    tag = element.tag.replace(XML_NS, "xml:")
    assert tag == model.name
    assert {k.replace(XML_NS, "xml:"): v for k, v in element.attrib.items()} == model.attrs
    assert (element.text or "") == normalise_newlines(model.text)
    assert len(element) == len(model.children)
    for child, (child_model, tail) in zip(element, model.children):
        assert_matches(child, child_model)
        assert (child.tail or "") == normalise_newlines(tail)


def check(node: TwiML, model: Model) -> None:
    try:
        document = str(node)
    except TwiMLException:
        event("raised TwiMLException")
        assert model.problems(), "raised for a tree that can be written"
        return
    event("written")
    assert not model.problems(), "wrote a tree holding a forbidden character or name"
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert_matches(ET.fromstring(document.encode("utf-8")), model)
    parsed = parse(document)
    assert str(parsed) == document
    assert parsed.to_xml(xml_declaration=False) == node.to_xml(xml_declaration=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(names, any_text))
def test_any_tree_round_trips_or_raises(tree: tuple[TwiML, Model]) -> None:
    check(*tree)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(valid_names, one_char_text))
def test_each_forbidden_character_is_caught_on_its_own(tree: tuple[TwiML, Model]) -> None:
    check(*tree)
