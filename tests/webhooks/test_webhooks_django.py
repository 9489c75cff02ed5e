"""The Django adapter, through Django's real test clients (WSGI and ASGI handlers)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from urllib.parse import urlencode

import pytest

FORM = "application/x-www-form-urlencoded"

django = pytest.importorskip("django")

from django.conf import settings  # noqa: E402

TOKEN = "0123456789abcdef0123456789abcdef"


class URLCONF:
    """An in-memory urlconf (Django accepts any hashable object with urlpatterns)."""

    urlpatterns: list[Any] = []


if not settings.configured:
    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["*"],
        SECRET_KEY="test-only-not-a-secret",
        ROOT_URLCONF=URLCONF,
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        TWILIO_AUTH_TOKEN=TOKEN,
        LOGGING_CONFIG=None,
    )
    django.setup()

from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.test import AsyncClient, Client  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402

from twilio_core.webhooks.django import twilio_webhook  # noqa: E402


def echo(request: Any) -> HttpResponse:
    if request.content_type == "application/json":
        return JsonResponse({"json": json.loads(request.body)})
    return JsonResponse({"form": dict(request.POST.lists()), "args": request.GET.dict()})


async def async_echo(request: Any) -> HttpResponse:
    return echo(request)


URLCONF.urlpatterns[:] = [
    path("sms", twilio_webhook(echo)),  # token from settings.TWILIO_AUTH_TOKEN
    path("public", twilio_webhook(public_base_url="https://hooks.example.com/app")(echo)),
    path("trusted", twilio_webhook(trust_forwarded_headers=True)(echo)),
    path("rotation", twilio_webhook(auth_token=["new-token-value", TOKEN])(echo)),
    path("shared", twilio_webhook(shared_key_secret="shared-key-secret-value")(echo)),
    path("async", twilio_webhook(async_echo)),
]
clear_url_caches()


class TwilioLikeClient(Client):
    """Posts application/x-www-form-urlencoded, as Twilio does (Django's default is multipart)."""

    def post(self, path: str, data: Any = None, content_type: str = FORM, **extra: Any) -> Any:
        if content_type == FORM and isinstance(data, dict):
            data = urlencode(data, doseq=True)
        return super().post(path, data, content_type=content_type, **extra)


@pytest.fixture
def client() -> Client:
    return TwilioLikeClient(enforce_csrf_checks=True)  # CSRF on, as in production


def host_kwargs(public: str) -> dict[str, Any]:
    scheme, host = public.split("://")
    return {"HTTP_HOST": host, "secure": scheme == "https"}


def test_signed_form_request_passes_and_is_csrf_exempt(client, signer, logged) -> None:
    url = f"{signer.PUBLIC}/sms?tenant=acme"
    response = client.post("/sms?tenant=acme", signer.SMS, HTTP_X_TWILIO_SIGNATURE=signer.form(url),
                           **host_kwargs(signer.PUBLIC))
    assert response.status_code == 200
    assert response.json()["form"]["Body"] == [signer.SMS["Body"]]
    assert response.json()["args"] == {"tenant": "acme"}
    logged(None)


def test_missing_and_altered(client, signer, logged) -> None:
    missing = client.post("/sms", signer.SMS, **host_kwargs(signer.PUBLIC))
    assert missing.status_code == 403
    logged("missing X-Twilio-Signature header")
    altered = client.post("/sms", {**signer.SMS, "To": "+19995550000"},
                          HTTP_X_TWILIO_SIGNATURE=signer.form(f"{signer.PUBLIC}/sms"), **host_kwargs(signer.PUBLIC))
    assert altered.status_code == 403
    logged("signature mismatch")


def test_repeated_parameters(client, signer) -> None:
    data = {"MediaUrl0": ["https://a.example/1", "https://a.example/0"], "To": "+1"}
    signature = signer.form(f"{signer.PUBLIC}/sms", data)
    ok = client.post("/sms", data, HTTP_X_TWILIO_SIGNATURE=signature, **host_kwargs(signer.PUBLIC))
    assert ok.status_code == 200
    assert ok.json()["form"]["MediaUrl0"] == data["MediaUrl0"]
    fewer = client.post("/sms", {**data, "MediaUrl0": data["MediaUrl0"][:1]},
                        HTTP_X_TWILIO_SIGNATURE=signature, **host_kwargs(signer.PUBLIC))
    assert fewer.status_code == 403


def test_multipart_form_is_checked_by_its_fields(signer) -> None:
    multipart = Client(enforce_csrf_checks=True)  # Django's default encoding
    signature = signer.form(f"{signer.PUBLIC}/sms")
    assert multipart.post("/sms", signer.SMS, HTTP_X_TWILIO_SIGNATURE=signature,
                          **host_kwargs(signer.PUBLIC)).status_code == 200
    assert multipart.post("/sms", {**signer.SMS, "Body": "x"}, HTTP_X_TWILIO_SIGNATURE=signature,
                          **host_kwargs(signer.PUBLIC)).status_code == 403


def test_json_webhook(client, signer, logged) -> None:
    url, body, signature = signer.json(f"{signer.PUBLIC}/sms", {"EventType": "onMessageAdded"})
    path_qs = url[len(signer.PUBLIC):]
    ok = client.post(path_qs, body, content_type="application/json", HTTP_X_TWILIO_SIGNATURE=signature,
                     **host_kwargs(signer.PUBLIC))
    assert ok.status_code == 200
    assert ok.json()["json"] == {"EventType": "onMessageAdded"}
    bad = client.post(path_qs, body + b" ", content_type="application/json", HTTP_X_TWILIO_SIGNATURE=signature,
                      **host_kwargs(signer.PUBLIC))
    assert bad.status_code == 403
    logged("body hash mismatch")


def test_proxy_hint_then_public_base_url_and_trusted_headers(client, signer, logged) -> None:
    forwarded = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "hooks.example.com"}
    signature = signer.form("https://hooks.example.com/sms")
    hinted = client.post("/sms", signer.SMS, HTTP_X_TWILIO_SIGNATURE=signature, HTTP_HOST="10.0.0.5:8000",
                         **forwarded)
    assert hinted.status_code == 403
    logged("valid for https://hooks.example.com but the app checked http://10.0.0.5:8000")

    trusted = client.post("/trusted", signer.SMS, HTTP_X_TWILIO_SIGNATURE=signer.form("https://hooks.example.com/trusted"),
                          HTTP_HOST="10.0.0.5:8000", **forwarded)
    assert trusted.status_code == 200

    public_sig = signer.form("https://hooks.example.com/app/public?x=1")
    public = client.post("/public?x=1", signer.SMS, HTTP_X_TWILIO_SIGNATURE=public_sig, HTTP_HOST="10.0.0.5:8000")
    assert public.status_code == 200
    wrong_prefix = client.post("/public?x=1", signer.SMS, HTTP_HOST="10.0.0.5:8000",
                               HTTP_X_TWILIO_SIGNATURE=signer.form("https://hooks.example.com/public?x=1"))
    assert wrong_prefix.status_code == 403


def test_rotation_and_shared_key(client, signer) -> None:
    assert client.post("/rotation", signer.SMS, HTTP_X_TWILIO_SIGNATURE=signer.form(f"{signer.PUBLIC}/rotation"),
                       **host_kwargs(signer.PUBLIC)).status_code == 200
    shared = type(signer)("shared-key-secret-value")
    ok = client.post(
        "/shared", signer.SMS, **host_kwargs(signer.PUBLIC),
        HTTP_X_TWILIO_SIGNATURE=shared.form(f"{signer.PUBLIC}/shared", algorithm="HMAC_SHA256"),
        HTTP_X_TWILIO_WEBHOOKS_SIGNATURE_SETTINGS="key=k,algorithm=HMAC_SHA256",
    )
    assert ok.status_code == 200
    # Without the settings header the auth token (from settings) and SHA-1 apply.
    assert client.post("/shared", signer.SMS, HTTP_X_TWILIO_SIGNATURE=signer.form(f"{signer.PUBLIC}/shared"),
                       **host_kwargs(signer.PUBLIC)).status_code == 200


def test_async_view_through_the_asgi_handler(signer) -> None:
    async def run() -> tuple[int, int]:
        async_client = AsyncClient(enforce_csrf_checks=True)  # Host: testserver
        body = urlencode(signer.SMS)
        good = await async_client.post("/async", body, content_type=FORM, secure=True,
                                       headers={"X-Twilio-Signature": signer.form("https://testserver/async")})
        bad = await async_client.post("/async", body, content_type=FORM, secure=True)
        return good.status_code, bad.status_code

    assert asyncio.run(run()) == (200, 403)


def test_sync_client_on_async_view(client, signer) -> None:
    response = client.post("/async", signer.SMS, HTTP_X_TWILIO_SIGNATURE=signer.form(f"{signer.PUBLIC}/async"),
                           **host_kwargs(signer.PUBLIC))
    assert response.status_code == 200
