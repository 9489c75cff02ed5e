"""The :class:`Jwt` base class every token type builds on."""

from __future__ import annotations

import time
from typing import Any, Callable, ClassVar

from ._encoding import b64url, dumps, header_segment, make_signer
from .errors import JwtConfigError, JwtDecodeError

__all__ = ["Jwt"]


def _epoch(value: Any) -> Any:
    """A ``datetime`` as epoch seconds (naive means UTC), as PyJWT converts ``exp``/``nbf``; else ``value``."""
    import datetime as _dt
    from calendar import timegm

    if isinstance(value, _dt.datetime):
        return timegm(value.utctimetuple())
    return value


class _Generate:
    """Sentinel type of :attr:`Jwt.GENERATE`: "use the current time"."""

    def __repr__(self) -> str:
        return "Jwt.GENERATE"


class Jwt:
    """A JSON Web Token that Twilio issues or accepts.

    Subclasses provide the claims (:meth:`_generate_payload`) and extra JOSE
    headers (:meth:`_generate_headers`); this class adds ``iss``, ``exp``,
    ``nbf`` and ``sub`` and signs with :attr:`ALGORITHM`.

    ``nbf`` is the not-before time in epoch seconds: :attr:`GENERATE` (the
    default) puts "now", ``None`` leaves it out. ``ttl`` is the lifetime in
    seconds; ``valid_until`` (epoch seconds) overrides it.

    Minting reuses everything that does not change between calls: the secret
    or private key is prepared once and the encoded header is kept until the
    headers change, so :meth:`to_jwt` only builds and signs the claims.
    """

    GENERATE: ClassVar[Any] = _Generate()
    #: The one algorithm tokens of this type are signed and verified with.
    ALGORITHM: ClassVar[str] = "HS256"
    #: The ``cty`` header tokens of this type carry; checked by :meth:`from_jwt` when set.
    CONTENT_TYPE: ClassVar[str | None] = None

    def __init__(
        self,
        secret_key: Any,
        issuer: str | None,
        subject: str | None = None,
        algorithm: str | None = None,
        nbf: Any = GENERATE,
        ttl: int = 3600,
        valid_until: int | None = None,
    ) -> None:
        self.secret_key = secret_key
        self.issuer = issuer
        self.subject = subject
        self.algorithm = algorithm or self.ALGORITHM
        self.nbf = nbf
        self.ttl = ttl
        self.valid_until = valid_until
        self._decoded_payload: dict[str, Any] | None = None
        self._decoded_headers: dict[str, Any] | None = None
        # (secret object, algorithm, signer) and (headers, encoded header): rebuilt only on change.
        self._signer_cache: tuple[Any, str, Callable[[bytes], bytes]] | None = None
        self._header_cache: tuple[str, dict[str, Any], bytes] | None = None

    # -- what subclasses provide -------------------------------------------------

    def _generate_payload(self) -> dict[str, Any]:
        """The type-specific claims (a new dict each call)."""
        raise NotImplementedError("a Jwt subclass must provide _generate_payload()")

    def _claims(self, now: int) -> dict[str, Any]:
        """Type-specific claims at time ``now``; overridden where claims depend on the time."""
        return self._generate_payload()

    def _generate_headers(self) -> dict[str, Any]:
        """Extra JOSE headers (``typ`` and ``alg`` are added by the base class)."""
        return {}

    # -- claims and headers --------------------------------------------------------

    def _build_payload(self, now: int) -> dict[str, Any]:
        payload = self._claims(now)
        # Same claim order as the official library, so tokens are byte-identical to its own.
        payload["iss"] = self.issuer
        exp = self.valid_until if self.valid_until else now + self.ttl
        payload["exp"] = exp if exp.__class__ is int else _epoch(exp)
        nbf = self.nbf
        if nbf is not None:
            payload["nbf"] = now if nbf is Jwt.GENERATE else nbf if nbf.__class__ is int else _epoch(nbf)
        if self.subject:
            payload["sub"] = self.subject
        return payload

    @property
    def payload(self) -> dict[str, Any]:
        """The claims this token would carry if minted now (or the decoded claims)."""
        if self._decoded_payload is not None:
            return dict(self._decoded_payload)
        return self._build_payload(int(time.time()))

    @property
    def headers(self) -> dict[str, Any]:
        """The JOSE header (``typ``, ``alg`` and the type's own), or the decoded one."""
        if self._decoded_headers is not None:
            return dict(self._decoded_headers)
        headers = self._generate_headers()
        headers["typ"] = "JWT"
        headers["alg"] = self.algorithm
        return headers

    # -- encoding ------------------------------------------------------------------

    def _signer(self) -> Callable[[bytes], bytes]:
        cache = self._signer_cache
        secret, algorithm = self.secret_key, self.algorithm
        if cache is not None and cache[0] is secret and cache[1] == algorithm:
            return cache[2]
        if secret is None or (isinstance(secret, (str, bytes)) and not secret):
            raise JwtConfigError(f"{type(self).__name__} has no signing key (secret) configured")
        signer = make_signer(algorithm, secret)
        self._signer_cache = (secret, algorithm, signer)
        return signer

    def _header_bytes(self) -> bytes:
        if self._decoded_headers is not None:
            extra = {k: v for k, v in self._decoded_headers.items() if k not in ("typ", "alg")}
            return header_segment(self.algorithm, extra)
        extra = self._generate_headers()
        cache = self._header_cache
        if cache is not None and cache[0] == self.algorithm and cache[1] == extra:
            return cache[2]
        segment = header_segment(self.algorithm, extra)
        self._header_cache = (self.algorithm, extra, segment)
        return segment

    def to_jwt(self, ttl: int | None = None) -> str:
        """Sign and encode this token. ``ttl`` overrides the lifetime for this one token."""
        sign = self._signer()
        if self._decoded_payload is not None:
            payload = dict(self._decoded_payload)
            now = int(time.time())
        else:
            now = int(time.time())
            payload = self._build_payload(now)
        if ttl:
            payload["exp"] = now + ttl
        signing_input = self._header_bytes() + b64url(dumps(payload).encode())
        return (signing_input + b"." + b64url(sign(signing_input))).decode()

    # -- decoding ------------------------------------------------------------------

    @classmethod
    def from_jwt(cls, jwt: str | bytes, key: Any, *, leeway: float = 0) -> "Jwt":
        """Decode ``jwt``, verifying its signature with ``key``, its expiry and its algorithm.

        The algorithm is fixed by the token type (:attr:`ALGORITHM`): a token
        with ``alg: none`` or another algorithm (an HS/RS swap) is refused, as
        are an expired or not-yet-valid token, a token without ``exp`` and one
        whose ``cty`` is not this type's. Raises :class:`JwtDecodeError`.
        Returns a :class:`Jwt` whose :attr:`payload` and :attr:`headers` are the decoded ones.
        """
        if key is None or (isinstance(key, (str, bytes)) and not key):
            raise JwtDecodeError(f"{cls.__name__}.from_jwt needs the key to verify the signature with")
        import jwt as pyjwt  # deferred: PyJWT imports cryptography (slow)

        try:
            decoded = pyjwt.decode_complete(
                jwt,
                key,
                algorithms=[cls.ALGORITHM],
                options={"require": ["exp"], "verify_signature": True, "verify_exp": True, "verify_nbf": True},
                leeway=leeway,
            )
        except pyjwt.InvalidAlgorithmError:
            raise JwtDecodeError(f"{cls.__name__} tokens must be signed with {cls.ALGORITHM}; this one is not") from None
        except pyjwt.PyJWTError as exc:
            # PyJWT's messages name the failed check and hold no key material.
            raise JwtDecodeError(f"invalid {cls.__name__}: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - a key of the wrong kind fails inside cryptography
            raise JwtDecodeError(f"invalid {cls.__name__}: the key cannot verify a {cls.ALGORITHM} token ({type(exc).__name__})") from None
        headers, payload = decoded["header"], decoded["payload"]
        if cls.CONTENT_TYPE is not None and headers.get("cty") != cls.CONTENT_TYPE:
            raise JwtDecodeError(f"not a {cls.__name__}: cty is {headers.get('cty')!r}, expected {cls.CONTENT_TYPE!r}")
        return cls._from_jwt(headers, payload, key)

    @classmethod
    def _from_jwt(cls, headers: dict[str, Any], payload: dict[str, Any], key: Any = None) -> "Jwt":
        token = Jwt(
            secret_key=key,
            issuer=payload.get("iss"),
            subject=payload.get("sub"),
            algorithm=headers.get("alg"),
            valid_until=payload.get("exp"),
            nbf=payload.get("nbf"),
        )
        token._decoded_payload = payload
        token._decoded_headers = headers
        return token

    # -- display: never the secret, never the token -----------------------------

    def _repr_fields(self) -> str:
        return f"iss={self.issuer!r} sub={self.subject!r} alg={self.algorithm!r}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._repr_fields()}>"

    __str__ = __repr__
