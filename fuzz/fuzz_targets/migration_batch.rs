//! Fuzzes `otpkit::migration::BatchAssembler` (and `migration::decode`) with raw protobuf
//! payloads, so mutations work on the protobuf fields rather than on base64 text.
//!
//! Input: a sequence of parts, each a little-endian `u16` length followed by that many bytes of a
//! `MigrationPayload` protobuf (the last part takes whatever is left). Each part is wrapped into
//! `otpauth-migration://offline?data=<base64>` and added to one assembler.
//!
//! Invariants checked (not only "no panic"):
//! * `add` fails exactly when `decode` fails or the part does not fit, with `decode`'s error;
//!   on error the assembler is unchanged (batch id, size, missing parts).
//! * no work proportional to a claimed size: a part claiming more than `MAX_BATCH_PARTS` is
//!   `BatchTooLarge`, and the assembler's size never exceeds it.
//! * after a successful `add`, the part's index is not missing; `missing()` is strictly
//!   ascending and within `0..batch_size`; `missing_count()`, `missing_error()` and
//!   `is_complete()` agree with it.
//! * `finish()` is `NoParts` / `missing_error()` / the entries of the accepted parts in
//!   index order.
//! * a decoded batch that can be exported (`encode_with_batch_size`) decodes and assembles back
//!   to the same accounts (issuer falling back to the label issuer, as documented).
#![no_main]

use std::collections::BTreeMap;

use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use otpkit::migration::{self, BatchAssembler, MigrationError, MAX_BATCH_PARTS, MISSING_LISTED};
use otpkit::OtpAuthUri;

fn parts(mut data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while data.len() >= 2 && out.len() < 16 {
        let len = u16::from_le_bytes([data[0], data[1]]) as usize;
        let rest = &data[2..];
        let len = len.min(rest.len());
        out.push(&rest[..len]);
        data = &rest[len..];
    }
    out
}

fn to_uri(payload: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(payload);
    format!(
        "otpauth-migration://offline?data={}",
        b64.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    )
}

type Snapshot = (Option<i32>, Option<i32>, Vec<i32>);

fn snapshot(a: &BatchAssembler) -> Snapshot {
    (a.batch_id(), a.batch_size(), a.missing())
}

fn check_missing(a: &BatchAssembler) {
    let missing = a.missing();
    let size = a.batch_size().unwrap_or(0);
    assert!(size <= MAX_BATCH_PARTS, "batch size {size} over the cap");
    assert_eq!(a.missing_count(), missing.len());
    match a.missing_error() {
        None => assert!(missing.is_empty()),
        Some(MigrationError::MissingParts { count, first }) => {
            assert_eq!(count, missing.len());
            assert_eq!(first, missing[..missing.len().min(MISSING_LISTED)]);
        }
        Some(e) => panic!("missing_error is {e}"),
    }
    assert!(
        missing.windows(2).all(|w| w[0] < w[1]),
        "missing not ascending"
    );
    assert!(
        missing.iter().all(|&i| (0..size).contains(&i)),
        "missing out of range"
    );
    assert_eq!(
        a.is_complete(),
        a.batch_size().is_some() && missing.is_empty()
    );
}

/// Exports the accounts again and reads them back: the same accounts must come out.
fn check_round_trip(entries: &[OtpAuthUri]) {
    // Three per part, or more when that would need over MAX_BATCH_PARTS parts.
    let per_part = entries.len().div_ceil(MAX_BATCH_PARTS as usize).max(3);
    let uris = match migration::encode_with_batch_size(entries, per_part, 7) {
        Ok(uris) => uris,
        // Names like ":a:b" decode to an account with a ':' and no issuer prefix, which the
        // export refuses rather than changing the account.
        Err(MigrationError::Unrepresentable { .. }) => return,
        Err(e) => panic!("decoded entries cannot be exported: {e}"),
    };
    let mut again = BatchAssembler::new();
    for uri in uris.iter().rev() {
        again.add(uri).expect("exported part is readable");
    }
    let back = if entries.is_empty() {
        assert_eq!(again.finish(), Err(MigrationError::NoParts));
        return;
    } else {
        again.finish().expect("exported batch is complete")
    };
    assert_eq!(back.len(), entries.len());
    for (b, e) in back.iter().zip(entries) {
        assert_eq!(b.secret, e.secret);
        assert_eq!(b.params, e.params);
        assert_eq!(b.label_issuer, e.label_issuer);
        assert_eq!(b.account, e.account);
        assert_eq!(
            b.issuer,
            e.issuer.clone().or_else(|| e.label_issuer.clone())
        );
        assert!(b.extra.is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    let mut assembler = BatchAssembler::new();
    let mut accepted: BTreeMap<i32, usize> = BTreeMap::new();
    for payload in parts(data) {
        let uri = to_uri(payload);
        let decoded = migration::decode(&uri);
        if let Err(MigrationError::BatchTooLarge { batch_size, max }) = &decoded {
            assert!(*batch_size > i64::from(*max) && *max == MAX_BATCH_PARTS);
        }
        if let Ok(batch) = &decoded {
            check_round_trip(&batch.entries);
        }
        let before = snapshot(&assembler);
        match assembler.add(&uri) {
            Ok(()) => {
                let batch = decoded.expect("add accepted a part that decode rejects");
                assert!(!assembler.missing().contains(&batch.batch_index));
                assert_eq!(assembler.batch_id(), Some(batch.batch_id));
                accepted
                    .entry(batch.batch_index)
                    .or_insert(batch.entries.len());
            }
            Err(e) => {
                if let Err(d) = &decoded {
                    assert_eq!(&e, d, "add and decode disagree");
                }
                assert_eq!(
                    snapshot(&assembler),
                    before,
                    "failed add changed the assembler"
                );
            }
        }
        check_missing(&assembler);
    }
    let missing_error = assembler.missing_error();
    let size = assembler.batch_size();
    match assembler.finish() {
        Ok(entries) => {
            assert!(size.is_some() && missing_error.is_none());
            assert_eq!(entries.len(), accepted.values().sum::<usize>());
        }
        Err(MigrationError::NoParts) => assert!(size.is_none()),
        Err(e @ MigrationError::MissingParts { .. }) => assert_eq!(Some(e), missing_error),
        Err(e) => panic!("unexpected finish error {e}"),
    }
});
