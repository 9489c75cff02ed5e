"""twilio_whatsapp.parse_inbound: inbound WhatsApp webhooks into InboundMessage, and the channel
against the local sandbox over real HTTP on 127.0.0.1 (sent messages, signed inbound webhooks)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator
from urllib.parse import parse_qs

import pytest

from twilio_whatsapp import InboundLocation, InboundMedia, InboundWebhookError, parse_inbound

SID = "AC" + "1" * 32
FORM = {
    "MessageSid": "MM" + "2" * 32, "SmsMessageSid": "MM" + "2" * 32, "AccountSid": SID,
    "From": "whatsapp:+15558675310", "To": "whatsapp:+14155238886", "Body": "Is it in stock?",
    "ProfileName": "Alice", "WaId": "15558675310", "MessageType": "image", "NumMedia": "2",
    "MediaUrl0": "https://api.twilio.com/media/ME1", "MediaContentType0": "image/jpeg",
    "MediaUrl1": "https://api.twilio.com/media/ME2", "NumSegments": "1", "ApiVersion": "2010-04-01",
    "OriginalRepliedMessageSid": "SM" + "3" * 32, "Forwarded": "true", "MessagingServiceSid": "MG" + "4" * 32,
}


def test_a_full_inbound_webhook() -> None:
    message = parse_inbound(FORM)
    assert message.message_sid == FORM["MessageSid"] and message.account_sid == SID
    assert message.from_ == "+15558675310" and message.to == "+14155238886"
    assert message.from_address == "whatsapp:+15558675310" and message.to_address == "whatsapp:+14155238886"
    assert message.body == "Is it in stock?" and message.profile_name == "Alice" and message.wa_id == "15558675310"
    assert message.message_type == "image" and message.num_media == 2
    assert message.media == (InboundMedia("https://api.twilio.com/media/ME1", "image/jpeg"),
                             InboundMedia("https://api.twilio.com/media/ME2", None))
    assert message.replied_to_sid == "SM" + "3" * 32 and message.forwarded and not message.frequently_forwarded
    assert message.messaging_service_sid == "MG" + "4" * 32
    assert message.location is None and not message.is_button_reply
    assert message.params["NumSegments"] == "1"
    with pytest.raises(TypeError):
        message.params["Body"] = "edited"  # type: ignore[index]


def test_button_reply_and_location() -> None:
    button = parse_inbound({**FORM, "NumMedia": "0", "MessageType": "button", "ButtonText": "Yes please",
                            "ButtonPayload": "confirm-1042"})
    assert button.is_button_reply and button.button_text == "Yes please" and button.button_payload == "confirm-1042"
    assert button.media == ()
    place = parse_inbound({**FORM, "NumMedia": "0", "Latitude": "51.5072", "Longitude": "-0.1276",
                           "Address": "Trafalgar Square", "Label": "Shop"})
    assert place.location == InboundLocation(51.5072, -0.1276, "Trafalgar Square", "Shop")


def test_accepts_raw_bodies_lists_and_multidicts() -> None:
    from urllib.parse import urlencode

    body = urlencode(FORM)
    assert parse_inbound(body) == parse_inbound(body.encode()) == parse_inbound(parse_qs(body)) == parse_inbound(FORM)

    class MultiDict:  # the shape of werkzeug's / Django's: keys() and [] giving the first value
        def keys(self) -> list[str]:
            return list(FORM)

        def __getitem__(self, key: str) -> str:
            return FORM[key]

    assert parse_inbound(MultiDict()).body == "Is it in stock?"


@pytest.mark.parametrize("change, problem", [
    ({"From": None}, "missing From"),
    ({"MessageSid": None, "AccountSid": None}, "missing MessageSid, AccountSid"),
    ({"From": "+15558675310"}, "not a WhatsApp message: From is not a 'whatsapp:+E164' address"),
    ({"To": "whatsapp:15558675310"}, "To is not a 'whatsapp:+E164' address"),
    ({"NumMedia": "two"}, "NumMedia is not a count: 'two'"),
    ({"NumMedia": "3"}, "NumMedia is 3 but MediaUrl2 is missing"),
    ({"Latitude": "north", "Longitude": "1"}, "Latitude is not a number: 'north'"),
])
def test_what_is_not_an_inbound_whatsapp_message_is_named(change: dict[str, Any], problem: str) -> None:
    form = {k: v for k, v in {**FORM, **change}.items() if v is not None}
    with pytest.raises(InboundWebhookError) as caught:
        parse_inbound(form)
    assert problem in str(caught.value) and isinstance(caught.value, ValueError)


def test_not_a_mapping() -> None:
    with pytest.raises(InboundWebhookError, match="got int"):
        parse_inbound(42)


# -- against the sandbox, over real HTTP ---------------------------------------------------

sandbox_mod = pytest.importorskip("twilio_sandbox")


class Receiver:
    """A webhook endpoint on 127.0.0.1 recording the URL, form and signature of each POST."""

    def __init__(self) -> None:
        self.got: list[tuple[str, dict[str, str], str | None]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                receiver.got.append((f"http://127.0.0.1:{receiver.port}{self.path}", form,
                                     self.headers.get("X-Twilio-Signature")))
                self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def sandbox() -> Iterator[Any]:
    box = sandbox_mod.Sandbox(step=0.02).start()
    try:
        yield box
    finally:
        box.stop()


def test_channel_against_the_sandbox_and_a_signed_inbound_webhook(sandbox: Any) -> None:
    import twilio_whatsapp._plugin as plugin
    from twilio_core import RequestValidator

    pytest.importorskip("twilio_messaging")
    client = sandbox.client(plugins=[plugin, "twilio_messaging._plugin"], retry=None, environ={},
                            plugin_options={"whatsapp": {"from_": "+14155238886"}})
    text = client.whatsapp.send_text("+15558675310", "Your order has shipped")
    content = "HX" + "5" * 32
    sandbox.add_content(content, "Hi {{1}}, your order ships {{2}}")
    template = client.whatsapp.send_template("+1 555 867 5310", content, ["Alice", "Friday"])
    recorded = {m["sid"]: m for m in sandbox.messages()}
    assert recorded[text.sid]["to"] == "whatsapp:+15558675310" and recorded[text.sid]["from"] == "whatsapp:+14155238886"
    assert recorded[template.sid]["body"] == "Hi Alice, your order ships Friday"
    sandbox.wait_for_status(template.sid, "delivered")

    receiver = Receiver()
    try:
        url = f"http://127.0.0.1:{receiver.port}/whatsapp?shop=1"
        _, delivery = sandbox.receive_message(url, from_="whatsapp:+15558675310", to="whatsapp:+14155238886",
                                              body="Thanks!", media_urls=["https://example.com/photo.jpg"],
                                              extra={"ProfileName": "Alice", "ButtonText": "Track order"})
        assert delivery is not None and delivery.status == 204
    finally:
        receiver.stop()
    ((got_url, form, signature),) = receiver.got
    assert RequestValidator(sandbox.auth_token).validate(got_url, form, signature)
    message = parse_inbound(form)
    assert message.from_ == "+15558675310" and message.to == "+14155238886" and message.body == "Thanks!"
    assert message.profile_name == "Alice" and message.wa_id == "15558675310" and message.button_text == "Track order"
    assert message.media == (InboundMedia("https://example.com/photo.jpg", "application/octet-stream"),)
    assert message.account_sid == sandbox.account_sid and sandbox.get(message.message_sid)["status"] == "received"
