"""Which handler answers which path: Twilio's own paths, reachable two ways.

``base_url="http://127.0.0.1:PORT"`` sends every domain to one origin, so paths
arrive as Twilio's (``/2010-04-01/...``, ``/v1/Rooms``) and are told apart by
their shape. ``base_url="http://127.0.0.1:PORT/{domain}"`` puts the domain first
(``/api/2010-04-01/...``, ``/video/v1/Rooms``); then only that domain's routes
match, as on Twilio's separate hosts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from . import calls, messages, video
from .errors import ApiError, not_found

__all__ = ["Route", "ROUTES", "DOMAINS", "match"]

Handler = Callable[..., tuple[int, Any]]


@dataclass(frozen=True)
class Route:
    """A path pattern on one Twilio domain, its handlers by method, and whether Basic auth is needed."""

    domain: str
    pattern: re.Pattern[str]
    methods: dict[str, Handler]
    auth: bool = True


def _route(domain: str, template: str, methods: dict[str, Handler], auth: bool = True) -> Route:
    regex = re.escape(template)
    regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", regex)
    return Route(domain, re.compile(regex), methods, auth)


_ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"


def _health(engine: Any, request: Any) -> tuple[int, Any]:
    from . import __version__

    return 200, {"status": "ok", "version": __version__}


ROUTES: tuple[Route, ...] = (
    _route("api", _ACCOUNT + "/Messages.json", {"GET": messages.list_, "POST": messages.create}),
    _route("api", _ACCOUNT + "/Messages/{Sid}.json", {"GET": messages.fetch, "POST": messages.update, "DELETE": messages.delete}),
    _route("api", _ACCOUNT + "/Calls.json", {"GET": calls.list_, "POST": calls.create}),
    _route("api", _ACCOUNT + "/Calls/{Sid}.json", {"GET": calls.fetch, "POST": calls.update, "DELETE": calls.delete}),
    _route("video", "/v1/Rooms", {"GET": video.list_, "POST": video.create}),
    _route("video", "/v1/Rooms/{Sid}", {"GET": video.fetch, "POST": video.update}),
    _route("video", "/v1/Rooms/{RoomSid}/Participants", {"GET": video.participants}),
    _route("video", "/v1/Rooms/{RoomSid}/Participants/{Sid}", {"GET": video.participant, "POST": video.update_participant}),
    # The sandbox's own endpoints: a readiness probe, Video clients joining with an access
    # token, and inbound messages simulated by a process that is not the sandbox's.
    _route("sandbox", "/_sandbox/health", {"GET": _health}, auth=False),
    _route("sandbox", "/_sandbox/video/connect", {"POST": video.connect_endpoint}, auth=False),
    _route("sandbox", "/_sandbox/Messages/Inbound", {"POST": messages.receive_endpoint}),
)

DOMAINS = frozenset(route.domain for route in ROUTES if route.domain != "sandbox")


def _find(path: str, domain: str | None) -> tuple[Route, dict[str, str]] | None:
    for route in ROUTES:
        if domain is not None and route.domain != domain:
            continue
        found = route.pattern.fullmatch(path)
        if found:
            return route, found.groupdict()
    return None


def match(method: str, path: str) -> tuple[Route, Handler, dict[str, str], str, str]:
    """(route, handler, path params, domain prefix, path without prefix) for a request.

    Raises ApiError 404 (20404) for an unknown path and 405 (20004) for a known
    path without that method.
    """
    prefix, api_path = "", path
    first, _, rest = path[1:].partition("/")
    found = None
    if first in DOMAINS and rest:
        found = _find("/" + rest, first)
        if found:
            prefix, api_path = "/" + first, "/" + rest
    if found is None:
        found = _find(path, None)
    if found is None:
        raise not_found(path)
    route, params = found
    handler = route.methods.get(method)
    if handler is None:
        raise ApiError(405, 20004, f"Method {method} not allowed on {api_path}; allowed: {', '.join(sorted(route.methods))}")
    return route, handler, params, prefix, api_path
