"""Model field converters: the RFC 2822 fast path agrees with the standard library."""

from __future__ import annotations

import datetime as dt
import email.utils

from hypothesis import given
from hypothesis import strategies as st

from twilio_core.resources import fields


@given(st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2200, 1, 1)))
def test_rfc2822_fast_path_matches_email_utils(moment: dt.datetime) -> None:
    text = email.utils.format_datetime(moment.replace(microsecond=0, tzinfo=dt.timezone.utc))
    assert text.endswith("+0000")
    assert fields.rfc2822_datetime(text) == email.utils.parsedate_to_datetime(text)


def test_rfc2822_other_zones_and_bad_values_fall_back_without_losing_data() -> None:
    assert fields.rfc2822_datetime("Thu, 30 Jul 2015 20:12:31 -0700") == dt.datetime(
        2015, 7, 30, 20, 12, 31, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
    assert fields.rfc2822_datetime("Thu, 31 Feb 2015 20:12:31 +0000") == "Thu, 31 Feb 2015 20:12:31 +0000"
    assert fields.rfc2822_datetime("not a date") == "not a date"
    assert fields.rfc2822_datetime("2015-07-30T20:12:31Z") == dt.datetime(2015, 7, 30, 20, 12, 31, tzinfo=dt.timezone.utc)


def test_numbers_and_decimals() -> None:
    assert fields.integer("3") == 3 and fields.integer("x") == "x"
    assert str(fields.decimal("-0.00750")) == "-0.00750"
    assert fields.boolean("true") is True
