"""The public face of the sandbox: start, stop, credentials, clients, inspection and waits."""

from __future__ import annotations

import ipaddress
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable

from . import calls, messages, video
from .engine import Engine
from .errors import ApiError, SandboxError
from .webhooks import WebhookRecord

if TYPE_CHECKING:  # pragma: no cover
    from twilio_core import Client

__all__ = ["Sandbox", "is_loopback"]

_KINDS = {"SM": "message", "MM": "message", "CA": "call", "RM": "room", "PA": "participant"}


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Sandbox:
    """A local Twilio REST API for Messages, Calls and Video Rooms, in this process.

    ::

        with Sandbox() as sandbox:
            client = sandbox.client()
            client.request("POST", f"/2010-04-01/Accounts/{sandbox.account_sid}/Messages.json",
                           data={"To": "+15558675310", "From": "+15017122661", "Body": "Hi"})

    Options: ``host`` (default ``127.0.0.1``; anything but loopback must be asked
    for), ``port`` (0: a free one), ``db`` (a SQLite file keeping credentials and
    resources across restarts), ``step`` (seconds between status transitions;
    None for a manual clock driven by :meth:`advance`), ``call_duration`` (seconds
    a call stays in progress; default two steps), ``webhook_timeout`` (seconds
    to wait for a webhook's answer), ``account_sid``/``auth_token`` (fixed
    credentials instead of generated ones).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        db: str | None = None,
        step: float | None = 0.05,
        call_duration: float | None = None,
        webhook_timeout: float = 5.0,
        account_sid: str | None = None,
        auth_token: str | None = None,
    ) -> None:
        if not isinstance(port, int) or not 0 <= port <= 65535:
            raise SandboxError(f"port must be an integer 0..65535, got {port!r}")
        self.host = host
        self._requested_port = port
        self._webhook_timeout = webhook_timeout
        self._engine = Engine(
            db=db, step=step, call_duration=call_duration, webhook_timeout=webhook_timeout,
            account_sid=account_sid, auth_token=auth_token,
        )
        self._server: Any = None
        self._stopped = False
        self._clients: list[Any] = []

    # -- lifecycle -----------------------------------------------------------------
    def start(self) -> "Sandbox":
        """Bind, start serving on a background thread and start the clock. Returns self."""
        if self._server is not None:
            raise SandboxError("this sandbox is already running")
        if self._stopped:
            raise SandboxError("a stopped sandbox cannot be started again; create a new one (same db= to keep its state)")
        from .server import SandboxHTTPServer

        try:
            server = SandboxHTTPServer((self.host, self._requested_port), self._engine)
        except OSError as error:
            raise SandboxError(f"cannot listen on {self.host}:{self._requested_port}: {error.strerror or error}") from None
        self._server = server
        server.start()
        self._engine.scheduler.start()
        self._resume()
        return self

    def _resume(self) -> None:
        # Records loaded from a database carry on where they stopped.
        with self._engine.lock:
            pending_messages = list(self._engine.store.all("message"))
            pending_calls = list(self._engine.store.all("call"))
        for record in pending_messages:
            messages.resume(self._engine, record)
        for record in pending_calls:
            calls.resume(self._engine, record)

    def stop(self, timeout: float | None = None) -> None:
        """Stop serving, stop the clock, close clients made by :meth:`client` and the database.

        Every thread the sandbox started has ended when this returns; raises
        :class:`SandboxError` if one did not within ``timeout`` seconds. The
        default leaves room for a webhook in flight (it may take up to twice
        ``webhook_timeout``) plus five seconds.
        """
        if self._stopped:
            return
        if timeout is None:
            timeout = 2 * self._webhook_timeout + 5.0
        self._stopped = True
        server, self._server = self._server, None
        for client in self._clients:
            client.close()
        self._clients.clear()
        # One deadline for both: the clock may be waiting on a webhook (at most webhook_timeout).
        deadline = time.monotonic() + timeout
        clock_stopped = self._engine.scheduler.stop(timeout)
        remaining = max(deadline - time.monotonic(), 0.5)  # closing connections takes moments
        server_stopped = server.stop(remaining) if server is not None else True
        self._engine.close()
        if not (clock_stopped and server_stopped):
            raise SandboxError(f"the sandbox's threads did not stop within {timeout:g} s")

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> "Sandbox":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.base_url if self._server is not None else "stopped"
        return f"<Sandbox {where} account_sid={self.account_sid!r}>"

    # -- where and who -----------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._server is None:
            raise SandboxError("the sandbox is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``: give it to ``Client(base_url=...)``; paths are Twilio's."""
        host = self.host if ":" not in self.host else f"[{self.host}]"
        if host in ("0.0.0.0", "[::]"):
            host = "127.0.0.1"
        return f"http://{host}:{self.port}"

    @property
    def domain_base_url(self) -> str:
        """``http://127.0.0.1:PORT/{domain}``: the same API with Twilio's domain as the first path segment."""
        return self.base_url + "/{domain}"

    @property
    def account_sid(self) -> str:
        return self._engine.account_sid

    @property
    def auth_token(self) -> str:
        return self._engine.auth_token

    @property
    def api_key_sid(self) -> str:
        """The API key (``SK...``) the sandbox issued; its secret is :attr:`api_key_secret`."""
        return self._engine.api_key_sid

    @property
    def api_key_secret(self) -> str:
        return self._engine.api_keys[self._engine.api_key_sid]

    def issue_api_key(self) -> tuple[str, str]:
        """Issue another API key: returns (key SID, secret)."""
        return self._engine.issue_api_key()

    def environ(self, *, api_key: bool = False) -> dict[str, str]:
        """``TWILIO_*`` variables for a process that should use this sandbox: credentials and
        ``TWILIO_BASE_URL``, so a plain ``Client()`` there talks to the sandbox."""
        env = {
            "TWILIO_ACCOUNT_SID": self.account_sid,
            "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_BASE_URL": self.base_url,
        }
        if api_key:
            env.update(TWILIO_API_KEY=self.api_key_sid, TWILIO_API_SECRET=self.api_key_secret)
        return env

    def client(self, *, api_key: bool = False, domain_in_path: bool = False, **options: Any) -> "Client":
        """A :class:`twilio_core.Client` configured for this sandbox (closed by :meth:`stop`).

        ``api_key=True`` authenticates with the issued API key instead of the auth
        token; ``domain_in_path=True`` uses :attr:`domain_base_url`. Other keyword
        arguments go to ``Client``.
        """
        from twilio_core import Client

        options.setdefault("base_url", self.domain_base_url if domain_in_path else self.base_url)
        if api_key:
            client = Client(self.api_key_sid, self.api_key_secret, self.account_sid, **options)
        else:
            client = Client(self.account_sid, self.auth_token, **options)
        self._clients.append(client)
        return client

    # -- inspection (the same JSON the REST API returns) ---------------------------------
    def _render(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        if kind == "message":
            return messages.render(record)
        if kind == "call":
            return calls.render(record)
        if kind == "room":
            return video.render_room(record, self.base_url)
        return video.render_participant(record, self.base_url)

    def _kind(self, sid: str) -> str:
        kind = _KINDS.get(sid[:2]) if isinstance(sid, str) else None
        if kind is None:
            raise SandboxError(f"{sid!r} is not the SID of a message, call, room or participant")
        return kind

    def get(self, sid: str) -> dict[str, Any] | None:
        """A message, call, room or participant by SID, as the REST API shows it; None if unknown."""
        kind = self._kind(sid)
        with self._engine.lock:
            record = self._engine.store.get(kind, sid)
            return None if record is None else self._render(kind, record)

    def messages(self) -> list[dict[str, Any]]:
        """Every message, oldest first."""
        return self._all("message")

    def calls(self) -> list[dict[str, Any]]:
        """Every call, oldest first."""
        return self._all("call")

    def rooms(self) -> list[dict[str, Any]]:
        """Every video room, oldest first."""
        return self._all("room")

    def participants(self, room: str | None = None) -> list[dict[str, Any]]:
        """Every participant (of ``room``, a SID or unique name, if given), oldest first."""
        with self._engine.lock:
            room_sid = None
            if room is not None:
                found = video.find_room(self._engine, room, self.account_sid)
                if found is None:
                    raise SandboxError(f"no room {room!r}")
                room_sid = found["sid"]
            return [self._render("participant", p) for p in self._engine.store.all("participant")
                    if room_sid is None or p["room_sid"] == room_sid]

    def _all(self, kind: str) -> list[dict[str, Any]]:
        with self._engine.lock:
            return [self._render(kind, record) for record in self._engine.store.all(kind)]

    def twiml(self, call_sid: str) -> list[Any]:
        """The TwiML documents the call got, parsed by :func:`twilio_twiml.parse`, in order."""
        with self._engine.lock:
            return list(self._engine.twiml_documents.get(call_sid, ()))

    def twiml_log(self, call_sid: str) -> list[dict[str, Any]]:
        """How the call got each document: ``source`` (inline, url, fallback), ``url``, ``status``,
        ``xml``, ``verbs`` (top-level verb names) and ``error`` (e.g. ``11200 HTTP retrieval failure``)."""
        with self._engine.lock:
            record = self._engine.store.get("call", call_sid)
            if record is None:
                raise SandboxError(f"no call {call_sid!r}")
            return [dict(entry) for entry in record["twiml_log"]]

    def webhooks(self, kind: str | None = None, sid: str | None = None) -> list[WebhookRecord]:
        """The webhooks sent so far (``kind`` like ``message-status``; ``sid`` of the resource), in order."""
        with self._engine.lock:
            return [w for w in self._engine.webhooks if (kind is None or w.kind == kind) and (sid is None or w.sid == sid)]

    # -- waiting --------------------------------------------------------------------------
    def wait_for_status(self, sid: str, status: str | Iterable[str], timeout: float = 5.0) -> dict[str, Any]:
        """Wait until the resource ``sid`` has ``status`` (or one of several) and return it.

        Raises :class:`SandboxError` saying the status it last had after ``timeout`` seconds.
        """
        wanted = {status} if isinstance(status, str) else set(status)
        kind = self._kind(sid)
        engine = self._engine

        def reached() -> dict[str, Any] | None:
            record = engine.store.get(kind, sid)
            return self._render(kind, record) if record is not None and record["status"] in wanted else None

        try:
            return engine.wait_until(reached, timeout, f"{sid} to be {' or '.join(sorted(wanted))}")
        except SandboxError:
            current = self.get(sid)
            last = current["status"] if current else "deleted or unknown"
            raise SandboxError(
                f"timed out after {timeout:g} s waiting for {sid} to be {' or '.join(sorted(wanted))} (it is {last})"
            ) from None

    def wait_for_webhooks(
        self,
        kind: str | None = None,
        sid: str | None = None,
        *,
        count: int = 1,
        where: Callable[[WebhookRecord], bool] | None = None,
        timeout: float = 5.0,
    ) -> list[WebhookRecord]:
        """Wait until at least ``count`` webhooks match (``kind``, ``sid``, ``where``) and return them all."""

        def matching() -> list[WebhookRecord] | None:
            found = [w for w in self._engine.webhooks
                     if (kind is None or w.kind == kind) and (sid is None or w.sid == sid) and (where is None or where(w))]
            return found if len(found) >= count else None

        what = f"{count} webhook(s)" + (f" of kind {kind}" if kind else "") + (f" for {sid}" if sid else "")
        return self._engine.wait_until(matching, timeout, what)

    def wait_until(self, predicate: Callable[[], Any], timeout: float = 5.0, what: str = "a condition") -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on every change) and return its value."""
        return self._engine.wait_until(predicate, timeout, what)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every pending transition and webhook has run (with a manual clock: run them now)."""
        scheduler = self._engine.scheduler
        if scheduler.manual:
            scheduler.run_pending()
            return
        if not scheduler.wait_idle(timeout):
            raise SandboxError(f"the sandbox still had {scheduler.pending()} pending event(s) after {timeout:g} s")

    def advance(self) -> int:
        """With a manual clock (``step=None``): run every pending transition and webhook now; returns how many ran."""
        if not self._engine.scheduler.manual:
            raise SandboxError("advance() is for a manual clock: create the sandbox with step=None")
        return self._engine.scheduler.run_pending()

    # -- simulating the other side ----------------------------------------------------------
    def receive_message(
        self,
        url: str | None,
        *,
        from_: str,
        to: str,
        body: str = "",
        media_urls: Iterable[str] = (),
        method: str = "POST",
        extra: dict[str, str] | None = None,
    ) -> tuple[dict[str, Any], WebhookRecord | None]:
        """An inbound SMS (or ``whatsapp:`` message) arriving: stored as ``received`` and, given ``url``,
        POSTed there signed as Twilio's incoming-message webhook. Returns (message JSON, webhook record)."""
        try:
            return messages.receive(self._engine, from_=from_, to=to, body=body, url=url, method=method,
                                    media_urls=tuple(media_urls), extra=extra)
        except ValueError as error:
            raise SandboxError(str(error)) from None

    def connect_participant(self, room: str, identity: str) -> dict[str, Any]:
        """``identity`` joins ``room`` (SID or unique name; an ad-hoc room is created for a new name)."""
        try:
            record = video.connect(self._engine, room, identity)
        except ApiError as error:
            raise SandboxError(f"cannot connect {identity!r} to {room!r}: {error.message}") from None
        return self.get(record["sid"]) or {}

    def connect_with_token(self, token: str, room: str | None = None) -> dict[str, Any]:
        """A Video client joining with an access token (checked like Twilio: signature, key, expiry, grant)."""
        try:
            record = video.connect_with_token(self._engine, token, room)
        except ApiError as error:
            raise SandboxError(f"access token refused ({error.code}): {error.message}") from None
        return self.get(record["sid"]) or {}

    def fail_delivery(self, to: str, error_code: int = 30003) -> None:
        """Messages to ``to`` end ``undelivered`` with ``error_code`` instead of ``delivered``."""
        with self._engine.lock:
            self._engine.undeliverable[to] = int(error_code)

    def add_content(self, content_sid: str, template: str) -> None:
        """Register a Content template (``HX...``) so messages sent with ``ContentSid`` get its body,
        ``{{1}}``-style placeholders filled from ``ContentVariables``."""
        from .formats import is_sid

        if not is_sid(content_sid, "HX"):
            raise SandboxError("content_sid must be 'HX' followed by 32 hexadecimal digits")
        with self._engine.lock:
            self._engine.contents[content_sid] = template
