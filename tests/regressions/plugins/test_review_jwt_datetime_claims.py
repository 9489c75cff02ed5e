"""Review: ``nbf`` / ``valid_until`` given as datetimes, as the official library accepts them.

The official library hands its payload to PyJWT, which turns ``datetime`` values of
``exp`` and ``nbf`` into epoch seconds; code migrating with ``valid_until=datetime(...)``
must get the same token, not a ``TypeError`` from the JSON encoder.
"""

from __future__ import annotations

import datetime as dt

import jwt as pyjwt
import pytest

from twilio_jwt.access_token import AccessToken
from twilio_jwt.access_token.grants import VideoGrant
from twilio_jwt.client import ClientCapabilityToken

ACCOUNT = "AC" + "a" * 32
KEY = "SK" + "b" * 32
SECRET = "s" * 32
EXP = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
NBF = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def _claims(token: str) -> dict:
    return pyjwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_exp": False})


def test_access_token_accepts_datetime_valid_until_and_nbf() -> None:
    token = AccessToken(ACCOUNT, KEY, SECRET, identity="alice", valid_until=EXP, nbf=NBF)
    token.add_grant(VideoGrant(room="r"))
    claims = _claims(token.to_jwt())
    assert claims["exp"] == 1893456000
    assert claims["nbf"] == 1704067200
    assert type(claims["exp"]) is int and type(claims["nbf"]) is int


def test_naive_datetime_is_taken_as_utc_like_pyjwt() -> None:
    token = AccessToken(ACCOUNT, KEY, SECRET, valid_until=EXP.replace(tzinfo=None))
    assert _claims(token.to_jwt())["exp"] == 1893456000


def test_capability_token_accepts_datetime_nbf() -> None:
    token = ClientCapabilityToken(ACCOUNT, SECRET, nbf=NBF)
    assert _claims(token.to_jwt())["nbf"] == 1704067200


def test_same_claims_as_the_official_library(monkeypatch: pytest.MonkeyPatch) -> None:
    official = pytest.importorskip("twilio.jwt.access_token")
    import time

    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.0)
    ours = AccessToken(ACCOUNT, KEY, SECRET, identity="alice", valid_until=EXP, nbf=NBF).to_jwt()
    theirs = official.AccessToken(ACCOUNT, KEY, SECRET, identity="alice", valid_until=EXP, nbf=NBF).to_jwt()
    assert _claims(ours) == _claims(theirs)
