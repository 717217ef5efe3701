//! Cross-check against independent implementations (oathtool, pyotp, Python's hmac/hashlib
//! modules; mOTP and Yandex Key cases carry a `pin`).
//!
//! The reference file is produced by `tests/crosscheck/crosscheck.py`; `tests/crosscheck/run.sh`
//! generates it and runs this test with `OTPKIT_CROSSCHECK_FILE` set. Without the variable the test
//! only prints a note and passes, so a plain `cargo test` does not need Python or oathtool.

use otpkit::{hotp, totp, Algorithm, CodeGenerator, OtpKind, OtpParams, Secret};
use serde_json::Value;
use std::collections::BTreeMap;

const ENV: &str = "OTPKIT_CROSSCHECK_FILE";
const MIN_CASES: usize = 1000;

/// Computes the code for one case through the pre-keyed generator, the free functions and
/// verification; returns a description of every disagreement with `expected`.
fn check_case(c: &Value) -> Result<(), String> {
    let s = |f: &str| c[f].as_str().ok_or(format!("{f} is not a string"));
    let n = |f: &str| c[f].as_u64();
    let expected = s("expected")?;
    let mut secret = Secret::from_base32(s("secret_base32")?).map_err(|e| e.to_string())?;
    if secret.to_base32() != s("secret_base32")? {
        return Err("secret_base32 is not canonical".into());
    }
    if let Some(pin) = c["pin"].as_str() {
        secret = secret.with_pin(pin).map_err(|e| e.to_string())?;
    }
    let algorithm: Algorithm = s("algorithm")?.parse().map_err(|e| format!("{e}"))?;
    let digits = n("digits")
        .and_then(|d| u8::try_from(d).ok())
        .ok_or("bad digits")?;
    let kind = match s("kind")? {
        "hotp" => OtpKind::Hotp {
            counter: n("counter").ok_or("hotp without counter")?,
        },
        "totp" => OtpKind::Totp {
            period: n("period").ok_or("totp without period")?,
            t0: n("t0").ok_or("totp without t0")?,
        },
        "steam" => OtpKind::Steam {
            period: n("period").ok_or("steam without period")?,
        },
        "motp" => OtpKind::Motp {
            period: n("period").ok_or("motp without period")?,
        },
        "yandex" => OtpKind::Yandex {
            period: n("period").ok_or("yandex without period")?,
        },
        other => return Err(format!("unknown kind {other:?}")),
    };
    let params = OtpParams {
        kind,
        algorithm,
        digits,
    };
    let g = CodeGenerator::new(&secret, params).map_err(|e| format!("CodeGenerator::new: {e}"))?;

    let mut errors = Vec::new();
    let (generated, free, verified) = match kind {
        OtpKind::Hotp { counter } => (
            g.code_at_counter(counter).to_string(),
            hotp(&secret, counter, algorithm, digits),
            g.verify_counter_window(expected, counter, 0, 0).unwrap() == Some(counter),
        ),
        _ => {
            let time = n("time").ok_or("time-based case without time")?;
            (
                g.code_at(time).to_string(),
                totp(&secret, params, time),
                g.verify_at(expected, time, 0).unwrap() == Some(0),
            )
        }
    };
    if generated != expected {
        errors.push(format!("CodeGenerator gave {generated}"));
    }
    match free {
        Ok(code) if code == expected => {}
        other => errors.push(format!("free function gave {other:?}")),
    }
    if !verified {
        errors.push("verify rejected the expected code".into());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("expected {expected}; {}", errors.join("; ")))
    }
}

#[test]
fn crosscheck_against_independent_implementations() {
    let Some(path) = std::env::var_os(ENV) else {
        eprintln!(
            "note: {ENV} is not set, so the cross-check against oathtool/pyotp was skipped. \
             Run tests/crosscheck/run.sh to generate the reference file and run this test."
        );
        return;
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{ENV}={}: {e}", path.to_string_lossy()));
    let doc: Value = serde_json::from_str(&text).expect("cross-check file is valid JSON");
    assert_eq!(doc["format"], "otpkit-crosscheck", "not a cross-check file");
    let cases = doc["cases"].as_array().expect("cases array");
    assert!(
        cases.len() >= MIN_CASES,
        "{ENV} has only {} cases (at least {MIN_CASES} expected)",
        cases.len()
    );

    let mut by_source: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for c in cases {
        *by_source
            .entry(c["source"].as_str().unwrap_or("?").to_string())
            .or_default() += 1;
        if let Err(e) = check_case(c) {
            failures.push(format!("{e}\n    case: {c}"));
        }
    }
    eprintln!(
        "cross-check: {} cases (seed {}, {}): {:?}",
        cases.len(),
        doc["seed"],
        doc["tools"],
        by_source
    );
    assert!(
        failures.is_empty(),
        "{} of {} cross-check cases failed (seed {}):\n{}",
        failures.len(),
        cases.len(),
        doc["seed"],
        failures.join("\n")
    );
}
