"""HTTP Basic authentication, once per attempt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import Middleware, Stage

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Credentials
    from ..http import Request

__all__ = ["BasicAuth"]


class BasicAuth(Middleware):
    """Sets ``Authorization: Basic ...`` from the client's credentials.

    The header value is computed once per client; ``repr`` never shows it.
    """

    stage = Stage.AUTH
    name = "basic-auth"

    def __init__(self, credentials: "Credentials") -> None:
        self._header = credentials.basic_auth_header()
        self._username = credentials.username

    def on_request(self, request: "Request") -> None:
        request.headers["Authorization"] = self._header

    def __repr__(self) -> str:
        return f"<BasicAuth username={self._username!r}>"
