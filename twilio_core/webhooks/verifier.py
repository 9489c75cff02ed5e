"""Framework-neutral webhook checking shared by the Flask, Django and Starlette adapters.

An adapter turns its framework's request into a URL as the app sees it, a header
getter and the form parameters or raw body, and calls :meth:`WebhookVerifier.verify`.
This module decides which URL Twilio signed (an explicit public base URL, trusted
``X-Forwarded-*`` headers, or the request's own URL), which parameters are
signed, why a request fails, and logs that reason on the ``twilio_core.webhooks``
logger. It imports no web framework.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Callable, Mapping, Sequence, Union

from ..errors import ConfigurationError
from ..signature import (
    BODY_HASH_MISMATCH,
    MISSING_BODY_HASH,
    MISSING_SIGNATURE,
    SIGNATURE_HEADER,
    SIGNATURE_MISMATCH,
    SIGNATURE_SETTINGS_HEADER,
    UNSUPPORTED_ALGORITHM,
    VALID,
    RequestValidator,
    signature_algorithm,
)

__all__ = ["WebhookVerifier", "Verdict", "logger", "FORM_CONTENT_TYPE", "FORM_TYPES"]

logger = logging.getLogger("twilio_core.webhooks")

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
#: Form bodies whose parsed fields are signed (Twilio sends the first; a parsed
#: multipart form is signed the same way).
FORM_TYPES = (FORM_CONTENT_TYPE, "multipart/form-data")
TOKEN_ENV = "TWILIO_AUTH_TOKEN"

Tokens = Union[str, bytes, Sequence[Union[str, bytes]], RequestValidator]
HeaderGetter = Callable[[str], Union[str, None]]


class Verdict:
    """The outcome of checking one request: ``ok``, the HTTP ``status`` to answer when
    not ok, and a ``reason`` for the log (never a token, signature or body)."""

    __slots__ = ("ok", "status", "reason")

    def __init__(self, ok: bool, status: int = 200, reason: str = "valid") -> None:
        self.ok = ok
        self.status = status
        self.reason = reason

    def __repr__(self) -> str:
        return f"Verdict(ok={self.ok}, status={self.status}, reason={self.reason!r})"


_OK = Verdict(True)


def _first(value: str | None) -> str | None:
    """The first entry of a comma-separated proxy header (the client-facing proxy's)."""
    if not value:
        return None
    first = value.split(",", 1)[0].strip()
    return first or None


def _forwarded_element(value: str | None) -> dict[str, str]:
    """The first element of an RFC 7239 ``Forwarded`` header as {parameter: value}.

    ``for=192.0.2.60;proto=https;host="hooks.example.com"`` -> {"for": ..., "proto":
    "https", "host": "hooks.example.com"}. The first element is the one the
    client-facing proxy added.
    """
    if not value:
        return {}
    out: dict[str, str] = {}
    first = value.split(",", 1)[0]
    for pair in first.split(";"):
        name, sep, raw = pair.strip().partition("=")
        if not sep or not name:
            continue
        raw = raw.strip()
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            raw = raw[1:-1].replace('\\"', '"')
        out[name.strip().lower()] = raw
    return out


def split_origin(url: str) -> tuple[str, str, str]:
    """(scheme, host[:port], path?query) of an absolute URL; path defaults to "/"."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "", "", url
    cut = len(rest)
    for mark in "/?":
        at = rest.find(mark)
        if 0 <= at < cut:
            cut = at
    return scheme, rest[:cut], rest[cut:] or "/"


def _origin(url: str) -> str:
    scheme, host, _ = split_origin(url)
    return f"{scheme}://{host}"


def _add_port(host: str, port: str | None, scheme: str) -> str:
    if not port or ":" in host.rpartition("]")[2]:
        return host
    if (scheme, port) in (("https", "443"), ("http", "80")):
        return host
    return f"{host}:{port}"


class WebhookVerifier:
    """Everything the framework adapters share; usable directly for other frameworks.

    :param auth_token: the auth token, several (rotation), or a ready
        :class:`~twilio_core.signature.RequestValidator`. None reads the
        ``TWILIO_AUTH_TOKEN`` environment variable (or the adapter's config
        lookup) on the first request.
    :param public_base_url: ``https://public.example.com[/prefix]`` the webhook URL
        Twilio calls starts with, when the app runs behind a proxy or tunnel. The
        request's path and query are appended to it.
    :param trust_forwarded_headers: take the scheme and host from
        ``X-Forwarded-Proto`` / ``X-Forwarded-Host`` / ``X-Forwarded-Port``, or,
        when none of those is present, from the standard ``Forwarded`` header
        (RFC 7239: ``proto=`` and ``host=`` of its first element). Only for apps
        whose proxy sets (and overwrites) them: anyone can send them.
    :param shared_key_secret: the SharedKey secret, for webhooks that a Webhooks
        Setting signs (they carry ``X-Twilio-Webhooks-Signature-Settings``).
    """

    def __init__(
        self,
        auth_token: Tokens | None = None,
        *,
        public_base_url: str | None = None,
        trust_forwarded_headers: bool = False,
        shared_key_secret: str | bytes | Sequence[str | bytes] | None = None,
        token_lookup: Callable[[], Any] | None = None,
    ) -> None:
        if public_base_url is not None and trust_forwarded_headers:
            raise ConfigurationError(
                "give either public_base_url or trust_forwarded_headers=True, not both"
            )
        self.public_base_url = _check_base_url(public_base_url) if public_base_url else None
        self.trust_forwarded_headers = bool(trust_forwarded_headers)
        self._validator = _as_validator(auth_token) if auth_token is not None else None
        self._shared = _as_validator(shared_key_secret) if shared_key_secret is not None else None
        self._token_lookup = token_lookup

    def __repr__(self) -> str:
        return (
            f"<WebhookVerifier public_base_url={self.public_base_url!r} "
            f"trust_forwarded_headers={self.trust_forwarded_headers} "
            f"shared_key={'yes' if self._shared else 'no'}>"
        )

    # --- configuration ----------------------------------------------------------------

    def validator(self) -> RequestValidator | None:
        """The auth-token validator, resolved from config or the environment on first use."""
        if self._validator is None:
            token = self._token_lookup() if self._token_lookup else None
            token = token or os.environ.get(TOKEN_ENV)
            if token:
                self._validator = _as_validator(token)  # a benign race: same result
        return self._validator

    # --- the URL Twilio signed --------------------------------------------------------

    def effective_url(self, seen_url: str, header: HeaderGetter) -> str:
        """The URL Twilio requested, from the URL the app saw and the configuration."""
        _, _, path_query = split_origin(seen_url)
        if self.public_base_url is not None:
            return self.public_base_url + path_query
        if self.trust_forwarded_headers:
            return self._forwarded_url(seen_url, header) or seen_url
        return seen_url

    @staticmethod
    def _forwarded_url(seen_url: str, header: HeaderGetter) -> str | None:
        proto = (_first(header("X-Forwarded-Proto")) or "").lower()
        host = _first(header("X-Forwarded-Host"))
        port = _first(header("X-Forwarded-Port"))
        if not (proto or host or port):
            standard = _forwarded_element(header("Forwarded"))
            proto = standard.get("proto", "").lower()
            host = standard.get("host") or None
            if not (proto or host):
                return None
        scheme, seen_host, path_query = split_origin(seen_url)
        scheme = proto if proto in ("http", "https") else scheme
        if host is None:
            host = seen_host.rpartition(":")[0] if port and ":" in seen_host else seen_host
        host = _add_port(host, port, scheme)
        return f"{scheme}://{host}{path_query}"

    # --- the check ----------------------------------------------------------------------

    def verify(
        self,
        *,
        url: str,
        header: HeaderGetter,
        content_type: str | None = None,
        form: Any = None,
        body: bytes | str | None = None,
    ) -> Verdict:
        """Check one request. Never raises on request data.

        :param url: the absolute URL as the app saw it (raw path and query).
        :param header: case-insensitive header getter, returning None when absent.
        :param content_type: the media type without parameters, lower case.
        :param form: parsed form parameters (a multi-value mapping or list of pairs)
            for a form-encoded body; if None they are parsed from *body*.
        :param body: the raw body (bytes), needed for JSON webhooks.
        """
        signature = header(SIGNATURE_HEADER)
        if not signature:
            return Verdict(False, 403, f"missing {SIGNATURE_HEADER} header")
        settings = header(SIGNATURE_SETTINGS_HEADER)
        if settings:
            validator = self._shared
            algorithm: str | None = signature_algorithm(settings)
            if validator is None:
                return Verdict(
                    False,
                    403,
                    f"request signed with a Webhooks SharedKey ({SIGNATURE_SETTINGS_HEADER}) "
                    "but no shared_key_secret is configured",
                )
        else:
            validator = self.validator()
            algorithm = None
            if validator is None:
                return Verdict(False, 500, f"no auth token configured (set {TOKEN_ENV})")

        try:
            params = _signed_params(content_type, form, body)
        except (UnicodeDecodeError, ValueError, TypeError):
            return Verdict(False, 403, "malformed form body")
        target = self.effective_url(url, header)
        outcome = validator.check(target, params, signature, algorithm)
        if outcome is VALID:
            return _OK
        if outcome == SIGNATURE_MISMATCH:
            return Verdict(False, 403, self._mismatch_reason(validator, url, target, header, params, signature, algorithm))
        if outcome == BODY_HASH_MISMATCH:
            return Verdict(False, 403, "body hash mismatch: the raw body does not hash to the bodySHA256 in the URL")
        if outcome == MISSING_BODY_HASH:
            return Verdict(False, 403, f"{content_type or 'non-form'} body but the URL has no bodySHA256 parameter")
        if outcome == MISSING_SIGNATURE:
            return Verdict(False, 403, f"missing {SIGNATURE_HEADER} header")
        if outcome == UNSUPPORTED_ALGORITHM:
            return Verdict(False, 403, f"unsupported signature algorithm in {SIGNATURE_SETTINGS_HEADER}")
        return Verdict(False, 403, f"malformed request ({outcome})")

    def _mismatch_reason(
        self,
        validator: RequestValidator,
        seen_url: str,
        target: str,
        header: HeaderGetter,
        params: Any,
        signature: str,
        algorithm: str | None,
    ) -> str:
        """Explain a mismatch; find out whether only the scheme, host or port is off.

        Only called on failure, so trying a few URLs costs nothing on the good path.
        The alternatives are never accepted, only reported.
        """
        candidates: list[str | None] = [seen_url, self._forwarded_url(seen_url, header)]
        for base in (target, seen_url):
            scheme, host, rest = split_origin(base)
            other = {"https": "http", "http": "https"}.get(scheme)
            if other:
                candidates.append(f"{other}://{host}{rest}")
        tried = {target}
        for url in candidates:
            if url is None or url in tried:
                continue
            tried.add(url)
            if validator.check(url, params, signature, algorithm) is VALID:
                return (
                    f"signature mismatch: it is valid for {_origin(url)} but the app checked "
                    f"{_origin(target)}; only scheme/host/port differ, so set public_base_url"
                    + ("" if self.trust_forwarded_headers else " or trust_forwarded_headers=True")
                )
        return "signature mismatch (wrong auth token, URL or parameters)"

    def log_rejection(self, verdict: Verdict, method: str, url: str) -> None:
        """Log why a request was refused (path only: queries may hold personal data)."""
        _, _, path_query = split_origin(url)
        path = path_query.split("?", 1)[0]
        level = logging.ERROR if verdict.status >= 500 else logging.WARNING
        logger.log(level, "Rejected Twilio webhook %s %s: %s", method, path, verdict.reason)


def _signed_params(content_type: str | None, form: Any, body: bytes | str | None) -> Any:
    """What Twilio signed besides the URL: the form parameters, the raw body, or nothing.

    Nothing (no form field, no body) is returned as an empty body, not as no parameters:
    the URL alone is then checked, and a ``bodySHA256`` in it must still match, so a JSON
    webhook's URL and signature replayed with an empty body (of any type) fail.
    """
    if content_type in FORM_TYPES and form is not None:
        return form if len(form) else b""
    if content_type == FORM_CONTENT_TYPE:
        if not body:
            return b""
        from urllib.parse import parse_qsl

        text = body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else body
        # Blank values are signed too (Twilio sends e.g. "FromCity=").
        return parse_qsl(text, keep_blank_values=True, errors="strict") or b""
    if body:
        return body  # JSON and other bodies: checked through bodySHA256
    return b""  # GET, or an empty POST: the URL alone (and any bodySHA256 in it)


def _check_base_url(url: object) -> str:
    if not isinstance(url, str):
        raise ConfigurationError(f"public_base_url must be a str, not {type(url).__name__}")
    scheme, host, rest = split_origin(url.rstrip("/"))
    if scheme not in ("http", "https") or not host or "?" in rest or "#" in rest:
        raise ConfigurationError(
            f"public_base_url must look like https://host[:port][/prefix], got {url!r}"
        )
    return url.rstrip("/")


def _as_validator(tokens: Any) -> RequestValidator:
    if isinstance(tokens, RequestValidator):
        return tokens
    return RequestValidator(tokens)


def header_getter(headers: Mapping[str, str]) -> HeaderGetter:
    """A case-insensitive getter over a plain mapping of headers."""
    lowered = {name.lower(): value for name, value in headers.items()}
    return lambda name: lowered.get(name.lower())
