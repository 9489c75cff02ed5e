"""Engine additions the generated plugins rely on: numbered pairs, annotation-declared model fields."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from twilio_core import Client, InvalidParameterError
from twilio_core.resources import Model, Operation, Param, fields

SID = "AC" + "1" * 32


def _client() -> Client:
    return Client(SID, "token", plugins=[])


def test_pairs_are_numbered_name_value_fields() -> None:
    op = Operation("Thing.create", "POST", "api", "/x", [Param("parameters", "Parameter", "pairs")])
    request = op.build(_client().config, {}, {"parameters": {"a": "1", "b": 2}})
    assert parse_qsl(request.body.decode()) == [
        ("Parameter1.Name", "a"), ("Parameter1.Value", "1"), ("Parameter2.Name", "b"), ("Parameter2.Value", "2"),
    ]
    request = op.build(_client().config, {}, {"parameters": [("x", "y")]})
    assert parse_qsl(request.body.decode()) == [("Parameter1.Name", "x"), ("Parameter1.Value", "y")]
    assert op.build(_client().config, {}, {"parameters": {}}).body == b""


@pytest.mark.parametrize("bad", ["a=1", ["a", "b"], 3])
def test_pairs_refuse_what_is_not_a_mapping(bad: object) -> None:
    op = Operation("Thing.create", "POST", "api", "/x", [Param("parameters", "Parameter", "pairs")])
    with pytest.raises(InvalidParameterError, match="parameters expects a mapping"):
        op.build(_client().config, {}, {"parameters": bad})


class Thing(Model):
    __slots__ = ()
    _fields = {"count": fields.integer}

    name: str | None
    from_: str | None
    count: int | None


def test_annotated_fields_are_known_and_read_none_when_absent() -> None:
    thing = Thing({"count": "4", "from": "+1555"})
    assert thing.count == 4 and thing.from_ == "+1555"
    assert thing.name is None  # annotated only: known, absent
    with pytest.raises(AttributeError, match="no field 'nmae'"):
        thing.nmae  # noqa: B018
    assert set(Thing._fields) == {"count", "name", "from"}
    assert thing.to_dict() == {"count": 4, "from": "+1555"}


def test_one_of_groups_need_one_value() -> None:
    op = Operation("Thing.create", "POST", "api", "/x", [Param("from_", "From"), Param("service", "Service"),
                                                         Param("media", "Media", is_list=True)],
                   one_of=(("from_", "service"), ("media",)))
    with pytest.raises(InvalidParameterError, match=r"Thing\.create\(\) needs one of: from_, service"):
        op.build(_client().config, {}, {"media": ["a"]})
    with pytest.raises(InvalidParameterError, match="needs one of: media"):
        op.build(_client().config, {}, {"service": "MG1", "media": []})
    assert op.build(_client().config, {}, {"service": "MG1", "media": ["a"]}).body == b"Service=MG1&Media=a"
