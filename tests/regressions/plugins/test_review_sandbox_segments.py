"""Review: SMS segment counts for GSM-7 bodies with extension-table characters.

``^ { } \\ [ ~ ] | €`` and form feed are in GSM 03.38's extension table: each takes
two septets (an escape and the character), so 160 characters with one ``€`` need two
segments, as Twilio counts them.
"""

from __future__ import annotations

from twilio_sandbox.formats import segments


def test_extension_characters_take_two_septets() -> None:
    assert segments("a" * 159 + "€") == 2
    assert segments("a" * 158 + "€") == 1  # 160 septets
    assert segments("{" * 80) == 1
    assert segments("{" * 81) == 2
    # Concatenated: 153 septets a segment; an escape pair is never split in two.
    assert segments("a" * 306) == 2
    assert segments("a" * 304 + "]") == 2  # 306 septets
    assert segments("a" * 305 + "]") == 3


def test_basic_and_unicode_counts_unchanged() -> None:
    assert segments("a" * 160) == 1 and segments("a" * 161) == 2
    assert segments("é" * 160) == 1
    assert segments("ж" * 70) == 1 and segments("ж" * 71) == 2
    assert segments("") == 1


def test_escape_pair_is_not_split_across_segments() -> None:
    # 306 septets, but the pair would straddle the first segment's end: 152 + (2 + 151) + 1.
    assert segments("a" * 152 + "]" + "a" * 152) == 3
