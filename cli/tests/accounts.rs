//! End-to-end tests of the end-user commands: add, list, show, remove, import, export, passwd.
//! Each test uses its own vault file; passphrases come from the environment.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Env {
    dir: PathBuf,
}

impl Env {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("otpkit-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Env { dir }
    }
    fn vault(&self) -> PathBuf {
        self.dir.join("vault.otpkit")
    }
    fn run(&self, args: &[&str], vars: &[(&str, &str)], stdin: &str) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_otpkit"));
        cmd.arg("--vault").arg(self.vault()).args(args);
        cmd.env_remove("OTPKIT_PASSPHRASE")
            .env_remove("OTPKIT_IMPORT_PASSWORD");
        cmd.env("XDG_DATA_HOME", self.dir.join("xdg"));
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
    fn ok(&self, args: &[&str], pass: &str) -> String {
        let o = self.run(args, &[("OTPKIT_PASSPHRASE", pass)], "");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const ALICE: &str =
    "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&digits=8";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/import")
        .join(name)
}

#[test]
fn add_list_show_remove() {
    let env = Env::new("basic");
    let id = env.ok(&["add", ALICE], "pw").trim().to_string();
    assert_eq!(id.len(), 32);
    assert!(env.vault().exists());
    let bank = env.ok(
        &[
            "add",
            "--secret",
            "JBSW Y3DP EHPK 3PXP",
            "--issuer",
            "Bank",
            "--label",
            "bob",
            "--counter",
            "5",
        ],
        "pw",
    );
    let listed = env.ok(&["list", "--json"], "pw");
    let rows: Vec<Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["issuer"], "ACME");
    assert_eq!(rows[1]["type"], "hotp");
    // TOTP: code at an explicit time (RFC 6238, 8 digits), next code and seconds left.
    let shown: Value =
        serde_json::from_str(&env.ok(&["show", "acme:alice", "--at", "59", "--json"], "pw"))
            .unwrap();
    assert_eq!(shown["code"], "94287082");
    assert_eq!(shown["remaining"], 1);
    assert_eq!(
        env.ok(&["show", &id[..6], "--at", "59"], "pw")
            .split_whitespace()
            .next(),
        Some("94287082")
    );
    // HOTP: each show uses the next counter, durably.
    let first: Value = serde_json::from_str(&env.ok(&["show", "bob", "--json"], "pw")).unwrap();
    let second: Value =
        serde_json::from_str(&env.ok(&["show", bank.trim(), "--json"], "pw")).unwrap();
    assert_eq!(
        (first["counter"].as_u64(), second["counter"].as_u64()),
        (Some(5), Some(6))
    );
    assert_eq!(first["next"], second["code"]);
    env.ok(&["remove", &id], "pw");
    assert_eq!(env.ok(&["list"], "pw").lines().count(), 1);
    let o = env.run(&["show", &id], &[("OTPKIT_PASSPHRASE", "pw")], "");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn wrong_passphrase_and_bad_input_are_one_line_errors_and_keep_data() {
    let env = Env::new("errors");
    env.ok(&["add", ALICE], "right");
    let before = std::fs::read(env.vault()).unwrap();
    for (args, pass) in [
        (vec!["list"], "wrong"),
        (vec!["add", "otpauth://totp/x?secret=NOT*BASE32"], "right"),
        (vec!["show", "nobody"], "right"),
        (
            vec!["add", "--secret", "JBSWY3DPEHPK3PXP", "--digits", "11"],
            "right",
        ),
    ] {
        let o = env.run(&args, &[("OTPKIT_PASSPHRASE", pass)], "");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!err.contains("GEZDGNBV"), "{err}");
    }
    assert_eq!(
        std::fs::read(env.vault()).unwrap(),
        before,
        "a failed command must not touch the vault"
    );
    // Missing vault: a clear error, no prompt.
    let empty = Env::new("missing");
    let o = empty.run(&["list"], &[("OTPKIT_PASSPHRASE", "x")], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().contains("no vault"));
}

#[test]
fn passwd_changes_the_passphrase() {
    let env = Env::new("passwd");
    env.ok(&["add", ALICE], "old");
    let o = env.run(
        &["passwd"],
        &[
            ("OTPKIT_PASSPHRASE", "old"),
            ("OTPKIT_NEW_PASSPHRASE", "new"),
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(
        env.run(&["list"], &[("OTPKIT_PASSPHRASE", "old")], "")
            .status
            .code(),
        Some(2)
    );
    assert_eq!(env.ok(&["list"], "new").lines().count(), 1);
}

#[test]
fn import_encrypted_aegis_reports_partial_failures() {
    let env = Env::new("import");
    let o = env.run(
        &[
            "import",
            fixture("aegis_encrypted.json").to_str().unwrap(),
            "--format",
            "aegis",
        ],
        &[
            ("OTPKIT_PASSPHRASE", "pw"),
            ("OTPKIT_IMPORT_PASSWORD", "aegis-test-pw"),
        ],
        "",
    );
    // Two entries of the fixture are unusable (a Yandex secret of the wrong length, a broken
    // secret): exit 2, the rest (mOTP included) imported.
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("imported 5 account(s), 2 failed"), "{out}");
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("16 or 26 bytes") && err.contains("entry 5"),
        "{err}"
    );
    assert_eq!(env.ok(&["list"], "pw").lines().count(), 5);
    // Wrong backup password: nothing imported.
    let other = Env::new("import-wrong");
    let o = other.run(
        &["import", fixture("aegis_encrypted.json").to_str().unwrap()],
        &[
            ("OTPKIT_PASSPHRASE", "pw"),
            ("OTPKIT_IMPORT_PASSWORD", "nope"),
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!other.vault().exists());
}

#[test]
fn import_from_stdin_and_export_round_trip() {
    let env = Env::new("roundtrip");
    let list =
        format!("{ALICE}\notpauth://hotp/Bank:bob?secret=JBSWY3DPEHPK3PXP&issuer=Bank&counter=3\n");
    let o = env.run(
        &["import", "-", "--format", "otpauth"],
        &[("OTPKIT_PASSPHRASE", "pw")],
        &list,
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let exported = env.ok(&["export", "--format", "otpauth"], "pw");
    let canon = |s: &str| -> Vec<String> {
        let mut v: Vec<String> = s
            .lines()
            .map(|l| otpkit::OtpAuthUri::parse(l).unwrap().to_uri())
            .collect();
        v.sort();
        v
    };
    assert_eq!(canon(&exported), canon(&list));
    // Google migration export imports back to the same accounts.
    let google = env.ok(&["export", "--format", "google"], "pw");
    let again = Env::new("roundtrip-google");
    let o = again.run(
        &["import", "-", "--format", "google"],
        &[("OTPKIT_PASSPHRASE", "pw")],
        &google,
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(
        canon(&again.ok(&["export", "--format", "otpauth"], "pw")),
        canon(&list)
    );
    // Encrypted Aegis export imports back with its password.
    let aegis = env.dir.join("aegis.json");
    let o = env.run(
        &[
            "export",
            "--format",
            "aegis",
            "--encrypt",
            "--output",
            aegis.to_str().unwrap(),
        ],
        &[
            ("OTPKIT_PASSPHRASE", "pw"),
            ("OTPKIT_EXPORT_PASSPHRASE", "exp"),
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let third = Env::new("roundtrip-aegis");
    let o = third.run(
        &["import", aegis.to_str().unwrap()],
        &[
            ("OTPKIT_PASSPHRASE", "pw"),
            ("OTPKIT_IMPORT_PASSWORD", "exp"),
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(
        canon(&third.ok(&["export", "--format", "otpauth"], "pw")),
        canon(&list)
    );
    // Encrypted vault export opens with its own passphrase.
    let copy = env.dir.join("copy.otpkit");
    let o = env.run(
        &[
            "export",
            "--format",
            "vault",
            "--output",
            copy.to_str().unwrap(),
        ],
        &[
            ("OTPKIT_PASSPHRASE", "pw"),
            ("OTPKIT_EXPORT_PASSPHRASE", "copy-pw"),
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let o = Command::new(env!("CARGO_BIN_EXE_otpkit"))
        .args([
            "--vault",
            copy.to_str().unwrap(),
            "export",
            "--format",
            "otpauth",
        ])
        .env("OTPKIT_PASSPHRASE", "copy-pw")
        .output()
        .unwrap();
    assert_eq!(canon(&String::from_utf8(o.stdout).unwrap()), canon(&list));
}

#[test]
fn qr_exports() {
    let env = Env::new("qr");
    env.ok(&["add", ALICE], "pw");
    let term = env.ok(&["export", "--format", "qr", "--id", "alice"], "pw");
    assert!(term.lines().count() > 10 && term.contains('█'), "{term}");
    let png = env.dir.join("alice.png");
    env.ok(
        &[
            "export",
            "--format",
            "png",
            "--id",
            "alice",
            "--output",
            png.to_str().unwrap(),
        ],
        "pw",
    );
    assert_eq!(&std::fs::read(&png).unwrap()[..8], b"\x89PNG\r\n\x1a\n");
    let o = env.run(
        &["export", "--format", "qr"],
        &[("OTPKIT_PASSPHRASE", "pw")],
        "",
    );
    assert_eq!(o.status.code(), Some(2), "qr needs --id");
}

#[test]
fn keyring_store_when_available() {
    let env = Env::new("keyring");
    let list = env.dir.join("accounts.json");
    let o = Command::new(env!("CARGO_BIN_EXE_otpkit"))
        .args([
            "--store",
            "keyring",
            "--vault",
            list.to_str().unwrap(),
            "add",
            ALICE,
        ])
        .output()
        .unwrap();
    if o.status.code() != Some(0) {
        let err = String::from_utf8_lossy(&o.stderr);
        eprintln!("note: OS keyring unavailable here (no persistent keyring), keyring CLI test skipped: {err}");
        assert!(
            err.contains("unavailable") || err.contains("keyring"),
            "{err}"
        );
        assert_eq!(
            o.status.code(),
            Some(1),
            "an unavailable keyring is a failure, not bad input: {err}"
        );
        return;
    }
    let id = String::from_utf8(o.stdout).unwrap().trim().to_string();
    let show = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_otpkit"))
            .args(["--store", "keyring", "--vault", list.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let o = show(&["show", &id, "--at", "59"]);
    assert_eq!(
        String::from_utf8(o.stdout)
            .unwrap()
            .split_whitespace()
            .next(),
        Some("94287082")
    );
    assert!(
        !std::fs::read_to_string(&list).unwrap().contains("GEZDGNBV"),
        "secrets must not be in the list file"
    );
    assert_eq!(show(&["remove", &id]).status.code(), Some(0));
}

/// `export` and `list` give accounts in the same (display) order, whatever order they were
/// added in, so the two line up entry for entry.
#[test]
fn export_and_list_share_one_order() {
    let env = Env::new("order");
    for uri in [
        "otpauth://totp/Zeta:zed?secret=JBSWY3DPEHPK3PXP&issuer=Zeta",
        "otpauth://totp/Alpha:al?secret=GEZDGNBVGY3TQOJQ&issuer=Alpha",
        "otpauth://totp/Mid:mo?secret=MFRGGZDFMZTWQ2LK&issuer=Mid",
    ] {
        env.ok(&["add", uri], "pw");
    }
    let listed: Vec<String> = env
        .ok(&["list", "--json"], "pw")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["issuer"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(listed, ["Alpha", "Mid", "Zeta"]);
    let exported: Vec<String> = env
        .ok(&["export", "--format", "otpauth"], "pw")
        .lines()
        .map(|l| {
            l.split("issuer=")
                .nth(1)
                .unwrap()
                .split('&')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(exported, listed);
}

#[test]
fn encrypt_with_a_plain_export_format_is_refused_not_ignored() {
    let env = Env::new("encrypt-plain");
    env.ok(&["add", ALICE], "pw");
    for format in ["otpauth", "google", "qr"] {
        let o = env.run(
            &["export", "--format", format, "--id", "alice", "--encrypt"],
            &[
                ("OTPKIT_PASSPHRASE", "pw"),
                ("OTPKIT_EXPORT_PASSPHRASE", "x"),
            ],
            "",
        );
        assert_eq!(o.status.code(), Some(2), "{format}");
        assert!(
            o.stdout.is_empty(),
            "{format}: printed the secrets in clear"
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("cannot be encrypted"), "{format}: {err}");
    }
}
