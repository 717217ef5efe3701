//! End-to-end tests of the `otpkit` binary: output, stdin `-`, exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const RFC_URI: &str = "otpauth://totp/ACME:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&digits=8";

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_otpkit"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn otpkit");
    {
        let mut pipe = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            pipe.write_all(text.as_bytes()).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn code_at_time_matches_rfc6238() {
    let o = run(&["code", RFC_URI, "--at", "59"], None);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(stdout(&o), "94287082\n");
    let o = run(&["code", RFC_URI, "--at", "1111111109"], None);
    assert_eq!(stdout(&o), "07081804\n");
}

#[test]
fn code_reads_uri_from_stdin() {
    let o = run(&["code", "-", "--at", "59"], Some(&format!("{RFC_URI}\n")));
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(stdout(&o), "94287082\n");
}

#[test]
fn hotp_code_uses_counter() {
    let uri = "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=9";
    let o = run(&["code", uri], None);
    assert_eq!(stdout(&o), "520489\n"); // RFC 4226 Appendix D, count 9
}

#[test]
fn steam_code() {
    let o = run(
        &[
            "code",
            "steam://GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "--at",
            "59",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let code = stdout(&o);
    assert_eq!(code.trim().len(), 5);
    assert!(
        code.trim()
            .bytes()
            .all(|b| otpkit::STEAM_ALPHABET.contains(&b)),
        "{code}"
    );
}

#[test]
fn bad_input_exits_2_with_one_line_error() {
    for args in [
        vec!["code", "otpauth://totp/x?secret=JBSW1Y3DP"],
        vec!["code", "https://example.com"],
        vec![
            "uri",
            "inspect",
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
        ],
        vec![
            "migration",
            "decode",
            "otpauth-migration://offline?data=%%%",
        ],
    ] {
        let o = run(&args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("otpkit: error: "), "{err}");
        assert!(o.stdout.is_empty());
    }
    // Unknown flags are usage errors: clap exits 2 too.
    assert_eq!(run(&["code"], None).status.code(), Some(2));
}

#[test]
fn error_never_echoes_the_secret() {
    let o = run(&["code", "otpauth://totp/x?secret=SUPERSECRETSTUFF1"], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(!err.contains("SUPERSECRET"), "{err}");
}

#[test]
fn inspect_prints_one_json_object() {
    let o = run(
        &[
            "uri",
            "inspect",
            "otpauth://totp/Big%20Corp:bob?secret=jbsw%20y3dp&issuer=Other&algorithm=sha256",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["type"], "totp");
    assert_eq!(v["issuer"], "Other");
    assert_eq!(v["label_issuer"], "Big Corp");
    assert_eq!(v["account"], "bob");
    assert_eq!(v["secret"], "JBSWY3DP");
    assert_eq!(v["algorithm"], "SHA256");
    assert_eq!(v["digits"], 6);
    assert_eq!(v["period"], 30);
    assert!(v["counter"].is_null());
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        warnings.contains(&"short_secret") && warnings.contains(&"issuer_mismatch"),
        "{warnings:?}"
    );
}

#[test]
fn canonical_is_idempotent() {
    let o = run(
        &[
            "uri",
            "canonical",
            "OTPAUTH://TOTP/ACME%3a%20alice?SECRET=jbswy3dpehpk3pxp&Algorithm=sha-1&foo=bar",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let first = stdout(&o);
    assert!(
        first.starts_with("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP"),
        "{first}"
    );
    assert!(
        first.contains("algorithm=SHA1") && first.contains("foo=bar"),
        "{first}"
    );
    let again = run(&["uri", "canonical", "-"], Some(&first));
    assert_eq!(stdout(&again), first);
}

#[test]
fn migration_encode_then_decode_round_trips() {
    let input = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME\n\
                 otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&counter=7&digits=8&algorithm=SHA256\n";
    let enc = run(&["migration", "encode"], Some(input));
    assert_eq!(enc.status.code(), Some(0), "{enc:?}");
    let migration_uris = stdout(&enc);
    assert!(
        migration_uris.starts_with("otpauth-migration://offline?data="),
        "{migration_uris}"
    );
    let dec = run(&["migration", "decode", "-"], Some(&migration_uris));
    assert_eq!(dec.status.code(), Some(0), "{dec:?}");
    let canon: Vec<String> = input
        .lines()
        .map(|l| {
            stdout(&run(&["uri", "canonical", l], None))
                .trim()
                .to_string()
        })
        .collect();
    let decoded: Vec<String> = stdout(&dec).lines().map(String::from).collect();
    assert_eq!(decoded, canon);
}

#[test]
fn migration_multi_part_batch_detects_missing_parts() {
    let input: String = (0..5)
        .map(|i| format!("otpauth://totp/I{i}:a{i}?secret=JBSWY3DPEHPK3PXP\n"))
        .collect();
    let enc = run(&["migration", "encode", "--batch-size", "2"], Some(&input));
    let parts: Vec<String> = stdout(&enc).lines().map(String::from).collect();
    assert_eq!(parts.len(), 3);
    let all = run(
        &["migration", "decode", &parts[2], &parts[0], &parts[1]],
        None,
    );
    assert_eq!(all.status.code(), Some(0), "{all:?}");
    assert_eq!(stdout(&all).lines().count(), 5);
    let missing = run(&["migration", "decode", &parts[0], &parts[2]], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8(missing.stderr).unwrap().contains('1'));
}

/// Migration parts claiming 2^31-1 parts (once a 4 GB allocation and an abort), a million (once an
/// 8 MB error line) or 257 (the shared vectors' `BatchTooLarge` cases): exit 2, one short line.
#[test]
fn migration_batch_size_claims_are_refused_quickly() {
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/vectors/migration.json")).unwrap();
    let cases: Vec<&str> = vectors
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["error"] == "BatchTooLarge")
        .map(|v| v["uri"].as_str().unwrap())
        .collect();
    assert_eq!(cases.len(), 3);
    for uri in cases {
        let o = run(&["migration", "decode", uri], None);
        assert_eq!(o.status.code(), Some(2), "{o:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("over the limit of 256 parts"), "{err}");
        assert!(err.len() < 200 && err.lines().count() == 1, "{err}");
    }
}
