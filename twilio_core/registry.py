"""Name -> import-string registries filled by plugins at discovery.

Plugins register import strings (``"package.module:attr"``) so nothing heavy is
imported until a client actually uses the product or transport.
"""

from __future__ import annotations

from typing import Any, Iterator

from .errors import PluginError

__all__ = ["Entry", "ProductRegistry", "TransportRegistry", "load_import_string"]


def load_import_string(target: str) -> Any:
    """Import ``"package.module:attr.sub"`` and return the attribute."""
    import importlib

    module_name, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in filter(None, attr.split(".")):
        obj = getattr(obj, part)
    return obj


class Entry:
    """One registration: ``name`` -> ``target`` (import string or object), and who registered it."""

    __slots__ = ("name", "target", "plugin", "distribution", "description", "_loaded")

    def __init__(self, name: str, target: Any, plugin: str, distribution: str | None, description: str | None) -> None:
        self.name = name
        self.target = target
        self.plugin = plugin
        self.distribution = distribution
        self.description = description
        self._loaded: Any = None

    def load(self) -> Any:
        """The registered object, importing it on first call."""
        if self._loaded is None:
            if isinstance(self.target, str):
                try:
                    self._loaded = load_import_string(self.target)
                except Exception as exc:  # the plugin is broken: say which one
                    raise PluginError(
                        f"{self.name!r} registered by plugin {self.plugin!r}"
                        f"{f' (distribution {self.distribution})' if self.distribution else ''} "
                        f"could not be imported from {self.target!r}: {type(exc).__name__}: {exc}"
                    ) from exc
            else:
                self._loaded = self.target
        return self._loaded

    def __repr__(self) -> str:
        return f"Entry({self.name!r} -> {self.target!r}, plugin={self.plugin!r}, distribution={self.distribution!r})"


class _Registry:
    kind = "entry"

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}
        # Set by discovery while one plugin's hook runs, so entries know their origin.
        self._plugin = "<unknown>"
        self._distribution: str | None = None

    def _set_origin(self, plugin: str, distribution: str | None) -> None:
        self._plugin, self._distribution = plugin, distribution

    def add(self, name: str, target: Any, *, description: str | None = None) -> None:
        """Register ``name``. ``target`` is an import string ``"module:attr"`` (preferred) or the object."""
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            raise PluginError(f"plugin {self._plugin!r} registered an invalid {self.kind} name {name!r}")
        if isinstance(target, str) and ":" not in target:
            raise PluginError(
                f"plugin {self._plugin!r} registered {self.kind} {name!r} with {target!r}; expected 'module:attribute'"
            )
        existing = self._entries.get(name)
        if existing is not None:
            raise PluginError(
                f"{self.kind} {name!r} is registered twice: by {_origin(existing.plugin, existing.distribution)} "
                f"and by {_origin(self._plugin, self._distribution)}; uninstall one of them"
            )
        self._entries[name] = Entry(name, target, self._plugin, self._distribution, description)

    def get(self, name: str) -> Entry | None:
        return self._entries.get(name)

    def names(self) -> list[str]:
        return sorted(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> "Iterator[Entry]":
        return iter(sorted(self._entries.values(), key=lambda e: e.name))

    def __len__(self) -> int:
        return len(self._entries)


def _origin(plugin: str, distribution: str | None) -> str:
    return f"plugin {plugin!r} (distribution {distribution})" if distribution else f"plugin {plugin!r}"


class ProductRegistry(_Registry):
    """Products: ``client.<name>``. Targets are factories ``(client) -> product``."""

    kind = "product"


class TransportRegistry(_Registry):
    """Transports by name. Targets are factories ``(TransportOptions) -> Transport``."""

    kind = "transport"
