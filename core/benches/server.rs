//! Server verification throughput.
//!
//!     cargo bench -p otpkit --bench server -- --warm-up-time 1 --measurement-time 3
//!     OTPKIT_REDIS_URL=$(bash tests/redis/start.sh) \
//!       cargo bench -p otpkit --features redis --bench server -- --warm-up-time 1 --measurement-time 3
//!
//! * `server/memory_accept`: a full TOTP check (normalise, 3 candidates, attempt, advance the
//!   high-water mark) on 4096 credentials, each time with the next step's valid code.
//! * `server/memory_reject`: a wrong code (3 candidates, attempt counted) on 1M credentials.
//! * `server/redis_accept` (feature `redis`, `OTPKIT_REDIS_URL` set): the same as
//!   `memory_accept` over loopback with one client: one `EVALSHA` round trip per check.
//! * `server/cluster_accept` (feature `redis`, `OTPKIT_REDIS_CLUSTER_URLS` set, e.g. by
//!   `tests/redis/cluster-start.sh`): the same on a Redis Cluster (routed by slot).
//!   Throughput with several concurrent clients: `cargo run --release -p otpkit --features redis
//!   --example server_redis_bench [-- --cluster]`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use otpkit::server::{MemoryStore, Store, ThrottlePolicy, Verifier, VerifierConfig};
use otpkit::{CodeGenerator, FixedTimeSource, OtpParams, Secret};
use std::hint::black_box;
use std::sync::Arc;

const T: u64 = 1_700_000_010;
const CREDS: u64 = 4096;

fn generator() -> CodeGenerator {
    let secret = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
    CodeGenerator::new(&secret, OtpParams::totp()).unwrap()
}

fn ids(n: u64) -> Vec<String> {
    (0..n).map(|i| format!("user-{i}")).collect()
}

fn accept_loop<S: Store>(c: &mut Criterion, name: &str, store: S) {
    let g = generator();
    let v = Verifier::new(store, FixedTimeSource::new(T));
    let ids = ids(CREDS);
    let mut i = 0u64;
    let mut group = c.benchmark_group("server");
    group.throughput(Throughput::Elements(1));
    group.bench_function(name, |b| {
        b.iter(|| {
            let now = T + 30 * (i / CREDS);
            let code = g.code_at(now);
            let r = v.verify_totp_at(&ids[(i % CREDS) as usize], &g, code.as_str(), now);
            i += 1;
            assert!(r.is_ok(), "{r:?}");
            black_box(r)
        })
    });
    group.finish();
}

fn memory_accept(c: &mut Criterion) {
    accept_loop(c, "memory_accept", Arc::new(MemoryStore::new()));
}

fn memory_reject(c: &mut Criterion) {
    let g = generator();
    let config = VerifierConfig {
        throttle: ThrottlePolicy {
            free_failures: 100,
            ..ThrottlePolicy::default()
        },
        ..VerifierConfig::default()
    };
    let v = Verifier::with_config(MemoryStore::new(), FixedTimeSource::new(T), config).unwrap();
    let ids = ids(1 << 20);
    assert!(g.verify_at("000000", T, 1).unwrap().is_none());
    let mut i = 0usize;
    let mut group = c.benchmark_group("server");
    group.throughput(Throughput::Elements(1));
    group.bench_function("memory_reject", |b| {
        b.iter(|| {
            let r = v.verify_totp_at(&ids[i % ids.len()], &g, "000000", T);
            i += 1;
            black_box(r.unwrap_err())
        })
    });
    group.finish();
}

#[cfg(feature = "redis")]
fn redis_accept(c: &mut Criterion) {
    use otpkit::server::{RedisOptions, RedisStore};
    let Ok(url) = std::env::var("OTPKIT_REDIS_URL") else {
        eprintln!("note: OTPKIT_REDIS_URL not set; skipping server/redis_accept");
        return;
    };
    let opts = RedisOptions {
        prefix: format!("otpkit-bench-{}", otpkit::server::keys::new_challenge_id()),
        ..RedisOptions::default()
    };
    accept_loop(c, "redis_accept", RedisStore::connect(&url, opts).unwrap());
}

#[cfg(feature = "redis")]
fn cluster_accept(c: &mut Criterion) {
    use otpkit::server::{RedisOptions, RedisStore};
    let Ok(urls) = std::env::var("OTPKIT_REDIS_CLUSTER_URLS") else {
        eprintln!("note: OTPKIT_REDIS_CLUSTER_URLS not set; skipping server/cluster_accept");
        return;
    };
    let urls: Vec<&str> = urls.split(',').collect();
    let opts = RedisOptions {
        prefix: format!("otpkit-bench-{}", otpkit::server::keys::new_challenge_id()),
        ..RedisOptions::default()
    };
    accept_loop(
        c,
        "cluster_accept",
        RedisStore::connect_cluster(&urls, opts).unwrap(),
    );
}

#[cfg(not(feature = "redis"))]
fn redis_accept(_c: &mut Criterion) {}
#[cfg(not(feature = "redis"))]
fn cluster_accept(_c: &mut Criterion) {}

criterion_group!(
    benches,
    memory_accept,
    memory_reject,
    redis_accept,
    cluster_accept
);
criterion_main!(benches);
