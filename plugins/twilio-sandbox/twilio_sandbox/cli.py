"""``twilio-sandbox``: run a sandbox until Ctrl+C (or SIGTERM), printing how to reach it."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from typing import Any, Sequence

__all__ = ["main", "build_parser"]

DEFAULT_PORT = 8765


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twilio-sandbox",
        description="A local Twilio REST API (Messages, Calls, Video Rooms) for development. "
        "Binds to 127.0.0.1 unless told otherwise.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--db", metavar="FILE", help="SQLite file keeping credentials and resources across restarts")
    parser.add_argument("--step", type=float, default=1.0, metavar="SECONDS",
                        help="time between status transitions (default 1.0)")
    parser.add_argument("--call-duration", type=float, default=5.0, metavar="SECONDS",
                        help="how long a call stays in progress (default 5.0)")
    parser.add_argument("--webhook-timeout", type=float, default=5.0, metavar="SECONDS",
                        help="how long to wait for a webhook's answer (default 5.0)")
    parser.add_argument("--account-sid", help="use this account SID instead of a generated one")
    parser.add_argument("--auth-token", help="use this auth token instead of a generated one")
    parser.add_argument("--json", action="store_true", help="print the connection details as one JSON line")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    return parser


def _banner(sandbox: Any, loopback: bool, db: str | None) -> str:
    lines = [
        f"twilio-sandbox listening on {sandbox.base_url}"
        + (" (loopback only: not reachable from other machines)" if loopback else ""),
    ]
    if not loopback:
        lines.append(
            f"WARNING: bound to {sandbox.host}, so other machines can reach it. It is a development tool "
            "with no TLS: bind to 127.0.0.1 unless you mean this."
        )
    lines += [
        "",
        f"  Account SID  {sandbox.account_sid}",
        f"  Auth token   {sandbox.auth_token}",
        f"  API key      {sandbox.api_key_sid}",
        f"  API secret   {sandbox.api_key_secret}",
        f"  Base URL     {sandbox.base_url}        (or {sandbox.domain_base_url})",
        f"  State        {'SQLite file ' + db if db else 'in memory (gone when it stops; --db FILE keeps it)'}",
        "",
        "  Use it from Python:",
        f'    Client("{sandbox.account_sid}", "{sandbox.auth_token}", base_url="{sandbox.base_url}")',
        "  or set in a shell, and a plain Client() talks to the sandbox:",
        f"    export TWILIO_ACCOUNT_SID={sandbox.account_sid} TWILIO_AUTH_TOKEN={sandbox.auth_token} "
        f"TWILIO_BASE_URL={sandbox.base_url}",
        "",
        "Press Ctrl+C to stop.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sandbox in the foreground; returns the exit status."""
    args = build_parser().parse_args(argv)
    from .errors import SandboxError
    from .sandbox import Sandbox, is_loopback

    # Signals first: whoever reads the banner may stop us at once, and must get a clean stop.
    stop = threading.Event()

    def _signal(signum: int, frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        sandbox = Sandbox(
            host=args.host, port=args.port, db=args.db, step=args.step, call_duration=args.call_duration,
            webhook_timeout=args.webhook_timeout, account_sid=args.account_sid, auth_token=args.auth_token,
        )
        sandbox.start()
    except (SandboxError, ValueError) as error:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        print(f"twilio-sandbox: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
        logging.getLogger("twilio_sandbox").setLevel(logging.INFO)
    loopback = is_loopback(args.host)
    if args.json:
        print(json.dumps({
            "base_url": sandbox.base_url,
            "domain_base_url": sandbox.domain_base_url,
            "host": args.host,
            "port": sandbox.port,
            "loopback": loopback,
            "account_sid": sandbox.account_sid,
            "auth_token": sandbox.auth_token,
            "api_key_sid": sandbox.api_key_sid,
            "api_key_secret": sandbox.api_key_secret,
        }), flush=True)
        if not loopback:
            print(f"twilio-sandbox: WARNING: bound to {args.host}, reachable from other machines", file=sys.stderr, flush=True)
    else:
        print(_banner(sandbox, loopback, args.db), flush=True)

    try:
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        try:
            sandbox.stop()
        except SandboxError as error:
            print(f"twilio-sandbox: {error}", file=sys.stderr)
            return 1
    if not args.json:
        print("twilio-sandbox stopped.", flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
