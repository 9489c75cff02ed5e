"""Voice TwiML: the expected XML of every verb and noun, its attributes and nesting."""

from __future__ import annotations

from typing import Callable

import pytest

from twilio_twiml import TwiMLException
from twilio_twiml import voice_response as vr
from twilio_twiml.voice_response import VoiceResponse

DECL = '<?xml version="1.0" encoding="UTF-8"?>'


def body(build: Callable[[VoiceResponse], object]) -> str:
    """The document a VoiceResponse writes after ``build(response)``, without the declaration."""
    response = VoiceResponse()
    build(response)
    return response.to_xml(xml_declaration=False)


# (id, build, expected document)
VERBS = [
    ("empty", lambda r: None, "<Response />"),
    ("say", lambda r: r.say("Hello", voice="Polly.Joanna", loop=2, language="en-US"),
     '<Response><Say language="en-US" loop="2" voice="Polly.Joanna">Hello</Say></Response>'),
    ("say-no-text", lambda r: r.say(), "<Response><Say /></Response>"),
    ("play", lambda r: r.play("https://a.example/b.mp3", loop=0, digits="w1"),
     '<Response><Play digits="w1" loop="0">https://a.example/b.mp3</Play></Response>'),
    ("play-digits-only", lambda r: r.play(digits="1234"), '<Response><Play digits="1234" /></Response>'),
    ("pause", lambda r: r.pause(length=5), '<Response><Pause length="5" /></Response>'),
    ("hangup", lambda r: r.hangup(), "<Response><Hangup /></Response>"),
    ("leave", lambda r: r.leave(), "<Response><Leave /></Response>"),
    ("echo", lambda r: r.echo(), "<Response><Echo /></Response>"),
    ("reject", lambda r: r.reject(reason="busy"), '<Response><Reject reason="busy" /></Response>'),
    ("redirect", lambda r: r.redirect("/next?a=1&b=2", method="GET"),
     '<Response><Redirect method="GET">/next?a=1&amp;b=2</Redirect></Response>'),
    ("sms", lambda r: r.sms("Hi", to="+15550001111", from_="+15550002222", action="/s", method="POST",
                            status_callback="/cb"),
     '<Response><Sms action="/s" from="+15550002222" method="POST" statusCallback="/cb" to="+15550001111">'
     "Hi</Sms></Response>"),
    ("record", lambda r: r.record(action="/r", method="POST", timeout=10, finish_on_key="#", max_length=60,
                                  play_beep=True, trim="trim-silence", recording_status_callback="/rs",
                                  recording_status_callback_method="GET",
                                  recording_status_callback_event="completed", transcribe=False,
                                  transcribe_callback="/t", recording_configuration_id="RC1"),
     '<Response><Record action="/r" finishOnKey="#" maxLength="60" method="POST" playBeep="true" '
     'recordingConfigurationId="RC1" recordingStatusCallback="/rs" recordingStatusCallbackEvent="completed" '
     'recordingStatusCallbackMethod="GET" timeout="10" transcribe="false" transcribeCallback="/t" '
     'trim="trim-silence" /></Response>'),
    ("gather", lambda r: r.gather(input="dtmf speech", action="/g", method="POST", timeout=3,
                                  speech_timeout="auto", max_speech_time=30, profanity_filter=True,
                                  finish_on_key="", num_digits=4, partial_result_callback="/p",
                                  partial_result_callback_method="GET", language="en-GB", hints="a,b",
                                  barge_in=False, debug=True, action_on_empty_result=True,
                                  speech_model="phone_call", enhanced=True),
     '<Response><Gather action="/g" actionOnEmptyResult="true" bargeIn="false" debug="true" enhanced="true" '
     'finishOnKey="" hints="a,b" input="dtmf speech" language="en-GB" maxSpeechTime="30" method="POST" '
     'numDigits="4" partialResultCallback="/p" partialResultCallbackMethod="GET" profanityFilter="true" '
     'speechModel="phone_call" speechTimeout="auto" timeout="3" /></Response>'),
    ("gather-children", lambda r: (g := r.gather(num_digits=1), g.say("Hi", voice="man"), g.pause(length=1),
                                   g.play("a.mp3", loop=1)),
     '<Response><Gather numDigits="1"><Say voice="man">Hi</Say><Pause length="1" /><Play loop="1">a.mp3</Play>'
     "</Gather></Response>"),
    ("enqueue", lambda r: r.enqueue("support", action="/a", max_queue_size=10, method="GET", wait_url="/w",
                                    wait_url_method="POST", workflow_sid="WW1"),
     '<Response><Enqueue action="/a" maxQueueSize="10" method="GET" waitUrl="/w" waitUrlMethod="POST" '
     'workflowSid="WW1">support</Enqueue></Response>'),
    ("enqueue-task", lambda r: r.enqueue(workflow_sid="WW1").task('{"a": 1}', priority=5, timeout=30),
     '<Response><Enqueue workflowSid="WW1"><Task priority="5" timeout="30">{"a": 1}</Task></Enqueue></Response>'),
    ("enqueue-task-dict", lambda r: r.enqueue("q").task({"selected_language": "es"}),
     '<Response><Enqueue>q<Task>{"selected_language": "es"}</Task></Enqueue></Response>'),
    ("queue", lambda r: r.queue("support", url="/about", method="GET", reservation_sid="WR1",
                                post_work_activity_sid="WA1"),
     '<Response><Queue method="GET" postWorkActivitySid="WA1" reservationSid="WR1" url="/about">support</Queue>'
     "</Response>"),
    ("connect", lambda r: r.connect(action="/c", method="GET"),
     '<Response><Connect action="/c" method="GET" /></Response>'),
    ("start", lambda r: r.start(action="/s", method="POST"), '<Response><Start action="/s" method="POST" /></Response>'),
    ("stop", lambda r: r.stop(), "<Response><Stop /></Response>"),
    ("refer", lambda r: r.refer(action="/r", method="GET").sip("sip:a@b.example"),
     '<Response><Refer action="/r" method="GET"><Sip>sip:a@b.example</Sip></Refer></Response>'),
    ("prompt", lambda r: r.prompt(for_="payment-card-number", error_type="timeout", card_type="visa", attempt=2,
                                  require_matching_inputs=True),
     '<Response><Prompt attempt="2" cardType="visa" errorType="timeout" for="payment-card-number" '
     'requireMatchingInputs="true" /></Response>'),
    ("pay", lambda r: r.pay(input="dtmf", action="/p", bank_account_type="consumer-checking",
                            status_callback="/s", status_callback_method="GET", timeout=5, max_attempts=2,
                            security_code=True, postal_code=False, min_postal_code_length=5,
                            payment_connector="Stripe", payment_method="credit-card", token_type="one-time",
                            charge_amount="10.00", currency="usd", description="Order 1",
                            valid_card_types="visa amex", language="en-US"),
     '<Response><Pay action="/p" bankAccountType="consumer-checking" chargeAmount="10.00" currency="usd" '
     'description="Order 1" input="dtmf" language="en-US" maxAttempts="2" minPostalCodeLength="5" '
     'paymentConnector="Stripe" paymentMethod="credit-card" postalCode="false" securityCode="true" '
     'statusCallback="/s" statusCallbackMethod="GET" timeout="5" tokenType="one-time" '
     'validCardTypes="visa amex" /></Response>'),
    ("pay-prompt", lambda r: (p := r.pay(charge_amount="1.00").prompt(for_="expiration-date", attempt=1),
                              p.say("Enter expiry", language="en-US"), p.play("beep.mp3"), p.pause(length=2)),
     '<Response><Pay chargeAmount="1.00"><Prompt attempt="1" for="expiration-date"><Say language="en-US">'
     'Enter expiry</Say><Play>beep.mp3</Play><Pause length="2" /></Prompt></Pay></Response>'),
    ("pay-parameter", lambda r: r.pay().parameter(name="k", value="v"),
     '<Response><Pay><Parameter name="k" value="v" /></Pay></Response>'),
    ("hangup-parameter", lambda r: r.hangup().parameter(name="reason", value="done"),
     '<Response><Hangup><Parameter name="reason" value="done" /></Hangup></Response>'),
    ("reject-parameter", lambda r: r.reject().parameter(name="a", value=1),
     '<Response><Reject><Parameter name="a" value="1" /></Reject></Response>'),
]

DIAL = [
    ("dial-number-text", lambda r: r.dial("+15551234567", caller_id="+15550000000", timeout=20, record=True),
     '<Response><Dial callerId="+15550000000" record="true" timeout="20">+15551234567</Dial></Response>'),
    ("dial-attributes", lambda r: r.dial(action="/d", method="GET", hangup_on_star=True, time_limit=600,
                                         trim="do-not-trim", recording_status_callback="/rs",
                                         recording_configuration_id="RC", recording_status_callback_method="GET",
                                         recording_status_callback_event="in-progress completed",
                                         answer_on_bridge=True, ring_tone="us", recording_track="both",
                                         sequential=False, refer_url="/refer", refer_method="POST",
                                         events="call-progress-events", passports="p"),
     '<Response><Dial action="/d" answerOnBridge="true" events="call-progress-events" hangupOnStar="true" '
     'method="GET" passports="p" recordingConfigurationId="RC" recordingStatusCallback="/rs" '
     'recordingStatusCallbackEvent="in-progress completed" recordingStatusCallbackMethod="GET" '
     'recordingTrack="both" referMethod="POST" referUrl="/refer" ringTone="us" sequential="false" '
     'timeLimit="600" trim="do-not-trim" /></Response>'),
    ("number", lambda r: r.dial().number("+15551234567", send_digits="wwww1928", url="/screen", method="GET",
                                         status_callback_event="initiated ringing", status_callback="/s",
                                         status_callback_method="POST", byoc="BY1",
                                         machine_detection="Enable", amd_status_callback_method="GET",
                                         amd_status_callback="/amd", machine_detection_timeout=30,
                                         machine_detection_speech_threshold=2400,
                                         machine_detection_speech_end_threshold=1200,
                                         machine_detection_silence_timeout=5000),
     '<Response><Dial><Number amdStatusCallback="/amd" amdStatusCallbackMethod="GET" byoc="BY1" '
     'machineDetection="Enable" machineDetectionSilenceTimeout="5000" machineDetectionSpeechEndThreshold="1200" '
     'machineDetectionSpeechThreshold="2400" machineDetectionTimeout="30" method="GET" sendDigits="wwww1928" '
     'statusCallback="/s" statusCallbackEvent="initiated ringing" statusCallbackMethod="POST" url="/screen">'
     "+15551234567</Number></Dial></Response>"),
    ("client", lambda r: r.dial().client("joey", url="/c", method="GET", status_callback_event="answered",
                                         status_callback="/s", status_callback_method="POST"),
     '<Response><Dial><Client method="GET" statusCallback="/s" statusCallbackEvent="answered" '
     'statusCallbackMethod="POST" url="/c">joey</Client></Dial></Response>'),
    ("client-identity-parameter", lambda r: (c := r.dial().client(), c.identity("alice"),
                                             c.parameter(name="FirstName", value="Alice")),
     '<Response><Dial><Client><Identity>alice</Identity><Parameter name="FirstName" value="Alice" /></Client>'
     "</Dial></Response>"),
    ("conference", lambda r: r.dial().conference("Room 1", muted=False, beep="onEnter",
                                                 start_conference_on_enter=True, end_conference_on_exit=False,
                                                 wait_url="/w", wait_method="GET", max_participants=10,
                                                 record="record-from-start", recording_configuration_id="RC",
                                                 region="ie1", coach="CA1", trim="trim-silence",
                                                 status_callback_event="start end", status_callback="/s",
                                                 status_callback_method="GET", recording_status_callback="/rs",
                                                 recording_status_callback_method="POST",
                                                 recording_status_callback_event="completed",
                                                 event_callback_url="/e", jitter_buffer_size="small",
                                                 participant_label="agent"),
     '<Response><Dial><Conference beep="onEnter" coach="CA1" endConferenceOnExit="false" eventCallbackUrl="/e" '
     'jitterBufferSize="small" maxParticipants="10" muted="false" participantLabel="agent" '
     'record="record-from-start" recordingConfigurationId="RC" recordingStatusCallback="/rs" '
     'recordingStatusCallbackEvent="completed" recordingStatusCallbackMethod="POST" region="ie1" '
     'startConferenceOnEnter="true" statusCallback="/s" statusCallbackEvent="start end" '
     'statusCallbackMethod="GET" trim="trim-silence" waitMethod="GET" waitUrl="/w">Room 1</Conference>'
     "</Dial></Response>"),
    ("queue-noun", lambda r: r.dial().queue("support", url="/u", method="POST", reservation_sid="WR",
                                            post_work_activity_sid="WA"),
     '<Response><Dial><Queue method="POST" postWorkActivitySid="WA" reservationSid="WR" url="/u">support</Queue>'
     "</Dial></Response>"),
    ("sim", lambda r: r.dial().sim("DE123"), "<Response><Dial><Sim>DE123</Sim></Dial></Response>"),
    ("sip", lambda r: r.dial().sip("sip:x@y.example", username="u", password="p", url="/u", method="GET",
                                   status_callback_event="ringing", status_callback="/s",
                                   status_callback_method="POST", machine_detection="Enable",
                                   amd_status_callback_method="GET", amd_status_callback="/a",
                                   machine_detection_timeout=10, machine_detection_speech_threshold=1,
                                   machine_detection_speech_end_threshold=2, machine_detection_silence_timeout=3),
     '<Response><Dial><Sip amdStatusCallback="/a" amdStatusCallbackMethod="GET" machineDetection="Enable" '
     'machineDetectionSilenceTimeout="3" machineDetectionSpeechEndThreshold="2" '
     'machineDetectionSpeechThreshold="1" machineDetectionTimeout="10" method="GET" password="p" '
     'statusCallback="/s" statusCallbackEvent="ringing" statusCallbackMethod="POST" url="/u" username="u">'
     "sip:x@y.example</Sip></Dial></Response>"),
    ("sip-uri-headers", lambda r: (s := r.dial().sip(), s.uri("sip:a@b.example", priority=1, weight=2,
                                                              username="u", password="p"),
                                   s.headers().header(name="X-A", value="b")),
     '<Response><Dial><Sip><Uri password="p" priority="1" username="u" weight="2">sip:a@b.example</Uri>'
     '<Headers><Header name="X-A" value="b" /></Headers></Sip></Dial></Response>'),
    ("application", lambda r: r.dial().application("AP1", url="/u", method="GET", status_callback_event="x",
                                                   status_callback="/s", status_callback_method="POST",
                                                   customer_id="c", copy_parent_to=True),
     '<Response><Dial><Application copyParentTo="true" customerId="c" method="GET" statusCallback="/s" '
     'statusCallbackEvent="x" statusCallbackMethod="POST" url="/u">AP1</Application></Dial></Response>'),
    ("application-children", lambda r: (a := r.dial().application(), a.application_sid("AP2"),
                                        a.parameter(name="n", value="v")),
     '<Response><Dial><Application><ApplicationSid>AP2</ApplicationSid><Parameter name="n" value="v" />'
     "</Application></Dial></Response>"),
    ("whats-app", lambda r: r.dial().whats_app("+15551112222", url="/u", method="GET", status_callback_event="e",
                                               status_callback="/s", status_callback_method="POST"),
     '<Response><Dial><WhatsApp method="GET" statusCallback="/s" statusCallbackEvent="e" '
     'statusCallbackMethod="POST" url="/u">+15551112222</WhatsApp></Dial></Response>'),
]

CONNECT = [
    ("room", lambda r: r.connect().room("DailyStandup", participant_identity="alice"),
     '<Response><Connect><Room participantIdentity="alice">DailyStandup</Room></Connect></Response>'),
    ("autopilot", lambda r: r.connect().autopilot("UA1"),
     "<Response><Connect><Autopilot>UA1</Autopilot></Connect></Response>"),
    ("stream", lambda r: r.connect().stream(name="s", connector_name="c", url="wss://a.example/s", track="both_tracks",
                                            status_callback="/s", status_callback_method="GET",
                                            audio_format="pcm", sample_rate=8000),
     '<Response><Connect><Stream audioFormat="pcm" connectorName="c" name="s" sampleRate="8000" '
     'statusCallback="/s" statusCallbackMethod="GET" track="both_tracks" url="wss://a.example/s" /></Connect>'
     "</Response>"),
    ("stream-parameter", lambda r: r.connect().stream(url="wss://a").parameter(name="k", value="v"),
     '<Response><Connect><Stream url="wss://a"><Parameter name="k" value="v" /></Stream></Connect></Response>'),
    ("virtual-agent", lambda r: (v := r.connect().virtual_agent(connector_name="c", language="en-US",
                                                                sentiment_analysis=True, status_callback="/s",
                                                                status_callback_method="GET"),
                                 v.config(name="welcomeIntent", value="hi"), v.parameter(name="p", value=1)),
     '<Response><Connect><VirtualAgent connectorName="c" language="en-US" sentimentAnalysis="true" '
     'statusCallback="/s" statusCallbackMethod="GET"><Config name="welcomeIntent" value="hi" />'
     '<Parameter name="p" value="1" /></VirtualAgent></Connect></Response>'),
    ("conversation", lambda r: r.connect().conversation(service_instance_sid="IS1", inbound_autocreation=True,
                                                        routing_assignment_timeout=5, inbound_timeout=6, url="/u",
                                                        method="GET", record="true", trim="trim-silence",
                                                        recording_status_callback="/rs",
                                                        recording_status_callback_method="GET",
                                                        recording_status_callback_event="completed",
                                                        status_callback="/s", status_callback_method="POST",
                                                        status_callback_event="call-initiated"),
     '<Response><Connect><Conversation inboundAutocreation="true" inboundTimeout="6" method="GET" record="true" '
     'recordingStatusCallback="/rs" recordingStatusCallbackEvent="completed" recordingStatusCallbackMethod="GET" '
     'routingAssignmentTimeout="5" serviceInstanceSid="IS1" statusCallback="/s" '
     'statusCallbackEvent="call-initiated" statusCallbackMethod="POST" trim="trim-silence" url="/u" />'
     "</Connect></Response>"),
    ("conversation-relay", lambda r: r.connect().conversation_relay(
        url="wss://relay.example", language="en-US", tts_language="en-GB", transcription_language="en-AU",
        tts_provider="ElevenLabs", voice="v", transcription_provider="Deepgram", speech_model="nova-2",
        profanity_filter=True, dtmf_detection=False, welcome_greeting="Hi!", partial_prompts=True,
        welcome_greeting_interruptible="any", interruptible="speech", preemptible=False, hints="a,b",
        intelligence_service="GA1", report_input_during_agent_speech="none",
        elevenlabs_text_normalization="on", interrupt_sensitivity="high", debug="debugging",
        backgroundNoiseReduction=True, speechTimeout=500, deepgramSmartFormat=False, ignoreBackchannel=True,
        events="x", partial_prompt_on_hangup=True, eager_eot_threshold=0.5, asr_smart_format=True,
        tts_text_normalization="auto", tts_language_text_normalization="off",
        elevenlabs_language_text_normalization="on", include_in_prompt="all", customer_name="Acme",
        application_reconnect=True, echo_prompt_filtering=False, turn_detection="semantic"),
     '<Response><Connect><ConversationRelay applicationReconnect="true" asrSmartFormat="true" '
     'backgroundNoiseReduction="true" customerName="Acme" debug="debugging" deepgramSmartFormat="false" '
     'dtmfDetection="false" eagerEotThreshold="0.5" echoPromptFiltering="false" '
     'elevenlabsLanguageTextNormalization="on" elevenlabsTextNormalization="on" events="x" hints="a,b" '
     'ignoreBackchannel="true" includeInPrompt="all" intelligenceService="GA1" interruptSensitivity="high" '
     'interruptible="speech" language="en-US" partialPromptOnHangup="true" partialPrompts="true" '
     'preemptible="false" profanityFilter="true" reportInputDuringAgentSpeech="none" speechModel="nova-2" '
     'speechTimeout="500" transcriptionLanguage="en-AU" transcriptionProvider="Deepgram" '
     'ttsLanguage="en-GB" ttsLanguageTextNormalization="off" ttsProvider="ElevenLabs" '
     'ttsTextNormalization="auto" turnDetection="semantic" url="wss://relay.example" voice="v" '
     'welcomeGreeting="Hi!" welcomeGreetingInterruptible="any" /></Connect></Response>'),
    ("conversation-relay-children", lambda r: (c := r.connect().conversation_relay(url="wss://r"),
                                               c.language(code="fr-FR", tts_provider="Google", voice="fr-FR-A",
                                                          transcription_provider="Google", speech_model="long",
                                                          hints="x", asr_smart_format=True,
                                                          tts_text_normalization="on",
                                                          tts_language_text_normalization="off"),
                                               c.parameter(name="k", value="v")),
     '<Response><Connect><ConversationRelay url="wss://r"><Language asrSmartFormat="true" code="fr-FR" hints="x" '
     'speechModel="long" transcriptionProvider="Google" ttsLanguageTextNormalization="off" '
     'ttsProvider="Google" ttsTextNormalization="on" voice="fr-FR-A" /><Parameter name="k" value="v" />'
     "</ConversationRelay></Connect></Response>"),
    ("ai-session", lambda r: r.connect().ai_session(ai_connector="c", ai_session_configuration="cfg"),
     '<Response><Connect><AiSession aiConnector="c" aiSessionConfiguration="cfg" /></Connect></Response>'),
    ("conversation-relay-session", lambda r: r.connect().conversation_relay_session(connector="c",
                                                                                    session_configuration="s"),
     '<Response><Connect><ConversationRelaySession connector="c" sessionConfiguration="s" /></Connect>'
     "</Response>"),
]

START_STOP = [
    ("start-stream", lambda r: r.start().stream(name="s1", url="wss://a", track="inbound_track"),
     '<Response><Start><Stream name="s1" track="inbound_track" url="wss://a" /></Start></Response>'),
    ("start-siprec", lambda r: r.start().siprec(name="r", connector_name="c", track="both_tracks",
                                                status_callback="/s", status_callback_method="GET")
     .parameter(name="k", value="v"),
     '<Response><Start><Siprec connectorName="c" name="r" statusCallback="/s" statusCallbackMethod="GET" '
     'track="both_tracks"><Parameter name="k" value="v" /></Siprec></Start></Response>'),
    ("start-transcription", lambda r: (t := r.start().transcription(
        name="t", track="both_tracks", status_callback_url="/s", status_callback_method="GET",
        inbound_track_label="caller", outbound_track_label="agent", partial_results=True, language_code="en-US",
        transcription_engine="google", profanity_filter=False, speech_model="telephony", hints="x",
        enable_automatic_punctuation=True, intelligence_service="GA"),
        t.config(name="a", value="b"), t.parameter(name="c", value="d")),
     '<Response><Start><Transcription enableAutomaticPunctuation="true" hints="x" inboundTrackLabel="caller" '
     'intelligenceService="GA" languageCode="en-US" name="t" outboundTrackLabel="agent" partialResults="true" '
     'profanityFilter="false" speechModel="telephony" statusCallbackMethod="GET" statusCallbackUrl="/s" '
     'track="both_tracks" transcriptionEngine="google"><Config name="a" value="b" />'
     '<Parameter name="c" value="d" /></Transcription></Start></Response>'),
    ("start-recording", lambda r: r.start().recording(recording_status_callback="/rs",
                                                      recording_status_callback_method="GET",
                                                      recording_status_callback_event="completed", trim="x",
                                                      track="inbound", channels="dual",
                                                      recording_configuration_id="RC"),
     '<Response><Start><Recording channels="dual" recordingConfigurationId="RC" recordingStatusCallback="/rs" '
     'recordingStatusCallbackEvent="completed" recordingStatusCallbackMethod="GET" track="inbound" trim="x" />'
     "</Start></Response>"),
    ("stop-children", lambda r: (s := r.stop(), s.stream(name="s1"), s.siprec(name="r"), s.transcription(name="t")),
     '<Response><Stop><Stream name="s1" /><Siprec name="r" /><Transcription name="t" /></Stop></Response>'),
]

SSML = [
    ("break", lambda r: r.say("a").break_(strength="x-weak", time="100ms"),
     '<Response><Say>a<break strength="x-weak" time="100ms" /></Say></Response>'),
    ("emphasis", lambda r: r.say().emphasis("really", level="strong"),
     '<Response><Say><emphasis level="strong">really</emphasis></Say></Response>'),
    ("lang", lambda r: r.say().lang("Bonjour", xml_lang="fr-FR"),
     '<Response><Say><lang xml:lang="fr-FR">Bonjour</lang></Say></Response>'),
    ("p", lambda r: r.say().p("A paragraph."), "<Response><Say><p>A paragraph.</p></Say></Response>"),
    ("phoneme", lambda r: r.say().phoneme("tomato", alphabet="ipa", ph="təˈmeɪtoʊ"),
     '<Response><Say><phoneme alphabet="ipa" ph="təˈmeɪtoʊ">tomato</phoneme></Say></Response>'),
    ("prosody", lambda r: r.say().prosody("slow", volume="loud", rate="50%", pitch="+5%"),
     '<Response><Say><prosody pitch="+5%" rate="50%" volume="loud">slow</prosody></Say></Response>'),
    ("s", lambda r: r.say().s("A sentence."), "<Response><Say><s>A sentence.</s></Say></Response>"),
    ("say-as", lambda r: r.say().say_as("12345", interpret_as="spell-out", format="x"),
     '<Response><Say><say-as format="x" interpret-as="spell-out">12345</say-as></Say></Response>'),
    ("sub", lambda r: r.say().sub("W3C", alias="World Wide Web Consortium"),
     '<Response><Say><sub alias="World Wide Web Consortium">W3C</sub></Say></Response>'),
    ("w", lambda r: r.say().w("read", role="amazon:VBD"),
     '<Response><Say><w role="amazon:VBD">read</w></Say></Response>'),
    ("ssml-nesting", lambda r: (p := r.say("Hi", voice="Polly.Amy").p(), p.s("One").emphasis("two").w("three"),
                                p.prosody(rate="slow").lang("vier", xml_lang="de-DE").say_as("5", interpret_as="digits")),
     '<Response><Say voice="Polly.Amy">Hi<p><s>One<emphasis>two<w>three</w></emphasis></s>'
     '<prosody rate="slow"><lang xml:lang="de-DE">vier<say-as interpret-as="digits">5</say-as></lang></prosody>'
     "</p></Say></Response>"),
    ("ssml-mixed-text", lambda r: (s := r.say("Hello"), s.break_(time="1s"), s.append("world,"),
                                   s.emphasis("friend"), s.append("!")),
     '<Response><Say>Hello<break time="1s" />world,<emphasis>friend</emphasis>!</Say></Response>'),
]

ALL = VERBS + DIAL + CONNECT + START_STOP + SSML


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in ALL], ids=[c[0] for c in ALL])
def test_voice_document(build: Callable[[VoiceResponse], object], expected: str) -> None:
    assert body(build) == expected


def test_every_voice_class_is_covered() -> None:
    """The cases above write every element class of the module at least once."""
    from twilio_twiml import parse

    seen: set[type] = set()
    for _, build, expected in ALL:
        pending = [parse(expected, response_class=VoiceResponse)]
        while pending:
            node = pending.pop()
            seen.add(type(node))
            pending.extend(v for v in node.verbs if not isinstance(v, str))
    assert {getattr(vr, name) for name in vr.__all__} - seen == set()


def test_declaration_and_str() -> None:
    response = VoiceResponse()
    response.say("Hi")
    assert str(response) == DECL + "<Response><Say>Hi</Say></Response>"
    assert response.to_xml() == str(response)
    assert response.to_xml(xml_declaration=False) == "<Response><Say>Hi</Say></Response>"


def test_typical_voice_document_with_blocks() -> None:
    response = VoiceResponse()
    with response.gather(action="/menu", method="POST", num_digits=1) as gather:
        gather.say("Press 1 for sales.", voice="alice", language="en-US")
    response.say("We did not receive any input. Goodbye!")
    with response.dial(caller_id="+15550001111") as dial:
        dial.number("+15552223333")
        dial.client("support_agent")
    response.record()
    response.redirect("/voice")
    assert str(response) == (
        DECL + '<Response><Gather action="/menu" method="POST" numDigits="1">'
        '<Say language="en-US" voice="alice">Press 1 for sales.</Say></Gather>'
        "<Say>We did not receive any input. Goodbye!</Say>"
        '<Dial callerId="+15550001111"><Number>+15552223333</Number><Client>support_agent</Client></Dial>'
        "<Record /><Redirect>/voice</Redirect></Response>"
    )


def test_elements_built_directly_and_appended() -> None:
    response = VoiceResponse()
    dial = vr.Dial(caller_id="+1555", timeout=10)
    dial.append(vr.Number("+1666", send_digits="ww1"))
    assert response.append(dial) is response
    assert response.nest(vr.Hangup()).name == "Hangup"
    assert response.to_xml(False) == (
        '<Response><Dial callerId="+1555" timeout="10"><Number sendDigits="ww1">+1666</Number></Dial>'
        "<Hangup /></Response>"
    )


def test_methods_return_the_new_child_with_its_class() -> None:
    response = VoiceResponse()
    assert type(response.dial()) is vr.Dial
    assert type(response.refer().sip("sip:a")) is vr.ReferSip
    assert type(response.dial().sip().uri("sip:b")) is vr.SipUri
    assert type(response.say().break_()) is vr.SsmlBreak


def test_required_text_is_required() -> None:
    response = VoiceResponse()
    with pytest.raises(TypeError):
        response.redirect()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        vr.Number()  # type: ignore[call-arg]


def test_positional_attributes_as_in_the_official_signatures() -> None:
    response = VoiceResponse()
    response.say("Hi", "alice", 2, "en-GB")
    response.redirect("/x", "GET")
    assert response.to_xml(False) == (
        '<Response><Say language="en-GB" loop="2" voice="alice">Hi</Say><Redirect method="GET">/x</Redirect></Response>'
    )


def test_forbidden_character_names_the_element() -> None:
    response = VoiceResponse()
    response.dial().number("+1555\x00")
    with pytest.raises(TwiMLException, match="<Number> text contains U\\+0000"):
        str(response)
