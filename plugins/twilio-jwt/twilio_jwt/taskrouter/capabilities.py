"""Worker, task-queue and workspace capability tokens with the official library's default policies."""

from __future__ import annotations

from typing import Any

from . import TaskRouterCapabilityToken

__all__ = ["WorkerCapabilityToken", "TaskQueueCapabilityToken", "WorkspaceCapabilityToken"]


class WorkerCapabilityToken(TaskRouterCapabilityToken):
    """A token for one worker (``WK...``).

    On top of the base defaults it allows fetching activities, tasks'
    reservations and the worker's own reservations (``allow_fetch_activities``,
    ``allow_fetch_reservations``, ``allow_fetch_worker_reservations``: true by
    default) and, when asked, updating its activity (``allow_update_activities``:
    POST to itself with a required ``ActivitySid``) and reservations
    (``allow_update_reservations``).
    """

    CHANNEL_PREFIX = "WK"

    def __init__(self, account_sid: str, auth_token: str | bytes, workspace_sid: str, worker_sid: str, ttl: int = 3600, **kwargs: Any) -> None:
        super().__init__(
            account_sid=account_sid,
            auth_token=auth_token,
            workspace_sid=workspace_sid,
            channel_id=worker_sid,
            ttl=ttl,
            **kwargs,
        )
        if kwargs.get("allow_fetch_activities", True):
            self.allow_fetch_activities()
        if kwargs.get("allow_fetch_reservations", True):
            self.allow_fetch_reservations()
        if kwargs.get("allow_fetch_worker_reservations", True):
            self.allow_fetch_worker_reservations()
        if kwargs.get("allow_update_activities", False):
            self.allow_update_activities()
        if kwargs.get("allow_update_reservations", False):
            self.allow_update_reservations()

    @property
    def resource_url(self) -> str:
        return f"{self.workspace_url}/Workers/{self.channel_id}"

    def allow_fetch_activities(self) -> None:
        """GET the workspace's activities."""
        self.add_policy(self.workspace_url + "/Activities", "GET", True)

    def allow_fetch_reservations(self) -> None:
        """GET tasks and their reservations."""
        self.add_policy(self.workspace_url + "/Tasks/**", "GET", True)

    def allow_fetch_worker_reservations(self) -> None:
        """GET this worker's reservations."""
        self.add_policy(self.resource_url + "/Reservations/**", "GET", True)

    def allow_update_activities(self) -> None:
        """POST a new ``ActivitySid`` to this worker."""
        self.add_policy(self.resource_url, "POST", True, post_filter={"ActivitySid": {"required": True}})

    def allow_update_reservations(self) -> None:
        """POST to tasks and to this worker's reservations (accept, reject)."""
        self.add_policy(self.workspace_url + "/Tasks/**", "POST", True)
        self.add_policy(self.resource_url + "/Reservations/**", "POST", True)


class TaskQueueCapabilityToken(TaskRouterCapabilityToken):
    """A token for one task queue (``WQ...``)."""

    CHANNEL_PREFIX = "WQ"

    def __init__(self, account_sid: str, auth_token: str | bytes, workspace_sid: str, task_queue_sid: str, ttl: int = 3600, **kwargs: Any) -> None:
        super().__init__(
            account_sid=account_sid,
            auth_token=auth_token,
            workspace_sid=workspace_sid,
            channel_id=task_queue_sid,
            ttl=ttl,
            **kwargs,
        )

    @property
    def resource_url(self) -> str:
        return f"{self.workspace_url}/TaskQueues/{self.channel_id}"


class WorkspaceCapabilityToken(TaskRouterCapabilityToken):
    """A token for a whole workspace (``WS...``)."""

    CHANNEL_PREFIX = "WS"

    def __init__(self, account_sid: str, auth_token: str | bytes, workspace_sid: str, ttl: int = 3600, **kwargs: Any) -> None:
        super().__init__(
            account_sid=account_sid,
            auth_token=auth_token,
            workspace_sid=workspace_sid,
            channel_id=workspace_sid,
            ttl=ttl,
            **kwargs,
        )

    @property
    def resource_url(self) -> str:
        return self.workspace_url
