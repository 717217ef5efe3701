//! Redis operations: restarts, frozen servers, timeouts, connection-pool settings and the
//! persistence diagnostic, each on a private `redis-server` child process (see
//! `common/redis_proc.rs`) so the shared test server stays up.
//!
//! Needs `OTPKIT_REDIS_URL` (as the other Redis tests; `tests/redis/start.sh` also installs
//! `redis-server`); without it every test prints a note and returns.
#![cfg(feature = "redis")]

#[path = "common/redis_proc.rs"]
mod redis_proc;

use otpkit::server::{
    Diagnostic, RedisOptions, RedisStore, Store, StoreError, Verifier, VerifierConfig, VerifyError,
};
use otpkit::{CodeGenerator, FixedTimeSource, OtpParams, Secret};
use redis_proc::RedisProc;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const T: u64 = 1_700_000_010;

fn totp() -> CodeGenerator {
    let secret = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
    CodeGenerator::new(&secret, OtpParams::totp()).unwrap()
}

fn verifier(store: RedisStore) -> Verifier<RedisStore, FixedTimeSource> {
    Verifier::with_config(store, FixedTimeSource::new(T), VerifierConfig::default()).unwrap()
}

fn clients(url: &str) -> usize {
    let mut con = redis::Client::open(url).unwrap().get_connection().unwrap();
    let list: String = redis::cmd("CLIENT").arg("LIST").query(&mut con).unwrap();
    list.lines().count() - 1 // minus this connection
}

/// After a restart every pooled connection is dead. Before the fix each call popped one and
/// failed (31-32 failures before the first success); now the first failure drops the pool.
#[test]
fn restart_drops_the_dead_pool() {
    let Some(mut server) = RedisProc::start(&[]) else {
        return;
    };
    let store = RedisStore::connect(&server.url(), RedisOptions::default()).unwrap();
    let g = totp();
    // Fill the pool: 32 threads read state at once, so up to 32 connections are opened and
    // kept (concurrent checks would share one: they are combined into pipelines). Rounds are
    // repeated (at most 20) until at least 8 are pooled: on a busy machine few calls overlap.
    for _ in 0..20 {
        let barrier = Arc::new(Barrier::new(32));
        let threads: Vec<_> = (0..32)
            .map(|i| {
                let (store, barrier) = (store.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let v = verifier(store);
                    barrier.wait();
                    assert!(v.state(&format!("fill-{i}")).is_ok());
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        if clients(&server.url()) >= 8 {
            break;
        }
    }
    let pooled = clients(&server.url());
    assert!(pooled >= 8, "only {pooled} pooled connections");
    server.restart();
    let v = verifier(store);
    let code = g.code_at(T).to_string();
    let mut failures = 0;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match v.verify_totp_at("after-restart", &g, &code, T) {
            Ok(_) => break,
            Err(VerifyError::Store(StoreError::Unavailable(_))) => failures += 1,
            other => panic!("{other:?}"),
        }
        assert!(Instant::now() < deadline);
    }
    assert!(
        failures <= 1,
        "{failures} failed calls before the first success ({pooled} pooled connections)"
    );
}

/// A frozen server (SIGSTOP: connections open, no answers) fails a call after the documented
/// 2 s, with an error that says "timed out", for a pooled and for a fresh connection.
#[test]
fn frozen_server_times_out_after_two_seconds() {
    let Some(server) = RedisProc::start(&[]) else {
        return;
    };
    assert_eq!(RedisOptions::default().timeout, Duration::from_secs(2));
    let store = RedisStore::connect(&server.url(), RedisOptions::default()).unwrap();
    let v = verifier(store.clone());
    let g = totp();
    assert!(v.verify_totp_at("t", &g, "000000", T).is_err()); // one pooled connection
    server.freeze(true);
    let check = |what: &str, r: Result<(), StoreError>, started: Instant| {
        let took = started.elapsed();
        let e = r.unwrap_err();
        assert!(e.to_string().contains("timed out"), "{what}: {e}");
        assert!(matches!(e, StoreError::Unavailable(_)), "{what}: {e:?}");
        assert!(
            took >= Duration::from_millis(1_900) && took < Duration::from_millis(3_000),
            "{what}: failed after {took:?}, not 2 s"
        );
    };
    let t0 = Instant::now();
    let r = v.verify_totp_at("t", &g, "000000", T);
    let Err(VerifyError::Store(e)) = r else {
        panic!("{r:?}")
    };
    check("pooled connection", Err(e), t0);
    // The pool was dropped: the next call opens a connection (TCP connects, the handshake
    // gets no answer).
    let t0 = Instant::now();
    check("new connection", store.unlock("x", T), t0);
    let t0 = Instant::now();
    let connect = RedisStore::connect(&server.url(), RedisOptions::default()).map(drop);
    check("connect", connect, t0);
    server.freeze(false);
    assert!(v
        .verify_totp_at("t", &g, &g.code_at(T).to_string(), T)
        .is_ok());
}

/// Timeout and pool size are settable; out-of-range values are refused before connecting.
#[test]
fn options_are_settable_and_checked() {
    let Some(server) = RedisProc::start(&[]) else {
        return;
    };
    let opts = |timeout: Duration, max_idle: usize| RedisOptions {
        timeout,
        max_idle,
        ..RedisOptions::default()
    };
    for (bad, what) in [
        (opts(Duration::ZERO, 4), "timeout"),
        (opts(Duration::from_secs(61), 4), "timeout"),
        (opts(Duration::from_secs(1), 1_025), "max_idle"),
    ] {
        let e = RedisOptions::validate(&bad).unwrap_err();
        assert!(e.to_string().contains(what), "{e}");
        let e = RedisStore::connect(&server.url(), bad).unwrap_err();
        assert!(e.to_string().contains(what), "{e}");
    }
    // max_idle 0: every call opens and closes its connection; nothing stays open.
    let store = RedisStore::connect(&server.url(), opts(Duration::from_millis(500), 0)).unwrap();
    let before = clients(&server.url());
    let v = verifier(store.clone());
    for i in 0..5 {
        assert!(v
            .verify_totp_at(&format!("i{i}"), &totp(), "000000", T)
            .is_err());
    }
    // The server notices closed sockets asynchronously: wait (bounded) for it to catch up.
    let deadline = Instant::now() + Duration::from_secs(3);
    while clients(&server.url()) != before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        clients(&server.url()),
        before,
        "connections were kept with max_idle 0"
    );
    // A short timeout is honoured.
    server.freeze(true);
    let t0 = Instant::now();
    let e = store.unlock("x", T).unwrap_err();
    server.freeze(false);
    assert!(e.to_string().contains("timed out"), "{e}");
    assert!(
        t0.elapsed() < Duration::from_millis(1_400),
        "{:?}",
        t0.elapsed()
    );
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code).collect()
}

/// Without AOF (`appendfsync everysec` or `always`) a restart can forget high-water marks, so
/// `diagnostics()` says so; the shared test server has persistence off.
#[test]
fn persistence_diagnostic() {
    let Ok(url) = std::env::var("OTPKIT_REDIS_URL") else {
        eprintln!("note: OTPKIT_REDIS_URL is not set; skipping");
        return;
    };
    let shared = RedisStore::connect(&url, RedisOptions::default()).unwrap();
    let d = shared.diagnostics().unwrap();
    assert_eq!(codes(&d), ["redis.persistence"], "{d:?}");
    assert!(d[0].message.contains("appendonly"), "{}", d[0].message);
    for (args, expect) in [
        (
            &["--appendonly", "yes", "--appendfsync", "everysec"][..],
            vec![],
        ),
        (
            &["--appendonly", "yes", "--appendfsync", "always"][..],
            vec![],
        ),
        (
            &["--appendonly", "yes", "--appendfsync", "no"][..],
            vec!["redis.persistence"],
        ),
        // CONFIG disabled: INFO persistence still tells that AOF is off.
        (
            &["--rename-command", "CONFIG", ""][..],
            vec!["redis.config-unreadable", "redis.persistence"],
        ),
    ] {
        let Some(server) = RedisProc::start(args) else {
            return;
        };
        let seen: Arc<std::sync::Mutex<Vec<Diagnostic>>> = Arc::default();
        let sink = seen.clone();
        let opts = RedisOptions {
            on_diagnostic: Some(Arc::new(move |d: &Diagnostic| {
                sink.lock().unwrap().push(d.clone())
            })),
            ..RedisOptions::default()
        };
        let store = RedisStore::connect(&server.url(), opts).unwrap();
        assert_eq!(codes(&store.diagnostics().unwrap()), expect, "{args:?}");
        assert_eq!(codes(&seen.lock().unwrap()), expect, "{args:?} at connect");
    }
}

/// What the diagnostic warns about: without persistence a restart forgets the high-water mark
/// and a code accepted before is accepted again; with AOF (`appendfsync always`) it is not.
#[test]
fn restart_without_persistence_forgets_high_water_marks() {
    for (args, replay_after_restart) in [
        (&[][..], true),
        (
            &["--appendonly", "yes", "--appendfsync", "always"][..],
            false,
        ),
    ] {
        let Some(mut server) = RedisProc::start(args) else {
            return;
        };
        let store = RedisStore::connect(&server.url(), RedisOptions::default()).unwrap();
        let v = verifier(store);
        let g = totp();
        let code = g.code_at(T).to_string();
        assert!(v.verify_totp_at("hw", &g, &code, T).is_ok());
        assert_eq!(
            v.verify_totp_at("hw", &g, &code, T),
            Err(VerifyError::Replayed)
        );
        server.restart();
        let deadline = Instant::now() + Duration::from_secs(20);
        let after = loop {
            match v.verify_totp_at("hw", &g, &code, T) {
                Err(VerifyError::Store(_)) => assert!(Instant::now() < deadline),
                other => break other,
            }
        };
        assert_eq!(after.is_ok(), replay_after_restart, "{args:?}: {after:?}");
    }
}
