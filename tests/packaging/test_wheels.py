"""Build wheels of twilio-core and a plugin, install them (not editable) into a fresh venv, and check the result.

Checks: the wheels hold only their own package; the plugin is found through
its entry point; a product whose plugin is missing gives the install hint;
``import twilio_core`` stays light in a real install; and nothing was
installed besides our two distributions, their declared dependencies and pip.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# Preferred plugin to package: the first of these that exists with an entry point.
PLUGIN_CANDIDATES = ("twilio-twiml", "twilio-jwt")
SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9f86d081884c7d659a2feaa0c55ad015"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def run(*args: str | Path, cwd: Path | None = None, timeout: float = 600) -> str:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def choose_plugin(tmp: Path) -> tuple[Path, str, str]:
    """(source dir, distribution name, entry-point name) of a plugin to package."""
    for dist in PLUGIN_CANDIDATES:
        pyproject = ROOT / "plugins" / dist / "pyproject.toml"
        if pyproject.is_file():
            text = pyproject.read_text()
            match = re.search(r'\[project\.entry-points\."twilio_core\.plugins"\]\s*\n\s*([A-Za-z0-9_]+)\s*=', text)
            if match:
                return pyproject.parent, dist, match.group(1)
    # No first-party plugin yet: a minimal throwaway one, packaged the same way.
    source = tmp / "throwaway-plugin"
    (source / "throwaway_plugin").mkdir(parents=True)
    (source / "throwaway_plugin" / "__init__.py").write_text("TWILIO_PLUGIN_API = 1\n")
    (source / "throwaway_plugin" / "py.typed").write_text("")
    (source / "README.md").write_text("throwaway\n")
    (source / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [build-system]
            requires = ["hatchling>=1.21"]
            build-backend = "hatchling.build"

            [project]
            name = "throwaway-plugin"
            version = "0.1.0"
            readme = "README.md"
            requires-python = ">=3.10"
            dependencies = ["twilio-core>=0.1,<0.2"]

            [project.entry-points."twilio_core.plugins"]
            throwaway = "throwaway_plugin"

            [tool.hatch.build.targets.wheel]
            packages = ["throwaway_plugin"]
            """
        )
    )
    return source, "throwaway-plugin", "throwaway"


def build_wheel(source: Path, outdir: Path) -> Path:
    before = set(outdir.glob("*.whl"))
    run(sys.executable, "-m", "build", "--wheel", "--outdir", outdir, source)
    [wheel] = set(outdir.glob("*.whl")) - before
    return wheel


def requirement_closure(installed: dict[str, dict[str, object]], roots: list[str]) -> set[str]:
    """Canonical names of ``roots`` and everything their Requires-Dist pulls in (no extras), as installed."""
    from packaging.requirements import Requirement

    env = {"extra": ""}
    wanted: set[str] = set()
    todo = [canonical(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted.add(name)
        info = installed.get(name)
        assert info is not None, f"{name} is required but was not installed"
        for spec in info["requires"]:  # type: ignore[union-attr]
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate(env):
                todo.append(canonical(req.name))
    return wanted


INSPECT = """
import json, sys
from importlib.metadata import distributions
out = {}
for dist in distributions():
    direct = dist.read_text("direct_url.json")
    out[dist.metadata["Name"].lower().replace("_", "-")] = {
        "requires": dist.requires or [],
        "editable": bool(direct and json.loads(direct).get("dir_info", {}).get("editable")),
        "location": str(dist.locate_file("")),
    }
print(json.dumps(out))
"""

CHECK = """
import json, sys
import twilio_core
light = not any(m in sys.modules for m in ("urllib3", "pluggy", "importlib.metadata"))
from twilio_core import Client, ProductNotInstalledError
client = Client({sid!r}, {token!r}, base_url="http://127.0.0.1:9")
plugins = client.plugins
try:
    client.calls
    hint = None
except ProductNotInstalledError as exc:
    hint = [str(exc), exc.distribution, isinstance(exc, AttributeError)]
print(json.dumps({{
    "core_file": twilio_core.__file__,
    "light": light,
    "names": plugins.plugin_names(),
    "distributions": plugins.distributions,
    "failures": [str(f) for f in plugins.failures],
    "hint": hint,
    "transports": plugins.transports.names(),
}}))
"""


def test_wheels_install_into_a_fresh_venv(tmp_path: Path) -> None:
    dist_dir = tmp_path / "dist"
    dist_dir.mkdir()
    plugin_source, plugin_dist, entry_name = choose_plugin(tmp_path)
    core_wheel = build_wheel(ROOT, dist_dir)
    plugin_wheel = build_wheel(plugin_source, dist_dir)

    # The wheels hold their own package and metadata, nothing else (no tests, no other plugin).
    with zipfile.ZipFile(core_wheel) as zf:
        names = zf.namelist()
        tops = {n.split("/", 1)[0] for n in names}
        metadata = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "twilio_core" in tops and len(tops) == 2 and all(t.endswith(".dist-info") for t in tops - {"twilio_core"})
    assert "twilio_core/py.typed" in names and "twilio_core/transports/urllib3.py" in names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    assert "Requires-Python: >=3.10" in metadata
    core_requires = sorted(canonical(re.split(r"[<>=!~ ;\[]", line.split(":", 1)[1].strip())[0])
                           for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line)
    assert core_requires == ["pluggy", "urllib3"]
    with zipfile.ZipFile(plugin_wheel) as zf:
        plugin_names = zf.namelist()
        entry_points = zf.read(next(n for n in plugin_names if n.endswith(".dist-info/entry_points.txt"))).decode()
    assert not any(n.startswith("twilio_core/") for n in plugin_names)
    assert "[twilio_core.plugins]" in entry_points and entry_name in entry_points
    package = plugin_dist.replace("-", "_")
    assert f"{package}/py.typed" in plugin_names

    # A fresh venv; our two wheels given as files (so no index copy can stand in), dependencies from the registry.
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", core_wheel, plugin_wheel)

    installed = json.loads(run(python, "-c", INSPECT))
    assert not any(info["editable"] for info in installed.values())
    assert str(venv) in installed["twilio-core"]["location"]  # type: ignore[operator]

    result = json.loads(run(python, "-c", CHECK.format(sid=SID, token=TOKEN), cwd=tmp_path))
    assert result["core_file"].startswith(str(venv))  # the installed copy, not the repository's
    assert result["light"] is True
    assert result["failures"] == []
    assert entry_name in result["names"]
    assert result["distributions"][entry_name] == plugin_dist
    assert result["transports"] == ["urllib3"]
    message, hint_dist, is_attribute_error = result["hint"]
    assert "pip install twilio-voice" in message and hint_dist == "twilio-voice" and is_attribute_error

    # Nothing else: ours, what they declare (transitively), and the venv's own pip/setuptools.
    expected = requirement_closure(installed, ["twilio-core", plugin_dist]) | {"pip", "setuptools"}
    listed = {canonical(p["name"]) for p in json.loads(run(python, "-m", "pip", "list", "--format", "json", "--disable-pip-version-check"))}
    assert listed <= expected, f"unexpected distributions: {sorted(listed - expected)}"
    assert {"twilio-core", canonical(plugin_dist), "pluggy", "urllib3"} <= listed
