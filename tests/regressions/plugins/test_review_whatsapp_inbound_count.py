"""Review: a NumMedia that is not an ASCII count is an InboundWebhookError, not a bare ValueError.

``"²".isdigit()`` is true but ``int("²")`` fails: the parser let that ValueError escape, so an
app catching :class:`InboundWebhookError` (to answer 400) crashed instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:
    import twilio_whatsapp  # noqa: F401
except ImportError:  # not installed by the monorepo install: use the source folder
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "examples" / "twilio-whatsapp"))

from twilio_whatsapp import InboundWebhookError, parse_inbound  # noqa: E402

BASE = {"MessageSid": "SM" + "a" * 32, "AccountSid": "AC" + "b" * 32,
        "From": "whatsapp:+14155238886", "To": "whatsapp:+15005550006", "Body": "hi"}


@pytest.mark.parametrize("count", ["²", "١", "-1", "1.0", " 1"])
def test_non_ascii_or_signed_count_is_an_inbound_webhook_error(count: str) -> None:
    with pytest.raises(InboundWebhookError, match="NumMedia is not a count"):
        parse_inbound({**BASE, "NumMedia": count, "MediaUrl0": "https://example.com/a.png"})


def test_plain_count_still_parses() -> None:
    message = parse_inbound({**BASE, "NumMedia": "1", "MediaUrl0": "https://example.com/a.png",
                             "MediaContentType0": "image/png"})
    assert message.num_media == 1 and message.media[0].content_type == "image/png"
