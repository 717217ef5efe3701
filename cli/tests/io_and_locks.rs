//! Output that cannot be written (closed pipe, /dev/full) is exit 1 with a one-line error, never
//! a panic; HOTP `show` saves the counter before the code is written; bounded input;
//! reads without the writer lock; new vaults and exports written whole, 0600, no symlink
//! following, no stray lock file; imports all-or-nothing with icons kept and no duplicates.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const ALICE: &str =
    "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&digits=8";

struct Env {
    dir: PathBuf,
}

#[derive(Clone, Copy)]
enum Out {
    Piped,
    Closed,
    Full,
}

impl Env {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("otpkit-cli-io-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Env { dir }
    }
    fn vault(&self) -> PathBuf {
        self.dir.join("vault.otpkit")
    }
    fn run_to(&self, args: &[&str], stdin: &[u8], out: Out) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_otpkit"));
        cmd.arg("--vault").arg(self.vault()).args(args);
        cmd.env("OTPKIT_PASSPHRASE", "pw")
            .env_remove("OTPKIT_IMPORT_PASSWORD")
            .env("XDG_DATA_HOME", self.dir.join("xdg"))
            .env("OTPKIT_EXPORT_PASSPHRASE", "other");
        match out {
            Out::Piped => {
                cmd.stdout(Stdio::piped());
            }
            Out::Closed => {
                let (reader, writer) = std::io::pipe().unwrap();
                drop(reader);
                cmd.stdout(writer);
            }
            Out::Full => {
                cmd.stdout(
                    std::fs::OpenOptions::new()
                        .write(true)
                        .open("/dev/full")
                        .unwrap(),
                );
            }
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The child may stop reading early (a size limit): ignore a broken pipe here.
        let _ = child.stdin.take().unwrap().write_all(stdin);
        child.wait_with_output().unwrap()
    }
    fn run(&self, args: &[&str]) -> Output {
        self.run_to(args, b"", Out::Piped)
    }
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
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

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_clean_write_error(o: &Output, what: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("otpkit: error: cannot write to standard output"),
        "{what}: {err}"
    );
}

#[test]
fn closed_or_full_stdout_is_exit_1_never_a_panic() {
    let env = Env::new("closed");
    let id = env.ok(&["add", ALICE]).trim().to_string();
    let sms = br#"Your code is 123456"#;
    let uris = format!("{ALICE}\n{ALICE}\n");
    let cases: Vec<(Vec<&str>, &[u8])> = vec![
        (vec!["code", ALICE], b""),
        (vec!["list"], b""),
        (vec!["list", "--json"], b""),
        (vec!["show", &id], b""),
        (vec![], b""),
        (vec!["codes", "acme"], b""),
        (vec!["codes", "--json"], b""),
        (vec!["completions", "bash"], b""),
        (vec!["man"], b""),
        (
            vec!["add", "otpauth://totp/B:bob?secret=JBSWY3DPEHPK3PXP"],
            b"",
        ),
        (vec!["sms", "extract"], sms),
        (
            vec!["migration", "encode", "--batch-size", "1"],
            uris.as_bytes(),
        ),
        (vec!["export", "--format", "otpauth"], b""),
    ];
    for (args, stdin) in &cases {
        for out in [Out::Closed, Out::Full] {
            let o = env.run_to(args, stdin, out);
            assert_clean_write_error(&o, &format!("{args:?}"));
        }
    }
}

#[test]
fn hotp_show_saves_the_counter_before_the_code_is_written() {
    // Core's counter policy (docs/decisions.md): the counter is saved as used before the code
    // is handed out, so no code is ever shown twice; a write that fails afterwards skips that
    // counter value and says so.
    let env = Env::new("hotp");
    let id = env
        .ok(&[
            "add",
            "--secret",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "--label",
            "bob",
            "--counter",
            "5",
        ])
        .trim()
        .to_string();
    for (n, out) in [Out::Full, Out::Closed].into_iter().enumerate() {
        let o = env.run_to(&["show", &id, "--json"], b"", out);
        assert_clean_write_error(&o, "show hotp");
        let used = 5 + n;
        assert!(
            stderr(&o).contains(&format!("HOTP counter {used} was used")),
            "{}",
            stderr(&o)
        );
    }
    let shown: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--json"])).unwrap();
    assert_eq!(
        shown["counter"], 7,
        "each failed write used its counter value"
    );
    let next: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--json"])).unwrap();
    assert_eq!(next["counter"], 8);
    assert_eq!(next["code"], shown["next"]);
}

#[test]
fn stdin_and_files_over_the_limit_are_a_clean_error() {
    let env = Env::new("limit");
    let huge = vec![b'A'; otpkit::import::MAX_IMPORT_LEN as usize + 10];
    let o = env.run_to(&["uri", "inspect", "-"], &huge, Out::Piped);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("67108864-byte limit"), "{}", stderr(&o));
    let file = env.dir.join("big.txt");
    std::fs::write(&file, &huge).unwrap();
    let o = env.run(&["import", file.to_str().unwrap(), "--format", "otpauth"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("-byte limit"), "{}", stderr(&o));
    assert!(!env.vault().exists());
}

/// Holds the vault's writer lock the way a running `add` or `import` does.
fn hold_lock(vault: &Path) -> std::fs::File {
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(vault.with_file_name("vault.otpkit.lock"))
        .unwrap();
    f.try_lock().unwrap();
    f
}

#[test]
fn reads_work_while_a_writer_holds_the_lock() {
    let env = Env::new("locks");
    let id = env.ok(&["add", ALICE]).trim().to_string();
    let lock = hold_lock(&env.vault());
    assert_eq!(env.ok(&["list"]).lines().count(), 1);
    let shown = env.ok(&["show", &id, "--at", "59"]);
    assert!(shown.starts_with("94287082"), "{shown}");
    env.ok(&["export", "--format", "otpauth"]);
    let o = env.run(&["add", "otpauth://totp/B:bob?secret=JBSWY3DPEHPK3PXP"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("locked"), "{}", stderr(&o));
    drop(lock);
}

#[cfg(unix)]
#[test]
fn new_vaults_are_written_whole_and_only_reported_when_made() {
    let env = Env::new("create");
    // A dangling symlink where the vault would go: nothing is created, nothing claimed.
    std::os::unix::fs::symlink(env.dir.join("nowhere"), env.vault()).unwrap();
    let o = env.run(&["add", ALICE]);
    assert_ne!(o.status.code(), Some(0));
    assert!(!stderr(&o).contains("created vault"), "{}", stderr(&o));
    std::fs::remove_file(env.vault()).unwrap();
    // A first account the store refuses: no empty vault is left behind.
    let long = "x".repeat(2_000);
    let o = env.run(&["add", "--secret", "JBSWY3DPEHPK3PXP", "--label", &long]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("created vault"), "{}", stderr(&o));
    assert!(!env.vault().exists(), "no empty vault left");
    let o = env.run(&["add", ALICE]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("created vault"));
}

#[cfg(unix)]
#[test]
fn exports_are_private_atomic_and_never_follow_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new("exports");
    let id = env.ok(&["add", ALICE]).trim().to_string();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&env.dir.join("vault.otpkit.lock")), 0o600);
    let out = env.dir.join("out.txt");
    std::fs::write(&out, b"old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    for format in ["otpauth", "google", "aegis", "png"] {
        let mut args = vec![
            "export",
            "--format",
            format,
            "--output",
            out.to_str().unwrap(),
        ];
        if format == "png" {
            args.extend(["--id", &id]);
        }
        env.ok(&args);
        assert_eq!(mode(&out), 0o600, "{format}");
    }
    let victim = env.dir.join("victim");
    std::fs::write(&victim, b"keep").unwrap();
    let link = env.dir.join("link.txt");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    env.ok(&[
        "export",
        "--format",
        "otpauth",
        "--output",
        link.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
    assert!(std::fs::read_to_string(&link)
        .unwrap()
        .starts_with("otpauth://"));
    // Vault export: one new file, no stray lock.
    let copy = env.dir.join("copy.otpkit");
    env.ok(&[
        "export",
        "--format",
        "vault",
        "--output",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(mode(&copy), 0o600);
    assert!(
        !env.dir.join("copy.otpkit.lock").exists(),
        "stray lock file"
    );
}

fn aegis_with_icons(n: usize, icon_len: usize) -> String {
    let entries: Vec<_> = (0..n)
        .map(|i| {
            serde_json::json!({"type": "totp", "uuid": format!("00000000-0000-0000-0000-{i:012}"),
                "name": format!("user{i}"), "issuer": format!("Svc{i}"), "note": "",
                "icon": "QUFB".repeat(icon_len / 3), "icon_mime": "image/png",
                "info": {"secret": format!("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQO{}{}", (b'A' + i as u8) as char, 'A'),
                    "algo": "SHA1", "digits": 6, "period": 30}})
        })
        .collect();
    serde_json::json!({"version": 1, "header": {"slots": null, "params": null},
        "db": {"version": 3, "entries": entries, "groups": []}})
    .to_string()
}

#[test]
fn aegis_import_with_icons_keeps_every_account_and_reruns_add_nothing() {
    let env = Env::new("icons");
    let file = env.dir.join("aegis.json");
    std::fs::write(&file, aegis_with_icons(9, 20_000)).unwrap();
    let out = env.ok(&["import", file.to_str().unwrap()]);
    assert!(
        out.contains("imported 9 account(s), 0 failed, 0 already stored"),
        "{out}"
    );
    assert_eq!(env.ok(&["list"]).lines().count(), 9);
    let again = env.ok(&["import", file.to_str().unwrap()]);
    assert!(
        again.contains("imported 0 account(s), 0 failed, 9 already stored"),
        "{again}"
    );
    assert_eq!(env.ok(&["list"]).lines().count(), 9);
    let aegis = env.ok(&["export", "--format", "aegis"]);
    assert_eq!(aegis.matches("\"icon_mime\"").count(), 9, "icons kept");
}

#[test]
fn partial_byte_secrets_import_with_a_warning_in_list_json() {
    let env = Env::new("partial");
    let o = env.run_to(
        &["import", "-", "--format", "otpauth"],
        b"otpauth://totp/S:nine?secret=JBSWY3DPE\notpauth://totp/S:bad?secret=JBSWY3D1E\n",
        Out::Piped,
    );
    // The invalid character is still refused (exit 2), the 9-symbol secret is imported.
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("imported 1 account(s), 1 failed"));
    let row: serde_json::Value = serde_json::from_str(env.ok(&["list", "--json"]).trim()).unwrap();
    assert_eq!(row["label"], "nine");
    assert_eq!(row["warnings"], serde_json::json!(["secret_trailing_bits"]));
}
