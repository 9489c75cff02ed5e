""":class:`ClientValidationMiddleware`: PKCV-sign every request a twilio_core client sends."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from twilio_core.middleware import Middleware, Stage

from .._encoding import b64url, dumps, header_segment, load_rsa_private_key, make_signer
from ..errors import JwtConfigError, shown_sid
from .canonical import request_hash, sdk_canonical_request

if TYPE_CHECKING:  # pragma: no cover
    from twilio_core.http import Request

__all__ = ["ClientValidationMiddleware", "HEADER_NAME"]

#: The request header the token travels in.
HEADER_NAME = "Twilio-Client-Validation"
_DEFAULT_PORTS = {"https": ":443", "http": ":80"}


def _check_sid(role: str, value: object, prefix: str) -> str:
    if not isinstance(value, str) or not value.startswith(prefix):
        raise JwtConfigError(
            f"ClientValidationMiddleware {role} must be a SID starting with {prefix!r}, got {shown_sid(value)}"
        )
    return value


def _find_header(headers: dict[str, str], name: str, lower: str) -> str | None:
    value = headers.get(name)
    if value is not None:
        return value
    for key, value in headers.items():
        if key.lower() == lower:
            return value
    return None


class ClientValidationMiddleware(Middleware):
    """Adds the ``Twilio-Client-Validation`` header (an RS256 PKCV JWT) to every attempt.

    Arguments follow the official ``ValidationClient``: ``account_sid``
    (AC...), ``api_key_sid`` (the API key the client authenticates with,
    SK...; ``signing_key_sid=`` is accepted too), ``credential_sid`` (the public
    key credential registered with Twilio, CR...) and ``private_key`` (PEM str
    or bytes, or a loaded ``RSAPrivateKey``; ``private_key_password`` for an
    encrypted PEM). The key is parsed and checked here, once; each request then
    costs one canonicalisation, one SHA-256 and one RSA signature.

    It runs at :attr:`Stage.PER_ATTEMPT`, after authentication, so the signed
    ``Authorization`` header is the one sent, and every retry is signed afresh.
    """

    stage = Stage.PER_ATTEMPT
    name = "pkcv"

    def __init__(
        self,
        account_sid: str,
        api_key_sid: str | None = None,
        credential_sid: str | None = None,
        private_key: Any = None,
        *,
        signing_key_sid: str | None = None,
        private_key_password: bytes | str | None = None,
        ttl: int = 300,
    ) -> None:
        if api_key_sid is not None and signing_key_sid is not None and api_key_sid != signing_key_sid:
            raise JwtConfigError("pass the API key SID once: api_key_sid and signing_key_sid differ")
        self.account_sid = _check_sid("account_sid", account_sid, "AC")
        self.api_key_sid = _check_sid("api_key_sid", api_key_sid if api_key_sid is not None else signing_key_sid, "SK")
        self.credential_sid = _check_sid("credential_sid", credential_sid, "CR")
        if private_key is None:
            raise JwtConfigError("ClientValidationMiddleware needs private_key (the PEM RSA key registered as credential_sid)")
        if isinstance(ttl, bool) or not isinstance(ttl, int) or not 0 < ttl <= 300:
            raise JwtConfigError(f"ttl must be 1-300 seconds (Twilio refuses longer PKCV tokens), got {ttl!r}")
        self.ttl = ttl
        key = load_rsa_private_key(private_key, private_key_password)
        # Fixed per middleware: the encoded header, the prepared signer and the JSON around the
        # per-request claims (rqh, exp, nbf). Nothing is re-derived per request.
        self._header = header_segment("RS256", {"cty": "twilio-pkrv;v=1", "kid": self.credential_sid})
        self._sign = make_signer("RS256", key)
        self._tail = f',"iss":{dumps(self.api_key_sid)},"exp":'
        self._sub = f',"sub":{dumps(self.account_sid)}}}'

    def _claims_json(self, signed_list: str, rqh: str, now: int) -> str:
        # Byte for byte what json.dumps gives for ClientValidationJwt's claims (same keys, same order).
        return (
            f'{{"hrh":"{signed_list}","rqh":"{rqh}"{self._tail}{now + self.ttl},"nbf":{now}{self._sub}'
        )

    @property
    def signing_key_sid(self) -> str:
        """Alias of :attr:`api_key_sid`."""
        return self.api_key_sid

    def token_for(self, request: "Request") -> str:
        """The PKCV token for ``request`` as it stands now (its headers must already hold Authorization)."""
        url = request.url
        scheme, sep, rest = url.partition("://")
        if not sep:
            scheme, rest = "", url
        rest = rest.partition("#")[0]
        slash, mark = rest.find("/"), rest.find("?")
        cut = min(i for i in (slash, mark, len(rest)) if i >= 0)
        authority, target = rest[:cut], rest[cut:]
        path, _, query = target.partition("?")

        headers = request.headers
        host = _find_header(headers, "Host", "host")
        if host is None:
            # The transport sends the URL's authority (without a default port) as Host: sign that.
            host = authority.rpartition("@")[2]
            default_port = _DEFAULT_PORTS.get(scheme.lower())
            if default_port and host.endswith(default_port):
                host = host[: -len(default_port)]
        authorization = _find_header(headers, "Authorization", "authorization")
        canonical, signed_list = sdk_canonical_request(request.method, path, query, host, authorization, request.body)
        claims = self._claims_json(signed_list, request_hash(canonical), int(time.time()))
        signing_input = self._header + b64url(claims.encode())
        return (signing_input + b"." + b64url(self._sign(signing_input))).decode()

    def on_request(self, request: "Request") -> None:
        request.headers[HEADER_NAME] = self.token_for(request)
        return None

    def __repr__(self) -> str:
        # SIDs only: never the key.
        return (
            f"<ClientValidationMiddleware account_sid={self.account_sid!r} api_key_sid={self.api_key_sid!r} "
            f"credential_sid={self.credential_sid!r} stage={self.stage}>"
        )
