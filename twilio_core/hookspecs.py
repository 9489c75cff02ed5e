"""Every hook a twilio_core plugin can implement: when it is called, how often, what it returns.

A plugin is a module (or object) named by an entry point in the group
``twilio_core.plugins``; the entry point's name is the plugin's name::

    [project.entry-points."twilio_core.plugins"]
    messaging = "twilio_messaging._plugin"

The module implements hooks as plain functions whose names start with
``twilio_`` (no import of pluggy needed), and may declare the plugin API it was
written for::

    TWILIO_PLUGIN_API = 1

    def twilio_register_products(registry):
        registry.add("messages", "twilio_messaging.products:messages")

Hooks run at configuration time only: discovery (once per process) and client
construction (once per client). Nothing here is called per request; the
middleware a plugin contributes is composed into each client's pipeline once.

This module imports pluggy, so it is only imported by discovery, never by
``import twilio_core``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from .config import ClientConfig
    from .middleware import Middleware, WrapMiddleware
    from .registry import ProductRegistry, TransportRegistry

PROJECT = "twilio_core"
hookspec = pluggy.HookspecMarker(PROJECT)
#: Optional marker for hook implementations that need pluggy options (``tryfirst``...).
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def twilio_register_products(registry: "ProductRegistry") -> None:
    """Register the products (``client.<name>`` attributes) this plugin provides.

    Called once per process, at discovery. Register import strings
    (``"package.module:factory"``), not objects, so a product's modules are
    imported only when a client first touches it. The factory is called with the
    client and returns the product object; it is called once per client.
    Two plugins registering the same name is a :class:`~twilio_core.errors.PluginError`
    naming both distributions.
    """


@hookspec
def twilio_register_transports(registry: "TransportRegistry") -> None:
    """Register transports by name (``Client(transport="name")`` or ``TWILIO_TRANSPORT``).

    Called once per process, at discovery. The import string names a factory
    taking :class:`~twilio_core.transports.base.TransportOptions` and returning a
    :class:`~twilio_core.transports.base.Transport`. The core registers
    ``"urllib3"`` through this same hook.
    """


@hookspec
def twilio_add_middleware(config: "ClientConfig") -> "Iterable[Middleware | WrapMiddleware] | None":
    """Return middleware to add to a client's pipeline, or ``None``.

    Called once per client, when its pipeline is built, with the client's
    (immutable) configuration; ``config.options`` holds plugin-specific options
    passed as ``Client(plugin_options={...})``. The returned objects are sorted
    into the chain by their ``stage``, never by plugin load order, and are then
    called for every request through plain method calls.
    """


@hookspec
def twilio_extend_product(name: str, product: Any, client: Any) -> None:
    """Extend a product object the first time a client touches it.

    Called once per client and product name, right after the product's factory
    built it, with every installed plugin's implementation (so a third party can
    attach sub-resources or helpers to a first-party product). Return value is
    ignored; attach attributes to ``product``.
    """
