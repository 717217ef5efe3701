use super::*;
use crate::storage::{AccountStore, MemorySecretStore};
use crate::FixedTimeSource;
use std::sync::Arc;

fn store() -> AccountStore {
    AccountStore::in_memory(
        Arc::new(MemorySecretStore::new()),
        Arc::new(FixedTimeSource::new(1)),
    )
}

#[test]
fn ambiguity_names_accounts_without_control_characters() {
    let s = store();
    let secret = Secret::from_bytes(vec![1; 20]).unwrap();
    let mut a = NewAccount::new("bob\x1b[31m", OtpParams::totp());
    a.issuer = Some("X".into());
    s.add(a, &secret).unwrap();
    s.add(NewAccount::new("bob2", OtpParams::totp()), &secret)
        .unwrap();
    let msg = s.find("bob").unwrap_err().to_string();
    assert!(msg.contains("X:bob?[31m (id "), "{msg}");
    assert!(!msg.contains('\x1b'), "{msg}");
}

#[test]
fn an_empty_backup_is_stored_without_touching_the_store() {
    let s = store();
    let out = s
        .import_backup(Some(ImportFormat::OtpauthList), b"not a uri\n", None)
        .unwrap();
    assert_eq!((out.added.len(), out.unreadable.len()), (0, 1));
    assert_eq!(out.failed(), 1);
    assert!(s.list().is_empty());
}

#[test]
fn a_new_account_converts_to_an_import_entry_and_back() {
    let mut new = NewAccount::new("alice", OtpParams::hotp(4));
    new.issuer = Some("ACME".into());
    new.note = Some("n".into());
    new.groups = vec!["g".into()];
    let secret = Secret::from_bytes(vec![7; 20]).unwrap();
    let entry = new.clone().into_imported(secret.clone());
    assert_eq!(entry.uri.secret, secret);
    assert_eq!(NewAccount::from_imported(&entry), new);
}

#[test]
fn remaining_is_none_for_hotp_even_with_a_code() {
    let s = store();
    let secret = Secret::from_bytes(vec![1; 20]).unwrap();
    let h = s
        .add(NewAccount::new("h", OtpParams::hotp(0)), &secret)
        .unwrap();
    let code = s.code(&h.id, &FixedTimeSource::new(0)).unwrap();
    assert!(code.code.is_some());
    assert_eq!(code.remaining(), None);
    assert_eq!(code.code.unwrap().counter, 0);
}
