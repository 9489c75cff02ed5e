"""The resource engine with a small hand-written declaration (the plugins use generated ones)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from twilio_core import Client, InvalidParameterError
from twilio_core.http import Response
from twilio_core.resources import InstanceContext, ListResource, Model, Operation, Param, fields
from twilio_core.transports.base import Transport

SID = "AC" + "1" * 32


class Recorder(Transport):
    """Answers from a handler and records requests (network is not the point here)."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler
        self.requests: list[Any] = []

    def send(self, request, timeout):  # type: ignore[no-untyped-def]
        self.requests.append(request)
        status, body = self.handler(request)
        return Response(status, {"content-type": "application/json"}, json.dumps(body).encode(), request)


class Media(Model):
    _fields = {"date_created": fields.rfc2822_datetime}


class MediaContext(InstanceContext):
    _own_keys = ("Sid",)


class MediaList(ListResource):
    _context_class = MediaContext
    _list_op = Operation(
        "list", "GET", "api", "/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json",
        [Param("page_size", "PageSize", "integer")], model=Media, records_key="media_list",
    )

    def list(self, *, limit: int | None = None, page_size: int | None = None) -> list[Media]:
        return self._list(self._list_op, locals())


class Message(Model):
    _fields = {
        "date_created": fields.rfc2822_datetime,
        "num_segments": fields.integer,
        "price": fields.decimal,
    }
    _repr_fields = ("sid", "status")

    def update(self, *, body: str | None = None) -> "Message":
        return self._context().update(body=body)


CREATE = Operation(
    "create", "POST", "api", "/2010-04-01/Accounts/{AccountSid}/Messages.json",
    [
        Param("to", "To", required=True),
        Param("from_", "From"),
        Param("body", "Body"),
        Param("media_url", "MediaUrl", is_list=True),
        Param("smart_encoded", "SmartEncoded", "boolean"),
        Param("send_at", "SendAt", "date-time"),
        Param("content_variables", "ContentVariables", "object"),
    ],
    model=Message,
)
LIST = Operation(
    "list", "GET", "api", "/2010-04-01/Accounts/{AccountSid}/Messages.json",
    [
        Param("date_sent_before", "DateSent<", "date-time"),
        Param("date_sent_after", "DateSent>", "date-time"),
        Param("page_size", "PageSize", "integer"),
        Param("page_number", "Page", "integer"),
        Param("page_token", "PageToken"),
    ],
    model=Message, records_key="messages",
)
UPDATE = Operation("update", "POST", "api", "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json", [Param("body", "Body")], model=Message)
DELETE = Operation("delete", "DELETE", "api", "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json")


class MessageContext(InstanceContext):
    def update(self, *, body: str | None = None) -> Message:
        return self._update(UPDATE, locals())

    def delete(self) -> bool:
        return self._delete(DELETE)

    @property
    def media(self) -> MediaList:
        return self._sub(MediaList, {"MessageSid": "Sid"})


class MessageList(ListResource):
    _context_class = MessageContext
    _list_op = LIST

    def create(self, *, to: str, from_: str | None = None, body: str | None = None, media_url: list[str] | None = None,
               smart_encoded: bool | None = None, send_at: dt.datetime | None = None,
               content_variables: dict[str, str] | None = None) -> Message:
        return self._create(CREATE, locals())

    def list(self, *, date_sent_before: dt.datetime | None = None, date_sent_after: dt.datetime | None = None,
             limit: int | None = None, page_size: int | None = None) -> list[Message]:
        return self._list(LIST, locals())

    def stream(self, *, limit: int | None = None, page_size: int | None = None):  # type: ignore[no-untyped-def]
        return self._stream(LIST, locals())

    def page(self, *, page_size: int | None = None, page_token: str | None = None, page_number: int | None = None):  # type: ignore[no-untyped-def]
        return self._page(LIST, locals())


def message(sid: str) -> dict[str, Any]:
    return {"sid": sid, "status": "queued", "date_created": "Thu, 30 Jul 2015 20:12:31 +0000",
            "num_segments": "2", "price": "-0.00750", "brand_new_field": {"x": 1}}


def make(handler: Any) -> tuple[MessageList, Recorder]:
    transport = Recorder(handler)
    client = Client(SID, "token", transport=transport, retry=None)
    return MessageList(client), transport


def test_create_serialises_like_twilio_and_parses_typed_model() -> None:
    messages, transport = make(lambda r: (201, message("SM1")))
    msg = messages.create(to="+15558675310", from_="+15017122661", body="hi", media_url=["a", "b"],
                          smart_encoded=True, send_at=dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
                          content_variables={"1": "x"})
    req = transport.requests[0]
    assert req.method == "POST"
    assert req.url == f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json"
    form = parse_qs(req.body.decode())
    assert form == {"To": ["+15558675310"], "From": ["+15017122661"], "Body": ["hi"], "MediaUrl": ["a", "b"],
                    "SmartEncoded": ["true"], "SendAt": ["2030-01-02T03:04:05Z"], "ContentVariables": ['{"1":"x"}']}
    assert msg.date_created == dt.datetime(2015, 7, 30, 20, 12, 31, tzinfo=dt.timezone.utc)
    assert msg.num_segments == 2 and msg.price == Decimal("-0.00750")
    assert msg.brand_new_field == {"x": 1}  # unknown fields kept
    assert msg.to_dict()["brand_new_field"] == {"x": 1}
    assert repr(msg) == "<Message sid='SM1' status='queued'>"


def test_missing_required_fails_before_any_request() -> None:
    messages, transport = make(lambda r: (201, {}))
    with pytest.raises(InvalidParameterError, match="missing required parameter: to"):
        messages.create(to=None)  # type: ignore[arg-type]
    assert transport.requests == []


def test_range_filters_and_pagination_two_requests_for_limit_20_page_size_10() -> None:
    def handler(request):  # type: ignore[no-untyped-def]
        q = parse_qs(urlsplit(request.url).query)
        page = int(q.get("Page", ["0"])[0])
        return 200, {"messages": [message(f"SM{page}-{i}") for i in range(10)], "page": page,
                     "next_page_uri": f"/2010-04-01/Accounts/{SID}/Messages.json?PageSize=10&Page={page + 1}&PageToken=PA{page + 1}"}

    messages, transport = make(handler)
    got = messages.list(date_sent_after=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), limit=20, page_size=10)
    assert len(got) == 20 and len(transport.requests) == 2
    first = parse_qs(urlsplit(transport.requests[0].url).query)
    assert first == {"DateSent>": ["2024-01-01T00:00:00Z"], "PageSize": ["10"]}


def test_stream_is_lazy_and_v1_meta_pages_are_followed() -> None:
    def handler(request):  # type: ignore[no-untyped-def]
        q = parse_qs(urlsplit(request.url).query)
        page = int(q.get("Page", ["0"])[0])
        nxt = f"https://api.twilio.com/v1/Things?PageSize=2&Page={page + 1}" if page < 2 else None
        return 200, {"things": [message(f"SM{page}{i}") for i in range(2)], "meta": {"key": "things", "page": page, "next_page_url": nxt}}

    messages, transport = make(handler)
    stream = messages.stream(page_size=2)
    assert transport.requests == []
    first = next(stream)
    assert first.sid == "SM00" and len(transport.requests) == 1
    rest = list(stream)
    assert len(rest) == 5 and len(transport.requests) == 3


def test_contexts_instances_and_nested_lists() -> None:
    def handler(request):  # type: ignore[no-untyped-def]
        if request.method == "DELETE":
            return 204, None
        if request.url.endswith("Media.json?PageSize=50") or "Media.json" in request.url:
            return 200, {"media_list": [{"sid": "ME1"}], "next_page_uri": None}
        return 200, message("SM9")

    messages, transport = make(handler)
    assert messages("SM9").delete() is True
    updated = messages("SM9").update(body="")
    again = updated.update(body="x")
    assert transport.requests[-1].url.endswith("/Messages/SM9.json")
    assert again.sid == "SM9"
    media = messages("SM9").media.list(limit=50)
    assert [m.sid for m in media] == ["ME1"]
    assert f"/Accounts/{SID}/Messages/SM9/Media.json" in transport.requests[-1].url


def test_path_values_are_escaped() -> None:
    messages, transport = make(lambda r: (204, None))
    messages("../../x").delete()
    assert "/Messages/..%2F..%2Fx.json" in transport.requests[0].url


def test_a_2xx_body_that_is_not_json_is_a_twilio_error_not_a_bare_value_error() -> None:
    from twilio_core import ResponseParseError

    class Html(Transport):
        def send(self, request, timeout):  # type: ignore[no-untyped-def]
            return Response(200, {"content-type": "text/html"}, b"<html>captive portal</html>", request)

    messages = MessageList(Client(SID, "token", transport=Html(), retry=None))
    with pytest.raises(ResponseParseError, match="not valid JSON .*text/html") as info:
        messages.create(to="+15558675310", body="x")
    assert info.value.status == 200 and info.value.body.startswith(b"<html>")
    with pytest.raises(ResponseParseError):
        messages.list(limit=5)


def test_field_descriptors_never_shadow_methods_and_absent_fields_read_none() -> None:
    class Thing(Model):
        __slots__ = ()
        _fields = {"date_created": fields.iso_datetime, "update": fields.integer}
        status: str | None
        from_: str | None

        def update(self) -> str:
            return "method"

    thing = Thing({"status": "ok", "from": "+1", "update": "3", "raw": 1, "date_created": "2024-01-02T03:04:05Z"})
    assert thing.update() == "method"                        # a method wins over a JSON field of that name
    assert thing["update"] == 3 and thing.to_dict()["update"] == 3  # by JSON name: the field's value
    assert thing.status == "ok" and thing.from_ == "+1"
    assert thing.date_created == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    assert thing.date_created is thing.date_created          # converted once, cached
    assert Thing({}).status is None and Thing({}).date_created is None
    assert thing.to_dict()["date_created"] == thing.date_created
