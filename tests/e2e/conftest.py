"""End-to-end fixtures: Stoplight Prism serving Twilio's official OpenAPI descriptions.

Prism is installed by ``make install`` into tests/e2e/prism/node_modules (npm ci
from the committed lock file). One Prism process per spec, started lazily on
127.0.0.1 when a test first needs it, stopped by PID at the end of the session.

The client under test builds its real Twilio URLs; :class:`ContractRoutingTransport`
checks every request with ``twilio_contract.check_request`` and then sends it,
unchanged but for scheme/host/port, to the Prism process serving the spec the
checker matched (several specs share a host, so routing is by spec).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

from twilio_core.http import Request, Response, Timeout
from twilio_core.transports.base import Transport, TransportOptions

ROOT = Path(__file__).resolve().parents[2]
PRISM_DIR = Path(__file__).resolve().parent / "prism"
PRISM_CLI = PRISM_DIR / "node_modules" / "@stoplight" / "prism-cli" / "dist" / "index.js"
CONTRACT_DIR = ROOT.parent / "shared" / "contract"


def load_contract() -> Any:
    """twilio_contract from ../shared/contract (never copied into the project)."""
    path = CONTRACT_DIR / "twilio_contract.py"
    if not path.is_file():
        pytest.skip(f"contract checker not found at {path} (../shared beside the checkout)")
    if "twilio_contract" in sys.modules:
        return sys.modules["twilio_contract"]
    spec = importlib.util.spec_from_file_location("twilio_contract", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["twilio_contract"] = module
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrismServers:
    """Starts one Prism per spec on demand and stops them all by PID."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.ports: dict[str, int] = {}
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def port_for(self, spec: str) -> int:
        if spec in self.ports:
            return self.ports[spec]
        contract = load_contract()
        spec_file = self.workdir / f"{spec}.prism.json"
        contract.default_contract()  # loads specs once
        import json

        spec_file.write_text(json.dumps(contract.default_contract().prism_spec(spec)))
        port = _free_port()
        log = open(self.workdir / f"{spec}.log", "wb")
        proc = subprocess.Popen(
            ["node", str(PRISM_CLI), "mock", "-h", "127.0.0.1", "-p", str(port), "-v", "warn", str(spec_file)],
            stdout=log, stderr=subprocess.STDOUT, cwd=PRISM_DIR,
        )
        self.procs[spec] = proc
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"Prism for {spec} exited early: {(self.workdir / f'{spec}.log').read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                self.ports[spec] = port
                return port
            except OSError:
                time.sleep(0.1)
        proc.kill()
        raise RuntimeError(f"Prism for {spec} did not open port {port} within 60 s")

    def stop(self) -> None:
        for proc in self.procs.values():
            proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


class ContractRoutingTransport(Transport):
    """Checks each request against the contract, then sends it to the Prism serving its spec."""

    def __init__(self, servers: PrismServers) -> None:
        from twilio_core.transports.urllib3 import create

        self.inner = create(TransportOptions(trust_env=False))
        self.servers = servers
        self.checks: list[Any] = []

    def send(self, request: Request, timeout: Timeout) -> Response:
        contract = load_contract()
        auth = None
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            import base64

            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            auth = (user, password)
        body = request.body.decode() if request.body else None
        check = contract.check_request(
            request.method, request.url, data=body, headers=dict(request.headers), auth=auth,
            check_auth=True, strict_dates=False,
        )
        self.checks.append(check)
        if check.operation is None:
            raise AssertionError(f"request matches no operation of the contract: {check.format()}")
        parts = urlsplit(request.url)
        port = self.servers.port_for(check.operation.spec)
        local = Request(request.method, urlunsplit(("http", f"127.0.0.1:{port}", parts.path, parts.query, "")),
                        dict(request.headers), request.body, request.context)
        response = self.inner.send(local, timeout)
        response.request = request
        return response

    def close(self) -> None:
        self.inner.close()


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServers]:
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed: the Prism end-to-end tests need it (CI machines have it)")
    if not PRISM_CLI.is_file():
        message = f"Prism is not installed in {PRISM_DIR}: run `make install` (npm ci there)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    servers = PrismServers(tmp_path_factory.mktemp("prism"))
    try:
        yield servers
    finally:
        servers.stop()


@pytest.fixture
def prism_transport(prism: PrismServers) -> Iterator[ContractRoutingTransport]:
    transport = ContractRoutingTransport(prism)
    yield transport
    transport.close()
