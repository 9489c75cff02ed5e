"""Capability tokens for the legacy Twilio Client JS SDK (``scope`` claim of scope URIs)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from .._base import Jwt

__all__ = ["ClientCapabilityToken", "ScopeURI"]


class ScopeURI:
    """One capability: ``scope:<service>:<privilege>?<sorted, form-encoded params>``."""

    def __init__(self, service: str, privilege: str, params: dict[str, Any] | None = None) -> None:
        self.service = service
        self.privilege = privilege
        self.params: dict[str, Any] = dict(params) if params else {}

    def add_param(self, key: str, value: Any) -> None:
        """Add (or replace) one parameter."""
        self.params[key] = value

    def to_payload(self, extra: dict[str, Any] | None = None) -> str:
        """The scope URI string; ``extra`` params are included without being stored."""
        params = {**self.params, **extra} if extra else self.params
        query = f"?{urlencode(sorted(params.items()))}" if params else ""
        return f"scope:{self.service}:{self.privilege}{query}"

    def __repr__(self) -> str:
        return f"<ScopeURI {self.to_payload()}>"

    __str__ = __repr__


class ClientCapabilityToken(Jwt):
    """A capability token (HS256) signed with the account's auth token.

    Grant capabilities with :meth:`allow_client_outgoing`,
    :meth:`allow_client_incoming` and :meth:`allow_event_stream`, or pass them
    as keyword arguments holding each method's arguments as a dict, e.g.
    ``allow_client_incoming={"client_name": "alice"}``.
    """

    ALGORITHM = "HS256"

    def __init__(
        self,
        account_sid: str,
        auth_token: str | bytes,
        nbf: Any = Jwt.GENERATE,
        ttl: int = 3600,
        valid_until: int | None = None,
        **kwargs: Any,
    ) -> None:
        # The official library ignores valid_until here; it is honoured (an explicit expiry wins over ttl).
        super().__init__(
            secret_key=auth_token,
            issuer=account_sid,
            algorithm=self.ALGORITHM,
            nbf=nbf,
            ttl=ttl,
            valid_until=valid_until,
        )
        self.account_sid = account_sid
        self.client_name: str | None = None
        self.capabilities: dict[str, ScopeURI] = {}
        if "allow_client_outgoing" in kwargs:
            self.allow_client_outgoing(**kwargs["allow_client_outgoing"])
        if "allow_client_incoming" in kwargs:
            self.allow_client_incoming(**kwargs["allow_client_incoming"])
        if "allow_event_stream" in kwargs:
            self.allow_event_stream(**kwargs["allow_event_stream"])

    @property
    def auth_token(self) -> Any:
        """The signing secret (same object as :attr:`secret_key`)."""
        return self.secret_key

    def allow_client_outgoing(self, application_sid: str, **kwargs: Any) -> None:
        """Allow outgoing calls to the TwiML application; keyword arguments are passed to it as ``appParams``."""
        scope = ScopeURI("client", "outgoing", {"appSid": application_sid})
        if kwargs:
            scope.add_param("appParams", urlencode(kwargs, doseq=True))
        self.capabilities["outgoing"] = scope

    def allow_client_incoming(self, client_name: str) -> None:
        """Allow incoming calls to the client named ``client_name``."""
        self.client_name = client_name
        self.capabilities["incoming"] = ScopeURI("client", "incoming", {"clientName": client_name})

    def allow_event_stream(self, **kwargs: Any) -> None:
        """Allow subscribing to the account's event stream; keyword arguments become filter ``params``."""
        scope = ScopeURI("stream", "subscribe", {"path": "/2010-04-01/Events"})
        if kwargs:
            scope.add_param("params", urlencode(kwargs, doseq=True))
        self.capabilities["events"] = scope

    def _generate_payload(self) -> dict[str, Any]:
        # An incoming client name is also sent with outgoing calls (clientName), as Twilio expects.
        with_name = {"clientName": self.client_name} if self.client_name is not None else None
        scopes = [
            scope.to_payload(with_name if name == "outgoing" else None) for name, scope in self.capabilities.items()
        ]
        return {"scope": " ".join(scopes)}

    def _repr_fields(self) -> str:
        return f"account_sid={self.account_sid!r} capabilities={list(self.capabilities)!r}"
