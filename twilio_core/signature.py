"""Validation of the ``X-Twilio-Signature`` header Twilio puts on every webhook.

Twilio's protocol: take the full URL Twilio requested, append for each POST
parameter name in sorted order the name followed by the value (for each of its
distinct values, sorted), HMAC the UTF-8 bytes with the auth token and send the
base64 digest. A JSON webhook has no POST parameters: its URL carries
``bodySHA256`` (the hex SHA-256 of the raw body) and the signature covers the URL
only. Results equal the official ``twilio`` library's ``RequestValidator`` for
the same inputs, including the URL tried with and without its port.

This module imports only ``hmac``, ``hashlib``, ``binascii`` and ``re``; ``urllib.parse``
is loaded lazily for the rare URLs the fast path does not handle.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import re  # already loaded by typing: costs nothing here
from typing import Any, Callable, Iterable, Mapping, Union

__all__ = [
    "RequestValidator",
    "SIGNATURE_HEADER",
    "SIGNATURE_SETTINGS_HEADER",
    "HMAC_SHA1",
    "HMAC_SHA256",
    "VALID",
    "MISSING_SIGNATURE",
    "SIGNATURE_MISMATCH",
    "BODY_HASH_MISMATCH",
    "MISSING_BODY_HASH",
    "MALFORMED_INPUT",
    "UNSUPPORTED_ALGORITHM",
    "signature_algorithm",
]

SIGNATURE_HEADER = "X-Twilio-Signature"
#: Sent when a Webhooks Setting signs with a SharedKey: ``key=<id>,algorithm=<name>``.
SIGNATURE_SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings"
HMAC_SHA1 = "HMAC_SHA1"
HMAC_SHA256 = "HMAC_SHA256"

# Outcomes of RequestValidator.check(); plain strings so they log well and cost no import.
VALID = "valid"
MISSING_SIGNATURE = "missing signature"
SIGNATURE_MISMATCH = "signature mismatch"
BODY_HASH_MISMATCH = "body hash mismatch"
MISSING_BODY_HASH = "raw body given but the URL has no bodySHA256 parameter"
MALFORMED_INPUT = "malformed input"
UNSUPPORTED_ALGORITHM = "unsupported signature algorithm"

_HASHES: dict[str, Callable[..., Any]] = {HMAC_SHA1: hashlib.sha1, HMAC_SHA256: hashlib.sha256}
_BODY_TYPES = (str, bytes, bytearray, memoryview)

Params = Union[Mapping[str, Any], Iterable[tuple[str, str]], str, bytes, None]
# (inner, outer) hash states after absorbing key^ipad / key^opad (RFC 2104).
_Pads = tuple[Any, Any]


def signature_algorithm(settings_header: str | None) -> str:
    """Return the algorithm named in an ``X-Twilio-Webhooks-Signature-Settings`` header.

    An absent or empty header (or one without ``algorithm=``) means the classic
    auth-token signature, :data:`HMAC_SHA1`. The name is returned as sent, so an
    unknown one makes :meth:`RequestValidator.check` report it as unsupported.
    """
    if not isinstance(settings_header, str):
        return HMAC_SHA1
    for part in settings_header.split(","):
        name, eq, value = part.partition("=")
        if eq and name.strip() == "algorithm" and value.strip():
            return value.strip()
    return HMAC_SHA1


def _pads(key: bytes, new: Callable[..., Any]) -> _Pads:
    """Precompute the two HMAC hash states for *key* so each signature costs two copies."""
    block = new().block_size
    if len(key) > block:
        key = new(key).digest()
    key = key.ljust(block, b"\0")
    inner = new(bytes(b ^ 0x36 for b in key))
    outer = new(bytes(b ^ 0x5C for b in key))
    return inner, outer


def _mac_b64(pads: _Pads, data: bytes) -> bytes:
    """HMAC of *data* from precomputed pads, base64 encoded without a newline."""
    inner = pads[0].copy()
    inner.update(data)
    outer = pads[1].copy()
    outer.update(inner.digest())
    return binascii.b2a_base64(outer.digest(), newline=False)


def _coerce_token(token: object) -> bytes:
    if isinstance(token, str):
        token = token.encode("utf-8")
    elif isinstance(token, (bytearray, memoryview)):
        token = bytes(token)
    if not isinstance(token, bytes):
        # Name the type only: the value may be a secret.
        raise TypeError(f"auth token must be str or bytes, not {type(token).__name__}")
    if not token:
        raise ValueError("auth token is empty")
    return token


def _values(name: object, value: object) -> list[str]:
    """The distinct values of one parameter, sorted; TypeError if any is not a str."""
    if not isinstance(name, str):
        raise TypeError(f"parameter names must be str, not {type(name).__name__}")
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            if not isinstance(item, str):
                raise TypeError(
                    f"parameter {name!r} has a value of type {type(item).__name__}, expected str"
                )
        return sorted(set(value))
    raise TypeError(f"parameter {name!r} has a value of type {type(value).__name__}, expected str")


def _param_string(params: Any) -> str:
    """Sorted name+value concatenation of form parameters; TypeError if malformed.

    A plain dict of str (the common case) takes a fast loop; multi-value mappings
    (``getall``/``getlist``), dicts of lists and lists of pairs take the general one.
    """
    parts: list[str] = []
    append = parts.append
    if type(params) is dict:
        for name in sorted(params):
            value = params[name]
            if type(value) is str and type(name) is str:
                append(name)
                append(value)
            else:
                for item in _values(name, value):
                    append(name)
                    append(item)
        return "".join(parts)

    getter = getattr(params, "getall", None) or getattr(params, "getlist", None)
    if callable(getter):  # aiohttp/multidict (getall), werkzeug, Django, Starlette (getlist)
        grouped = {name: _values(name, list(getter(name))) for name in set(params)}
    elif isinstance(params, Mapping):
        grouped = {name: _values(name, params[name]) for name in params}
    elif isinstance(params, (list, tuple)):  # list of (name, value) pairs, names may repeat
        collected: dict[str, set[str]] = {}
        for pair in params:
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise TypeError("parameters given as a sequence must be (name, value) pairs")
            name, value = pair
            collected.setdefault(name, set()).update(_values(name, value))
        grouped = {name: sorted(values) for name, values in collected.items()}
    else:
        raise TypeError(
            f"parameters must be a mapping or a list of pairs, not {type(params).__name__}"
        )
    for name in sorted(grouped):
        for item in grouped[name]:
            append(name)
            append(item)
    return "".join(parts)


def _url_variants_slow(uri: str) -> tuple[str, str] | None:
    """URL variants exactly as ``urllib.parse`` rebuilds them, or None if it rejects the URL.

    The official library signs ``urlparse(uri).geturl()`` without and with the port,
    so odd URLs (upper-case scheme, an empty ``?``, a ``;``, user info, IPv6) are
    normalised the same way here for equal results.
    """
    from urllib.parse import urlparse

    try:
        parsed = urlparse(uri)
        port = parsed.port
        if port:  # a port was given (0 counts as none, as upstream)
            bare = parsed._replace(netloc=parsed.netloc.split(":")[0])
            return parsed.geturl(), bare.geturl()
        default = "443" if parsed.scheme == "https" else "80"
        ported = parsed._replace(netloc=f"{parsed.netloc}:{default}")
        return parsed.geturl(), ported.geturl()
    except ValueError:
        return None


# scheme://host[:port] of a plain URL: an ASCII reg-name host (RFC 3986), an optional
# 1-5 digit port, then "/", "?" or the end. No user info, IPv6 or odd characters.
_PLAIN_ORIGIN = re.compile(r"https?://[A-Za-z0-9\-._~!$&'()*+,=%]+(?::([0-9]{1,5}))?(?=[/?]|\Z)")


def _fast_split(uri: str) -> tuple[int, int, str] | None:
    """(end of host[:port], index of the port's colon or -1, default port) for a plain URL.

    Plain means ``http(s)://host[:port][/path][?query]`` that ``urllib.parse``
    round-trips unchanged; None sends anything else to the exact slow path.
    """
    match = _PLAIN_ORIGIN.match(uri)
    # urllib removes tabs and newlines anywhere and drops an empty fragment or query.
    if match is None or "#" in uri or "\t" in uri or "\n" in uri or "\r" in uri:
        return None
    end = match.end()
    path_end = uri.find("?", end)
    if path_end < 0:
        path_end = len(uri)
    elif path_end == len(uri) - 1:
        return None
    if uri.find(";", end, path_end) >= 0:  # urllib splits off ";params"
        return None
    default = ":443" if uri[4] == "s" else ":80"
    port = match.group(1)
    if port is None:
        return end, -1, default
    if not 0 < int(port) <= 65535:  # urllib rejects >65535; upstream treats 0 as no port
        return None
    return end, match.start(1) - 1, default


def _other_port(uri: str, end: int, colon: int, default: str) -> str:
    """The URL with its default port added, or with its port removed (as upstream)."""
    if colon < 0:
        return uri[:end] + default + uri[end:]
    return uri[:colon] + uri[end:]


def _url_variants(uri: str) -> tuple[str, str] | None:
    """(URL as normalised, same URL with its port toggled), or None if unusable."""
    split = _fast_split(uri)
    if split is None:
        return _url_variants_slow(uri)
    return uri, _other_port(uri, *split)


def _body_hash_param(uri: str, plain: bool = False) -> str | None:
    """The first non-empty ``bodySHA256`` query value, as ``urllib.parse.parse_qs`` reads it.

    Only meaningful for a URL ``urllib.parse`` accepts (the caller checks that first).
    *plain* says :func:`_fast_split` accepted the URL (no fragment, tab or newline).
    """
    query_at = uri.find("?")
    if query_at < 0:
        return None
    if (
        uri.find("%", query_at) >= 0
        or uri.find("+", query_at) >= 0
        or not plain
        and ("#" in uri or "\t" in uri or "\n" in uri or "\r" in uri)
    ):
        # Escapes, fragments or characters urllib strips: use the exact parser.
        from urllib.parse import parse_qs, urlparse

        try:
            values = parse_qs(urlparse(uri).query).get("bodySHA256")
        except ValueError:
            return None
        return values[0] if values else None
    at = uri.find("bodySHA256=", query_at)
    while at >= 0:
        value_at = at + 11
        if uri[at - 1] in "?&":  # a whole parameter name, not a suffix of one
            stop = uri.find("&", value_at)
            value = uri[value_at:] if stop < 0 else uri[value_at:stop]
            if value:  # parse_qs skips blank values
                return value
        at = uri.find("bodySHA256=", value_at)
    return None


class RequestValidator:
    """Checks ``X-Twilio-Signature`` headers; equal in results to the official library's.

    ``RequestValidator(token)`` for one auth token; ``RequestValidator(primary,
    secondary)`` (or a list) accepts either during token rotation, and signs with
    the first. Tokens are kept only as precomputed HMAC states: neither ``repr``
    nor any attribute holds them.

    :meth:`validate` never raises: any malformed input gives False. :meth:`check`
    says why a request failed, for logs.
    """

    __slots__ = ("_keys", "_sha1", "_count")

    def __init__(self, auth_token: str | bytes | Iterable[str | bytes], *more_tokens: str | bytes):
        """Build a validator for one or more auth tokens (str or bytes, non-empty)."""
        if isinstance(auth_token, (str, bytes, bytearray, memoryview)):
            tokens = [auth_token, *more_tokens]
        elif isinstance(auth_token, (list, tuple)):
            tokens = [*auth_token, *more_tokens]
        else:
            raise TypeError(
                f"auth token must be str, bytes or a list of them, not {type(auth_token).__name__}"
            )
        if not tokens:
            raise ValueError("at least one auth token is needed")
        keys = [_coerce_token(token) for token in tokens]
        # algorithm -> one (inner, outer) pair per token, primary first
        self._keys: dict[str, tuple[_Pads, ...]] = {
            name: tuple(_pads(key, new) for key in keys) for name, new in _HASHES.items()
        }
        self._sha1 = self._keys[HMAC_SHA1]  # the default, one lookup less per call
        self._count = len(keys)

    def __repr__(self) -> str:
        return f"<RequestValidator tokens={self._count}>"

    def __reduce__(self) -> Any:
        # Pickling would have to write the key material out; refuse instead.
        raise TypeError("RequestValidator cannot be pickled (it holds secret key material)")

    def __copy__(self) -> RequestValidator:
        return self  # immutable: a copy may share the key states

    def __deepcopy__(self, memo: dict[int, Any]) -> RequestValidator:
        return self

    def _pads_for(self, algorithm: object) -> tuple[_Pads, ...] | None:
        if algorithm is None:
            return self._keys[HMAC_SHA1]
        if not isinstance(algorithm, str):
            return None
        return self._keys.get(algorithm.upper())

    def compute_signature(self, uri: str, params: Params = None, algorithm: str | None = None) -> str:
        """Return the signature Twilio would send for *uri* and form *params*.

        Signs with the first token, over *uri* exactly as given. *params* is a dict,
        a multi-value mapping or a list of pairs; None or empty for no parameters
        (a JSON webhook: sign its URL, which carries ``bodySHA256``). Raises
        :class:`TypeError` / :class:`ValueError` naming the problem on bad input.
        """
        pads = self._pads_for(algorithm)
        if pads is None:
            raise ValueError(f"unsupported signature algorithm {algorithm!r}; use HMAC_SHA1 or HMAC_SHA256")
        if not isinstance(uri, str):
            raise TypeError(f"uri must be str, not {type(uri).__name__}")
        if params is None or (isinstance(params, _BODY_TYPES) and not params):
            data = uri
        elif isinstance(params, _BODY_TYPES):
            raise TypeError(
                "compute_signature takes form parameters; for a JSON body sign the URL "
                "(with its bodySHA256 query parameter) and pass params=None"
            )
        else:
            data = uri + _param_string(params)
        return _mac_b64(pads[0], data.encode("utf-8")).decode("ascii")

    @staticmethod
    def compute_hash(body: str | bytes) -> str:
        """Hex SHA-256 of a raw body: the value of the ``bodySHA256`` query parameter."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        return hashlib.sha256(body).hexdigest()

    def validate(
        self, uri: str, params: Params, signature: str | None, algorithm: str | None = None
    ) -> bool:
        """True if *signature* is Twilio's for *uri* and *params*; never raises.

        *params* is the form parameters (dict, multi-value mapping, list of pairs),
        or the raw body (str or bytes) of a JSON webhook whose URL carries
        ``bodySHA256``. *algorithm* is None/``HMAC_SHA1`` unless the request came
        with ``X-Twilio-Webhooks-Signature-Settings`` (see :func:`signature_algorithm`).
        """
        try:
            return self._check(uri, params, signature, algorithm) is VALID
        except Exception:  # noqa: BLE001 - odd objects (bad __eq__, getlist ...) fail closed
            return False

    def check(
        self, uri: str, params: Params, signature: str | None, algorithm: str | None = None
    ) -> str:
        """Like :meth:`validate`, but return :data:`VALID` or the reason for failing.

        The reasons are the module constants (``SIGNATURE_MISMATCH``,
        ``BODY_HASH_MISMATCH`` ...); none of them holds input data or secrets.
        """
        try:
            return self._check(uri, params, signature, algorithm)
        except Exception:  # noqa: BLE001 - odd objects (bad __eq__, getlist ...) fail closed
            return MALFORMED_INPUT

    def _check(self, uri: Any, params: Any, signature: Any, algorithm: Any) -> str:
        pads = self._sha1 if algorithm is None else self._pads_for(algorithm)
        if pads is None:
            return UNSUPPORTED_ALGORITHM
        if isinstance(signature, (bytes, bytearray)):
            signature = bytes(signature)
            if not signature.isascii():
                return SIGNATURE_MISMATCH
        elif isinstance(signature, str):
            if not signature.isascii():  # base64 is ASCII; also keeps compare_digest from raising
                return SIGNATURE_MISMATCH
            signature = signature.encode("ascii")
        elif signature is None:
            return MISSING_SIGNATURE
        else:
            return MALFORMED_INPUT
        if not signature:
            return MISSING_SIGNATURE
        if not isinstance(uri, str):
            return MALFORMED_INPUT

        # The URL first: one urllib rejects fails here, before the body is looked at.
        split = _fast_split(uri)
        if split is None:
            variants = _url_variants_slow(uri)
            if variants is None:
                return MALFORMED_INPUT
            first, second = variants
        else:
            first, second = uri, None
        body_ok = True
        if params is None:
            tail = ""
        elif isinstance(params, _BODY_TYPES):
            tail = ""
            expected = _body_hash_param(uri, split is not None)
            if expected is not None:  # even an empty body must hash to it, as upstream
                body = params.encode("utf-8") if isinstance(params, str) else bytes(params)
                actual = hashlib.sha256(body).hexdigest()
                body_ok = expected.isascii() and hmac.compare_digest(actual, expected)
            elif params:
                return MISSING_BODY_HASH
            # else: an empty body and no bodySHA256: the URL alone is signed
        else:
            tail = _param_string(params)

        data = (first + tail).encode("utf-8")
        for key in pads:
            if hmac.compare_digest(_mac_b64(key, data), signature):
                return VALID if body_ok else BODY_HASH_MISMATCH
        # Twilio signed the other port form: a genuine request rarely gets here.
        if second is None:
            second = _other_port(uri, *split)  # type: ignore[misc]
        data = (second + tail).encode("utf-8")
        for key in pads:
            if hmac.compare_digest(_mac_b64(key, data), signature):
                return VALID if body_ok else BODY_HASH_MISMATCH
        return SIGNATURE_MISMATCH
