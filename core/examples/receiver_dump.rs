//! Speed-work tools for `receiver::extract` (not a test: it prints, it does not judge).
//!
//! * `dump`: every extraction (code, span, evidence, confidence, keyword, language, origins) for
//!   every message of `tests/sms/*.jsonl`, the shared public samples (read from
//!   `OTPKIT_SHARED_SMS` or `../shared/data/sms/public_samples.jsonl`, never copied), the shared
//!   vectors, and four variants of each (upper-cased, a line before it, each half), one line per
//!   text. Dump with two engines and `diff` the files: a speed change must give no difference.
//! * `loop N`: `extract` over the 1,511 corpus messages N times (a `perf stat -e task-clock`
//!   harness: CPU time rather than wall time), printing the number of codes found.
//!
//! ```sh
//! cargo run --release -p otpkit --example receiver_dump -- dump > /tmp/after.txt
//! perf stat -e task-clock target/release/examples/receiver_dump loop 60
//! ```

use otpkit::receiver::extract;
use std::hint::black_box;
use std::path::Path;

const SETS: [&str; 5] = ["corpus", "holdout", "holdout2", "holdout3", "holdout4"];

fn texts_of_jsonl(path: &Path) -> Vec<String> {
    let Ok(file) = std::fs::read_to_string(path) else {
        eprintln!("skipped {} (not readable)", path.display());
        return Vec::new();
    };
    file.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            v["text"].as_str().expect("text").to_string()
        })
        .collect()
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn corpus() -> Vec<String> {
    SETS.iter()
        .flat_map(|s| texts_of_jsonl(&root().join(format!("tests/sms/{s}.jsonl"))))
        .collect()
}

fn all_texts() -> Vec<String> {
    let mut base = corpus();
    let shared = std::env::var("OTPKIT_SHARED_SMS").unwrap_or_else(|_| {
        root()
            .join("../shared/data/sms/public_samples.jsonl")
            .display()
            .to_string()
    });
    base.extend(texts_of_jsonl(Path::new(&shared)));
    let vectors = std::fs::read_to_string(root().join("tests/vectors/receiver.json"))
        .expect("tests/vectors/receiver.json");
    let v: serde_json::Value = serde_json::from_str(&vectors).expect("vectors JSON");
    for case in v["extract"].as_array().expect("extract vectors") {
        base.push(case["text"].as_str().expect("text").to_string());
    }
    let mut out = Vec::with_capacity(base.len() * 5);
    for t in base {
        let mid = (0..=t.len() / 2)
            .rev()
            .find(|&i| t.is_char_boundary(i))
            .unwrap_or(0);
        out.push(t.to_uppercase());
        out.push(format!("Hello from your bank.\n{t}"));
        out.push(t[..mid].to_string());
        out.push(t[mid..].to_string());
        out.push(t);
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("dump") => {
            let texts = all_texts();
            let mut found = 0;
            for t in &texts {
                let e = extract(t);
                found += usize::from(e.is_some());
                let line = match e {
                    None => "-".to_string(),
                    Some(e) => format!(
                        "{} {}..{} {:?} {} {:?} {:?} {:?} {:?}",
                        e.code,
                        e.start,
                        e.end,
                        e.evidence,
                        e.confidence,
                        e.keyword,
                        e.language,
                        e.origin,
                        e.embedded_origin
                    ),
                };
                println!("{t:?}\t{line}");
            }
            eprintln!("{} texts, {found} extractions", texts.len());
        }
        Some("loop") => {
            let n: usize = args
                .get(1)
                .and_then(|a| a.parse().ok())
                .expect("loop N: a count");
            let messages = corpus();
            let mut found = 0usize;
            for _ in 0..n {
                for m in &messages {
                    found += usize::from(extract(black_box(m)).is_some());
                }
            }
            println!("{} messages x {n}: {found} found", messages.len());
        }
        _ => {
            eprintln!("usage: receiver_dump dump | loop N");
            std::process::exit(2);
        }
    }
}
