//! `--json` on every command that prints data, with the fields docs/cli.md documents.

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const ALICE: &str =
    "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&digits=8";

struct Env {
    dir: PathBuf,
}

impl Env {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("otpkit-cli-json-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Env { dir }
    }
    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_otpkit"))
            .arg("--vault")
            .arg(self.dir.join("vault.otpkit"))
            .args(args)
            .env("OTPKIT_PASSPHRASE", "pw")
            .env("XDG_DATA_HOME", self.dir.join("xdg"))
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
    /// Runs `args` expecting exit 0 and returns each stdout line parsed as JSON.
    fn json(&self, args: &[&str], stdin: &str) -> Vec<Value> {
        let o = self.run(args, stdin);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{args:?}: {l:?}: {e}")))
            .collect()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn code_json() {
    let env = Env::new("code");
    let v = &env.json(&["code", ALICE, "--at", "59", "--json"], "")[0];
    assert_eq!(v["code"], "94287082");
    assert_eq!(v["type"], "totp");
    assert_eq!(v["remaining"], 1);
    assert_eq!(v["period"], 30);
    assert_eq!(v["counter"], 1);
    assert!(v["next"].is_string());
    let hotp = format!("otpauth://hotp/x?secret={SECRET}&counter=1");
    let v = &env.json(&["code", &hotp, "--json"], "")[0];
    assert_eq!(v["code"], "287082");
    assert_eq!(v["type"], "hotp");
    assert!(v["remaining"].is_null() && v["period"].is_null());
}

#[test]
fn uri_and_migration_json() {
    let env = Env::new("uri");
    let plain = env.run(&["uri", "canonical", ALICE], "");
    let v = &env.json(&["uri", "canonical", ALICE, "--json"], "")[0];
    assert_eq!(
        v["uri"].as_str().unwrap(),
        String::from_utf8(plain.stdout).unwrap().trim()
    );
    let inspect = &env.json(&["uri", "inspect", ALICE, "--json"], "")[0];
    assert_eq!(inspect["issuer"], "ACME");
    let bob = "otpauth://totp/B:bob?secret=JBSWY3DPEHPK3PXP&issuer=B";
    let parts = env.json(
        &["migration", "encode", "--batch-size", "1", "--json"],
        &format!("{ALICE}\n{bob}\n"),
    );
    assert_eq!(parts.len(), 2);
    assert_eq!(
        (parts[0]["part"].clone(), parts[0]["parts"].clone()),
        (1.into(), 2.into())
    );
    assert_eq!(parts[1]["part"], 2);
    let uris: Vec<&str> = parts.iter().map(|p| p["uri"].as_str().unwrap()).collect();
    let mut args = vec!["migration", "decode", "--json"];
    args.extend(&uris);
    let decoded = env.json(&args, "");
    assert_eq!(decoded.len(), 2);
    assert_eq!(decoded[0]["account"], "alice");
    assert_eq!(decoded[0]["digits"], 8);
    assert_eq!(decoded[1]["secret"], "JBSWY3DPEHPK3PXP");
    assert!(decoded[1]["uri"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/B:bob"));
}

#[test]
fn sms_commands_accept_json() {
    let env = Env::new("sms");
    let v = &env.json(&["sms", "extract", "--json"], "Your code is 123456")[0];
    assert_eq!(v["code"], "123456");
    let v = &env.json(
        &[
            "sms",
            "format",
            "--code",
            "123456",
            "--service",
            "ACME",
            "--json",
        ],
        "",
    )[0];
    assert_eq!(v["channel"], "sms");
}

#[test]
fn account_commands_json() {
    let env = Env::new("accounts");
    let added = &env.json(&["add", ALICE, "--json"], "")[0];
    let id = added["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert_eq!(added["name"], "ACME:alice");
    assert_eq!(added["digits"], 8);
    assert!(
        added.get("secret").is_none(),
        "add --json leaked the secret"
    );
    let listed = env.json(&["list", "--json"], "");
    assert_eq!(listed, std::slice::from_ref(added));

    let backup = format!("otpauth://totp/B:bob?secret={SECRET}&issuer=B\n{ALICE}\nnot a uri\n");
    let o = env.run(&["import", "-", "--format", "otpauth", "--json"], &backup);
    assert_eq!(o.status.code(), Some(2), "one entry failed");
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["format"], "otpauth");
    assert_eq!(report["added"].as_array().unwrap().len(), 1);
    assert_eq!(report["added"][0]["name"], "B:bob");
    assert_eq!(report["duplicates"].as_array().unwrap().len(), 1);
    assert_eq!(report["skipped"][0]["index"], 2);
    assert!(report["skipped"][0]["reason"].is_string());
    assert!(!String::from_utf8_lossy(&o.stdout).contains(SECRET));

    let show = &env.json(&["show", "alice", "--at", "59", "--json"], "")[0];
    assert_eq!(show["code"], "94287082");
    let removed = &env.json(&["remove", "bob", "--json"], "")[0];
    assert_eq!(removed["name"], "B:bob");
    assert_eq!(env.json(&["list", "--json"], "").len(), 1);
}
