"""The distribution's version and the User-Agent token its requests carry."""

from __future__ import annotations

VERSION = "0.1.0"
#: Added to the User-Agent of every request this plugin's resources make.
USER_AGENT = "twilio-video/" + VERSION
