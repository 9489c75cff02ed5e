"""Fixtures for the twilio-jwt tests: fixed SIDs and secrets, a frozen clock, RSA key pairs."""

from __future__ import annotations

import time
from typing import Any, Callable

import pytest

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
API_KEY_SID = "SK" + "fedcba9876543210" * 2
CREDENTIAL_SID = "CR" + "00112233445566778899aabbccddeeff"
# Distinctive so a leak is easy to spot in any string.
API_SECRET = "apisecret-Zq8Wm3Kx7Pv2Lr9Tn4Bc6Hd1Fg5Js0Y"
AUTH_TOKEN = "authtoken-Yw2Xe4Rt6Ui8Op0Aq1Sd3Fg5Hj7Kl9Z"


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> int:
    """Freeze ``time.time`` (used by twilio_jwt and the official library) just after a whole second.

    The frozen value is the real current time, so PyJWT's own expiry check
    (which reads ``datetime.now``) agrees with the frozen clock.
    """
    frozen = int(time.time())
    monkeypatch.setattr(time, "time", lambda: frozen + 0.25)
    return frozen


@pytest.fixture(scope="session")
def rsa_key() -> Any:
    """A 2048-bit RSA private key (what Twilio accepts), made once per session."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def other_rsa_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(key: Any, fmt: str = "PKCS8", password: bytes | None = None) -> bytes:
    from cryptography.hazmat.primitives import serialization

    encryption = (
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM,
        getattr(serialization.PrivateFormat, "TraditionalOpenSSL" if fmt == "PKCS1" else "PKCS8"),
        encryption,
    )


@pytest.fixture(scope="session")
def private_pem(rsa_key: Any) -> str:
    """The key as a PKCS#8 PEM string."""
    return _pem(rsa_key).decode()


@pytest.fixture(scope="session")
def make_pem(rsa_key: Any) -> Callable[..., bytes]:
    """``make_pem(fmt="PKCS1"|"PKCS8", password=None)`` for the session key."""
    return lambda fmt="PKCS8", password=None: _pem(rsa_key, fmt, password)


@pytest.fixture(scope="session")
def public_pem(rsa_key: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    return rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
