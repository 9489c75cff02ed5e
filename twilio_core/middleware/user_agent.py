"""The User-Agent header and the default request headers."""

from __future__ import annotations

import platform
import sys
from typing import TYPE_CHECKING, Iterable

from .._version import __version__
from . import Middleware, Stage

if TYPE_CHECKING:  # pragma: no cover
    from ..http import Request

__all__ = ["UserAgent", "build_user_agent"]


def build_user_agent(extensions: Iterable[str] = ()) -> str:
    """``twilio-core/0.1.0 (Linux x86_64) Python/3.11.7`` plus user extensions."""
    ua = (
        f"twilio-core/{__version__} ({platform.system()} {platform.machine()}) "
        f"Python/{'.'.join(map(str, sys.version_info[:3]))}"
    )
    extra = " ".join(e for e in extensions if e)
    return f"{ua} {extra}" if extra else ua


class UserAgent(Middleware):
    """Sets User-Agent (core version, product, Python version, extensions) and Accept headers.

    A resource call puts its product's token (``twilio-messaging/0.1.0``) in
    ``request.context["product"]``; it is inserted after the core's token.
    Headers the caller set explicitly are kept.
    """

    stage = Stage.BUILD
    name = "user-agent"

    def __init__(self, extensions: Iterable[str] = ()) -> None:
        self._core, _, self._rest = build_user_agent(extensions).partition(" ")

    @property
    def value(self) -> str:
        return f"{self._core} {self._rest}"

    def on_request(self, request: "Request") -> None:
        headers = request.headers
        product = request.context.get("product")
        ua = f"{self._core} {product} {self._rest}" if product else f"{self._core} {self._rest}"
        headers.setdefault("User-Agent", ua)
        headers.setdefault("Accept", "application/json")
