"""The Flask adapter, through Flask's real test client."""

from __future__ import annotations

from typing import Any

import pytest

flask = pytest.importorskip("flask")

from twilio_core.webhooks.flask import twilio_webhook  # noqa: E402


def make_app(**options: Any) -> Any:
    app = flask.Flask(__name__)
    decorate = twilio_webhook(**options) if options else twilio_webhook

    @app.route("/sms", methods=["GET", "POST"])
    @decorate
    def sms() -> Any:
        # The view still gets the parsed form and the JSON body.
        if flask.request.is_json:
            return {"json": flask.request.get_json()}
        return {"form": flask.request.form.to_dict(flat=False), "args": flask.request.args.to_dict()}

    return app


@pytest.fixture
def app(signer) -> Any:
    return make_app(auth_token=signer.TOKEN)


def test_signed_form_request_passes(app, signer, logged) -> None:
    url = f"{signer.PUBLIC}/sms?tenant=acme"
    response = app.test_client().post(
        "/sms?tenant=acme", base_url=signer.PUBLIC, data=signer.SMS,
        headers={"X-Twilio-Signature": signer.form(url)},
    )
    assert response.status_code == 200
    assert response.json["form"]["Body"] == [signer.SMS["Body"]]
    assert response.json["args"] == {"tenant": "acme"}
    logged(None)


def test_missing_signature_is_403_and_logged(app, signer, logged) -> None:
    response = app.test_client().post("/sms", base_url=signer.PUBLIC, data=signer.SMS)
    assert response.status_code == 403
    logged("missing X-Twilio-Signature header")


def test_altered_parameter_is_403(app, signer, logged) -> None:
    signature = signer.form(f"{signer.PUBLIC}/sms")
    response = app.test_client().post(
        "/sms", base_url=signer.PUBLIC, data={**signer.SMS, "Body": "Send money"},
        headers={"X-Twilio-Signature": signature},
    )
    assert response.status_code == 403
    logged("signature mismatch (wrong auth token, URL or parameters)")


def test_dropped_blank_parameter_is_403(app, signer) -> None:
    signature = signer.form(f"{signer.PUBLIC}/sms")
    data = {k: v for k, v in signer.SMS.items() if k != "FromCity"}
    response = app.test_client().post(
        "/sms", base_url=signer.PUBLIC, data=data, headers={"X-Twilio-Signature": signature}
    )
    assert response.status_code == 403


def test_repeated_parameters(app, signer) -> None:
    pairs = [("MediaUrl0", "https://a.example/1"), ("MediaUrl0", "https://a.example/0"), ("To", "+1")]
    signature = signer.form(f"{signer.PUBLIC}/sms", pairs)
    client = app.test_client()
    from werkzeug.datastructures import MultiDict

    ok = client.post("/sms", base_url=signer.PUBLIC, data=MultiDict(pairs), headers={"X-Twilio-Signature": signature})
    assert ok.status_code == 200
    assert ok.json["form"]["MediaUrl0"] == ["https://a.example/1", "https://a.example/0"]
    one_less = client.post("/sms", base_url=signer.PUBLIC, data=MultiDict(pairs[1:]), headers={"X-Twilio-Signature": signature})
    assert one_less.status_code == 403


def test_json_webhook_with_body_hash(app, signer, logged) -> None:
    url, body, signature = signer.json(f"{signer.PUBLIC}/sms", {"EventType": "onMessageAdded", "Index": 3})
    path = url[len(signer.PUBLIC):]
    client = app.test_client()
    ok = client.post(path, base_url=signer.PUBLIC, data=body, content_type="application/json",
                     headers={"X-Twilio-Signature": signature})
    assert ok.status_code == 200
    assert ok.json["json"] == {"EventType": "onMessageAdded", "Index": 3}
    tampered = client.post(path, base_url=signer.PUBLIC, data=body.replace(b"3", b"4"),
                           content_type="application/json", headers={"X-Twilio-Signature": signature})
    assert tampered.status_code == 403
    logged("body hash mismatch")
    no_hash = client.post("/sms", base_url=signer.PUBLIC, data=body, content_type="application/json",
                          headers={"X-Twilio-Signature": signer.form(f"{signer.PUBLIC}/sms", None)})
    assert no_hash.status_code == 403
    logged("application/json body but the URL has no bodySHA256 parameter")


def test_get_webhook_signs_the_url(app, signer) -> None:
    url = f"{signer.PUBLIC}/sms?From=%2B1555&Body=hi"
    response = app.test_client().get("/sms?From=%2B1555&Body=hi", base_url=signer.PUBLIC,
                                     headers={"X-Twilio-Signature": signer.form(url, None)})
    assert response.status_code == 200
    assert response.json["args"] == {"From": "+1555", "Body": "hi"}


def test_behind_a_proxy_without_configuration_fails_with_a_hint(app, signer, logged) -> None:
    signature = signer.form(f"{signer.PUBLIC}/sms")
    response = app.test_client().post(
        "/sms", base_url="http://10.0.0.5:8000", data=signer.SMS,
        headers={"X-Twilio-Signature": signature, "X-Forwarded-Proto": "https",
                 "X-Forwarded-Host": "hooks.example.com"},
    )
    assert response.status_code == 403
    logged("it is valid for https://hooks.example.com but the app checked http://10.0.0.5:8000; "
           "only scheme/host/port differ")


def test_scheme_only_hint_without_proxy_headers(app, signer, logged) -> None:
    signature = signer.form("https://localhost/sms")
    response = app.test_client().post("/sms", base_url="http://localhost", data=signer.SMS,
                                      headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    logged("valid for https://localhost but the app checked http://localhost")


def test_public_base_url(signer) -> None:
    app = make_app(auth_token=signer.TOKEN, public_base_url="https://hooks.example.com/twilio/")
    signature = signer.form("https://hooks.example.com/twilio/sms?x=1")
    client = app.test_client()
    ok = client.post("/sms?x=1", base_url="http://127.0.0.1:5000", data=signer.SMS,
                     headers={"X-Twilio-Signature": signature})
    assert ok.status_code == 200
    # Forwarded headers are ignored when a base URL is configured.
    forged = client.post("/sms?x=1", base_url="http://127.0.0.1:5000", data=signer.SMS,
                         headers={"X-Twilio-Signature": signer.form("https://evil.example/sms?x=1"),
                                  "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
    assert forged.status_code == 403


def test_trusted_forwarded_headers(signer) -> None:
    trusting = make_app(auth_token=signer.TOKEN, trust_forwarded_headers=True).test_client()
    untrusting = make_app(auth_token=signer.TOKEN).test_client()
    headers = {"X-Twilio-Signature": signer.form(f"{signer.PUBLIC}/sms"),
               "X-Forwarded-Proto": "https, http", "X-Forwarded-Host": "hooks.example.com"}
    assert trusting.post("/sms", base_url="http://10.0.0.5:8000", data=signer.SMS, headers=headers).status_code == 200
    assert untrusting.post("/sms", base_url="http://10.0.0.5:8000", data=signer.SMS, headers=headers).status_code == 403
    # A non-default forwarded port is part of the URL.
    ported = {"X-Twilio-Signature": signer.form("https://hooks.example.com:8443/sms"),
              "X-Forwarded-Proto": "https", "X-Forwarded-Host": "hooks.example.com", "X-Forwarded-Port": "8443"}
    assert trusting.post("/sms", base_url="http://10.0.0.5:8000", data=signer.SMS, headers=ported).status_code == 200


def test_token_from_app_config_env_and_missing(signer, monkeypatch, logged) -> None:
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    headers = {"X-Twilio-Signature": signer.form(f"{signer.PUBLIC}/sms")}
    app = make_app()
    assert app.test_client().post("/sms", base_url=signer.PUBLIC, data=signer.SMS, headers=headers).status_code == 500
    logged("no auth token configured")
    app.config["TWILIO_AUTH_TOKEN"] = signer.TOKEN
    assert app.test_client().post("/sms", base_url=signer.PUBLIC, data=signer.SMS, headers=headers).status_code == 200
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", signer.TOKEN)
    assert make_app().test_client().post("/sms", base_url=signer.PUBLIC, data=signer.SMS, headers=headers).status_code == 200


def test_token_rotation(signer) -> None:
    client = make_app(auth_token=[signer.TOKEN, signer.OLD_TOKEN]).test_client()
    old = type(signer)(signer.OLD_TOKEN)
    for s in (signer, old):
        headers = {"X-Twilio-Signature": s.form(f"{signer.PUBLIC}/sms")}
        assert client.post("/sms", base_url=signer.PUBLIC, data=signer.SMS, headers=headers).status_code == 200


def test_shared_key_signature_settings(signer, logged) -> None:
    shared = type(signer)(signer.SHARED_KEY)
    headers = {
        "X-Twilio-Signature": shared.form(f"{signer.PUBLIC}/sms", algorithm="HMAC_SHA256"),
        "X-Twilio-Webhooks-Signature-Settings": "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256",
    }
    with_key = make_app(auth_token=signer.TOKEN, shared_key_secret=signer.SHARED_KEY).test_client()
    assert with_key.post("/sms", base_url=signer.PUBLIC, data=signer.SMS, headers=headers).status_code == 200
    without = make_app(auth_token=signer.TOKEN).test_client()
    assert without.post("/sms", base_url=signer.PUBLIC, data=signer.SMS, headers=headers).status_code == 403
    logged("no shared_key_secret is configured")
    # The auth token's SHA-1 signature does not pass for a request claiming a SharedKey.
    headers["X-Twilio-Signature"] = signer.form(f"{signer.PUBLIC}/sms")
    assert with_key.post("/sms", base_url=signer.PUBLIC, data=signer.SMS, headers=headers).status_code == 403


def test_malformed_form_body_is_403(app, signer, logged) -> None:
    response = app.test_client().post(
        "/sms", base_url=signer.PUBLIC, data=b"Body=%FF%FE&To=1",
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signer.form(f"{signer.PUBLIC}/sms")},
    )
    assert response.status_code == 403


def test_trusted_rfc7239_forwarded_header(signer) -> None:
    trusting = make_app(auth_token=signer.TOKEN, trust_forwarded_headers=True).test_client()
    untrusting = make_app(auth_token=signer.TOKEN).test_client()
    headers = {"X-Twilio-Signature": signer.form(f"{signer.PUBLIC}/sms"),
               "Forwarded": 'for=192.0.2.60;proto=https;host="hooks.example.com", for=10.0.0.1;proto=http'}
    assert trusting.post("/sms", base_url="http://10.0.0.5:8000", data=signer.SMS, headers=headers).status_code == 200
    assert untrusting.post("/sms", base_url="http://10.0.0.5:8000", data=signer.SMS, headers=headers).status_code == 403
    # X-Forwarded-* win when both are sent (they are what most proxies set).
    both = {**headers, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "other.example.com"}
    assert trusting.post("/sms", base_url="http://10.0.0.5:8000", data=signer.SMS, headers=both).status_code == 403
