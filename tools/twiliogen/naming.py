"""Names and text: wire names to Python names, schema names to class names, short docstrings."""

from __future__ import annotations

import keyword
import re

__all__ = ["snake", "python_param_name", "camel", "short_doc", "PAGING_NAMES"]

#: Engine conventions for the paging parameters of list operations.
PAGING_NAMES = {"PageSize": "page_size", "Page": "page_number", "PageToken": "page_token"}

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACE = re.compile(r"\s+")


def snake(name: str) -> str:
    """``StatusCallbackEvent`` -> ``status_callback_event``; ``AwsS3Url`` -> ``aws_s3_url``."""
    name = name.replace("-", "_").replace(".", "_")
    return _BOUNDARY.sub("_", name).lower()


def python_param_name(wire: str) -> str:
    """The keyword argument for a wire parameter name.

    Range filters ``DateSent<``/``DateSent>`` become ``date_sent_before``/``date_sent_after``;
    Python keywords get a trailing underscore (``From`` -> ``from_``).
    """
    if wire in PAGING_NAMES:
        return PAGING_NAMES[wire]
    suffix = ""
    if wire.endswith("<"):
        wire, suffix = wire[:-1], "_before"
    elif wire.endswith(">"):
        wire, suffix = wire[:-1], "_after"
    name = snake(wire) + suffix
    return name + "_" if keyword.iskeyword(name) else name


def camel(name: str) -> str:
    """``message_enum_update_status`` -> ``MessageEnumUpdateStatus``; ``call_recording`` -> ``CallRecording``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-.\s]+", name) if part)


def short_doc(text: str | None, limit: int = 110) -> str:
    """The first sentence of a spec description, without Markdown links, at most ``limit`` characters."""
    if not text:
        return ""
    text = _LINK.sub(r"\1", text)
    text = _SPACE.sub(" ", text.replace("`", "")).strip()
    match = re.search(r"(?<=[a-z0-9)\]])\.(\s|$)", text)
    if match:
        text = text[: match.start() + 1]
    if len(text) > limit:
        cut = text[: limit - 3].rsplit(" ", 1)[0].rstrip(",;:")
        text = cut + "..."
    text = text.replace("\\", "\\\\").replace('"""', "'''")
    if text.endswith('"'):
        text += " "
    if text and not text.endswith((".", "...", "?", "!")):
        text += "."
    return text[:1].upper() + text[1:]
