//! The shared behaviour suite of the server helpers, run against every store backend by
//! `server_memory.rs` and `server_redis.rs` through [`behaviour_suite!`]. Built on its own it
//! is an empty test target.
#![allow(dead_code, unused_macros)]

use otpkit::server::store::CredentialState;
use otpkit::server::{
    Binding, Channel, CodeFormat, Delivery, IssueError, Limit, LimitScope, OobCodes, OobPolicy,
    Pepper, PepperRing, SendLimits, Store, ThrottlePolicy, TotpPolicy, TotpRequest, Verified,
    Verifier, VerifierConfig, VerifyError,
};
use otpkit::{CodeGenerator, FixedTimeSource, OtpParams, Secret};
use std::sync::{Arc, Barrier};

pub type DynStore = Arc<dyn Store>;
pub type TestVerifier = Verifier<DynStore, Arc<FixedTimeSource>>;
pub type TestOob = OobCodes<DynStore, Arc<FixedTimeSource>>;

/// A time in the middle of a TOTP step.
pub const T: u64 = 1_700_000_010;

/// Generates one `#[test]` per scenario; `$make` is an expression of type
/// `Option<(DynStore, G)>` giving a fresh, empty store and a guard held for the test's
/// duration (or `None` to skip).
macro_rules! behaviour_suite {
    ($make:expr) => {
        behaviour_suite!(@each $make;
            totp_window_table, totp_batch_in_order, totp_replay_high_water, totp_drift_tracking, totp_steam_codes,
            hotp_look_ahead_table, hotp_resync, throttle_backoff_table, throttle_hard_cap,
            throttle_rate_limit, malformed_input_not_counted, parallel_same_code_one_success, parallel_hotp_one_success,
            parallel_wrong_guesses_all_counted, oob_single_use, oob_ttl, oob_max_attempts,
            oob_binding, oob_unknown_looks_like_wrong, oob_resend_cooldown_and_max_sends,
            oob_pepper_rotation, oob_alphanumeric, send_limits_each_scope,
            send_limits_all_or_nothing, parallel_oob_one_success, parallel_sends_capped);
    };
    (@each $make:expr; $($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            let Some((store, _guard)) = $make else { return };
            server_suite::$name(store);
        }
    )*};
}

pub fn vectors() -> serde_json::Value {
    serde_json::from_str(include_str!("../../tests/vectors/server.json")).unwrap()
}

pub fn secret() -> Secret {
    Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap()
}

pub fn totp() -> CodeGenerator {
    CodeGenerator::new(&secret(), OtpParams::totp()).unwrap()
}

pub fn clock(t: u64) -> Arc<FixedTimeSource> {
    Arc::new(FixedTimeSource::new(t))
}

pub fn verifier(store: &DynStore, config: VerifierConfig) -> TestVerifier {
    Verifier::with_config(store.clone(), clock(T), config).unwrap()
}

/// Throttling that never locks (to observe counting alone).
pub fn no_backoff() -> ThrottlePolicy {
    ThrottlePolicy {
        free_failures: 100,
        ..ThrottlePolicy::default()
    }
}

/// The default configuration with `throttle`.
pub fn throttled(throttle: ThrottlePolicy) -> VerifierConfig {
    VerifierConfig {
        throttle,
        ..VerifierConfig::default()
    }
}

fn state(v: &TestVerifier, id: &str) -> CredentialState {
    v.state(id).unwrap()
}

pub fn totp_window_table(store: DynStore) {
    let g = totp();
    let v = vectors();
    let cases = v["totp_window"].as_array().unwrap();
    assert!(cases.len() >= 19);
    for (i, case) in cases.iter().enumerate() {
        let config = match case["profile"].as_str().unwrap() {
            "strict" => VerifierConfig::strict(),
            _ => VerifierConfig::default(),
        };
        let ver = verifier(&store, config);
        let code = g.code_at(case["code_time"].as_u64().unwrap()).to_string();
        let at = case["check_time"].as_u64().unwrap();
        let got = ver.verify_totp_at(&format!("window-{i}"), &g, &code, at);
        match case["expect"].as_str().unwrap() {
            "ok" => {
                let ok = got.unwrap_or_else(|e| panic!("{}: {e:?}", case["name"]));
                assert_eq!(
                    ok.offset,
                    case["offset"].as_i64().unwrap(),
                    "{}",
                    case["name"]
                );
            }
            _ => assert!(
                matches!(got, Err(VerifyError::Invalid { remaining: Some(_) })),
                "{}: {got:?}",
                case["name"]
            ),
        }
    }
}

pub fn totp_batch_in_order(store: DynStore) {
    let g = totp();
    let v = verifier(&store, VerifierConfig::default());
    let code = g.code_at(T).to_string();
    let req = |credential_id, input| TotpRequest {
        credential_id,
        generator: &g,
        input,
    };
    let batch = [
        req("a", code.as_str()),
        req("a", code.as_str()),
        req("b", "12x456"),
        req("b", "000000"),
        req("c", code.as_str()),
    ];
    let r = v.verify_totp_many_at(&batch, T);
    assert_eq!(r.len(), 5);
    assert_eq!(r[0].as_ref().unwrap().offset, 0);
    assert_eq!(r[1], Err(VerifyError::Replayed));
    assert!(matches!(r[2], Err(VerifyError::Malformed(_))));
    assert_eq!(
        r[3],
        Err(VerifyError::Invalid {
            remaining: Some(99)
        })
    );
    assert!(r[4].is_ok());
    assert!(v.verify_totp_many_at(&[], T).is_empty());
}

pub fn totp_replay_high_water(store: DynStore) {
    let g = totp();
    let v = verifier(&store, VerifierConfig::default());
    let now = g.code_at(T).to_string();
    let prev = g.code_at(T - 30).to_string();
    let next = g.code_at(T + 30).to_string();
    assert_eq!(v.verify_totp_at("u", &g, &now, T).unwrap().offset, 0);
    assert_eq!(
        v.verify_totp_at("u", &g, &now, T),
        Err(VerifyError::Replayed)
    );
    // Within the window but at/below the high-water mark: refused.
    assert_eq!(
        v.verify_totp_at("u", &g, &prev, T),
        Err(VerifyError::Replayed)
    );
    assert_eq!(v.verify_totp_at("u", &g, &next, T).unwrap().offset, 1);
    assert_eq!(
        v.verify_totp_at("u", &g, &now, T + 1),
        Err(VerifyError::Replayed)
    );
    // Replays count as failures (the success before reset them).
    assert_eq!(state(&v, "u").failures, 1);
    assert_eq!(state(&v, "u").high_water, Some(g.counter_at(T) + 1));
    let later = g.code_at(T + 60).to_string();
    v.verify_totp_at("u", &g, &later, T + 60).unwrap();
    assert_eq!(state(&v, "u").failures, 0);
    // Another credential has its own mark.
    assert!(v.verify_totp_at("other", &g, &now, T).is_ok());
}

pub fn totp_drift_tracking(store: DynStore) {
    let g = totp();
    let totp = TotpPolicy::default().with_drift(2);
    let v = verifier(
        &store,
        VerifierConfig {
            totp,
            ..Default::default()
        },
    );
    let mut now = T;
    // The client runs two steps fast: +2 is outside ±1 until drift is learnt.
    let code = |t: u64| g.code_at(t).to_string();
    assert!(matches!(
        v.verify_totp_at("d", &g, &code(now + 60), now),
        Err(VerifyError::Invalid { .. })
    ));
    let ok = v.verify_totp_at("d", &g, &code(now + 30), now).unwrap();
    assert_eq!((ok.offset, ok.drift), (1, 1));
    now += 60;
    let ok = v.verify_totp_at("d", &g, &code(now + 60), now).unwrap();
    assert_eq!((ok.offset, ok.drift), (2, 2));
    now += 60;
    // Window is now centre+2 ± 1: one step behind the server is refused, +3 accepted but the
    // drift stays clamped at 2.
    assert!(matches!(
        v.verify_totp_at("d", &g, &code(now - 30), now),
        Err(VerifyError::Invalid { .. })
    ));
    let ok = v.verify_totp_at("d", &g, &code(now + 90), now).unwrap();
    assert_eq!((ok.offset, ok.drift), (3, 2));
    assert_eq!(state(&v, "d").drift, 2);
    // Without drift tracking the same store key ignores the stored drift.
    let plain = verifier(&store, VerifierConfig::default());
    now += 300;
    assert!(matches!(
        plain.verify_totp_at("d", &g, &code(now + 60), now),
        Err(VerifyError::Invalid { .. })
    ));
}

pub fn totp_steam_codes(store: DynStore) {
    let g = CodeGenerator::new(&secret(), OtpParams::steam()).unwrap();
    let v = verifier(&store, VerifierConfig::default());
    let code = g.code_at(T).to_string().to_lowercase();
    assert!(v.verify_totp_at("steam", &g, &code, T).is_ok());
    assert!(matches!(
        v.verify_totp_at("steam", &g, "AAAAA", T),
        Err(VerifyError::Malformed(_))
    ));
}

pub fn hotp_look_ahead_table(store: DynStore) {
    let g = CodeGenerator::new(&secret(), OtpParams::hotp(0)).unwrap();
    let v = verifier(&store, VerifierConfig::default());
    for case in vectors()["hotp_look_ahead"].as_array().unwrap() {
        let code = g
            .code_at_counter(case["counter"].as_u64().unwrap())
            .to_string();
        let got = v.verify_hotp_at("h", &g, &code, T);
        match case["expect"].as_str().unwrap() {
            "ok" => assert_eq!(
                got.unwrap().next_counter,
                case["next"].as_u64().unwrap(),
                "{case}"
            ),
            _ => assert!(
                matches!(got, Err(VerifyError::Invalid { .. })),
                "{case}: {got:?}"
            ),
        }
    }
    // The generator's counter is a floor (e.g. a counter kept in the application's database).
    let floored = CodeGenerator::new(&secret(), OtpParams::hotp(40)).unwrap();
    let code = g.code_at_counter(35).to_string();
    assert!(v.verify_hotp_at("h2", &floored, &code, T).is_err());
    let code = g.code_at_counter(40).to_string();
    assert_eq!(
        v.verify_hotp_at("h2", &floored, &code, T)
            .unwrap()
            .next_counter,
        41
    );
}

pub fn hotp_resync(store: DynStore) {
    let g = CodeGenerator::new(&secret(), OtpParams::hotp(0)).unwrap();
    let v = verifier(&store, VerifierConfig::default());
    let c = |n: u64| g.code_at_counter(n).to_string();
    // Beyond look-ahead: a single code fails, two consecutive ones resync.
    assert!(v.verify_hotp_at("r", &g, &c(50), T).is_err());
    assert!(matches!(
        v.resync_hotp_at("r", &g, &c(50), &c(52), T),
        Err(VerifyError::Invalid { .. })
    ));
    let ok: Verified = v.resync_hotp_at("r", &g, &c(50), &c(51), T).unwrap();
    assert_eq!((ok.step, ok.next_counter), (51, 52));
    assert!(v.verify_hotp_at("r", &g, &c(52), T).is_ok());
    assert_eq!(
        v.resync_hotp_at("r", &g, &c(50), &c(51), T),
        Err(VerifyError::Invalid {
            remaining: Some(99)
        })
    );
    // Outside the resync window (100).
    assert!(v.resync_hotp_at("r", &g, &c(300), &c(301), T).is_err());
    let mut config = VerifierConfig::default();
    config.hotp.resync_window = 300;
    let wide = verifier(&store, config);
    assert!(wide.resync_hotp_at("r", &g, &c(300), &c(301), T).is_ok());
    assert!(matches!(
        v.resync_hotp_at("r", &g, "12", &c(301), T),
        Err(VerifyError::Malformed(_))
    ));
}

pub fn throttle_backoff_table(store: DynStore) {
    let g = totp();
    let v = verifier(&store, VerifierConfig::default());
    let policy = ThrottlePolicy::default();
    let table: Vec<u64> = vectors()["backoff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    let mut now = T;
    let wrong = "000000";
    assert!(g.verify_at(wrong, T, 10).unwrap().is_none());
    for (i, &lock) in table.iter().enumerate() {
        let n = i as u32 + 1;
        assert_eq!(policy.backoff_after(n), lock);
        assert_eq!(
            v.verify_totp_at("b", &g, wrong, now),
            Err(VerifyError::Invalid {
                remaining: Some(100 - n)
            }),
            "failure {n}"
        );
        if lock > 0 {
            // Locked: even the right code is refused, and the refusal is not counted.
            let right = g.code_at(now + lock - 1).to_string();
            assert_eq!(
                v.verify_totp_at("b", &g, &right, now + lock - 1),
                Err(VerifyError::Locked { until: now + lock })
            );
            assert_eq!(state(&v, "b").failures, n);
        }
        now += lock;
    }
    let right = g.code_at(now).to_string();
    v.verify_totp_at("b", &g, &right, now).unwrap();
    assert_eq!(state(&v, "b").failures, 0);
    assert_eq!(state(&v, "b").locked_until, 0);
}

pub fn throttle_hard_cap(store: DynStore) {
    let g = totp();
    let mut config = throttled(no_backoff());
    config.throttle.max_failures = 5;
    let v = verifier(&store, config);
    for left in (0..5).rev() {
        assert_eq!(
            v.verify_totp_at("cap", &g, "000000", T),
            Err(VerifyError::Invalid {
                remaining: Some(left)
            })
        );
    }
    let right = g.code_at(T).to_string();
    assert_eq!(
        v.verify_totp_at("cap", &g, &right, T),
        Err(VerifyError::Exhausted)
    );
    assert_eq!(
        v.verify_totp_at("cap", &g, &right, T + 86_400),
        Err(VerifyError::Exhausted)
    );
    v.unlock("cap").unwrap();
    assert!(v.verify_totp_at("cap", &g, &right, T).is_ok());
    // A policy above the cap of 100 is refused.
    let mut too_many = VerifierConfig::default();
    too_many.throttle.max_failures = 101;
    assert!(Verifier::with_config(store.clone(), clock(T), too_many).is_err());
}

pub fn throttle_rate_limit(store: DynStore) {
    let g = totp();
    let mut config = throttled(no_backoff());
    config.throttle.rate = Some(Limit::new(3, 60));
    let v = verifier(&store, config);
    // Successes count towards the rate too.
    assert!(v
        .verify_totp_at("rl", &g, &g.code_at(T).to_string(), T)
        .is_ok());
    assert!(v.verify_totp_at("rl", &g, "000000", T + 1).is_err());
    assert!(v.verify_totp_at("rl", &g, "000000", T + 2).is_err());
    assert_eq!(
        v.verify_totp_at("rl", &g, "000000", T + 10),
        Err(VerifyError::RateLimited { retry_after: 50 })
    );
    assert_eq!(state(&v, "rl").failures, 2);
    assert!(matches!(
        v.verify_totp_at("rl", &g, "000000", T + 60),
        Err(VerifyError::Invalid { .. })
    ));
}

pub fn malformed_input_not_counted(store: DynStore) {
    let g = totp();
    let v = verifier(&store, VerifierConfig::default());
    for bad in ["", "12345", "1234567", "12345x", "１２３４５６", "123 45"] {
        assert!(
            matches!(
                v.verify_totp_at("m", &g, bad, T),
                Err(VerifyError::Malformed(_))
            ),
            "{bad:?}"
        );
    }
    assert_eq!(state(&v, "m").failures, 0);
    let code = g.code_at(T).to_string();
    let spaced = format!(" {}-{} ", &code[..3], &code[3..]);
    assert!(v.verify_totp_at("m", &g, &spaced, T).is_ok());
    let hotp = CodeGenerator::new(&secret(), OtpParams::hotp(0)).unwrap();
    assert!(matches!(
        v.verify_totp_at("m", &hotp, &code, T),
        Err(VerifyError::Config(_))
    ));
}

/// Runs `f(i)` on `n` threads released together; returns the results in thread order.
pub fn parallel<R: Send + 'static>(
    n: usize,
    f: impl Fn(usize) -> R + Send + Sync + 'static,
) -> Vec<R> {
    let f = Arc::new(f);
    let barrier = Arc::new(Barrier::new(n));
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let (f, barrier) = (f.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                f(i)
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

pub fn parallel_same_code_one_success(store: DynStore) {
    let v = Arc::new(verifier(&store, VerifierConfig::default()));
    let g = Arc::new(totp());
    let code = g.code_at(T).to_string();
    let results = parallel(24, move |_| v.verify_totp_at("par", &g, &code, T));
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{results:?}");
    // The others were replays; after three of those the backoff locks the credential.
    assert!(results.iter().all(|r| matches!(
        r,
        Ok(_) | Err(VerifyError::Replayed) | Err(VerifyError::Locked { .. })
    )));
}

pub fn parallel_hotp_one_success(store: DynStore) {
    // HOTP reads the counter, then attempts: the attempt re-checks the mark atomically.
    let v = Arc::new(verifier(&store, VerifierConfig::default()));
    let g = Arc::new(CodeGenerator::new(&secret(), OtpParams::hotp(0)).unwrap());
    let code = g.code_at_counter(3).to_string();
    let results = parallel(16, move |_| v.verify_hotp_at("hpar", &g, &code, T));
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
}

pub fn parallel_wrong_guesses_all_counted(store: DynStore) {
    let v = Arc::new(verifier(&store, throttled(no_backoff())));
    let g = Arc::new(totp());
    let wrong: Vec<String> = (0..40u32)
        .map(|i| format!("{:06}", 100_000 + i * 7919))
        .filter(|c| g.verify_at(c, T, 1).unwrap().is_none())
        .collect();
    let n = wrong.len();
    let w = Arc::new(wrong);
    let v2 = v.clone();
    let results = parallel(n, move |i| v2.verify_totp_at("guess", &g, &w[i], T));
    let mut remaining: Vec<u32> = results
        .iter()
        .map(|r| match r {
            Err(VerifyError::Invalid { remaining: Some(k) }) => *k,
            other => panic!("{other:?}"),
        })
        .collect();
    remaining.sort_unstable();
    remaining.dedup();
    // Every guess saw a different count: none was lost to a race.
    assert_eq!(remaining.len(), n);
    assert_eq!(state(&v, "guess").failures, n as u32);
}

pub fn oob(store: &DynStore, policy: OobPolicy, limits: SendLimits) -> TestOob {
    let ring = PepperRing::new(Pepper::new("k1", vec![1u8; 32]).unwrap());
    OobCodes::new(store.clone(), clock(T), ring, policy, limits).unwrap()
}

pub fn sms(to: &str) -> Delivery<'_> {
    Delivery::new(Channel::Sms, to)
}

const LOGIN: Binding<'static> = Binding {
    purpose: "login",
    subject: "alice",
    transaction: &[],
};

pub fn oob_single_use(store: DynStore) {
    let s = oob(&store, OobPolicy::default(), SendLimits::default());
    let issued = s.issue_at(&LOGIN, &sms("+15550000001"), T).unwrap();
    assert_eq!(issued.code.expose().len(), 6);
    assert_eq!(issued.expires_at, T + 300);
    let code = issued.code.expose().to_owned();
    let id = &issued.challenge_id;
    assert!(!format!("{issued:?}").contains(&code));
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    assert!(s.verify_at(id, &LOGIN, &spaced, T + 10).is_ok());
    assert_eq!(
        s.verify_at(id, &LOGIN, &code, T + 11),
        Err(VerifyError::Invalid { remaining: None })
    );
}

pub fn oob_ttl(store: DynStore) {
    let s = oob(&store, OobPolicy::default(), SendLimits::none());
    let a = s.issue_at(&LOGIN, &sms("+15550000002"), T).unwrap();
    assert!(s
        .verify_at(&a.challenge_id, &LOGIN, a.code.expose(), T + 299)
        .is_ok());
    let b = s.issue_at(&LOGIN, &sms("+15550000002"), T).unwrap();
    assert_eq!(
        s.verify_detailed_at(&b.challenge_id, &LOGIN, b.code.expose(), T + 300),
        Err(VerifyError::Expired)
    );
    let c = s.issue_at(&LOGIN, &sms("+15550000002"), T).unwrap();
    assert_eq!(
        s.verify_at(&c.challenge_id, &LOGIN, c.code.expose(), T + 301),
        Err(VerifyError::Invalid { remaining: None })
    );
    // TTL is capped at 10 minutes.
    let long = OobPolicy {
        ttl: 601,
        ..OobPolicy::default()
    };
    let ring = PepperRing::new(Pepper::new("k1", vec![1u8; 32]).unwrap());
    assert!(OobCodes::new(store.clone(), clock(T), ring, long, SendLimits::none()).is_err());
}

fn wrong_code(right: &str) -> String {
    let d = (right.as_bytes()[0] - b'0' + 1) % 10;
    format!("{d}{}", &right[1..])
}

pub fn oob_max_attempts(store: DynStore) {
    let s = oob(&store, OobPolicy::default(), SendLimits::none());
    let i = s.issue_at(&LOGIN, &sms("+15550000003"), T).unwrap();
    let wrong = wrong_code(i.code.expose());
    for left in (0..5).rev() {
        assert_eq!(
            s.verify_detailed_at(&i.challenge_id, &LOGIN, &wrong, T + 1),
            Err(VerifyError::Invalid {
                remaining: Some(left)
            })
        );
    }
    assert_eq!(
        s.verify_detailed_at(&i.challenge_id, &LOGIN, i.code.expose(), T + 2),
        Err(VerifyError::Exhausted)
    );
    assert_eq!(
        s.verify_at(&i.challenge_id, &LOGIN, i.code.expose(), T + 2),
        Err(VerifyError::Invalid { remaining: None })
    );
}

pub fn oob_binding(store: DynStore) {
    let s = oob(&store, OobPolicy::default(), SendLimits::none());
    let pay = Binding::new("payment", "alice").with_transaction(b"EUR 10.00 to DE89...");
    let i = s.issue_at(&pay, &sms("+15550000004"), T).unwrap();
    let code = i.code.expose();
    let id = &i.challenge_id;
    for other in [
        Binding::new("login", "alice").with_transaction(b"EUR 10.00 to DE89..."),
        Binding::new("payment", "bob").with_transaction(b"EUR 10.00 to DE89..."),
        Binding::new("payment", "alice").with_transaction(b"EUR 99.00 to XX00..."),
        Binding::new("payment", "alice"),
    ] {
        assert_eq!(
            s.verify_at(id, &other, code, T + 1),
            Err(VerifyError::Invalid { remaining: None }),
            "{other:?}"
        );
    }
    assert!(s.verify_at(id, &pay, code, T + 1).is_ok());
}

pub fn oob_unknown_looks_like_wrong(store: DynStore) {
    let s = oob(&store, OobPolicy::default(), SendLimits::none());
    let i = s.issue_at(&LOGIN, &sms("+15550000005"), T).unwrap();
    let wrong = s.verify_at(&i.challenge_id, &LOGIN, &wrong_code(i.code.expose()), T + 1);
    let unknown = s.verify_at("0123456789abcdef0123456789abcdef", &LOGIN, "123456", T + 1);
    let garbage = s.verify_at("not-an-id", &LOGIN, "123456", T + 1);
    assert_eq!(wrong, Err(VerifyError::Invalid { remaining: None }));
    assert_eq!(unknown, wrong);
    assert_eq!(garbage, wrong);
    // Malformed codes are refused before anything else and use no attempt.
    assert!(matches!(
        s.verify_detailed_at(&i.challenge_id, &LOGIN, "12a456", T + 1),
        Err(VerifyError::Malformed(_))
    ));
    assert_eq!(
        s.verify_detailed_at(&i.challenge_id, &LOGIN, &wrong_code(i.code.expose()), T + 1),
        Err(VerifyError::Invalid { remaining: Some(3) })
    );
}

pub fn oob_resend_cooldown_and_max_sends(store: DynStore) {
    let s = oob(&store, OobPolicy::default(), SendLimits::none());
    let to = sms("+15550000006");
    let first = s.issue_at(&LOGIN, &to, T).unwrap();
    let id = first.challenge_id.clone();
    assert_eq!(
        s.resend_at(&id, &LOGIN, &to, T + 10).unwrap_err(),
        IssueError::RateLimited {
            scope: LimitScope::Cooldown,
            retry_after: 20
        }
    );
    let second = s.resend_at(&id, &LOGIN, &to, T + 30).unwrap();
    assert_eq!(second.challenge_id, id);
    assert_eq!(second.expires_at, T + 330);
    // The old code no longer works (the wrong try uses one attempt of the new code).
    if first.code.expose() != second.code.expose() {
        assert!(s
            .verify_at(&id, &LOGIN, first.code.expose(), T + 31)
            .is_err());
    }
    let third = s.resend_at(&id, &LOGIN, &to, T + 60).unwrap();
    assert!(matches!(
        s.resend_at(&id, &LOGIN, &to, T + 90),
        Err(IssueError::RateLimited {
            scope: LimitScope::ChallengeSends,
            ..
        })
    ));
    assert!(s
        .verify_at(&id, &LOGIN, third.code.expose(), T + 91)
        .is_ok());
    // Used (or unknown) challenges cannot be re-sent.
    let other = s.issue_at(&LOGIN, &to, T).unwrap();
    assert!(s
        .verify_at(&other.challenge_id, &LOGIN, other.code.expose(), T + 1)
        .is_ok());
    assert_eq!(
        s.resend_at(&other.challenge_id, &LOGIN, &to, T + 100)
            .unwrap_err(),
        IssueError::UnknownChallenge
    );
    assert_eq!(
        s.resend_at("zz", &LOGIN, &to, T + 100).unwrap_err(),
        IssueError::UnknownChallenge
    );
}

pub fn oob_pepper_rotation(store: DynStore) {
    let old = Pepper::new("2025", vec![5u8; 32]).unwrap();
    let new = Pepper::new("2026", vec![6u8; 32]).unwrap();
    let service = |ring| {
        let (policy, limits) = (OobPolicy::default(), SendLimits::none());
        OobCodes::new(store.clone(), clock(T), ring, policy, limits).unwrap()
    };
    let before = service(PepperRing::new(old.clone()));
    let after = service(PepperRing::new(new.clone()).with_previous(old).unwrap());
    let only_new = service(PepperRing::new(new));
    let a = before.issue_at(&LOGIN, &sms("+15550000007"), T).unwrap();
    let b = before.issue_at(&LOGIN, &sms("+15550000007"), T).unwrap();
    assert!(after
        .verify_at(&a.challenge_id, &LOGIN, a.code.expose(), T + 1)
        .is_ok());
    assert!(only_new
        .verify_at(&b.challenge_id, &LOGIN, b.code.expose(), T + 1)
        .is_err());
}

pub fn oob_alphanumeric(store: DynStore) {
    let policy = OobPolicy {
        format: CodeFormat::Alphanumeric(8),
        ..OobPolicy::default()
    };
    let s = oob(&store, policy, SendLimits::none());
    let i = s
        .issue_at(
            &LOGIN,
            &Delivery::new(Channel::Email, "alice@example.com"),
            T,
        )
        .unwrap();
    let typed = i.code.expose().to_lowercase();
    assert!(s.verify_at(&i.challenge_id, &LOGIN, &typed, T + 1).is_ok());
}

fn limits_only(scope: LimitScope, limit: Limit) -> SendLimits {
    let mut l = SendLimits::none();
    match scope {
        LimitScope::Destination => l.per_destination = vec![limit],
        LimitScope::Ip => l.per_ip = vec![limit],
        LimitScope::Prefix => l.per_prefix = vec![limit],
        LimitScope::Country => l.per_country = vec![limit],
        _ => l.global = vec![limit],
    }
    l
}

pub fn send_limits_each_scope(store: DynStore) {
    use LimitScope::*;
    // Per scope: two deliveries (to, ip, country) sharing exactly the limited attribute (the
    // second is a voice call), then one that does not.
    #[rustfmt::skip]
    let cases = [
        (Destination, [("+15551000001", "", ""), ("+1 555 100 0001", "", ""), ("+15551000002", "", "")]),
        (Ip, [("+15552000001", "192.0.2.7", ""), ("+15552000002", "192.0.2.7", ""), ("+15552000003", "192.0.2.8", "")]),
        (Prefix, [("+15553000001", "", ""), ("+15553000002", "", ""), ("+15563000003", "", "")]),
        (Country, [("+33600000001", "", "FR"), ("+33600000002", "", "fr"), ("+49150000003", "", "DE")]),
        (Global, [("+15555000001", "", ""), ("+15555000002", "", ""), ("+15555000003", "", "")]),
    ];
    for (scope, deliveries) in cases {
        let [a, b, c] = deliveries.map(|(to, ip, cc)| {
            let mut d = Delivery::new(Channel::Sms, to);
            d.ip = Some(ip).filter(|s| !s.is_empty());
            d.country = Some(cc).filter(|s| !s.is_empty());
            d
        });
        let b = Delivery {
            channel: Channel::Voice,
            ..b
        };
        let s = oob(
            &store,
            OobPolicy::default(),
            limits_only(scope, Limit::new(1, 600)),
        );
        s.issue_at(&LOGIN, &a, T).unwrap();
        let refused = s.issue_at(&LOGIN, &b, T + 5).unwrap_err();
        let expected = IssueError::RateLimited {
            scope,
            retry_after: 595,
        };
        assert_eq!(refused, expected, "{scope:?}");
        if scope != Global {
            s.issue_at(&LOGIN, &c, T + 5).unwrap();
        }
        // The window ends: allowed again.
        s.issue_at(&LOGIN, &b, T + 600).unwrap();
    }
}

pub fn send_limits_all_or_nothing(store: DynStore) {
    let mut limits = SendLimits::none();
    limits.per_destination = vec![Limit::new(2, 3_600)];
    limits.per_ip = vec![Limit::new(1, 3_600)];
    let s = oob(&store, OobPolicy::default(), limits);
    let dst = "+15556000001";
    s.issue_at(&LOGIN, &sms(dst).from_ip("198.51.100.1"), T)
        .unwrap();
    // Refused by the IP limit: the destination counter must not move.
    for _ in 0..3 {
        assert!(matches!(
            s.issue_at(&LOGIN, &sms(dst).from_ip("198.51.100.1"), T + 1),
            Err(IssueError::RateLimited {
                scope: LimitScope::Ip,
                ..
            })
        ));
    }
    s.issue_at(&LOGIN, &sms(dst).from_ip("198.51.100.2"), T + 2)
        .unwrap();
    assert!(matches!(
        s.issue_at(&LOGIN, &sms(dst).from_ip("198.51.100.3"), T + 3),
        Err(IssueError::RateLimited {
            scope: LimitScope::Destination,
            ..
        })
    ));
    assert!(matches!(
        s.issue_at(&LOGIN, &sms("12"), T),
        Err(IssueError::InvalidRequest(_))
    ));
}

pub fn parallel_oob_one_success(store: DynStore) {
    let s = Arc::new(oob(&store, OobPolicy::default(), SendLimits::none()));
    let i = s.issue_at(&LOGIN, &sms("+15557000001"), T).unwrap();
    let (id, code) = (i.challenge_id.clone(), i.code.expose().to_owned());
    let results = parallel(16, move |_| s.verify_at(&id, &LOGIN, &code, T + 1));
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
}

pub fn parallel_sends_capped(store: DynStore) {
    let limits = limits_only(LimitScope::Destination, Limit::new(5, 3_600));
    let s = Arc::new(oob(&store, OobPolicy::default(), limits));
    let results = parallel(20, move |_| {
        s.issue_at(&LOGIN, &sms("+15558000001"), T).is_ok()
    });
    assert_eq!(results.iter().filter(|ok| **ok).count(), 5);
}
