"""Inbound WhatsApp webhooks: the form Twilio POSTs when a user writes to your number, as a typed object.

Check the request's ``X-Twilio-Signature`` first (``twilio_core.RequestValidator`` or a
framework adapter in ``twilio_core.webhooks``); this module only reads the parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping
from urllib.parse import parse_qsl

from .addresses import PREFIX, is_whatsapp_address

__all__ = ["InboundMessage", "InboundMedia", "InboundLocation", "InboundWebhookError", "parse_inbound"]


class InboundWebhookError(ValueError):
    """The parameters are not an inbound WhatsApp message; the message says which field is wrong."""


@dataclass(frozen=True)
class InboundMedia:
    """One attachment: ``MediaUrlN`` (fetch it with the account's credentials) and ``MediaContentTypeN``."""

    url: str
    content_type: str | None


@dataclass(frozen=True)
class InboundLocation:
    """A shared location (``Latitude``, ``Longitude``, optional ``Address`` and ``Label``)."""

    latitude: float
    longitude: float
    address: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class InboundMessage:
    """An inbound WhatsApp message.

    ``from_`` and ``to`` are E.164 numbers without the prefix; :attr:`from_address` and
    :attr:`to_address` give them back with it (what ``client.whatsapp.send_text`` wants).
    Fields Twilio leaves out are ``None`` (or empty); every parameter as received is in
    :attr:`params`.
    """

    message_sid: str
    account_sid: str
    from_: str
    to: str
    body: str
    profile_name: str | None = None
    wa_id: str | None = None
    message_type: str | None = None
    media: tuple[InboundMedia, ...] = ()
    button_text: str | None = None
    button_payload: str | None = None
    location: InboundLocation | None = None
    replied_to_sid: str | None = None
    forwarded: bool = False
    frequently_forwarded: bool = False
    messaging_service_sid: str | None = None
    params: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def from_address(self) -> str:
        return PREFIX + self.from_

    @property
    def to_address(self) -> str:
        return PREFIX + self.to

    @property
    def num_media(self) -> int:
        return len(self.media)

    @property
    def is_button_reply(self) -> bool:
        """True when the user tapped a quick-reply button of a template."""
        return self.button_text is not None or self.button_payload is not None


def _flatten(params: Any) -> dict[str, str]:
    """One string per key from a dict, a ``parse_qs``-style dict of lists, a multidict or a raw body."""
    if isinstance(params, (bytes, bytearray)):
        params = params.decode("utf-8")
    if isinstance(params, str):
        return dict(parse_qsl(params, keep_blank_values=True))
    if not isinstance(params, Mapping) and not hasattr(params, "keys"):
        raise InboundWebhookError(
            f"expected the webhook's form parameters (a mapping or the raw body), got {type(params).__name__}")
    flat: dict[str, str] = {}
    for key in params.keys():
        value = params[key]  # a multidict (Flask, Django, Starlette) gives the first value
        if isinstance(value, (list, tuple)):
            value = value[0] if value else ""
        flat[str(key)] = "" if value is None else str(value)
    return flat


def _optional(params: Mapping[str, str], name: str) -> str | None:
    value = params.get(name)
    return value if value else None


def _flag(params: Mapping[str, str], name: str) -> bool:
    return params.get(name, "").strip().lower() == "true"


def _float(params: Mapping[str, str], name: str) -> float:
    try:
        return float(params[name])
    except ValueError:
        raise InboundWebhookError(f"{name} is not a number: {params[name]!r}") from None


def parse_inbound(params: Any) -> InboundMessage:
    """Read an inbound WhatsApp webhook's parameters into an :class:`InboundMessage`.

    ``params``: the form as a mapping (``request.form``, ``request.POST``, a dict, a
    ``parse_qs`` dict of lists) or the raw ``application/x-www-form-urlencoded`` body.
    Raises :class:`InboundWebhookError` naming the problem when a required field
    (``MessageSid``, ``AccountSid``, ``From``, ``To``) is missing, when ``From``/``To``
    are not ``whatsapp:+E164`` addresses (an SMS webhook, say), or when ``NumMedia`` does not
    match the ``MediaUrlN`` fields.
    """
    form = _flatten(params)
    missing = [name for name in ("MessageSid", "AccountSid", "From", "To") if not form.get(name)]
    if missing:
        raise InboundWebhookError(f"not an inbound message webhook: missing {', '.join(missing)}")
    for name in ("From", "To"):
        if not is_whatsapp_address(form[name]):
            raise InboundWebhookError(f"not a WhatsApp message: {name} is not a 'whatsapp:+E164' address")
    raw_count = form.get("NumMedia", "0") or "0"
    if not (raw_count.isascii() and raw_count.isdigit()):  # "²".isdigit() is true, int("²") fails
        raise InboundWebhookError(f"NumMedia is not a count: {raw_count!r}")
    media = []
    for index in range(int(raw_count)):
        url = form.get(f"MediaUrl{index}")
        if not url:
            raise InboundWebhookError(f"NumMedia is {raw_count} but MediaUrl{index} is missing")
        media.append(InboundMedia(url, _optional(form, f"MediaContentType{index}")))
    location = None
    if form.get("Latitude") and form.get("Longitude"):
        location = InboundLocation(_float(form, "Latitude"), _float(form, "Longitude"),
                                   _optional(form, "Address"), _optional(form, "Label"))
    return InboundMessage(
        message_sid=form["MessageSid"],
        account_sid=form["AccountSid"],
        from_=form["From"][len(PREFIX):],
        to=form["To"][len(PREFIX):],
        body=form.get("Body", ""),
        profile_name=_optional(form, "ProfileName"),
        wa_id=_optional(form, "WaId"),
        message_type=_optional(form, "MessageType"),
        media=tuple(media),
        button_text=_optional(form, "ButtonText"),
        button_payload=_optional(form, "ButtonPayload"),
        location=location,
        replied_to_sid=_optional(form, "OriginalRepliedMessageSid"),
        forwarded=_flag(form, "Forwarded"),
        frequently_forwarded=_flag(form, "FrequentlyForwarded"),
        messaging_service_sid=_optional(form, "MessagingServiceSid"),
        params=MappingProxyType(form),
    )
