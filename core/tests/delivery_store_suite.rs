//! The delivery-log operations of the [`Store`] (record a send, merge a report, read a log),
//! run against every backend by `server_memory.rs`, `server_redis.rs` and `server_cluster.rs`
//! through [`delivery_store_suite!`]. Built on its own it is an empty test target.
#![allow(dead_code, unused_macros)]

use otpkit::server::store::{DeliveryStatus, SendRecord};
use otpkit::server::{keys, Channel, Store, StoreError};
use std::sync::{Arc, Barrier};

pub type DynStore = Arc<dyn Store>;

/// A Unix time.
pub const T: u64 = 1_700_000_010;

/// One `#[test]` per scenario; `$make` as for `behaviour_suite!`.
macro_rules! delivery_store_suite {
    ($make:expr) => {
        delivery_store_suite!(@each $make;
            log_records_and_reads, log_retry_is_noop_and_ids_conflict, reports_merge_monotonically,
            reports_for_unknown_messages, log_expires_and_extends, bad_shapes_refused,
            parallel_reports_one_change, log_keeps_sends_apart);
    };
    (@each $make:expr; $($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            let Some((store, _guard)) = $make else { return };
            delivery_store_suite::$name(store);
        }
    )*};
}

pub fn send(seq: u32, step: u32, channel: Channel, id: Option<&str>) -> SendRecord {
    SendRecord {
        seq,
        step,
        channel,
        provider: "twilio".into(),
        destination_hash: otpkit::server::store::delivery::destination_hash("+447700900123"),
        message_id: id.map(str::to_owned),
        sent_at: T + u64::from(seq),
        status: DeliveryStatus::Accepted,
        updated_at: T + u64::from(seq),
        error_code: None,
    }
}

fn log(store: &DynStore, id: &str, now: u64) -> Vec<SendRecord> {
    store.delivery_log(id, now).unwrap()
}

pub fn log_records_and_reads(store: DynStore) {
    let id = keys::new_challenge_id();
    assert!(log(&store, &id, T).is_empty());
    let a = send(0, 0, Channel::Sms, Some("SM-a"));
    let mut b = send(1, 1, Channel::WhatsApp, None);
    b.status = DeliveryStatus::Failed;
    b.error_code = Some("63016".into());
    let c = SendRecord {
        provider: "vonage".into(),
        ..send(2, 2, Channel::Voice, Some("v/1:x"))
    };
    // Written out of order, read by sequence number.
    for s in [&c, &a, &b] {
        assert_eq!(store.record_send(&id, T, s, T + 900), Ok(true));
    }
    assert_eq!(log(&store, &id, T + 1), vec![a, b, c]);
}

pub fn log_retry_is_noop_and_ids_conflict(store: DynStore) {
    let id = keys::new_challenge_id();
    let a = send(0, 0, Channel::Sms, Some("SM-retry"));
    assert_eq!(store.record_send(&id, T, &a, T + 900), Ok(true));
    // The same write again, or another write at the same seq: no change.
    assert_eq!(store.record_send(&id, T, &a, T + 900), Ok(false));
    let other = send(0, 3, Channel::Voice, Some("SM-other"));
    assert_eq!(store.record_send(&id, T, &other, T + 900), Ok(false));
    assert_eq!(log(&store, &id, T), vec![a.clone()]);
    // The seq-0 write that lost did not index its message id.
    assert_eq!(
        store.record_delivery("twilio", "SM-other", T, DeliveryStatus::Sent, None),
        Ok(None)
    );
    // A message id already indexed for another send is refused, and nothing is written.
    let dup = send(1, 1, Channel::Sms, Some("SM-retry"));
    assert!(matches!(
        store.record_send(&id, T, &dup, T + 900),
        Err(StoreError::Conflict(_))
    ));
    let elsewhere = keys::new_challenge_id();
    assert!(matches!(
        store.record_send(&elsewhere, T, &a, T + 900),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(log(&store, &id, T), vec![a]);
    assert!(log(&store, &elsewhere, T).is_empty());
    // The same id at another provider is another message.
    let vonage = SendRecord {
        provider: "vonage".into(),
        ..send(1, 1, Channel::Sms, Some("SM-retry"))
    };
    assert_eq!(store.record_send(&id, T, &vonage, T + 900), Ok(true));
}

pub fn reports_merge_monotonically(store: DynStore) {
    use DeliveryStatus::*;
    // (reports in arrival order, merged status after each, whether each changed it)
    let table: &[(&[DeliveryStatus], &[DeliveryStatus], &[bool])] = &[
        (&[Sent, Delivered], &[Sent, Delivered], &[true, true]),
        // Out of order: the late `sent` does not undo `delivered`.
        (&[Delivered, Sent], &[Delivered, Delivered], &[true, false]),
        // Final beats non-final; delivered beats failed and expired; duplicates are no-ops.
        (
            &[Failed, Sent, Accepted],
            &[Failed, Failed, Failed],
            &[true, false, false],
        ),
        (&[Failed, Delivered], &[Failed, Delivered], &[true, true]),
        (
            &[Delivered, Failed, Expired],
            &[Delivered; 3],
            &[true, false, false],
        ),
        (&[Expired, Failed], &[Expired, Failed], &[true, true]),
        (&[Sent, Sent, Sent], &[Sent; 3], &[true, false, false]),
        (&[Accepted], &[Accepted], &[false]),
    ];
    for (row, (reports, want, changed)) in table.iter().enumerate() {
        let id = keys::new_challenge_id();
        let mid = format!("SM-merge-{row}");
        let s = send(0, 0, Channel::Sms, Some(&mid));
        assert_eq!(store.record_send(&id, T, &s, T + 900), Ok(true));
        for (i, status) in reports.iter().enumerate() {
            let now = T + 10 + i as u64;
            let code = (*status == Failed).then_some("30003");
            let u = store
                .record_delivery("twilio", &mid, now, *status, code)
                .unwrap()
                .unwrap_or_else(|| panic!("row {row}: unknown"));
            assert_eq!(
                (u.challenge_id.as_str(), u.seq, u.step, u.channel),
                (id.as_str(), 0, 0, Channel::Sms)
            );
            assert_eq!(
                (u.status, u.changed),
                (want[i], changed[i]),
                "row {row} #{i}"
            );
        }
        let stored = &log(&store, &id, T + 20)[0];
        assert_eq!(stored.status, *want.last().unwrap(), "row {row}");
        let last_change = changed.iter().rposition(|c| *c);
        let at = last_change.map_or(T, |i| T + 10 + i as u64);
        assert_eq!(stored.updated_at, at, "row {row}");
        let coded = reports
            .iter()
            .zip(*changed)
            .any(|(s, c)| *c && *s == Failed);
        assert_eq!(stored.error_code.is_some(), coded, "row {row}");
    }
}

pub fn reports_for_unknown_messages(store: DynStore) {
    let id = keys::new_challenge_id();
    let s = send(0, 0, Channel::Sms, Some("SM-known"));
    assert_eq!(store.record_send(&id, T, &s, T + 900), Ok(true));
    for (provider, mid) in [("twilio", "SM-unknown"), ("vonage", "SM-known")] {
        assert_eq!(
            store.record_delivery(provider, mid, T, DeliveryStatus::Delivered, None),
            Ok(None)
        );
    }
    assert_eq!(log(&store, &id, T)[0].status, DeliveryStatus::Accepted);
}

pub fn log_expires_and_extends(store: DynStore) {
    let id = keys::new_challenge_id();
    let a = send(0, 0, Channel::Sms, Some("SM-exp-a"));
    assert_eq!(store.record_send(&id, T, &a, T + 100), Ok(true));
    // A later send keeps the whole log until its own keep_until.
    let b = send(1, 1, Channel::Voice, Some("SM-exp-b"));
    assert_eq!(store.record_send(&id, T + 50, &b, T + 300), Ok(true));
    // Memory decides by the `now` passed in; Redis by its own TTLs (set from the same `now`):
    // only times where both agree are checked.
    assert_eq!(log(&store, &id, T + 60).len(), 2);
    assert!(store
        .record_delivery(
            "twilio",
            "SM-exp-b",
            T + 60,
            DeliveryStatus::Delivered,
            None
        )
        .unwrap()
        .is_some());
}

pub fn bad_shapes_refused(store: DynStore) {
    let id = keys::new_challenge_id();
    let good = send(0, 0, Channel::Sms, Some("SM-shape"));
    let cases = [
        SendRecord {
            provider: "Twilio".into(),
            ..good.clone()
        },
        SendRecord {
            provider: String::new(),
            ..good.clone()
        },
        SendRecord {
            message_id: Some("has space".into()),
            ..good.clone()
        },
        SendRecord {
            message_id: Some("x".repeat(129)),
            ..good.clone()
        },
        SendRecord {
            error_code: Some("bad\ncode".into()),
            ..good.clone()
        },
        SendRecord {
            seq: 64,
            ..good.clone()
        },
        SendRecord {
            destination_hash: "+447700900123".into(),
            ..good.clone()
        },
        SendRecord {
            sent_at: 1 << 60,
            ..good.clone()
        },
    ];
    for c in &cases {
        assert!(
            matches!(
                store.record_send(&id, T, c, T + 900),
                Err(StoreError::OutOfRange(_))
            ),
            "{c:?}"
        );
    }
    assert!(matches!(
        store.record_send("not-a-challenge", T, &good, T + 900),
        Err(StoreError::OutOfRange(_))
    ));
    assert!(matches!(
        store.record_send(&id, T, &good, T),
        Err(StoreError::OutOfRange(_))
    ));
    assert!(log(&store, &id, T).is_empty());
    for (p, m) in [("twilio", ""), ("twilio", "a b"), ("Twilio", "SM-shape")] {
        assert!(matches!(
            store.record_delivery(p, m, T, DeliveryStatus::Sent, None),
            Err(StoreError::OutOfRange(_))
        ));
    }
    assert!(log(&store, "not-a-challenge", T).is_empty());
}

/// 8 threads report the same `delivered` at once: exactly one changes the status.
pub fn parallel_reports_one_change(store: DynStore) {
    let id = keys::new_challenge_id();
    let s = send(0, 0, Channel::Sms, Some("SM-race"));
    assert_eq!(store.record_send(&id, T, &s, T + 900), Ok(true));
    let barrier = Arc::new(Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let (store, barrier) = (store.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let status = if i % 2 == 0 {
                    DeliveryStatus::Delivered
                } else {
                    DeliveryStatus::Sent
                };
                store
                    .record_delivery("twilio", "SM-race", T + 1, status, None)
                    .unwrap()
                    .unwrap()
            })
        })
        .collect();
    let updates: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let delivered_changes = updates
        .iter()
        .filter(|u| u.changed && u.status == DeliveryStatus::Delivered)
        .count();
    assert_eq!(delivered_changes, 1, "{updates:?}");
    assert_eq!(log(&store, &id, T + 2)[0].status, DeliveryStatus::Delivered);
}

/// Reports of one send never touch another send or another challenge.
pub fn log_keeps_sends_apart(store: DynStore) {
    let (x, y) = (keys::new_challenge_id(), keys::new_challenge_id());
    for (id, seq, mid) in [(&x, 0, "SM-x0"), (&x, 1, "SM-x1"), (&y, 0, "SM-y0")] {
        let s = send(seq, seq, Channel::Sms, Some(mid));
        assert_eq!(store.record_send(id, T, &s, T + 900), Ok(true));
    }
    let u = store
        .record_delivery(
            "twilio",
            "SM-x1",
            T + 5,
            DeliveryStatus::Failed,
            Some("30008"),
        )
        .unwrap()
        .unwrap();
    assert_eq!((u.challenge_id, u.seq, u.step), (x.clone(), 1, 1));
    let lx = log(&store, &x, T + 6);
    assert_eq!(lx[0].status, DeliveryStatus::Accepted);
    assert_eq!(lx[1].status, DeliveryStatus::Failed);
    assert_eq!(lx[1].error_code.as_deref(), Some("30008"));
    assert_eq!(log(&store, &y, T + 6)[0].status, DeliveryStatus::Accepted);
}
