"""Review: Path values '.' and '..' are refused: URL normalisation would send them elsewhere."""

from __future__ import annotations

from typing import Any

import pytest

from twilio_core import Client, InvalidParameterError
from twilio_core.resources import ListResource, Operation, Param
from twilio_core.testing import MockTransport

SID = "AC" + "1" * 32
TOKEN = "review-auth-token-0123456789abcdef"


def _client(transport: Any, **kwargs: Any) -> Client:
    return Client(SID, TOKEN, transport=transport, environ={}, plugins=kwargs.pop("plugins", []), **kwargs)


# --------------------------------------------------------------------------------------------
# Path values: "." and ".." would be removed by URL normalisation (urllib3 does), sending the
# request to a different resource.


@pytest.mark.parametrize("sid", [".", ".."])
def test_dot_segment_path_values_are_refused(sid: str) -> None:
    op = Operation("fetch", "GET", "video", "/v1/Rooms/{Sid}")
    client = _client(MockTransport())
    with pytest.raises(InvalidParameterError, match="Sid"):
        op.build(client.config, {"Sid": sid, "AccountSid": SID}, {})


def test_dot_segment_path_value_never_reaches_another_resource(loopback_server: Any) -> None:
    class CallRecordings(ListResource):
        _list_op = Operation(
            "list", "GET", "api", "/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json",
            [Param("page_size", "PageSize", "integer")], records_key="recordings",
        )

        def list(self, *, limit: int | None = None, page_size: int | None = None) -> Any:
            return self._list(self._list_op, locals())

    loopback_server.queue(200, json={"recordings": []})
    client = Client(SID, TOKEN, base_url=loopback_server.url, environ={}, plugins=[], retry=None)
    try:
        with pytest.raises(InvalidParameterError):
            CallRecordings(client, {"CallSid": ".."}).list()
    finally:
        client.close()
    assert loopback_server.requests == []


def test_ordinary_path_values_still_escaped() -> None:
    op = Operation("fetch", "GET", "video", "/v1/Rooms/{Sid}")
    client = _client(MockTransport())
    request = op.build(client.config, {"Sid": "a/b..c", "AccountSid": SID}, {})
    assert request.url.endswith("/v1/Rooms/a%2Fb..c")


