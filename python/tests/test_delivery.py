"""Out-of-band delivery through the binding: ProviderConfig / MessageSender (redaction, typed
errors), and Dispatcher journeys against the loopback provider fakes (tests/fakes/server.py),
with the memory store and, when OTPKIT_REDIS_URL is set, Redis (a fresh key prefix per test).

Journeys: delivered first try (the fake posts the receipt to a loopback webhook listener, which
hands it to Dispatcher.receipt); a failed SMS receipt -> WhatsApp -> delivered; no receipt within
the wait -> voice; a definitive provider refusal -> the next step at once; a forged receipt
refused; concurrent resends from threads send once. The code is read from the request the fake
received and verified with Dispatcher.codes(). Time is injected (a settable clock); the fakes and
the listener run on loopback only. test_delivery_async.py runs the coroutine forms.
"""

import os
import secrets
import threading

import pytest

from delivery_support import (
    DEXATEL_KEY,
    DEXATEL_NUMBER,
    DEXATEL_SECRET,
    DEXATEL_TEMPLATE,
    RECEIPT_TOKEN,
    TEXTLOCAL_KEY,
    TWILIO_SID,
    TWILIO_TOKEN,
    Fakes,
    WebhookListener,
    code_in,
)
from otpkit import (
    DeliveryChannel,
    DeliveryState,
    DeliveryStatus,
    DeliveryUpdate,
    DispatchConfig,
    DispatchOutcome,
    Dispatcher,
    FallbackPolicy,
    FallbackStep,
    InvalidInputKind,
    LimitScope,
    MessageBirdVoice,
    MessageBirdWhatsApp,
    MessageSender,
    MessageTemplate,
    OobBinding,
    OobOutcome,
    OtpError,
    Pepper,
    ProviderConfig,
    ProviderKind,
    RateLimit,
    ReceiptOutcome,
    RetryPolicy,
    SendFailure,
    SensitiveText,
    TextlocalRegion,
    TimeSource,
    TwilioApiKey,
    VerificationStore,
    VonageApplication,
    WhatsAppTemplate,
    default_dispatch_config,
    default_redis_store_options,
    default_retry_policy,
    no_send_limits,
)

REDIS_URL = os.environ.get("OTPKIT_REDIS_URL", "")
T = 1_764_604_800
TO = "+447700900123"
BINDING = OobBinding(purpose="login", subject="user-42")
TEMPLATES = [
    MessageTemplate(channel=DeliveryChannel.SMS, template="{code} is your Acme code"),
    MessageTemplate(channel=DeliveryChannel.WHATS_APP, template="Your Acme code: {code}"),
    MessageTemplate(channel=DeliveryChannel.VOICE, template="{code} is your Acme code"),
]


class Clock(TimeSource):
    def __init__(self, now=T):
        self.now = now

    def now_unix(self):
        return self.now


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "redis" and not REDIS_URL:
        pytest.skip("OTPKIT_REDIS_URL is not set (start one with tests/redis/start.sh)")
    if request.param == "memory":
        return VerificationStore.memory()
    options = default_redis_store_options()
    options.prefix = f"otpkit-pytest-dlv-{secrets.token_hex(8)}"
    return VerificationStore.redis_blocking(REDIS_URL, options)


@pytest.fixture
def fakes(fakes_server):
    f = Fakes()
    yield f
    assert f.violations() == [], "a request broke a provider's documented shape"


@pytest.fixture
def hooks():
    listener = WebhookListener()
    yield listener
    listener.close()


def textlocal(fakes, **kw):
    return MessageSender(ProviderConfig.TEXTLOCAL(
        SensitiveText(TEXTLOCAL_KEY), SensitiveText(RECEIPT_TOKEN), base_url=fakes.base("textlocal")), **kw)


def dexatel(fakes, **kw):
    return MessageSender(ProviderConfig.DEXATEL(
        SensitiveText(DEXATEL_KEY), SensitiveText(DEXATEL_SECRET), base_url=fakes.base("dexatel"),
        whatsapp_template=DEXATEL_TEMPLATE, voice=True), **kw)


def make(store, hooks, steps, clock, purpose="login"):
    policy = FallbackPolicy(purpose=purpose, steps=steps, templates=TEMPLATES)
    d = Dispatcher(store, [Pepper.generate("k1")], [policy], time=clock, limits=no_send_limits())
    hooks.dispatcher = d
    return d


def sms_step(sender, hooks, wait=60):
    return FallbackStep(channel=DeliveryChannel.SMS, sender=sender, sender_id="Acme", wait=wait,
                        callback_url=hooks.url("textlocal"))


def dexatel_step(sender, channel, wait=60):
    return FallbackStep(channel=channel, sender=sender, sender_id=DEXATEL_NUMBER, wait=wait)


def receipt_url(hooks):
    """Where Textlocal posts receipts: our callback with our token (as the adapter sends it)."""
    return f"{hooks.url('textlocal')}?otpkit_token={RECEIPT_TOKEN}"


# --- configuration, senders, redaction, errors ---


def test_provider_configs_and_senders_never_show_credentials(fakes):
    key, token = "tl-live-key-9f8e7d6c5b", "rcpt_live_0123456789abc"
    configs = [
        ProviderConfig.TEXTLOCAL(SensitiveText(key), SensitiveText(token), TextlocalRegion.INDIA),
        ProviderConfig.DEXATEL(SensitiveText(key), SensitiveText(token)),
        ProviderConfig.LABS_MOBILE("ops@acme.example", SensitiveText(key), SensitiveText(token)),
    ]
    assert [c.kind() for c in configs] == [ProviderKind.TEXTLOCAL, ProviderKind.DEXATEL, ProviderKind.LABS_MOBILE]
    assert configs[0].is_textlocal() and configs[1].is_dexatel() and configs[2].is_labs_mobile()
    assert configs[0].region == TextlocalRegion.INDIA and configs[0].base_url is None
    assert configs[0].api_key.reveal() == key  # only through an explicit reveal()
    for c in configs:
        sender = MessageSender(c)
        step = FallbackStep(channel=DeliveryChannel.SMS, sender=sender, sender_id="Acme", wait=30)
        policy = FallbackPolicy(purpose="login", steps=[step], templates=TEMPLATES[:1])
        d = Dispatcher(VerificationStore.memory(), [Pepper.generate("k1")], [policy])
        for shown in (repr(c), str(c), repr(sender), str(sender), repr(step), repr(policy), repr(d)):
            assert key not in shown and token not in shown, shown
        assert "redacted" in repr(c), repr(c)
    assert repr(configs[2]).startswith('ProviderConfig.LABS_MOBILE(username="ops@acme.example"')


def test_config_match_and_type_checks():
    c = ProviderConfig.DEXATEL(SensitiveText("k" * 16), SensitiveText("s" * 20), voice=True)
    assert isinstance(c, ProviderConfig) and isinstance(c, ProviderConfig.DEXATEL)
    assert (c.base_url, c.whatsapp_template, c.voice) == (None, None, True)
    got = {}
    exec("match c:\n    case ProviderConfig.DEXATEL(_, _, base, template, voice):\n"
         "        got['v'] = (base, template, voice)\n", {"c": c, "ProviderConfig": ProviderConfig, "got": got})
    assert got["v"] == (None, None, True)
    with pytest.raises(TypeError):
        ProviderConfig.TEXTLOCAL("plain-str-key", SensitiveText("t" * 20))  # credentials are SensitiveText
    with pytest.raises(TypeError):
        MessageSender(c).supports("sms")


def test_bad_configs_and_sender_ids_are_typed_errors():
    with pytest.raises(OtpError.InvalidInput) as info:
        MessageSender(ProviderConfig.DEXATEL(SensitiveText("k"), SensitiveText("short")))
    assert info.value.kind == InvalidInputKind.SERVER_CONFIG and info.value.field == "config"
    assert "short" not in str(info.value)
    with pytest.raises(OtpError.InvalidInput) as info:
        MessageSender(ProviderConfig.TEXTLOCAL(SensitiveText("key-0001"), SensitiveText(RECEIPT_TOKEN),
                                               base_url="http://provider.example/"))
    assert info.value.kind == InvalidInputKind.SERVER_CONFIG  # plain http only to loopback
    good = ProviderConfig.TEXTLOCAL(SensitiveText("key-0001"), SensitiveText(RECEIPT_TOKEN))
    with pytest.raises(OtpError.InvalidInput):
        MessageSender(good, RetryPolicy(attempts=0))
    sender = MessageSender(good, default_retry_policy())
    assert sender.supports(DeliveryChannel.SMS) and not sender.supports(DeliveryChannel.WHATS_APP)
    with pytest.raises(OtpError.InvalidInput) as info:
        sender.check_sender(DeliveryChannel.SMS, "AB")
    assert (info.value.kind, info.value.field) == (InvalidInputKind.SENDER_ID, "too_short")
    step = FallbackStep(channel=DeliveryChannel.SMS, sender=sender, sender_id="Acme!", wait=30)
    with pytest.raises(OtpError.InvalidInput) as info:
        Dispatcher(VerificationStore.memory(), [Pepper.generate("k1")],
                   [FallbackPolicy(purpose="login", steps=[step], templates=TEMPLATES[:1])])
    assert (info.value.kind, info.value.field) == (InvalidInputKind.SENDER_ID, "bad_character")
    step.sender_id = "Acme"
    with pytest.raises(OtpError.InvalidInput):  # no template for the step's channel
        Dispatcher(VerificationStore.memory(), [Pepper.generate("k1")],
                   [FallbackPolicy(purpose="login", steps=[step], templates=TEMPLATES[1:])])
    d = Dispatcher(VerificationStore.memory(), [Pepper.generate("k1")],
                   [FallbackPolicy(purpose="login", steps=[step], templates=TEMPLATES)])
    with pytest.raises(OtpError.InvalidInput) as info:
        d.start_blocking(OobBinding(purpose="signup", subject="u"), TO, unix_time=T)
    assert (info.value.kind, info.value.field) == (InvalidInputKind.REQUEST, "purpose")
    with pytest.raises(OtpError.InvalidInput) as info:
        d.start_blocking(BINDING, "07700 900123", unix_time=T)
    assert (info.value.kind, info.value.field) == (InvalidInputKind.REQUEST, "to")
    with pytest.raises(OtpError.InvalidInput):
        d.status_blocking("not-a-challenge")


def test_records_and_defaults():
    assert default_retry_policy() == RetryPolicy() == RetryPolicy(
        attempts=3, timeout_ms=10_000, initial_backoff_ms=250, max_backoff_ms=4_000)
    assert default_dispatch_config() == DispatchConfig(receipt_grace=3600, claim_lease=120)
    assert repr(DispatchConfig()) == "DispatchConfig(receipt_grace=3600, claim_lease=120)"
    u = DeliveryUpdate(challenge_id="ab" * 16, seq=0, step=0, channel=DeliveryChannel.SMS,
                       status=DeliveryStatus.DELIVERED, changed=True)
    assert ReceiptOutcome.RECORDED([u]).updates == [u]
    assert DispatchOutcome.UNKNOWN_CHALLENGE().is_unknown_challenge()
    failed = DispatchOutcome.SEND_FAILED(ProviderKind.DEXATEL, SendFailure.REJECTED, "refused")
    assert failed.provider_code is None and failed.is_send_failed()
    assert repr(DeliveryState(sends=[], delivered=False)) == "DeliveryState(sends=[], delivered=False)"


# --- journeys against the fakes ---


def test_delivered_first_try(store, fakes, hooks):
    clock = Clock()
    fakes.control("textlocal", receipt={"status": "delivered", "url": receipt_url(hooks), "delay_ms": 20})
    d = make(store, hooks, [sms_step(textlocal(fakes), hooks)], clock)
    out = d.start_blocking(BINDING, TO, ip="203.0.113.9", country="GB")
    assert isinstance(out, DispatchOutcome.SENT), out
    assert (out.step, out.channel, out.seq, out.wait_until) == (0, DeliveryChannel.SMS, 0, T + 60)
    cid = out.challenge_id
    assert fakes.messages("textlocal")[0]["receipt_url"] == receipt_url(hooks)
    [(provider, receipt)] = hooks.received(1)
    assert provider == ProviderKind.TEXTLOCAL
    match_updates = receipt.updates if isinstance(receipt, ReceiptOutcome.RECORDED) else None
    assert match_updates and match_updates[0].challenge_id == cid, receipt
    assert (match_updates[0].status, match_updates[0].changed) == (DeliveryStatus.DELIVERED, True)
    state = d.status_blocking(cid)
    assert state.delivered and len(state.sends) == 1
    send = state.sends[0]
    assert (send.provider, send.channel, send.status, send.sent_at) == (
        ProviderKind.TEXTLOCAL, DeliveryChannel.SMS, DeliveryStatus.DELIVERED, T)
    assert send.message_id
    assert d.advance_blocking(cid, BINDING, TO) == DispatchOutcome.DELIVERED(cid, 0, DeliveryChannel.SMS)
    code = code_in(fakes.requests("textlocal")[0])
    assert code not in repr(out) + repr(state) + repr(receipt)
    assert d.codes().verify_blocking(cid, BINDING, code) == OobOutcome.ACCEPTED(challenge_id=cid)


def test_failed_sms_receipt_falls_back_to_whatsapp(store, fakes, hooks):
    clock = Clock()
    fakes.control("textlocal", receipt={"status": "failed", "url": receipt_url(hooks), "delay_ms": 20})
    fakes.control("dexatel", receipt={"status": "delivered", "url": hooks.url("dexatel"), "delay_ms": 20})
    d = make(store, hooks, [sms_step(textlocal(fakes), hooks),
                            dexatel_step(dexatel(fakes), DeliveryChannel.WHATS_APP)], clock)
    cid = d.start_blocking(BINDING, TO).challenge_id
    [(_, first)] = hooks.received(1)
    assert first.is_recorded() and first.updates[0].status == DeliveryStatus.FAILED
    old_code = code_in(fakes.requests("textlocal")[0])
    # The failure is known at once, but the resend cooldown (30 s) still runs.
    clock.now = T + 5
    waiting = d.advance_blocking(cid, BINDING, TO)
    assert isinstance(waiting, DispatchOutcome.WAITING) and waiting.until == T + 30, waiting
    clock.now = T + 30
    out = d.advance_blocking(cid, BINDING, TO)
    assert isinstance(out, DispatchOutcome.SENT) and (out.step, out.channel, out.seq) == (
        1, DeliveryChannel.WHATS_APP, 1), out
    hooks.received(2)
    state = d.status_blocking(cid)
    assert [s.status for s in state.sends] == [DeliveryStatus.FAILED, DeliveryStatus.DELIVERED]
    assert [s.provider for s in state.sends] == [ProviderKind.TEXTLOCAL, ProviderKind.DEXATEL]
    assert state.delivered
    new_code = code_in(fakes.requests("dexatel")[0])
    codes = d.codes()
    if new_code != old_code:  # never two live codes: the SMS code is dead
        assert codes.verify_blocking(cid, BINDING, old_code).is_invalid()
    assert codes.verify_blocking(cid, BINDING, new_code).is_accepted()


def test_no_receipt_within_the_wait_moves_to_voice(store, fakes, hooks):
    clock = Clock()
    d = make(store, hooks, [sms_step(textlocal(fakes), hooks, wait=60),
                            dexatel_step(dexatel(fakes), DeliveryChannel.VOICE)], clock)
    cid = d.start_blocking(BINDING, TO).challenge_id
    clock.now = T + 45
    assert d.advance_blocking(cid, BINDING, TO) == DispatchOutcome.WAITING(cid, 0, T + 60)
    clock.now = T + 61
    out = d.advance_blocking(cid, BINDING, TO)
    assert isinstance(out, DispatchOutcome.SENT) and out.channel == DeliveryChannel.VOICE, out
    [voice] = fakes.requests("dexatel")
    assert '"VOICE"' in voice["body"]
    code = code_in(voice)
    assert d.status_blocking(cid).sends[1].status == DeliveryStatus.ACCEPTED
    clock.now = T + 200
    assert d.advance_blocking(cid, BINDING, TO) == DispatchOutcome.EXHAUSTED(cid)
    assert d.codes().verify_blocking(cid, BINDING, code).is_accepted()


def test_definitive_refusal_moves_on_at_once_and_the_last_failure_is_reported(store, fakes, hooks):
    clock = Clock()
    refused_to = "+447700900007"  # the Textlocal fake answers error 7 "Insufficient credits."
    d = make(store, hooks, [sms_step(textlocal(fakes), hooks),
                            dexatel_step(dexatel(fakes), DeliveryChannel.WHATS_APP)], clock)
    out = d.start_blocking(BINDING, refused_to)
    assert isinstance(out, DispatchOutcome.SENT) and out.channel == DeliveryChannel.WHATS_APP, out
    state = d.status_blocking(out.challenge_id)
    assert [s.status for s in state.sends] == [DeliveryStatus.FAILED, DeliveryStatus.ACCEPTED]
    only = make(store, hooks, [sms_step(textlocal(fakes), hooks)], clock, purpose="login")
    failed = only.start_blocking(OobBinding(purpose="login", subject="user-43"), refused_to)
    assert isinstance(failed, DispatchOutcome.SEND_FAILED), failed
    assert (failed.provider, failed.failure, failed.provider_code) == (
        ProviderKind.TEXTLOCAL, SendFailure.REJECTED, "7")
    assert "7700900007" not in failed.reason
    us = only.start_blocking(OobBinding(purpose="login", subject="user-44"), "+14155550123", country="US")
    assert us == DispatchOutcome.SENDER_REFUSED(us.rule, us.reason) and us.rule == "not_in_country", us


def test_forged_receipts_are_refused(store, fakes, hooks):
    clock = Clock()
    d = make(store, hooks, [sms_step(textlocal(fakes), hooks),
                            dexatel_step(dexatel(fakes), DeliveryChannel.WHATS_APP)], clock)
    cid = d.start_blocking(BINDING, TO).challenge_id
    [message] = fakes.messages("textlocal")
    body = f"number=447700900123&status=D&customID={message['id']}&datetime=2026-12-01+16%3A00%3A00".encode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    hook = hooks.url("textlocal")
    for url in (hook, f"{hook}?otpkit_token=rcpt_tok_0123456789abcdeX"):
        forged = d.receipt_blocking(ProviderKind.TEXTLOCAL, "POST", url, form, body)
        assert isinstance(forged, ReceiptOutcome.UNAUTHENTICATED), forged
    dx = b'{"data": {"message_id": "x", "status": "delivered"}}'
    forged = d.receipt_blocking(ProviderKind.DEXATEL, "POST", hooks.url("dexatel"),
                                {"Content-Type": "application/json", "X-Dexatel-Signature": "AAAA"}, dx)
    assert forged.is_unauthenticated(), forged
    assert not d.status_blocking(cid).delivered
    # The genuine receipt (the token in the URL) is recorded.
    genuine = d.receipt_blocking(ProviderKind.TEXTLOCAL, "POST", receipt_url(hooks), form, body)
    assert genuine.is_recorded() and genuine.updates[0].challenge_id == cid, genuine
    assert d.status_blocking(cid).delivered
    # A receipt for a message the store does not know.
    other = body.replace(message["id"].encode(), b"nobody.0")
    assert d.receipt_blocking(ProviderKind.TEXTLOCAL, "POST", receipt_url(hooks), form, other) == \
        ReceiptOutcome.UNKNOWN_MESSAGE()
    assert d.receipt_blocking(ProviderKind.TEXTLOCAL, "POST", receipt_url(hooks), form,
                              b"x" * (65 * 1024)).is_too_large()


def test_concurrent_resends_from_threads_send_once(store, fakes, hooks):
    clock = Clock()
    d = make(store, hooks, [sms_step(textlocal(fakes), hooks),
                            dexatel_step(dexatel(fakes), DeliveryChannel.WHATS_APP)], clock)
    cid = d.start_blocking(BINDING, TO).challenge_id
    clock.now = T + 61  # cooldown and the SMS wait are over
    n = 8
    barrier = threading.Barrier(n)
    results, errors = [], []

    def resend():
        try:
            barrier.wait(timeout=10)
            results.append(d.resend_blocking(cid, BINDING, TO, unix_time=T + 61))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=resend) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    sent = [r for r in results if r.is_sent()]
    assert len(results) == n and len(sent) == 1, results
    assert sent[0].channel == DeliveryChannel.WHATS_APP
    for r in results:
        assert r.is_sent() or r.is_waiting() or (r.is_rate_limited() and r.scope == LimitScope.COOLDOWN), r
    assert len(fakes.requests("textlocal")) == 1 and len(fakes.requests("dexatel")) == 1
    assert len(d.status_blocking(cid).sends) == 2


def test_a_python_clock_that_raises_refuses_the_call(fakes, hooks):
    class Broken(TimeSource):
        def now_unix(self):
            raise RuntimeError("clock broke")

    d = make(VerificationStore.memory(), hooks, [sms_step(textlocal(fakes), hooks)], Broken())
    with pytest.raises(RuntimeError, match="clock broke"):
        d.start_blocking(BINDING, TO)
    assert fakes.requests("textlocal") == []  # nothing sent
    assert d.start_blocking(BINDING, TO, unix_time=T).is_sent()


def test_provider_outage_and_timeout_are_not_repeated_and_wait(fakes, hooks):
    """A 5xx or a timeout may have sent (Textlocal documents no idempotency): no retry and no
    fallback at once; the send is logged as may-have-gone-out and waits for its step's wait."""
    clock = Clock()
    retry = RetryPolicy(attempts=3, timeout_ms=1000, initial_backoff_ms=1, max_backoff_ms=2)
    d = make(VerificationStore.memory(), hooks,
             [sms_step(textlocal(fakes, retry=retry), hooks), dexatel_step(dexatel(fakes), DeliveryChannel.WHATS_APP)],
             clock)
    for n, script in enumerate(({"fail": [503]}, {"fail": [0], "hang_ms": 1500})):
        fakes.control("textlocal", **script)
        out = d.start_blocking(OobBinding(purpose="login", subject=f"user-{n}"), TO)
        assert isinstance(out, DispatchOutcome.SENT) and out.channel == DeliveryChannel.SMS, out
        assert len(fakes.requests("textlocal")) == n + 1 and len(fakes.requests("dexatel")) == n
        [send] = d.status_blocking(out.challenge_id).sends
        assert (send.status, send.message_id, send.error) == (DeliveryStatus.ACCEPTED, None, "unavailable")
        clock.now += 61  # no receipt can come: after the wait, the next step
        nxt = d.advance_blocking(out.challenge_id, OobBinding(purpose="login", subject=f"user-{n}"), TO)
        assert isinstance(nxt, DispatchOutcome.SENT) and nxt.channel == DeliveryChannel.WHATS_APP, nxt


def test_send_limits_hold_across_channels(store, fakes, hooks):
    """Every send counts against the destination's limit, whatever the channel."""
    clock = Clock()
    limits = no_send_limits()
    limits.per_destination = [RateLimit(max=2, window=3600)]
    policy = FallbackPolicy(purpose="login", steps=[
        sms_step(textlocal(fakes), hooks), dexatel_step(dexatel(fakes), DeliveryChannel.WHATS_APP),
        dexatel_step(dexatel(fakes), DeliveryChannel.VOICE)], templates=TEMPLATES)
    d = Dispatcher(store, [Pepper.generate("k1")], [policy], time=clock, limits=limits)
    cid = d.start_blocking(BINDING, TO).challenge_id
    clock.now = T + 61
    assert d.advance_blocking(cid, BINDING, TO).channel == DeliveryChannel.WHATS_APP
    clock.now = T + 122
    refused = d.advance_blocking(cid, BINDING, TO)
    assert isinstance(refused, DispatchOutcome.RATE_LIMITED) and refused.scope == LimitScope.DESTINATION, refused
    assert refused.retry_after > 0
    other = d.start_blocking(OobBinding(purpose="login", subject="someone-else"), TO)
    assert other.is_rate_limited() and other.scope == LimitScope.DESTINATION, other
    assert len(fakes.requests("textlocal")) == 1 and len(fakes.requests("dexatel")) == 1


def test_every_provider_config_builds_a_redacted_sender(fakes):
    key, secret = "live-key-9f8e7d6c5b4a", "live-secret-0123456789abcdef"
    s = SensitiveText
    configs = {
        ProviderKind.TWILIO: ProviderConfig.TWILIO(
            TWILIO_SID, s(secret), api_key=TwilioApiKey(sid="SK0123456789abcdef0123456789abcdef", secret=s(key)),
            voice=True),
        ProviderKind.VONAGE: ProviderConfig.VONAGE(
            "abcd1234", s(key), s(secret), whatsapp_template=WhatsAppTemplate(name="otp", language="en_US")),
        ProviderKind.MESSAGE_BIRD: ProviderConfig.MESSAGE_BIRD(
            s(key), s(secret), voice=MessageBirdVoice(language="en-gb"),
            whatsapp=MessageBirdWhatsApp(channel_id="c" * 32, namespace="ns_0001", template_name="otp",
                                         language="en")),
        ProviderKind.SLEEK_FLOW: ProviderConfig.SLEEK_FLOW(
            s(key), s("sf_webhook_token_0123456789"), WhatsAppTemplate(name="otp", language="en")),
    }
    for kind, config in configs.items():
        assert config.kind() == kind
        sender = MessageSender(config, time=Clock())
        assert sender.kind() == kind
        for shown in (repr(config), str(config), repr(sender)):
            assert key not in shown and secret not in shown and "sf_webhook_token" not in shown, shown
    twilio = configs[ProviderKind.TWILIO]
    assert twilio.is_twilio() and twilio.api_key.secret.reveal() == key and twilio.voice
    assert MessageSender(twilio).supports(DeliveryChannel.VOICE)
    assert MessageSender(configs[ProviderKind.SLEEK_FLOW]).supports(DeliveryChannel.WHATS_APP)
    assert not MessageSender(configs[ProviderKind.SLEEK_FLOW]).supports(DeliveryChannel.SMS)
    app = VonageApplication(id="aaaaaaaa-bbbb-cccc-dddd-0123456789ab", private_key=s("-----BEGIN PRIVATE KEY-----"))
    assert "BEGIN" not in repr(app) and app.private_key.reveal().startswith("-----BEGIN")


def test_twilio_sms_with_its_signed_status_callback(store, fakes, hooks):
    """The Twilio fake posts the documented, signed status callback to the step's callback URL
    (the listener); a tampered or unsigned one is refused."""
    twilio = MessageSender(ProviderConfig.TWILIO(TWILIO_SID, SensitiveText(TWILIO_TOKEN),
                                                 base_url=fakes.base("twilio")))
    step = FallbackStep(channel=DeliveryChannel.SMS, sender=twilio, sender_id="Acme", wait=60,
                        callback_url=hooks.url("twilio"))
    d = make(store, hooks, [step], None)
    fakes.control("twilio", receipt={"status": "delivered", "url": hooks.url("twilio"), "delay_ms": 20})
    out = d.start_blocking(BINDING, TO)
    assert isinstance(out, DispatchOutcome.SENT), out
    [(provider, got)] = hooks.received(1)
    assert provider == ProviderKind.TWILIO and got.is_recorded(), got
    assert got.updates[0].status == DeliveryStatus.DELIVERED
    state = d.status_blocking(out.challenge_id)
    assert state.delivered and state.sends[0].message_id == fakes.messages("twilio")[0]["id"]
    hook = fakes.receipt("twilio", "failed", url=hooks.url("twilio"))
    headers, body = hook["headers"], hook["body"].encode()
    unsigned = {k: v for k, v in headers.items() if k.lower() != "x-twilio-signature"}
    tampered = body.replace(b"failed", b"delivered") if b"failed" in body else body + b"&x=1"
    assert d.receipt_blocking(ProviderKind.TWILIO, "POST", hook["url"], unsigned, body).is_unauthenticated()
    assert d.receipt_blocking(ProviderKind.TWILIO, "POST", hook["url"], headers, tampered).is_unauthenticated()
    code = code_in(fakes.requests("twilio")[0])
    assert d.codes().verify_blocking(out.challenge_id, BINDING, code).is_accepted()
