//! The delivery log in Redis: `<prefix>:{ctr}:dl:<challenge id>` (hash, fields
//! `<seq>:<field>`, see `lua/record_send.lua`) and the write-once message index
//! `<prefix>:{ctr}:dm:<hash of provider and message id>` (string `<challenge id>:<seq>`).
//!
//! Both carry the `{ctr}` tag of challenges and send counters, so in a cluster they live in
//! the challenge's slot: [`RedisStore::record_send`] writes the log entry and the index in one
//! script. A report is two commands: a `GET` of the index (written once, never changed, so
//! reading it apart cannot see a stale value, only a missing or expired one), then a script
//! on the log that re-checks the entry's provider and message id and raises the status
//! monotonically; repeating either step is harmless (docs/decisions.md).

use super::super::delivery::{channel_from_name, channel_name, check_report, check_send};
use super::{protocol, RedisStore};
use crate::server::error::StoreError;
use crate::server::keys;
use crate::server::store::{DeliveryStatus, DeliveryUpdate, SendRecord};
use redis::Value;
use std::collections::BTreeMap;

fn text(v: Value, what: &str) -> Result<String, StoreError> {
    match v {
        Value::BulkString(b) => String::from_utf8(b).map_err(|_| protocol(what)),
        Value::SimpleString(s) => Ok(s),
        _ => Err(protocol(what)),
    }
}

impl RedisStore {
    fn log_key(&self, id: &str) -> String {
        format!("{}:{{ctr}}:{}", self.prefix(), keys::delivery_log(id))
    }
    fn message_key(&self, provider: &str, message_id: &str) -> String {
        format!(
            "{}:{{ctr}}:{}",
            self.prefix(),
            keys::message(provider, message_id)
        )
    }

    pub(super) fn record_send_impl(
        &self,
        id: &str,
        now: u64,
        send: &SendRecord,
        keep_until: u64,
    ) -> Result<bool, StoreError> {
        check_send(id, now, send, keep_until)?;
        let mut inv = self.inner.scripts.record_send.prepare_invoke();
        inv.key(self.log_key(id));
        if let Some(m) = &send.message_id {
            inv.key(self.message_key(&send.provider, m));
        }
        inv.arg(now)
            .arg(keep_until)
            .arg(id)
            .arg(send.seq)
            .arg(send.step)
            .arg(channel_name(send.channel))
            .arg(&send.provider)
            .arg(send.message_id.as_deref().unwrap_or(""))
            .arg(send.sent_at)
            .arg(send.status.as_str())
            .arg(send.status.rank())
            .arg(send.updated_at)
            .arg(send.error_code.as_deref().unwrap_or(""))
            .arg(&send.destination_hash);
        let v: i64 = self.inner.pool.with_conn(|con| inv.invoke(con))?;
        match v {
            1 => Ok(true),
            0 => Ok(false),
            2 => Err(StoreError::Conflict("message id already recorded")),
            _ => Err(protocol("record_send")),
        }
    }

    pub(super) fn record_delivery_impl(
        &self,
        provider: &str,
        message_id: &str,
        now: u64,
        status: DeliveryStatus,
        error_code: Option<&str>,
    ) -> Result<Option<DeliveryUpdate>, StoreError> {
        check_report(provider, message_id, now, error_code)?;
        let what = "record_delivery";
        let index = self.message_key(provider, message_id);
        let found: Option<String> = self
            .inner
            .pool
            .with_conn(|con| redis::cmd("GET").arg(&index).query(con))?;
        let Some(found) = found else { return Ok(None) };
        let (ch, seq) = found.split_once(':').ok_or_else(|| protocol(what))?;
        let seq: u32 = seq.parse().map_err(|_| protocol(what))?;
        if !keys::is_challenge_id(ch) {
            return Err(protocol(what));
        }
        let mut inv = self.inner.scripts.record_delivery.prepare_invoke();
        inv.key(self.log_key(ch))
            .arg(seq)
            .arg(provider)
            .arg(message_id)
            .arg(status.as_str())
            .arg(status.rank())
            .arg(now)
            .arg(error_code.unwrap_or(""));
        let v: Value = self.inner.pool.with_conn(|con| inv.invoke(con))?;
        let Value::Array(items) = v else {
            return Err(protocol(what));
        };
        let mut it = items.into_iter().map(|x| text(x, what));
        let changed = match it.next().transpose()?.as_deref() {
            Some("U") => return Ok(None),
            Some("C") => true,
            Some("N") => false,
            _ => return Err(protocol(what)),
        };
        let mut next = || it.next().ok_or_else(|| protocol(what)).and_then(|r| r);
        let status = DeliveryStatus::from_name(&next()?).ok_or_else(|| protocol(what))?;
        let step = next()?.parse().map_err(|_| protocol(what))?;
        let channel = channel_from_name(&next()?).ok_or_else(|| protocol(what))?;
        Ok(Some(DeliveryUpdate {
            challenge_id: ch.to_owned(),
            seq,
            step,
            channel,
            status,
            changed,
        }))
    }

    pub(super) fn delivery_log_impl(
        &self,
        id: &str,
        _now: u64,
    ) -> Result<Vec<SendRecord>, StoreError> {
        if !keys::is_challenge_id(id) {
            return Ok(Vec::new());
        }
        let key = self.log_key(id);
        let fields: Vec<(String, String)> = self
            .inner
            .pool
            .with_conn(|con| redis::cmd("HGETALL").arg(&key).query(con))?;
        let mut by_seq: BTreeMap<u32, BTreeMap<String, String>> = BTreeMap::new();
        let what = "delivery_log";
        for (field, value) in fields {
            let (seq, name) = field.split_once(':').ok_or_else(|| protocol(what))?;
            let seq = seq.parse().map_err(|_| protocol(what))?;
            by_seq
                .entry(seq)
                .or_default()
                .insert(name.to_owned(), value);
        }
        by_seq
            .into_iter()
            .map(|(seq, f)| {
                let get = |k: &str| f.get(k).map(String::as_str).ok_or_else(|| protocol(what));
                let int = |k: &str| get(k)?.parse::<u64>().map_err(|_| protocol(what));
                let opt = |k: &str| get(k).map(|v| (!v.is_empty()).then(|| v.to_owned()));
                Ok(SendRecord {
                    seq,
                    step: get("s")?.parse().map_err(|_| protocol(what))?,
                    channel: channel_from_name(get("c")?).ok_or_else(|| protocol(what))?,
                    provider: get("p")?.to_owned(),
                    destination_hash: get("d")?.to_owned(),
                    message_id: opt("m")?,
                    sent_at: int("t")?,
                    status: DeliveryStatus::from_name(get("st")?).ok_or_else(|| protocol(what))?,
                    updated_at: int("u")?,
                    error_code: opt("e")?,
                })
            })
            .collect()
    }
}
