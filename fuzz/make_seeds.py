#!/usr/bin/env python3
"""Writes the seed inputs of every fuzz target into OUTDIR/<target>/ (one file per seed, named by
content hash, so reruns are idempotent). Usage: make_seeds.py OUTDIR

Seeds come only from the project's own data: the shared vectors (tests/vectors), the import
fixtures (tests/fixtures/import), the SMS corpus (tests/sms/corpus.jsonl), the vault seeds
committed in fuzz/seeds/, and small synthetic inputs built here, notably otpauth-migration
protobuf payloads of various batch sizes (complete, incomplete, shuffled, duplicated, mixed ids).
Every target gets at least one seed; the script fails otherwise.
"""
import base64
import hashlib
import json
import random
import struct
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
FIXTURES = ROOT / "tests" / "fixtures" / "import"
FUZZ = ROOT / "fuzz"

# Keep in sync with the [[bin]] entries of fuzz/Cargo.toml (checked below).
TARGETS = [
    "vault_decode", "vault_payload", "import_otpauth", "import_google", "import_aegis",
    "import_2fas", "import_ente", "import_proton", "migration_batch", "uri_parse",
    "sms_extract", "origin_bound", "import_andotp", "import_freeotp_plus", "import_freeotp",
    "import_bitwarden", "import_authy", "import_stratum", "import_steam", "import_lastpass",
    "import_proton_pass",
]

rng = random.Random(20240601)  # fixed: the same seeds on every run


# --- protobuf (MigrationPayload, see core/src/migration.rs) -------------------------------------

def varint(n: int) -> bytes:
    n &= (1 << 64) - 1  # negative int32/int64 are 10-byte two's-complement varints
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_varint(tag: int, value: int) -> bytes:
    return varint(tag << 3) + varint(value)


def field_bytes(tag: int, value: bytes) -> bytes:
    return varint(tag << 3 | 2) + varint(len(value)) + value


def otp_parameters(secret: bytes, name: bytes, issuer: bytes = b"", algorithm: int = 1,
                   digits: int = 1, otp_type: int = 2, counter: int = 0) -> bytes:
    out = field_bytes(1, secret) + field_bytes(2, name)
    if issuer:
        out += field_bytes(3, issuer)
    out += field_varint(4, algorithm) + field_varint(5, digits) + field_varint(6, otp_type)
    if counter:
        out += field_varint(7, counter)
    return out


def payload(entries, version=1, batch_size=1, batch_index=0, batch_id=0) -> bytes:
    out = b"".join(field_bytes(1, e) for e in entries)
    for tag, value in ((2, version), (3, batch_size), (4, batch_index), (5, batch_id)):
        if value:
            out += field_varint(tag, value)
    return out


def migration_uri(p: bytes, url_safe: bool = False) -> str:
    if url_safe:
        return "otpauth-migration://offline?data=" + base64.urlsafe_b64encode(p).decode().rstrip("=")
    return "otpauth-migration://offline?data=" + urllib.parse.quote(base64.b64encode(p).decode(), safe="")


def sample_entries(n: int, start: int = 0):
    kinds = [
        dict(algorithm=1, digits=1, otp_type=2),
        dict(algorithm=2, digits=2, otp_type=2),
        dict(algorithm=3, digits=1, otp_type=1, counter=42),
        dict(algorithm=0, digits=0, otp_type=0),
        dict(algorithm=1, digits=2, otp_type=1, counter=1),
    ]
    names = [b"ACME:alice@example.com", b"bob", "Bänk: zoë".encode(), b"a:b:c", b"", b"x\xff\xfe"]
    out = []
    for i in range(start, start + n):
        secret = hashlib.sha256(b"fuzz-seed-%d" % i).digest()[: 10 + i % 23]
        issuer = [b"", b"ACME", "Ünïcode".encode()][i % 3]
        out.append(otp_parameters(secret, names[i % len(names)], issuer, **kinds[i % len(kinds)]))
    return out


def batches():
    """Lists of payloads: one list per simulated multi-QR export (or deliberate mix-up)."""
    out = []
    for size in (1, 2, 3, 5, 10, 20):
        per = 1 + size % 3
        parts = [payload(sample_entries(per, i * per), batch_size=size, batch_index=i,
                         batch_id=1000 + size) for i in range(size)]
        out.append(parts)                              # complete, in order
        shuffled = parts[:]
        rng.shuffle(shuffled)
        out.append(shuffled + shuffled[:1])           # complete, shuffled, one duplicate
        if size > 1:
            out.append(parts[1:])                      # first part missing
            out.append(parts[: size // 2])             # second half missing
    # Claimed sizes far above the parts present (an export scanned one code at a time).
    # Up to 256 (MAX_BATCH_PARTS) they are accepted; above, BatchTooLarge. 2^31 - 1 with index 0
    # is issue 9 item 1 (a 2^31-element `missing()` before the cap).
    for size in (256, 257, 1000, 65536):
        out.append([payload(sample_entries(1), batch_size=size, batch_index=size - 1, batch_id=7)])
    out.append([payload(sample_entries(1), batch_size=2**31 - 1, batch_index=0, batch_id=1)])
    # Single payloads without batch fields (dim13/Aegis style), an empty payload, bad values.
    out.append([payload(sample_entries(4), version=0, batch_size=0)])
    out.append([payload([], batch_size=1)])
    out.append([b""])
    out.append([payload(sample_entries(1), batch_size=2, batch_index=2)])           # index out of range
    out.append([payload(sample_entries(1), batch_size=-1, batch_index=-1)])         # negative
    out.append([payload(sample_entries(1), batch_size=2, batch_id=1),
                payload(sample_entries(1), batch_size=3, batch_index=1, batch_id=1)])  # size mismatch
    out.append([payload(sample_entries(1), batch_size=2, batch_id=5),
                payload(sample_entries(1, 9), batch_size=2, batch_id=5)])         # conflicting part
    out.append([payload(sample_entries(1), batch_size=2, batch_id=5),
                payload(sample_entries(1), batch_size=2, batch_index=1, batch_id=6)])  # id mismatch
    bad = [otp_parameters(b"k" * 10, b"md5", algorithm=4), otp_parameters(b"", b"empty"),
           otp_parameters(b"k" * 10, b"neg", otp_type=1, counter=-5),
           otp_parameters(b"k" * 10, b"enum", digits=9)]
    out.extend([payload([e])] for e in bad)
    return out


# --- the seeds of each target --------------------------------------------------------------------

def load_json(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def fixture(name) -> bytes:
    return (FIXTURES / name).read_bytes()


def main() -> int:
    outdir = Path(sys.argv[1])
    seeds = {t: [] for t in TARGETS}

    declared = {line.split('"')[1] for line in (FUZZ / "Cargo.toml").read_text().splitlines()
                if line.startswith("name = ") and "otpkit-fuzz" not in line}
    if declared != set(TARGETS):
        print(f"make_seeds.py: TARGETS {sorted(TARGETS)} != fuzz/Cargo.toml {sorted(declared)}",
              file=sys.stderr)
        return 1

    # Committed binary seeds (small vaults made with the passphrase "fuzz passphrase").
    for t in TARGETS:
        d = FUZZ / "seeds" / t
        if d.is_dir():
            seeds[t].extend(p.read_bytes() for p in sorted(d.iterdir()) if p.is_file())

    uri_cases = load_json("uri.json")
    otpauth_uris = [c["uri"] for c in uri_cases] + [c["canonical"] for c in uri_cases if c.get("canonical")]
    codes = load_json("codes.json")
    for v in codes["code_vectors"][:: max(1, len(codes["code_vectors"]) // 12)]:
        kind, q = v["kind"], f"secret={v['secret_base32']}&algorithm={v['algorithm']}&digits={v['digits']}"
        if kind == "hotp":
            otpauth_uris.append(f"otpauth://hotp/Vec:{v['name']}?{q}&counter={v['counter']}")
        elif kind == "totp":
            otpauth_uris.append(f"otpauth://totp/Vec:{v['name']}?{q}&period={v['period']}")
        else:
            otpauth_uris.append(f"steam://{v['secret_base32']}")
    otpauth_uris += [
        "otpauth:/TOTP/a%3Ab?SECRET=jbswy3dp&issuer=Big+Corp&t0=5&image=x%2By",
        "otpauth://totp/user#1?secret=JBSWY3DPEHPK3PXP&encoder=steam",
        "otpauth://hotp/:a%3Ab?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551615&digits=10",
        "otpauth://totp/%20x%20:%20y%20?secret=JBSW%20Y3DP&period=1&algorithm=sha512&&=&x",
    ]
    seeds["uri_parse"] += [u.encode() for u in otpauth_uris]

    migration_cases = load_json("migration.json")
    migration_uris = [c["uri"] for c in migration_cases]
    generated = batches()
    gen_lines = ["\n".join(migration_uri(p, url_safe=i % 4 == 3) for p in parts)
                 for i, parts in enumerate(generated)]

    seeds["import_google"] += [u.encode() for u in migration_uris]
    seeds["import_google"] += [line.encode() for line in gen_lines]
    seeds["import_google"] += [fixture("google_migration.txt"), fixture("google_incomplete.txt"),
                               ("# two exports\n" + gen_lines[0] + "\n\n" + gen_lines[5]).encode()]

    seeds["import_otpauth"] += [fixture("otpauth_list.txt"), fixture("google_migration.txt"),
                                fixture("ente_plain.txt")]
    seeds["import_otpauth"] += ["\n".join(otpauth_uris[i:i + 8]).encode()
                                for i in range(0, len(otpauth_uris), 8)]
    seeds["import_otpauth"] += [(otpauth_uris[0] + "\n" + gen_lines[2] + "\n// c\n").encode()]

    for name in sorted(p.name for p in FIXTURES.iterdir()):
        if name.endswith(".expected.json") or name.endswith(".py"):
            continue
        # Longest prefix first: proton_pass.zip is Proton Pass, freeotp_plus.json FreeOTP+.
        prefixes = [("proton_pass", "import_proton_pass"), ("freeotp_plus", "import_freeotp_plus"),
                    ("freeotp", "import_freeotp"), ("aegis", "import_aegis"), ("twofas", "import_2fas"),
                    ("ente", "import_ente"), ("proton", "import_proton"), ("andotp", "import_andotp"),
                    ("bitwarden", "import_bitwarden"), ("authy", "import_authy"),
                    ("stratum", "import_stratum"), ("steam", "import_steam"),
                    ("lastpass", "import_lastpass")]
        target = next((t for prefix, t in prefixes if name.startswith(prefix)), None)
        if target:
            seeds[target].append(fixture(name))

    # migration_batch: u16 LE length + raw payload, per part.
    decoded = []
    for u in migration_uris:
        if "data=" not in u:
            continue  # vectors of URIs without data have no payload to seed
        data = urllib.parse.unquote(u.split("data=", 1)[1].split("&")[0])
        try:
            decoded.append(base64.b64decode(data + "=" * (-len(data) % 4), altchars=b"-_"))
        except ValueError:
            pass  # vectors of invalid base64 have no payload to seed
    framed = [[p] for p in decoded] + generated
    seeds["migration_batch"] += [b"".join(struct.pack("<H", len(p)) + p for p in parts)
                                 for parts in framed]

    receiver = load_json("receiver.json")
    sms = [c["text"] for c in receiver["extract"]]
    origin = [c["text"] for c in receiver["origin_bound"]]
    corpus = ROOT / "tests" / "sms" / "corpus.jsonl"
    sms += [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    origin += [
        "747723 is your ExampleCo authentication code.\n\n@example.com #747723 @ecommerce.example",
        "@example.com #747723 %ecommerce.example $future",
        "Your code is 123456\r\n@Example.COM\t#١٢٣٤٥٦  \n\n",
        "mail me at bob@example.com #1 fan\n@a-b.c #x",
        "@xn--bcher-kva.example. #０１２３",
    ]
    seeds["sms_extract"] += [t.encode() for t in sms + origin[:4]]
    seeds["origin_bound"] += [t.encode() for t in origin]

    empty = [t for t in TARGETS if not seeds[t]]
    if empty:
        print(f"make_seeds.py: no seeds for {empty}", file=sys.stderr)
        return 1
    for t, items in seeds.items():
        d = outdir / t
        d.mkdir(parents=True, exist_ok=True)
        for data in items:
            (d / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print("seeds: " + ", ".join(f"{t} {len(set(map(bytes, seeds[t])))}" for t in TARGETS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
