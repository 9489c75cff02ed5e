"""Low-level JWS pieces: base64url, compact JSON, signers and key loading.

Minting an HS256 token needs only the standard library, so importing
``twilio_jwt.access_token`` stays cheap; PyJWT and cryptography (about 80 ms to
import) are loaded on first RS256 use or first decode.
"""

from __future__ import annotations

import hmac
import json
from base64 import urlsafe_b64encode
from typing import TYPE_CHECKING, Any, Callable, Mapping

from .errors import JwtConfigError

if TYPE_CHECKING:  # pragma: no cover
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

__all__ = [
    "b64url",
    "dumps",
    "header_segment",
    "make_signer",
    "load_rsa_private_key",
    "HMAC_ALGORITHMS",
    "RSA_ALGORITHMS",
]

#: JWS algorithm name -> hashlib name, for the HMAC family.
HMAC_ALGORITHMS = {"HS256": "sha256", "HS384": "sha384", "HS512": "sha512"}
#: JWS algorithm name -> hash size, for RSASSA-PKCS1-v1_5.
RSA_ALGORITHMS = {"RS256": 256, "RS384": 384, "RS512": 512}

# One encoder built once: json.dumps(..., separators=...) builds a new one per call.
# Same settings as PyJWT's (compact separators, ASCII escapes), so the bytes match its output.
dumps: Callable[[Any], str] = json.JSONEncoder(separators=(",", ":")).encode
_sorted_dumps: Callable[[Any], str] = json.JSONEncoder(separators=(",", ":"), sort_keys=True).encode


def b64url(data: bytes) -> bytes:
    """Unpadded base64url, as JWS wants it."""
    return urlsafe_b64encode(data).rstrip(b"=")


def header_segment(algorithm: str, extra: Mapping[str, Any] | None = None) -> bytes:
    """The encoded JOSE header plus the trailing dot: ``b64url(header) + b"."``.

    Keys are sorted, as PyJWT sorts them, so tokens are byte-identical to the
    ones PyJWT (and the official library through it) would produce.
    """
    header: dict[str, Any] = {"typ": "JWT", "alg": algorithm}
    if extra:
        header.update(extra)
    return b64url(_sorted_dumps(header).encode()) + b"."


def load_rsa_private_key(key: Any, password: bytes | str | None = None) -> "RSAPrivateKey":
    """Parse a PEM (PKCS#1 or PKCS#8, str or bytes) RSA private key, or accept a loaded one.

    Errors name what is wrong and never include the key text.
    """
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    if isinstance(key, RSAPrivateKey):
        return key
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, (bytes, bytearray)) or not key.strip():
        raise JwtConfigError(
            f"private_key must be a PEM-encoded RSA private key (str or bytes) or a loaded "
            f"RSAPrivateKey, got {'an empty value' if not key else type(key).__name__}"
        )
    if isinstance(password, str):
        password = password.encode("utf-8")
    try:
        loaded = load_pem_private_key(bytes(key), password=password)
    except TypeError:
        # cryptography says whether a password is missing or superfluous; keep only that.
        raise JwtConfigError(
            "private_key is encrypted and needs private_key_password"
            if password is None
            else "private_key is not encrypted: do not pass private_key_password"
        ) from None
    except Exception:  # noqa: BLE001 - cryptography raises several types; no message may carry key text
        raise JwtConfigError(
            "private_key could not be parsed: expected a PEM RSA private key "
            "('-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN PRIVATE KEY-----'), or a wrong password"
        ) from None
    if not isinstance(loaded, RSAPrivateKey):
        raise JwtConfigError(f"private_key must be an RSA key, got a {type(loaded).__name__.lstrip('_')}")
    return loaded


def make_signer(algorithm: str, key: Any) -> Callable[[bytes], bytes]:
    """A function ``signing_input -> signature`` with the key prepared once.

    HS*: the secret is encoded to bytes once and ``hmac.digest`` (one-shot,
    no HMAC object) signs. RS*: the PEM is parsed once; each call only signs.
    """
    hash_name = HMAC_ALGORITHMS.get(algorithm)
    if hash_name is not None:
        if isinstance(key, str):
            key = key.encode("utf-8")
        if not isinstance(key, (bytes, bytearray)) or not key:
            raise JwtConfigError(
                f"an {algorithm} token needs a non-empty secret (str or bytes), got "
                f"{'an empty value' if not key else type(key).__name__}"
            )
        secret = bytes(key)
        digest = hmac.digest

        def sign_hmac(message: bytes) -> bytes:
            return digest(secret, message, hash_name)

        return sign_hmac
    bits = RSA_ALGORITHMS.get(algorithm)
    if bits is not None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        private_key = load_rsa_private_key(key)
        pad = padding.PKCS1v15()
        hash_algorithm: hashes.HashAlgorithm = (
            hashes.SHA256() if bits == 256 else hashes.SHA384() if bits == 384 else hashes.SHA512()
        )
        rsa_sign = private_key.sign

        def sign_rsa(message: bytes) -> bytes:
            return rsa_sign(message, pad, hash_algorithm)

        return sign_rsa
    supported = ", ".join([*HMAC_ALGORITHMS, *RSA_ALGORITHMS])
    raise JwtConfigError(f"unsupported JWT algorithm {algorithm!r}; supported: {supported}")
