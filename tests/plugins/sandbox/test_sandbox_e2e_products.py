"""End to end: the product plugins' public API (client.messages, client.calls, client.video)
over real HTTP against the sandbox, with callbacks received by a local app and validated with
RequestValidator. Each response is also contract-checked by the client middleware."""

from __future__ import annotations

import datetime as dt

import pytest

from twilio_core import Client, NotFoundError, RequestValidator, TwilioRestError
from twilio_sandbox import Sandbox

from .sandbox_support import WebhookApp, assert_signed

pytest.importorskip("twilio_messaging")
pytest.importorskip("twilio_voice")
pytest.importorskip("twilio_video")

TO, FROM = "+15558675310", "+15017122661"


@pytest.fixture(params=["origin", "domain"])
def product_client(request: pytest.FixtureRequest, sandbox: Sandbox) -> Client:
    """The same tests through both base-URL forms."""
    return request.getfixturevalue("client" if request.param == "origin" else "domain_client")


def test_messages_lifecycle_through_client_messages(product_client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    client = product_client
    message = client.messages.create(to=TO, from_=FROM, body="Hello from the SDK",
                                     status_callback=webhook_app.url("/sms-status"))
    assert message.sid.startswith("SM") and message.status == "queued" and message.num_segments == 1
    assert isinstance(message.date_created, dt.datetime) and message.date_created.tzinfo is not None
    hooks = webhook_app.wait(2, "/sms-status")
    validator = RequestValidator(sandbox.auth_token)
    assert all(validator.validate(h.url, h.form, h.signature) for h in hooks)
    assert [h.form["MessageStatus"] for h in hooks] == ["sent", "delivered"]
    sandbox.wait_for_status(message.sid, "delivered")
    fetched = client.messages(message.sid).fetch()
    assert fetched.status == "delivered" and fetched.date_sent is not None
    redacted = client.messages(message.sid).update(body="")
    assert redacted.body == ""
    client.messages(message.sid).delete()
    with pytest.raises(NotFoundError):
        client.messages(message.sid).fetch()


def test_messages_list_and_stream_across_pages(product_client: Client, sandbox: Sandbox) -> None:
    client = product_client
    sids = [client.messages.create(to=TO, from_=FROM, body=f"m{i}").sid for i in range(5)]
    client.messages.create(to="+15550001111", from_=FROM, body="other")
    listed = client.messages.list(to=TO, page_size=2)
    assert [m.sid for m in listed] == list(reversed(sids))
    assert len(client.messages.list(limit=3, page_size=2)) == 3
    page = client.messages.page(page_size=4)
    assert len(page.records) == 4 and page.next_page() is not None
    for sid in sids:
        sandbox.wait_for_status(sid, "delivered")
    yesterday = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    assert len(list(client.messages.stream(to=TO, date_sent_after=yesterday))) == 5
    assert client.messages.list(to=TO, date_sent_before=yesterday) == []


def test_messages_errors_raise_rest_errors_with_twilio_codes(product_client: Client) -> None:
    with pytest.raises(TwilioRestError) as caught:
        product_client.messages.create(to="not-a-number", from_=FROM, body="x")
    assert caught.value.code == 21211 and caught.value.status == 400


def test_call_fetches_twiml_from_the_app_and_reports_status(product_client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    from twilio_twiml import VoiceResponse

    answer = VoiceResponse()
    answer.say("Thanks for calling the sandbox")
    webhook_app.answers["/voice"] = (200, "text/xml", str(answer))
    call = product_client.calls.create(to=TO, from_=FROM, url=webhook_app.url("/voice"),
                                       status_callback=webhook_app.url("/call-status"),
                                       status_callback_event=["ringing", "answered", "completed"])
    assert call.sid.startswith("CA") and call.status == "queued"
    sandbox.wait_for_status(call.sid, "completed")
    done = product_client.calls(call.sid).fetch()
    assert done.status == "completed" and done.duration >= 1
    twiml_request = webhook_app.wait(1, "/voice")[0]
    assert_signed(twiml_request, sandbox.auth_token)
    statuses = webhook_app.wait(3, "/call-status")
    assert [h.form["CallStatus"] for h in statuses] == ["ringing", "in-progress", "completed"]
    for hook in statuses:
        assert_signed(hook, sandbox.auth_token)
    (document,) = sandbox.twiml(call.sid)
    assert str(document) == str(answer)
    assert [c.sid for c in product_client.calls.list(status="completed")] == [call.sid]


def test_call_with_inline_twiml_object_and_hang_up(sandbox: Sandbox, contract: object) -> None:
    from twilio_twiml import VoiceResponse

    with Sandbox(step=0.01, call_duration=30) as slow:
        client = slow.client(middleware=[contract], retry=None)
        response = VoiceResponse()
        response.pause(length=30)
        call = client.calls.create(to=TO, from_=FROM, twiml=response)
        slow.wait_for_status(call.sid, "in-progress")
        ended = client.calls(call.sid).update(status="completed")
        assert ended.status == "completed"
        assert slow.twiml_log(call.sid)[0]["verbs"] == ["Pause"]
        client.calls(call.sid).delete()
        assert client.calls.list() == []


def test_video_room_participants_and_completion(product_client: Client, sandbox: Sandbox, webhook_app: WebhookApp) -> None:
    video = product_client.video
    room = video.rooms.create(unique_name="e2e-room", type="group", status_callback=webhook_app.url("/room"))
    assert room.sid.startswith("RM") and room.status == "in-progress"
    sandbox.connect_participant("e2e-room", "alice")
    sandbox.connect_participant("e2e-room", "bob")
    people = video.rooms("e2e-room").participants.list(status="connected")
    assert sorted(p.identity for p in people) == ["alice", "bob"]
    bob = next(p for p in people if p.identity == "bob")
    video.rooms(room.sid).participants(bob.sid).update(status="disconnected")
    assert [p.identity for p in video.rooms(room.sid).participants.list(status="connected")] == ["alice"]
    ended = video.rooms(room.sid).update(status="completed")
    assert ended.status == "completed" and ended.end_time is not None
    assert [r.sid for r in video.rooms.list(status="completed")] == [room.sid]
    hooks = webhook_app.wait(6, "/room")
    assert [h.form["StatusCallbackEvent"] for h in hooks] == [
        "room-created", "participant-connected", "participant-connected",
        "participant-disconnected", "participant-disconnected", "room-ended",
    ]
    for hook in hooks:
        assert_signed(hook, sandbox.auth_token)


def test_video_rooms_list_pages(product_client: Client) -> None:
    made = [product_client.video.rooms.create(unique_name=f"p{i}").sid for i in range(5)]
    assert [r.sid for r in product_client.video.rooms.list(page_size=2)] == list(reversed(made))


def test_api_key_client_through_products(sandbox: Sandbox, contract: object) -> None:
    client = sandbox.client(api_key=True, middleware=[contract], retry=None)
    message = client.messages.create(to=TO, from_=FROM, body="with a key")
    assert client.messages(message.sid).fetch().body == "with a key"
