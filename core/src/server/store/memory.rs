//! In-process store: one `Mutex<HashMap>`s per kind of data, expiry by the injected clock.
//! Single process only; use the Redis backend to share state between processes.

use super::delivery::{check_report, check_send};
use super::logic::{self, Counter, RecordAction};
use super::{
    check_claim, AttemptOutcome, ChallengeOutcome, ChallengeRecord, Claim, CounterOutcome,
    CounterSpec, CredentialState, DeliveryStatus, DeliveryUpdate, MacCandidate, PutMode,
    PutOutcome, SendRecord, Store,
};
use crate::server::error::StoreError;
use crate::server::keys;
use crate::server::policy::ThrottlePolicy;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

/// Expired entries are swept after this many operations.
const SWEEP_EVERY: u32 = 4096;

#[derive(Default)]
struct Inner {
    /// Credential state and the Unix time it may be dropped (`None`: never).
    creds: HashMap<String, (CredentialState, Option<u64>)>,
    /// Counter `(start, n)` and its expiry.
    counters: HashMap<String, (Counter, u64)>,
    challenges: HashMap<String, ChallengeRecord>,
    /// Delivery logs by challenge id: sends by sequence number, and the drop time.
    logs: HashMap<String, (BTreeMap<u32, SendRecord>, u64)>,
    /// `keys::message(provider, id)` → challenge id, sequence number, drop time.
    messages: HashMap<String, (String, u32, u64)>,
    ops: u32,
}

impl Inner {
    /// All-or-nothing fixed-window counters (the caller holds the lock).
    fn hit_counters(&mut self, now: u64, counters: &[CounterSpec]) -> CounterOutcome {
        let limits: Vec<_> = counters.iter().map(|c| c.limit).collect();
        let mut values: Vec<Option<Counter>> = counters
            .iter()
            .map(|c| match self.counters.get(&c.key) {
                Some((v, exp)) if *exp > now => Some(*v),
                _ => None,
            })
            .collect();
        let outcome = logic::hit_counters(now, &limits, &mut values);
        if outcome == CounterOutcome::Allowed {
            for ((spec, limit), value) in counters.iter().zip(&limits).zip(values) {
                if let Some(v) = value {
                    let exp = v.0.saturating_add(limit.window);
                    self.counters.insert(spec.key.clone(), (v, exp));
                }
            }
        }
        outcome
    }

    fn tick(&mut self, now: u64) {
        self.ops = self.ops.wrapping_add(1);
        if self.ops.is_multiple_of(SWEEP_EVERY) {
            self.creds.retain(|_, (_, exp)| alive(*exp, now));
            self.counters.retain(|_, (_, exp)| *exp > now);
            self.challenges
                .retain(|_, r| r.expires_at.saturating_add(logic::CHALLENGE_GRACE) > now);
            self.logs.retain(|_, (_, exp)| *exp > now);
            self.messages.retain(|_, (_, _, exp)| *exp > now);
        }
    }
}

/// The default store: a `Mutex` around hash maps. Every operation holds the lock for its whole
/// duration, so each is atomic. Entries expire according to the `now` passed in.
#[derive(Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (c, n, ch) = self
            .inner
            .lock()
            .map(|g| (g.creds.len(), g.counters.len(), g.challenges.len()))
            .unwrap_or_default();
        f.debug_struct("MemoryStore")
            .field("credentials", &c)
            .field("counters", &n)
            .field("challenges", &ch)
            .finish()
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> Result<MutexGuard<'_, Inner>, StoreError> {
        // A poisoned lock means a panic mid-update: fail closed rather than trust the data.
        self.inner
            .lock()
            .map_err(|_| StoreError::Unavailable("memory store lock poisoned".into()))
    }
}

/// `exp` is a drop time (`None`: kept forever).
fn alive(exp: Option<u64>, now: u64) -> bool {
    exp.is_none_or(|e| e > now)
}

fn live_cred(inner: &Inner, cred: &str, now: u64) -> CredentialState {
    match inner.creds.get(cred) {
        Some((state, exp)) if alive(*exp, now) => *state,
        _ => CredentialState::default(),
    }
}

impl Store for MemoryStore {
    fn credential_state(&self, cred: &str, now: u64) -> Result<CredentialState, StoreError> {
        let inner = self.lock()?;
        Ok(live_cred(&inner, cred, now))
    }

    fn attempt(
        &self,
        cred: &str,
        now: u64,
        policy: &ThrottlePolicy,
        claim: &Claim,
    ) -> Result<AttemptOutcome, StoreError> {
        check_claim(now, claim)?;
        let mut inner = self.lock()?;
        inner.tick(now);
        let mut state = live_cred(&inner, cred, now);
        let (outcome, changed) = logic::attempt(&mut state, now, policy, claim);
        if changed {
            let exp = policy.state_ttl.map(|t| now.saturating_add(t));
            inner.creds.insert(cred.to_owned(), (state, exp));
        }
        Ok(outcome)
    }

    fn unlock(&self, cred: &str, now: u64) -> Result<(), StoreError> {
        let mut inner = self.lock()?;
        if let Some((state, exp)) = inner.creds.get_mut(cred) {
            if alive(*exp, now) {
                state.failures = 0;
                state.locked_until = 0;
                state.window_start = 0;
                state.window_count = 0;
            }
        }
        Ok(())
    }

    fn hit_counters(
        &self,
        now: u64,
        counters: &[CounterSpec],
    ) -> Result<CounterOutcome, StoreError> {
        if now > super::MAX_STORE_INT {
            return Err(StoreError::OutOfRange("time above 2^53"));
        }
        let mut inner = self.lock()?;
        inner.tick(now);
        Ok(inner.hit_counters(now, counters))
    }

    fn put_challenge(
        &self,
        id: &str,
        now: u64,
        record: &ChallengeRecord,
        mode: PutMode,
        counters: &[CounterSpec],
    ) -> Result<PutOutcome, StoreError> {
        if now > super::MAX_STORE_INT || record.expires_at > super::MAX_STORE_INT {
            return Err(StoreError::OutOfRange("time above 2^53"));
        }
        let mut inner = self.lock()?;
        inner.tick(now);
        // Liveness first: a send that cannot happen must not cost any budget.
        if !logic::may_put(inner.challenges.get(id), now, mode == PutMode::Replace) {
            return Ok(PutOutcome::Refused);
        }
        if let CounterOutcome::Denied { index, retry_after } = inner.hit_counters(now, counters) {
            return Ok(PutOutcome::Denied { index, retry_after });
        }
        inner.challenges.insert(id.to_owned(), record.clone());
        Ok(PutOutcome::Stored)
    }

    fn consume_challenge_attempt(
        &self,
        id: &str,
        now: u64,
        candidates: &[MacCandidate],
    ) -> Result<ChallengeOutcome, StoreError> {
        let mut inner = self.lock()?;
        inner.tick(now);
        let (outcome, action) = logic::consume(inner.challenges.get_mut(id), now, candidates);
        if action == RecordAction::Delete {
            inner.challenges.remove(id);
        }
        Ok(outcome)
    }

    fn record_send(
        &self,
        id: &str,
        now: u64,
        send: &SendRecord,
        keep_until: u64,
    ) -> Result<bool, StoreError> {
        check_send(id, now, send, keep_until)?;
        let mut inner = self.lock()?;
        inner.tick(now);
        let exists = inner
            .logs
            .get(id)
            .is_some_and(|(log, exp)| *exp > now && log.contains_key(&send.seq));
        if exists {
            return Ok(false);
        }
        let index = send
            .message_id
            .as_deref()
            .map(|m| keys::message(&send.provider, m));
        if let Some(key) = &index {
            if let Some((ch, seq, exp)) = inner.messages.get(key) {
                if *exp > now && (ch != id || *seq != send.seq) {
                    return Err(StoreError::Conflict("message id already recorded"));
                }
            }
            inner
                .messages
                .insert(key.clone(), (id.to_owned(), send.seq, keep_until));
        }
        let (log, exp) = inner
            .logs
            .entry(id.to_owned())
            .or_insert_with(|| (BTreeMap::new(), 0));
        if *exp <= now {
            log.clear();
        }
        *exp = (*exp).max(keep_until);
        log.insert(send.seq, send.clone());
        Ok(true)
    }

    fn record_delivery(
        &self,
        provider: &str,
        message_id: &str,
        now: u64,
        status: DeliveryStatus,
        error_code: Option<&str>,
    ) -> Result<Option<DeliveryUpdate>, StoreError> {
        check_report(provider, message_id, now, error_code)?;
        let mut inner = self.lock()?;
        inner.tick(now);
        let key = keys::message(provider, message_id);
        let Some((ch, seq, _)) = inner.messages.get(&key).filter(|e| e.2 > now).cloned() else {
            return Ok(None);
        };
        let Some(send) = inner
            .logs
            .get_mut(&ch)
            .filter(|(_, exp)| *exp > now)
            .and_then(|(log, _)| log.get_mut(&seq))
            .filter(|s| s.provider == provider && s.message_id.as_deref() == Some(message_id))
        else {
            return Ok(None);
        };
        let changed = logic::raises(send.status, status);
        if changed {
            send.status = status;
            send.updated_at = now;
            if let Some(code) = error_code {
                send.error_code = Some(code.to_owned());
            }
        }
        Ok(Some(DeliveryUpdate {
            challenge_id: ch,
            seq,
            step: send.step,
            channel: send.channel,
            status: send.status,
            changed,
        }))
    }

    fn delivery_log(&self, id: &str, now: u64) -> Result<Vec<SendRecord>, StoreError> {
        let inner = self.lock()?;
        Ok(match inner.logs.get(id) {
            Some((log, exp)) if *exp > now => log.values().cloned().collect(),
            _ => Vec::new(),
        })
    }
}
