"""parse(): reading documents back into element objects, safely."""

from __future__ import annotations

import pytest

from twilio_twiml import GenericNode, TwiMLException, parse
from twilio_twiml import fax_response as fr
from twilio_twiml import messaging_response as mr
from twilio_twiml import voice_response as vr

DECL = '<?xml version="1.0" encoding="UTF-8"?>'


def typical_voice() -> vr.VoiceResponse:
    response = vr.VoiceResponse()
    with response.gather(action="/g", method="POST", num_digits=1) as gather:
        gather.say("Press 1 & go", voice="alice", language="en-US")
    response.say("Bye\nnow")
    dial = response.dial(caller_id="+1555", record=True)
    dial.number("+1666")
    dial.client("joey")
    response.refer().sip("sip:a@b")
    response.dial().sip().uri("sip:c@d")
    say = response.say("Hi")
    say.break_(time="1s")
    say.append("tail <text>")
    response.record()
    response.redirect("/next")
    return response


def test_round_trip_bytes_and_classes() -> None:
    response = typical_voice()
    document = str(response)
    parsed = parse(document)
    assert str(parsed) == document
    assert type(parsed) is vr.VoiceResponse
    gather, say, dial, refer, dial2, say2 = parsed.verbs[:6]
    assert type(gather) is vr.Gather and type(gather.verbs[0]) is vr.Say
    assert gather.attrs == {"action": "/g", "method": "POST", "numDigits": "1"}
    assert type(say) is vr.Say and say.value == "Bye\nnow"
    assert [type(v) for v in dial.verbs] == [vr.Number, vr.Client]  # type: ignore[union-attr]
    assert type(refer.verbs[0]) is vr.ReferSip  # type: ignore[union-attr]
    assert type(dial2.verbs[0]) is vr.Sip and type(dial2.verbs[0].verbs[0]) is vr.SipUri  # type: ignore[union-attr]
    assert say2.verbs == [say2.verbs[0], "tail <text>"] and type(say2.verbs[0]) is vr.SsmlBreak  # type: ignore[union-attr]


def test_parsed_objects_can_be_extended() -> None:
    parsed = parse("<Response><Dial><Number>+1</Number></Dial></Response>")
    assert isinstance(parsed, vr.VoiceResponse)
    parsed.verbs[0].client("joey")  # type: ignore[union-attr]
    parsed.hangup()
    assert parsed.to_xml(False) == "<Response><Dial><Number>+1</Number><Client>joey</Client></Dial><Hangup /></Response>"


def test_without_declaration_and_bytes() -> None:
    assert parse(b"<Response><Say>Hi</Say></Response>").to_xml(False) == "<Response><Say>Hi</Say></Response>"
    assert str(parse("<Response/>")) == DECL + "<Response />"


def test_messaging_and_fax_roots_are_recognised() -> None:
    messaging = parse("<Response><Redirect>/r</Redirect><Message><Body>b</Body><Media>m</Media></Message></Response>")
    assert type(messaging) is mr.MessagingResponse
    assert type(messaging.verbs[0]) is mr.Redirect
    assert [type(v) for v in messaging.verbs[1].verbs] == [mr.Body, mr.Media]  # type: ignore[union-attr]
    fax = parse('<Response><Receive action="/f" /></Response>')
    assert type(fax) is fr.FaxResponse and type(fax.verbs[0]) is fr.Receive


@pytest.mark.parametrize(("kind", "cls"), [("voice", vr.VoiceResponse), ("messaging", mr.MessagingResponse),
                                           ("fax", fr.FaxResponse), (mr.MessagingResponse, mr.MessagingResponse)])
def test_explicit_response_class(kind: object, cls: type) -> None:
    assert type(parse("<Response><Redirect>/r</Redirect></Response>", response_class=kind)) is cls  # type: ignore[arg-type]


def test_bad_response_class() -> None:
    with pytest.raises(TwiMLException, match="response_class"):
        parse("<Response/>", response_class="sms")
    with pytest.raises(TwiMLException, match="response_class"):
        parse("<Response/>", response_class=vr.Say)


def test_unknown_tags_become_generic_nodes_and_known_tags_keep_their_class() -> None:
    parsed = parse('<Response><Custom a="1"><Say>x</Say></Custom><Gather><Dial>+1</Dial></Gather></Response>')
    custom, gather = parsed.verbs
    assert type(custom) is GenericNode and custom.attrs == {"a": "1"}
    assert type(custom.verbs[0]) is vr.Say
    assert type(gather.verbs[0]) is vr.Dial  # type: ignore[union-attr]


def test_non_response_root() -> None:
    assert type(parse("<Say>hi</Say>")) is vr.Say
    assert type(parse("<Whatever />")) is GenericNode


def test_ssml_namespaced_attribute_and_dashes() -> None:
    doc = '<Response><Say><lang xml:lang="fr-FR">Salut</lang><say-as interpret-as="date">1</say-as></Say></Response>'
    parsed = parse(doc)
    assert parsed.to_xml(False) == doc
    lang, say_as = parsed.verbs[0].verbs  # type: ignore[union-attr]
    assert type(lang) is vr.SsmlLang and lang.attrs == {"xml:lang": "fr-FR"}
    assert type(say_as) is vr.SsmlSayAs


def test_entities_and_character_references_are_decoded() -> None:
    parsed = parse('<Response><Say a="&quot;&#10;">&lt;&amp;&gt;&#233;&#x1F600;</Say></Response>')
    say = parsed.verbs[0]
    assert say.value == "<&>é😀" and say.attrs == {"a": '"\n'}  # type: ignore[union-attr]


def test_cdata_and_comments() -> None:
    parsed = parse("<Response><!-- note --><Say><![CDATA[a <b> & c]]></Say><?pi x?></Response>")
    assert parsed.to_xml(False) == "<Response><Say>a &lt;b&gt; &amp; c</Say></Response>"


def test_ignore_whitespace_for_pretty_printed_documents() -> None:
    doc = """<?xml version="1.0" encoding="UTF-8"?>
<Response>
    <Gather numDigits="1">
        <Say>Press 1</Say>
    </Gather>
</Response>
"""
    assert parse(doc, ignore_whitespace=True).to_xml(False) == (
        '<Response><Gather numDigits="1"><Say>Press 1</Say></Gather></Response>'
    )
    kept = parse(doc)
    assert kept.value == "\n    "
    assert kept.verbs[1] == "\n"


@pytest.mark.parametrize(
    "doc",
    [
        "",
        "<Response>",
        "<Response></Say>",
        "<Response><Say a='1' a='2'/></Response>",
        "<Response>&undefined;</Response>",
        "<Response>\x01</Response>",
        "<Response>&#0;</Response>",
        "not xml",
        "<a/><b/>",
    ],
)
def test_malformed_documents_raise(doc: str) -> None:
    with pytest.raises(TwiMLException, match="Not well-formed XML"):
        parse(doc)


def test_wrong_type() -> None:
    with pytest.raises(TwiMLException, match="str or bytes"):
        parse(123)  # type: ignore[arg-type]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Response><Say>&lol9;</Say></Response>"""


@pytest.mark.parametrize(
    "doc",
    [
        BILLION_LAUGHS,
        '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Response><Say>&x;</Say></Response>',
        '<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><Response/>',
        '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x">%p;]><Response/>',
        "<!DOCTYPE Response><Response/>",
    ],
)
def test_dtds_and_entities_are_refused(doc: str) -> None:
    # Refused at the <!DOCTYPE, before any declaration is read or any entity expanded.
    with pytest.raises(TwiMLException, match="DTD"):
        parse(doc)


def test_deep_documents_parse_without_recursion() -> None:
    depth = 5000
    doc = "<Response>" + "<n>" * depth + "</n>" * depth + "</Response>"
    node = parse(doc)
    for _ in range(depth):
        node = node.verbs[0]  # type: ignore[assignment]
    assert node.name == "n" and node.verbs == []


def test_too_deep_to_write_is_a_twiml_exception() -> None:
    depth = 5000
    parsed = parse("<Response>" + "<n>" * depth + "</n>" * depth + "</Response>")
    with pytest.raises(TwiMLException, match="nested too deeply"):
        str(parsed)
