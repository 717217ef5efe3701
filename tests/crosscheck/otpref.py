"""Independent reference implementation of HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard codes.

Standard library only (hmac + hashlib), written from the RFCs rather than from otpkit's Rust code,
so that it can serve as a third opinion next to pyotp and oathtool.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY"
# Canonical otpauth spellings (as otpkit emits them) -> hashlib constructors. HMAC (RFC 2104) over
# any of them is what RFC 4226 section 5.3 truncates; SHA-224/384 and SHA-3 (FIPS 202) are used as
# the otpauth JavaScript library and Aegis use them.
DIGESTS = {
    "SHA1": hashlib.sha1,
    "SHA224": hashlib.sha224,
    "SHA256": hashlib.sha256,
    "SHA384": hashlib.sha384,
    "SHA512": hashlib.sha512,
    "SHA3-224": hashlib.sha3_224,
    "SHA3-256": hashlib.sha3_256,
    "SHA3-384": hashlib.sha3_384,
    "SHA3-512": hashlib.sha3_512,
}


def truncated(key: bytes, counter: int, algorithm: str) -> int:
    """RFC 4226 section 5.3: HMAC over the 8-byte big-endian counter, dynamic truncation to 31 bits."""
    if not 0 <= counter < 2**64:
        raise ValueError(f"counter out of range: {counter}")
    mac = hmac.new(key, counter.to_bytes(8, "big"), DIGESTS[algorithm]).digest()
    offset = mac[-1] & 0x0F
    return int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF


def render(value: int, kind: str, digits: int) -> str:
    """Decimal (zero-padded, value mod 10^digits) or Steam's base-26 alphabet, least significant first."""
    if kind == "steam":
        out = []
        for _ in range(digits):
            out.append(STEAM_ALPHABET[value % 26])
            value //= 26
        return "".join(out)
    return str(value % 10**digits).zfill(digits)


def step(kind: str, time: int, period: int, t0: int) -> int:
    """The moving factor for a time-based code. otpkit counts times before T0 as step 0."""
    if kind == "steam":
        return time // period
    return max(time - t0, 0) // period


def code(key: bytes, kind: str, algorithm: str, digits: int, *, counter=None, time=None, period=30, t0=0) -> str:
    if kind == "hotp":
        moving = counter
    else:
        moving = step(kind, time, period, t0)
    return render(truncated(key, moving, algorithm), kind, digits)


def snapshot(key: bytes, kind: str, algorithm: str, digits: int, *, counter=None, time=None, period=30, t0=0) -> dict:
    """Current code, next code, seconds remaining, moving factor and start of validity at `time`."""
    if kind == "hotp":
        moving, remaining, valid_from = counter, 0, 0
    else:
        moving = step(kind, time, period, t0)
        valid_from = (0 if kind == "steam" else t0) + moving * period
        remaining = valid_from + period - time
    return {
        "current": render(truncated(key, moving, algorithm), kind, digits),
        "next": render(truncated(key, moving + 1, algorithm), kind, digits),
        "remaining": remaining,
        "counter": moving,
        "valid_from": valid_from,
    }


def b32(key: bytes) -> str:
    """Canonical base32: RFC 4648 alphabet, upper case, no padding."""
    return base64.b32encode(key).decode("ascii").rstrip("=")


def b32_padded(key: bytes) -> str:
    return base64.b32encode(key).decode("ascii")


# --- PIN-based kinds, written from their published descriptions ---------------------------------

YANDEX_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def motp(key: bytes, pin: str, time: int, period: int = 10) -> str:
    """Mobile-OTP (motp.sourceforge.net, as Aegis reads it): the first 6 hex characters of
    MD5(decimal(time // period) || lower-case hex of the secret || PIN)."""
    text = str(time // period) + key.hex() + pin
    return hashlib.md5(text.encode("utf-8")).hexdigest()[:6]


def yandex(key: bytes, pin: str, time: int, period: int = 30) -> str:
    """Yandex Key: key = SHA-256(PIN || secret[:16]) without a leading zero byte; HMAC-SHA256
    over the 8-byte big-endian time step; 8 bytes at offset mac[-1] & 15, masked to 63 bits,
    reduced mod 26^8 and written as 8 letters a-z, most significant first."""
    if len(key) not in (16, 26):
        raise ValueError(f"a Yandex secret is 16 or 26 bytes, got {len(key)}")
    k = hashlib.sha256(pin.encode("utf-8") + key[:16]).digest()
    if k[0] == 0:
        k = k[1:]
    mac = hmac.new(k, (time // period).to_bytes(8, "big"), hashlib.sha256).digest()
    offset = mac[-1] & 0x0F
    value = (int.from_bytes(mac[offset : offset + 8], "big") & 0x7FFFFFFFFFFFFFFF) % 26**8
    out = []
    for _ in range(8):
        out.append(YANDEX_ALPHABET[value % 26])
        value //= 26
    return "".join(reversed(out))


def pin_code(key: bytes, kind: str, pin: str, time: int, period: int) -> str:
    if kind == "motp":
        return motp(key, pin, time, period)
    if kind == "yandex":
        return yandex(key, pin, time, period)
    raise ValueError(f"not a PIN kind: {kind}")
