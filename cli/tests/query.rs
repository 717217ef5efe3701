//! Accounts named by a query (core's `storage::query` rules): issuer, label and `issuer:label`,
//! case-insensitive, by substring; an ambiguous query for `show`/`remove` is exit 2 naming the
//! matches; `otpkit` and `otpkit codes [QUERY]` list codes aligned in a stable order.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// RFC 6238's SHA-1 secret: at t=59 the 8-digit code is 94287082 (6 digits: 287082).
const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

struct Env {
    dir: PathBuf,
}

impl Env {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("otpkit-cli-query-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Env { dir }
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_otpkit"))
            .arg("--vault")
            .arg(self.dir.join("vault.otpkit"))
            .args(args)
            .env("OTPKIT_PASSPHRASE", "pw")
            .env("XDG_DATA_HOME", self.dir.join("xdg"))
            .stdin(Stdio::null())
            .output()
            .unwrap()
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
    fn add(&self, issuer: &str, label: &str, digits: u8) -> String {
        let uri = format!(
            "otpauth://totp/{issuer}:{label}?secret={SECRET}&issuer={issuer}&digits={digits}"
        );
        self.ok(&["add", &uri]).trim().to_string()
    }
    fn ids(&self) -> Vec<String> {
        self.ok(&["list", "--json"])
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
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

#[test]
fn show_finds_an_issuer_case_insensitively_and_by_substring() {
    let env = Env::new("issuer");
    let id = env.add("GitHub", "alice", 6);
    env.add("ACME", "bob", 8);
    for q in [
        "github",
        "GITHUB",
        "git",
        "github:alice",
        "hub:al",
        &id[..6],
    ] {
        let v: Value = serde_json::from_str(&env.ok(&["show", q, "--at", "59", "--json"])).unwrap();
        assert_eq!(v["id"], id.as_str(), "query {q:?}");
        assert_eq!(v["code"], "287082", "query {q:?}");
    }
}

#[test]
fn an_ambiguous_query_is_exit_2_naming_the_matches_and_changes_nothing() {
    let env = Env::new("ambiguous");
    let github = env.add("GitHub", "alice", 6);
    let acme = env.add("ACME", "alice", 8);
    for cmd in ["show", "remove"] {
        let o = env.run(&[cmd, "alice"]);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{cmd} printed a code");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("matches 2 accounts"), "{err}");
        // Named in display order (ACME before GitHub), with their ids.
        let (a, g) = (err.find(&acme).unwrap(), err.find(&github).unwrap());
        assert!(a < g, "{err}");
        assert!(
            err.contains("ACME:alice") && err.contains("GitHub:alice"),
            "{err}"
        );
    }
    assert_eq!(env.ids().len(), 2, "an ambiguous remove removed something");
    // A more precise query removes exactly one.
    env.ok(&["remove", "acme:alice"]);
    assert_eq!(env.ids(), [github]);
}

#[test]
fn no_match_is_exit_2() {
    let env = Env::new("nomatch");
    env.add("GitHub", "alice", 6);
    for args in [
        &["show", "gitlab"][..],
        &["remove", "zzz"],
        &["codes", "zzz"],
    ] {
        let o = env.run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("no account matches"), "{}", stderr(&o));
    }
}

#[test]
fn codes_lists_every_account_aligned_in_a_stable_order() {
    let env = Env::new("codes");
    env.add("GitLab", "bob", 6);
    env.add("acme", "zed", 6);
    env.add("GitHub", "alice", 6);
    env.add("ACME", "alice", 8);
    env.ok(&[
        "add",
        "--secret",
        SECRET,
        "--issuer",
        "Bank",
        "--label",
        "me",
        "--counter",
        "3",
    ]);
    let listed = env.ok(&["codes", "--at", "59"]);
    let bare = env.ok(&[]);
    // `otpkit` alone lists the same accounts (at the current time, so compare names only).
    let names = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.split_whitespace().next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&listed), names(&bare));
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(
        lines,
        [
            "ACME:alice    94287082   1s",
            "acme:zed      287082     1s",
            "Bank:me       hotp      (show takes the next code)",
            "GitHub:alice  287082     1s",
            "GitLab:bob    287082     1s",
        ]
    );
    // `list` uses the same order.
    let listed: Vec<String> = env
        .ok(&["list"])
        .lines()
        .map(|l| l.split_whitespace().nth(2).unwrap().to_owned())
        .collect();
    assert_eq!(
        listed,
        [
            "ACME:alice",
            "acme:zed",
            "Bank:me",
            "GitHub:alice",
            "GitLab:bob"
        ]
    );
    // Listing does not use an HOTP counter: show still gives counter 3.
    let v: Value = serde_json::from_str(&env.ok(&["show", "bank", "--json"])).unwrap();
    assert_eq!(v["counter"], 3);
}

#[test]
fn codes_query_filters_by_substring() {
    let env = Env::new("filter");
    env.add("GitLab", "bob", 6);
    env.add("GitHub", "alice", 6);
    env.add("ACME", "alice", 8);
    let names = |q: &str| -> Vec<String> {
        env.ok(&["codes", q, "--at", "1000"])
            .lines()
            .map(|l| l.split_whitespace().next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names("ALICE"), ["ACME:alice", "GitHub:alice"]);
    assert_eq!(names("git"), ["GitHub:alice", "GitLab:bob"]);
    assert_eq!(names("lab:b"), ["GitLab:bob"]);
}

#[test]
fn codes_json_has_the_documented_fields() {
    let env = Env::new("json");
    let id = env.add("ACME", "alice", 8);
    env.ok(&[
        "add",
        "--secret",
        SECRET,
        "--label",
        "counter",
        "--counter",
        "0",
    ]);
    let out = env.ok(&["codes", "--json", "--at", "59"]);
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    let totp = &rows[0];
    assert_eq!(totp["id"], id.as_str());
    assert_eq!(totp["name"], "ACME:alice");
    assert_eq!(totp["issuer"], "ACME");
    assert_eq!(totp["label"], "alice");
    assert_eq!(totp["type"], "totp");
    assert_eq!(totp["code"], "94287082");
    assert_eq!(totp["remaining"], 1);
    assert_eq!(totp["period"], 30);
    assert!(totp["next"].is_string());
    let hotp = &rows[1];
    assert_eq!(hotp["type"], "hotp");
    assert!(hotp["code"].is_null() && hotp["remaining"].is_null() && hotp["issuer"].is_null());
    // `otpkit --json --at T` with no command is the same listing.
    assert_eq!(env.ok(&["--json", "--at", "59"]), out);
    // Before a command they would be ignored: refused instead.
    let o = env.run(&["--json", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("go after the command"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn control_characters_in_names_are_not_sent_to_the_terminal() {
    let env = Env::new("control");
    env.ok(&["add", "--secret", SECRET, "--label", "evil\u{1b}[2Jname"]);
    let out = env.ok(&["codes", "--at", "59"]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.starts_with("evil?[2Jname  287082"), "{out:?}");
    // Nor in the error that names ambiguous matches.
    env.ok(&["add", "--secret", SECRET, "--label", "evil\u{1b}[0mtwin"]);
    let o = env.run(&["show", "evil"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains('\u{1b}'), "{:?}", stderr(&o));
    assert!(stderr(&o).contains("evil?[0mtwin"), "{:?}", stderr(&o));
}

#[test]
fn no_spinner_when_stderr_is_not_a_terminal() {
    let env = Env::new("spinner");
    env.add("ACME", "alice", 8);
    // The vault key is derived for each of these; stderr is a pipe here, so nothing is drawn.
    for args in [&["codes"][..], &["list"], &["show", "acme", "--at", "59"]] {
        let o = env.run(args);
        assert_eq!(o.status.code(), Some(0));
        assert!(o.stderr.is_empty(), "{args:?}: {:?}", stderr(&o));
    }
}
