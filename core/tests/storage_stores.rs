//! SecretStore backends (memory, OS keyring when the `keyring` feature is on and the backend
//! works here) and AccountStore (metadata file + any SecretStore).

use otpkit::storage::{
    AccountStore, MemorySecretStore, NewAccount, SecretStore, StoreError, Vault,
};
use otpkit::{FixedTimeSource, OtpKind, OtpParams, Secret};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "otpkit-stores-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn secret(n: u8) -> Secret {
    Secret::from_bytes(vec![n; 20]).unwrap()
}

/// The contract every SecretStore follows.
fn exercise_contract(store: &dyn SecretStore, prefix: &str) {
    let a = format!("{prefix}a");
    let b = format!("{prefix}b");
    assert_eq!(store.get(&a).unwrap(), None);
    store.delete(&a).unwrap(); // idempotent
    store.put(&a, &secret(1)).unwrap();
    store.put(&b, &secret(2)).unwrap();
    store.put(&a, &secret(3)).unwrap(); // replace
    assert_eq!(store.get(&a).unwrap(), Some(secret(3)));
    let mut ids = store.list_ids().unwrap();
    ids.retain(|i| i.starts_with(prefix));
    ids.sort();
    assert_eq!(ids, vec![a.clone(), b.clone()]);
    store.delete(&a).unwrap();
    assert_eq!(store.get(&a).unwrap(), None);
    assert!(!store.list_ids().unwrap().contains(&a));
    store.delete(&b).unwrap();
    for bad in ["", "a\u{0}b", &"x".repeat(200)] {
        assert!(
            matches!(
                store.put(bad, &secret(1)),
                Err(StoreError::InvalidId { .. })
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn memory_store_contract() {
    let store = MemorySecretStore::new();
    exercise_contract(&store, "");
    store.put("x", &secret(9)).unwrap();
    let dbg = format!("{store:?}");
    assert!(!dbg.contains("9, 9") && dbg.contains("entries: 1"), "{dbg}");
}

#[test]
fn vault_store_contract() {
    let dir = Scratch::new("vaultcontract");
    let vault = Vault::create(
        dir.0.join("v"),
        "pw",
        otpkit::storage::KdfParams::insecure_for_tests(),
        Arc::new(FixedTimeSource::new(0)),
    )
    .unwrap();
    exercise_contract(&vault, "");
}

#[test]
fn account_store_keeps_metadata_and_secrets_apart() {
    let dir = Scratch::new("accounts");
    let meta = dir.0.join("accounts.json");
    let secrets = Arc::new(MemorySecretStore::new());
    let clock = Arc::new(FixedTimeSource::new(100));
    let store = AccountStore::open(&meta, secrets.clone(), clock.clone()).unwrap();
    let a = store
        .add(
            NewAccount::new("alice", OtpParams::totp()).with_issuer("ACME"),
            &secret(1),
        )
        .unwrap();
    let h = store
        .add(NewAccount::new("h", OtpParams::hotp(5)), &secret(2))
        .unwrap();
    assert_eq!(store.bump_counter(&h.id).unwrap(), 6);
    clock.advance(5);
    let mut renamed = a.clone();
    renamed.label = "alice@acme".into();
    assert_eq!(store.update(&renamed).unwrap().updated, 105);
    store.set_secret(&a.id, &secret(7)).unwrap();
    assert!(matches!(
        store.set_secret("nope", &secret(7)),
        Err(StoreError::AccountNotFound { .. })
    ));

    // The metadata file holds no secret bytes, and a second writer is refused.
    let text = std::fs::read_to_string(&meta).unwrap();
    assert!(
        text.contains("alice@acme") && !text.contains("secret"),
        "{text}"
    );
    assert!(matches!(
        AccountStore::open(&meta, secrets.clone(), clock.clone()),
        Err(StoreError::VaultLocked { .. })
    ));
    drop(store);

    let store = AccountStore::open(&meta, secrets.clone(), clock.clone()).unwrap();
    let list = store.list();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].label, "alice@acme");
    assert_eq!(list[1].params.kind, OtpKind::Hotp { counter: 6 });
    assert_eq!(store.secret(&a.id).unwrap(), Some(secret(7)));

    store.remove(&h.id).unwrap();
    assert_eq!(secrets.get(&h.id).unwrap(), None);
    assert!(store.orphan_secret_ids().unwrap().is_empty());
    secrets.put("stray", &secret(3)).unwrap();
    assert_eq!(
        store.orphan_secret_ids().unwrap(),
        vec!["stray".to_string()]
    );
    secrets.delete(&a.id).unwrap();
    assert_eq!(store.accounts_missing_secret().unwrap(), vec![a.id.clone()]);
}

#[test]
fn account_store_rejects_damaged_or_newer_metadata() {
    let dir = Scratch::new("badmeta");
    let meta = dir.0.join("accounts.json");
    let open = || {
        AccountStore::open(
            &meta,
            Arc::new(MemorySecretStore::new()),
            Arc::new(FixedTimeSource::new(0)),
        )
    };
    std::fs::write(&meta, b"{\"version\":1,\"accounts\":[").unwrap();
    assert!(matches!(open(), Err(StoreError::Corrupted { .. })));
    std::fs::write(&meta, b"{\"version\":9,\"accounts\":[]}").unwrap();
    assert_eq!(
        open().unwrap_err(),
        StoreError::UnsupportedVersion {
            found: 9,
            supported: 1
        }
    );
    // A failed open never rewrites the file.
    assert_eq!(
        std::fs::read(&meta).unwrap(),
        b"{\"version\":9,\"accounts\":[]}"
    );
}

#[test]
fn account_store_in_memory_and_invalid_accounts() {
    let store = AccountStore::in_memory(
        Arc::new(MemorySecretStore::new()),
        Arc::new(FixedTimeSource::new(0)),
    );
    let err = store
        .add(
            NewAccount::new("x", OtpParams::totp().with_digits(12)),
            &secret(1),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidAccount { .. }), "{err:?}");
    let mut long = NewAccount::new("x", OtpParams::totp());
    long.note = Some("n".repeat(70_000));
    assert!(matches!(
        store.add(long, &secret(1)),
        Err(StoreError::InvalidAccount { .. })
    ));
    assert!(store.list().is_empty());
}

#[cfg(feature = "keyring")]
#[test]
fn keyring_store_contract_when_available() {
    use otpkit::storage::KeyringSecretStore;
    let service = format!("otpkit-test-{}", std::process::id());
    // `new` either persists beyond the session or says it cannot; it never stores where the
    // secret would silently vanish.
    let strict = KeyringSecretStore::new(format!("{service}-strict")).unwrap();
    match strict.put("s1", &secret(1)) {
        Ok(()) => strict.delete("s1").unwrap(),
        Err(e) => assert!(matches!(e, StoreError::Unavailable { .. }), "{e:?}"),
    }
    let store = KeyringSecretStore::session_scoped(&service).unwrap();
    if let Err(e) = store.probe() {
        println!("note: OS keyring backend unavailable here ({e}); skipping keyring test");
        return;
    }
    exercise_contract(&store, "t-");
    assert!(matches!(
        store.put("otpkit.index", &secret(1)),
        Err(StoreError::InvalidId { .. })
    ));

    // The vault-key flow: enroll a key in the keyring, open the vault without the passphrase.
    let dir = Scratch::new("keyring");
    let path = dir.0.join("v");
    let clock = Arc::new(FixedTimeSource::new(0));
    let vault = Vault::create(
        &path,
        "pw",
        otpkit::storage::KdfParams::insecure_for_tests(),
        clock.clone(),
    )
    .unwrap();
    vault.enroll_key(&store, "vault-key").unwrap();
    drop(vault);
    let vault = Vault::open_with_store(&path, &store, "vault-key", clock).unwrap();
    assert_eq!(vault.key_slots().len(), 2);
    store.delete("vault-key").unwrap();
    assert!(store.list_ids().unwrap().is_empty());
}

/// mOTP/Yandex accounts need their PIN in the secret; stores of raw key bytes refuse a PIN
/// rather than dropping it.
#[test]
fn pin_accounts_need_a_pin_and_byte_stores_refuse_it() {
    let store = AccountStore::in_memory(
        Arc::new(MemorySecretStore::new()),
        Arc::new(FixedTimeSource::new(1_000)),
    );
    let plain = Secret::from_bytes(vec![3u8; 16]).unwrap();
    let pinned = plain.clone().with_pin("4321").unwrap();
    let err = store
        .add(
            otpkit::storage::NewAccount::new("m", OtpParams::motp()),
            &plain,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidAccount { .. }), "{err:?}");
    assert!(err.to_string().contains("PIN"), "{err}");
    let err = store
        .add(
            otpkit::storage::NewAccount::new("t", OtpParams::totp()),
            &pinned,
        )
        .unwrap_err();
    assert!(err.to_string().contains("PIN"), "{err}");
    let a = store
        .add(
            otpkit::storage::NewAccount::new("y", OtpParams::yandex()),
            &pinned,
        )
        .unwrap();
    assert_eq!(store.secret(&a.id).unwrap().unwrap().pin(), Some("4321"));
    assert_eq!(store.list().len(), 1);

    assert!(otpkit::storage::refuse_pin(&plain, "x").is_ok());
    let err = otpkit::storage::refuse_pin(&pinned, "the OS keyring store").unwrap_err();
    assert!(!err.to_string().contains("4321"), "{err}");
}
