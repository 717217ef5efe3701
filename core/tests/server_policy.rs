//! Policy scenarios of the server helpers (send budgets of dead resends, throttle-state
//! lifetime, credential ids, `_at` twins), run against every backend by `server_memory.rs`,
//! `server_redis.rs` and `server_cluster.rs` through [`policy_suite!`]. Built on its own it is
//! an empty test target.
#![allow(dead_code, unused_macros)]

use otpkit::server::{
    Binding, Channel, Delivery, IssueError, Limit, LimitScope, OobCodes, OobPolicy, Pepper,
    PepperRing, SendLimits, Store, ThrottlePolicy, Verifier, VerifierConfig, VerifyError,
};
use otpkit::{CodeGenerator, FixedTimeSource, OtpParams, Secret};
use std::sync::Arc;

pub type DynStore = Arc<dyn Store>;

/// A time in the middle of a TOTP step.
pub const T: u64 = 1_700_000_010;

/// Generates one `#[test]` per scenario; `$make` is an expression of type
/// `Option<(DynStore, G)>` (a fresh, empty store and a guard, or `None` to skip).
macro_rules! policy_suite {
    ($make:expr) => {
        policy_suite!(@each $make;
            dead_resends_cost_no_budget, parallel_dead_resends_cost_no_budget,
            state_ttl_must_outlive_backoff, empty_credential_id_refused, state_and_unlock_at);
    };
    (@each $make:expr; $($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            let Some((store, _guard)) = $make else { return };
            server_policy::$name(store);
        }
    )*};
}

fn clock(t: u64) -> Arc<FixedTimeSource> {
    Arc::new(FixedTimeSource::new(t))
}

fn totp() -> CodeGenerator {
    let secret = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
    CodeGenerator::new(&secret, OtpParams::totp()).unwrap()
}

const LOGIN: Binding<'static> = Binding {
    purpose: "login",
    subject: "alice",
    transaction: &[],
};

/// Every budget a resend touches is 5 per hour; the global budget leaves room for the three
/// set-up sends plus the victim's five.
fn tight_limits() -> SendLimits {
    SendLimits {
        per_destination: vec![Limit::new(5, 3_600)],
        per_ip: vec![Limit::new(5, 3_600)],
        per_prefix: vec![Limit::new(5, 3_600)],
        prefix_digits: 6,
        per_country: vec![Limit::new(5, 3_600)],
        global: vec![Limit::new(8, 3_600)],
    }
}

fn oob_with(store: &DynStore, policy: OobPolicy) -> OobCodes<DynStore, Arc<FixedTimeSource>> {
    let ring = PepperRing::new(Pepper::new("k1", vec![1u8; 32]).unwrap());
    OobCodes::new(store.clone(), clock(T), ring, policy, tight_limits()).unwrap()
}

/// Unknown, used, burned and expired challenges: three resends of each, from the attacker's IP
/// to the victim's number, must not touch the victim's destination, IP, prefix, country or
/// global budgets (issue 9, item 13: before the fix three of them left 2 of 5 sends).
/// Returns the ids of the dead challenges.
fn dead_challenges(s: &OobCodes<DynStore, Arc<FixedTimeSource>>) -> Vec<String> {
    // Set-up sends go to another number, prefix, IP and country (3 of the 8 global sends).
    let setup = Delivery::new(Channel::Sms, "+44 20 7946 0001")
        .from_ip("198.51.100.1")
        .in_country("GB");
    let used = s.issue_at(&LOGIN, &setup, T).unwrap();
    s.verify_at(&used.challenge_id, &LOGIN, used.code.expose(), T + 1)
        .unwrap();
    let burned = s.issue_at(&LOGIN, &setup, T).unwrap();
    let wrong = if burned.code.expose() == "000000" {
        "111111"
    } else {
        "000000"
    };
    assert_eq!(
        s.verify_detailed_at(&burned.challenge_id, &LOGIN, wrong, T + 1),
        Err(VerifyError::Invalid { remaining: Some(0) })
    );
    let expired = s.issue_at(&LOGIN, &setup, T).unwrap();
    vec![
        "0123456789abcdef0123456789abcdef".to_owned(),
        used.challenge_id,
        burned.challenge_id,
        expired.challenge_id,
    ]
}

fn victim() -> Delivery<'static> {
    Delivery::new(Channel::Sms, "+1 555 010 0099")
        .from_ip("203.0.113.9")
        .in_country("US")
}

/// After the dead resends the victim still gets all 5 sends, then the destination limit.
fn victim_has_full_budget(s: &OobCodes<DynStore, Arc<FixedTimeSource>>, now: u64) {
    for n in 0..5 {
        assert!(
            s.issue_at(&LOGIN, &victim(), now).is_ok(),
            "send {n} of 5 to the victim was refused"
        );
    }
    assert!(matches!(
        s.issue_at(&LOGIN, &victim(), now),
        Err(IssueError::RateLimited {
            scope: LimitScope::Destination,
            ..
        })
    ));
}

/// Policy with one attempt per code and a 60 s lifetime (so burned/expired are cheap to make).
fn short_policy() -> OobPolicy {
    OobPolicy {
        ttl: 60,
        max_attempts: 1,
        ..OobPolicy::default()
    }
}

pub fn dead_resends_cost_no_budget(store: DynStore) {
    let s = oob_with(&store, short_policy());
    let dead = dead_challenges(&s);
    let now = T + 100; // the third challenge has expired
    for id in &dead {
        for _ in 0..3 {
            assert_eq!(
                s.resend_at(id, &LOGIN, &victim(), now).unwrap_err(),
                IssueError::UnknownChallenge,
                "resend of dead challenge {id}"
            );
        }
    }
    victim_has_full_budget(&s, now);
}

pub fn parallel_dead_resends_cost_no_budget(store: DynStore) {
    let s = Arc::new(oob_with(&store, short_policy()));
    let dead = Arc::new(dead_challenges(&s));
    let now = T + 100;
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let (s, dead) = (s.clone(), dead.clone());
            std::thread::spawn(move || {
                for round in 0..4 {
                    let id = &dead[(i + round) % dead.len()];
                    assert_eq!(
                        s.resend_at(id, &LOGIN, &victim(), now).unwrap_err(),
                        IssueError::UnknownChallenge
                    );
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    victim_has_full_budget(&s, now);
}

/// A state that can expire while the credential is locked resets the failure count: with a 1 s
/// state TTL and a 2 s backoff an attacker gets 4 guesses every 2 s forever (issue 9, item 14).
/// Such configurations are refused; the state must outlive the longest lock set before the cap.
pub fn state_ttl_must_outlive_backoff(store: DynStore) {
    let make = |throttle: ThrottlePolicy| {
        let config = VerifierConfig {
            throttle,
            ..VerifierConfig::default()
        };
        Verifier::with_config(store.clone(), clock(T), config)
    };
    let short = ThrottlePolicy {
        state_ttl: Some(1),
        ..ThrottlePolicy::default()
    };
    let Err(err) = make(short) else {
        panic!("a 1 s state_ttl with a 2 s backoff was accepted")
    };
    assert!(err.to_string().contains("state_ttl"), "{err}");
    // The longest lock of the default policy is max_backoff (900 s): 900 is not enough.
    let at_lock = ThrottlePolicy {
        state_ttl: Some(900),
        ..ThrottlePolicy::default()
    };
    assert!(make(at_lock).is_err());
    assert!(make(ThrottlePolicy {
        state_ttl: Some(901),
        ..ThrottlePolicy::default()
    })
    .is_ok());
    // With a cap of 6 (3 free, then 2, 4 s locks) the longest lock before the cap is 4 s
    // (after the 5th failure); the 6th failure exhausts, whatever its backoff would be.
    let small = ThrottlePolicy {
        free_failures: 3,
        base_backoff: 2,
        max_backoff: 64,
        max_failures: 6,
        rate: None,
        state_ttl: Some(4),
    };
    assert_eq!(small.longest_lock(), 4);
    assert!(make(small).is_err());
    let ok = ThrottlePolicy {
        state_ttl: Some(5),
        ..small
    };
    let v = make(ok).unwrap();
    // Guessing as fast as the locks allow, the attacker reaches the cap: the state never expires.
    let g = totp();
    let mut now = T;
    let mut failures = 0;
    loop {
        match v.verify_totp_at("ttl", &g, "000000", now) {
            Err(VerifyError::Invalid { .. }) => failures += 1,
            Err(VerifyError::Locked { until }) => now = until,
            Err(VerifyError::Exhausted) => break,
            other => panic!("{other:?}"),
        }
        assert!(failures <= 6, "more than 6 failures counted");
    }
    assert_eq!(failures, 6);
    // No TTL (HOTP) is always allowed.
    assert!(make(ThrottlePolicy {
        state_ttl: None,
        ..small
    })
    .is_ok());
}

/// An empty credential id would put every caller's state under one key: refused, typed.
pub fn empty_credential_id_refused(store: DynStore) {
    let v = Verifier::new(store.clone(), clock(T));
    let g = totp();
    let code = g.code_at(T).to_string();
    let refused = |r: Result<(), VerifyError>| {
        assert!(
            matches!(r, Err(VerifyError::InvalidRequest(m)) if m.contains("credential")),
            "{r:?}"
        )
    };
    refused(v.verify_totp_at("", &g, &code, T).map(drop));
    let h = CodeGenerator::new(
        &Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap(),
        OtpParams::hotp(0),
    )
    .unwrap();
    let hc = h.code_at_counter(0).to_string();
    refused(v.verify_hotp_at("", &h, &hc, T).map(drop));
    refused(
        v.resync_hotp_at("", &h, &hc, &h.code_at_counter(1).to_string(), T)
            .map(drop),
    );
    refused(v.state_at("", T).map(drop));
    refused(v.unlock_at("", T));
    let batch = v.verify_totp_many_at(
        &[
            otpkit::server::TotpRequest {
                credential_id: "",
                generator: &g,
                input: &code,
            },
            otpkit::server::TotpRequest {
                credential_id: "ok",
                generator: &g,
                input: &code,
            },
        ],
        T,
    );
    refused(batch[0].clone().map(drop));
    assert!(batch[1].is_ok(), "{batch:?}");
    // The code was not used by the refused check.
    assert!(v.verify_totp_at("other", &g, &code, T).is_ok());
}

/// `state_at` and `unlock_at` use the time given, not the verifier's clock.
pub fn state_and_unlock_at(store: DynStore) {
    let config = VerifierConfig {
        throttle: ThrottlePolicy {
            free_failures: 0,
            ..ThrottlePolicy::default()
        },
        ..VerifierConfig::default()
    };
    // The verifier's clock is far in the past; only the injected times matter.
    let v = Verifier::with_config(store.clone(), clock(1), config).unwrap();
    let g = totp();
    assert!(matches!(
        v.verify_totp_at("s", &g, "000000", T),
        Err(VerifyError::Invalid { .. })
    ));
    let st = v.state_at("s", T).unwrap();
    assert_eq!((st.failures, st.locked_until), (1, T + 2));
    assert!(matches!(
        v.verify_totp_at("s", &g, "000000", T + 1),
        Err(VerifyError::Locked { until }) if until == T + 2
    ));
    v.unlock_at("s", T + 1).unwrap();
    assert_eq!(v.state_at("s", T + 1).unwrap().failures, 0);
    assert!(v
        .verify_totp_at("s", &g, &g.code_at(T + 1).to_string(), T + 1)
        .is_ok());
}
