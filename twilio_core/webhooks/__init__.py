"""Webhook signature checking for web frameworks.

* :mod:`twilio_core.webhooks.flask`: ``@twilio_webhook`` for Flask views.
* :mod:`twilio_core.webhooks.django`: ``@twilio_webhook`` for Django views (sync or async).
* :mod:`twilio_core.webhooks.starlette`: ``TwilioWebhookMiddleware`` (pure ASGI),
  ``@twilio_webhook`` for Starlette endpoints and ``TwilioWebhookDependency`` for FastAPI.
* :mod:`twilio_core.webhooks.verifier`: the framework-neutral part, for any other framework.

Each adapter imports its framework only inside its own module; this package imports none.
See docs/webhooks.md.
"""

from __future__ import annotations

from .verifier import Verdict, WebhookVerifier

__all__ = ["WebhookVerifier", "Verdict"]
