"""Access tokens for Twilio's client SDKs (Video, Voice, Conversations/Chat, Sync, TaskRouter, Live)."""

from __future__ import annotations

from typing import Any, Iterable

from .._base import Jwt
from ..errors import JwtConfigError

__all__ = ["AccessToken", "AccessTokenGrant"]


class AccessTokenGrant:
    """A grant: permission to use one Twilio product, carried in the token's ``grants`` claim.

    Subclasses set :attr:`key` (the claim name, e.g. ``"video"``) and
    implement :meth:`to_payload`.
    """

    @property
    def key(self) -> str:
        """The grant's name in the ``grants`` claim."""
        raise NotImplementedError("an AccessTokenGrant subclass must define key")

    def to_payload(self) -> Any:
        """The grant's JSON value."""
        raise NotImplementedError("an AccessTokenGrant subclass must implement to_payload()")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_payload()!r}>"

    __str__ = __repr__


def _check_grant(grant: object) -> None:
    if not isinstance(grant, AccessTokenGrant):
        raise JwtConfigError(f"grants must be AccessTokenGrant instances, got {type(grant).__name__}")


class AccessToken(Jwt):
    """An access token (HS256, ``cty: twilio-fpa;v=1``) signed with an API key's secret.

    ``account_sid`` (AC...) becomes ``sub``; ``signing_key_sid`` (the API key,
    SK...) becomes ``iss`` and, with the issue time, ``jti``. ``identity`` goes
    into ``grants.identity``; ``region`` adds the ``twr`` header. ``ttl``
    defaults to 3600 s; ``nbf`` defaults to the issue time.
    """

    ALGORITHM = "HS256"
    CONTENT_TYPE = "twilio-fpa;v=1"

    def __init__(
        self,
        account_sid: str,
        signing_key_sid: str,
        secret: str | bytes,
        grants: Iterable[AccessTokenGrant] | None = None,
        identity: str | None = None,
        nbf: Any = Jwt.GENERATE,
        ttl: int = 3600,
        valid_until: int | None = None,
        region: str | None = None,
    ) -> None:
        grant_list = list(grants) if grants else []
        for grant in grant_list:
            _check_grant(grant)
        for name, value in (("account_sid", account_sid), ("signing_key_sid", signing_key_sid)):
            if not isinstance(value, str) or not value:
                raise JwtConfigError(f"AccessToken {name} must be a non-empty string, got {type(value).__name__}")
        self.account_sid = account_sid
        self.signing_key_sid = signing_key_sid
        self.identity = identity
        self.region = region
        self.grants = grant_list
        super().__init__(
            secret_key=secret,
            issuer=signing_key_sid,
            subject=account_sid,
            algorithm=self.ALGORITHM,
            nbf=nbf,
            ttl=ttl,
            valid_until=valid_until,
        )

    def add_grant(self, grant: AccessTokenGrant) -> None:
        """Add a grant (a later grant with the same key replaces an earlier one in the claims)."""
        _check_grant(grant)
        self.grants.append(grant)

    def _generate_headers(self) -> dict[str, Any]:
        region = self.region
        if region and isinstance(region, str):
            return {"cty": "twilio-fpa;v=1", "twr": region}
        return {"cty": "twilio-fpa;v=1"}

    def _claims(self, now: int) -> dict[str, Any]:
        grants = {grant.key: grant.to_payload() for grant in self.grants}
        if self.identity:
            grants["identity"] = self.identity
        return {"jti": f"{self.signing_key_sid}-{now}", "grants": grants}

    def _generate_payload(self) -> dict[str, Any]:
        import time

        return self._claims(int(time.time()))

    def _repr_fields(self) -> str:
        keys = [grant.key for grant in self.grants]
        return f"account_sid={self.account_sid!r} signing_key_sid={self.signing_key_sid!r} identity={self.identity!r} grants={keys!r}"
