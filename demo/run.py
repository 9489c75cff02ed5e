"""The README's first command (``make demo``): a tour of the SDK against a local Twilio sandbox.

Everything runs in this process on 127.0.0.1; no account, phone or network is needed:

* a ``twilio_sandbox.Sandbox`` plays Twilio (REST API, status clock, signed webhooks);
* ``webhook_app.WebhookApp`` plays your web app: it checks each request with
  ``RequestValidator`` and serves a call's TwiML built with ``VoiceResponse``.

Through the SDK's public API only, the demo sends an SMS, places a call, creates a video room
and mints an access token for it, receives and validates the callbacks (and rejects a forged
one), lists what was done, and prints a transcript. Exit status 0 when every step did what it
should, 1 otherwise; every wait is bounded and every thread is stopped before exiting.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Callable, Mapping

sys.path.insert(0, str(Path(__file__).resolve().parent))  # webhook_app.py beside this file

from twilio_core import Client, TwilioError  # noqa: E402
from twilio_jwt.access_token import AccessToken  # noqa: E402
from twilio_jwt.access_token.grants import VideoGrant  # noqa: E402
from twilio_sandbox import Sandbox, SandboxError  # noqa: E402
from twilio_twiml import VoiceResponse  # noqa: E402
from webhook_app import DemoFailure, WebhookApp  # noqa: E402

SHOP = "+15017122661"        # the app's Twilio number
CUSTOMER = "+15558675310"
ROOM = "demo-standup"
WAIT = 5.0                   # seconds any single wait may take before the demo fails


def say(line: str = "") -> None:
    print(line, flush=True)


def expect(condition: bool, problem: str) -> None:
    """Fail the current step with ``problem`` unless ``condition`` holds."""
    if not condition:
        raise DemoFailure(problem)


def sid_of(resource: Any) -> str:
    """The resource's SID (models type it optional: Twilio's schemas mark every field nullable)."""
    sid = resource.sid
    expect(isinstance(sid, str) and len(sid) == 34, f"{type(resource).__name__} came back without a SID")
    return str(sid)


def mark(valid: bool) -> str:
    return "signature valid" if valid else "signature INVALID"


def answer_call(params: Mapping[str, str]) -> tuple[str, str]:
    """The /voice route: the TwiML the sandbox fetches when the call is answered."""
    response = VoiceResponse()
    response.say(f"Hello from the twilio-core demo. Call {params.get('CallSid', '')[:6]} is connected.")
    response.pause(length=1)
    response.say("Goodbye!")
    response.hangup()
    return "application/xml", str(response)


# -- the steps -------------------------------------------------------------------------------

def send_sms(client: Client, app: WebhookApp) -> None:
    message = client.messages.create(to=CUSTOMER, from_=SHOP, body="Your order #1042 has shipped.",
                                     status_callback=app.url("/sms/status"))
    say(f"   sent       {message.sid}  {message.status}  {message.from_} -> {message.to}  {message.body!r}")
    hooks = app.wait("/sms/status", 2, "the SMS status callbacks (sent, delivered)", WAIT)
    for hook in hooks:
        say(f"   callback   MessageStatus={hook.params.get('MessageStatus', '?'):<10} {mark(hook.valid)}")
    expect(all(h.valid for h in hooks), "an SMS status callback failed signature validation")
    statuses = [h.params.get("MessageStatus") for h in hooks]
    expect(statuses == ["sent", "delivered"], f"SMS callbacks reported {statuses}, expected ['sent', 'delivered']")
    fetched = client.messages(sid_of(message)).fetch()
    say(f"   fetched    {fetched.sid}  {fetched.status}")
    expect(fetched.status == "delivered", f"the message is {fetched.status!r}, expected 'delivered'")


def place_call(client: Client, app: WebhookApp, sandbox: Sandbox) -> None:
    call = client.calls.create(to=CUSTOMER, from_=SHOP, url=app.url("/voice"),
                               status_callback=app.url("/voice/status"),
                               status_callback_event=["ringing", "answered", "completed"])
    say(f"   placed     {call.sid}  {call.status}  {call.from_} -> {call.to}")
    (twiml_request,) = app.wait("/voice", 1, "the call's TwiML request", WAIT)
    say(f"   TwiML requested by the call ({mark(twiml_request.valid)}); served:")
    say(f"     {twiml_request.answered}")
    expect(twiml_request.valid, "the TwiML request failed signature validation")
    # What the sandbox made of it (parsed with twilio_twiml), once it has read the answer.
    got = sandbox.wait_until(lambda: sandbox.twiml_log(sid_of(call)), WAIT, "the sandbox to record the TwiML")[0]
    expect(got["error"] is None, f"the sandbox could not use the TwiML served: {got['error']}")
    say(f"   the sandbox parsed it: {', '.join(got['verbs'])}")
    expect(got["verbs"] == ["Say", "Pause", "Say", "Hangup"], f"the sandbox read the verbs {got['verbs']}")
    hooks = app.wait("/voice/status", 3, "the call status callbacks (ringing, in-progress, completed)", WAIT)
    for hook in hooks:
        say(f"   callback   CallStatus={hook.params.get('CallStatus', '?'):<13} {mark(hook.valid)}")
    expect(all(h.valid for h in hooks), "a call status callback failed signature validation")
    statuses = [h.params.get("CallStatus") for h in hooks]
    expect(statuses == ["ringing", "in-progress", "completed"],
           f"call callbacks reported {statuses}, expected ['ringing', 'in-progress', 'completed']")
    fetched = client.calls(sid_of(call)).fetch()
    say(f"   fetched    {fetched.sid}  {fetched.status}  duration {fetched.duration} s")
    expect(fetched.status == "completed", f"the call is {fetched.status!r}, expected 'completed'")


def video_room(client: Client, app: WebhookApp, sandbox: Sandbox) -> None:
    room = client.video.rooms.create(unique_name=ROOM, type="group", status_callback=app.url("/video/status"))
    say(f"   created    {room.sid}  {room.unique_name!r}  {room.status}")
    # An access token for a browser or phone to join the room, signed with an API key the
    # sandbox issued (use a real API key with Twilio; never the auth token).
    token = AccessToken(sandbox.account_sid, sandbox.api_key_sid, sandbox.api_key_secret, identity="alice", ttl=600)
    token.add_grant(VideoGrant(room=ROOM))
    jwt = token.to_jwt()
    say(f"   token      identity 'alice', video grant for {ROOM!r}, API key {sandbox.api_key_sid}, "
        f"{len(jwt)} characters")
    joined = sandbox.connect_with_token(jwt)  # what the Video SDK does with the token
    say(f"   joined     {joined['sid']}  {joined['identity']!r}  (the sandbox accepted the token)")
    people = client.video.rooms(sid_of(room)).participants.list(status="connected")
    expect([p.identity for p in people] == ["alice"], f"connected participants are {[p.identity for p in people]}")
    ended = client.video.rooms(sid_of(room)).update(status="completed")
    say(f"   completed  {ended.sid}  {ended.status}  duration {ended.duration} s")
    expect(ended.status == "completed", f"the room is {ended.status!r}, expected 'completed'")
    hooks = app.wait("/video/status", 4, "the room callbacks", WAIT)
    for hook in hooks:
        say(f"   callback   StatusCallbackEvent={hook.params.get('StatusCallbackEvent', '?'):<24} {mark(hook.valid)}")
    expect(all(h.valid for h in hooks), "a room callback failed signature validation")
    events = [h.params.get("StatusCallbackEvent") for h in hooks]
    wanted = ["room-created", "participant-connected", "participant-disconnected", "room-ended"]
    expect(events == wanted, f"room callbacks reported {events}, expected {wanted}")


def forged_callback(app: WebhookApp) -> None:
    """Someone replays a genuine callback's signature with edited parameters: it must be refused."""
    genuine = app.wait("/sms/status", 2, "a genuine SMS callback to replay", WAIT)[-1]
    forged = {**genuine.params, "MessageStatus": "failed"}
    signature = genuine.signature or ""
    request = urllib.request.Request(
        app.url("/sms/status"), data=urllib.parse.urlencode(forged).encode(), method="POST",
        headers={"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # straight to 127.0.0.1
    try:
        with opener.open(request, timeout=WAIT) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
        error.close()
    say(f"   replayed   the 'delivered' callback's signature with MessageStatus=failed -> HTTP {status}")
    expect(status == 403, f"the forged callback got HTTP {status}, expected 403")
    expect(not app.hooks[-1].valid, "the forged callback passed signature validation")


def list_everything(client: Client) -> None:
    for message in client.messages.list(limit=20):
        say(f"   message    {message.sid}  {message.status:<10} {message.to}")
    for call in client.calls.list(limit=20):
        say(f"   call       {call.sid}  {call.status:<10} {call.to}")
    for room in client.video.rooms.list(limit=20):
        say(f"   room       {room.sid}  {room.status:<10} {room.unique_name}")
    counts = (len(client.messages.list()), len(client.calls.list()), len(client.video.rooms.list()))
    expect(counts == (1, 1, 1), f"expected 1 message, 1 call and 1 room, listed {counts}")


# -- running it --------------------------------------------------------------------------------

def main() -> int:
    started = time.monotonic()
    say("twilio-core demo: a local Twilio sandbox and a webhook app, both on 127.0.0.1")
    sandbox = Sandbox(step=0.05, call_duration=0.2)
    app: WebhookApp | None = None
    failed: str | None = None
    try:
        sandbox.start()
        app = WebhookApp(sandbox.auth_token, {"/voice": answer_call}).start()
        say(f"   sandbox    {sandbox.base_url}  account {sandbox.account_sid}")
        say(f"   webhooks   {app.url('/')}  (every request checked with RequestValidator)")
        # environ={}: the machine's TWILIO_* and proxy variables do not apply to a sandbox on 127.0.0.1.
        client = sandbox.client(environ={})
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("Send an SMS with a status callback", lambda: send_sms(client, app)),
            ("Place a call whose TwiML comes from the webhook app", lambda: place_call(client, app, sandbox)),
            ("Create a video room and join it with an access token", lambda: video_room(client, app, sandbox)),
            ("Reject a forged callback", lambda: forged_callback(app)),
            ("List what was done", lambda: list_everything(client)),
        ]
        for number, (title, step) in enumerate(steps, 1):
            say(f"\n{number}. {title}")
            try:
                step()
            except (DemoFailure, TwilioError, SandboxError) as error:
                failed = f"step {number} ({title}): {type(error).__name__}: {error}"
                break
        valid, rejected = app.counts()
        say(f"\nWebhooks received: {valid + rejected}; signature valid: {valid}; rejected: {rejected}")
        if failed is None and rejected != 1:
            failed = f"expected exactly 1 rejected webhook (the forged one), got {rejected}"
    except Exception as error:  # an unexpected error: show where, then fail
        traceback.print_exc()
        failed = f"unexpected {type(error).__name__}: {error}"
    finally:
        # The sandbox first: it sends the webhooks, so nothing arrives at a stopped app.
        try:
            sandbox.stop()
        except SandboxError as error:
            failed = failed or str(error)
        if app is not None:
            app.stop()
    leftover = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    if leftover and failed is None:
        failed = f"threads still running after stop: {leftover}"
    elapsed = time.monotonic() - started
    if failed:
        say(f"demo FAILED after {elapsed:.1f} s at {failed}")
        return 1
    say(f"demo passed in {elapsed:.1f} s; sandbox and webhook app stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
