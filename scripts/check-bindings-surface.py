#!/usr/bin/env python3
"""Fails when a generated Kotlin or Swift record could leak a secret or is mutable.

Reads the uniffi-generated Kotlin (`data class`) and Swift (`public struct`) records and checks:
  * no record field whose name looks like a secret (`secret`, `code`, `passphrase`, `password`,
    `key`, `pepper`, `pin`, as the whole name or a camelCase part of it) has a plain type
    (String, ByteArray/Data, numbers, lists of them): such a field must hold one of the redacting
    handle objects (Secret, OneTimeCode, SensitiveText), whose toString/description never shows it;
  * every Kotlin record field is `val` (immutable records).
Error enums/exceptions are not records and are not checked here (their fields never carry
secrets; see bindings/src/error.rs).

Usage: check-bindings-surface.py BINDINGS_DIR   (the directory with kotlin/ and swift/)
Exit status 1 with one line per finding, 0 when clean.
"""
import pathlib
import re
import sys

SECRET_WORDS = {"secret", "code", "passphrase", "password", "key", "pepper", "pin"}
HANDLES = {"Secret", "OneTimeCode", "SensitiveText"}
# Fields whose name contains a secret word but which are not secrets: what a value IS, not the
# value. Each entry says why.
ALLOWED = {
    "keyId",  # a pepper's public key id
    "key_id",
    "keyword",  # the keyword that supported an SMS code (text of the message, not the code)
    "codeLength",
}


def words(name: str) -> set[str]:
    parts = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower().split("_")
    return {p for p in parts if p}


def base_type(t: str) -> str:
    t = t.strip().rstrip("?")
    m = re.match(r"(?:List|Array|Optional|Set)<(.+)>$", t)
    if m:
        return base_type(m.group(1))
    m = re.match(r"\[(.+)\]$", t)
    if m:
        return base_type(m.group(1))
    return t


RECORDS: set[str] = set()  # generated record names (their own fields are checked too)


def check_field(lang: str, record: str, name: str, typ: str, findings: list[str]) -> None:
    if name in ALLOWED or not (words(name) & SECRET_WORDS):
        return
    if base_type(typ) not in HANDLES | RECORDS:
        findings.append(
            f"{lang}: record {record} field `{name}: {typ}` looks like a secret but is a plain "
            f"type (use Secret/OneTimeCode/SensitiveText)"
        )


def kotlin(path: pathlib.Path, findings: list[str]) -> int:
    text = path.read_text()
    n = 0
    for m in re.finditer(r"\ndata class (\w+) ?\((.*?)\n\)", text, re.S):
        record, body = m.group(1), m.group(2)
        n += 1
        for fm in re.finditer(r"^\s*(?:/\*\*.*?\*/\s*)?(var|val)\s+`?(\w+)`?\s*:\s*([^,=\n]+)", body, re.S | re.M):
            kind, name, typ = fm.group(1), fm.group(2), fm.group(3)
            if kind == "var":
                findings.append(f"kotlin: record {record} field `{name}` is `var` (records must be immutable)")
            check_field("kotlin", record, name, typ, findings)
    return n


def swift(path: pathlib.Path, findings: list[str]) -> int:
    text = path.read_text()
    n = 0
    for chunk in text.split("\npublic struct ")[1:]:
        record = re.match(r"\w+", chunk).group(0)
        body = chunk.split("\n}\n", 1)[0]
        if record.startswith("FfiConverter") or "// Default memberwise" not in body:
            continue
        n += 1
        body = body.split("// Default memberwise", 1)[0]
        for fm in re.finditer(r"^    public (var|let) (\w+): ([^\n]+)", body, re.M):
            if fm.group(1) == "var":
                findings.append(f"swift: record {record} field `{fm.group(2)}` is `var`")
            check_field("swift", record, fm.group(2), fm.group(3), findings)
    return n


def self_test() -> int:
    """The check must fail on a leaking or mutable record and pass on a clean one."""
    import tempfile
    bad_kt = "\ndata class Leaky (\n    var `secret`: kotlin.String,\n    val `label`: kotlin.String\n)\n"
    bad_sw = ("\npublic struct Leaky {\n    public let passphrase: String\n    public let label: String\n"
              "\n    // Default memberwise initializers\n}\n")
    good_kt = "\ndata class Fine (\n    val `secret`: Secret,\n    val `keyword`: kotlin.String?\n)\n"
    good_sw = ("\npublic struct Fine {\n    public let code: OneTimeCode\n"
               "\n    // Default memberwise initializers\n}\n")
    results = []
    for kt, sw in ((bad_kt, bad_sw), (good_kt, good_sw)):
        with tempfile.TemporaryDirectory() as d:
            root = pathlib.Path(d)
            (root / "kotlin").mkdir()
            (root / "swift").mkdir()
            (root / "kotlin" / "x.kt").write_text(kt)
            (root / "swift" / "x.swift").write_text(sw)
            findings: list[str] = []
            kotlin(root / "kotlin" / "x.kt", findings)
            swift(root / "swift" / "x.swift", findings)
            results.append(findings)
    bad, good = results
    ok = len(bad) == 3 and not good
    print(f"check-bindings-surface self-test: {'ok' if ok else 'FAILED'} ({len(bad)} findings on the bad sample, {len(good)} on the good one)")
    return 0 if ok else 1


def main() -> int:
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = pathlib.Path(sys.argv[1])
    findings: list[str] = []
    kt = list((root / "kotlin").rglob("*.kt"))
    sw = list((root / "swift").glob("*.swift"))
    if not kt or not sw:
        print(f"check-bindings-surface: no generated Kotlin/Swift under {root}", file=sys.stderr)
        return 1
    for p in kt:
        RECORDS.update(re.findall(r"\ndata class (\w+) ?\(", p.read_text()))
    for p in sw:
        RECORDS.update(re.findall(r"\npublic struct (\w+)[^\n]*\{", p.read_text()))
    RECORDS.difference_update({r for r in RECORDS if r.startswith("FfiConverter")})
    counts = [kotlin(p, findings) for p in kt] + [swift(p, findings) for p in sw]
    for f in findings:
        print(f)
    if sum(counts[: len(kt)]) == 0 or sum(counts[len(kt):]) == 0:
        print("check-bindings-surface: found no records (generator output changed?)", file=sys.stderr)
        return 1
    print(
        f"check-bindings-surface: {sum(counts[:len(kt)])} Kotlin and {sum(counts[len(kt):])} Swift "
        f"records checked, {len(findings)} finding(s)"
    )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
