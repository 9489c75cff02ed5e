"""twilio_whatsapp.addresses: the whatsapp: prefix and E.164 validation."""

from __future__ import annotations

import pytest

from twilio_core import InvalidParameterError
from twilio_whatsapp import is_whatsapp_address, phone_number, whatsapp_address


@pytest.mark.parametrize("given", [
    "+14155238886", "whatsapp:+14155238886", "WhatsApp:+14155238886", " whatsapp:+1 415 523 8886 ",
    "+1 (415) 523-8886", "+1.415.523.8886",
])
def test_prefix_added_and_separators_dropped(given: str) -> None:
    assert whatsapp_address(given) == "whatsapp:+14155238886"


def test_shortest_and_longest_e164() -> None:
    assert whatsapp_address("+4412345") == "whatsapp:+4412345"
    assert whatsapp_address("+123456789012345") == "whatsapp:+123456789012345"


@pytest.mark.parametrize("bad", [
    "14155238886", "+04155238886", "+1234567890123456", "+12", "whatsapp:", "", "whatsapp:whatsapp:+14155238886",
    "sms:+14155238886", "+1415523888x", "messenger:+14155238886",
])
def test_invalid_numbers_are_refused_with_a_clear_message(bad: str) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        whatsapp_address(bad, what="recipient (to)")
    message = str(caught.value)
    assert "WhatsApp recipient (to) must be an E.164 phone number" in message and repr(bad) in message
    assert isinstance(caught.value, ValueError)


def test_non_string_is_refused() -> None:
    with pytest.raises(InvalidParameterError, match="must be a string, got int"):
        whatsapp_address(14155238886)  # type: ignore[arg-type]


def test_is_whatsapp_address_is_strict() -> None:
    assert is_whatsapp_address("whatsapp:+14155238886")
    assert not is_whatsapp_address("+14155238886")
    assert not is_whatsapp_address("whatsapp:+1 415 523 8886")  # Twilio writes no separators
    assert not is_whatsapp_address("WhatsApp:+14155238886")
    assert not is_whatsapp_address(None)


def test_phone_number_strips_the_prefix() -> None:
    assert phone_number("whatsapp:+14155238886") == "+14155238886"
    assert phone_number("+14155238886") == "+14155238886"
