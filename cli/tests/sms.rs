//! End-to-end tests of `otpkit sms ...`, driven partly by tests/vectors/receiver.json.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_otpkit"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn otpkit");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn vectors() -> Value {
    serde_json::from_str(include_str!("../../tests/vectors/receiver.json")).unwrap()
}

#[test]
fn extract_matches_shared_vectors() {
    let v = vectors();
    let cases = v["extract"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let o = run(&["sms", "extract"], case["text"].as_str().unwrap());
        assert_eq!(o.status.code(), Some(0), "{case}");
        let got: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(got["code"], case["code"], "{}", case["name"]);
        if !case["code"].is_null() {
            assert_eq!(got["evidence"], case["evidence"], "{}", case["name"]);
            assert_eq!(got["start"], case["start"], "{}", case["name"]);
            assert_eq!(got["end"], case["end"], "{}", case["name"]);
            assert_eq!(got["origin"], case["origin"], "{}", case["name"]);
        }
    }
}

#[test]
fn extract_jsonl_keeps_order_and_flags_bad_lines() {
    let v = vectors();
    let cases: Vec<&Value> = v["extract"].as_array().unwrap().iter().collect();
    let mut input: String = cases
        .iter()
        .map(|c| format!("{}\n", serde_json::json!({"text": c["text"]})))
        .collect();
    let o = run(&["sms", "extract", "--jsonl"], &input);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let lines: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), cases.len());
    for (got, case) in lines.iter().zip(&cases) {
        assert_eq!(got["code"], case["code"], "{}", case["name"]);
    }
    input.push_str("[1,2]\n{\"text\": \"Your code is 9911\"}\n");
    let o = run(&["sms", "extract", "--jsonl"], &input);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8(o.stdout).unwrap();
    let tail: Vec<Value> = out
        .lines()
        .rev()
        .take(2)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(tail[0]["code"], "9911");
    assert!(tail[1]["error"].as_str().unwrap().contains("line"));
}

#[test]
fn app_hash_from_der_and_pem_files() {
    let v = vectors();
    let dir = std::env::temp_dir().join(format!("otpkit-cli-apphash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for case in v["app_hash"].as_array().unwrap() {
        let hex = case["certificate_der_hex"].as_str().unwrap();
        let der: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let der_path = dir.join("cert.der");
        std::fs::write(&der_path, der).unwrap();
        let mut paths = vec![der_path.clone()];
        if let Some(pem) = case["certificate_pem"].as_str() {
            let pem_path = dir.join("cert.pem");
            std::fs::write(&pem_path, pem).unwrap();
            paths.push(pem_path);
        }
        for path in &paths {
            let o = run(
                &[
                    "sms",
                    "app-hash",
                    "--package",
                    case["package"].as_str().unwrap(),
                    "--cert",
                    path.to_str().unwrap(),
                ],
                "",
            );
            assert_eq!(o.status.code(), Some(0), "{o:?}");
            assert_eq!(
                String::from_utf8(o.stdout).unwrap().trim(),
                case["hash"].as_str().unwrap()
            );
            let o = run(
                &[
                    "sms",
                    "app-hash",
                    "--json",
                    "--package",
                    case["package"].as_str().unwrap(),
                    "--cert",
                    path.to_str().unwrap(),
                ],
                "",
            );
            let v: Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(v["app_hash"], case["hash"], "{o:?}");
            assert_eq!(v["package"], case["package"]);
        }
    }
    let o = run(
        &[
            "sms",
            "app-hash",
            "--package",
            "com.example",
            "--cert",
            dir.join("missing").to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn format_sms_matches_shared_vectors() {
    let v = vectors();
    for case in v["format_sms"].as_array().unwrap() {
        let opts = &case["options"];
        let mut args = vec![
            "sms".to_string(),
            "format".into(),
            "--code".into(),
            opts["code"].as_str().unwrap().into(),
            "--service".into(),
            opts["service"].as_str().unwrap().into(),
        ];
        for (flag, key) in [
            ("--validity-minutes", "validity_minutes"),
            ("--app-hash", "app_hash"),
            ("--origin", "origin_host"),
            ("--embedded", "embedded_host"),
        ] {
            match &opts[key] {
                Value::String(s) => args.extend([flag.to_string(), s.clone()]),
                Value::Number(n) => args.extend([flag.to_string(), n.to_string()]),
                _ => {}
            }
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&argv, "");
        assert_eq!(o.status.code(), Some(0), "{}: {o:?}", case["name"]);
        let got: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(got["text"], case["text"], "{}", case["name"]);
        assert_eq!(got["encoding"], case["encoding"], "{}", case["name"]);
        assert_eq!(got["units"], case["units"], "{}", case["name"]);
        assert_eq!(got["segments"], case["segments"], "{}", case["name"]);
    }
    let o = run(&["sms", "format", "--code", "123", "--service", "Acme"], "");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(String::from_utf8(o.stderr).unwrap().lines().count(), 1);
}

#[test]
fn format_voice_and_push_channels() {
    let v = vectors();
    let voice = &v["voice"][0];
    let o = run(
        &[
            "sms",
            "format",
            "--channel",
            "voice",
            "--code",
            voice["code"].as_str().unwrap(),
            "--service",
            voice["service"].as_str().unwrap(),
            "--lang",
            voice["lang"].as_str().unwrap(),
        ],
        "",
    );
    let got: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(got["text"], voice["text"]);
    assert!(got["ssml"].as_str().unwrap().starts_with("<speak>"));
    let o = run(
        &[
            "sms",
            "format",
            "--channel",
            "whatsapp",
            "--code",
            "123456",
            "--service",
            "Acme",
        ],
        "",
    );
    let got: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        got["text"].as_str().unwrap().starts_with("*123456*"),
        "{got}"
    );
    let o = run(
        &[
            "sms",
            "format",
            "--channel",
            "push",
            "--code",
            "123456",
            "--service",
            "Acme",
            "--origin",
            "x.com",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
}
