"""tests/vectors/codes.json through every code path of the binding: the pre-keyed CodeGenerator
(code_at, code_for_counter, code_number_at, code_numbers_from, snapshot_at, from_account) and the
one-shot hotp_code/totp_code functions; then pyotp as an independent reference on random secrets."""

import base64
import random
import threading

import pyotp
import pytest

from otpkit import (
    CodeGenerator,
    HashAlgorithm,
    InvalidInputKind,
    OneTimeCode,
    OtpAuthUri,
    OtpError,
    OtpParams,
    Secret,
    SensitiveText,
    code_length,
    default_totp,
    hash_algorithm,
    hotp_code,
    totp_code,
)
from otp_vectors import (
    algorithm,
    cases,
    format_number,
    kind_of,
    load,
    moving_factor,
    params_for,
    params_of,
    secret,
    steam_params,
    totp_params,
)

CODES = load("codes.json")
CODE_VECTORS = CODES["code_vectors"]
SNAPSHOT_VECTORS = CODES["snapshot_vectors"]
PIN_VECTORS = CODES["pin_vectors"]
I64_MAX = 2**63 - 1


def invalid(info, kind=InvalidInputKind.PARAMETERS, field=None):
    """Checks a raised OtpError.InvalidInput's kind (and field, when given)."""
    e = info.value
    assert isinstance(e, OtpError)
    assert e.kind == kind, e
    if field is not None:
        assert e.field == field, e
    assert e.reason


def test_vector_file_is_complete():
    kinds = {v["kind"] for v in CODE_VECTORS}
    algorithms = {v["algorithm"] for v in CODE_VECTORS}
    assert kinds == {"hotp", "totp", "steam"}
    assert algorithms == {
        "SHA1", "SHA224", "SHA256", "SHA384", "SHA512", "SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512"
    }
    assert len(CODE_VECTORS) >= 100 and len(SNAPSHOT_VECTORS) >= 10


@pytest.mark.parametrize("v", cases(CODE_VECTORS))
def test_generator(v):
    g = CodeGenerator(secret(v["secret_base32"]), params_of(v))
    assert g.params() == params_of(v)
    assert kind_of(g.params()) == v["kind"]
    assert hash_algorithm(g.params()) == algorithm(v["algorithm"])
    assert code_length(g.params()) == v["digits"]
    expected = v["expected"]
    factor = moving_factor(v)
    assert g.code_for_counter(factor) == expected
    if v["kind"] == "hotp":
        # A HOTP generator ignores the time: every time gives the stored counter's code.
        for t in (0, 59, 1_234_567_890):
            assert g.code_at(t) == expected
            assert format_number(g.code_number_at(t), v) == expected
        snap = g.snapshot_at(1_234_567_890)
        assert (snap.current.reveal(), snap.counter, snap.remaining, snap.valid_from) == (expected, factor, 0, 0)
    else:
        t = v["time"]
        assert g.code_at(t) == expected
        number = g.code_number_at(t)
        assert isinstance(number, int)
        assert format_number(number, v) == expected
        snap = g.snapshot_at(t)
        assert isinstance(snap.current, OneTimeCode) and isinstance(snap.next, OneTimeCode)
        assert (snap.current.reveal(), snap.counter) == (expected, factor)
        assert snap.current.length() == len(expected)
        assert snap.next.reveal() == g.code_for_counter(factor + 1)
    # The batch hot-loop path agrees with the per-code path, starting at this vector's step.
    batch = g.code_numbers_from(v["time"] if v["kind"] != "hotp" else 0, 3)
    assert len(batch) == 3
    assert format_number(batch[0], v) == expected
    assert [format_number(n, v) for n in batch[1:]] == [g.code_for_counter(factor + i) for i in (1, 2)]


@pytest.mark.parametrize("v", cases(CODE_VECTORS))
def test_one_shot_functions(v):
    s = secret(v["secret_base32"])
    if v["kind"] == "hotp":
        assert hotp_code(s, v["counter"], algorithm(v["algorithm"]), v["digits"]) == v["expected"]
        # totp_code with HOTP parameters gives the code of the parameters' counter.
        assert totp_code(s, 0, params_of(v)) == v["expected"]
    else:
        assert totp_code(s, v["time"], params_of(v)) == v["expected"]


@pytest.mark.parametrize("v", cases(CODE_VECTORS))
def test_generator_from_account_and_secret_forms(v):
    # The hex form of the key, re-encoded by Python's base64, is the same secret.
    from_hex = base64.b32encode(bytes.fromhex(v["secret_hex"])).decode().rstrip("=")
    s = Secret.from_base32(v["secret_base32"])
    assert s.reveal_base32() == from_hex
    assert s.reveal_bytes() == bytes.fromhex(v["secret_hex"])
    assert s.byte_length() == len(bytes.fromhex(v["secret_hex"]))
    assert Secret.from_bytes(bytes.fromhex(v["secret_hex"])) == s
    # Lenient input: lower case, spaces, dashes and padding.
    lenient = "-".join(from_hex[i : i + 4] for i in range(0, len(from_hex), 4)).lower() + "=" * (-len(from_hex) % 8)
    assert Secret.from_base32(lenient) == s
    account = OtpAuthUri(secret=Secret.from_base32(lenient), params=params_of(v), account=v["name"], issuer="Vector")
    g = CodeGenerator.from_account(account)
    assert g.code_for_counter(moving_factor(v)) == v["expected"]
    if v["kind"] != "hotp":
        assert g.code_at(v["time"]) == v["expected"]


@pytest.mark.parametrize("v", cases(SNAPSHOT_VECTORS))
def test_snapshot_at(v):
    g = CodeGenerator(secret(v["secret_base32"]), params_of(v))
    snap = g.snapshot_at(v["time"])
    assert (snap.current.reveal(), snap.next.reveal(), snap.remaining, snap.counter, snap.valid_from) == (
        v["expected_current"], v["expected_next"], v["expected_remaining"], v["expected_counter"],
        v["expected_valid_from"],
    )
    # OneTimeCode compares by content: two snapshots of the same step hold equal codes.
    again = g.snapshot_at(v["time"])
    assert snap.current == again.current and snap.next == again.next
    assert snap.current is not again.current
    assert (snap.current == snap.next) == (v["expected_current"] == v["expected_next"])


def test_defaults():
    d = default_totp()
    assert d == OtpParams.TOTP(algorithm=None, digits=6, period=30, t0=0)
    assert OtpParams.TOTP() == d
    assert hash_algorithm(d) == HashAlgorithm.SHA1 and code_length(d) == 6
    assert OtpParams.HOTP() == OtpParams.HOTP(algorithm=None, digits=6, counter=0)
    # SHA1 given explicitly is the standard: results name it as None, so defaults compare equal.
    explicit = CodeGenerator(secret(), OtpParams.TOTP(algorithm=HashAlgorithm.SHA1))
    assert explicit.params() == d
    assert hash_algorithm(OtpParams.STEAM()) == HashAlgorithm.SHA1
    assert hash_algorithm(OtpParams.MOTP()) == HashAlgorithm.MD5
    assert hash_algorithm(OtpParams.YANDEX()) == HashAlgorithm.SHA256
    assert (code_length(OtpParams.STEAM()), code_length(OtpParams.YANDEX())) == (5, 8)
    assert OtpParams.STEAM() == OtpParams.STEAM(period=30)
    assert OtpParams.MOTP() == OtpParams.MOTP(period=10)
    assert OtpParams.YANDEX() == OtpParams.YANDEX(period=30)
    g = CodeGenerator(secret())  # params default to TOTP defaults
    assert g.params() == d
    assert g.code_at(59) == "287082"
    assert totp_code(secret(), 59) == "287082"
    assert hotp_code(secret(), 1) == "287082"
    assert g.verify_at("287082", 59) == 0  # window defaults to 1
    assert g.verify_at(g.code_at(89), 59) == 1


def test_ten_digits_and_one_digit():
    for digits in (1, 10):
        g = CodeGenerator(secret(), totp_params(digits=digits))
        for t in range(0, 3000, 7):
            code = g.code_at(t)
            assert len(code) == digits and code.isdigit()
            assert str(g.code_number_at(t)).zfill(digits) == code


def test_signed_extremes_and_negative_values():
    g = CodeGenerator(secret(), totp_params())
    assert len(g.code_at(I64_MAX)) == 6
    assert len(g.code_for_counter(I64_MAX)) == 6
    snap = g.snapshot_at(I64_MAX)
    assert snap.counter == I64_MAX // 30
    with pytest.raises((OverflowError, TypeError, ValueError)):
        g.code_at(2**63)
    # Negative numbers are refused with a typed error naming the argument, never clamped.
    for call in (lambda: g.code_at(-1), lambda: g.code_for_counter(-1), lambda: g.code_number_at(-1),
                 lambda: g.snapshot_at(-1), lambda: g.code_numbers_from(-1, 1),
                 lambda: g.verify_at("287082", -1), lambda: hotp_code(secret(), -1),
                 lambda: totp_code(secret(), -30)):
        with pytest.raises(OtpError.InvalidInput) as info:
            call()
        invalid(info)
        assert info.value.field


@pytest.mark.parametrize(
    "params,field",
    [
        (totp_params(digits=0), "digits"),
        (totp_params(digits=11), "digits"),
        (totp_params(digits=-6), "digits"),
        (totp_params(period=0), "period"),
        (totp_params(period=-30), "period"),
        (totp_params(t0=-1), "t0"),
        (OtpParams.HOTP(digits=0), "digits"),
        (OtpParams.HOTP(counter=-1), "counter"),
        (OtpParams.STEAM(period=0), "period"),
        (OtpParams.STEAM(period=-1), "period"),
        (OtpParams.MOTP(period=0), "period"),
        (OtpParams.YANDEX(period=-30), "period"),
    ],
    ids=["digits0", "digits11", "digits-neg", "period0", "period-neg", "t0-neg", "hotp-digits0",
         "hotp-counter-neg", "steam-period0", "steam-period-neg", "motp-period0", "yandex-period-neg"],
)
def test_invalid_parameters_name_the_field(params, field):
    with pytest.raises(OtpError.InvalidInput) as info:
        CodeGenerator(secret(), params, pin=SensitiveText("1234"))
    invalid(info, field=field)
    if not isinstance(params, (OtpParams.MOTP, OtpParams.YANDEX)):
        with pytest.raises(OtpError.InvalidInput) as info:
            totp_code(secret(), 59, params)
        invalid(info, field=field)


def test_hotp_code_digits_out_of_range():
    for digits in (0, 11, 255, -1):
        with pytest.raises(OtpError.InvalidInput) as info:
            hotp_code(secret(), 0, HashAlgorithm.SHA1, digits)
        invalid(info, field="digits")


PYOTP_DIGESTS = {
    HashAlgorithm.SHA1: "sha1",
    HashAlgorithm.SHA224: "sha224",
    HashAlgorithm.SHA256: "sha256",
    HashAlgorithm.SHA384: "sha384",
    HashAlgorithm.SHA512: "sha512",
    HashAlgorithm.SHA3_224: "sha3_224",
    HashAlgorithm.SHA3_256: "sha3_256",
    HashAlgorithm.SHA3_384: "sha3_384",
    HashAlgorithm.SHA3_512: "sha3_512",
}


@pytest.mark.parametrize("algo", list(PYOTP_DIGESTS), ids=lambda a: a.name)
@pytest.mark.parametrize("digits", [6, 8])
def test_matches_pyotp_on_random_secrets(algo, digits):
    import hashlib

    rng = random.Random(f"{algo.name}-{digits}")
    for _ in range(40):
        key = Secret.generate(rng.choice([10, 16, 20, 32, 64]))
        text = key.reveal_base32()
        period = rng.choice([15, 30, 60])
        ours = CodeGenerator(key, totp_params(digits=digits, period=period, algo=algo))
        ref = pyotp.TOTP(text, digits=digits, digest=getattr(hashlib, PYOTP_DIGESTS[algo]), interval=period)
        href = pyotp.HOTP(text, digits=digits, digest=getattr(hashlib, PYOTP_DIGESTS[algo]))
        for _ in range(10):
            t = rng.randrange(0, 2**34)
            assert ours.code_at(t) == ref.at(t)
            c = rng.randrange(0, 2**40)
            assert ours.code_for_counter(c) == href.at(c)
            assert hotp_code(key, c, algo, digits) == href.at(c)


def test_generator_is_thread_safe():
    v = next(v for v in CODE_VECTORS if v["kind"] == "totp")
    g = CodeGenerator(secret(v["secret_base32"]), params_of(v))
    times = list(range(0, 30 * 500, 30))
    expected = [g.code_at(t) for t in times]
    results, errors = {}, []

    def work(i):
        try:
            results[i] = [g.code_at(t) for t in times]
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert all(r == expected for r in results.values()) and len(results) == 8


def test_code_numbers_from_count_is_bounded():
    g = CodeGenerator(secret(), totp_params())
    assert g.code_numbers_from(0, 0) == []
    assert len(g.code_numbers_from(0, 100_000)) == 100_000
    for count in (100_001, -1, 2**31 - 1):
        with pytest.raises(OtpError.InvalidInput) as info:
            g.code_numbers_from(0, count)
        invalid(info, field="count")


def test_verify_at_offsets():
    g = CodeGenerator(secret(), totp_params())
    t = 1_234_567_890
    for window in (1, 2, 3):
        for offset in range(-window, window + 1):
            assert g.verify_at(g.code_at(t + 30 * offset), t, window) == offset
    assert g.verify_at(g.code_at(t + 90), t, 2) is None
    assert g.verify_at(g.code_at(t - 90), t, 2) is None
    assert g.verify_at(g.code_at(t), t, 0) == 0
    assert g.verify_at(g.code_at(t + 30), t, 0) is None
    # Anywhere inside the current step counts as offset 0.
    start = t - t % 30
    assert g.verify_at(g.code_at(start), start + 29, 1) == 0


def test_verify_at_window_is_bounded():
    g = CodeGenerator(secret(), totp_params())
    t = 1_700_000_000
    assert g.verify_at(g.code_at(t - 300), t, 10) == -10
    for window in (11, -1, 2**31 - 1):
        with pytest.raises(OtpError.InvalidInput) as info:
            g.verify_at(g.code_at(t), t, window)
        invalid(info, field="window")


def test_verify_at_rejects_malformed_codes():
    g = CodeGenerator(secret(), totp_params())
    t = 59
    code = g.code_at(t)
    assert code == "287082"  # RFC 6238 / RFC 4226 value for step 1
    for bad in ("", code[:-1], code + "0", " " + code, code[:3] + " " + code[3:], "abcdef"):
        assert g.verify_at(bad, t, 1) is None


def test_verify_at_near_epoch_does_not_underflow():
    g = CodeGenerator(secret(), totp_params())
    assert g.verify_at(g.code_at(0), 10, 5) == 0
    assert g.verify_at(g.code_at(35), 10, 5) == 1


def test_verify_at_steam():
    g = CodeGenerator(secret(), steam_params())
    t = 1_700_000_000
    assert g.verify_at(g.code_at(t - 30), t, 1) == -1
    assert g.verify_at(g.code_at(t), t, 1) == 0
    assert isinstance(g.params(), OtpParams.STEAM)


@pytest.mark.parametrize("v", cases(PIN_VECTORS))
def test_pin_vectors(v):
    """mOTP and Yandex Key: Aegis' published values and otpref.py's hashlib reference."""
    params = params_for(v["kind"], v["algorithm"], v["digits"], v["period"])
    g = CodeGenerator(secret(v["secret_base32"]), params, SensitiveText(v["pin"]))
    assert g.params() == params
    assert g.code_at(v["time"]) == v["expected"]
    assert g.snapshot_at(v["time"]).current.reveal() == v["expected"]
    assert g.verify_at(v["expected"], v["time"], 0) == 0
    alphabet = "0123456789abcdef" if v["kind"] == "motp" else "abcdefghijklmnopqrstuvwxyz"
    n, out = g.code_number_at(v["time"]), ""
    for _ in range(v["digits"]):
        n, d = divmod(n, len(alphabet))
        out = alphabet[d] + out
    assert (n, out) == (0, v["expected"])
    with pytest.raises(OtpError.InvalidInput):
        CodeGenerator(secret(v["secret_base32"]), params)  # no PIN
