//! The shared behaviour suite against Redis, plus Redis-only checks: several OS processes
//! racing on one code, one `EVALSHA` per check, memory/Redis equivalence on random operations,
//! and the `maxmemory-policy` diagnostic.
//!
//! Needs a server: `export OTPKIT_REDIS_URL="$(bash tests/redis/start.sh)"`, then
//! `cargo test -p otpkit --features redis --test server_redis`. Without the variable every test
//! prints a note and passes without doing anything.
#![cfg(feature = "redis")]

#[macro_use]
mod server_suite;
#[macro_use]
mod server_policy;
#[macro_use]
mod delivery_store_suite;

use otpkit::server::store::{
    ChallengeRecord, Claim, CounterSpec, MacCandidate, PutMode, RedisStore,
};
use otpkit::server::{
    Diagnostic, Limit, LimitScope, MemoryStore, RedisOptions, Store, ThrottlePolicy,
    VerifierConfig, VerifyError,
};
use server_suite::{DynStore, T};
use std::collections::HashMap;
use std::process::Command;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

/// Tests that count server-wide commands take this exclusively; the others share it.
static EXCLUSIVE: RwLock<()> = RwLock::new(());

fn url() -> Option<String> {
    match std::env::var("OTPKIT_REDIS_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            eprintln!(
                "note: OTPKIT_REDIS_URL is not set; skipping (start one with tests/redis/start.sh)"
            );
            None
        }
    }
}

fn random_prefix() -> String {
    format!("otpkit-test-{}", otpkit::server::keys::new_challenge_id())
}

fn connect(url: &str, prefix: &str) -> RedisStore {
    let opts = RedisOptions {
        prefix: prefix.to_owned(),
        ..RedisOptions::default()
    };
    RedisStore::connect(url, opts).expect("connect to OTPKIT_REDIS_URL")
}

/// A fresh namespace (random prefix) on the test server.
fn redis() -> Option<(DynStore, RwLockReadGuard<'static, ()>)> {
    let url = url()?;
    let guard = EXCLUSIVE.read().unwrap_or_else(|e| e.into_inner());
    Some((Arc::new(connect(&url, &random_prefix())), guard))
}

fn exclusive() -> RwLockWriteGuard<'static, ()> {
    EXCLUSIVE.write().unwrap_or_else(|e| e.into_inner())
}

behaviour_suite!(redis());
policy_suite!(redis());
delivery_store_suite!(redis());

// ---------------------------------------------------------------------------------------------
// Several OS processes: this test executable re-invoked with OTPKIT_SERVER_CHILD set.

const CHILD: &str = "OTPKIT_SERVER_CHILD";

/// Child side: waits for the go file, submits the shared valid code and a wrong guess once.
#[test]
fn redis_child_process_entry() {
    let Ok(go) = std::env::var(CHILD) else {
        return; // Only does something when spawned by `several_processes_one_success`.
    };
    let url = std::env::var("OTPKIT_REDIS_URL").unwrap();
    let prefix = std::env::var("OTPKIT_CHILD_PREFIX").unwrap();
    let store: DynStore = Arc::new(connect(&url, &prefix));
    let config = VerifierConfig {
        throttle: server_suite::no_backoff(),
        ..VerifierConfig::default()
    };
    let v = server_suite::verifier(&store, config);
    let g = server_suite::totp();
    let code = g.code_at(T).to_string();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::path::Path::new(&go).exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    let same = v.verify_totp_at("shared", &g, &code, T);
    let guess = v.verify_totp_at("guessed", &g, "000000", T);
    println!("CHILD_RESULT same={} guess={}", tag(&same), tag(&guess));
}

fn tag<T>(r: &Result<T, VerifyError>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(VerifyError::Replayed) => "replayed",
        Err(VerifyError::Invalid { .. }) => "invalid",
        Err(_) => "other",
    }
}

#[test]
fn several_processes_one_success() {
    let Some(url) = url() else { return };
    let _g = EXCLUSIVE.read().unwrap_or_else(|e| e.into_inner());
    let prefix = random_prefix();
    let dir = std::env::temp_dir().join(format!("{prefix}-go"));
    let _ = std::fs::remove_file(&dir);
    let exe = std::env::current_exe().unwrap();
    const N: usize = 8;
    let children: Vec<_> = (0..N)
        .map(|_| {
            Command::new(&exe)
                .args([
                    "--exact",
                    "redis_child_process_entry",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD, &dir)
                .env("OTPKIT_REDIS_URL", &url)
                .env("OTPKIT_CHILD_PREFIX", &prefix)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    // Give every child time to start and connect, then release them together.
    std::thread::sleep(Duration::from_millis(500));
    std::fs::write(&dir, b"go").unwrap();
    let mut same = HashMap::new();
    let mut guesses = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find_map(|l| l.find("CHILD_RESULT").map(|i| &l[i..]))
            .unwrap_or_else(|| panic!("no result from child: {text}"));
        let mut parts = line.split_whitespace().skip(1);
        let s = parts.next().unwrap().trim_start_matches("same=").to_owned();
        *same.entry(s).or_insert(0) += 1;
        assert_eq!(parts.next(), Some("guess=invalid"));
        guesses += 1;
    }
    let _ = std::fs::remove_file(&dir);
    assert_eq!(same.get("ok"), Some(&1), "{same:?}");
    assert_eq!(same.get("replayed"), Some(&(N - 1)), "{same:?}");
    // Every process's wrong guess was counted.
    let store: DynStore = Arc::new(connect(&url, &prefix));
    let v = server_suite::verifier(&store, VerifierConfig::default());
    assert_eq!(v.state("guessed").unwrap().failures, guesses);
}

// ---------------------------------------------------------------------------------------------
// Exactly one EVALSHA per check (server-wide INFO commandstats deltas).

fn commandstats(con: &mut redis::Connection) -> HashMap<String, u64> {
    let info: String = redis::cmd("INFO").arg("commandstats").query(con).unwrap();
    info.lines()
        .filter_map(|l| {
            let (name, rest) = l.strip_prefix("cmdstat_")?.split_once(':')?;
            let calls = rest.split(',').find_map(|kv| kv.strip_prefix("calls="))?;
            Some((name.to_owned(), calls.parse().ok()?))
        })
        .collect()
}

/// Reads MONITOR lines up to `marker`; returns the commands sent by clients (not by scripts).
fn monitored_client_commands(mon: &mut redis::Connection, marker: &str) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        let line = match mon.recv_response().unwrap() {
            redis::Value::SimpleString(s) => s,
            redis::Value::BulkString(b) => String::from_utf8_lossy(&b).into_owned(),
            other => panic!("unexpected MONITOR reply {other:?}"),
        };
        if line.contains(marker) {
            return out;
        }
        // `<time> [<db> <client addr | lua>] "<command>" args...`
        let Some((source, rest)) = line.split_once(']') else {
            continue;
        };
        if source.ends_with(" lua") {
            continue;
        }
        let name = rest
            .trim()
            .split('"')
            .nth(1)
            .unwrap_or_default()
            .to_ascii_lowercase();
        out.push(name);
    }
}

#[test]
fn one_evalsha_per_check() {
    let Some(url) = url() else { return };
    let _g = exclusive();
    let store: DynStore = Arc::new(connect(&url, &random_prefix()));
    let v = server_suite::verifier(&store, VerifierConfig::default());
    let g = server_suite::totp();
    // Warm up: the pooled connection exists and the script is loaded.
    let _ = v.verify_totp_at("warm", &g, "000000", T);
    let client = redis::Client::open(url.as_str()).unwrap();
    let mut con = client.get_connection().unwrap();
    let mut mon = client.get_connection().unwrap();
    mon.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    mon.send_packed_command(&redis::cmd("MONITOR").get_packed_command())
        .unwrap();
    assert_eq!(mon.recv_response().unwrap(), redis::Value::Okay);
    let before = commandstats(&mut con);
    const CHECKS: u64 = 50;
    let mut ok = 0;
    for i in 0..CHECKS {
        let now = T + 30 * i;
        // Alternate right and wrong codes on a few credentials.
        let code = if i % 2 == 0 {
            g.code_at(now).to_string()
        } else {
            "000000".into()
        };
        ok += v
            .verify_totp_at(&format!("c{}", i % 5), &g, &code, now)
            .is_ok() as u64;
    }
    // A pipelined batch: one round trip, still one EVALSHA per check.
    let now = T + 30 * CHECKS;
    let right = g.code_at(now).to_string();
    let requests: Vec<_> = (0..CHECKS)
        .map(|i| otpkit::server::TotpRequest {
            credential_id: if i % 2 == 0 { "batch-a" } else { "batch-b" },
            generator: &g,
            input: if i < 2 { right.as_str() } else { "000000" },
        })
        .collect();
    let batch = v.verify_totp_many_at(&requests, now);
    assert!(batch[0].is_ok() && batch[1].is_ok() && batch[2..].iter().all(|r| r.is_err()));
    let after = commandstats(&mut con);
    let marker = format!("end-of-checks-{}", random_prefix());
    let _: String = redis::cmd("ECHO").arg(&marker).query(&mut con).unwrap();
    assert_eq!(ok, CHECKS / 2);
    let delta = |k: &str| after.get(k).copied().unwrap_or(0) - before.get(k).copied().unwrap_or(0);
    assert_eq!(delta("evalsha"), 2 * CHECKS, "{after:?}");
    assert_eq!(delta("eval") + delta("script|load"), 0);
    // MONITOR: what clients sent between the two snapshots (script-internal calls excluded).
    let sent = monitored_client_commands(&mut mon, &marker);
    let checks: Vec<_> = sent.iter().filter(|c| *c != "info").collect();
    assert_eq!(checks.len() as u64, 2 * CHECKS, "{sent:?}");
    assert!(checks.iter().all(|c| *c == "evalsha"), "{sent:?}");
}

/// Delivery-log round trips: a send is one `EVALSHA`, a report a `GET` and an `EVALSHA`, a
/// log read one `HGETALL`.
#[test]
fn delivery_log_round_trips() {
    let Some(url) = url() else { return };
    let _g = exclusive();
    let store = connect(&url, &random_prefix());
    let id = otpkit::server::keys::new_challenge_id();
    let send = delivery_store_suite::send(0, 0, otpkit::server::Channel::Sms, Some("SM-rt"));
    // Warm up: the pooled connection exists.
    assert!(store.delivery_log(&id, T).unwrap().is_empty());
    let client = redis::Client::open(url.as_str()).unwrap();
    let mut con = client.get_connection().unwrap();
    let mut mon = client.get_connection().unwrap();
    mon.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    mon.send_packed_command(&redis::cmd("MONITOR").get_packed_command())
        .unwrap();
    assert_eq!(mon.recv_response().unwrap(), redis::Value::Okay);
    assert_eq!(store.record_send(&id, T, &send, T + 900), Ok(true));
    let status = otpkit::server::DeliveryStatus::Delivered;
    let update = store.record_delivery("twilio", "SM-rt", T, status, None);
    assert!(update.unwrap().is_some_and(|u| u.changed));
    assert_eq!(store.delivery_log(&id, T).unwrap().len(), 1);
    let marker = format!("end-of-delivery-{}", random_prefix());
    let _: String = redis::cmd("ECHO").arg(&marker).query(&mut con).unwrap();
    let sent = monitored_client_commands(&mut mon, &marker);
    assert_eq!(sent, vec!["evalsha", "get", "evalsha", "hgetall"]);
}

// ---------------------------------------------------------------------------------------------
// The two backends agree on random operation sequences.

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Random sends and reports (duplicates, conflicts, out-of-order statuses) give the same
/// outcomes and logs in both backends (nothing expires: Redis TTLs run on the wall clock).
#[test]
fn delivery_memory_and_redis_agree() {
    use otpkit::server::{Channel, DeliveryStatus};
    let Some(url) = url() else { return };
    let _g = EXCLUSIVE.read().unwrap_or_else(|e| e.into_inner());
    let redis = connect(&url, &random_prefix());
    let memory = MemoryStore::new();
    let stores: [&dyn Store; 2] = [&memory, &redis];
    let ids: Vec<String> = (0..4)
        .map(|_| otpkit::server::keys::new_challenge_id())
        .collect();
    let providers = ["twilio", "vonage"];
    let mids = ["m1", "m2", "m3", "m4", "m5", "m6"];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut now = T;
    let (mut changes, mut conflicts) = (0, 0);
    for op in 0..800 {
        now += rng.below(3);
        let provider = providers[rng.below(2) as usize];
        let mid = mids[rng.below(6) as usize];
        let status = DeliveryStatus::ALL[rng.below(5) as usize];
        if rng.below(2) == 0 {
            let id = &ids[rng.below(4) as usize];
            let mut send = delivery_store_suite::send(rng.below(6) as u32, 0, Channel::Sms, None);
            send.provider = provider.into();
            send.message_id = (rng.below(4) != 0).then(|| mid.to_owned());
            send.status = status;
            send.sent_at = now;
            let r: Vec<_> = stores
                .iter()
                .map(|s| s.record_send(id, now, &send, T + 100_000))
                .collect();
            assert_eq!(r[0], r[1], "op {op}: record_send {send:?}");
            conflicts += matches!(r[0], Err(otpkit::server::StoreError::Conflict(_))) as u32;
        } else {
            let code = (rng.below(2) == 0).then_some("E42");
            let r: Vec<_> = stores
                .iter()
                .map(|s| s.record_delivery(provider, mid, now, status, code))
                .collect();
            assert_eq!(
                r[0], r[1],
                "op {op}: record_delivery {provider} {mid} {status:?}"
            );
            changes += matches!(&r[0], Ok(Some(u)) if u.changed) as u32;
        }
        for id in &ids {
            let logs: Vec<_> = stores.iter().map(|s| s.delivery_log(id, now)).collect();
            assert_eq!(logs[0], logs[1], "op {op}: log");
        }
    }
    let sends: usize = ids
        .iter()
        .map(|id| memory.delivery_log(id, now).unwrap().len())
        .sum();
    assert!(sends >= 6, "the run logged only {sends} sends");
    assert!(
        changes >= 5 && conflicts >= 5,
        "{changes} changes, {conflicts} conflicts"
    );
}

#[test]
fn memory_and_redis_agree() {
    let Some(url) = url() else { return };
    let _g = EXCLUSIVE.read().unwrap_or_else(|e| e.into_inner());
    let redis = connect(&url, &random_prefix());
    let memory = MemoryStore::new();
    let stores: [&dyn Store; 2] = [&memory, &redis];
    let policies = [
        ThrottlePolicy::default(),
        ThrottlePolicy {
            free_failures: 1,
            base_backoff: 1,
            max_backoff: 5,
            max_failures: 6,
            rate: Some(Limit::new(4, 20)),
            state_ttl: None,
        },
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut now = T;
    let creds = ["a", "b"];
    let ctr_keys = [("k1", 1, 5), ("k2", 2, 8), ("k3", 3, 14)];
    let ids = [
        "0123456789abcdef0123456789abcdef",
        "fedcba9876543210fedcba9876543210",
    ];
    for op in 0..1_500 {
        now += rng.below(4);
        match rng.below(4) {
            0 | 1 => {
                let cred = creds[rng.below(2) as usize];
                let policy = &policies[rng.below(2) as usize];
                let center = 1_000 + rng.below(6);
                let steps: Vec<u64> = (center - 3..=center + 3)
                    .filter(|_| rng.below(4) == 0)
                    .collect();
                let claim = Claim {
                    steps,
                    center,
                    back: rng.below(3),
                    forward: rng.below(3),
                    drift: if rng.below(2) == 0 {
                        None
                    } else {
                        Some(rng.below(3))
                    },
                };
                let a: Vec<_> = stores
                    .iter()
                    .map(|s| s.attempt(cred, now, policy, &claim).unwrap())
                    .collect();
                assert_eq!(a[0], a[1], "op {op}: attempt {claim:?}");
                let st: Vec<_> = stores
                    .iter()
                    .map(|s| s.credential_state(cred, now).unwrap())
                    .collect();
                assert_eq!(st[0], st[1], "op {op}: state");
                if rng.below(50) == 0 {
                    for s in stores {
                        s.unlock(cred, now).unwrap();
                    }
                }
            }
            2 => {
                let specs = random_counters(&mut rng, &ctr_keys);
                let r: Vec<_> = stores
                    .iter()
                    .map(|s| s.hit_counters(now, &specs).unwrap())
                    .collect();
                assert_eq!(r[0], r[1], "op {op}: counters");
            }
            _ => {
                let id = ids[rng.below(2) as usize];
                let mac = |n: u64| [n as u8; 32];
                if rng.below(3) == 0 {
                    let rec = ChallengeRecord {
                        mac: mac(rng.below(3)),
                        key_id: "k".into(),
                        expires_at: now + 1 + rng.below(20),
                        attempts: 1 + rng.below(3) as u32,
                    };
                    let mode = if rng.below(2) == 0 {
                        PutMode::Create
                    } else {
                        PutMode::Replace
                    };
                    let specs = random_counters(&mut rng, &ctr_keys);
                    let r: Vec<_> = stores
                        .iter()
                        .map(|s| s.put_challenge(id, now, &rec, mode, &specs).unwrap())
                        .collect();
                    assert_eq!(r[0], r[1], "op {op}: put");
                } else {
                    let cand = [MacCandidate {
                        key_id: "k".into(),
                        mac: mac(rng.below(3)),
                    }];
                    let r: Vec<_> = stores
                        .iter()
                        .map(|s| s.consume_challenge_attempt(id, now, &cand).unwrap())
                        .collect();
                    assert_eq!(r[0], r[1], "op {op}: consume");
                }
            }
        }
    }
}

/// A random subset of `keys`; a key always has the same limit (real keys embed their window).
fn random_counters(rng: &mut Rng, keys: &[(&str, u32, u64)]) -> Vec<CounterSpec> {
    let mut specs = Vec::new();
    for &(k, max, window) in keys {
        if rng.below(2) == 0 {
            specs.push(CounterSpec {
                key: k.into(),
                limit: Limit::new(max, window),
                scope: LimitScope::Global,
            });
        }
    }
    specs
}

// ---------------------------------------------------------------------------------------------
// Configuration diagnostics and failing closed.

#[test]
fn maxmemory_policy_diagnostic() {
    let Some(url) = url() else { return };
    let _g = exclusive();
    let mut con = redis::Client::open(url.as_str())
        .unwrap()
        .get_connection()
        .unwrap();
    let seen: Arc<Mutex<Vec<Diagnostic>>> = Arc::default();
    let sink_seen = seen.clone();
    let opts = |seen: Arc<Mutex<Vec<Diagnostic>>>| RedisOptions {
        prefix: random_prefix(),
        on_diagnostic: Some(Arc::new(move |d: &Diagnostic| {
            seen.lock().unwrap().push(d.clone())
        })),
        ..RedisOptions::default()
    };
    // noeviction (as tests/redis/start.sh configures it): silent about eviction (persistence
    // is off on the test server: see server_redis_ops.rs `persistence_diagnostic`).
    let eviction = |d: &[Diagnostic]| -> Vec<Diagnostic> {
        d.iter()
            .filter(|d| d.code != "redis.persistence")
            .cloned()
            .collect()
    };
    RedisStore::connect(&url, opts(sink_seen.clone())).unwrap();
    assert!(eviction(&seen.lock().unwrap()).is_empty());
    let old: Vec<String> = redis::cmd("CONFIG")
        .arg("GET")
        .arg("maxmemory-policy")
        .query(&mut con)
        .unwrap();
    let _: () = redis::cmd("CONFIG")
        .arg("SET")
        .arg("maxmemory-policy")
        .arg("allkeys-lru")
        .query(&mut con)
        .unwrap();
    let result = RedisStore::connect(&url, opts(sink_seen));
    let _: () = redis::cmd("CONFIG")
        .arg("SET")
        .arg("maxmemory-policy")
        .arg(&old[1])
        .query(&mut con)
        .unwrap();
    let store = result.unwrap();
    let got = eviction(&seen.lock().unwrap());
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].code, "redis.maxmemory-policy");
    assert!(got[0].message.contains("allkeys-lru"));
    assert!(eviction(&store.diagnostics().unwrap()).is_empty());
}

#[test]
fn unreachable_redis_fails_closed() {
    if url().is_none() {
        return;
    }
    let opts = RedisOptions {
        timeout: Duration::from_millis(300),
        ..RedisOptions::default()
    };
    // Port 1 on loopback: nothing listens there.
    assert!(RedisStore::connect("redis://127.0.0.1:1/", opts).is_err());
    // A store whose server goes away mid-life: use a bad database index to force errors.
    let Some(url) = url() else { return };
    let store = connect(&url, &random_prefix());
    let dbg = format!("{store:?}");
    assert!(!dbg.contains("127.0.0.1"), "{dbg}");
    let bad = RedisStore::connect(
        &format!("{}999999", url.trim_end_matches('/').to_owned() + "/"),
        RedisOptions::default(),
    );
    assert!(bad.is_err());
}

#[test]
fn script_cache_flush_recovers() {
    let Some(url) = url() else { return };
    let _g = exclusive();
    let store: DynStore = Arc::new(connect(&url, &random_prefix()));
    let v = server_suite::verifier(&store, VerifierConfig::default());
    let g = server_suite::totp();
    let mut con = redis::Client::open(url.as_str())
        .unwrap()
        .get_connection()
        .unwrap();
    let flush = |con: &mut redis::Connection| {
        let _: () = redis::cmd("SCRIPT").arg("FLUSH").query(con).unwrap();
    };
    flush(&mut con);
    assert!(v
        .verify_totp_at("f", &g, &g.code_at(T).to_string(), T)
        .is_ok());
    flush(&mut con);
    let code = g.code_at(T + 30).to_string();
    let req = |input| otpkit::server::TotpRequest {
        credential_id: "f",
        generator: &g,
        input,
    };
    let r = v.verify_totp_many_at(&[req(code.as_str()), req(code.as_str())], T + 30);
    assert!(r[0].is_ok(), "{r:?}");
    assert_eq!(r[1], Err(VerifyError::Replayed));
    flush(&mut con);
    let s = server_suite::oob(&store, Default::default(), Default::default());
    let i = s
        .issue_at(
            &otpkit::server::Binding::new("login", "f"),
            &server_suite::sms("+15559000001"),
            T,
        )
        .unwrap();
    flush(&mut con);
    assert!(s
        .verify_at(
            &i.challenge_id,
            &otpkit::server::Binding::new("login", "f"),
            i.code.expose(),
            T + 1
        )
        .is_ok());
}

// ---------------------------------------------------------------------------------------------
// Concurrent checks are combined into pipelines (store/redis/combine.rs): each caller must get
// its own reply.

#[test]
fn concurrent_checks_each_get_their_own_reply() {
    let Some((store, _g)) = redis() else { return };
    let v = Arc::new(server_suite::verifier(
        &store,
        server_suite::throttled(server_suite::no_backoff()),
    ));
    let g = Arc::new(server_suite::totp());
    const THREADS: usize = 16;
    const ROUNDS: u64 = 40;
    let barrier = Arc::new(std::sync::Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|k| {
            let (v, g, barrier) = (v.clone(), g.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                for round in 0..ROUNDS {
                    let id = format!("c{k}");
                    if k % 2 == 0 {
                        // Even threads: the right code of a new step each round (accepted at
                        // that step).
                        let at = T + 30 * round;
                        let code = g.code_at(at).to_string();
                        let got = v.verify_totp_at(&id, &g, &code, at);
                        assert_eq!(got.map(|ok| ok.step), Ok(at / 30), "thread {k} round {round}");
                    } else {
                        // Odd threads: a wrong code; `remaining` counts this thread's failures.
                        let got = v.verify_totp_at(&id, &g, "000000", T);
                        let want = 100 - u32::try_from(round + 1).unwrap();
                        assert!(
                            matches!(got, Err(VerifyError::Invalid { remaining: Some(r) }) if r == want),
                            "thread {k} round {round}: {got:?}"
                        );
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
}
