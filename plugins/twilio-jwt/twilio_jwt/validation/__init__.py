"""Public Key Client Validation (PKCV): sign outgoing REST requests with your RSA key.

* :class:`ClientValidationJwt` and :class:`ValidationPayload` mirror the
  official library: one token for one described request.
* :class:`ClientValidationMiddleware` signs every request a
  ``twilio_core`` client sends (``Client(..., middleware=[ClientValidationMiddleware(...)])``),
  with the private key parsed once, when the middleware is built.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from .._base import Jwt
from .canonical import SIGNED_HEADERS, canonical_request, request_hash

__all__ = [
    "ClientValidationJwt",
    "ValidationPayload",
    "ClientValidationMiddleware",
    "CONTENT_TYPE",
    "SIGNED_HEADERS",
]

#: ``cty`` header of PKCV tokens.
CONTENT_TYPE = "twilio-pkrv;v=1"


class ValidationPayload(NamedTuple):
    """The parts of a request a :class:`ClientValidationJwt` signs (the official library's fields)."""

    method: str
    path: str
    query_string: str
    all_headers: Mapping[str, str | Sequence[str]]
    signed_headers: Iterable[str]
    body: bytes | str | None


class ClientValidationJwt(Jwt):
    """The ``Twilio-Client-Validation`` token for one request (RS256, 5-minute lifetime).

    ``private_key`` is a PEM RSA private key (str or bytes) or an already
    loaded ``RSAPrivateKey``; pass the loaded key when signing many requests
    (or use :class:`ClientValidationMiddleware`), since parsing a PEM costs far
    more than signing.
    """

    ALGORITHM = "RS256"
    CONTENT_TYPE = CONTENT_TYPE

    def __init__(
        self,
        account_sid: str,
        api_key_sid: str,
        credential_sid: str,
        private_key: Any,
        validation_payload: ValidationPayload,
    ) -> None:
        super().__init__(
            secret_key=private_key,
            issuer=api_key_sid,
            subject=account_sid,
            algorithm=self.ALGORITHM,
            ttl=300,
        )
        self.account_sid = account_sid
        self.api_key_sid = api_key_sid
        self.credential_sid = credential_sid
        self.validation_payload = validation_payload

    @property
    def private_key(self) -> Any:
        """The signing key (same object as :attr:`secret_key`)."""
        return self.secret_key

    def _generate_headers(self) -> dict[str, Any]:
        return {"cty": CONTENT_TYPE, "kid": self.credential_sid}

    def _generate_payload(self) -> dict[str, Any]:
        vp = self.validation_payload
        canonical, signed_list = canonical_request(
            vp.method, vp.path, vp.query_string, vp.all_headers, vp.body, vp.signed_headers
        )
        return {"hrh": signed_list, "rqh": request_hash(canonical)}

    def _repr_fields(self) -> str:
        return (
            f"account_sid={self.account_sid!r} api_key_sid={self.api_key_sid!r} "
            f"credential_sid={self.credential_sid!r} method={self.validation_payload.method!r} "
            f"path={self.validation_payload.path!r}"
        )


from .middleware import ClientValidationMiddleware  # noqa: E402
