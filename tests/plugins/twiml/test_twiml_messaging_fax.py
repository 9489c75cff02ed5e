"""Messaging and Fax TwiML: expected XML of every element."""

from __future__ import annotations

import pytest

from twilio_twiml import messaging_response as mr
from twilio_twiml.fax_response import FaxResponse, Receive
from twilio_twiml.messaging_response import MessagingResponse

DECL = '<?xml version="1.0" encoding="UTF-8"?>'


def test_message_with_body_and_media() -> None:
    response = MessagingResponse()
    message = response.message()
    message.body("Store Location: 123 Easy St.")
    message.media("https://demo.twilio.com/owl.png")
    message.media("https://demo.twilio.com/cat.png")
    assert str(response) == (
        DECL + "<Response><Message><Body>Store Location: 123 Easy St.</Body>"
        "<Media>https://demo.twilio.com/owl.png</Media><Media>https://demo.twilio.com/cat.png</Media>"
        "</Message></Response>"
    )


def test_message_attributes_sorted_and_renamed() -> None:
    response = MessagingResponse()
    response.message("Hi & bye", to="+15551110000", from_="+15552220000", action="/a", method="GET",
                      status_callback="/s")
    assert response.to_xml(False) == (
        '<Response><Message action="/a" from="+15552220000" method="GET" statusCallback="/s" to="+15551110000">'
        "Hi &amp; bye</Message></Response>"
    )


def test_message_text_and_body_child() -> None:
    response = MessagingResponse()
    response.message("text").body("body")
    assert response.to_xml(False) == "<Response><Message>text<Body>body</Body></Message></Response>"


def test_redirect() -> None:
    response = MessagingResponse()
    response.redirect("https://example.com/sms", method="POST")
    assert response.to_xml(False) == (
        '<Response><Redirect method="POST">https://example.com/sms</Redirect></Response>'
    )


def test_empty_messaging_response() -> None:
    assert str(MessagingResponse()) == DECL + "<Response />"


def test_message_built_directly() -> None:
    response = MessagingResponse()
    message = mr.Message(to="+1555")
    message.append(mr.Body("x")).append(mr.Media("https://m/1.png"))
    response.append(message)
    assert response.to_xml(False) == (
        '<Response><Message to="+1555"><Body>x</Body><Media>https://m/1.png</Media></Message></Response>'
    )


def test_unicode_message() -> None:
    response = MessagingResponse()
    response.message("Grüße, 世界 👋")
    assert str(response) == DECL + "<Response><Message>Grüße, 世界 👋</Message></Response>"
    assert str(response).encode("utf-8").decode("utf-8") == str(response)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "<Response><Receive /></Response>"),
        (
            {"action": "/fax", "method": "GET", "media_type": "application/pdf", "page_size": "letter",
             "store_media": False},
            '<Response><Receive action="/fax" mediaType="application/pdf" method="GET" pageSize="letter" '
            'storeMedia="false" /></Response>',
        ),
    ],
)
def test_fax_receive(kwargs: dict[str, object], expected: str) -> None:
    response = FaxResponse()
    receive = response.receive(**kwargs)  # type: ignore[arg-type]
    assert type(receive) is Receive
    assert response.to_xml(xml_declaration=False) == expected
