"""The ``twiml`` entry point in ``twilio_core.plugins``.

TwiML needs no client, so this plugin registers no products: it only declares
the plugin API it was written for, so discovery lists it as installed.
``import twilio_twiml`` never imports this module.
"""

from __future__ import annotations

TWILIO_PLUGIN_API = 1
