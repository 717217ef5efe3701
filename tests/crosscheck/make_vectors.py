#!/usr/bin/env python3
"""Generates tests/vectors/codes.json, the shared HOTP/TOTP/Steam test vectors.

    python3 tests/crosscheck/make_vectors.py           # (re)write tests/vectors/codes.json
    python3 tests/crosscheck/make_vectors.py --check   # fail if the committed file is stale

Every expected value is computed by otpref.py (stdlib hmac). Vectors with a published value (RFC 4226,
RFC 6238, the test suites of pyotp, steamguard-cli and ValvePython/steam) are asserted against it;
when pyotp and/or oathtool are available, every vector they can express is also checked against them.
Standard library only otherwise; no network access.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import otpref  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "vectors", "codes.json")

RFC_SHA1 = b"12345678901234567890"
RFC_SHA256 = b"12345678901234567890123456789012"
RFC_SHA512 = b"1234567890123456789012345678901234567890123456789012345678901234"
RFC_TIMES = [59, 1111111109, 1111111111, 1234567890, 2000000000, 20000000000]

SRC_RFC4226 = "RFC 4226 Appendix D"
SRC_RFC4226_DEC = "RFC 4226 Appendix D (Decimal column: the 31-bit truncated value)"
SRC_RFC6238 = "RFC 6238 Appendix B"
SRC_PYOTP = "pyotp test.py (github.com/pyauth/pyotp @0a964ba1)"
SRC_STEAMGUARD = "steamguard-cli steamguard/src/token.rs test_generate_code (github.com/dyc3/steamguard-cli @0d69f395)"
SRC_VALVE = "ValvePython/steam tests/test_guard.py (github.com/ValvePython/steam @1a69623f)"
SRC_OTPAUTH_JS = "otpauth (JavaScript) test/test.mjs cases 11-19 (github.com/hectorm/otpauth @00057406)"
SRC_AEGIS_MOTP = "Aegis MOTPTest.java VECTORS (github.com/beemdevelopment/Aegis @3441deee)"
SRC_AEGIS_YAOTP = "Aegis YAOTPTest.java TEST_CASES (github.com/beemdevelopment/Aegis @161b79f0)"
SRC_COMPUTED_PIN = "computed by tests/crosscheck/otpref.py (hashlib) from the published mOTP/Yandex Key descriptions"
SRC_COMPUTED = "computed by tests/crosscheck/otpref.py; cross-checked with pyotp 2.9.0 and oathtool 2.6.7 where they apply"

codes: list[dict] = []
snapshots: list[dict] = []
pin_codes: list[dict] = []


def add_pin(name, kind, key, pin, time, *, published=None, source=SRC_COMPUTED_PIN):
    """mOTP (MD5, 6 hex, 10 s) or Yandex Key (SHA256, 8 letters, 30 s) code at `time`."""
    period = 10 if kind == "motp" else 30
    expected = otpref.pin_code(key, kind, pin, time, period)
    if published is not None and published != expected:
        sys.exit(f"{name}: reference computed {expected}, published value is {published}")
    if published is None and source != SRC_COMPUTED_PIN:
        sys.exit(f"{name}: a published source needs a published value")
    pin_codes.append({
        "name": name, "kind": kind, "secret_base32": otpref.b32(key), "secret_hex": key.hex(), "pin": pin,
        "algorithm": "MD5" if kind == "motp" else "SHA256", "digits": 6 if kind == "motp" else 8,
        "period": period, "time": time, "expected": expected, "source": source,
    })


def entry(name, kind, key, algorithm="SHA1", digits=6, period=30, t0=0, counter=None, time=None):
    if kind == "hotp":
        assert counter is not None and time is None
        period = t0 = None
    else:
        assert time is not None and counter is None
    return {
        "name": name,
        "kind": kind,
        "secret_base32": otpref.b32(key),
        "secret_hex": key.hex(),
        "algorithm": algorithm,
        "digits": digits,
        "period": period,
        "t0": t0,
        "counter": counter,
        "time": time,
    }


def add(name, kind, key, *, published=None, source=SRC_COMPUTED, **kw):
    e = entry(name, kind, key, **kw)
    expected = otpref.code(
        key, kind, e["algorithm"], e["digits"], counter=e["counter"], time=e["time"],
        period=e["period"] or 30, t0=e["t0"] or 0,
    )
    if published is not None and published != expected:
        sys.exit(f"{name}: reference computed {expected}, published value is {published}")
    if published is None and source != SRC_COMPUTED:
        sys.exit(f"{name}: a published source needs a published value")
    e["expected"] = expected
    e["source"] = source
    codes.append(e)


def add_snapshot(name, kind, key, **kw):
    e = entry(name, kind, key, **kw)
    if kind != "hotp":
        assert e["time"] >= e["t0"], "snapshots before T0 are not part of the shared contract"
    snap = otpref.snapshot(
        key, kind, e["algorithm"], e["digits"], counter=e["counter"], time=e["time"],
        period=e["period"] or 30, t0=e["t0"] or 0,
    )
    if kind == "hotp":
        # Snapshots of HOTP take the moving factor from the stored counter; any time gives the same.
        e["time"] = 1234567890
    for k, v in snap.items():
        e["expected_" + k] = v
    e["source"] = SRC_COMPUTED
    snapshots.append(e)


def build():
    # --- RFC 4226 Appendix D: HOTP, SHA1, "12345678901234567890" ----------------------------------
    rfc4226 = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
    rfc4226_dec = [1284755224, 1094287082, 137359152, 1726969429, 1640338314,
                   868254676, 1918287922, 82162583, 673399871, 645520489]
    for c, want in enumerate(rfc4226):
        add(f"rfc4226-hotp-sha1-c{c}", "hotp", RFC_SHA1, counter=c, published=want, source=SRC_RFC4226)
    for c, dec in enumerate(rfc4226_dec):
        assert otpref.truncated(RFC_SHA1, c, "SHA1") == dec
        add(f"rfc4226-hotp-sha1-10digits-c{c}", "hotp", RFC_SHA1, counter=c, digits=10,
            published=str(dec).zfill(10), source=SRC_RFC4226_DEC)
    for c in (0, 1, 7, 9):
        add(f"rfc4226-hotp-sha1-1digit-c{c}", "hotp", RFC_SHA1, counter=c, digits=1,
            published=str(rfc4226_dec[c] % 10), source=SRC_RFC4226_DEC)
    for c in (3, 7):
        add(f"rfc4226-hotp-sha1-7digits-c{c}", "hotp", RFC_SHA1, counter=c, digits=7,
            published=str(rfc4226_dec[c] % 10**7).zfill(7), source=SRC_RFC4226_DEC)
        add(f"rfc4226-hotp-sha1-8digits-c{c}", "hotp", RFC_SHA1, counter=c, digits=8,
            published=str(rfc4226_dec[c] % 10**8).zfill(8), source=SRC_RFC4226_DEC)

    # --- RFC 6238 Appendix B: TOTP, 30 s, T0 = 0, 8 digits ------------------------------------------
    rfc6238 = {
        "SHA1": (RFC_SHA1, ["94287082", "07081804", "14050471", "89005924", "69279037", "65353130"]),
        "SHA256": (RFC_SHA256, ["46119246", "68084774", "67062674", "91819424", "90698825", "77737706"]),
        "SHA512": (RFC_SHA512, ["90693936", "25091201", "99943326", "93441116", "38618901", "47863826"]),
    }
    for alg, (key, wants) in rfc6238.items():
        for t, want in zip(RFC_TIMES, wants):
            add(f"rfc6238-totp-{alg.lower()}-t{t}", "totp", key, algorithm=alg, digits=8, time=t,
                published=want, source=SRC_RFC6238)
    for t, want in [(1111111111, "050471"), (1234567890, "005924"), (2000000000, "279037")]:
        add(f"rfc6238-totp-sha1-6digits-t{t}", "totp", RFC_SHA1, time=t, published=want, source=SRC_PYOTP)

    # --- Steam Guard (published) ---------------------------------------------------------------------
    k1 = base64.b32decode("BASE32SECRET3232")
    for t, want in [(0, "2TC8B"), (30, "YKKK4"), (60, "M4HQB"), (90, "DTVB3"),
                    (1662883100, "N3G63"), (946681223, "7VP3X")]:
        add(f"steam-pyotp-base32secret3232-t{t}", "steam", k1, digits=5, time=t, published=want, source=SRC_PYOTP)
    k2 = base64.b32decode("FMXNK4QEGKVPULRTADY6JIDK5VHUBGZW")
    for t, want in [(0, "C5V56"), (30, "QJY8Y"), (60, "R3WQY"), (90, "JG3T3"),
                    (1662884261, "V6WKJ"), (946681223, "4MK54")]:
        add(f"steam-pyotp-fmxnk4-t{t}", "steam", k2, digits=5, time=t, published=want, source=SRC_PYOTP)
    k3 = base64.b64decode("zvIayp3JPvtvX/QGHqsqKBk/44s=")
    add("steam-steamguard-cli-t1616374841", "steam", k3, digits=5, time=1616374841, published="2F9J5",
        source=SRC_STEAMGUARD)
    k4 = b"superdupersecret"
    add("steam-valvepython-t3000029", "steam", k4, digits=5, time=3000029, published="94R9D", source=SRC_VALVE)
    add("steam-valvepython-t3000030", "steam", k4, digits=5, time=3000030, published="YRGQJ", source=SRC_VALVE)
    # Steam (computed) on the RFC seed, around a step boundary and at large times.
    for t in (29, 30, 59, 1111111111, 2000000000, 20000000000):
        add(f"steam-rfc-seed-t{t}", "steam", RFC_SHA1, digits=5, time=t)

    # --- Digits: 10 and 1 for TOTP and all algorithms ----------------------------------------------
    for alg, (key, _) in rfc6238.items():
        for t in (59, 1234567890, 20000000000):
            add(f"totp-{alg.lower()}-10digits-t{t}", "totp", key, algorithm=alg, digits=10, time=t)
            add(f"totp-{alg.lower()}-1digit-t{t}", "totp", key, algorithm=alg, digits=1, time=t)
        add(f"totp-{alg.lower()}-7digits-t1111111111", "totp", key, algorithm=alg, digits=7, time=1111111111)
        add(f"hotp-{alg.lower()}-c0", "hotp", key, algorithm=alg, counter=0)
        add(f"hotp-{alg.lower()}-8digits-c1", "hotp", key, algorithm=alg, digits=8, counter=1)
        add(f"hotp-{alg.lower()}-10digits-c2", "hotp", key, algorithm=alg, digits=10, counter=2)

    # --- Non-default periods and T0 ---------------------------------------------------------------
    for period in (60, 1, 15, 120, 3600):
        for t in (0, 59, 60, 1111111111, 2000000000):
            add(f"totp-sha1-p{period}-t{t}", "totp", RFC_SHA1, period=period, time=t)
    add("totp-sha256-8digits-p60-t1234567890", "totp", RFC_SHA256, algorithm="SHA256", digits=8, period=60,
        time=1234567890)
    add("totp-sha512-8digits-p1-t1234567890", "totp", RFC_SHA512, algorithm="SHA512", digits=8, period=1,
        time=1234567890)
    add("steam-p60-t1616374841", "steam", k3, digits=5, period=60, time=1616374841)
    for t0, t in [(100, 100), (100, 129), (100, 130), (1000000000, 1111111111), (1000000000, 1000000029),
                  (1234567890, 2000000000), (17, 20000000000)]:
        add(f"totp-sha1-t0-{t0}-t{t}", "totp", RFC_SHA1, t0=t0, time=t)
    add("totp-sha256-8digits-t0-59-p60-t1111111111", "totp", RFC_SHA256, algorithm="SHA256", digits=8, period=60,
        t0=59, time=1111111111)
    # Documented otpkit behaviour: a time before T0 counts as step 0 (RFC 6238 leaves it undefined).
    add("totp-sha1-before-t0-is-step0", "totp", RFC_SHA1, t0=1000, time=10)

    # --- Boundaries of the moving factor and of time ----------------------------------------------
    for t in (0, 29, 30, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**34, 2**40):
        add(f"totp-sha1-t{t}", "totp", RFC_SHA1, time=t)
    for c in (2**31, 2**32, 2**32 + 1, 2**48, 2**53 - 1):
        add(f"hotp-sha1-c{c}", "hotp", RFC_SHA1, counter=c)

    # --- Key lengths: tiny, block-sized, longer than the hash block (the key gets hashed) ---------
    for n in (1, 10, 63, 64, 65, 100):
        key = bytes((i * 7 + 3) & 0xFF for i in range(n))
        add(f"totp-sha1-key{n}bytes-t1234567890", "totp", key, time=1234567890)
        add(f"hotp-sha1-key{n}bytes-c42", "hotp", key, counter=42)
    for n in (127, 128, 129, 200):
        key = bytes((i * 13 + 1) & 0xFF for i in range(n))
        add(f"totp-sha512-key{n}bytes-t1234567890", "totp", key, algorithm="SHA512", digits=8, time=1234567890)
        add(f"totp-sha256-key{n}bytes-t1234567890", "totp", key, algorithm="SHA256", digits=8, time=1234567890)

    # --- SHA-224/384 and SHA-3: published by the otpauth JavaScript library's test suite -----------
    # (base32 secret, algorithm, HOTP code at counter 1e10, TOTP code with period 5 at 1451606400 s)
    otpauth_js = [
        ("E3KIN4MHX6TX33EBQPPLX4MRXWHMPCO4TDR2RGHRUWWZI6XIT2A65JU24SUJTZNQWJG67P5546J2H25PWPZ2BMMVZS2MTMO2U3YJXN5"
         "WEXGZSMHIUCJCX3V3SXTJJLA", "SHA224", "796737", "539931"),
        ("6GF2VJXDXGYOROFM46SYTRVH3GZ6VAUIKDLIT4E3WCEO7H5RYOPMVPCM56KJ7ZE6SXSZXCHBXWZN7BOXWTWIZNHSX6IIJ4EZU6T65IU"
         "2NPQLVOHTSSAJL34BR7IZ3ZMBVTZZBENI6GULZJA", "SHA384", "708330", "148929"),
        ("2KUDTYFCS3F3ZTN73CE7FBNESDWIBFXLRGD6FLU35O6JX2EESLD25SM26SDK3J7FT2MCB45VXKFPFNEQSXHKKTHEXOWVJ4FCSKS6DHV"
         "A3GK5JPZ4MN3E7YFITM", "SHA3-224", "628940", "048033"),
        ("6OOITD7RRWPKYWPPSKLOPFEUHLM22MHTWOV3PSUDL7D32OXKQCAXB24SUNUFBVNU6SHINEKIMHY33FEH4WVI54FEWOBG3SFQ2WUNJLH"
         "QSCSLX44BXOVOLA4S", "SHA3-256", "866227", "317566"),
        ("4KN3V25ASPTKBC264652LZ5LT72I3CFN22A7DCUJXVF67H4R4W5LBYNAURJ63ANT6O63DNPPQGM5XB7QSKOIT4E7US2VOL7NSOVV744"
         "5USR6ZCEAZKLMFJ64VTWYXK6RR7ZJXBV2", "SHA3-384", "502187", "056545"),
        ("6OJZ5H7UQOYZJ4V7RCPPHGVSX3X2VC6VXLNKP3VOTZDMPDHQU673WN335CX3P5EBS6ZDSM7DROD6NJFTPNN6FA472GIPDE4VX3TIVO"
         "O7WLXLBM7GTW5N7I7MWSIMNMXRTOXZU", "SHA3-512", "239674", "690174"),
        ("AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQTCQKRMFYYDENBWHA5DYPSBQUAYKA4FAWCQPBIJQUFYKDMFB6CRDBITQUKYKF4FDGCRXBI5QU"
         "PYKIMFEOCSLBJHQUUYKK4FFWCS7BJRQUZYKNMFG6CTTBJ3QU6YKP4FIA", "SHA3-512", "385745", "213674"),
    ]
    for i, (b32, alg, hotp_code, totp_code) in enumerate(otpauth_js):
        key = base64.b32decode(b32 + "=" * (-len(b32) % 8))
        tag = f"{alg.lower()}-otpauthjs{i}"
        add(f"hotp-{tag}-c1e10", "hotp", key, algorithm=alg, counter=10**10, published=hotp_code,
            source=SRC_OTPAUTH_JS)
        add(f"totp-{tag}-p5-t1451606400", "totp", key, algorithm=alg, period=5, time=1451606400,
            published=totp_code, source=SRC_OTPAUTH_JS)
    # Computed: every new hash on the RFC seeds, with 6/8/10 digits, several times and counters,
    # and keys around each hash's block size (SHA-224/256: 64, SHA-384/512: 128, SHA3-224: 144,
    # SHA3-256: 136, SHA3-384: 104, SHA3-512: 72 bytes).
    blocks = {"SHA224": 64, "SHA384": 128, "SHA3-224": 144, "SHA3-256": 136, "SHA3-384": 104, "SHA3-512": 72}
    for alg, block in blocks.items():
        low = alg.lower()
        for t, key in ((59, RFC_SHA1), (1111111109, RFC_SHA256), (1234567890, RFC_SHA512), (20000000000, RFC_SHA256)):
            add(f"totp-{low}-8digits-key{len(key)}-t{t}", "totp", key, algorithm=alg, digits=8, time=t)
        add(f"totp-{low}-t1111111111", "totp", RFC_SHA1, algorithm=alg, time=1111111111)
        add(f"totp-{low}-10digits-p60-t2000000000", "totp", RFC_SHA512, algorithm=alg, digits=10, period=60,
            time=2000000000)
        for c in (0, 1, 9, 2**32 + 1):
            add(f"hotp-{low}-c{c}", "hotp", RFC_SHA1, algorithm=alg, counter=c)
        for n in (block - 1, block, block + 1):
            key = bytes((i * 11 + 5) & 0xFF for i in range(n))
            add(f"hotp-{low}-key{n}bytes-c42", "hotp", key, algorithm=alg, digits=8, counter=42)

    # --- Snapshots: time -> current, next, remaining ---------------------------------------------
    add_snapshot("snapshot-totp-sha1-t59", "totp", RFC_SHA1, time=59)
    add_snapshot("snapshot-totp-sha1-8digits-t59", "totp", RFC_SHA1, digits=8, time=59)
    add_snapshot("snapshot-totp-sha1-t60", "totp", RFC_SHA1, time=60)
    add_snapshot("snapshot-totp-sha1-t0", "totp", RFC_SHA1, time=0)
    add_snapshot("snapshot-totp-sha1-t1111111111", "totp", RFC_SHA1, time=1111111111)
    add_snapshot("snapshot-totp-sha256-8digits-t20000000000", "totp", RFC_SHA256, algorithm="SHA256", digits=8,
                 time=20000000000)
    add_snapshot("snapshot-totp-sha512-10digits-t1234567890", "totp", RFC_SHA512, algorithm="SHA512", digits=10,
                 time=1234567890)
    add_snapshot("snapshot-totp-sha3-256-8digits-t1111111111", "totp", RFC_SHA256, algorithm="SHA3-256",
                 digits=8, time=1111111111)
    add_snapshot("snapshot-hotp-sha384-c3", "hotp", RFC_SHA512, algorithm="SHA384", counter=3)
    add_snapshot("snapshot-totp-p60-t59", "totp", RFC_SHA1, period=60, time=59)
    add_snapshot("snapshot-totp-p60-t1111111111", "totp", RFC_SHA1, period=60, time=1111111111)
    add_snapshot("snapshot-totp-p1-t1234567890", "totp", RFC_SHA1, period=1, time=1234567890)
    add_snapshot("snapshot-totp-t0-100-t100", "totp", RFC_SHA1, t0=100, time=100)
    add_snapshot("snapshot-totp-t0-100-t129", "totp", RFC_SHA1, t0=100, time=129)
    add_snapshot("snapshot-totp-t0-100-t130", "totp", RFC_SHA1, t0=100, time=130)
    add_snapshot("snapshot-totp-t0-1000000000-p45-t1111111111", "totp", RFC_SHA1, t0=1000000000, period=45,
                 time=1111111111)
    add_snapshot("snapshot-steam-t1616374841", "steam", k3, digits=5, time=1616374841)
    add_snapshot("snapshot-steam-t30", "steam", k1, digits=5, time=30)
    add_snapshot("snapshot-hotp-c5", "hotp", RFC_SHA1, counter=5)
    add_snapshot("snapshot-hotp-8digits-c9", "hotp", RFC_SHA1, digits=8, counter=9)

    # --- mOTP and Yandex Key (PIN-based; own list: bindings need the PIN) ------------------------
    for t, want, pin, sec in [(165892298, "e7d8b6", "1234", "e3152afee62599c8"),
                              (123456789, "4ebfb2", "1234", "e3152afee62599c8"),
                              (1659540020, "ced7b1", "9999", "bbb1912bb5c515be"),
                              (1659540022, "ced7b1", "9999", "bbb1912bb5c515be"),
                              (1659539870, "1a14f8", "9999", "bbb1912bb5c515be"),
                              (1659539878, "1a14f8", "9999", "bbb1912bb5c515be")]:
        add_pin(f"motp-aegis-{sec[:6]}-t{t}", "motp", bytes.fromhex(sec), pin, t, published=want,
                source=SRC_AEGIS_MOTP)
    for pin, sec, t, want in [("5239", "6SB2IKNM6OBZPAVBVTOHDKS4FAAAAAAADFUTQMBTRY", 1641559648, "umozdicq"),
                              ("7586", "LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI", 1581064020, "oactmacq"),
                              ("7586", "LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI", 1581090810, "wemdwrix"),
                              ("5210481216086702", "JBGSAU4G7IEZG6OY4UAXX62JU4AAAAAAHTSG4HXU3M", 1581091469, "dfrpywob"),
                              ("5210481216086702", "JBGSAU4G7IEZG6OY4UAXX62JU4AAAAAAHTSG4HXU3M", 1581093059, "vunyprpd")]:
        key = base64.b32decode(sec + "=" * (-len(sec) % 8))
        add_pin(f"yandex-aegis-{sec[:6].lower()}-t{t}", "yandex", key, pin, t, published=want, source=SRC_AEGIS_YAOTP)
        # The same account as Aegis stores it (the 16-byte secret without its checksum).
        add_pin(f"yandex-aegis-{sec[:6].lower()}-16bytes-t{t}", "yandex", key[:16], pin, t, published=want,
                source=SRC_AEGIS_YAOTP)
    # Computed: times around step boundaries and far away, other PINs, a key whose SHA-256 starts
    # with a zero byte (found by search below; the zero byte is dropped).
    for t in (0, 9, 10, 1111111111, 2000000000, 20000000000):
        add_pin(f"motp-rfc-seed-t{t}", "motp", RFC_SHA1[:16], "0000", t)
        add_pin(f"yandex-rfc-seed-t{t}", "yandex", RFC_SHA1[:16], "1234", t)
    add_pin("motp-long-pin-t1700000000", "motp", bytes(range(8)), "12345678901234567890", 1700000000)
    add_pin("yandex-non-ascii-pin-t1700000000", "yandex", bytes(range(16)), "p\u00efn", 1700000000)
    zero_pin = next(f"{n:04d}" for n in range(10000)
                    if hashlib.sha256(f"{n:04d}".encode() + RFC_SHA1[:16]).digest()[0] == 0)
    for t in (59, 1234567890):
        add_pin(f"yandex-key-hash-leading-zero-pin{zero_pin}-t{t}", "yandex", RFC_SHA1[:16], zero_pin, t)

    names = [e["name"] for e in codes + snapshots + pin_codes]
    assert len(names) == len(set(names)), "duplicate vector names"
    for e in codes + snapshots:
        for k in ("counter", "time", "t0", "period"):
            assert e[k] is None or 0 <= e[k] < 2**53, f"{e['name']}: {k} must stay a safe JSON integer"


def check_with_pyotp():
    try:
        import pyotp
        import pyotp.contrib
    except ImportError:
        print("make_vectors: pyotp not installed, skipping pyotp check", file=sys.stderr)
        return 0
    import datetime

    # Snapshots: check `current` and `next` as two ordinary code vectors.
    derived = []
    for s in snapshots:
        for which, shift in (("current", 0), ("next", 1)):
            d = dict(s, name=f"{s['name']}/{which}", expected=s["expected_" + which])
            if s["kind"] == "hotp":
                d["counter"] = s["counter"] + shift
            else:
                d["time"] = s["expected_valid_from"] + shift * s["period"]
            derived.append(d)
    n = 0
    for e in codes + derived:
        digest = otpref.DIGESTS[e["algorithm"]]
        secret = otpref.b32_padded(bytes.fromhex(e["secret_hex"]))
        try:
            if e["kind"] == "hotp":
                got = pyotp.HOTP(secret, digits=e["digits"], digest=digest).at(e["counter"])
            else:
                if e["time"] < e["t0"]:
                    continue
                when = datetime.datetime.fromtimestamp(e["time"] - e["t0"], tz=datetime.timezone.utc)
                if e["kind"] == "steam":
                    if e["period"] != 30:
                        continue  # pyotp 2.9.0's Steam class ignores `interval` (always 30 s)
                    got = pyotp.contrib.Steam(secret, interval=e["period"]).at(when)
                else:
                    got = pyotp.TOTP(secret, digits=e["digits"], digest=digest, interval=e["period"]).at(when)
        except (ValueError, OverflowError, OSError):
            continue  # outside what this pyotp version accepts
        if got != e["expected"]:
            sys.exit(f"{e['name']}: pyotp says {got}, reference says {e['expected']}")
        n += 1
    return n


def check_with_oathtool():
    if shutil.which("oathtool") is None:
        print("make_vectors: oathtool not installed, skipping oathtool check", file=sys.stderr)
        return 0
    n = 0
    for e in codes:
        if e["kind"] == "steam" or e["digits"] not in (6, 7, 8):
            continue
        if e["algorithm"] not in ("SHA1", "SHA256", "SHA512"):
            continue  # oathtool's TOTP mode knows only these three
        if e["kind"] == "hotp":
            if e["algorithm"] != "SHA1":
                continue  # oathtool's HOTP mode is HMAC-SHA1 only
            args = ["-c", str(e["counter"])]
        else:
            if e["time"] < e["t0"]:
                continue
            args = [f"--totp={e['algorithm']}", f"--time-step-size={e['period']}s",
                    f"--start-time=@{e['t0']}", f"--now=@{e['time']}"]
        got = subprocess.run(["oathtool", "-d", str(e["digits"]), *args, e["secret_hex"]],
                             check=True, capture_output=True, text=True).stdout.strip()
        if got != e["expected"]:
            sys.exit(f"{e['name']}: oathtool says {got}, reference says {e['expected']}")
        n += 1
    return n


DESCRIPTION = (
    "Shared HOTP/TOTP/Steam Guard/mOTP/Yandex Key test vectors for the otpkit engine and its bindings. "
    "Generated by tests/crosscheck/make_vectors.py; do not edit by hand."
)
FIELDS = {
    "name": "unique identifier of the vector",
    "kind": "hotp | totp | steam",
    "secret_base32": "the key, RFC 4648 base32, upper case, no padding",
    "secret_hex": "the same key as lower-case hex",
    "algorithm": "SHA1 | SHA224 | SHA256 | SHA384 | SHA512 | SHA3-224 | SHA3-256 | SHA3-384 | SHA3-512 (HMAC hash)",
    "digits": "code length (1-10; always 5 for steam)",
    "period": "time step in seconds (totp, steam); null for hotp",
    "t0": "Unix time of step 0 (totp; always 0 for steam); null for hotp. Times before t0 count as step 0",
    "counter": "HOTP moving factor; null for totp/steam",
    "time": "Unix time in seconds (totp, steam); null for hotp code vectors",
    "expected": "the code (code_vectors)",
    "expected_current/next/remaining/counter/valid_from": "snapshot at `time` (snapshot_vectors): current and "
    "next code, seconds until current expires (0 for hotp), the moving factor of current, and the Unix time "
    "current became valid (0 for hotp); for hotp the moving factor is `counter` and `time` is irrelevant",
    "source": "where the expected value comes from",
    "pin_vectors": "mOTP (kind motp: MD5, 6 hex characters, period 10) and Yandex Key (kind yandex: "
    "SHA256, 8 letters, period 30) codes at `time` for the secret and `pin`",
}


def render_json() -> str:
    def block(items):
        return ",\n".join("    " + json.dumps(e, separators=(", ", ": ")) for e in items)

    head = {"format": "otpkit-code-vectors", "version": 1, "description": DESCRIPTION,
            "integers": "all integers are below 2^53 (safe in every JSON parser)", "fields": FIELDS}
    text = json.dumps(head, indent=2)[:-2]  # drop the closing "\n}"
    return (text + ',\n  "code_vectors": [\n' + block(codes) + '\n  ],\n  "snapshot_vectors": [\n'
            + block(snapshots) + '\n  ],\n  "pin_vectors": [\n' + block(pin_codes) + "\n  ]\n}\n")


def main():
    build()
    n_py = check_with_pyotp()
    n_oath = check_with_oathtool()
    text = render_json()
    json.loads(text)
    summary = (f"{len(codes)} code vectors, {len(snapshots)} snapshot vectors, {len(pin_codes)} pin vectors; "
               f"{n_py} checked with pyotp, {n_oath} with oathtool")
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{OUT} is stale: run python3 tests/crosscheck/make_vectors.py")
        print(f"make_vectors: {OUT} is up to date ({summary})")
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"make_vectors: wrote {OUT} ({summary})")


if __name__ == "__main__":
    main()
