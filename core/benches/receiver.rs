//! Extraction cost over the SMS corpus (dev + the four held-out sets), with the full rule set.
//!
//!     cargo bench -p otpkit --bench receiver -- --warm-up-time 1 --measurement-time 3
//!
//! * `extract/corpus`: every corpus message (dev + the four held-out sets) once per iteration; criterion's throughput line
//!   gives messages per second (the per-message time is the iteration time / message count).
//! * `extract/positive` and `extract/negative`: one typical message of each kind.
//! * `extract/origin_bound`: a message with an origin-bound last line (the fast path).
//! * `format/sms_body`: building an SMS body with app hash and origin line, with segment count.
//!
//! Patterns are compiled once (first call) and are excluded by the warm-up.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use otpkit::receiver::{extract, format_sms, SmsOptions};

const DEV: &str = include_str!("../../tests/sms/corpus.jsonl");
const HOLDOUT: &str = include_str!("../../tests/sms/holdout.jsonl");
const HOLDOUT2: &str = include_str!("../../tests/sms/holdout2.jsonl");
const HOLDOUT3: &str = include_str!("../../tests/sms/holdout3.jsonl");
const HOLDOUT4: &str = include_str!("../../tests/sms/holdout4.jsonl");

fn corpus() -> Vec<String> {
    DEV.lines()
        .chain(HOLDOUT.lines())
        .chain(HOLDOUT2.lines())
        .chain(HOLDOUT3.lines())
        .chain(HOLDOUT4.lines())
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("corpus line");
            v["text"].as_str().expect("text").to_string()
        })
        .collect()
}

fn bench_extract(c: &mut Criterion) {
    let messages = corpus();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            let mut found = 0usize;
            for m in &messages {
                found += usize::from(extract(black_box(m)).is_some());
            }
            found
        })
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("positive", |b| {
        b.iter(|| extract(black_box("G-123456 is your Google verification code.")))
    });
    group.bench_function("negative", |b| {
        b.iter(|| {
            extract(black_box(
                "Chase: A $1,250.00 payment to ACME CORP was made from account ending in 4821 on 05/12/2024.",
            ))
        })
    });
    group.bench_function("origin_bound", |b| {
        b.iter(|| {
            extract(black_box(
                "747723 is your ExampleCo authentication code.\n\n@example.com #747723",
            ))
        })
    });
    group.finish();

    let options = SmsOptions {
        code: "123456".into(),
        service: "ExampleCo".into(),
        validity_minutes: Some(5),
        app_hash: Some("FA+9qCX9VSu".into()),
        origin_host: Some("example.com".into()),
        embedded_host: None,
    };
    c.bench_function("format/sms_body", |b| {
        b.iter(|| format_sms(black_box(&options)))
    });
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
