"""The shared delivery vectors (tests/vectors/delivery.json) through the Python binding:
sender-id rules (generic, per country, per provider), message templates, and delivery-report
webhooks per provider (valid, forged or tampered, malformed) read by Dispatcher.receipt. The
core (core/tests/delivery_vectors.rs), Kotlin and Swift read the same file."""

import subprocess
import sys

import pytest

from otpkit import (
    DeliveryChannel,
    Dispatcher,
    FallbackPolicy,
    FallbackStep,
    InvalidInputKind,
    MessageSender,
    MessageTemplate,
    OtpError,
    Pepper,
    ProviderConfig,
    ProviderKind,
    ReceiptOutcome,
    SensitiveText,
    TextlocalRegion,
    VerificationStore,
    WhatsAppTemplate,
    check_sender_id,
    render_message_template,
)
from otp_vectors import VECTORS as VECTORS_DIR, load

VECTORS = load("delivery.json")
CHANNEL = {"sms": DeliveryChannel.SMS, "voice": DeliveryChannel.VOICE,
           "whatsapp": DeliveryChannel.WHATS_APP, "email": DeliveryChannel.EMAIL}
KIND = {"textlocal": ProviderKind.TEXTLOCAL, "dexatel": ProviderKind.DEXATEL,
        "labsmobile": ProviderKind.LABS_MOBILE, "twilio": ProviderKind.TWILIO,
        "vonage": ProviderKind.VONAGE, "messagebird": ProviderKind.MESSAGE_BIRD,
        "sleekflow": ProviderKind.SLEEK_FLOW}


def config(name, region=None):
    c = VECTORS["configs"][name]
    if name == "textlocal":
        region = region or c["region"]
        return ProviderConfig.TEXTLOCAL(
            SensitiveText(c["api_key"]), SensitiveText(c["receipt_token"]),
            TextlocalRegion.INDIA if region == "india" else TextlocalRegion.INTERNATIONAL)
    if name == "dexatel":
        return ProviderConfig.DEXATEL(SensitiveText(c["api_key"]), SensitiveText(c["webhook_secret"]))
    if name == "labsmobile":
        return ProviderConfig.LABS_MOBILE(c["username"], SensitiveText(c["api_token"]), SensitiveText(c["ack_token"]))
    if name == "twilio":
        return ProviderConfig.TWILIO(c["account_sid"], SensitiveText(c["auth_token"]))
    if name == "vonage":
        return ProviderConfig.VONAGE(
            c["api_key"], SensitiveText(c["api_secret"]), SensitiveText(c["signature_secret"]))
    if name == "messagebird":
        return ProviderConfig.MESSAGE_BIRD(SensitiveText(c["access_key"]), SensitiveText(c["signing_key"]))
    assert name == "sleekflow", name
    return ProviderConfig.SLEEK_FLOW(
        SensitiveText(c["api_key"]), SensitiveText(c["webhook_token"]),
        WhatsAppTemplate(name=c["template_name"], language=c["template_language"]))


def label(v):
    return f"{v.get('provider', '')}:{v['sender_id']!r}/{v['channel']}/{v['country']}"


@pytest.mark.parametrize("v", VECTORS["sender_ids"], ids=label)
def test_sender_id_rules(v):
    args = (v["sender_id"], CHANNEL[v["channel"]], v["country"])
    if v["rule"] is None:
        assert check_sender_id(*args) is None
    else:
        with pytest.raises(OtpError.InvalidInput) as info:
            check_sender_id(*args)
        assert info.value.kind == InvalidInputKind.SENDER_ID
        assert info.value.field == v["rule"], info.value


@pytest.mark.parametrize("v", VECTORS["provider_sender_ids"], ids=label)
def test_provider_sender_id_rules(v):
    sender = MessageSender(config(v["provider"], v.get("region")))
    assert sender.kind() == KIND[v["provider"]]
    args = (CHANNEL[v["channel"]], v["sender_id"], v["country"])
    if v["rule"] is None:
        assert sender.check_sender(*args) is None
    else:
        with pytest.raises(OtpError.InvalidInput) as info:
            sender.check_sender(*args)
        assert info.value.kind == InvalidInputKind.SENDER_ID
        assert info.value.field == v["rule"], info.value


@pytest.mark.parametrize("v", VECTORS["templates"], ids=lambda v: repr(v["template"][:40]))
def test_templates(v):
    template = MessageTemplate(channel=CHANNEL[v["channel"]], template=v["template"])
    if v.get("error"):
        with pytest.raises(OtpError.InvalidInput) as info:
            render_message_template(template, v["code"])
        assert info.value.kind == InvalidInputKind.SERVER_CONFIG
        assert "template" in info.value.reason, info.value
    else:
        text = render_message_template(template, v["code"])
        assert isinstance(text, SensitiveText)
        assert text.reveal() == v["text"]
        assert v["code"] not in repr(text) and v["code"] not in str(text)


@pytest.fixture(scope="module")
def dispatcher():
    """A dispatcher over an empty store whose policy uses a sender of each provider (the
    webhooks are verified with them; their message ids are unknown to the store). SleekFlow
    sends WhatsApp only, from its channel's number."""
    steps = [FallbackStep(channel=DeliveryChannel.SMS, sender=MessageSender(config(name)), sender_id="Acme", wait=60)
             for name in KIND if name != "sleekflow"]
    steps.append(FallbackStep(channel=DeliveryChannel.WHATS_APP, sender=MessageSender(config("sleekflow")),
                              sender_id="+14155550100", wait=60))
    templates = [MessageTemplate(channel=c, template="{code} is your code")
                 for c in (DeliveryChannel.SMS, DeliveryChannel.WHATS_APP)]
    policy = FallbackPolicy(purpose="login", steps=steps, templates=templates)
    return Dispatcher(VerificationStore.memory(), [Pepper.generate("k1")], [policy])


@pytest.mark.parametrize("v", VECTORS["webhooks"], ids=lambda v: v["name"])
def test_webhooks(dispatcher, v):
    outcome = dispatcher.receipt_blocking(
        KIND[v["provider"]], v["method"], v["url"], dict(v["headers"]), v["body"].encode(), unix_time=v["unix_time"])
    expect = v["expect"]
    if expect == "valid":
        # Authentic and well formed, for a message this store never sent.
        assert outcome == ReceiptOutcome.UNKNOWN_MESSAGE(), outcome
    elif expect == "unauthenticated":
        assert outcome.is_unauthenticated(), outcome
        assert isinstance(outcome, ReceiptOutcome.UNAUTHENTICATED) and outcome.reason
    else:
        assert expect == "malformed"
        assert outcome.is_malformed(), outcome
    # No credential of the configuration shows in the outcome.
    for secret in VECTORS["configs"][v["provider"]].values():
        if len(secret) > 12:
            assert secret not in repr(outcome)


def test_every_vector_provider_and_expectation_is_covered():
    assert set(VECTORS["configs"]) == set(KIND)
    seen = {(v["provider"], v["expect"]) for v in VECTORS["webhooks"]}
    for name in KIND:
        for expect in ("valid", "unauthenticated", "malformed"):
            assert (name, expect) in seen, (name, expect)


def test_generated_webhooks_are_up_to_date():
    """The Vonage, MessageBird and SleekFlow cases are exactly what their generator builds (a
    hand edit of a signed case, or of the generator without regenerating, fails here)."""
    gen = VECTORS_DIR / "gen_delivery_webhooks.py"
    r = subprocess.run([sys.executable, str(gen), "--check"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    generated = {v["provider"] for v in VECTORS["webhooks"] if v["unix_time"] == 1_796_198_400}
    assert generated == {"vonage", "messagebird", "sleekflow"}, generated
