"""A typed tour of the public otpkit API: codes, otpauth:// URIs, account storage, the SMS
receiver helpers, server-side verification and out-of-band delivery, each used once with full
annotations.

The test command checks this file with ``mypy --strict`` against the installed wheel's stubs
(``otpkit/_native.pyi`` + ``py.typed``) and runs it (python/tests/test_package.py), so the stubs
can neither drift from the module nor be too loose to type real code. Run it yourself with
``python python/examples/typed_usage.py``; it prints what it did and needs no network.
"""

from __future__ import annotations

import asyncio
from typing import List, Optional

from otpkit import (
    Accounts,
    CodeGenerator,
    CodeSnapshot,
    DeliveryChannel,
    DeliveryState,
    DispatchOutcome,
    Dispatcher,
    FallbackPolicy,
    FallbackStep,
    HashAlgorithm,
    InvalidInputKind,
    MessageSender,
    MessageTemplate,
    Pepper,
    ProviderConfig,
    ProviderKind,
    ReceiptOutcome,
    SensitiveText,
    TextlocalRegion,
    OtpAuthUri,
    OtpError,
    OtpParams,
    Secret,
    SmsCode,
    TimeSource,
    VerificationStore,
    Verifier,
    VerifyOutcome,
    __version__,
    check_sender_id,
    extract_code,
    memory_secret_store,
    parse_uri,
    render_message_template,
    to_uri,
)

QR_TEXT = "otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME"
SMS_TEXT = "482913 is your ACME verification code.\n\n@acme.example #482913"
RFC_KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # RFC 6238's 20-byte SHA1 key


class Clock(TimeSource):
    """A TimeSource implemented in Python: a fixed instant the caller moves."""

    def __init__(self, now: int) -> None:
        self.now = now

    def now_unix(self) -> int:
        return self.now


def codes() -> List[str]:
    """Pre-keyed generation (the fast path) and the RFC 6238 check value."""
    key: Secret = Secret.from_base32(RFC_KEY)
    gen = CodeGenerator(key, OtpParams.TOTP(algorithm=HashAlgorithm.SHA1, digits=6, period=30))
    code: str = gen.code_at(59)
    number: int = gen.code_number_at(59)
    offset: Optional[int] = gen.verify_at(code, 59)
    snap: CodeSnapshot = gen.snapshot_at(59)
    assert f"{number:06d}" == code == snap.current.reveal() and offset == 0
    return [f"code {code}, next {snap.next.reveal()} in {snap.remaining}s"]


def uris() -> List[str]:
    """Parse an otpauth:// URI into a record, and write the canonical form back."""
    account: OtpAuthUri = parse_uri(QR_TEXT)
    canonical: str = to_uri(account)
    assert parse_uri(canonical) == account
    return [f"uri {account.issuer}:{account.account}"]


def storage(clock: Clock) -> tuple[OtpAuthUri, List[str]]:
    """Accounts over the Rust in-memory secret store: add from a QR code, list, show a code."""
    accounts = Accounts.in_memory(memory_secret_store(), clock)
    added = accounts.add_uri(QR_TEXT)
    ids: List[str] = [record.id for record in accounts.list()]
    assert ids == [added.id]
    snapshot: Optional[CodeSnapshot] = accounts.snapshot(added.id).code
    assert snapshot is not None  # a TOTP account
    return accounts.otp_auth_uri(added.id), [f"stored {added.issuer}: {added.label} shows {snapshot.current.reveal()}"]


def receiver() -> List[str]:
    """Find the code in an SMS, and where it is in the text."""
    sms: Optional[SmsCode] = extract_code(SMS_TEXT)
    if sms is None:
        return ["sms: no code"]
    shown = SMS_TEXT[sms.scalars.start : sms.scalars.end]
    return [f"sms code {sms.code.reveal()} from {sms.origin} at {shown!r}"]


async def server(account: OtpAuthUri, clock: Clock) -> List[str]:
    """A code is accepted once: the second try of the same code is a replay (typed outcomes)."""
    verifier = Verifier(VerificationStore.memory(), clock)
    generator = CodeGenerator.from_account(account)
    typed = generator.code_at(clock.now)
    lines: List[str] = []
    try:
        for attempt in ("first", "again"):
            outcome: VerifyOutcome = await verifier.verify_totp("alice/totp-1", generator, typed)
            lines.append(f"{attempt}: {'accepted' if outcome.is_accepted() else 'replayed' if outcome.is_replayed() else outcome}")
        blocking: VerifyOutcome = verifier.verify_totp_blocking("alice/totp-1", generator, "000000", clock.now)
        lines.append(f"wrong: {'invalid' if blocking.is_invalid() else blocking}")
    except OtpError.StoreUnavailable:
        lines.append("store down: refuse the login")  # fail closed
    return lines


def describe(outcome: DispatchOutcome) -> str:
    """What a web handler would do with each dispatch outcome."""
    if isinstance(outcome, DispatchOutcome.SENT):
        return f"sent via {outcome.channel.name} (advance at {outcome.wait_until})"
    if isinstance(outcome, DispatchOutcome.WAITING):
        return f"waiting until {outcome.until}"
    if isinstance(outcome, DispatchOutcome.RATE_LIMITED):
        return f"slow down: {outcome.scope.name}, retry in {outcome.retry_after}s"
    if isinstance(outcome, DispatchOutcome.SEND_FAILED):
        return f"{outcome.provider.name} failed: {outcome.failure.name} {outcome.provider_code or ''}"
    return "delivered" if outcome.is_delivered() else "nothing more to do"


def delivery(clock: Clock) -> List[str]:
    """Sender-id rules, a voice text, a dispatcher over a Textlocal account, and a forged
    delivery receipt refused (no request leaves the process)."""
    lines: List[str] = []
    try:
        check_sender_id("Acme Bank!", DeliveryChannel.SMS, "GB")
    except OtpError.InvalidInput as e:
        assert e.kind == InvalidInputKind.SENDER_ID
        lines.append(f"sender id refused: {e.field}")
    voice = MessageTemplate(channel=DeliveryChannel.VOICE, template="{code} is your ACME code")
    spoken: SensitiveText = render_message_template(voice, "4829")
    lines.append(f"voice says {spoken.reveal()!r}")
    config = ProviderConfig.TEXTLOCAL(SensitiveText("tl-example-key-0001"), SensitiveText("rcpt_example_0123456789"),
                                      TextlocalRegion.INTERNATIONAL)
    sender = MessageSender(config)
    step = FallbackStep(channel=DeliveryChannel.SMS, sender=sender, sender_id="ACME", wait=60,
                        callback_url="https://acme.example/webhooks/textlocal")
    sms = MessageTemplate(channel=DeliveryChannel.SMS, template="{code} is your ACME code")
    dispatcher = Dispatcher(VerificationStore.memory(), [Pepper.generate("p1")],
                            [FallbackPolicy(purpose="login", steps=[step], templates=[sms])], time=clock)
    forged: ReceiptOutcome = dispatcher.receipt_blocking(
        ProviderKind.TEXTLOCAL, "POST", "https://acme.example/webhooks/textlocal", {},
        b"number=447700900123&status=D&customID=x.0")
    lines.append(f"forged receipt: {'refused' if forged.is_unauthenticated() else forged}")
    state: DeliveryState = dispatcher.status_blocking("0" * 32)
    lines.append(f"unknown challenge: {len(state.sends)} sends, delivered={state.delivered}")
    lines.append(describe(DispatchOutcome.WAITING("0" * 32, 0, clock.now + 60)))
    return lines


def main(now: int = 1_700_000_000) -> List[str]:
    clock = Clock(now)
    version: str = __version__
    assert version.count(".") == 2
    account, stored = storage(clock)
    lines = codes() + uris() + stored + receiver() + asyncio.run(server(account, clock)) + delivery(clock)
    for line in lines:
        print(line)
    return lines


if __name__ == "__main__":
    main()
