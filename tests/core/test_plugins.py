"""Plugin discovery through real entry points.

Each test writes throwaway distributions (a ``*.dist-info`` folder with
``METADATA`` and ``entry_points.txt``, plus the plugin's modules) into a temp
folder and runs the check in a fresh interpreter started with ``-S``: its
``sys.path`` holds only the standard library, those folders and links to
twilio_core, pluggy and urllib3, so the only entry points it can see are the
test's own, whatever else is installed where the tests run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import twilio_core
from twilio_core import Client, ProductNotInstalledError
from twilio_core.plugins import get_plugins

pytestmark = pytest.mark.slow

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9f86d081884c7d659a2feaa0c55ad015"

# Runs first in every subprocess: a client factory and a JSON result printer.
PRELUDE = f"""
import json, logging, sys
logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s %(levelname)s %(message)s")
SID, TOKEN = {SID!r}, {TOKEN!r}
from twilio_core import Client
def client(**kw):
    return Client(SID, TOKEN, base_url="http://127.0.0.1:9", **kw)
def loaded():
    return list(getattr(sys, "plugin_test_log", []))
def result(value):
    print("RESULT " + json.dumps(value))
"""


@pytest.fixture(scope="module")
def deps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with links to twilio_core and its dependencies, and no distribution metadata."""
    import pluggy
    import urllib3

    folder = tmp_path_factory.mktemp("deps")
    for module in (twilio_core, pluggy, urllib3):
        os.symlink(Path(module.__file__).parent, folder / module.__name__)
    return folder


class Site:
    """A folder of throwaway distributions, and a way to run Python code that can see them."""

    def __init__(self, root: Path, deps: Path) -> None:
        self.root = root
        self.deps = deps

    def dist(
        self,
        name: str,
        entry_points: dict[str, str] | None = None,
        modules: dict[str, str] | None = None,
        version: str = "1.0",
    ) -> "Site":
        info = self.root / f"{name.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        if entry_points:
            lines = ["[twilio_core.plugins]"] + [f"{ep} = {target}" for ep, target in entry_points.items()]
            (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
        for module, source in (modules or {}).items():
            path = self.root / (module.replace(".", "/") + ".py")
            path.parent.mkdir(parents=True, exist_ok=True)
            for parent in path.relative_to(self.root).parents:
                if str(parent) != ".":
                    init = self.root / parent / "__init__.py"
                    if not init.exists():
                        init.write_text("")
            path.write_text(textwrap.dedent(source))
        return self

    def run(self, code: str, env: dict[str, str] | None = None, expect_ok: bool = True) -> tuple[object, str]:
        """Run ``code`` (after PRELUDE) in a fresh ``python -S``; returns (what it passed to result(), stderr)."""
        environment = {
            "PYTHONPATH": os.pathsep.join([str(self.root), str(self.deps)]),
            "PATH": os.environ.get("PATH", ""),
            "PYTHONDONTWRITEBYTECODE": "1",
            **(env or {}),
        }
        proc = subprocess.run(
            [sys.executable, "-S", "-c", PRELUDE + textwrap.dedent(code)],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if expect_ok and proc.returncode != 0:
            raise AssertionError(f"subprocess failed ({proc.returncode}):\n{proc.stderr}")
        value = None
        for line in proc.stdout.splitlines():
            if line.startswith("RESULT "):
                value = json.loads(line[len("RESULT "):])
        return value, proc.stderr


@pytest.fixture
def site(tmp_path: Path, deps: Path) -> Site:
    root = tmp_path / "site"
    root.mkdir()
    return Site(root, deps)


def product_plugin(label: str, products: dict[str, str], api: int | None = 1, extra: str = "") -> str:
    """Source of a plugin module that logs its import and registers ``products`` (name -> target)."""
    api_line = f"TWILIO_PLUGIN_API = {api}" if api is not None else ""
    adds = "\n".join(f"    registry.add({n!r}, {t!r})" for n, t in products.items()) or "    pass"
    return (
        f"import sys\nsys.__dict__.setdefault('plugin_test_log', []).append({label!r})\n{api_line}\n\n"
        f"def twilio_register_products(registry):\n{adds}\n{textwrap.dedent(extra)}"
    )


PRODUCT_MODULE = """
import sys
sys.__dict__.setdefault("plugin_test_log", []).append("import:" + __name__)
CALLS = []

class Product:
    def __init__(self, client):
        self.client = client
        self.label = __name__

def factory(client):
    CALLS.append(id(client))
    return Product(client)
"""


# --------------------------------------------------------------------------- discovery order and failures


def test_entry_points_load_in_name_order(site: Site) -> None:
    # Distribution names and folder order deliberately differ from entry-point name order.
    site.dist("zeta-dist", {"bravo": "p_bravo"}, {"p_bravo": product_plugin("bravo", {"bravo_things": "prod_b:factory"}), "prod_b": PRODUCT_MODULE})
    site.dist("alpha-dist", {"charlie": "p_charlie"}, {"p_charlie": product_plugin("charlie", {})})
    site.dist("mid-dist", {"alpha": "p_alpha"}, {"p_alpha": product_plugin("alpha", {"alpha_things": "prod_a:factory"}), "prod_a": PRODUCT_MODULE})
    value, _ = site.run(
        """
        c = client()
        plugins = c.plugins
        result({"loaded": loaded(), "names": plugins.plugin_names(), "products": plugins.products.names(),
                "dists": plugins.distributions, "failures": [str(f) for f in plugins.failures]})
        """
    )
    assert value["loaded"] == ["alpha", "bravo", "charlie"]
    assert value["names"][0] == "core" and value["names"][1:] == ["alpha", "bravo", "charlie"]
    assert value["products"] == ["alpha_things", "bravo_things"]
    assert value["dists"] == {"core": "twilio-core", "alpha": "mid-dist", "bravo": "zeta-dist", "charlie": "alpha-dist"}
    assert value["failures"] == []


def test_plugin_failing_to_import_is_reported_and_skipped(site: Site) -> None:
    site.dist("acme-broken", {"broken": "p_broken"}, {"p_broken": "import sys\nraise ImportError('needs shiny>=2')\n"})
    site.dist("acme-good", {"good": "p_good"}, {"p_good": product_plugin("good", {"widgets": "prod_w:factory"}), "prod_w": PRODUCT_MODULE})
    value, stderr = site.run(
        """
        c = client()
        failures = c.plugins.failures
        try:
            c.nothing_here
        except AttributeError as exc:
            message = str(exc)
        result({"failures": [(f.name, f.distribution, f.reason) for f in failures],
                "products": c.plugins.products.names(), "widgets": c.widgets.label, "message": message})
        """
    )
    [(name, dist, reason)] = value["failures"]
    assert (name, dist) == ("broken", "acme-broken")
    assert "needs shiny>=2" in reason and "ImportError" in reason
    assert value["products"] == ["widgets"] and value["widgets"] == "prod_w"
    assert "acme-broken" in value["message"]  # the unknown-product error mentions what was skipped
    assert "twilio_core.plugins WARNING" in stderr and "acme-broken" in stderr and "needs shiny" in stderr


def test_plugin_with_syntax_error_is_skipped(site: Site) -> None:
    site.dist("acme-typo", {"typo": "p_typo"}, {"p_typo": "def twilio_register_products(registry)\n    pass\n"})
    value, _ = site.run("result([(f.distribution, f.reason) for f in client().plugins.failures])")
    [(dist, reason)] = value
    assert dist == "acme-typo" and "SyntaxError" in reason


def test_unsupported_plugin_api_is_refused(site: Site) -> None:
    site.dist("future-plugin", {"future": "p_future"}, {"p_future": product_plugin("future", {"gadgets": "prod_g:factory"}, api=99), "prod_g": PRODUCT_MODULE})
    value, stderr = site.run(
        """
        c = client()
        result({"failures": [(f.name, f.distribution, f.reason) for f in c.plugins.failures],
                "products": c.plugins.products.names(), "names": c.plugins.plugin_names()})
        """
    )
    [(name, dist, reason)] = value["failures"]
    assert (name, dist) == ("future", "future-plugin")
    assert "plugin API 99" in reason and "supports 1" in reason
    assert value["products"] == [] and "future" not in value["names"]
    assert "future-plugin" in stderr


def test_misspelled_hook_is_refused(site: Site) -> None:
    source = "TWILIO_PLUGIN_API = 1\ndef twilio_register_product(registry):\n    registry.add('x', 'm:f')\n"
    site.dist("acme-misspelled", {"misspelled": "p_miss"}, {"p_miss": source})
    value, _ = site.run("result([(f.distribution, f.reason) for f in client().plugins.failures])")
    [(dist, reason)] = value
    assert dist == "acme-misspelled" and "twilio_register_product" in reason


def test_two_plugins_registering_one_product(site: Site) -> None:
    site.dist("acme-sms", {"acme_sms": "p_one"}, {"p_one": product_plugin("one", {"texts": "prod_t:factory"}), "prod_t": PRODUCT_MODULE})
    site.dist("other-sms", {"other_sms": "p_two"}, {"p_two": product_plugin("two", {"texts": "prod_t:factory"})})
    value, _ = site.run(
        """
        from twilio_core import PluginError
        c = client()
        try:
            c.texts
        except PluginError as exc:
            result(str(exc))
        """
    )
    assert isinstance(value, str)
    assert "'texts'" in value and "acme-sms" in value and "other-sms" in value


def test_two_plugins_registering_one_transport(site: Site) -> None:
    transport = "def twilio_register_transports(registry):\n    registry.add('fast', 'mod:factory')\n"
    site.dist("fast-one", {"fast_one": "p_f1"}, {"p_f1": transport})
    site.dist("fast-two", {"fast_two": "p_f2"}, {"p_f2": transport})
    value, _ = site.run(
        """
        from twilio_core import PluginError
        try:
            client().plugins
        except PluginError as exc:
            result(str(exc))
        """
    )
    assert "'fast'" in value and "fast-one" in value and "fast-two" in value


def test_plugin_cannot_take_the_core_transport_name(site: Site) -> None:
    source = "def twilio_register_transports(registry):\n    registry.add('urllib3', 'mod:factory')\n"
    site.dist("hijack", {"hijack": "p_hijack"}, {"p_hijack": source})
    value, _ = site.run(
        """
        from twilio_core import PluginError
        try:
            client().plugins
        except PluginError as exc:
            result(str(exc))
        """
    )
    assert "'urllib3'" in value and "twilio-core" in value and "hijack" in value


def test_two_distributions_with_one_entry_point_name(site: Site) -> None:
    site.dist("first-dist", {"same": "p_same1"}, {"p_same1": product_plugin("s1", {})})
    site.dist("second-dist", {"same": "p_same2"}, {"p_same2": product_plugin("s2", {})})
    value, _ = site.run(
        """
        from twilio_core import PluginError
        try:
            client().plugins
        except PluginError as exc:
            result(str(exc))
        """
    )
    assert "'same'" in value and "first-dist" in value and "second-dist" in value


# --------------------------------------------------------------------------- products


def test_products_load_lazily_and_are_cached(site: Site) -> None:
    site.dist("acme-things", {"things": "p_things"}, {"p_things": product_plugin("things", {"things": "acme_prod.things:factory"}), "acme_prod.things": PRODUCT_MODULE})
    value, _ = site.run(
        """
        import twilio_core
        a = client()
        discovered = sorted(a.plugins.products.names())
        before = "acme_prod.things" in sys.modules
        first = a.things
        after = "acme_prod.things" in sys.modules
        same = a.things is first
        b = client()
        other = b.things
        mod = sys.modules["acme_prod.things"]
        from twilio_core.plugins import get_plugins
        result({"discovered": discovered, "before": before, "after": after, "same": same,
                "per_client": other is not first and other.client is b and first.client is a,
                "factory_calls": len(mod.CALLS), "imports": loaded().count("import:acme_prod.things"),
                "discovery_cached": a.plugins is b.plugins is get_plugins(),
                "plugin_imports": loaded().count("things")})
        """
    )
    assert value["discovered"] == ["things"]
    assert value["before"] is False and value["after"] is True
    assert value["same"] is True and value["per_client"] is True
    assert value["factory_calls"] == 2  # once per client
    assert value["imports"] == 1 and value["plugin_imports"] == 1
    assert value["discovery_cached"] is True


def test_product_that_fails_to_import_names_its_distribution(site: Site) -> None:
    site.dist("acme-half", {"half": "p_half"}, {"p_half": product_plugin("half", {"half": "missing_module:factory"})})
    value, _ = site.run(
        """
        from twilio_core import PluginError
        try:
            client().half
        except PluginError as exc:
            result(str(exc))
        """
    )
    assert "acme-half" in value and "missing_module" in value and "'half'" in value


def test_extend_product_called_once_per_client(site: Site) -> None:
    site.dist("acme-things", {"things": "p_things"}, {"p_things": product_plugin("things", {"things": "prod_t:factory"}), "prod_t": PRODUCT_MODULE})
    extender = """
    CALLS = []
    def twilio_extend_product(name, product, client):
        CALLS.append((name, id(client)))
        if name == "things":
            product.extra = lambda: "added by a third party"
    """
    site.dist("third-party-ext", {"ext": "p_ext"}, {"p_ext": extender})
    value, _ = site.run(
        """
        import p_ext
        a, b = client(), client()
        texts = [a.things.extra(), a.things.extra(), b.things.extra()]
        result({"texts": texts, "calls": len(p_ext.CALLS), "names": sorted({n for n, _ in p_ext.CALLS}),
                "clients": len({c for _, c in p_ext.CALLS})})
        """
    )
    assert value["texts"] == ["added by a third party"] * 3
    assert value["calls"] == 2 and value["names"] == ["things"] and value["clients"] == 2


def test_unknown_products(site: Site) -> None:
    site.dist("acme-things", {"things": "p_things"}, {"p_things": product_plugin("things", {"things": "prod_t:factory", "gizmos": "prod_t:factory"}), "prod_t": PRODUCT_MODULE})
    value, _ = site.run(
        """
        from twilio_core import ProductNotInstalledError
        c = client()
        out = {}
        for name in ("calls", "messages", "video", "nonexistent"):
            try:
                getattr(c, name)
            except ProductNotInstalledError as exc:
                out[name] = [str(exc), exc.distribution, isinstance(exc, AttributeError), exc.name]
        out["hasattr"] = hasattr(c, "calls")
        out["default"] = getattr(c, "nonexistent", "fallback")
        out["dir"] = [n for n in dir(c) if n in ("things", "gizmos", "request", "close")]
        result(out)
        """
    )
    message, dist, is_attr, name = value["calls"]
    assert "pip install twilio-voice" in message and dist == "twilio-voice" and is_attr and name == "calls"
    assert "pip install twilio-messaging" in value["messages"][0]
    assert "pip install twilio-video" in value["video"][0]
    message, dist, is_attr, _ = value["nonexistent"]
    assert dist is None and is_attr
    assert "'nonexistent'" in message and "gizmos, things" in message
    assert value["hasattr"] is False and value["default"] == "fallback"
    assert sorted(value["dir"]) == ["close", "gizmos", "request", "things"]


def test_no_products_installed_says_so(site: Site) -> None:
    value, _ = site.run(
        """
        try:
            client().calls
        except AttributeError as exc:
            result(str(exc))
        """
    )
    assert "pip install twilio-voice" in value and "no products are installed" in value


# --------------------------------------------------------------------------- middleware and transports

TRANSPORT_PLUGIN = """
TWILIO_PLUGIN_API = 1
def twilio_register_transports(registry):
    registry.add("memory", "memory_transport:create")
"""

TRANSPORT_MODULE = """
import json
from twilio_core.http import Response
from twilio_core.transports.base import Transport

CREATED = []

class MemoryTransport(Transport):
    def __init__(self, options):
        self.options = options
        self.sent = []
    def send(self, request, timeout):
        self.sent.append(request)
        body = json.dumps({"headers": request.headers, "url": request.url}).encode()
        return Response(200, {"Content-Type": "application/json"}, body, request)

def create(options):
    transport = MemoryTransport(options)
    CREATED.append(transport)
    return transport
"""

MIDDLEWARE_PLUGIN = """
from twilio_core import Middleware, Stage
CONFIGS = []

class Mark(Middleware):
    def __init__(self, label, stage):
        self.label, self.stage = label, stage
    def on_request(self, request):
        trail = request.headers.get("X-Trail")
        request.headers["X-Trail"] = f"{trail},{self.label}" if trail else self.label

def twilio_add_middleware(config):
    CONFIGS.append(config)
    tag = config.options.get("tag", "none")
    # Deliberately returned out of stage order.
    return [Mark("late-" + tag, Stage.PER_ATTEMPT + 10), Mark("early", Stage.BUILD + 10)]
"""


def test_transport_registered_by_name_and_chosen(site: Site) -> None:
    site.dist("mem-transport", {"memory": "p_mem"}, {"p_mem": TRANSPORT_PLUGIN, "memory_transport": TRANSPORT_MODULE})
    value, _ = site.run(
        """
        import os
        c = client(transport="memory")
        response = c.request("GET", "/v1/x")
        import memory_transport
        from_env = client(environ={"TWILIO_TRANSPORT": "memory"})
        from_env.request("GET", "/v1/y")
        result({"names": c.plugins.transports.names(), "created": len(memory_transport.CREATED),
                "sent": [len(t.sent) for t in memory_transport.CREATED],
                "auth": response.json()["headers"]["Authorization"].startswith("Basic "),
                "env_type": type(from_env.pipeline.transport).__name__,
                "urllib3_imported": "urllib3" in sys.modules})
        """
    )
    assert value["names"] == ["memory", "urllib3"]
    assert value["created"] == 2 and value["sent"] == [1, 1]
    assert value["auth"] is True and value["env_type"] == "MemoryTransport"
    assert value["urllib3_imported"] is False  # a registered transport replaces the default entirely


def test_unknown_transport_name(site: Site) -> None:
    site.dist("mem-transport", {"memory": "p_mem"}, {"p_mem": TRANSPORT_PLUGIN, "memory_transport": TRANSPORT_MODULE})
    value, _ = site.run(
        """
        from twilio_core import ConfigurationError
        try:
            client(transport="carrier-pigeon").request("GET", "/x")
        except ConfigurationError as exc:
            result(str(exc))
        """
    )
    assert "'carrier-pigeon'" in value and "memory, urllib3" in value


def test_plugin_middleware_composed_by_stage(site: Site) -> None:
    site.dist("mem-transport", {"memory": "p_mem"}, {"p_mem": TRANSPORT_PLUGIN, "memory_transport": TRANSPORT_MODULE})
    site.dist("acme-mark", {"mark": "p_mark"}, {"p_mark": MIDDLEWARE_PLUGIN})
    value, _ = site.run(
        """
        import p_mark
        from twilio_core import Middleware, Stage

        class Mine(Middleware):
            stage = Stage.PER_CALL
            def on_request(self, request):
                request.headers["X-Trail"] = request.headers.get("X-Trail", "") + ",mine"

        c = client(transport="memory", middleware=[Mine()], plugin_options={"tag": "t1"})
        first = c.request("GET", "/x").json()["headers"]["X-Trail"]
        c.request("GET", "/x")
        c2 = client(transport="memory", plugin_options={"tag": "t2"})
        second = c2.request("GET", "/x").json()["headers"]["X-Trail"]
        result({"first": first, "second": second, "configs": len(p_mark.CONFIGS),
                "order": [type(m).__name__ for m in c.pipeline.middleware],
                "stages": [m.stage for m in c.pipeline.middleware]})
        """
    )
    assert value["first"] == "early,mine,late-t1"
    assert value["second"] == "early,late-t2"
    assert value["configs"] == 2  # once per client, not per request
    assert value["stages"] == sorted(value["stages"])
    assert value["order"] == ["UserAgent", "Mark", "Mine", "BasicAuth", "Mark", "RequestLogger"]


# --------------------------------------------------------------------------- autoload off, explicit plugins


def test_autoload_disabled_by_environment(site: Site) -> None:
    site.dist("acme-things", {"things": "p_things"}, {"p_things": product_plugin("things", {"things": "prod_t:factory"}), "prod_t": PRODUCT_MODULE})
    value, _ = site.run(
        """
        c = client(environ={"TWILIO_CORE_DISABLE_PLUGIN_AUTOLOAD": "1"})
        result({"products": c.plugins.products.names(), "loaded": loaded(), "names": c.plugins.plugin_names(),
                "metadata": "importlib.metadata" in sys.modules, "hasattr": hasattr(c, "things")})
        """
    )
    assert value == {"products": [], "loaded": [], "names": ["core"], "metadata": False, "hasattr": False}


def test_autoload_disabled_by_process_environment(site: Site) -> None:
    site.dist("acme-things", {"things": "p_things"}, {"p_things": product_plugin("things", {"things": "prod_t:factory"}), "prod_t": PRODUCT_MODULE})
    value, _ = site.run(
        "c = client(); result({'products': c.plugins.products.names(), 'loaded': loaded()})",
        env={"TWILIO_CORE_DISABLE_PLUGIN_AUTOLOAD": "true"},
    )
    assert value == {"products": [], "loaded": []}


def test_explicit_plugin_list_replaces_discovery(site: Site) -> None:
    site.dist("acme-things", {"things": "p_things"}, {"p_things": product_plugin("things", {"things": "prod_t:factory"}), "prod_t": PRODUCT_MODULE})
    site.dist("acme-other", {"other": "p_other"}, {"p_other": product_plugin("other", {"others": "prod_t:factory"})})
    value, _ = site.run(
        """
        import p_things
        by_module = client(plugins=[p_things])
        by_string = client(plugins=["p_things"])
        result({"module": by_module.plugins.products.names(), "string": by_string.plugins.products.names(),
                "thing": by_module.things.label, "loaded": loaded(),
                "metadata": "importlib.metadata" in sys.modules})
        """
    )
    assert value["module"] == ["things"] and value["string"] == ["things"]
    assert value["thing"] == "prod_t"
    assert "other" not in value["loaded"]  # the other entry point was never imported
    assert value["metadata"] is False  # no entry-point scan at all


def test_explicit_plugin_with_bad_api_is_refused(site: Site) -> None:
    site.dist("loose", None, {"p_loose": product_plugin("loose", {"x": "m:f"}, api=7)})
    value, _ = site.run(
        """
        c = client(plugins=["p_loose"])
        result({"failures": [f.reason for f in c.plugins.failures], "products": c.plugins.products.names()})
        """
    )
    assert "plugin API 7" in value["failures"][0] and value["products"] == []


# --------------------------------------------------------------------------- in-process checks


def test_explicit_object_plugin_in_process() -> None:
    class Plugin:
        TWILIO_PLUGIN_API = 1

        @staticmethod
        def twilio_register_products(registry):  # type: ignore[no-untyped-def]
            registry.add("widgets", lambda client: ("widgets for", client.account_sid))

    client = Client(SID, TOKEN, plugins=[Plugin], environ={})
    assert client.widgets == ("widgets for", SID)
    assert client.widgets is client.widgets
    assert "widgets" in dir(client)
    with pytest.raises(ProductNotInstalledError, match="pip install twilio-voice"):
        client.calls


def test_invalid_registration_names() -> None:
    from twilio_core import PluginError

    class Bad:
        @staticmethod
        def twilio_register_products(registry):  # type: ignore[no-untyped-def]
            registry.add("no-dashes", "m:f")

    class NoColon:
        @staticmethod
        def twilio_register_products(registry):  # type: ignore[no-untyped-def]
            registry.add("ok", "module_without_attribute")

    with pytest.raises(PluginError, match="invalid product name"):
        Client(SID, TOKEN, plugins=[Bad], environ={}).plugins
    with pytest.raises(PluginError, match="module:attribute"):
        Client(SID, TOKEN, plugins=[NoColon], environ={}).plugins


def test_autoload_cache_is_per_process() -> None:
    assert get_plugins() is get_plugins()
