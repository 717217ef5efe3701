//! Redis backend: one Lua script per operation (one `EVALSHA` round trip per check), keys of
//! one operation share a hash tag (Redis Cluster), TTLs kept by Redis, decisions made with the
//! caller's `now` (never Redis `TIME`), and every error fails closed.
//!
//! Key layout (`prefix` defaults to `otpkit`):
//!
//! | data | key | type |
//! | --- | --- | --- |
//! | credential state | `otpkit:{c:<hash>}` | hash `f l h d ws wc` |
//! | send counter | `otpkit:{ctr}:<scope>:<window>:<hash>` | hash `s n` |
//! | challenge | `otpkit:{ctr}:ch:<challenge id>` | hash `m k e a` |
//! | delivery log | `otpkit:{ctr}:dl:<challenge id>` | hash `<seq>:s c p m t st r u e d` |
//! | message index | `otpkit:{ctr}:dm:<hash>` | string `<challenge id>:<seq>` |
//!
//! All counters and challenges share the `{ctr}` tag because one send checks the challenge and
//! several counters (and a global budget) atomically; that puts them in one cluster slot.

use super::logic::CHALLENGE_GRACE;
use super::{
    check_claim, AttemptOutcome, ChallengeOutcome, ChallengeRecord, Claim, CounterOutcome,
    CounterSpec, CredentialState, DeliveryStatus, DeliveryUpdate, MacCandidate, PutMode,
    PutOutcome, SendRecord, Store, MAX_STORE_INT,
};
use crate::server::error::{ConfigError, Diagnostic, StoreError};
use crate::server::policy::ThrottlePolicy;
use pool::{Conn, Pool};
use redis::{RedisError, Script, Value};
use std::sync::Arc;
use std::time::Duration;

mod combine;
mod delivery;
mod diag;
mod pool;

/// Receives configuration findings (instead of printing them).
pub type DiagnosticSink = Arc<dyn Fn(&Diagnostic) + Send + Sync>;

/// Connection settings of a [`RedisStore`].
#[derive(Clone)]
pub struct RedisOptions {
    /// Key prefix (no `{`, `}` or whitespace). Default `otpkit`.
    pub prefix: String,
    /// The longest a store operation waits for Redis, connecting included (1 ms..=60 s).
    /// Default 2 s.
    pub timeout: Duration,
    /// Idle connections kept for reuse (0..=1 024). Default 32.
    pub max_idle: usize,
    /// Called with each finding of [`Store::diagnostics`] when connecting.
    pub on_diagnostic: Option<DiagnosticSink>,
}

impl Default for RedisOptions {
    fn default() -> Self {
        Self {
            prefix: "otpkit".into(),
            timeout: Duration::from_secs(2),
            max_idle: 32,
            on_diagnostic: None,
        }
    }
}

/// Largest [`RedisOptions::max_idle`].
pub const MAX_IDLE_LIMIT: usize = 1_024;

impl RedisOptions {
    /// Checks the prefix, the timeout (1 ms..=60 s) and `max_idle` (at most 1 024).
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.prefix.is_empty()
            || self
                .prefix
                .chars()
                .any(|c| c == '{' || c == '}' || c.is_whitespace())
        {
            return Err(ConfigError(
                "prefix must be non-empty without braces or spaces",
            ));
        }
        if self.timeout < Duration::from_millis(1) || self.timeout > Duration::from_secs(60) {
            return Err(ConfigError("timeout must be between 1 ms and 60 s"));
        }
        if self.max_idle > MAX_IDLE_LIMIT {
            return Err(ConfigError("max_idle must be at most 1024"));
        }
        Ok(())
    }
}

impl std::fmt::Debug for RedisOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisOptions")
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("max_idle", &self.max_idle)
            .field("on_diagnostic", &self.on_diagnostic.is_some())
            .finish()
    }
}

struct Scripts {
    attempt: Script,
    unlock: Script,
    counters: Script,
    put_challenge: Script,
    consume: Script,
    record_send: Script,
    record_delivery: Script,
}

struct Inner {
    pool: Pool,
    /// Concurrent checks combined into pipelines (single server; see [`combine`]).
    combiner: combine::Combiner,
    scripts: Scripts,
    opts: RedisOptions,
}

/// A [`Store`] in Redis (or a compatible server), shared by every process that uses the same
/// server and prefix. Cheap to clone (connections are pooled and shared).
#[derive(Clone)]
pub struct RedisStore {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may hold a password: only the prefix is shown.
        f.debug_struct("RedisStore")
            .field("prefix", &self.inner.opts.prefix)
            .finish()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn protocol(what: &str) -> StoreError {
    StoreError::Protocol(format!("unexpected reply to {what}"))
}

/// Splits a script reply `{tag, ints...}`.
fn tagged(v: Value, what: &str) -> Result<(u8, Vec<i64>), StoreError> {
    let Value::Array(items) = v else {
        return Err(protocol(what));
    };
    let mut it = items.into_iter();
    let tag = match it.next() {
        Some(Value::BulkString(b)) if b.len() == 1 => b[0],
        Some(Value::SimpleString(s)) if s.len() == 1 => s.as_bytes()[0],
        _ => return Err(protocol(what)),
    };
    let ints = it
        .map(|x| match x {
            Value::Int(i) => Ok(i),
            _ => Err(protocol(what)),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((tag, ints))
}

/// Runs an `EVALSHA` command; on `NOSCRIPT` (script cache flushed, fail-over) loads the script
/// and runs it again. The first attempt did not execute, so the retry cannot double-count.
fn eval(con: &mut Conn, script: &Script, cmd: &redis::Cmd) -> Result<Value, RedisError> {
    match cmd.query(con) {
        Err(e) if e.kind() == redis::ErrorKind::NoScriptError => {
            script.prepare_invoke().load(con)?;
            cmd.query(con)
        }
        other => other,
    }
}

/// Sends `cmds` (all `EVALSHA` of `script`) in one pipeline; replies in order. Items refused
/// with `NOSCRIPT` did not run and are sent again after loading the script.
fn eval_pipelined(
    con: &mut Conn,
    script: &Script,
    cmds: &[redis::Cmd],
) -> Result<Vec<Result<Value, StoreError>>, RedisError> {
    use redis::ConnectionLike;
    let mut pipe = redis::pipe();
    for c in cmds {
        pipe.add_command(c.clone());
    }
    let replies = con.req_packed_commands(&pipe.get_packed_pipeline(), 0, cmds.len())?;
    let mut out = Vec::with_capacity(cmds.len());
    for (reply, cmd) in replies.into_iter().zip(cmds) {
        out.push(match reply {
            Value::ServerError(e) if e.code() == "NOSCRIPT" => eval(con, script, cmd)?,
            other => other,
        });
    }
    Ok(out
        .into_iter()
        .map(|v| match v {
            Value::ServerError(e) => {
                Err(StoreError::Protocol(format!("server error {}", e.code())))
            }
            v => Ok(v),
        })
        .collect())
}

fn parse_attempt(v: Value) -> Result<AttemptOutcome, StoreError> {
    let what = "attempt";
    let (tag, ints) = tagged(v, what)?;
    Ok(match tag {
        b'A' => AttemptOutcome::Accepted {
            step: nonneg(int_at(&ints, 0, what)?, what)?,
            drift: int_at(&ints, 1, what)?,
        },
        b'I' => AttemptOutcome::Invalid {
            remaining: u32_at(&ints, 0, what)?,
        },
        b'P' => AttemptOutcome::Replayed {
            remaining: u32_at(&ints, 0, what)?,
        },
        b'L' => AttemptOutcome::Locked {
            until: nonneg(int_at(&ints, 0, what)?, what)?,
        },
        b'R' => AttemptOutcome::RateLimited {
            retry_after: nonneg(int_at(&ints, 0, what)?, what)?,
        },
        b'X' => AttemptOutcome::Exhausted,
        _ => return Err(protocol(what)),
    })
}

fn nonneg(x: i64, what: &str) -> Result<u64, StoreError> {
    u64::try_from(x).map_err(|_| protocol(what))
}

fn int_at(ints: &[i64], i: usize, what: &str) -> Result<i64, StoreError> {
    ints.get(i).copied().ok_or_else(|| protocol(what))
}

fn u32_at(ints: &[i64], i: usize, what: &str) -> Result<u32, StoreError> {
    u32::try_from(int_at(ints, i, what)?).map_err(|_| protocol(what))
}

impl RedisStore {
    /// Connects to `url` (`redis://[:password@]host:port/[db]`), loads the scripts, and reports
    /// configuration findings to `opts.on_diagnostic`.
    /// Out-of-range options ([`RedisOptions::validate`]) are refused before connecting, as
    /// `StoreError::Protocol` with the configuration message.
    pub fn connect(url: &str, opts: RedisOptions) -> Result<Self, StoreError> {
        opts.validate()
            .map_err(|e| StoreError::Protocol(e.to_string()))?;
        Self::with_pool(Pool::single(url, opts.timeout, opts.max_idle)?, opts)
    }

    /// Connects to a Redis Cluster through some of its nodes (`urls`, each
    /// `redis://[:password@]host:port/`; the others are discovered with `CLUSTER SLOTS`). Each
    /// script touches keys of one hash tag, so it runs on one slot. Nothing is retried: a call
    /// during a fail-over fails (closed) until the replica is promoted, then the next call
    /// reconnects with the new slot map. `opts.timeout` applies to each node's connect and to
    /// each command; batches ([`Store::attempt_many`]) are one round trip per check.
    pub fn connect_cluster(urls: &[&str], opts: RedisOptions) -> Result<Self, StoreError> {
        opts.validate()
            .map_err(|e| StoreError::Protocol(e.to_string()))?;
        Self::with_pool(Pool::cluster(urls, opts.timeout, opts.max_idle)?, opts)
    }

    fn with_pool(pool: Pool, opts: RedisOptions) -> Result<Self, StoreError> {
        let store = Self {
            inner: Arc::new(Inner {
                pool,
                combiner: combine::Combiner::default(),
                scripts: Scripts {
                    attempt: Script::new(include_str!("../lua/attempt.lua")),
                    unlock: Script::new(include_str!("../lua/unlock.lua")),
                    counters: Script::new(include_str!("../lua/counters.lua")),
                    put_challenge: Script::new(include_str!("../lua/put_challenge.lua")),
                    consume: Script::new(include_str!("../lua/consume.lua")),
                    record_send: Script::new(include_str!("../lua/record_send.lua")),
                    record_delivery: Script::new(include_str!("../lua/record_delivery.lua")),
                },
                opts,
            }),
        };
        store.inner.pool.with_conn(|con| {
            let s = &store.inner.scripts;
            for script in [
                &s.attempt,
                &s.unlock,
                &s.counters,
                &s.put_challenge,
                &s.consume,
                &s.record_send,
                &s.record_delivery,
            ] {
                script.prepare_invoke().load(con)?;
            }
            Ok(())
        })?;
        if let Some(sink) = &store.inner.opts.on_diagnostic {
            for d in store.diagnostics()? {
                sink(&d);
            }
        }
        Ok(store)
    }

    /// The key prefix.
    pub fn prefix(&self) -> &str {
        &self.inner.opts.prefix
    }

    /// `EVALSHA attempt 1 <key> <now> <policy...> <claim...>`.
    fn attempt_cmd(
        &self,
        cred: &str,
        now: u64,
        policy: &ThrottlePolicy,
        claim: &Claim,
    ) -> redis::Cmd {
        let (rate_max, rate_window) = policy.rate.map_or((0, 0), |r| (r.max, r.window));
        let mut cmd = redis::cmd("EVALSHA");
        cmd.arg(self.inner.scripts.attempt.get_hash())
            .arg(1)
            .arg(self.cred_key(cred))
            .arg(now)
            .arg(policy.free_failures)
            .arg(policy.base_backoff.min(MAX_STORE_INT))
            .arg(policy.max_backoff.min(MAX_STORE_INT))
            .arg(policy.max_failures)
            .arg(rate_max)
            .arg(rate_window.min(MAX_STORE_INT))
            .arg(policy.state_ttl.unwrap_or(0).min(MAX_STORE_INT))
            .arg(claim.center)
            .arg(claim.back)
            .arg(claim.forward)
            .arg(claim.drift.map_or(-1, |d| d as i64));
        for s in &claim.steps {
            cmd.arg(*s);
        }
        cmd
    }

    fn cred_key(&self, cred: &str) -> String {
        format!("{}:{{{cred}}}", self.inner.opts.prefix)
    }
    fn counter_key(&self, key: &str) -> String {
        format!("{}:{{ctr}}:{key}", self.inner.opts.prefix)
    }
    fn challenge_key(&self, id: &str) -> String {
        format!("{}:{{ctr}}:ch:{id}", self.inner.opts.prefix)
    }
}

impl Store for RedisStore {
    fn credential_state(&self, cred: &str, _now: u64) -> Result<CredentialState, StoreError> {
        let key = self.cred_key(cred);
        let v: Vec<Option<i64>> = self.inner.pool.with_conn(|con| {
            redis::cmd("HMGET")
                .arg(&key)
                .arg(&["f", "l", "h", "d", "ws", "wc"])
                .query(con)
        })?;
        let get = |i: usize| v.get(i).copied().flatten();
        let what = "HMGET credential";
        Ok(CredentialState {
            failures: u32::try_from(get(0).unwrap_or(0)).map_err(|_| protocol(what))?,
            locked_until: nonneg(get(1).unwrap_or(0), what)?,
            high_water: get(2).map(|h| nonneg(h, what)).transpose()?,
            drift: get(3).unwrap_or(0),
            window_start: nonneg(get(4).unwrap_or(0), what)?,
            window_count: u32::try_from(get(5).unwrap_or(0)).map_err(|_| protocol(what))?,
        })
    }

    fn attempt(
        &self,
        cred: &str,
        now: u64,
        policy: &ThrottlePolicy,
        claim: &Claim,
    ) -> Result<AttemptOutcome, StoreError> {
        check_claim(now, claim)?;
        let cmd = self.attempt_cmd(cred, now, policy, claim);
        let script = &self.inner.scripts.attempt;
        let pool = &self.inner.pool;
        if pool.is_cluster() {
            return parse_attempt(pool.with_conn(|con| eval(con, script, &cmd))?);
        }
        let reply = self.inner.combiner.run(cmd, pool.timeout(), |cmds| {
            pool.with_conn(|con| eval_pipelined(con, script, cmds))
        })?;
        parse_attempt(reply)
    }

    fn attempt_many(
        &self,
        now: u64,
        policy: &ThrottlePolicy,
        items: &[(&str, &Claim)],
    ) -> Vec<Result<AttemptOutcome, StoreError>> {
        if self.inner.pool.is_cluster() {
            // A pipeline goes to one node; the credentials of a batch live on many.
            return items
                .iter()
                .map(|(cred, claim)| self.attempt(cred, now, policy, claim))
                .collect();
        }
        let mut out: Vec<Result<AttemptOutcome, StoreError>> = Vec::with_capacity(items.len());
        let mut cmds = Vec::new();
        let mut slots = Vec::new();
        for (i, (cred, claim)) in items.iter().enumerate() {
            match check_claim(now, claim) {
                Ok(()) => {
                    cmds.push(self.attempt_cmd(cred, now, policy, claim));
                    slots.push(i);
                    out.push(Err(StoreError::Protocol("no reply".into())));
                }
                Err(e) => out.push(Err(e)),
            }
        }
        if cmds.is_empty() {
            return out;
        }
        let script = &self.inner.scripts.attempt;
        match self
            .inner
            .pool
            .with_conn(|con| eval_pipelined(con, script, &cmds))
        {
            Ok(replies) => {
                for (slot, reply) in slots.into_iter().zip(replies) {
                    out[slot] = reply.and_then(parse_attempt);
                }
            }
            Err(e) => {
                for slot in slots {
                    out[slot] = Err(e.clone());
                }
            }
        }
        out
    }

    fn unlock(&self, cred: &str, _now: u64) -> Result<(), StoreError> {
        let key = self.cred_key(cred);
        let mut inv = self.inner.scripts.unlock.prepare_invoke();
        inv.key(&key);
        let _: i64 = self.inner.pool.with_conn(|con| inv.invoke(con))?;
        Ok(())
    }

    fn hit_counters(
        &self,
        now: u64,
        counters: &[CounterSpec],
    ) -> Result<CounterOutcome, StoreError> {
        if now > MAX_STORE_INT {
            return Err(StoreError::OutOfRange("time above 2^53"));
        }
        if counters.is_empty() {
            return Ok(CounterOutcome::Allowed);
        }
        let mut inv = self.inner.scripts.counters.prepare_invoke();
        inv.arg(now);
        for c in counters {
            inv.key(self.counter_key(&c.key))
                .arg(c.limit.max)
                .arg(c.limit.window.min(MAX_STORE_INT));
        }
        let v: Vec<i64> = self.inner.pool.with_conn(|con| inv.invoke(con))?;
        let what = "hit_counters";
        match v.as_slice() {
            [1] => Ok(CounterOutcome::Allowed),
            [0, index, retry] => Ok(CounterOutcome::Denied {
                index: usize::try_from(*index).map_err(|_| protocol(what))?,
                retry_after: nonneg(*retry, what)?,
            }),
            _ => Err(protocol(what)),
        }
    }

    fn put_challenge(
        &self,
        id: &str,
        now: u64,
        record: &ChallengeRecord,
        mode: PutMode,
        counters: &[CounterSpec],
    ) -> Result<PutOutcome, StoreError> {
        if now > MAX_STORE_INT || record.expires_at > MAX_STORE_INT {
            return Err(StoreError::OutOfRange("time above 2^53"));
        }
        let key = self.challenge_key(id);
        let mut inv = self.inner.scripts.put_challenge.prepare_invoke();
        inv.key(&key)
            .arg(now)
            .arg(match mode {
                PutMode::Create => "create",
                PutMode::Replace => "replace",
            })
            .arg(hex(&record.mac))
            .arg(&record.key_id)
            .arg(record.expires_at)
            .arg(record.attempts)
            .arg(CHALLENGE_GRACE);
        for c in counters {
            inv.key(self.counter_key(&c.key))
                .arg(c.limit.max)
                .arg(c.limit.window.min(MAX_STORE_INT));
        }
        let v: Vec<i64> = self.inner.pool.with_conn(|con| inv.invoke(con))?;
        let what = "put_challenge";
        match v.as_slice() {
            [1] => Ok(PutOutcome::Stored),
            [2] => Ok(PutOutcome::Refused),
            [0, index, retry] => Ok(PutOutcome::Denied {
                index: usize::try_from(*index).map_err(|_| protocol(what))?,
                retry_after: nonneg(*retry, what)?,
            }),
            _ => Err(protocol(what)),
        }
    }

    fn consume_challenge_attempt(
        &self,
        id: &str,
        now: u64,
        candidates: &[MacCandidate],
    ) -> Result<ChallengeOutcome, StoreError> {
        if now > MAX_STORE_INT {
            return Err(StoreError::OutOfRange("time above 2^53"));
        }
        let key = self.challenge_key(id);
        let mut inv = self.inner.scripts.consume.prepare_invoke();
        inv.key(&key).arg(now).arg(CHALLENGE_GRACE);
        for c in candidates {
            inv.arg(&c.key_id).arg(hex(&c.mac));
        }
        let v: Value = self.inner.pool.with_conn(|con| inv.invoke(con))?;
        let what = "consume_challenge_attempt";
        let (tag, ints) = tagged(v, what)?;
        Ok(match tag {
            b'A' => ChallengeOutcome::Accepted,
            b'W' => ChallengeOutcome::Wrong {
                remaining: u32_at(&ints, 0, what)?,
            },
            b'X' => ChallengeOutcome::Exhausted,
            b'E' => ChallengeOutcome::Expired,
            b'U' => ChallengeOutcome::Unknown,
            _ => return Err(protocol(what)),
        })
    }

    fn record_send(
        &self,
        id: &str,
        now: u64,
        send: &SendRecord,
        keep_until: u64,
    ) -> Result<bool, StoreError> {
        self.record_send_impl(id, now, send, keep_until)
    }

    fn record_delivery(
        &self,
        provider: &str,
        message_id: &str,
        now: u64,
        status: DeliveryStatus,
        error_code: Option<&str>,
    ) -> Result<Option<DeliveryUpdate>, StoreError> {
        self.record_delivery_impl(provider, message_id, now, status, error_code)
    }

    fn delivery_log(&self, id: &str, now: u64) -> Result<Vec<SendRecord>, StoreError> {
        self.delivery_log_impl(id, now)
    }

    /// Warns when `maxmemory-policy` is not `noeviction`, when it cannot be read, and when
    /// AOF persistence is off or never fsyncs; on a cluster, for every node (see [`diag`]).
    fn diagnostics(&self) -> Result<Vec<Diagnostic>, StoreError> {
        diag::diagnostics(&self.inner.pool)
    }
}
