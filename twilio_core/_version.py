"""The core's version and the plugin API versions it accepts."""

__version__ = "0.1.0"

#: Plugin API versions this core understands. A plugin module may declare
#: ``TWILIO_PLUGIN_API = <int>``; one outside this set is refused at discovery.
SUPPORTED_PLUGIN_APIS = frozenset({1})
PLUGIN_API = 1
