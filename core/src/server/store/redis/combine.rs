//! Checks of concurrent callers combined into one pipeline (single server).
//!
//! Without it every check is one request/reply on its own pooled connection: with many threads
//! both the client and Redis pay a read, a write and a wake-up per check, which on a small
//! machine costs more CPU than the script itself. Here a caller queues its `EVALSHA` and, if
//! no batch is in flight, becomes the leader: it sends everything queued as one pipeline on a
//! pooled connection, hands each caller its own reply, and leaves; callers that queued
//! meanwhile form the next batch. A lone caller sends a batch of one (no waiting, no timer).
//! A failed pipeline fails every check of the batch (closed). A caller that waited longer than
//! the timeout gets `Unavailable`; if its check was already sent it may have run, as with any
//! reply lost on the wire (nothing is retried).

use crate::server::error::StoreError;
use redis::Value;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};
use std::thread::Thread;
use std::time::{Duration, Instant};

/// The largest batch one pipeline carries.
const MAX_BATCH: usize = 64;

#[derive(Default)]
struct Queue {
    next: u64,
    waiting: Vec<(u64, redis::Cmd)>,
    replies: HashMap<u64, Result<Value, StoreError>>,
    /// Tickets whose callers gave up (their late replies are dropped).
    abandoned: HashSet<u64>,
    /// Callers waiting for their reply (woken one by one: no herd of futex wake-ups).
    sleepers: HashMap<u64, Thread>,
    leading: bool,
}

#[derive(Default)]
pub(crate) struct Combiner {
    queue: Mutex<Queue>,
}

fn poisoned() -> StoreError {
    StoreError::Unavailable("check combiner lock poisoned".into())
}

impl Combiner {
    /// Runs `cmd` in a batch; `send` sends one batch and returns its replies in order.
    pub(crate) fn run(
        &self,
        cmd: redis::Cmd,
        timeout: Duration,
        send: impl Fn(&[redis::Cmd]) -> Result<Vec<Result<Value, StoreError>>, StoreError>,
    ) -> Result<Value, StoreError> {
        let deadline = Instant::now() + timeout;
        let mut q = self.queue.lock().map_err(|_| poisoned())?;
        let ticket = q.next;
        q.next += 1;
        q.waiting.push((ticket, cmd));
        loop {
            if let Some(reply) = q.replies.remove(&ticket) {
                return reply;
            }
            if !q.leading {
                q = self.lead(q, &send)?;
                continue;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let queued = q.waiting.len();
                q.waiting.retain(|(t, _)| *t != ticket);
                if q.waiting.len() == queued {
                    // Already sent: drop its reply when it comes.
                    q.abandoned.insert(ticket);
                }
                return Err(StoreError::Unavailable(format!(
                    "timed out after {} ms",
                    timeout.as_millis()
                )));
            }
            q.sleepers.insert(ticket, std::thread::current());
            drop(q);
            // An unpark that came before this park makes it return at once.
            std::thread::park_timeout(left);
            q = self.queue.lock().map_err(|_| poisoned())?;
            q.sleepers.remove(&ticket);
        }
    }

    /// Sends the queued checks (at most [`MAX_BATCH`]) and files their replies.
    fn lead<'a>(
        &'a self,
        mut q: MutexGuard<'a, Queue>,
        send: &impl Fn(&[redis::Cmd]) -> Result<Vec<Result<Value, StoreError>>, StoreError>,
    ) -> Result<MutexGuard<'a, Queue>, StoreError> {
        q.leading = true;
        let take = q.waiting.len().min(MAX_BATCH);
        let batch: Vec<(u64, redis::Cmd)> = q.waiting.drain(..take).collect();
        drop(q);
        let cmds: Vec<redis::Cmd> = batch.iter().map(|(_, c)| c.clone()).collect();
        let replies = send(&cmds);
        let mut q = self.queue.lock().map_err(|_| poisoned())?;
        q.leading = false;
        let replies: Vec<Result<Value, StoreError>> = match replies {
            Ok(r) if r.len() == batch.len() => r,
            Ok(_) => batch
                .iter()
                .map(|_| Err(StoreError::Protocol("pipeline reply count".into())))
                .collect(),
            Err(e) => batch.iter().map(|_| Err(e.clone())).collect(),
        };
        for ((ticket, _), reply) in batch.iter().zip(replies) {
            if !q.abandoned.remove(ticket) {
                q.replies.insert(*ticket, reply);
                if let Some(t) = q.sleepers.get(ticket) {
                    t.unpark();
                }
            }
        }
        // The first caller still queued leads the next batch.
        if let Some(t) = q.waiting.first().and_then(|(next, _)| q.sleepers.get(next)) {
            t.unpark();
        }
        Ok(q)
    }
}
