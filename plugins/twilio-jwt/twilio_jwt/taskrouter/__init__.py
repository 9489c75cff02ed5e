"""TaskRouter capability tokens: the base class shared by worker, workspace and task-queue tokens."""

from __future__ import annotations

from typing import Any

from .._base import Jwt
from ..errors import JwtConfigError, shown_sid

__all__ = ["TaskRouterCapabilityToken"]


class TaskRouterCapabilityToken(Jwt):
    """A TaskRouter capability token (HS256) signed with the account's auth token.

    Its ``policies`` claim lists the REST and event-bridge URLs the holder may
    call. The default policies are the official library's; keyword arguments
    switch them on or off (``allow_web_sockets`` and ``allow_fetch_self``
    default to true, ``allow_update_self``, ``allow_delete_self``,
    ``allow_fetch_subresources``, ``allow_update_subresources`` and
    ``allow_delete_subresources`` to false). :meth:`add_policy` adds a custom one.
    ``nbf``, ``ttl`` (3600) and ``valid_until`` may be passed as keywords too.
    """

    VERSION = "v1"
    DOMAIN = "https://taskrouter.twilio.com"
    EVENTS_BASE_URL = "https://event-bridge.twilio.com/v1/wschannels"
    ALGORITHM = "HS256"
    #: Prefix ``channel_id`` must have (set by each concrete token type).
    CHANNEL_PREFIX = ""

    def __init__(self, account_sid: str, auth_token: str | bytes, workspace_sid: str, channel_id: str, **kwargs: Any) -> None:
        super().__init__(
            secret_key=auth_token,
            issuer=account_sid,
            algorithm=self.ALGORITHM,
            nbf=kwargs.get("nbf", Jwt.GENERATE),
            ttl=kwargs.get("ttl", 3600),
            valid_until=kwargs.get("valid_until"),
        )
        self._validate_inputs(account_sid, workspace_sid, channel_id)
        self.account_sid = account_sid
        self.workspace_sid = workspace_sid
        self.channel_id = channel_id
        self.policies: list[dict[str, Any]] = []

        if kwargs.get("allow_web_sockets", True):
            self.allow_web_sockets()
        if kwargs.get("allow_fetch_self", True):
            self.allow_fetch_self()
        if kwargs.get("allow_update_self", False):
            self.allow_update_self()
        if kwargs.get("allow_delete_self", False):
            self.allow_delete_self()
        if kwargs.get("allow_fetch_subresources", False):
            self.allow_fetch_subresources()
        if kwargs.get("allow_delete_subresources", False):
            self.allow_delete_subresources()
        if kwargs.get("allow_update_subresources", False):
            self.allow_update_subresources()

    @property
    def auth_token(self) -> Any:
        """The signing secret (same object as :attr:`secret_key`)."""
        return self.secret_key

    @property
    def channel_prefix(self) -> str:
        """The SID prefix of this token type's channel (``WK``, ``WQ`` or ``WS``)."""
        if not self.CHANNEL_PREFIX:
            raise NotImplementedError("a TaskRouterCapabilityToken subclass must set CHANNEL_PREFIX")
        return self.CHANNEL_PREFIX

    @property
    def workspace_url(self) -> str:
        """REST URL of the workspace."""
        return f"{self.DOMAIN}/{self.VERSION}/Workspaces/{self.workspace_sid}"

    @property
    def resource_url(self) -> str:
        """REST URL of the resource the token is for (set by each concrete token type)."""
        raise NotImplementedError("a TaskRouterCapabilityToken subclass must define resource_url")

    # -- policies --------------------------------------------------------------

    def add_policy(
        self,
        url: str,
        method: str,
        allowed: bool = True,
        query_filter: dict[str, Any] | None = None,
        post_filter: dict[str, Any] | None = None,
    ) -> None:
        """Add a custom policy: may (``allowed``) the holder call ``method`` on ``url``.

        ``url`` may end in ``/**`` to cover sub-resources; the filters restrict
        which query or form parameters the call may carry (e.g.
        ``{"ActivitySid": {"required": True}}``).
        """
        if not isinstance(url, str) or not url:
            raise JwtConfigError("a TaskRouter policy needs a non-empty url")
        if not isinstance(method, str) or not method:
            raise JwtConfigError("a TaskRouter policy needs an HTTP method")
        self.policies.append(
            {
                "url": url,
                "method": method.upper(),
                "allow": allowed,
                "query_filter": query_filter or {},
                "post_filter": post_filter or {},
            }
        )

    # The official library's (private) name for the same thing, for code that migrates.
    _make_policy = add_policy

    def allow_fetch_self(self) -> None:
        """GET the token's own resource."""
        self.add_policy(self.resource_url, "GET", True)

    def allow_update_self(self) -> None:
        """POST to the token's own resource."""
        self.add_policy(self.resource_url, "POST", True)

    def allow_delete_self(self) -> None:
        """DELETE the token's own resource."""
        self.add_policy(self.resource_url, "DELETE", True)

    def allow_fetch_subresources(self) -> None:
        """GET anything below the token's resource."""
        self.add_policy(self.resource_url + "/**", "GET", True)

    def allow_update_subresources(self) -> None:
        """POST to anything below the token's resource."""
        self.add_policy(self.resource_url + "/**", "POST", True)

    def allow_delete_subresources(self) -> None:
        """DELETE anything below the token's resource."""
        self.add_policy(self.resource_url + "/**", "DELETE", True)

    def allow_web_sockets(self, channel_id: str | None = None) -> None:
        """Connect (GET and POST) to the event-bridge websocket of ``channel_id`` (default: this token's)."""
        url = f"{self.EVENTS_BASE_URL}/{self.account_sid}/{channel_id or self.channel_id}"
        self.add_policy(url, "GET", True)
        self.add_policy(url, "POST", True)

    # -- claims ------------------------------------------------------------------

    def _generate_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "account_sid": self.account_sid,
            "workspace_sid": self.workspace_sid,
            "channel": self.channel_id,
            "version": self.VERSION,
            "friendly_name": self.channel_id,
            "policies": [dict(policy) for policy in self.policies],
        }
        if self.channel_id.startswith("WK"):
            payload["worker_sid"] = self.channel_id
        elif self.channel_id.startswith("WQ"):
            payload["taskqueue_sid"] = self.channel_id
        return payload

    def _validate_inputs(self, account_sid: str, workspace_sid: str, channel_id: str) -> None:
        for name, value, prefix in (
            ("account sid", account_sid, "AC"),
            ("workspace sid", workspace_sid, "WS"),
            ("channel id", channel_id, self.channel_prefix),
        ):
            if not isinstance(value, str) or not value.startswith(prefix):
                raise JwtConfigError(f"Invalid {name} provided ({shown_sid(value)}): it must start with {prefix!r}")

    def _repr_fields(self) -> str:
        return f"account_sid={self.account_sid!r} workspace_sid={self.workspace_sid!r} channel_id={self.channel_id!r} policies={len(self.policies)}"
