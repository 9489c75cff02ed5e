"""End to end over real HTTP on 127.0.0.1: the product plugins against the sandbox, with every
callback received by a real web app and validated by the SDK's Flask adapter.

What tests/plugins/sandbox/test_sandbox_e2e_products.py does not cover already:

* the callbacks reach a real framework app (Flask on werkzeug's threaded server) and pass
  ``twilio_core.webhooks.flask.twilio_webhook``, POST and GET alike; forged ones get 403 and
  never reach the view;
* the TwiML plugin on both sides of an exchange: ``VoiceResponse`` served to a call and
  ``MessagingResponse`` served to an inbound SMS delivered by the sandbox over HTTP
  (``POST /_sandbox/Messages/Inbound``), read back with ``twilio_twiml.parse``;
* the JWT plugin: an access token minted from an API key the sandbox issued joins a room over
  HTTP (``POST /_sandbox/video/connect``), and the room's signed callbacks follow;
* ``AsyncClient`` over the aiohttp transport driving all three products, with callbacks.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any, Iterator

import pytest

flask = pytest.importorskip("flask")
pytest.importorskip("twilio_sandbox")
pytest.importorskip("twilio_messaging")
pytest.importorskip("twilio_voice")
pytest.importorskip("twilio_video")
pytest.importorskip("twilio_twiml")
pytest.importorskip("twilio_jwt")

from werkzeug.serving import make_server  # noqa: E402

from twilio_core import Client  # noqa: E402
from twilio_core.webhooks.flask import twilio_webhook  # noqa: E402
from twilio_sandbox import Sandbox  # noqa: E402

pytestmark = pytest.mark.network

AUTH_TOKEN = uuid.uuid4().hex  # the sandboxes below use it, so the app can be configured once
TO, FROM = "+15558675310", "+15017122661"


@dataclass
class Got:
    """A request a view accepted (the adapter let it through)."""

    path: str
    method: str
    params: dict[str, str]


class FlaskApp:
    """A Flask app whose every view is behind ``@twilio_webhook``, served on 127.0.0.1."""

    def __init__(self) -> None:
        self.got: list[Got] = []
        self._cond = threading.Condition()
        app = flask.Flask("sandbox-callbacks")
        app.config["TWILIO_AUTH_TOKEN"] = AUTH_TOKEN
        self.app = app

        def record() -> None:
            req = flask.request
            params = dict(req.form.items()) if req.method == "POST" else dict(req.args.items())
            with self._cond:
                self.got.append(Got(req.path, req.method, params))
                self._cond.notify_all()

        @app.route("/sms/status", methods=["POST"])
        @twilio_webhook
        def sms_status() -> Any:
            record()
            return "", 204

        @app.route("/voice", methods=["POST"])
        @twilio_webhook
        def voice() -> Any:
            from twilio_twiml import VoiceResponse

            record()
            response = VoiceResponse()
            response.say(f"Hello caller {flask.request.form['From']}")
            response.pause(length=1)
            return flask.Response(str(response), mimetype="text/xml")

        @app.route("/call/status", methods=["GET", "POST"])
        @twilio_webhook
        def call_status() -> Any:
            record()
            return "", 204

        @app.route("/room", methods=["POST"])
        @twilio_webhook
        def room() -> Any:
            record()
            return "", 204

        @app.route("/inbound", methods=["POST"])
        @twilio_webhook
        def inbound() -> Any:
            from twilio_twiml import MessagingResponse

            record()
            reply = MessagingResponse()
            reply.message(f"Got it: {flask.request.form['Body']}")
            return flask.Response(str(reply), mimetype="text/xml")

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self, path: str, count: int, timeout: float = 5.0) -> list[Got]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = [g for g in self.got if g.path == path]
                if len(got) >= count:
                    return got
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} accepted request(s) to {path}, got {len(got)}: {self.got}")
                self._cond.wait(left)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture(scope="module")
def web() -> Iterator[FlaskApp]:
    app = FlaskApp()
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture
def sandbox(web: FlaskApp) -> Iterator[Sandbox]:
    box = Sandbox(step=0.02, call_duration=0.06, auth_token=AUTH_TOKEN).start()
    try:
        yield box
    finally:
        box.stop()
    with web._cond:
        web.got.clear()


@pytest.fixture
def client(sandbox: Sandbox) -> Client:
    return sandbox.client(retry=None, environ={})


def post(url: str, form: dict[str, str], headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """A plain POST (no SDK), straight to 127.0.0.1 whatever the proxy settings."""
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        body = error.read()
        error.close()
        return error.code, body


def basic(sandbox: Sandbox) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{sandbox.account_sid}:{sandbox.auth_token}".encode()).decode()}


def all_accepted(sandbox: Sandbox) -> None:
    """Every webhook the sandbox sent got a 2xx from the app: none was refused by the adapter."""
    sandbox.settle(5)  # a view may see a webhook before the sandbox has recorded its answer
    records = sandbox.webhooks()
    assert records, "the sandbox sent no webhooks"
    refused = [(w.kind, w.url, w.status, w.error) for w in records if w.error or not 200 <= (w.status or 0) < 300]
    assert not refused, f"webhooks refused or failed: {refused}"


def test_message_status_callbacks_pass_the_flask_adapter_and_forgeries_do_not(
    client: Client, sandbox: Sandbox, web: FlaskApp
) -> None:
    message = client.messages.create(to=TO, from_=FROM, body="adapter check", status_callback=web.url("/sms/status"))
    got = web.wait("/sms/status", 2)
    assert [g.params["MessageStatus"] for g in got] == ["sent", "delivered"]
    assert all(g.params["MessageSid"] == message.sid for g in got)
    all_accepted(sandbox)

    # Replaying a genuine signature with an edited form, or signing with another token: 403, view not run.
    (genuine,) = sandbox.wait_for_webhooks("message-status", message.sid,
                                           where=lambda w: w.params["MessageStatus"] == "delivered")
    edited = {**genuine.params, "MessageStatus": "failed"}
    assert post(web.url("/sms/status"), edited, {"X-Twilio-Signature": genuine.signature})[0] == 403
    from twilio_core import RequestValidator

    other = RequestValidator(uuid.uuid4().hex).compute_signature(web.url("/sms/status"), genuine.params)
    assert post(web.url("/sms/status"), genuine.params, {"X-Twilio-Signature": other})[0] == 403
    assert post(web.url("/sms/status"), genuine.params)[0] == 403  # no signature at all
    # The genuine one, replayed as it was, is accepted (signatures do not expire; dedupe on MessageSid+status).
    assert post(web.url("/sms/status"), genuine.params, {"X-Twilio-Signature": genuine.signature})[0] == 204
    assert len(web.wait("/sms/status", 3)) == 3


def test_call_twiml_from_the_flask_app_and_get_status_callbacks(client: Client, sandbox: Sandbox, web: FlaskApp) -> None:
    call = client.calls.create(to=TO, from_=FROM, url=web.url("/voice?lang=en"),
                               status_callback=web.url("/call/status"), status_callback_method="GET",
                               status_callback_event=["initiated", "ringing", "answered", "completed"])
    sandbox.wait_for_status(call.sid, "completed")
    (twiml_request,) = web.wait("/voice", 1)
    assert twiml_request.params["CallSid"] == call.sid and twiml_request.params["CallStatus"] == "in-progress"
    statuses = web.wait("/call/status", 4)
    assert {g.method for g in statuses} == {"GET"}  # parameters in the query; the signature covers the URL
    assert [g.params["CallStatus"] for g in statuses] == ["initiated", "ringing", "in-progress", "completed"]
    assert [int(g.params["SequenceNumber"]) for g in statuses] == [0, 1, 2, 3]
    (document,) = sandbox.twiml(call.sid)
    assert type(document).__name__ == "VoiceResponse"
    assert str(document).endswith(f"<Response><Say>Hello caller {FROM}</Say><Pause length=\"1\" /></Response>")
    assert client.calls(call.sid).fetch().status == "completed"
    all_accepted(sandbox)


def test_inbound_sms_over_http_answered_with_messaging_response(sandbox: Sandbox, web: FlaskApp) -> None:
    from twilio_twiml import MessagingResponse, parse

    status, raw = post(f"{sandbox.base_url}/_sandbox/Messages/Inbound",
                       {"From": TO, "To": FROM, "Body": "STATUS 1042", "Url": web.url("/inbound")}, basic(sandbox))
    assert status == 201, raw
    answer = json.loads(raw)
    assert answer["message"]["status"] == "received" and answer["message"]["direction"] == "inbound"
    assert answer["webhook"]["status"] == 200 and answer["webhook"]["error"] is None
    (got,) = web.wait("/inbound", 1)
    assert got.params["Body"] == "STATUS 1042" and got.params["MessageSid"] == answer["message"]["sid"]
    reply = parse(answer["webhook"]["body"])
    assert isinstance(reply, MessagingResponse)
    assert reply.to_xml(xml_declaration=False) == "<Response><Message>Got it: STATUS 1042</Message></Response>"
    all_accepted(sandbox)


def test_access_token_joins_a_room_and_room_callbacks_pass_the_adapter(client: Client, sandbox: Sandbox, web: FlaskApp) -> None:
    from twilio_jwt.access_token import AccessToken
    from twilio_jwt.access_token.grants import VideoGrant

    room = client.video.rooms.create(unique_name="e2e-callbacks", type="group", status_callback=web.url("/room"))
    key_sid, key_secret = sandbox.issue_api_key()
    joined = []
    for identity in ("alice", "bob"):
        token = AccessToken(sandbox.account_sid, key_sid, key_secret, identity=identity, ttl=60)
        token.add_grant(VideoGrant(room="e2e-callbacks"))
        status, raw = post(f"{sandbox.base_url}/_sandbox/video/connect", {"Token": token.to_jwt()})
        assert status == 201, raw
        joined.append(json.loads(raw))
    assert [p["identity"] for p in joined] == ["alice", "bob"] and {p["room_sid"] for p in joined} == {room.sid}
    # A token signed with the wrong secret is refused like Twilio's Video service does.
    forged = AccessToken(sandbox.account_sid, key_sid, "not-the-secret", identity="mallory")
    forged.add_grant(VideoGrant(room="e2e-callbacks"))
    status, raw = post(f"{sandbox.base_url}/_sandbox/video/connect", {"Token": forged.to_jwt()})
    assert status == 401 and json.loads(raw)["code"] == 20107
    people = client.video.rooms(room.sid).participants.list(status="connected")
    assert sorted(p.identity for p in people) == ["alice", "bob"]
    assert client.video.rooms(room.sid).update(status="completed").status == "completed"
    events = [g.params["StatusCallbackEvent"] for g in web.wait("/room", 6)]
    assert events == ["room-created", "participant-connected", "participant-connected",
                      "participant-disconnected", "participant-disconnected", "room-ended"]
    all_accepted(sandbox)


def test_async_client_over_aiohttp_drives_every_product_with_callbacks(sandbox: Sandbox, web: FlaskApp) -> None:
    pytest.importorskip("twilio_aiohttp")
    from twilio_core import AsyncClient
    from twilio_twiml import VoiceResponse

    async def main() -> tuple[Any, Any, Any, list[str]]:
        async with AsyncClient(sandbox.account_sid, sandbox.auth_token, base_url=sandbox.base_url,
                               transport="aiohttp", retry=None, environ={}) as client:
            answer = VoiceResponse()
            answer.say("async")
            message, call, room = await asyncio.gather(
                client.messages.create(to=TO, from_=FROM, body="async", status_callback=web.url("/sms/status")),
                client.calls.create(to=TO, from_=FROM, twiml=answer, status_callback=web.url("/call/status")),
                client.video.rooms.create(unique_name="async-room", status_callback=web.url("/room")),
            )
            await asyncio.to_thread(sandbox.wait_for_status, message.sid, "delivered")
            await asyncio.to_thread(sandbox.wait_for_status, call.sid, "completed")
            ended = await client.video.rooms(room.sid).update(status="completed")
            listed = [m.sid async for m in client.messages.stream(limit=5)]
            fetched = await client.messages(message.sid).fetch()
            return fetched, await client.calls(call.sid).fetch(), ended, listed

    fetched, call, room, listed = asyncio.run(asyncio.wait_for(main(), 30))
    assert fetched.status == "delivered" and listed == [fetched.sid]
    assert call.status == "completed" and room.status == "completed"
    assert [g.params["MessageStatus"] for g in web.wait("/sms/status", 2)] == ["sent", "delivered"]
    assert [g.params["CallStatus"] for g in web.wait("/call/status", 1)] == ["completed"]
    assert [g.params["StatusCallbackEvent"] for g in web.wait("/room", 2)] == ["room-created", "room-ended"]
    all_accepted(sandbox)
