"""Plugin discovery: entry points in ``twilio_core.plugins``, registered with pluggy.

Runs at configuration time only: once per process for autoloaded plugins
(cached), or once per client built with an explicit ``plugins=[...]`` list.
Requests never go through pluggy. The hooks are documented in
:mod:`twilio_core.hookspecs`.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Iterable, Mapping

import pluggy

from . import hookspecs
from ._version import SUPPORTED_PLUGIN_APIS
from .errors import PluginError
from .registry import ProductRegistry, TransportRegistry, load_import_string

__all__ = ["ENTRY_POINT_GROUP", "AUTOLOAD_ENV", "Plugins", "PluginFailure", "get_plugins", "clear_cache"]

ENTRY_POINT_GROUP = "twilio_core.plugins"
#: Set to 1/true/yes to skip entry-point discovery (frozen and serverless apps pass ``plugins=[...]``).
AUTOLOAD_ENV = "TWILIO_CORE_DISABLE_PLUGIN_AUTOLOAD"
BUILTIN_PLUGIN = "twilio_core._builtin_plugin"

log = logging.getLogger("twilio_core.plugins")


class PluginFailure:
    """A plugin that was skipped, and why."""

    __slots__ = ("name", "distribution", "reason")

    def __init__(self, name: str, distribution: str | None, reason: str) -> None:
        self.name = name
        self.distribution = distribution
        self.reason = reason

    def __str__(self) -> str:
        dist = f" (distribution {self.distribution})" if self.distribution else ""
        return f"plugin {self.name!r}{dist}: {self.reason}"

    __repr__ = __str__


class _Manager(pluggy.PluginManager):
    """Accept plain ``twilio_*`` functions as hook implementations (no marker needed)."""

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith("twilio_"):
            import inspect

            attr = inspect.getattr_static(plugin, name, None)
            # A plugin class may hold its hooks as static or class methods.
            if inspect.isfunction(attr) or isinstance(attr, (staticmethod, classmethod)):
                return {}
        return opts


class Plugins:
    """What discovery found: the plugin manager, the registries, and the plugins skipped."""

    def __init__(self) -> None:
        self.manager = _Manager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.products = ProductRegistry()
        self.transports = TransportRegistry()
        self.failures: list[PluginFailure] = []
        #: plugin name -> distribution name (None for explicit objects and the built-in).
        self.distributions: dict[str, str | None] = {}

    # -- building ---------------------------------------------------------
    def _register(self, name: str, obj: Any, distribution: str | None) -> None:
        api = getattr(obj, "TWILIO_PLUGIN_API", 1)
        if api not in SUPPORTED_PLUGIN_APIS:
            self._fail(
                name,
                distribution,
                f"declares plugin API {api!r} but this twilio-core supports "
                f"{', '.join(map(str, sorted(SUPPORTED_PLUGIN_APIS)))}; upgrade twilio-core or install a compatible version "
                "of the plugin",
            )
            return
        try:
            self.manager.register(obj, name=name)
            # Unknown twilio_* hooks (usually a typo) are caught here, per plugin.
            self.manager.check_pending()
        except (pluggy.PluginValidationError, ValueError) as exc:
            if self.manager.is_registered(obj):
                self.manager.unregister(obj)
            self._fail(name, distribution, f"invalid hook implementation: {exc}")
            return
        self.distributions[name] = distribution

    def _fail(self, name: str, distribution: str | None, reason: str) -> None:
        failure = PluginFailure(name, distribution, reason)
        self.failures.append(failure)
        log.warning("skipped %s", failure)

    def _run_registrations(self) -> None:
        for hook_name, registry in (
            ("twilio_register_transports", self.transports),
            ("twilio_register_products", self.products),
        ):
            caller = getattr(self.manager.hook, hook_name)
            for impl in caller.get_hookimpls():
                registry._set_origin(impl.plugin_name, self.distributions.get(impl.plugin_name))
                impl.function(*[{"registry": registry}[arg] for arg in impl.argnames])
            registry._set_origin("<unknown>", None)

    # -- per client -------------------------------------------------------
    def middleware_for(self, config: Any) -> list[Any]:
        """Middleware every plugin adds for a client with ``config`` (called once per client)."""
        found: list[Any] = []
        for result in self.manager.hook.twilio_add_middleware(config=config):
            if result is None:
                continue
            for item in result:
                found.append(item)
        return found

    def extend_product(self, name: str, product: Any, client: Any) -> None:
        """Let every plugin extend ``product`` (called once per client and product)."""
        self.manager.hook.twilio_extend_product(name=name, product=product, client=client)

    def plugin_names(self) -> list[str]:
        return [name for name, _ in self.manager.list_name_plugin()]


def _autoload_disabled(environ: Mapping[str, str]) -> bool:
    return environ.get(AUTOLOAD_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _from_entry_points(plugins: Plugins) -> None:
    from importlib.metadata import entry_points

    seen: dict[str, str | None] = {}
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        ep_dist = getattr(ep, "dist", None)
        dist = ep_dist.name if ep_dist is not None else None
        if ep.name in seen:
            raise PluginError(
                f"two distributions declare the twilio_core plugin {ep.name!r}: {seen[ep.name]} and {dist}; "
                "uninstall one of them"
            )
        seen[ep.name] = dist
        if ep.value == BUILTIN_PLUGIN:
            continue
        try:
            obj = ep.load()
        except Exception as exc:  # a broken plugin must not take the SDK down with it
            plugins._fail(ep.name, dist, f"failed to import {ep.value!r}: {type(exc).__name__}: {exc}")
            continue
        plugins._register(ep.name, obj, dist)


def _from_explicit(plugins: Plugins, items: Iterable[Any]) -> None:
    for item in items:
        if isinstance(item, str):
            obj = load_import_string(item) if ":" in item else load_import_string(item + ":")
            name = item
        else:
            obj = item
            name = getattr(item, "__name__", None) or type(item).__name__
        plugins._register(name, obj, None)


def _build(explicit: Iterable[Any] | None) -> Plugins:
    plugins = Plugins()
    plugins._register("core", load_import_string(BUILTIN_PLUGIN + ":"), "twilio-core")
    if explicit is None:
        _from_entry_points(plugins)
    else:
        _from_explicit(plugins, explicit)
    plugins._run_registrations()
    return plugins


_cache: Plugins | None = None
_lock = threading.Lock()


def get_plugins(explicit: Iterable[Any] | None = None, environ: Mapping[str, str] | None = None) -> Plugins:
    """Discovered plugins. Autoloaded ones are found once per process and cached.

    ``explicit``: a list of plugin modules, objects or import strings to use
    instead of entry points (autoload off). ``TWILIO_CORE_DISABLE_PLUGIN_AUTOLOAD=1``
    without an explicit list leaves only the core's built-ins.
    """
    global _cache
    if explicit is not None:
        return _build(list(explicit))
    if environ is not None and _autoload_disabled(environ):
        return _build(())
    cached = _cache
    if cached is not None:
        return cached
    with _lock:
        if _cache is None:
            _cache = _build(None)
        return _cache


def clear_cache() -> None:
    """Forget the autoloaded plugins (tests, or after installing a plugin at runtime)."""
    global _cache
    with _lock:
        _cache = None
