"""The README's first command: a short tour of the SDK against a local server.

Everything runs on 127.0.0.1 and stops by itself; the exit status is non-zero
if any step fails. Until the sandbox plugin lands this uses a tiny stand-in
server that answers like Twilio's Messages endpoint.
"""

from __future__ import annotations

import json
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from twilio_core import Client, RequestValidator, TwilioRestError

ACCOUNT_SID = "AC" + uuid.uuid4().hex
AUTH_TOKEN = uuid.uuid4().hex


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # keep the transcript readable
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        if not form.get("To", [""])[0].startswith("+"):
            self._send(400, {"code": 21211, "message": "The 'To' number is not a valid phone number.",
                             "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400})
            return
        self._send(201, {"sid": "SM" + uuid.uuid4().hex, "status": "queued", "to": form["To"][0],
                         "body": form.get("Body", [""])[0]})

    def _send(self, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    ok = True
    try:
        with Client(ACCOUNT_SID, AUTH_TOKEN, base_url=base_url) as client:
            print(f"client: {client!r}")
            path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
            sent = client.request("POST", path, data={"To": "+15558675310", "From": "+15017122661", "Body": "Hello"}).json()
            print(f"sent SMS {sent['sid']} status={sent['status']}")
            try:
                client.request("POST", path, data={"To": "not-a-number", "Body": "x"})
                print("FAIL: an invalid To was accepted")
                ok = False
            except TwilioRestError as exc:
                print(f"invalid To rejected: code {exc.code} ({exc.more_info})")
        validator = RequestValidator(AUTH_TOKEN)
        url = "https://example.com/sms/status"
        params = {"MessageSid": sent["sid"], "MessageStatus": "delivered"}
        signature = validator.compute_signature(url, params)
        valid = validator.validate(url, params, signature)
        forged = validator.validate(url, {**params, "MessageStatus": "failed"}, signature)
        print(f"webhook signature: genuine={valid} forged={forged}")
        ok = ok and valid and not forged
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    print("demo " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
