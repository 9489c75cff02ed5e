"""Review: Products: a plugin hook extending one product may read another (no deadlock)."""

from __future__ import annotations

import threading
import types
from typing import Any


from twilio_core import Client
from twilio_core.testing import MockTransport

SID = "AC" + "1" * 32
TOKEN = "review-auth-token-0123456789abcdef"


def _client(transport: Any, **kwargs: Any) -> Client:
    return Client(SID, TOKEN, transport=transport, environ={}, plugins=kwargs.pop("plugins", []), **kwargs)


# --------------------------------------------------------------------------------------------
# Products: a plugin's twilio_extend_product that touches another product must not deadlock.


class _Thing:
    def __init__(self, client: Any) -> None:
        self.client = client


def _extension_plugin() -> types.SimpleNamespace:
    """Like examples/twilio-whatsapp: extending 'main' reads client.extra (another product)."""

    def twilio_register_products(registry: Any) -> None:
        registry.add("main", _Thing)
        registry.add("extra", _Thing)

    def twilio_extend_product(name: str, product: Any, client: Any) -> None:
        if name == "main":
            product.extra = client.extra

    return types.SimpleNamespace(
        TWILIO_PLUGIN_API=1,
        __name__="review_extension",
        twilio_register_products=twilio_register_products,
        twilio_extend_product=twilio_extend_product,
    )


def test_extend_product_hook_may_use_another_product_without_deadlock() -> None:
    client = _client(MockTransport(), plugins=[_extension_plugin()])
    result: dict[str, Any] = {}

    def touch() -> None:
        result["main"] = client.main

    worker = threading.Thread(target=touch, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "client.main deadlocked in twilio_extend_product"
    assert result["main"].extra is client.extra


def test_extend_product_hook_reading_the_same_product_gets_it_once() -> None:
    built: list[Any] = []

    class Counted(_Thing):
        def __init__(self, client: Any) -> None:
            super().__init__(client)
            built.append(self)

    def twilio_register_products(registry: Any) -> None:
        registry.add("solo", Counted)

    def twilio_extend_product(name: str, product: Any, client: Any) -> None:
        if name == "solo":
            product.me = client.solo

    plugin = types.SimpleNamespace(
        TWILIO_PLUGIN_API=1, __name__="review_self", twilio_register_products=twilio_register_products,
        twilio_extend_product=twilio_extend_product,
    )
    client = _client(MockTransport(), plugins=[plugin])
    result: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: result.setdefault("solo", client.solo), daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive()
    assert len(built) == 1 and result["solo"].me is result["solo"]


