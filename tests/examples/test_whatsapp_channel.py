"""client.whatsapp through the full client pipeline, with MockTransport (no network).

The plugin is given to the client explicitly (``Client(plugins=[...])``) together with
twilio-messaging's, which is what entry-point discovery does for an installed copy; the
wheel test (test_whatsapp_wheel.py) covers the real entry point.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from twilio_core import AsyncClient, Client, InvalidParameterError, TwilioRestError
from twilio_core.testing import MockTransport, SentRequest

pytest.importorskip("twilio_messaging")

import twilio_whatsapp._plugin as whatsapp_plugin  # noqa: E402
from twilio_whatsapp import WhatsApp, content_variables  # noqa: E402

SID = "AC" + "1" * 32
TOKEN = "whatsapp-test-token-" + "s" * 12
SENDER = "whatsapp:+14155238886"
CONTENT = "HX" + "ab" * 16
PLUGINS = [whatsapp_plugin, "twilio_messaging._plugin"]


def echo(request: SentRequest) -> tuple[int, dict[str, Any]]:
    """Answer a Messages create like Twilio would, from what was sent."""
    form = {k: v[0] for k, v in request.form().items()}
    return 201, {"sid": "SM" + "0" * 32, "account_sid": SID, "status": "queued", "to": form["To"],
                 "from": form.get("From"), "body": form.get("Body", ""), "num_media": "0"}


def make_client(transport: MockTransport, **options: Any) -> Client:
    options.setdefault("plugin_options", {"whatsapp": {"from_": "+14155238886"}})
    options.setdefault("environ", {})
    return Client(SID, TOKEN, transport=transport, plugins=PLUGINS, retry=None, **options)


@pytest.fixture
def transport() -> MockTransport:
    return MockTransport(echo)


def test_send_text_adds_the_prefix_and_posts_to_messages(transport: MockTransport) -> None:
    client = make_client(transport)
    message = client.whatsapp.send_text("+1 555 867 5310", "Your order has shipped",
                                        status_callback="https://example.com/status")
    sent = transport.last_request
    assert sent.method == "POST" and sent.url.endswith(f"/2010-04-01/Accounts/{SID}/Messages.json")
    assert sent.form() == {"To": ["whatsapp:+15558675310"], "From": [SENDER], "Body": ["Your order has shipped"],
                           "StatusCallback": ["https://example.com/status"]}
    assert message.sid == "SM" + "0" * 32 and message.to == "whatsapp:+15558675310"
    assert type(message).__name__ == "Message"  # twilio-messaging's model: client.messages.create did the work


def test_send_text_with_media_and_explicit_sender(transport: MockTransport) -> None:
    client = make_client(transport)
    client.whatsapp.send_text("whatsapp:+15558675310", media_url=["https://e.com/a.png", "https://e.com/b.pdf"],
                              from_="+15017122661")
    form = transport.last_request.form()
    assert form["MediaUrl"] == ["https://e.com/a.png", "https://e.com/b.pdf"]
    assert form["From"] == ["whatsapp:+15017122661"] and "Body" not in form


def test_send_template_sends_content_sid_and_variables_json(transport: MockTransport) -> None:
    client = make_client(transport)
    client.whatsapp.send_template("+15558675310", CONTENT, {"1": "Alice", 2: "Friday"})
    form = transport.last_request.form()
    assert form["ContentSid"] == [CONTENT] and "Body" not in form
    assert json.loads(form["ContentVariables"][0]) == {"1": "Alice", "2": "Friday"}
    client.whatsapp.send_template("+15558675310", CONTENT, ["Zoë", 3])
    assert transport.last_request.form()["ContentVariables"] == ['{"1":"Zoë","2":"3"}']
    client.whatsapp.send_template("+15558675310", CONTENT)
    assert "ContentVariables" not in transport.last_request.form()


def test_content_variables() -> None:
    assert content_variables(None) is None and content_variables({}) is None and content_variables([]) is None
    assert content_variables(("a", "b")) == '{"1":"a","2":"b"}'
    for bad, problem in [("Alice", "mapping or a list"), ({"1": None}, "'1' must be a string or number"),
                         ({"1": ["x"]}, "must be a string or number"), ({"": "x"}, "must not be empty")]:
        with pytest.raises(InvalidParameterError, match=problem):
            content_variables(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("content_sid", ["HX123", "MG" + "a" * 32, "HX" + "g" * 32, None])
def test_bad_content_sid_is_refused_before_sending(transport: MockTransport, content_sid: Any) -> None:
    client = make_client(transport)
    with pytest.raises(InvalidParameterError, match="content_sid must be a Content template SID"):
        client.whatsapp.send_template("+15558675310", content_sid)
    assert transport.requests == []


def test_invalid_recipient_or_sender_is_refused_before_sending(transport: MockTransport) -> None:
    client = make_client(transport)
    with pytest.raises(InvalidParameterError, match=r"recipient \(to\) must be an E\.164"):
        client.whatsapp.send_text("5558675310", "hi")
    with pytest.raises(InvalidParameterError, match=r"sender \(from_\) must be an E\.164"):
        client.whatsapp.send_text("+15558675310", "hi", from_="sms:+1")
    with pytest.raises(InvalidParameterError, match="needs a body or a media_url"):
        client.whatsapp.send_text("+15558675310", "")
    with pytest.raises(InvalidParameterError, match="'body' is set by this method"):
        client.whatsapp.send_template("+15558675310", CONTENT, body="x")
    assert transport.requests == []


def test_sender_from_environment_or_messaging_service(transport: MockTransport) -> None:
    client = make_client(transport, plugin_options={}, environ={"TWILIO_WHATSAPP_FROM": "+15017122661"})
    client.whatsapp.send_text("+15558675310", "hi")
    assert transport.last_request.form()["From"] == ["whatsapp:+15017122661"]

    bare = make_client(transport, plugin_options={})
    with pytest.raises(InvalidParameterError, match="no WhatsApp sender") as caught:
        bare.whatsapp.send_text("+15558675310", "hi")
    assert TOKEN not in str(caught.value)
    bare.whatsapp.send_text("+15558675310", "hi", messaging_service_sid="MG" + "c" * 32)
    form = transport.last_request.form()
    assert form["MessagingServiceSid"] == ["MG" + "c" * 32] and "From" not in form


def test_bad_default_sender_fails_when_the_product_is_built(transport: MockTransport) -> None:
    client = make_client(transport, plugin_options={"whatsapp": {"from_": "not a number"}})
    with pytest.raises(Exception, match="default sender must be an E.164"):
        client.whatsapp
    with pytest.raises(Exception, match="must be a mapping"):
        make_client(transport, plugin_options={"whatsapp": "+14155238886"}).whatsapp


def test_twilio_errors_come_through_as_rest_errors() -> None:
    transport = MockTransport(lambda request: (400, {"code": 21211, "message": "Invalid 'To' Phone Number",
                                                     "more_info": "https://www.twilio.com/docs/errors/21211",
                                                     "status": 400}))
    with pytest.raises(TwilioRestError) as caught:
        make_client(transport).whatsapp.send_text("+15005550001", "hi")
    assert caught.value.code == 21211


def test_first_party_messaging_is_extended_with_the_same_channel(transport: MockTransport) -> None:
    client = make_client(transport)
    assert isinstance(client.whatsapp, WhatsApp)
    assert client.messaging.whatsapp is client.whatsapp
    assert "whatsapp" in dir(client)
    assert repr(client.whatsapp) == "<WhatsApp from='whatsapp:+14155238886'>"
    other = make_client(transport)
    assert other.whatsapp is not client.whatsapp  # one per client


def test_without_the_plugin_client_whatsapp_is_not_there(transport: MockTransport) -> None:
    client = Client(SID, TOKEN, transport=transport, plugins=["twilio_messaging._plugin"], environ={})
    assert not hasattr(client, "whatsapp")


def test_async_client_returns_awaitables(transport: MockTransport) -> None:
    async def main() -> Any:
        client = AsyncClient(SID, TOKEN, transport=transport, plugins=PLUGINS, retry=None, environ={},
                             plugin_options={"whatsapp": {"from_": "+14155238886"}})
        try:
            return await client.whatsapp.send_template("+15558675310", CONTENT, ["Alice"])
        finally:
            await client.aclose()

    message = asyncio.run(main())
    assert message.to == "whatsapp:+15558675310"
    assert transport.last_request.form()["ContentVariables"] == ['{"1":"Alice"}']
