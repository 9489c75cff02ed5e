"""The element base: attribute rules, text, escaping, forbidden characters, nesting, helpers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from twilio_core.errors import TwilioError
from twilio_twiml import GenericNode, TwiML, TwiMLException, format_language, lower_camel
from twilio_twiml.messaging_response import MessagingResponse
from twilio_twiml.voice_response import Say, VoiceResponse


def xml(node: TwiML) -> str:
    return node.to_xml(xml_declaration=False)


# -- helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("caller_id", "callerId"),
        ("hangup_on_star", "hangupOnStar"),
        ("status_callback_event", "statusCallbackEvent"),
        ("fooBar", "fooBar"),
        ("simple", "simple"),
        ("", ""),
        (None, None),
        ("a__b", "aB"),
        ("_leading", "leading"),
        ("CAPS_WORD", "capsWord"),
        ("x_1y", "x1Y"),
    ],
)
def test_lower_camel(name: str | None, expected: str | None) -> None:
    assert lower_camel(name) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("EN_us", "en-US"), ("en-us", "en-US"), ("fr_FR", "fr-FR"), ("Pt-bR", "pt-BR"), (None, None), ("", "")],
)
def test_format_language(code: str | None, expected: str | None) -> None:
    assert format_language(code) == expected


@pytest.mark.parametrize("code", ["english", "en", "en-USA", "e1-US", "en US", "en-US\n", "ñe-US", "en--US"])
def test_format_language_rejects(code: str) -> None:
    with pytest.raises(TwiMLException, match="language"):
        format_language(code)


def test_exception_is_a_twilio_error_and_value_error() -> None:
    assert issubclass(TwiMLException, TwilioError)
    assert issubclass(TwiMLException, ValueError)


# -- attributes --------------------------------------------------------------------------------


def test_mapped_keyword_names() -> None:
    node = GenericNode("x", None, from_="a", xml_lang="b", interpret_as="c", for_="d", break_="e")
    assert xml(node) == '<x break="e" for="d" from="a" interpret-as="c" xml:lang="b" />'


def test_none_left_out_booleans_lowercase_other_values_str() -> None:
    node = GenericNode("x", None, a=None, b=True, c=False, d=0, e=1.5, f="", g=-3)
    assert xml(node) == '<x b="true" c="false" d="0" e="1.5" f="" g="-3" />'


def test_unknown_keywords_are_written_like_known_ones() -> None:
    response = VoiceResponse()
    response.say("Hi", custom_thing="x", alreadyCamel=1)
    assert xml(response) == '<Response><Say alreadyCamel="1" customThing="x">Hi</Say></Response>'


def test_attributes_sorted_by_final_name() -> None:
    response = VoiceResponse()
    response.dial(timeout=1, action="/a", caller_id="c", answer_on_bridge=True, zeta=1, Alpha=2)
    assert xml(response) == (
        '<Response><Dial Alpha="2" action="/a" answerOnBridge="true" callerId="c" timeout="1" zeta="1" />'
        "</Response>"
    )


def test_root_attributes() -> None:
    assert xml(VoiceResponse(foo_bar="1")) == '<Response fooBar="1" />'


def test_attribute_escaping() -> None:
    node = GenericNode("x", None, a='<&>"\'', b="line1\nline2\r\tend")
    assert xml(node) == '<x a="&lt;&amp;&gt;&quot;\'" b="line1&#10;line2&#13;&#09;end" />'


def test_attrs_can_be_edited_after_construction() -> None:
    say = Say("Hi")
    say.attrs["voice"] = "man"
    assert xml(say) == '<Say voice="man">Hi</Say>'


# -- text --------------------------------------------------------------------------------------


def test_text_escaping() -> None:
    assert xml(Say("a < b && c > d \"q\" 'a'")) == "<Say>a &lt; b &amp;&amp; c &gt; d \"q\" 'a'</Say>"


def test_unicode_text_and_attributes() -> None:
    say = Say("Ça va? 日本語 🎉", voice="Jürgen")
    assert xml(say) == '<Say voice="Jürgen">Ça va? 日本語 🎉</Say>'


def test_tab_and_newline_kept_in_text() -> None:
    assert xml(Say("a\tb\nc")) == "<Say>a\tb\nc</Say>"


def test_carriage_returns_in_text_written_as_the_line_feeds_parsers_read() -> None:
    assert xml(Say("a\r\nb\rc")) == "<Say>a\nb\nc</Say>"
    # what any XML parser reads from a raw CR is the same
    assert ET.fromstring("<Say>a\r\nb\rc</Say>").text == "a\nb\nc"


def test_dict_text_is_json() -> None:
    node = GenericNode("Task", {"a": 1, "b": [True, None]})
    assert xml(node) == '<Task>{"a": 1, "b": [true, null]}</Task>'


def test_falsy_text_left_out() -> None:
    assert xml(Say("")) == "<Say />"
    assert xml(Say(None)) == "<Say />"


def test_non_string_text_written_with_str() -> None:
    assert xml(GenericNode("n", 42)) == "<n>42</n>"


# -- forbidden characters and names ------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"])
def test_forbidden_characters_in_text_raise_naming_the_element(char: str) -> None:
    response = VoiceResponse()
    response.say(f"ab{char}cd")
    with pytest.raises(TwiMLException, match=r"<Say> text contains U\+[0-9A-F]{4} at index 2") as info:
        str(response)
    assert char not in str(info.value)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\ud834", "\uffff"])
def test_forbidden_characters_in_attributes_raise_naming_element_and_attribute(char: str) -> None:
    response = VoiceResponse()
    response.dial(caller_id=f"secret{char}")
    with pytest.raises(TwiMLException, match=r"<Dial> attribute 'callerId' contains") as info:
        response.to_xml()
    assert "secret" not in str(info.value)


def test_forbidden_character_in_tail_text() -> None:
    say = Say("a")
    say.break_()
    say.append("b\x07")
    with pytest.raises(TwiMLException, match="<Say> text"):
        xml(say)


def test_allowed_edge_characters() -> None:
    text = "\t\n\x20\ud7ff\ue000\ufffd\U00010000\U0010ffff"
    assert xml(Say(text)) == f"<Say>{text}</Say>"


@pytest.mark.parametrize("name", ["1abc", "a b", "a>b", "", "-x", "a:b:c", "ns:tag", "xml:", "ñ", "{ns}tag"])
def test_invalid_element_names_raise(name: str) -> None:
    response = VoiceResponse()
    response.add_child(name)
    with pytest.raises(TwiMLException, match="Invalid element name"):
        str(response)


@pytest.mark.parametrize("name", ["a b", 'a="1" onload', "1x", "_"])
def test_invalid_attribute_names_raise(name: str) -> None:
    node = GenericNode("x", None, **{name: "v"})
    with pytest.raises(TwiMLException, match="<x> has an invalid attribute name"):
        xml(node)


def test_valid_odd_names() -> None:
    node = GenericNode("_a-b.c1", None, **{"xml:lang": "en", "data-x.y": 1, "_u": 2, "xmlns": "urn:x"})
    assert xml(node) == '<_a-b.c1 data-x.y="1" u="2" xml:lang="en" xmlns="urn:x" />'


# -- nesting, mixed text, add_child, append/nest, with -----------------------------------------


def test_nest_returns_child_append_returns_self() -> None:
    response = VoiceResponse()
    say = Say("x")
    assert response.nest(say) is say
    assert response.append("tail") is response
    assert response.verbs == [say, "tail"]


@pytest.mark.parametrize("bad", [1, None, b"bytes", object(), ["x"]])
def test_nesting_other_objects_raises(bad: object) -> None:
    with pytest.raises(TwiMLException, match="Only nesting of TwiML and strings"):
        VoiceResponse().nest(bad)
    with pytest.raises(TwiMLException):
        VoiceResponse().append(bad)  # type: ignore[arg-type]


def test_object_put_into_verbs_directly_raises_on_write() -> None:
    response = VoiceResponse()
    response.verbs.append(3)  # type: ignore[arg-type]
    with pytest.raises(TwiMLException, match="<Response> holds a int"):
        str(response)


def test_mixed_text() -> None:
    say = Say()
    say.append("Hello ")
    say.emphasis("dear")
    say.append(" friend")
    say.break_(time="1s")
    say.append("bye")
    assert xml(say) == '<Say>Hello <emphasis>dear</emphasis> friend<break time="1s" />bye</Say>'


def test_string_before_first_child_replaces_text_and_later_strings_replace_earlier() -> None:
    # The official library's rule: one text slot before the first child, one tail per child.
    say = Say("original")
    say.append("replaced")
    assert xml(say) == "<Say>replaced</Say>"
    say.append("again")
    say.break_()
    say.append("t1")
    say.append("t2")
    assert xml(say) == "<Say>again<break />t2</Say>"


def test_empty_string_nested_alone_gives_empty_element() -> None:
    say = Say()
    say.append("")
    assert xml(say) == "<Say />"


def test_add_child() -> None:
    response = MessagingResponse()
    message = response.message()
    child = message.add_child("Custom", "value & more", some_attr="x", flag=True)
    assert isinstance(child, GenericNode)
    child.add_child("Inner")
    assert xml(response) == (
        '<Response><Message><Custom flag="true" someAttr="x">value &amp; more<Inner /></Custom></Message></Response>'
    )


def test_with_blocks_return_the_element_and_do_not_swallow_errors() -> None:
    response = VoiceResponse()
    with response.gather(num_digits=1) as gather:
        gather.say("Hi")
    assert xml(response) == '<Response><Gather numDigits="1"><Say>Hi</Say></Gather></Response>'
    with pytest.raises(KeyError):
        with response.dial():
            raise KeyError("boom")


def test_subclass_of_twiml_uses_class_name_as_tag() -> None:
    class Custom(TwiML):
        def __init__(self, **kwargs: object) -> None:
            super().__init__(**kwargs)  # type: ignore[arg-type]
            self.value = "v"

    node = Custom(some_attr=1)
    assert xml(node) == '<Custom someAttr="1">v</Custom>'


def test_official_attribute_names() -> None:
    say = Say("x", voice="v")
    assert (say.name, say.value, say.attrs, say.verbs) == ("Say", "x", {"voice": "v"}, [])
    assert TwiML.MAP["from_"] == "from"


def test_xml_returns_an_elementtree_element() -> None:
    response = VoiceResponse()
    response.say("Hi", voice="man")
    element = response.xml()
    assert element.tag == "Response"
    assert element[0].tag == "Say" and element[0].text == "Hi" and element[0].get("voice") == "man"


def test_repr_names_tag() -> None:
    assert "'Response'" in repr(VoiceResponse())


def test_serialising_twice_gives_the_same_and_does_not_change_the_tree() -> None:
    node = GenericNode("Task", {"a": 1})
    first = xml(node)
    assert xml(node) == first
    assert node.value == {"a": 1}


def test_deep_nesting() -> None:
    root = VoiceResponse()
    node: TwiML = root
    for _ in range(200):
        node = node.add_child("n")
    assert xml(root) == "<Response>" + "<n>" * 199 + "<n />" + "</n>" * 199 + "</Response>"
