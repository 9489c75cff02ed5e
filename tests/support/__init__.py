"""Test support: a scripted loopback HTTP/1.1 server, a forward proxy, a local CA, and pytest fixtures.

Everything binds 127.0.0.1 on a free port and stops cleanly. See
:mod:`tests.support.fixtures` for the fixtures and docs/testing.md for a tour.
"""

from .proxy import ForwardProxy
from .server import LoopbackServer, RecordedRequest, Reply, echo
from .tls import TLSFiles, make_tls_files

__all__ = ["ForwardProxy", "LoopbackServer", "RecordedRequest", "Reply", "TLSFiles", "echo", "make_tls_files"]
