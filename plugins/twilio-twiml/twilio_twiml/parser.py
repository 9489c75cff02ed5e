"""Read a TwiML document back into element objects.

Uses the standard library's expat parser with every DTD refused: a document
with a ``<!DOCTYPE``, and so any entity declaration, raises
:class:`TwiMLException` before anything is expanded, which rules out
entity-expansion ("billion laughs") and external-entity attacks.
"""

from __future__ import annotations

from typing import Any, NoReturn
from xml.parsers import expat

from . import fax_response, messaging_response, voice_response
from .base import GenericNode, TwiML
from .errors import TwiMLException

__all__ = ["parse"]

_MODULES = (voice_response, messaging_response, fax_response)
_ROOTS: dict[str, type[TwiML]] = {
    "voice": voice_response.VoiceResponse,
    "messaging": messaging_response.MessagingResponse,
    "fax": fax_response.FaxResponse,
}
# Child tags that only one kind of <Response> holds.
_ROOT_HINTS: dict[str, type[TwiML]] = {
    "Message": messaging_response.MessagingResponse,
    "Receive": fax_response.FaxResponse,
}


def _tables() -> tuple[dict[type[TwiML], dict[str, type[TwiML]]], dict[str, type[TwiML]]]:
    children: dict[type[TwiML], dict[str, type[TwiML]]] = {}
    by_tag: dict[str, type[TwiML]] = {}  # for elements whose parent is unknown: first class writing the tag
    for module in _MODULES:
        children.update(module.CHILD_CLASSES)
        for table in module.CHILD_CLASSES.values():
            for tag, cls in table.items():
                by_tag.setdefault(tag, cls)
    return children, by_tag


_CHILDREN, _BY_TAG = _tables()


class _Builder:
    """expat handlers building a tree of GenericNode (no recursion, so depth is unbounded)."""

    def __init__(self, ignore_whitespace: bool) -> None:
        self.ignore_whitespace = ignore_whitespace
        self.root: TwiML | None = None
        self.stack: list[TwiML] = []
        self.has_child: list[bool] = []
        self.text: list[str] = []

    def _flush(self) -> None:
        if not self.text:
            return
        text = "".join(self.text)
        self.text.clear()
        if not self.stack or (self.ignore_whitespace and not text.strip()):
            return
        if self.has_child[-1]:
            self.stack[-1].verbs.append(text)
        else:
            self.stack[-1].value = text

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self._flush()
        node: TwiML = object.__new__(GenericNode)
        node.name = tag
        node.value = None
        node.verbs = []
        node.attrs = attrs
        if self.stack:
            self.stack[-1].verbs.append(node)
            self.has_child[-1] = True
        else:
            self.root = node
        self.stack.append(node)
        self.has_child.append(False)

    def end(self, tag: str) -> None:
        self._flush()
        self.stack.pop()
        self.has_child.pop()

    def data(self, text: str) -> None:
        self.text.append(text)


def _classify(root: TwiML, response_class: type[TwiML] | None) -> None:
    """Give every element its class, now that the whole tree (and so the kind of root) is known."""
    if root.name == "Response":
        if response_class is None:
            hints = (_ROOT_HINTS.get(child.name) for child in root.verbs if isinstance(child, TwiML))
            response_class = next((cls for cls in hints if cls is not None), voice_response.VoiceResponse)
        cls = response_class
    else:
        cls = _BY_TAG.get(root.name, GenericNode)
    pending: list[tuple[TwiML, type[TwiML]]] = [(root, cls)]
    while pending:
        node, cls = pending.pop()
        # Every element class adds no slots to TwiML's, so the class can be swapped in place.
        node.__class__ = cls
        table = _CHILDREN.get(cls, {})
        for child in node.verbs:
            if isinstance(child, TwiML):
                tag = child.name
                pending.append((child, table.get(tag) or _BY_TAG.get(tag, GenericNode)))


def _refuse_dtd(*args: Any) -> NoReturn:
    raise TwiMLException("TwiML documents may not contain a DTD (<!DOCTYPE ...>) or entity declarations")


def parse(
    xml: str | bytes,
    *,
    response_class: type[TwiML] | str | None = None,
    ignore_whitespace: bool = False,
) -> TwiML:
    """Read a TwiML document (with or without XML declaration) into element objects.

    ``str(parse(doc))`` writes ``doc`` again, byte for byte, for any document
    this package wrote. Elements are read into the classes of
    :mod:`~twilio_twiml.voice_response`, :mod:`~twilio_twiml.messaging_response`
    and :mod:`~twilio_twiml.fax_response` by their tag and parent; unknown tags
    become :class:`~twilio_twiml.GenericNode`.

    :param xml: the document, as text or UTF-8 (or declared-encoding) bytes.
    :param response_class: the class of a ``<Response>`` root (one of the three), or ``"voice"``,
        ``"messaging"`` or ``"fax"``; by default a ``<Message>`` child means
        Messaging, a ``<Receive>`` child Fax, and anything else Voice.
    :param ignore_whitespace: drop text that is only whitespace (indentation
        of pretty-printed documents).
    :raises TwiMLException: the document is not well-formed XML, or has a DTD.
    """
    if isinstance(response_class, str):
        try:
            response_class = _ROOTS[response_class]
        except KeyError:
            raise TwiMLException(
                f"response_class must be a TwiML class or one of {sorted(_ROOTS)}, not {response_class!r}"
            ) from None
    elif response_class is not None and response_class not in _ROOTS.values():
        raise TwiMLException("response_class must be VoiceResponse, MessagingResponse or FaxResponse")
    if not isinstance(xml, (str, bytes, bytearray)):
        raise TwiMLException(f"parse() takes str or bytes, not {type(xml).__name__}")
    builder = _Builder(ignore_whitespace)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.ordered_attributes = False
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as error:
        raise TwiMLException(f"Not well-formed XML: {expat.ErrorString(error.code)} "
                             f"(line {error.lineno}, column {error.offset})") from None
    if builder.root is None:  # pragma: no cover - expat refuses a document without an element
        raise TwiMLException("The document has no root element")
    _classify(builder.root, response_class)
    return builder.root
