"""tests/vectors/codes.json through every code path of the binding: the pre-keyed CodeGenerator
(code_at, code_at_counter, code_number_at, snapshot_at, from_account) and the one-shot
hotp_code/totp_code functions; then pyotp as an independent reference on random secrets."""

import base64
import random
import threading

import pyotp
import pytest

from otpkit import (
    CodeGenerator,
    CodeSnapshot,
    HashAlgorithm,
    OtpAccount,
    OtpError,
    OtpParameters,
    OtpType,
    generate_secret,
    hotp_code,
    normalize_secret,
    totp_code,
)
from otp_vectors import (
    algorithm,
    cases,
    format_number,
    load,
    moving_factor,
    otp_type,
    params_of,
    totp_params,
)

CODES = load("codes.json")
CODE_VECTORS = CODES["code_vectors"]
SNAPSHOT_VECTORS = CODES["snapshot_vectors"]


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
    g = CodeGenerator(v["secret_base32"], params_of(v))
    assert g.params() == params_of(v)
    expected = v["expected"]
    factor = moving_factor(v)
    assert g.code_at_counter(factor) == expected
    if v["kind"] == "hotp":
        # A HOTP generator ignores the time: every time gives the stored counter's code.
        for t in (0, 59, 1_234_567_890):
            assert g.code_at(t) == expected
            assert format_number(g.code_number_at(t), v) == expected
        snap = g.snapshot_at(1_234_567_890)
        assert (snap.current, snap.counter, snap.remaining, snap.valid_from) == (expected, factor, 0, 0)
    else:
        t = v["time"]
        assert g.code_at(t) == expected
        number = g.code_number_at(t)
        assert isinstance(number, int)
        assert format_number(number, v) == expected
        snap = g.snapshot_at(t)
        assert (snap.current, snap.counter) == (expected, factor)
        assert snap.next == g.code_at_counter(factor + 1)
    # The batch hot-loop path agrees with the per-code path, starting at this vector's step.
    batch = g.code_numbers_from(v["time"] if v["kind"] != "hotp" else 0, 3)
    assert len(batch) == 3
    assert format_number(batch[0], v) == expected
    assert [format_number(n, v) for n in batch[1:]] == [g.code_at_counter(factor + i) for i in (1, 2)]


@pytest.mark.parametrize("v", cases(CODE_VECTORS))
def test_one_shot_functions(v):
    secret = v["secret_base32"]
    if v["kind"] == "hotp":
        assert hotp_code(secret, v["counter"], algorithm(v["algorithm"]), v["digits"]) == v["expected"]
        # totp_code with HOTP parameters gives the code of the parameters' counter.
        assert totp_code(secret, params_of(v), 0) == v["expected"]
    else:
        assert totp_code(secret, params_of(v), v["time"]) == v["expected"]


@pytest.mark.parametrize("v", cases(CODE_VECTORS))
def test_generator_from_account_and_secret_forms(v):
    # The hex form of the key, re-encoded by Python's base64, is the same secret.
    from_hex = base64.b32encode(bytes.fromhex(v["secret_hex"])).decode().rstrip("=")
    assert normalize_secret(v["secret_base32"]) == from_hex
    # Lenient input: lower case, spaces, dashes and padding.
    lenient = "-".join(from_hex[i : i + 4] for i in range(0, len(from_hex), 4)).lower() + "=" * (-len(from_hex) % 8)
    assert normalize_secret(lenient) == from_hex
    account = OtpAccount(
        secret=lenient,
        params=params_of(v),
        issuer="Vector",
        label_issuer=None,
        account=v["name"],
        extra=[],
        warnings=[],
    )
    g = CodeGenerator.from_account(account)
    assert g.code_at_counter(moving_factor(v)) == v["expected"]
    if v["kind"] != "hotp":
        assert g.code_at(v["time"]) == v["expected"]


@pytest.mark.parametrize("v", cases(SNAPSHOT_VECTORS))
def test_snapshot_at(v):
    g = CodeGenerator(v["secret_base32"], params_of(v))
    expected = CodeSnapshot(
        current=v["expected_current"],
        next=v["expected_next"],
        remaining=v["expected_remaining"],
        counter=v["expected_counter"],
        valid_from=v["expected_valid_from"],
    )
    assert g.snapshot_at(v["time"]) == expected


def test_ten_digits_and_one_digit():
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    for digits in (1, 10):
        g = CodeGenerator(secret, totp_params(digits=digits))
        for t in range(0, 3000, 7):
            code = g.code_at(t)
            assert len(code) == digits and code.isdigit()
            assert str(g.code_number_at(t)).zfill(digits) == code


def test_u64_extremes():
    g = CodeGenerator("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", totp_params())
    top = 2**64 - 1
    assert len(g.code_at(top)) == 6
    assert len(g.code_at_counter(top)) == 6
    snap = g.snapshot_at(top)
    assert snap.counter == top // 30
    with pytest.raises((OverflowError, TypeError, ValueError)):
        g.code_at(2**64)
    with pytest.raises((OverflowError, TypeError, ValueError)):
        g.code_at(-1)


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
        secret = generate_secret(rng.choice([10, 16, 20, 32, 64]))
        period = rng.choice([15, 30, 60])
        ours = CodeGenerator(secret, totp_params(digits=digits, period=period, algo=algo))
        ref = pyotp.TOTP(secret, digits=digits, digest=getattr(hashlib, PYOTP_DIGESTS[algo]), interval=period)
        href = pyotp.HOTP(secret, digits=digits, digest=getattr(hashlib, PYOTP_DIGESTS[algo]))
        for _ in range(10):
            t = rng.randrange(0, 2**34)
            assert ours.code_at(t) == ref.at(t)
            c = rng.randrange(0, 2**40)
            assert ours.code_at_counter(c) == href.at(c)
            assert hotp_code(secret, c, algo, digits) == href.at(c)


def test_generator_is_thread_safe():
    v = next(v for v in CODE_VECTORS if v["kind"] == "totp")
    g = CodeGenerator(v["secret_base32"], params_of(v))
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


def test_verify_at_offsets():
    g = CodeGenerator("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", totp_params())
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
    g = CodeGenerator("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", totp_params())
    t = 1_700_000_000
    assert g.verify_at(g.code_at(t - 300), t, 10) == -10
    for window in (11, 2**64 - 1):
        with pytest.raises(OtpError.InvalidParameters, match="over the limit of 10"):
            g.verify_at(g.code_at(t), t, window)


def test_verify_at_rejects_malformed_codes():
    g = CodeGenerator("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", totp_params())
    t = 59
    code = g.code_at(t)
    assert code == "287082"  # RFC 6238 / RFC 4226 value for step 1
    for bad in ("", code[:-1], code + "0", " " + code, code[:3] + " " + code[3:], "abcdef"):
        assert g.verify_at(bad, t, 1) is None


def test_verify_at_near_epoch_does_not_underflow():
    g = CodeGenerator("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", totp_params())
    assert g.verify_at(g.code_at(0), 10, 5) == 0
    assert g.verify_at(g.code_at(35), 10, 5) == 1


def test_verify_at_steam():
    from otp_vectors import steam_params

    g = CodeGenerator("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", steam_params())
    t = 1_700_000_000
    assert g.verify_at(g.code_at(t - 30), t, 1) == -1
    assert g.verify_at(g.code_at(t), t, 1) == 0
    assert g.params().otp_type == OtpType.STEAM


PIN_VECTORS = CODES["pin_vectors"]


@pytest.mark.parametrize("v", cases(PIN_VECTORS))
def test_pin_vectors(v):
    """mOTP and Yandex Key: Aegis' published values and otpref.py's hashlib reference."""
    params = OtpParameters(otp_type=otp_type(v["kind"]), algorithm=algorithm(v["algorithm"]),
                           digits=v["digits"], period=v["period"], t0=0, counter=0)
    g = CodeGenerator.with_pin(v["secret_base32"], v["pin"], params)
    assert g.params() == params
    assert g.code_at(v["time"]) == v["expected"]
    assert g.snapshot_at(v["time"]).current == v["expected"]
    assert g.verify_at(v["expected"], v["time"], 0) == 0
    alphabet = "0123456789abcdef" if v["kind"] == "motp" else "abcdefghijklmnopqrstuvwxyz"
    n, out = g.code_number_at(v["time"]), ""
    for _ in range(v["digits"]):
        n, d = divmod(n, len(alphabet))
        out = alphabet[d] + out
    assert (n, out) == (0, v["expected"])
    with pytest.raises(OtpError.InvalidParameters):
        CodeGenerator(v["secret_base32"], params)  # no PIN
