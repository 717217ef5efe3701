//! The shared behaviour suite against the in-memory store, plus memory-only checks.

#[macro_use]
mod server_suite;
#[macro_use]
mod server_policy;
#[macro_use]
mod delivery_store_suite;

use otpkit::server::store::{
    AttemptOutcome, ChallengeOutcome, ChallengeRecord, Claim, CounterOutcome, CounterSpec,
    CredentialState, DeliveryStatus, DeliveryUpdate, MacCandidate, PutMode, PutOutcome, SendRecord,
};
use otpkit::server::{
    MemoryStore, SendLimits, Store, StoreError, ThrottlePolicy, VerifierConfig, VerifyError,
};
use server_suite::{DynStore, T};
use std::sync::Arc;

fn memory() -> Option<(DynStore, ())> {
    Some((Arc::new(MemoryStore::new()), ()))
}

behaviour_suite!(memory());
policy_suite!(memory());
delivery_store_suite!(memory());

/// A store whose every operation fails: every check must fail closed.
struct Broken;

impl Store for Broken {
    fn credential_state(&self, _: &str, _: u64) -> Result<CredentialState, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    fn attempt(
        &self,
        _: &str,
        _: u64,
        _: &ThrottlePolicy,
        _: &Claim,
    ) -> Result<AttemptOutcome, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    fn unlock(&self, _: &str, _: u64) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    fn hit_counters(&self, _: u64, _: &[CounterSpec]) -> Result<CounterOutcome, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    fn put_challenge(
        &self,
        _: &str,
        _: u64,
        _: &ChallengeRecord,
        _: PutMode,
        _: &[CounterSpec],
    ) -> Result<PutOutcome, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    fn consume_challenge_attempt(
        &self,
        _: &str,
        _: u64,
        _: &[MacCandidate],
    ) -> Result<ChallengeOutcome, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    fn record_send(&self, _: &str, _: u64, _: &SendRecord, _: u64) -> Result<bool, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    fn record_delivery(
        &self,
        _: &str,
        _: &str,
        _: u64,
        _: DeliveryStatus,
        _: Option<&str>,
    ) -> Result<Option<DeliveryUpdate>, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    fn delivery_log(&self, _: &str, _: u64) -> Result<Vec<SendRecord>, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
}

#[test]
fn store_errors_fail_closed() {
    let store: DynStore = Arc::new(Broken);
    let g = server_suite::totp();
    let v = server_suite::verifier(&store, VerifierConfig::default());
    let code = g.code_at(T).to_string();
    assert!(matches!(
        v.verify_totp_at("x", &g, &code, T),
        Err(VerifyError::Store(StoreError::Unavailable(_)))
    ));
    let h =
        otpkit::CodeGenerator::new(&server_suite::secret(), otpkit::OtpParams::hotp(0)).unwrap();
    assert!(matches!(
        v.verify_hotp_at("x", &h, &h.code_at_counter(0).to_string(), T),
        Err(VerifyError::Store(_))
    ));
    let s = server_suite::oob(&store, Default::default(), SendLimits::none());
    assert!(matches!(
        s.issue_at(
            &otpkit::server::Binding::new("login", "a"),
            &server_suite::sms("+15550000000"),
            T
        ),
        Err(otpkit::server::IssueError::Store(_))
    ));
    // The store error is not collapsed into "invalid": callers must see the outage.
    assert!(matches!(
        s.verify_at(
            "0123456789abcdef0123456789abcdef",
            &otpkit::server::Binding::new("login", "a"),
            "123456",
            T
        ),
        Err(VerifyError::Store(_))
    ));
}

#[test]
fn memory_entries_expire_by_injected_clock() {
    let store = MemoryStore::new();
    let policy = ThrottlePolicy {
        state_ttl: Some(100),
        ..ThrottlePolicy::default()
    };
    let claim = Claim::default();
    assert!(matches!(
        store.attempt("k", T, &policy, &claim).unwrap(),
        AttemptOutcome::Invalid { remaining: 99 }
    ));
    assert_eq!(store.credential_state("k", T + 99).unwrap().failures, 1);
    assert_eq!(
        store.credential_state("k", T + 100).unwrap(),
        CredentialState::default()
    );
    assert!(matches!(
        store.attempt("k", T + 100, &policy, &claim).unwrap(),
        AttemptOutcome::Invalid { remaining: 99 }
    ));
    // Steps above 2^53 cannot be represented by the Redis backend: refused by both.
    let huge = Claim {
        center: 1 << 60,
        ..Claim::default()
    };
    assert!(matches!(
        store.attempt("k", T, &policy, &huge),
        Err(StoreError::OutOfRange(_))
    ));
    let dbg = format!("{store:?}");
    assert!(dbg.contains("MemoryStore"), "{dbg}");
}

#[test]
fn memory_delivery_log_expires_by_injected_clock() {
    use otpkit::server::{Channel, DeliveryStatus};
    let store = MemoryStore::new();
    let id = otpkit::server::keys::new_challenge_id();
    let send = delivery_store_suite::send(0, 0, Channel::Sms, Some("SM-ttl"));
    assert_eq!(store.record_send(&id, T, &send, T + 100), Ok(true));
    assert_eq!(store.delivery_log(&id, T + 99).unwrap().len(), 1);
    assert!(store.delivery_log(&id, T + 100).unwrap().is_empty());
    let late = store.record_delivery("twilio", "SM-ttl", T + 100, DeliveryStatus::Delivered, None);
    assert_eq!(late, Ok(None));
    // An expired log starts afresh; the message id is free again.
    assert_eq!(store.record_send(&id, T + 100, &send, T + 200), Ok(true));
    assert_eq!(store.delivery_log(&id, T + 101).unwrap().len(), 1);
}
