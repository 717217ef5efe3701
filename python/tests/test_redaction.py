"""The string forms (repr, str, format) of every public value that holds a secret or a live code
never contain it: Secret, OneTimeCode, SensitiveText, records holding them (OtpAuthUri,
CodeSnapshot, SmsCode, OriginBoundCode, SmsMessage, VoiceMessage), the IssueOutcome.ISSUED
outcome, objects holding keys (CodeGenerator, MigrationAssembler, Pepper, OobCodes) and the
exceptions raised for bad secrets. (Accounts, Account, ImportedBackup and passphrase errors:
test_storage.py.)"""

import re

import pytest

from otpkit import (
    CodeGenerator,
    Delivery,
    DeliveryChannel,
    IssueOutcome,
    MigrationAssembler,
    OneTimeCode,
    OobBinding,
    OobCodes,
    OtpError,
    OtpParams,
    Pepper,
    Secret,
    SensitiveText,
    SmsBodyOptions,
    VerificationStore,
    default_oob_policy,
    extract_code,
    find_origin_bound,
    format_sms,
    migration_encode,
    parse_origin_bound,
    parse_uri,
    voice_message,
)
from otp_vectors import FixedTime

# A distinctive key (no run of it appears in an address or a type name) and a PIN.
KEY = "K5XG4Z3TMVZWK4TFORZXI2LDNNSXE33V"  # 20 bytes
PIN = "918273"
T = 1_700_000_010


def forms(value):
    """Every string form a value shows in logs, without memory addresses (`0x7f...`), which are
    arbitrary hex and could contain any digit run."""
    texts = [repr(value), str(value), f"{value}", f"{value!r}", "%s" % (value,), "%r" % (value,)]
    if isinstance(value, BaseException):
        texts += [str(a) for a in value.args] + [repr(a) for a in value.args]
    return [re.sub(r"0x[0-9a-fA-F]+", "0x…", t) for t in texts]


def assert_hidden(value, *needles):
    for text in forms(value):
        for needle in needles:
            assert needle and needle not in text, (needle, text)
            if len(needle) >= 8:  # not a fragment of it either
                assert needle[:8] not in text and needle[-8:] not in text, (needle, text)
                assert needle.lower()[:8] not in text.lower(), (needle, text)


def key_forms(secret_text):
    s = Secret.from_base32(secret_text)
    return s.reveal_base32(), s.reveal_bytes().hex(), s.reveal_bytes().hex().upper()


def test_secret_forms():
    s = Secret.from_base32(KEY)
    assert repr(s) == str(s) == f"Secret(<redacted>, {s.byte_length()} bytes)"
    assert repr(Secret.generate()) == "Secret(<redacted>, 20 bytes)"
    assert_hidden(s, *key_forms(KEY))
    assert_hidden(Secret.from_bytes(b"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x10"), "0102030405060708")


def test_one_time_code_and_snapshot_forms():
    g = CodeGenerator(Secret.from_base32(KEY), OtpParams.TOTP(digits=10))
    snap = g.snapshot_at(T)
    current, following = snap.current.reveal(), snap.next.reveal()
    assert isinstance(snap.current, OneTimeCode)
    assert repr(snap.current) == str(snap.current) == "OneTimeCode(<redacted>)"
    for value in (snap, snap.current, snap.next):
        assert_hidden(value, current, following)
    assert_hidden(g, *key_forms(KEY))


def test_sensitive_text_and_message_forms():
    message = format_sms("48291730", SmsBodyOptions(service="ACME", origin_host="example.com"))
    body = message.body.reveal()
    assert isinstance(message.body, SensitiveText)
    assert repr(message.body) == str(message.body) == f"SensitiveText(<redacted>, {len(body)} chars)"
    assert_hidden(message, "48291730")
    assert_hidden(message.body, "48291730")
    voice = voice_message("48291730", "ACME")
    assert_hidden(voice, "48291730", "four, eight", voice.text.reveal()[:30])
    for value in (voice.text, voice.ssml):
        assert_hidden(value, "48291730", "four, eight")


def test_receiver_record_forms():
    text = "48291730 is your ACME verification code.\n\n@example.com #48291730"
    sms = extract_code(text)
    assert sms.code.reveal() == "48291730"
    strict = parse_origin_bound(text)
    tolerant = find_origin_bound(text)
    for value in (sms, sms.code, strict, strict.code, tolerant):
        assert_hidden(value, "48291730")


def test_account_forms():
    uri = f"motp://Corp:me?secret={Secret.from_base32(KEY).reveal_bytes().hex()[:32]}&pin={PIN}"
    account = parse_uri(f"otpauth://totp/ACME:alice?secret={KEY}&issuer=ACME")
    pinned = parse_uri(uri)
    assert_hidden(account, *key_forms(KEY))
    assert_hidden(pinned, PIN, Secret.from_base32(KEY).reveal_bytes().hex()[:16])
    assert_hidden(pinned.pin, PIN)
    # Objects that hold many secrets.
    assembler = MigrationAssembler()
    (qr,) = migration_encode([account])
    assembler.add(qr)
    assert_hidden(assembler, *key_forms(KEY))


def test_server_forms():
    pepper_key = bytes(range(32))
    pepper = Pepper("k1", pepper_key)
    assert_hidden(pepper, pepper_key.hex()[:16])
    oob = OobCodes(VerificationStore.memory(), [pepper], FixedTime(T), default_oob_policy())
    issued = oob.issue_blocking(OobBinding(purpose="login", subject="alice"),
                                Delivery(channel=DeliveryChannel.SMS, destination="+15550000001"))
    assert isinstance(issued, IssueOutcome.ISSUED)
    code = issued.code.reveal()
    assert len(code) == 6
    assert_hidden(issued, code)
    assert_hidden(issued.code, code)
    assert_hidden(oob, pepper_key.hex()[:16], code)


@pytest.mark.parametrize("bad", [KEY[:-1] + "1", KEY + "!", "0" + KEY])
def test_exception_forms(bad):
    for call in (lambda: Secret.from_base32(bad), lambda: parse_uri(f"otpauth://totp/x?secret={bad}"),
                 lambda: CodeGenerator.from_uri(f"otpauth://totp/x?secret={bad}")):
        with pytest.raises(OtpError) as info:
            call()
        assert_hidden(info.value, bad, KEY)


@pytest.mark.parametrize("url", ["redis://:s3cret-store-pw@127.0.0.1:1/", "redis://app:s3cret-store-pw@127.0.0.1:1/0",
                                 "rediss://:s3cret-store-pw@127.0.0.1:1/"])
def test_store_errors_do_not_show_the_url_password(url):
    # Loopback port 1: nothing listens, the connection is refused at once.
    with pytest.raises(OtpError) as info:
        VerificationStore.redis_blocking(url)
    assert isinstance(info.value, (OtpError.StoreUnavailable, OtpError.InvalidInput))
    assert_hidden(info.value, "s3cret-store-pw")
