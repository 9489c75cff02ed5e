"""The grants an :class:`~twilio_jwt.access_token.AccessToken` can carry.

Constructor arguments and JSON shapes are the official library's; a falsy
argument is left out of the payload.
"""

from __future__ import annotations

from typing import Any

from . import AccessTokenGrant

__all__ = ["ChatGrant", "SyncGrant", "VoiceGrant", "VideoGrant", "TaskRouterGrant", "PlaybackGrant"]


def _present(**fields: Any) -> dict[str, Any]:
    """The given fields whose values are truthy, in argument order."""
    return {name: value for name, value in fields.items() if value}


class ChatGrant(AccessTokenGrant):
    """Conversations / Programmable Chat (claim ``chat``)."""

    key = "chat"

    def __init__(
        self,
        service_sid: str | None = None,
        endpoint_id: str | None = None,
        deployment_role_sid: str | None = None,
        push_credential_sid: str | None = None,
    ) -> None:
        self.service_sid = service_sid
        self.endpoint_id = endpoint_id
        self.deployment_role_sid = deployment_role_sid
        self.push_credential_sid = push_credential_sid

    def to_payload(self) -> dict[str, Any]:
        return _present(
            service_sid=self.service_sid,
            endpoint_id=self.endpoint_id,
            deployment_role_sid=self.deployment_role_sid,
            push_credential_sid=self.push_credential_sid,
        )


class SyncGrant(AccessTokenGrant):
    """Sync (claim ``data_sync``)."""

    key = "data_sync"

    def __init__(self, service_sid: str | None = None, endpoint_id: str | None = None) -> None:
        self.service_sid = service_sid
        self.endpoint_id = endpoint_id

    def to_payload(self) -> dict[str, Any]:
        return _present(service_sid=self.service_sid, endpoint_id=self.endpoint_id)


class VoiceGrant(AccessTokenGrant):
    """Programmable Voice SDKs (claim ``voice``).

    ``incoming_allow=True`` lets the identity receive calls;
    ``outgoing_application_sid`` (with optional ``outgoing_application_params``)
    names the TwiML app outgoing calls run.
    """

    key = "voice"

    def __init__(
        self,
        incoming_allow: bool | None = None,
        outgoing_application_sid: str | None = None,
        outgoing_application_params: dict[str, Any] | None = None,
        push_credential_sid: str | None = None,
        endpoint_id: str | None = None,
    ) -> None:
        self.incoming_allow = incoming_allow
        self.outgoing_application_sid = outgoing_application_sid
        self.outgoing_application_params = outgoing_application_params
        self.push_credential_sid = push_credential_sid
        self.endpoint_id = endpoint_id

    def to_payload(self) -> dict[str, Any]:
        grant: dict[str, Any] = {}
        if self.incoming_allow is True:  # exactly True, as the official library checks
            grant["incoming"] = {"allow": True}
        if self.outgoing_application_sid:
            outgoing: dict[str, Any] = {"application_sid": self.outgoing_application_sid}
            if self.outgoing_application_params:
                outgoing["params"] = self.outgoing_application_params
            grant["outgoing"] = outgoing
        if self.push_credential_sid:
            grant["push_credential_sid"] = self.push_credential_sid
        if self.endpoint_id:
            grant["endpoint_id"] = self.endpoint_id
        return grant


class VideoGrant(AccessTokenGrant):
    """Programmable Video (claim ``video``); ``room`` limits the token to one room (name or SID)."""

    key = "video"

    def __init__(self, room: str | None = None) -> None:
        self.room = room

    def to_payload(self) -> dict[str, Any]:
        return {"room": self.room} if self.room else {}


class TaskRouterGrant(AccessTokenGrant):
    """TaskRouter SDK (claim ``task_router``)."""

    key = "task_router"

    def __init__(self, workspace_sid: str | None = None, worker_sid: str | None = None, role: str | None = None) -> None:
        self.workspace_sid = workspace_sid
        self.worker_sid = worker_sid
        self.role = role

    def to_payload(self) -> dict[str, Any]:
        return _present(workspace_sid=self.workspace_sid, worker_sid=self.worker_sid, role=self.role)


class PlaybackGrant(AccessTokenGrant):
    """Twilio Live player (claim ``player``): ``grant`` is the object the PlaybackGrant API returned."""

    key = "player"

    def __init__(self, grant: dict[str, Any] | None = None) -> None:
        self.grant = grant

    def to_payload(self) -> Any:
        return self.grant
