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
//! * after a successful `add`, the part's index is not missing; `missing()` is strictly
//!   ascending and within `0..batch_size`; `is_complete()` agrees with `missing()`.
//! * `finish()` is `NoParts` / `MissingParts(missing())` / the entries of the accepted parts in
//!   index order.
//! * a decoded batch that can be exported (`encode_with_batch_size`) decodes and assembles back
//!   to the same accounts (issuer falling back to the label issuer, as documented).
#![no_main]

use std::collections::BTreeMap;

use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use otpkit::migration::{self, BatchAssembler, MigrationError};
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
    let uris = match migration::encode_with_batch_size(entries, 3, 7) {
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
    let missing = assembler.missing();
    let size = assembler.batch_size();
    match assembler.finish() {
        Ok(entries) => {
            assert!(size.is_some() && missing.is_empty());
            assert_eq!(entries.len(), accepted.values().sum::<usize>());
        }
        Err(MigrationError::NoParts) => assert!(size.is_none()),
        Err(MigrationError::MissingParts { missing: m }) => {
            assert!(!m.is_empty());
            assert_eq!(m, missing);
        }
        Err(e) => panic!("unexpected finish error {e}"),
    }
});
