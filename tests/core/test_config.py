"""Credentials, environment defaults, region/edge hosts and base-URL overrides."""

from __future__ import annotations

import pytest

from twilio_core import Client, ConfigurationError, CredentialsError, InvalidParameterError
from twilio_core.config import ClientConfig, Credentials, twilio_host

SID = "AC" + "0123456789abcdef" * 2
OTHER_SID = "AC" + "fedcba9876543210" * 2
TOKEN = "9f86d081884c7d659a2feaa0c55ad015"
KEY = "SK" + "a1b2c3d4" * 4
SECRET = "Zq8xW3vR7tY2uI9oP4aS6dF1gH5jK0lM"


def url_of(client: Client, uri: str = "/2010-04-01/Accounts.json", domain: str = "api") -> str:
    return client.build_request("GET", uri, domain=domain).url


# --------------------------------------------------------------------------- credentials


def test_positional_sid_and_token() -> None:
    client = Client(SID, TOKEN, environ={})
    assert client.account_sid == SID
    assert client.username == SID
    assert client.config.credentials.kind == "auth_token"


def test_positional_api_key_secret_and_account() -> None:
    client = Client(KEY, SECRET, SID, environ={})
    assert client.username == KEY
    assert client.account_sid == SID
    assert client.config.credentials.kind == "api_key"


def test_explicit_account_sid_overrides_username_for_auth_token() -> None:
    # A subaccount's resources reached with the parent's credentials.
    client = Client(SID, TOKEN, OTHER_SID, environ={})
    assert client.username == SID
    assert client.account_sid == OTHER_SID


def test_env_account_sid_and_token() -> None:
    client = Client(environ={"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN})
    assert client.username == SID and client.account_sid == SID


def test_env_api_key_takes_precedence_over_auth_token() -> None:
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": SECRET}
    client = Client(environ=env)
    assert client.username == KEY
    assert client.account_sid == SID
    assert client.config.credentials.basic_auth_header() == Credentials(KEY, SECRET, SID).basic_auth_header()


def test_env_api_key_without_secret_falls_back_to_auth_token() -> None:
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_API_KEY": KEY}
    client = Client(environ=env)
    assert client.username == SID
    assert client.config.credentials.kind == "auth_token"


def test_explicit_arguments_beat_environment() -> None:
    env = {"TWILIO_ACCOUNT_SID": OTHER_SID, "TWILIO_AUTH_TOKEN": "x" * 32, "TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": SECRET}
    client = Client(SID, TOKEN, environ=env)
    assert client.username == SID and client.account_sid == SID
    assert client.config.credentials.basic_auth_header() == Credentials(SID, TOKEN, SID).basic_auth_header()


def test_api_key_account_sid_from_env() -> None:
    client = Client(KEY, SECRET, environ={"TWILIO_ACCOUNT_SID": SID})
    assert client.account_sid == SID


def test_token_from_env_when_only_sid_given() -> None:
    client = Client(SID, environ={"TWILIO_AUTH_TOKEN": TOKEN})
    assert client.config.credentials.basic_auth_header() == Credentials(SID, TOKEN, SID).basic_auth_header()


def test_os_environ_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TWILIO_API_KEY", "TWILIO_API_SECRET", "TWILIO_REGION", "TWILIO_EDGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    assert Client().account_sid == SID


def test_missing_credentials_names_env_vars() -> None:
    with pytest.raises(CredentialsError) as info:
        Client(environ={})
    message = str(info.value)
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"):
        assert name in message


def test_missing_token_names_env_var() -> None:
    with pytest.raises(CredentialsError, match="TWILIO_AUTH_TOKEN"):
        Client(SID, environ={})


def test_missing_api_secret_names_env_var() -> None:
    with pytest.raises(CredentialsError, match="TWILIO_API_SECRET"):
        Client(KEY, None, SID, environ={})


def test_api_key_without_account_sid() -> None:
    with pytest.raises(CredentialsError, match="TWILIO_ACCOUNT_SID"):
        Client(KEY, SECRET, environ={})


def test_credentials_error_is_value_error() -> None:
    with pytest.raises(ValueError):
        Client(environ={})


@pytest.mark.parametrize(
    "bad",
    [
        "AC123",  # too short
        "AC" + "g" * 32,  # not hex
        "ac" + "0" * 32,  # wrong prefix case
        "AC" + "0" * 33,  # too long
        "PN" + "0" * 32,  # another kind of SID
    ],
)
def test_malformed_account_sid(bad: str) -> None:
    with pytest.raises(CredentialsError, match="32 hexadecimal digits"):
        Client(bad, TOKEN, environ={})


def test_malformed_account_sid_with_api_key() -> None:
    with pytest.raises(CredentialsError, match="account SID is malformed"):
        Client(KEY, SECRET, "AC-not-a-sid", environ={})


def test_malformed_api_key_sid() -> None:
    with pytest.raises(CredentialsError, match="API key SID is malformed"):
        Client("SK123", SECRET, SID, environ={})


def test_malformed_sid_from_env_names_env_var() -> None:
    with pytest.raises(CredentialsError, match="TWILIO_ACCOUNT_SID"):
        Client(environ={"TWILIO_ACCOUNT_SID": "AC42", "TWILIO_AUTH_TOKEN": TOKEN})


def test_token_passed_as_sid_is_not_echoed() -> None:
    # Arguments swapped: the token lands where the SID belongs. The error must not print it.
    with pytest.raises(CredentialsError) as info:
        Client(TOKEN, SID, environ={})
    assert TOKEN not in str(info.value)
    assert TOKEN not in repr(info.value)


@pytest.mark.parametrize("bad_token", ["", "tok en", "token\n", "tok\x00en"])
def test_bad_token_rejected_without_echo(bad_token: str) -> None:
    with pytest.raises(CredentialsError) as info:
        Client(SID, bad_token, environ={})
    if bad_token.strip():
        assert bad_token not in str(info.value)


def test_non_string_token() -> None:
    with pytest.raises(CredentialsError, match="must be a string"):
        Client(SID, 12345, environ={})  # type: ignore[arg-type]


def test_secrets_not_in_repr_or_str() -> None:
    for client in (Client(SID, TOKEN, environ={}), Client(KEY, SECRET, SID, environ={})):
        secret = client.config.credentials.secret_values()[0]
        for text in (repr(client), str(client), repr(client.config), str(client.config), repr(client.config.credentials)):
            assert secret not in text
        assert SID in repr(client)
    assert "password=<hidden>" in repr(Client(SID, TOKEN, environ={}).config.credentials)


def test_credentials_have_no_public_password_attribute() -> None:
    creds = Client(SID, TOKEN, environ={}).config.credentials
    public = {name for name in dir(creds) if not name.startswith("_")}
    assert not any(TOKEN == getattr(creds, name, None) for name in public if name != "secret_values")


def test_basic_auth_header_value() -> None:
    import base64

    header = Credentials(SID, TOKEN, SID).basic_auth_header()
    assert header == "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()


# --------------------------------------------------------------------------- hosts


def test_default_host() -> None:
    assert url_of(Client(SID, TOKEN, environ={})) == "https://api.twilio.com/2010-04-01/Accounts.json"


def test_domain_selects_host() -> None:
    assert url_of(Client(SID, TOKEN, environ={}), "/v1/Rooms", "video") == "https://video.twilio.com/v1/Rooms"


def test_region_alone() -> None:
    assert url_of(Client(SID, TOKEN, region="au1", environ={})).startswith("https://api.au1.twilio.com/")


def test_edge_alone_means_us1() -> None:
    assert url_of(Client(SID, TOKEN, edge="sydney", environ={})).startswith("https://api.sydney.us1.twilio.com/")


def test_edge_and_region() -> None:
    client = Client(SID, TOKEN, edge="sydney", region="au1", environ={})
    assert url_of(client, "/v1/Rooms", "video") == "https://video.sydney.au1.twilio.com/v1/Rooms"


def test_region_and_edge_from_env() -> None:
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_REGION": "ie1", "TWILIO_EDGE": "dublin"}
    client = Client(environ=env)
    assert (client.region, client.edge) == ("ie1", "dublin")
    assert url_of(client).startswith("https://api.dublin.ie1.twilio.com/")


def test_explicit_region_beats_env() -> None:
    client = Client(SID, TOKEN, region="au1", environ={"TWILIO_REGION": "ie1"})
    assert url_of(client).startswith("https://api.au1.twilio.com/")


def test_region_is_lower_cased() -> None:
    assert Client(SID, TOKEN, region="AU1", environ={}).region == "au1"


@pytest.mark.parametrize(
    ("region", "edge", "expected"),
    [
        (None, None, "api.twilio.com"),
        ("au1", None, "api.au1.twilio.com"),
        (None, "sydney", "api.sydney.us1.twilio.com"),
        ("au1", "sydney", "api.sydney.au1.twilio.com"),
    ],
)
def test_twilio_host_rule(region: str | None, edge: str | None, expected: str) -> None:
    assert twilio_host("api", region, edge) == expected


@pytest.mark.parametrize("bad", ["au 1", "au1.evil.com", "au1/x", "ü1", "au1?"])
def test_invalid_region(bad: str) -> None:
    with pytest.raises(ConfigurationError, match="region"):
        Client(SID, TOKEN, region=bad, environ={})


def test_invalid_edge_from_env_names_variable() -> None:
    with pytest.raises(ConfigurationError, match="TWILIO_EDGE"):
        Client(SID, TOKEN, environ={"TWILIO_EDGE": "syd ney"})


@pytest.mark.parametrize(
    ("region", "edge", "next_page", "expected"),
    [
        # No region/edge on the client: a URL is left alone.
        (None, None, "https://api.twilio.com/2010-04-01/Accounts/X/Messages.json?Page=2",
         "https://api.twilio.com/2010-04-01/Accounts/X/Messages.json?Page=2"),
        ("au1", None, "https://api.twilio.com/2010-04-01/Calls.json?Page=2", "https://api.au1.twilio.com/2010-04-01/Calls.json?Page=2"),
        (None, "sydney", "https://video.twilio.com/v1/Rooms?PageToken=PT1", "https://video.sydney.us1.twilio.com/v1/Rooms?PageToken=PT1"),
        ("au1", "sydney", "https://api.twilio.com/x", "https://api.sydney.au1.twilio.com/x"),
        # A region already in the URL is kept when the client sets only an edge.
        (None, "dublin", "https://api.ie1.twilio.com/x", "https://api.dublin.ie1.twilio.com/x"),
        # The client's own region and edge replace the URL's.
        ("au1", "sydney", "https://api.dublin.ie1.twilio.com/x", "https://api.sydney.au1.twilio.com/x"),
        # Twilio hosts always go over https; a default port is dropped.
        (None, None, "http://api.twilio.com/x?Page=2", "https://api.twilio.com/x?Page=2"),
        ("au1", None, "https://api.twilio.com:443/x", "https://api.au1.twilio.com/x"),
    ],
)
def test_next_page_url_rewrite(region: str | None, edge: str | None, next_page: str, expected: str) -> None:
    client = Client(SID, TOKEN, region=region, edge=edge, environ={})
    assert client.build_request("GET", next_page).url == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/x?y=1",
        "https://api.twilio.com.evil.example/x",
        "https://user:pw@api.twilio.com/x",
        "http://127.0.0.1:9999/x",
    ],
)
def test_absolute_urls_off_twilio_are_refused_before_credentials_leave(url: str) -> None:
    client = Client(SID, TOKEN, base_url="http://127.0.0.1:8080", environ={})
    with pytest.raises(InvalidParameterError, match="refusing to send this client's credentials") as info:
        client.build_request("GET", url)
    assert "pw" not in str(info.value) and "y=1" not in str(info.value)


def test_absolute_urls_under_the_base_url_are_kept() -> None:
    client = Client(SID, TOKEN, base_url="http://127.0.0.1:8080", environ={})
    assert client.build_request("GET", "http://127.0.0.1:8080/v1/Rooms?Page=1").url == "http://127.0.0.1:8080/v1/Rooms?Page=1"
    assert client.build_request("GET", "https://video.twilio.com/v1/Rooms?Page=1").url == "http://127.0.0.1:8080/v1/Rooms?Page=1"


def test_base_url_sends_every_domain_to_one_origin() -> None:
    client = Client(SID, TOKEN, base_url="http://127.0.0.1:8080", environ={})
    assert url_of(client) == "http://127.0.0.1:8080/2010-04-01/Accounts.json"
    assert url_of(client, "/v1/Rooms", "video") == "http://127.0.0.1:8080/v1/Rooms"


def test_base_url_trailing_slash_and_prefix() -> None:
    client = Client(SID, TOKEN, base_url="http://127.0.0.1:8080/twilio/", environ={})
    assert url_of(client, "/v1/Rooms") == "http://127.0.0.1:8080/twilio/v1/Rooms"


def test_base_url_domain_placeholder() -> None:
    client = Client(SID, TOKEN, base_url="http://127.0.0.1:9/{domain}", environ={})
    assert url_of(client, "/v1/Rooms", "video") == "http://127.0.0.1:9/video/v1/Rooms"
    assert url_of(client, "/v1/Services", "verify") == "http://127.0.0.1:9/verify/v1/Services"


def test_base_url_rewrites_absolute_twilio_urls() -> None:
    client = Client(SID, TOKEN, base_url="http://127.0.0.1:9/{domain}", region="au1", environ={})
    assert client.build_request("GET", "https://video.twilio.com/v1/Rooms?Page=1").url == "http://127.0.0.1:9/video/v1/Rooms?Page=1"
    plain = Client(SID, TOKEN, base_url="http://127.0.0.1:9", environ={})
    assert plain.build_request("GET", "https://api.au1.twilio.com/2010-04-01/Calls.json").url == (
        "http://127.0.0.1:9/2010-04-01/Calls.json"
    )


@pytest.mark.parametrize(
    "bad",
    ["ftp://127.0.0.1", "127.0.0.1:8080", "http://", "http:///x", "http://h/?q=1", "http://h/#f", "http://user:pw@h"],
)
def test_invalid_base_url(bad: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        Client(SID, TOKEN, base_url=bad, environ={})


def test_invalid_base_url_does_not_echo_token_from_userinfo() -> None:
    with pytest.raises(ConfigurationError):
        Client(SID, TOKEN, base_url=f"http://{SID}:{TOKEN}@127.0.0.1", environ={})


def test_params_and_form_encoding() -> None:
    client = Client(SID, TOKEN, environ={})
    request = client.build_request(
        "post", "/x.json", params={"PageSize": 5, "Skip": None}, data=[("To", "+15005550006"), ("MediaUrl", ["a", "b"])]
    )
    assert request.method == "POST"
    assert request.url == "https://api.twilio.com/x.json?PageSize=5"
    assert request.body == b"To=%2B15005550006&MediaUrl=a&MediaUrl=b"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_config_is_immutable() -> None:
    config = Client(SID, TOKEN, environ={}).config
    with pytest.raises(AttributeError):
        config.region = "au1"  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.options["x"] = 1  # type: ignore[index]
    assert isinstance(config, ClientConfig)


def test_environ_is_snapshotted() -> None:
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN}
    client = Client(environ=env)
    env["TWILIO_REGION"] = "au1"
    assert "TWILIO_REGION" not in client.config.environ
    assert url_of(client).startswith("https://api.twilio.com/")


@pytest.mark.parametrize("timeout", [0, -1, "5", True, (1, 2, 3)])
def test_invalid_timeout(timeout: object) -> None:
    with pytest.raises(ConfigurationError, match="timeout"):
        Client(SID, TOKEN, timeout=timeout, environ={})  # type: ignore[arg-type]


def test_invalid_retry_and_user_agent_extension() -> None:
    with pytest.raises(ConfigurationError, match="retry"):
        Client(SID, TOKEN, retry=3, environ={})  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="user agent"):
        Client(SID, TOKEN, user_agent_extensions=["bad\r\nX-Injected: 1"], environ={})


def test_base_url_from_the_environment_and_explicit_wins() -> None:
    env = {"TWILIO_BASE_URL": "http://127.0.0.1:8765"}
    assert Client(SID, TOKEN, environ=env).config.base_url == "http://127.0.0.1:8765"
    assert Client(SID, TOKEN, environ=env, base_url="http://127.0.0.1:9").config.base_url == "http://127.0.0.1:9"
    with pytest.raises(ConfigurationError, match="TWILIO_BASE_URL"):
        Client(SID, TOKEN, environ={"TWILIO_BASE_URL": "127.0.0.1:8765"})
