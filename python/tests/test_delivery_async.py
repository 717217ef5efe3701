"""The Dispatcher's coroutine forms under asyncio against the loopback provider fakes: start,
the receipt the fake posts (read with ``await dispatcher.receipt``), status, advance, verify;
concurrent ``resend`` coroutines send once. The memory store and, when OTPKIT_REDIS_URL is set,
Redis."""

import asyncio
import inspect
import json
import os
import secrets

import pytest

from delivery_support import (
    DEXATEL_KEY,
    DEXATEL_NUMBER,
    DEXATEL_SECRET,
    DEXATEL_TEMPLATE,
    Fakes,
    code_in,
)
from otpkit import (
    DeliveryChannel,
    DeliveryStatus,
    DispatchOutcome,
    Dispatcher,
    FallbackPolicy,
    FallbackStep,
    MessageSender,
    MessageTemplate,
    OobBinding,
    Pepper,
    ProviderConfig,
    ProviderKind,
    ReceiptOutcome,
    SensitiveText,
    VerificationStore,
    default_redis_store_options,
    no_send_limits,
)

REDIS_URL = os.environ.get("OTPKIT_REDIS_URL", "")
T = 1_764_604_800
TO = "+447700900123"
BINDING = OobBinding(purpose="login", subject="user-7")


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "redis" and not REDIS_URL:
        pytest.skip("OTPKIT_REDIS_URL is not set (start one with tests/redis/start.sh)")
    if request.param == "memory":
        return VerificationStore.memory()
    options = default_redis_store_options()
    options.prefix = f"otpkit-pytest-dlva-{secrets.token_hex(8)}"
    return VerificationStore.redis_blocking(REDIS_URL, options)


@pytest.fixture
def fakes(fakes_server):
    f = Fakes()
    yield f
    assert f.violations() == []


def dispatcher(store, fakes):
    sender = MessageSender(ProviderConfig.DEXATEL(
        SensitiveText(DEXATEL_KEY), SensitiveText(DEXATEL_SECRET), base_url=fakes.base("dexatel"),
        whatsapp_template=DEXATEL_TEMPLATE))
    steps = [FallbackStep(channel=DeliveryChannel.SMS, sender=sender, sender_id="Acme", wait=60),
             FallbackStep(channel=DeliveryChannel.WHATS_APP, sender=sender, sender_id=DEXATEL_NUMBER, wait=60)]
    templates = [MessageTemplate(channel=DeliveryChannel.SMS, template="{code} is your Acme code"),
                 MessageTemplate(channel=DeliveryChannel.WHATS_APP, template="Your Acme code: {code}")]
    policy = FallbackPolicy(purpose="login", steps=steps, templates=templates)
    return Dispatcher(store, [Pepper.generate("k1")], [policy], limits=no_send_limits())


def test_coroutine_functions_are_real_async_defs():
    for name in ("start", "advance", "resend", "receipt", "status"):
        assert inspect.iscoroutinefunction(getattr(Dispatcher, name)), name
        assert not inspect.iscoroutinefunction(getattr(Dispatcher, f"{name}_blocking")), name


def signed_receipt(fakes, status):
    """The Dexatel fake's webhook for its latest message, signed as Dexatel signs it."""
    hook = fakes.receipt("dexatel", status)
    return hook["headers"], hook["body"].encode()


def test_async_journey(store, fakes):
    async def main():
        d = dispatcher(store, fakes)
        out = await d.start(BINDING, TO, unix_time=T)
        assert isinstance(out, DispatchOutcome.SENT) and out.channel == DeliveryChannel.SMS, out
        cid = out.challenge_id
        headers, body = signed_receipt(fakes, "failed")
        got = await d.receipt(ProviderKind.DEXATEL, "POST", "https://app.example/hooks/dexatel", headers, body,
                              unix_time=T + 1)
        assert isinstance(got, ReceiptOutcome.RECORDED) and got.updates[0].status == DeliveryStatus.FAILED, got
        nxt = await d.advance(cid, BINDING, TO, unix_time=T + 30)
        assert isinstance(nxt, DispatchOutcome.SENT) and nxt.channel == DeliveryChannel.WHATS_APP, nxt
        headers, body = signed_receipt(fakes, "delivered")
        tampered = body.replace(b"delivered", b"delivereX")
        forged = await d.receipt(ProviderKind.DEXATEL, "POST", "https://app.example/hooks/dexatel", headers,
                                 tampered, unix_time=T + 31)
        assert forged.is_unauthenticated(), forged
        got = await d.receipt(ProviderKind.DEXATEL, "POST", "https://app.example/hooks/dexatel", headers, body,
                              unix_time=T + 31)
        assert got.is_recorded() and got.updates[0].status == DeliveryStatus.DELIVERED, got
        state = await d.status(cid, unix_time=T + 32)
        assert state.delivered and [s.channel for s in state.sends] == [DeliveryChannel.SMS, DeliveryChannel.WHATS_APP]
        assert await d.advance(cid, BINDING, TO, unix_time=T + 33) == DispatchOutcome.DELIVERED(
            cid, 1, DeliveryChannel.WHATS_APP)
        code = code_in(fakes.requests("dexatel")[-1])
        assert (await d.codes().verify(cid, BINDING, code, unix_time=T + 34)).is_accepted()

    asyncio.run(main())


def test_concurrent_resend_coroutines_send_once(store, fakes):
    async def main():
        d = dispatcher(store, fakes)
        cid = (await d.start(BINDING, TO, unix_time=T)).challenge_id
        results = await asyncio.gather(*(d.resend(cid, BINDING, TO, unix_time=T + 61) for _ in range(6)))
        assert sum(r.is_sent() for r in results) == 1, results
        assert len(fakes.requests("dexatel")) == 2
        last = json.loads(fakes.requests("dexatel")[-1]["body"])["data"]
        assert last["channel"] == "WHATSAPP"

    asyncio.run(main())
