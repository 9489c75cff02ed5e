"""Transports: the one place the sync pipeline does network I/O.

:class:`~twilio_core.transports.base.Transport` is the interface; the default
implementation (urllib3) lives in :mod:`twilio_core.transports.urllib3` and is
imported only when a client first needs it.
"""

from .base import Transport, TransportOptions

__all__ = ["Transport", "TransportOptions"]
