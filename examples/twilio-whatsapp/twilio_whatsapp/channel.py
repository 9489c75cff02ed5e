"""``client.whatsapp``: send WhatsApp text, media and approved templates through ``client.messages``.

Built only on public API: the client's ``messages`` product (from twilio-messaging) does
the request, so retries, logging, errors, region/edge and the ``AsyncClient`` all work as
they do for SMS.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Mapping, Sequence, Union

from twilio_core import InvalidParameterError

from .addresses import whatsapp_address
from .inbound import InboundMessage, parse_inbound

if TYPE_CHECKING:  # pragma: no cover
    from twilio_messaging import Message

__all__ = ["WhatsApp", "content_variables", "FROM_ENV"]

#: Environment variable naming the default sender, if ``plugin_options`` does not.
FROM_ENV = "TWILIO_WHATSAPP_FROM"
_CONTENT_SID = re.compile(r"HX[0-9a-fA-F]{32}")

#: Template variables: ``{"1": "Alice"}`` / ``{1: "Alice"}``, or a sequence for ``{{1}}, {{2}}...``.
Variables = Union[Mapping[Union[str, int], object], Sequence[object]]


def content_variables(variables: Variables | None) -> str | None:
    """The ``ContentVariables`` JSON for a template's placeholders, or None when there are none.

    A mapping keeps its keys (as strings); a sequence numbers its items from 1, the way
    Content templates number placeholders (``{{1}}``). Values are written as strings.
    """
    if variables is None:
        return None
    if isinstance(variables, Mapping):
        pairs = {str(key): value for key, value in variables.items()}
    elif isinstance(variables, (str, bytes)) or not isinstance(variables, Sequence):
        raise InvalidParameterError(
            f"template variables must be a mapping or a list, got {type(variables).__name__}")
    else:
        pairs = {str(index): value for index, value in enumerate(variables, 1)}
    if not pairs:
        return None
    for key, value in pairs.items():
        if not key:
            raise InvalidParameterError("template variable names must not be empty")
        if value is None or isinstance(value, (dict, list, tuple, set)):
            raise InvalidParameterError(
                f"template variable {key!r} must be a string or number, got {type(value).__name__}")
    return json.dumps({key: str(value) for key, value in pairs.items()}, separators=(",", ":"), ensure_ascii=False)


class WhatsApp:
    """``client.whatsapp`` (built once per client by the plugin's product factory).

    The sender is ``from_=`` on each call, else ``Client(plugin_options={"whatsapp": {"from_": ...}})``,
    else the ``TWILIO_WHATSAPP_FROM`` environment variable; a ``messaging_service_sid=``
    keyword can stand in for it. Numbers may be given with or without the ``whatsapp:`` prefix.

    Each method returns what ``client.messages.create`` returns: a ``Message`` on a
    ``Client``, an awaitable of one on an ``AsyncClient``.
    """

    def __init__(self, client: Any) -> None:
        self._client = client
        config = client.config
        options = config.options.get("whatsapp") or {}
        if not isinstance(options, Mapping):
            raise InvalidParameterError("plugin_options['whatsapp'] must be a mapping such as {'from_': '+14155238886'}")
        sender = options.get("from_") or config.environ.get(FROM_ENV) or None
        self.default_from: str | None = whatsapp_address(sender, what="default sender") if sender else None

    def __repr__(self) -> str:
        return f"<WhatsApp from={self.default_from!r}>"

    # -- sending --------------------------------------------------------------------------
    def send_text(
        self,
        to: str,
        body: str | None = None,
        *,
        from_: str | None = None,
        media_url: str | Sequence[str] | None = None,
        status_callback: str | None = None,
        **options: Any,
    ) -> "Message":
        """Send a free-form message (text, and media given as public URLs).

        WhatsApp allows free-form messages only within 24 hours of the user's last message;
        outside that window send an approved template (:meth:`send_template`). ``options``
        are further ``client.messages.create`` keywords (``messaging_service_sid``...).
        """
        media = [media_url] if isinstance(media_url, str) else list(media_url or ())
        if not body and not media:
            raise InvalidParameterError("a WhatsApp message needs a body or a media_url")
        return self._create(to, from_, options, body=body or None, media_url=media or None,
                            status_callback=status_callback)

    def send_template(
        self,
        to: str,
        content_sid: str,
        variables: Variables | None = None,
        *,
        from_: str | None = None,
        status_callback: str | None = None,
        **options: Any,
    ) -> "Message":
        """Send an approved Content template (``HX...``) with its placeholder values.

        ``variables`` fill ``{{1}}``, ``{{2}}``... (a mapping ``{"1": "Alice"}`` or a list
        ``["Alice"]``); they are sent as the ``ContentVariables`` JSON object.
        """
        if not isinstance(content_sid, str) or not _CONTENT_SID.fullmatch(content_sid):
            raise InvalidParameterError(
                f"content_sid must be a Content template SID: 'HX' and 32 hexadecimal digits, got {content_sid!r}")
        return self._create(to, from_, options, content_sid=content_sid,
                            content_variables=content_variables(variables), status_callback=status_callback)

    def _create(self, to: str, from_: str | None, options: dict[str, Any], **params: Any) -> Any:
        for reserved in ("to", "body", "content_sid", "content_variables"):
            if reserved in options:
                raise InvalidParameterError(f"{reserved!r} is set by this method; pass it as its own argument")
        sender = whatsapp_address(from_, what="sender (from_)") if from_ else self.default_from
        if sender is None and not options.get("messaging_service_sid"):
            raise InvalidParameterError(
                "no WhatsApp sender: pass from_=, set Client(plugin_options={'whatsapp': {'from_': ...}}) "
                f"or {FROM_ENV}, or pass messaging_service_sid=")
        arguments = {key: value for key, value in params.items() if value is not None}
        if sender is not None:
            arguments["from_"] = sender
        return self._client.messages.create(to=whatsapp_address(to, what="recipient (to)"), **arguments, **options)

    # -- receiving --------------------------------------------------------------------------
    @staticmethod
    def parse_inbound(params: Any) -> InboundMessage:
        """Shortcut for :func:`twilio_whatsapp.parse_inbound` (validate the signature first)."""
        return parse_inbound(params)

    @staticmethod
    def address(number: str) -> str:
        """Shortcut for :func:`twilio_whatsapp.whatsapp_address`."""
        return whatsapp_address(number)
