"""The core pipeline against Prism serving the official api_v2010 and video_v1 specs."""

from __future__ import annotations

import pytest

from twilio_core import Client, TwilioRestError

SID = "AC" + "a" * 32


def test_form_post_with_repeated_list_keys_is_accepted(prism_transport) -> None:  # type: ignore[no-untyped-def]
    client = Client(SID, "token", transport=prism_transport, retry=None)
    response = client.request(
        "POST", f"/2010-04-01/Accounts/{SID}/Messages.json",
        data={"To": "+15558675310", "From": "+15017122661", "Body": "Hi",
              "MediaUrl": ["https://example.com/a.png", "https://example.com/b.png"]},
    )
    assert response.status == 201
    assert response.json()["sid"].startswith("SM")
    assert all(check.ok for check in prism_transport.checks), [c.format() for c in prism_transport.checks]


def test_region_and_edge_hosts_route_to_the_same_contract(prism_transport) -> None:  # type: ignore[no-untyped-def]
    client = Client(SID, "token", transport=prism_transport, region="au1", edge="sydney", retry=None)
    response = client.request("GET", "/v1/Rooms", domain="video", params={"PageSize": 2})
    assert response.status == 200
    assert prism_transport.checks[-1].operation.spec == "video_v1"
    assert "rooms" in response.json()


def test_contract_violation_gets_prism_422_as_rest_error(prism_transport) -> None:  # type: ignore[no-untyped-def]
    client = Client(SID, "token", transport=prism_transport, retry=None)
    with pytest.raises(TwilioRestError) as info:
        client.request("POST", f"/2010-04-01/Accounts/{SID}/Messages.json",
                       data={"To": "+15558675310", "From": "+15017122661", "ScheduleType": "bogus"})
    assert info.value.status == 422
    assert "\n" not in str(info.value)
    assert not prism_transport.checks[-1].ok  # the checker flags it too
