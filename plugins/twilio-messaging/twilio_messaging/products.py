"""Product factories: what ``client.messages`` and ``client.messaging`` are."""

from __future__ import annotations

from functools import cached_property
from twilio_core.resources import ClientT, ClientVar, Namespace

from ._generated.api_v2010 import MessageList
from ._generated.messaging_v1 import ServiceList

__all__ = ["messages", "Messaging"]


def messages(client: ClientVar) -> MessageList[ClientVar]:
    """``client.messages``: the Messages of the client's account (Api 2010).

    ``MessageList[Client]`` on a ``Client``, ``MessageList[AsyncClient]`` on an ``AsyncClient``.
    """
    return MessageList(client)


class Messaging(Namespace[ClientT]):
    """``client.messaging``: Messaging v1."""

    @cached_property
    def services(self) -> ServiceList[ClientT]:
        """Messaging Services (``client.messaging.services``)."""
        return ServiceList(self._client)
