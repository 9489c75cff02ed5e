"""What each product plugin is generated from: spec, resource roots, exclusions, overrides."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Target", "TARGETS", "FIELD_OVERRIDES"]


@dataclass(frozen=True)
class Target:
    """One generated module: ``<package>/_generated/<module>.py`` from one spec file.

    ``roots`` are resource paths (list path without ``.json``); each root and all
    resources below it are generated, except those whose path starts with an
    entry of ``exclude``.
    """

    plugin_dir: str  # plugins/<dist-name>
    package: str
    module: str
    spec: str  # file name under ../shared/twilio-oai/
    title: str
    roots: tuple[str, ...]
    exclude: tuple[str, ...] = field(default=())

    @property
    def output(self) -> str:
        return f"{self.plugin_dir}/{self.package}/_generated/{self.module}.py"


_ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"

TARGETS: tuple[Target, ...] = (
    Target(
        "plugins/twilio-messaging", "twilio_messaging", "api_v2010", "twilio_api_v2010.json",
        "Api 2010 Messages with their Media and Feedback",
        roots=(f"{_ACCOUNT}/Messages",),
    ),
    Target(
        "plugins/twilio-messaging", "twilio_messaging", "messaging_v1", "twilio_messaging_v1.json",
        "Messaging v1 Services with their PhoneNumbers, ShortCodes and AlphaSenders",
        roots=("/v1/Services",),
        exclude=(
            "/v1/Services/{MessagingServiceSid}/ChannelSenders",
            "/v1/Services/{ServiceSid}/DestinationAlphaSenders",
            "/v1/Services/{MessagingServiceSid}/Compliance",
            "/v1/Services/PreregisteredUsa2p",
            "/v1/Services/Usecases",
        ),
    ),
    Target(
        "plugins/twilio-voice", "twilio_voice", "api_v2010", "twilio_api_v2010.json",
        "Api 2010 Calls, Conferences, Queues, Recordings and Transcriptions",
        roots=(
            f"{_ACCOUNT}/Calls",
            f"{_ACCOUNT}/Conferences",
            f"{_ACCOUNT}/Queues",
            f"{_ACCOUNT}/Recordings",
            f"{_ACCOUNT}/Transcriptions",
        ),
    ),
    Target(
        "plugins/twilio-video", "twilio_video", "video_v1", "twilio_video_v1.json",
        "Video v1 Rooms, Recordings, Compositions, CompositionHooks and settings",
        roots=(
            "/v1/Rooms",
            "/v1/Recordings",
            "/v1/Compositions",
            "/v1/CompositionHooks",
            "/v1/CompositionSettings/Default",
            "/v1/RecordingSettings/Default",
        ),
    ),
)

#: Response fields whose spec type is too loose: the 2010 API sends these numbers as strings.
#: Name -> "integer" | "decimal". Applied to string or number fields only.
FIELD_OVERRIDES: dict[str, str] = {
    "num_segments": "integer",
    "num_media": "integer",
    "duration": "integer",
    "queue_time": "integer",
    "price": "decimal",
}
