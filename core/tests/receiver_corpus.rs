//! Extraction accuracy on the SMS corpus: `tests/sms/corpus.jsonl` (dev set, tuned on) and four
//! held-out sets, `tests/sms/holdout.jsonl` … `tests/sms/holdout4.jsonl`, each written in one go
//! and committed before a round of tuning and never tuned against.
//!
//! Each line is `{"text": ..., "code": "..." | null, "lang": ..., "note": ...}`.
//! * exact match: the extracted code equals `code` (or nothing is extracted when `code` is null);
//! * false positive: a code is returned for a message without one, or a wrong code is returned.
//!
//! Run with `cargo test -p otpkit --test receiver_corpus -- --nocapture` to see the figures.
//!
//! `shared_public_samples` also scores the project's shared public sample set, read at run time
//! from `OTPKIT_SHARED_SMS` or `../shared/data/sms/public_samples.jsonl` next to the repository
//! (it is never copied into the repository); without the file it prints that it was skipped.

use otpkit::receiver::extract;
use serde_json::Value;
use std::collections::BTreeMap;

const DEV: &str = include_str!("../../tests/sms/corpus.jsonl");
const HOLDOUT: &str = include_str!("../../tests/sms/holdout.jsonl");
const HOLDOUT2: &str = include_str!("../../tests/sms/holdout2.jsonl");
const HOLDOUT3: &str = include_str!("../../tests/sms/holdout3.jsonl");
const HOLDOUT4: &str = include_str!("../../tests/sms/holdout4.jsonl");

const MIN_EXACT: f64 = 0.97;
const MAX_FALSE_POSITIVE: f64 = 0.01;

struct Report {
    total: usize,
    positives: usize,
    exact: usize,
    false_positives: usize,
    misses: usize,
    failures: Vec<String>,
    per_lang: BTreeMap<String, (usize, usize)>,
}

fn evaluate(name: &str, corpus: &str) -> Report {
    let mut r = Report {
        total: 0,
        positives: 0,
        exact: 0,
        false_positives: 0,
        misses: 0,
        failures: Vec::new(),
        per_lang: BTreeMap::new(),
    };
    for (i, line) in corpus.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{name}:{}: invalid JSON: {e}", i + 1));
        let text = v["text"].as_str().expect("text");
        let expected = v["code"].as_str();
        let lang = v["lang"].as_str().unwrap_or("?").to_string();
        let got = extract(text).map(|e| normalize_label(&e.code));
        let expected_norm = expected.map(normalize_label);
        let expected = expected_norm.as_deref();
        r.total += 1;
        r.positives += usize::from(expected.is_some());
        let entry = r.per_lang.entry(lang.clone()).or_default();
        entry.0 += 1;
        if got.as_deref() == expected {
            r.exact += 1;
            entry.1 += 1;
            continue;
        }
        if got.is_some() {
            r.false_positives += 1;
        } else {
            r.misses += 1;
        }
        r.failures.push(format!(
            "  {name}:{} [{lang}] expected {expected:?}, got {got:?}: {:?}",
            i + 1,
            text
        ));
    }
    let pct = |n: usize| 100.0 * n as f64 / r.total as f64;
    println!(
        "{name}: {} messages ({} with a code, {} without): exact {:.1}% ({}), false positives {:.2}% ({}), misses {} ",
        r.total,
        r.positives,
        r.total - r.positives,
        pct(r.exact),
        r.exact,
        pct(r.false_positives),
        r.false_positives,
        r.misses
    );
    let langs: Vec<String> = r
        .per_lang
        .iter()
        .map(|(l, (n, ok))| format!("{l} {ok}/{n}"))
        .collect();
    println!("  per language: {}", langs.join(", "));
    for f in &r.failures {
        println!("{f}");
    }
    r
}

/// Codes are compared as the user would type them: spaces and hyphens removed, upper case
/// (labels are ASCII; `corpus_lines_are_well_formed` checks the project's own).
fn normalize_label(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase()
}

fn check(name: &str, corpus: &str) {
    let r = evaluate(name, corpus);
    assert!(r.total >= 100, "{name}: corpus too small ({})", r.total);
    let exact = r.exact as f64 / r.total as f64;
    let fp = r.false_positives as f64 / r.total as f64;
    assert!(
        exact >= MIN_EXACT && fp <= MAX_FALSE_POSITIVE,
        "{name}: exact {:.1}% (need ≥ {:.0}%), false positives {:.2}% (need ≤ {:.0}%)\n{}",
        exact * 100.0,
        MIN_EXACT * 100.0,
        fp * 100.0,
        MAX_FALSE_POSITIVE * 100.0,
        r.failures.join("\n")
    );
}

#[test]
fn dev_set_meets_targets() {
    check("dev", DEV);
}

#[test]
fn holdout_set_meets_targets() {
    check("holdout", HOLDOUT);
}

#[test]
fn second_holdout_set_meets_targets() {
    check("holdout2", HOLDOUT2);
}

#[test]
fn third_holdout_set_meets_targets() {
    check("holdout3", HOLDOUT3);
}

#[test]
fn fourth_holdout_set_meets_targets() {
    check("holdout4", HOLDOUT4);
}

#[test]
fn all_held_out_messages_meet_targets() {
    check(
        "holdout+holdout2+holdout3+holdout4",
        &format!("{HOLDOUT}{HOLDOUT2}{HOLDOUT3}{HOLDOUT4}"),
    );
}

/// The shared public sample set: every code found and at most one false positive.
#[test]
fn shared_public_samples() {
    let path = std::env::var("OTPKIT_SHARED_SMS").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/data/sms/public_samples.jsonl"
        )
        .to_string()
    });
    let Ok(corpus) = std::fs::read_to_string(&path) else {
        println!("shared: {path} not found, skipped");
        return;
    };
    let r = evaluate("shared", &corpus);
    assert!(
        r.false_positives <= 1,
        "shared: {} false positives (need ≤ 1)",
        r.false_positives
    );
}

#[test]
fn corpus_lines_are_well_formed() {
    for (name, corpus) in [
        ("dev", DEV),
        ("holdout", HOLDOUT),
        ("holdout2", HOLDOUT2),
        ("holdout3", HOLDOUT3),
        ("holdout4", HOLDOUT4),
    ] {
        for (i, line) in corpus.lines().enumerate() {
            let v: Value = serde_json::from_str(line).expect("JSON line");
            for field in ["text", "code", "lang", "note"] {
                assert!(v.get(field).is_some(), "{name}:{}: missing {field}", i + 1);
            }
            if let Some(code) = v["code"].as_str() {
                assert!(
                    code.chars().all(|c| c.is_ascii_alphanumeric())
                        && (3..=10).contains(&code.len()),
                    "{name}:{}: expected code {code:?} is not 3-10 ASCII letters/digits",
                    i + 1
                );
            }
        }
    }
}
