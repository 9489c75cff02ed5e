"""Review: a secret passed where a SID belongs must not be echoed in the error.

Real auth tokens and API secrets are 32 hexadecimal characters. Swapping two positional
arguments (``WorkerCapabilityToken(auth_token, account_sid, ...)``,
``ClientValidationMiddleware(api_secret, ...)``) is a common slip, and the error said
``Invalid account sid provided '<the token>'`` / ``got '<the secret>'``.
A value shaped like a SID (of the wrong kind) is still shown: it is no secret and helps.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from twilio_jwt import JwtError
from twilio_jwt.taskrouter.capabilities import TaskQueueCapabilityToken, WorkerCapabilityToken, WorkspaceCapabilityToken
from twilio_jwt.validation import ClientValidationMiddleware

ACCOUNT = "AC" + "a" * 32
KEY = "SK" + "b" * 32
CREDENTIAL = "CR" + "c" * 32
WORKSPACE = "WS" + "d" * 32
WORKER = "WK" + "e" * 32
QUEUE = "WQ" + "f" * 32
AUTH_TOKEN = "9f86d081884c7d659a2feaa0c55ad015"  # 32 hex characters, like a real one
API_SECRET = "Zq8Wm3Kx7Pv2Lr9Tn4Bc6Hd1Fg5Js0Y7"


@pytest.fixture(scope="module")
def pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _mistakes(pem: str) -> list[Callable[[], Any]]:
    return [
        lambda: WorkerCapabilityToken(AUTH_TOKEN, ACCOUNT, WORKSPACE, WORKER),
        lambda: WorkerCapabilityToken(ACCOUNT, WORKSPACE, AUTH_TOKEN, WORKER),
        lambda: WorkerCapabilityToken(ACCOUNT, WORKER, WORKSPACE, AUTH_TOKEN),
        lambda: TaskQueueCapabilityToken(API_SECRET, AUTH_TOKEN, WORKSPACE, QUEUE),
        lambda: WorkspaceCapabilityToken(AUTH_TOKEN, ACCOUNT, WORKSPACE),
        lambda: ClientValidationMiddleware(AUTH_TOKEN, KEY, CREDENTIAL, pem),
        lambda: ClientValidationMiddleware(ACCOUNT, API_SECRET, CREDENTIAL, pem),
        lambda: ClientValidationMiddleware(ACCOUNT, KEY, API_SECRET, pem),
    ]


def test_secret_in_a_sid_slot_is_not_echoed(pem: str) -> None:
    for index, mistake in enumerate(_mistakes(pem)):
        with pytest.raises(JwtError) as info:
            mistake()
        text = f"{info.value} {info.value!r} {info.value.args!r}"
        assert AUTH_TOKEN not in text and API_SECRET not in text, (index, text)


def test_wrong_kind_of_sid_is_still_named(pem: str) -> None:
    with pytest.raises(JwtError, match=ACCOUNT):
        WorkerCapabilityToken(ACCOUNT, AUTH_TOKEN, WORKSPACE, ACCOUNT)
    with pytest.raises(JwtError, match=ACCOUNT):
        ClientValidationMiddleware(ACCOUNT, ACCOUNT, CREDENTIAL, pem)
    with pytest.raises(JwtError, match="account sid"):
        WorkerCapabilityToken(AUTH_TOKEN, ACCOUNT, WORKSPACE, WORKER)
