"""Packaging and plugin wiring: cheap imports, the entry point, the plugin hook."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import twilio_jwt
import twilio_jwt._plugin as plugin
from twilio_jwt import JwtConfigError
from twilio_jwt.validation import ClientValidationMiddleware

from .conftest import ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID

PLUGIN_DIR = Path(twilio_jwt.__file__).resolve().parent.parent


@pytest.mark.slow
def test_imports_stay_light() -> None:
    """``import twilio_jwt`` (and minting modules) pulls in neither urllib3 nor pluggy, nor PyJWT/cryptography."""
    code = (
        "import sys, json\n"
        "import twilio_jwt\n"
        "base = [m for m in ('urllib3', 'pluggy') if m in sys.modules]\n"
        "import twilio_jwt.access_token.grants, twilio_jwt.client, twilio_jwt.taskrouter.capabilities, twilio_jwt.validation, twilio_jwt._plugin\n"
        "heavy = [m for m in ('urllib3', 'pluggy', 'jwt', 'cryptography') if m in sys.modules]\n"
        "print(json.dumps([base, heavy]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [[], []]


def test_plugin_module_declares_api_version() -> None:
    assert plugin.TWILIO_PLUGIN_API == 1
    hooks = [name for name in vars(plugin) if name.startswith("twilio_")]
    assert hooks == ["twilio_add_middleware"]


def test_pyproject_declares_distribution_and_entry_point() -> None:
    import tomllib

    data = tomllib.loads((PLUGIN_DIR / "pyproject.toml").read_text())
    project = data["project"]
    assert (project["name"], project["version"]) == ("twilio-jwt", "0.1.0")
    assert set(project["dependencies"]) == {"twilio-core>=0.1,<0.2", "PyJWT>=2.8", "cryptography>=42"}
    assert project["entry-points"]["twilio_core.plugins"] == {"jwt": "twilio_jwt._plugin"}
    assert data["build-system"]["build-backend"] == "hatchling.build"
    assert (PLUGIN_DIR / "twilio_jwt" / "py.typed").is_file()
    assert (PLUGIN_DIR / "README.md").is_file()


def test_entry_point_is_installed() -> None:
    from importlib.metadata import entry_points

    found = {ep.name: ep.value for ep in entry_points(group="twilio_core.plugins")}
    if "jwt" not in found:
        pytest.skip("twilio-jwt is not installed as a distribution in this environment")
    assert found["jwt"] == "twilio_jwt._plugin"


def config(options: Any, account_sid: str | None = ACCOUNT_SID) -> Any:
    return SimpleNamespace(options=options, account_sid=account_sid)


def test_hook_builds_middleware_from_options(private_pem: str) -> None:
    options = {"client_validation": {"api_key_sid": API_KEY_SID, "credential_sid": CREDENTIAL_SID, "private_key": private_pem}}
    (middleware,) = plugin.twilio_add_middleware(config(options))
    assert isinstance(middleware, ClientValidationMiddleware)
    assert (middleware.account_sid, middleware.api_key_sid, middleware.credential_sid) == (ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID)
    # An explicit account SID in the options wins over the client's.
    other = "AC" + "f" * 32
    options["client_validation"]["account_sid"] = other
    assert plugin.twilio_add_middleware(config(options))[0].account_sid == other


@pytest.mark.parametrize("options", [None, {}, {"other_plugin": {"x": 1}}, {"client_validation": None}, {"client_validation": {}}])
def test_hook_adds_nothing_without_options(options: Any) -> None:
    assert plugin.twilio_add_middleware(config(options)) is None


def test_hook_rejects_bad_options(private_pem: str) -> None:
    with pytest.raises(JwtConfigError, match="client_validation"):
        plugin.twilio_add_middleware(config({"client_validation": "yes"}))
    with pytest.raises(JwtConfigError, match="credential_sid"):
        plugin.twilio_add_middleware(config({"client_validation": {"api_key_sid": API_KEY_SID, "private_key": private_pem}}))
    with pytest.raises(JwtConfigError, match="unknown .* nonsense"):
        plugin.twilio_add_middleware(config({"client_validation": {"nonsense": 1, "private_key": private_pem}}))
