"""Client configuration: credentials, environment defaults, regions and edges, hosts.

Everything here is resolved and validated once, when a client is built, and is
immutable afterwards. Nothing in this module does I/O or imports a third-party
package.
"""

from __future__ import annotations

import os
from types import MappingProxyType
# typing is not imported at run time: it (and re) would double `import twilio_core`.
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, Mapping

from .errors import ConfigurationError, CredentialsError
from .http import DEFAULT_TIMEOUT, Timeout

if TYPE_CHECKING:  # pragma: no cover
    from .middleware.retry import RetryPolicy

__all__ = ["Credentials", "ClientConfig", "ENV_VARS", "twilio_host"]

#: Environment variables the client reads, and what for.
ENV_VARS = {
    "TWILIO_ACCOUNT_SID": "account SID (AC...), also the username with an auth token",
    "TWILIO_AUTH_TOKEN": "auth token for the account SID",
    "TWILIO_API_KEY": "API key SID (SK...), used instead of the auth token when set with its secret",
    "TWILIO_API_SECRET": "secret of the API key",
    "TWILIO_REGION": "region such as au1, ie1, us1",
    "TWILIO_EDGE": "edge location such as sydney, dublin, ashburn",
    "TWILIO_TRANSPORT": "name of a registered transport to use instead of urllib3",
    "TWILIO_BASE_URL": "send every request to this origin instead of Twilio (a local sandbox, a test double)",
}

_HEX = frozenset("0123456789abcdefABCDEF")
_CRED_HINT = (
    "pass Client(account_sid, auth_token) or Client(api_key, api_secret, account_sid), or set "
    "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_ACCOUNT_SID)"
)


def _is_sid(value: object, prefix: str) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 34
        and value.startswith(prefix)
        and all(c in _HEX for c in value[2:])
    )


def _describe(value: object) -> str:
    """Describe a bad identifier without echoing it (it may be a secret passed in the wrong place)."""
    if not isinstance(value, str):
        return f"a {type(value).__name__}"
    return f"a {len(value)}-character value starting {value[:2]!r}"


def _check_secret(value: object, what: str, env_name: str) -> str:
    if not isinstance(value, str):
        raise CredentialsError(f"the {what} must be a string, got {type(value).__name__} (set {env_name} or pass it)")
    if not value:
        raise CredentialsError(f"the {what} is empty: {_CRED_HINT}")
    # A header-breaking character would corrupt the Authorization header; say so without echoing the value.
    if any(not c.isprintable() or c.isspace() for c in value):
        raise CredentialsError(f"the {what} contains whitespace or control characters; check {env_name}")
    return value


class Credentials:
    """Who the client authenticates as.

    ``username`` is the account SID (with an auth token) or an API key SID
    (``SK...``, with its secret); ``account_sid`` is the account requests are
    made for. The password is kept private: it is not in ``repr`` and not an
    attribute of its own.
    """

    __slots__ = ("username", "account_sid", "_password")

    def __init__(self, username: str, password: str, account_sid: str) -> None:
        self.username = username
        self.account_sid = account_sid
        self._password = password

    @property
    def kind(self) -> str:
        """``"api_key"`` or ``"auth_token"``."""
        return "api_key" if self.username.startswith("SK") else "auth_token"

    def basic_auth_header(self) -> str:
        """The ``Authorization`` header value (HTTP Basic)."""
        import binascii

        raw = f"{self.username}:{self._password}".encode()
        return "Basic " + binascii.b2a_base64(raw, newline=False).decode("ascii")

    def secret_values(self) -> tuple[str, ...]:
        """Values that must never appear in output (used by tests and log scrubbing)."""
        return (self._password,)

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, account_sid={self.account_sid!r}, password=<hidden>)"

    @classmethod
    def resolve(
        cls,
        username: str | None,
        password: str | None,
        account_sid: str | None,
        environ: Mapping[str, str],
    ) -> "Credentials":
        """Fill missing values from ``environ`` and validate them.

        Precedence: explicit arguments; then, when no username was given,
        ``TWILIO_API_KEY``/``TWILIO_API_SECRET`` if both are set, else
        ``TWILIO_ACCOUNT_SID``/``TWILIO_AUTH_TOKEN``. ``account_sid`` defaults
        to ``TWILIO_ACCOUNT_SID`` for an API key, to the username otherwise.
        """
        if username is None:
            if environ.get("TWILIO_API_KEY") and environ.get("TWILIO_API_SECRET"):
                username = environ["TWILIO_API_KEY"]
                password = password if password is not None else environ["TWILIO_API_SECRET"]
            else:
                username = environ.get("TWILIO_ACCOUNT_SID") or None
        if username is None:
            raise CredentialsError(f"no Twilio credentials found: {_CRED_HINT}")
        is_key = isinstance(username, str) and username.startswith("SK")
        secret_env = "TWILIO_API_SECRET" if is_key else "TWILIO_AUTH_TOKEN"
        if password is None:
            password = environ.get(secret_env) or None
        if password is None:
            what = "API secret" if is_key else "auth token"
            raise CredentialsError(f"no {what} for {username if _is_sid(username, 'SK') or _is_sid(username, 'AC') else 'the username'}: pass it or set {secret_env}")
        if is_key:
            if not _is_sid(username, "SK"):
                raise CredentialsError(f"API key SID is malformed ({_describe(username)}): expected 'SK' followed by 32 hexadecimal digits")
            account_sid = account_sid or environ.get("TWILIO_ACCOUNT_SID") or None
            if account_sid is None:
                raise CredentialsError(
                    "an API key needs the account SID it belongs to: pass Client(api_key, api_secret, account_sid) "
                    "or set TWILIO_ACCOUNT_SID"
                )
        else:
            if not _is_sid(username, "AC"):
                raise CredentialsError(
                    f"account SID is malformed ({_describe(username)}): expected 'AC' followed by 32 hexadecimal "
                    "digits (or an API key SID 'SK...'); check TWILIO_ACCOUNT_SID or the first argument"
                )
            account_sid = account_sid or username
        if not _is_sid(account_sid, "AC"):
            raise CredentialsError(
                f"account SID is malformed ({_describe(account_sid)}): expected 'AC' followed by 32 hexadecimal digits"
            )
        password = _check_secret(password, "API secret" if is_key else "auth token", secret_env)
        return cls(username, password, account_sid)


def _check_label(value: str | None, what: str, env_name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value.replace("-", "").isalnum() or not value.isascii():
        raise ConfigurationError(f"{what} {value!r} is not a valid host label (letters, digits and '-'); check {env_name}")
    return value.lower()


def twilio_host(domain: str, region: str | None, edge: str | None) -> str:
    """The host for ``domain`` (``api``, ``video``...) with the official region/edge rule.

    ``{domain}.twilio.com`` without either; ``{domain}.{region}.twilio.com``
    with a region only; ``{domain}.{edge}.{region}.twilio.com`` with an edge,
    where an edge without a region means region ``us1``.
    """
    if edge and not region:
        region = "us1"
    return ".".join(p for p in (domain, edge, region, "twilio.com") if p)


class ClientConfig:
    """Everything a client was configured with, resolved and validated. Immutable.

    Plugins receive it in ``twilio_add_middleware``; ``options`` holds the
    ``plugin_options`` mapping passed to the client (read-only).
    """

    credentials: Credentials
    region: str | None
    edge: str | None
    base_url: str | None
    timeout: Timeout
    log_personal_data: bool
    user_agent_extensions: tuple[str, ...]
    options: Mapping[str, Any]
    environ: Mapping[str, str]
    verify: bool
    ca_bundle: str | None
    proxy: str | None
    no_proxy: str | None
    trust_env: bool
    _retry: "RetryPolicy | None | str"
    _host_suffix: str

    __slots__ = (
        "credentials",
        "region",
        "edge",
        "base_url",
        "timeout",
        "_retry",
        "log_personal_data",
        "user_agent_extensions",
        "options",
        "environ",
        "verify",
        "ca_bundle",
        "proxy",
        "no_proxy",
        "trust_env",
        "_host_suffix",
    )

    def __init__(
        self,
        credentials: Credentials,
        *,
        region: str | None = None,
        edge: str | None = None,
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        retry: "RetryPolicy | None | str" = "default",
        log_personal_data: bool = False,
        user_agent_extensions: tuple[str, ...] = (),
        options: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        verify: bool = True,
        ca_bundle: str | None = None,
        proxy: str | None = None,
        no_proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "credentials", credentials)
        set_(self, "region", region)
        set_(self, "edge", edge)
        set_(self, "base_url", base_url)
        set_(self, "timeout", timeout)
        # "default" is resolved on first read: importing the retry module costs Client() ~1 ms.
        set_(self, "_retry", retry)
        set_(self, "log_personal_data", log_personal_data)
        set_(self, "user_agent_extensions", user_agent_extensions)
        set_(self, "options", MappingProxyType(dict(options or {})))
        set_(self, "environ", MappingProxyType(dict(environ if environ is not None else os.environ)))
        set_(self, "verify", verify)
        set_(self, "ca_bundle", ca_bundle)
        set_(self, "proxy", proxy)
        set_(self, "no_proxy", no_proxy)
        set_(self, "trust_env", bool(trust_env))
        # ".sydney.au1.twilio.com": computed once, joined to the domain per request.
        set_(self, "_host_suffix", twilio_host("x", region, edge)[1:])

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"ClientConfig is immutable; build a new client to change {name!r}")

    @property
    def account_sid(self) -> str:
        return self.credentials.account_sid

    @property
    def retry(self) -> "RetryPolicy | None":
        """The retry policy; ``None`` when retries are off."""
        retry = self._retry
        if retry == "default":
            from .middleware.retry import DEFAULT_RETRY

            return DEFAULT_RETRY
        assert not isinstance(retry, str)
        return retry

    def origin(self, domain: str) -> str:
        """``scheme://host[:port]`` (plus any base-URL path prefix) that serves ``domain``."""
        if self.base_url is not None:
            return self.base_url.replace("{domain}", domain)
        return f"https://{domain}{self._host_suffix}"

    def rewrite_url(self, url: str) -> str:
        """Apply region, edge and base URL to an absolute Twilio URL (e.g. a next-page link).

        Only ``*.twilio.com`` URLs (always sent over https) and URLs under the
        client's own ``base_url`` are accepted: anything else would receive the
        client's credentials, so it raises
        :class:`~twilio_core.errors.InvalidParameterError` naming the host.
        """
        scheme_sep = url.find("://")
        if scheme_sep < 0:
            raise ConfigurationError(f"not an absolute URL: {url!r}")
        scheme = url[:scheme_sep].lower()
        rest = url[scheme_sep + 3:]
        cut = len(rest)
        for ch in "/?#":
            pos = rest.find(ch)
            if 0 <= pos < cut:
                cut = pos
        authority, path = rest[:cut], rest[cut:]
        if path.startswith("?"):
            path = "/" + path
        host = authority.lower()
        for default_port in (":443", ":80"):
            if host.endswith(default_port):
                host = host[: -len(default_port)]
        if "@" not in authority and host.endswith(".twilio.com") and scheme in ("http", "https"):
            pieces = host.split(".")
            domain = pieces[0]
            if self.base_url is not None:
                return self.origin(domain) + path
            # Keep a region/edge already in the URL unless the client sets its own (the official rule).
            url_edge = pieces[1] if len(pieces) == 5 else None
            url_region = pieces[2] if len(pieces) == 5 else pieces[1] if len(pieces) == 4 else None
            edge = self.edge or url_edge
            region = self.region or url_region
            return f"https://{twilio_host(domain, region, edge)}{path}"
        if self.base_url is not None:
            base = self.base_url.split("{domain}", 1)[0].rstrip("/")
            if url == base or url.startswith(base + "/") or url.startswith(base + "?"):
                return url
        from .errors import InvalidParameterError

        shown = authority.rpartition("@")[2] or "(no host)"
        raise InvalidParameterError(
            f"refusing to send this client's credentials to {scheme}://{shown}: absolute URLs must be on "
            "*.twilio.com or under the client's base_url"
        )

    def __repr__(self) -> str:
        parts = [f"account_sid={self.account_sid!r}"]
        if self.credentials.kind == "api_key":
            parts.append(f"api_key={self.credentials.username!r}")
        for name in ("region", "edge", "base_url"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}={value!r}")
        return f"ClientConfig({', '.join(parts)})"


def normalise_base_url(value: str | None) -> str | None:
    """Validate a base-URL override (``http://127.0.0.1:8080``, optionally with ``{domain}``)."""
    if value is None:
        return None
    if not isinstance(value, str) or not (value.startswith("http://") or value.startswith("https://")):
        raise ConfigurationError(f"base_url must start with http:// or https://, got {value!r}")
    rest = value.split("://", 1)[1]
    if "@" in rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        # Never echo the value: user info is a credential.
        raise ConfigurationError("base_url must not carry credentials (user:password@); remove them from the URL")
    if not rest or rest.startswith("/") or "?" in value or "#" in value:
        raise ConfigurationError(
            f"base_url must be scheme://host[:port][/prefix] without query, fragment or credentials, got {value!r}"
        )
    return value.rstrip("/")


def resolve_region_edge(region: str | None, edge: str | None, environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    """Explicit region/edge, else ``TWILIO_REGION``/``TWILIO_EDGE``, validated as host labels."""
    region = region if region is not None else environ.get("TWILIO_REGION")
    edge = edge if edge is not None else environ.get("TWILIO_EDGE")
    return (
        _check_label(region, "region", "TWILIO_REGION"),
        _check_label(edge, "edge", "TWILIO_EDGE"),
    )
