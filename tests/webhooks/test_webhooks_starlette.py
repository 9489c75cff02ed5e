"""The Starlette/ASGI adapter: Starlette's TestClient, raw ASGI calls and FastAPI's Depends."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest

pytest.importorskip("starlette")

from starlette.applications import Starlette  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import JSONResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from twilio_core.webhooks.starlette import (  # noqa: E402
    TwilioWebhookDependency,
    TwilioWebhookMiddleware,
    request_url,
    twilio_webhook,
)

FORM = {"content-type": "application/x-www-form-urlencoded"}


async def echo(request: Request) -> JSONResponse:
    body = await request.body()  # after the check the body is still all there
    if request.headers.get("content-type", "").startswith("application/json"):
        return JSONResponse({"json": body.decode()})
    return JSONResponse({"form": parse_qsl(body.decode(), keep_blank_values=True), "url": str(request.url)})


def sync_echo(request: Request) -> JSONResponse:
    return JSONResponse({"sync": True})


def client_for(app: Any, base_url: str) -> TestClient:
    return TestClient(app, base_url=base_url)


# --- the endpoint decorator ---------------------------------------------------------------


@pytest.fixture
def decorated(signer) -> Starlette:
    return Starlette(routes=[
        Route("/sms", twilio_webhook(auth_token=signer.TOKEN)(echo), methods=["POST", "GET"]),
        Route("/sync", twilio_webhook(auth_token=signer.TOKEN)(sync_echo), methods=["POST"]),
        Route("/public", twilio_webhook(auth_token=signer.TOKEN, public_base_url=signer.PUBLIC)(echo), methods=["POST"]),
    ])


def test_decorator_signed_unsigned_altered(decorated, signer, logged) -> None:
    client = client_for(decorated, signer.PUBLIC)
    url = f"{signer.PUBLIC}/sms?tenant=acme"
    ok = client.post("/sms?tenant=acme", content=urlencode(signer.SMS), headers={**FORM, "X-Twilio-Signature": signer.form(url)})
    assert ok.status_code == 200
    assert dict(ok.json()["form"]) == signer.SMS
    logged(None)
    assert client.post("/sms", content=urlencode(signer.SMS), headers=FORM).status_code == 403
    logged("missing X-Twilio-Signature header")
    altered = client.post("/sms?tenant=acme", content=urlencode({**signer.SMS, "Body": "x"}),
                          headers={**FORM, "X-Twilio-Signature": signer.form(url)})
    assert altered.status_code == 403
    logged("signature mismatch")


def test_decorator_sync_endpoint_and_get(decorated, signer) -> None:
    client = client_for(decorated, signer.PUBLIC)
    assert client.post("/sync", content=urlencode(signer.SMS),
                       headers={**FORM, "X-Twilio-Signature": signer.form(f"{signer.PUBLIC}/sync")}).json() == {"sync": True}
    get_url = f"{signer.PUBLIC}/sms?From=%2B1555&Body=a+b"
    assert client.get("/sms?From=%2B1555&Body=a+b", headers={"X-Twilio-Signature": signer.form(get_url, None)}).status_code == 200


def test_decorator_json_and_repeated(decorated, signer, logged) -> None:
    client = client_for(decorated, signer.PUBLIC)
    url, body, signature = signer.json(f"{signer.PUBLIC}/sms", {"a": [1, 2]})
    path = url[len(signer.PUBLIC):]
    json_headers = {"content-type": "application/json", "X-Twilio-Signature": signature}
    assert client.post(path, content=body, headers=json_headers).status_code == 200
    assert client.post(path, content=body + b"\n", headers=json_headers).status_code == 403
    logged("body hash mismatch")
    pairs = [("MediaUrl0", "b"), ("MediaUrl0", "a"), ("Blank", "")]
    sig = signer.form(f"{signer.PUBLIC}/sms", pairs)
    assert client.post("/sms", content=urlencode(pairs), headers={**FORM, "X-Twilio-Signature": sig}).status_code == 200
    assert client.post("/sms", content=urlencode(pairs[:2]), headers={**FORM, "X-Twilio-Signature": sig}).status_code == 403


def test_decorator_public_base_url_and_hint(decorated, signer, logged) -> None:
    internal = client_for(decorated, "http://10.0.0.5:8000")
    signature = signer.form(f"{signer.PUBLIC}/public")
    assert internal.post("/public", content=urlencode(signer.SMS), headers={**FORM, "X-Twilio-Signature": signature}).status_code == 200
    hinted = internal.post("/sms", content=urlencode(signer.SMS),
                           headers={**FORM, "X-Twilio-Signature": signer.form(f"{signer.PUBLIC}/sms"),
                                    "X-Forwarded-Proto": "https", "X-Forwarded-Host": "hooks.example.com"})
    assert hinted.status_code == 403
    logged("valid for https://hooks.example.com but the app checked http://10.0.0.5:8000")


# --- the ASGI middleware ------------------------------------------------------------------


def middleware_app(signer, **options: Any) -> Starlette:
    app = Starlette(routes=[Route("/hooks/sms", echo, methods=["POST"]), Route("/open", echo, methods=["POST"])])
    app.add_middleware(TwilioWebhookMiddleware, paths=["/hooks/"], auth_token=signer.TOKEN, **options)
    return app


def test_middleware_protects_its_paths_and_replays_the_body(signer, logged) -> None:
    client = client_for(middleware_app(signer), signer.PUBLIC)
    signature = signer.form(f"{signer.PUBLIC}/hooks/sms")
    ok = client.post("/hooks/sms", content=urlencode(signer.SMS), headers={**FORM, "X-Twilio-Signature": signature})
    assert ok.status_code == 200
    assert dict(ok.json()["form"]) == signer.SMS
    assert client.post("/hooks/sms", content=urlencode(signer.SMS), headers=FORM).status_code == 403
    logged("missing X-Twilio-Signature header")
    assert client.post("/open", content=b"anything", headers=FORM).status_code == 200  # not a webhook path


def test_middleware_trusted_forwarded_headers(signer) -> None:
    trusting = client_for(middleware_app(signer, trust_forwarded_headers=True), "http://10.0.0.5:8000")
    untrusting = client_for(middleware_app(signer), "http://10.0.0.5:8000")
    headers = {**FORM, "X-Twilio-Signature": signer.form(f"{signer.PUBLIC}/hooks/sms"),
               "X-Forwarded-Proto": "https", "X-Forwarded-Host": "hooks.example.com"}
    assert trusting.post("/hooks/sms", content=urlencode(signer.SMS), headers=headers).status_code == 200
    assert untrusting.post("/hooks/sms", content=urlencode(signer.SMS), headers=headers).status_code == 403


def test_middleware_json_webhook(signer) -> None:
    client = client_for(middleware_app(signer), signer.PUBLIC)
    url, body, signature = signer.json(f"{signer.PUBLIC}/hooks/sms", {"EventType": "x"})
    ok = client.post(url[len(signer.PUBLIC):], content=body,
                     headers={"content-type": "application/json", "X-Twilio-Signature": signature})
    assert ok.status_code == 200
    assert ok.json() == {"json": body.decode()}


def test_middleware_body_limit(signer, logged) -> None:
    client = client_for(middleware_app(signer, max_body_size=100), signer.PUBLIC)
    response = client.post("/hooks/sms", content=b"A=" + b"x" * 200, headers={**FORM, "X-Twilio-Signature": "sig"})
    assert response.status_code == 413
    logged("body larger than 100 bytes")


def run_asgi(app: Any, scope: dict[str, Any], chunks: list[bytes], disconnect: bool = False) -> list[dict[str, Any]]:
    """Drive an ASGI app by hand: the body arrives in chunks, as from a real server."""
    sent: list[dict[str, Any]] = []

    async def go() -> None:
        queue: list[dict[str, Any]] = [
            {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1} for i, chunk in enumerate(chunks)
        ]
        if disconnect:
            queue = queue[:1] + [{"type": "http.disconnect"}]

        async def receive() -> dict[str, Any]:
            await asyncio.sleep(0)  # yield to the loop like a server between reads
            return queue.pop(0) if queue else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await app(scope, receive, send)

    asyncio.run(go())
    return sent


def http_scope(path: str, headers: dict[str, str], host: str = "hooks.example.com", scheme: str = "https") -> dict[str, Any]:
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": scheme,
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", host.encode())] + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "server": (host, 443), "client": ("127.0.0.1", 5000),
    }


def test_middleware_reassembles_a_chunked_body(signer) -> None:
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        seen["body"], seen["more"] = message["body"], message["more_body"]
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    guarded = TwilioWebhookMiddleware(app, auth_token=signer.TOKEN)
    body = urlencode(signer.SMS).encode()
    headers = {**FORM, "X-Twilio-Signature": signer.form(f"{signer.PUBLIC}/hooks/sms")}
    sent = run_asgi(guarded, http_scope("/hooks/sms", headers), [body[:10], body[10:50], body[50:]])
    assert sent[0]["status"] == 204
    assert seen == {"body": body, "more": False}
    forged = run_asgi(guarded, http_scope("/hooks/sms", {**headers, "X-Twilio-Signature": "x" * 28}), [body])
    assert forged[0]["status"] == 403


def test_middleware_client_disconnect_sends_nothing(signer) -> None:
    called = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        called.append(scope)

    guarded = TwilioWebhookMiddleware(app, auth_token=signer.TOKEN)
    assert run_asgi(guarded, http_scope("/x", FORM), [b"a=1", b"b=2"], disconnect=True) == []
    assert called == []


def test_middleware_passes_lifespan_and_websocket_scopes(signer) -> None:
    seen = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    guarded = TwilioWebhookMiddleware(app, auth_token=signer.TOKEN)

    async def go() -> None:
        async def nothing() -> dict[str, Any]:
            return {}

        async def ignore(message: Any) -> None:
            return None

        await guarded({"type": "lifespan"}, nothing, ignore)
        await guarded({"type": "websocket", "path": "/"}, nothing, ignore)

    asyncio.run(go())
    assert seen == ["lifespan", "websocket"]


def test_request_url_from_scope() -> None:
    scope = http_scope("/a%20b/c", {})
    scope["query_string"] = b"x=%2B1&y"
    assert request_url(scope) == "https://hooks.example.com/a%20b/c?x=%2B1&y"
    no_host = {"type": "http", "scheme": "http", "path": "/p q", "headers": [], "server": ("127.0.0.1", 8000)}
    assert request_url(no_host) == "http://127.0.0.1:8000/p%20q"


# --- FastAPI dependency -------------------------------------------------------------------


def test_fastapi_dependency(signer, logged) -> None:
    fastapi = pytest.importorskip("fastapi")
    app = fastapi.FastAPI()
    guard = TwilioWebhookDependency(signer.TOKEN, public_base_url=signer.PUBLIC)

    @app.post("/sms", dependencies=[fastapi.Depends(guard)])
    async def sms(request: Request) -> dict[str, Any]:  # a module-level name FastAPI can resolve
        return {"form": parse_qsl((await request.body()).decode(), keep_blank_values=True)}

    client = TestClient(app, base_url="http://127.0.0.1:8000")
    signature = signer.form(f"{signer.PUBLIC}/sms")
    ok = client.post("/sms", content=urlencode(signer.SMS), headers={**FORM, "X-Twilio-Signature": signature})
    assert ok.status_code == 200, ok.text
    assert dict(ok.json()["form"]) == signer.SMS
    assert client.post("/sms", content=urlencode(signer.SMS), headers=FORM).status_code == 403
    logged("missing X-Twilio-Signature header")
