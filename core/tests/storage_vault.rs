//! Encrypted vault: round trips, unlock errors, damaged files, locking, passphrase change,
//! key slots, redaction, roll-back of a failed save. (A save failing part-way in a child process
//! is in `storage_save_failure.rs`: spawning a process while another test holds a vault lock
//! would hand the child a copy of that lock until it execs.)

use otpkit::storage::vault::fuzzing::fix_checksums;
use otpkit::storage::vault::KEY_LEN;
use otpkit::storage::{
    KdfLimits, KdfParams, KeySlotKind, MemorySecretStore, NewAccount, SecretStore, StoreError,
    Unlock, Vault, VaultContents, VaultInfo, VaultKey,
};
use otpkit::{FixedTimeSource, OtpKind, OtpParams, Secret, TimeSource};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const PW: &str = "correct horse battery staple";
const SECRET_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const FAST: KdfParams = KdfParams::insecure_for_tests();

/// A scratch directory removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "otpkit-vault-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn clock() -> Arc<FixedTimeSource> {
    Arc::new(FixedTimeSource::new(1_700_000_000))
}

fn secret() -> Secret {
    Secret::from_base32(SECRET_B32).unwrap()
}

/// A vault with one TOTP and one HOTP account; returns its path and the TOTP account's id.
fn small_vault(dir: &Scratch) -> (PathBuf, String) {
    let path = dir.path("vault.otpkit");
    let vault = Vault::create(&path, PW, FAST, clock()).unwrap();
    let a = vault
        .add(
            NewAccount::new("alice@example.com", OtpParams::totp()).with_issuer("ACME"),
            &secret(),
        )
        .unwrap();
    vault
        .add(
            NewAccount::new("bob", OtpParams::hotp(3)),
            &Secret::from_bytes(vec![7u8; 20]).unwrap(),
        )
        .unwrap();
    (path, a.id)
}

fn open_pw(path: &Path) -> Result<Vault, StoreError> {
    Vault::open(path, Unlock::Passphrase(PW), clock())
}

fn decrypt(bytes: &[u8]) -> Result<VaultContents, StoreError> {
    VaultContents::decrypt(bytes, Unlock::Passphrase(PW), &KdfLimits::default())
}

#[test]
fn create_add_reopen_round_trip() {
    let dir = Scratch::new("roundtrip");
    let path = dir.path("v");
    let clk = clock();
    let vault = Vault::create(&path, PW, FAST, clk.clone()).unwrap();
    let mut new = NewAccount::new("alice", OtpParams::totp().with_period(60)).with_issuer("ACME");
    new.note = Some("recovery codes in the safe".into());
    new.icon = Some("acme".into());
    new.groups = vec!["work".into(), "mail".into()];
    let added = vault.add(new, &secret()).unwrap();
    assert_eq!(
        (added.created, added.updated),
        (1_700_000_000, 1_700_000_000)
    );
    clk.advance(10);
    let mut edited = added.clone();
    edited.label = "alice@acme".into();
    let updated = vault.update(&edited).unwrap();
    assert_eq!(
        (updated.created, updated.updated),
        (1_700_000_000, 1_700_000_010)
    );
    let hotp = vault
        .add(NewAccount::new("h", OtpParams::hotp(41)), &secret())
        .unwrap();
    assert_eq!(vault.bump_counter(&hotp.id).unwrap(), 42);
    drop(vault);

    let vault = open_pw(&path).unwrap();
    let list = vault.list();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0], updated);
    assert_eq!(list[1].params.kind, OtpKind::Hotp { counter: 42 });
    assert_eq!(vault.secret(&updated.id).unwrap(), secret());
    assert_eq!(vault.get(&hotp.id).unwrap().label, "h");

    let removed = vault.remove(&hotp.id).unwrap();
    assert_eq!(removed.id, hotp.id);
    assert!(vault.secret(&hotp.id).is_none());
    assert!(matches!(
        vault.remove(&hotp.id),
        Err(StoreError::AccountNotFound { .. })
    ));
    drop(vault);
    assert_eq!(open_pw(&path).unwrap().list().len(), 1);
}

#[test]
fn file_holds_no_plaintext_and_is_private() {
    let dir = Scratch::new("plaintext");
    let (path, _) = small_vault(&dir);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"OTPKITV1"));
    for needle in [
        SECRET_B32.as_bytes(),
        b"alice@example.com",
        b"ACME",
        b"12345678901234567890",
    ] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{:?} found in the file",
            String::from_utf8_lossy(needle)
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn wrong_passphrase_is_its_own_error_and_leaves_file_alone() {
    let dir = Scratch::new("wrongpw");
    let (path, _) = small_vault(&dir);
    let before = std::fs::read(&path).unwrap();
    for wrong in [
        "",
        "Correct horse battery staple",
        "correct horse battery staple ",
    ] {
        let err = Vault::open(&path, Unlock::Passphrase(wrong), clock()).unwrap_err();
        assert_eq!(err, StoreError::WrongPassphrase, "{wrong:?}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(open_pw(&path).is_ok());
}

#[test]
fn create_refuses_existing_file_and_empty_passphrase() {
    let dir = Scratch::new("create");
    let path = dir.path("v");
    std::fs::write(&path, b"precious").unwrap();
    assert!(matches!(
        Vault::create(&path, PW, FAST, clock()),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");
    assert_eq!(
        Vault::create(dir.path("w"), "", FAST, clock()).unwrap_err(),
        StoreError::EmptyPassphrase
    );
    let bad = KdfParams {
        memory_kib: 1,
        iterations: 1,
        parallelism: 1,
    };
    assert!(matches!(
        Vault::create(dir.path("w"), PW, bad, clock()),
        Err(StoreError::InvalidKdfParams { .. })
    ));
    assert!(matches!(
        open_pw(&dir.path("missing")),
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(open_pw(&path).unwrap_err(), StoreError::NotAVault);
}

#[test]
fn every_truncation_is_reported_as_truncated() {
    let dir = Scratch::new("trunc");
    let (path, _) = small_vault(&dir);
    let bytes = std::fs::read(&path).unwrap();
    for n in 0..bytes.len() {
        match decrypt(&bytes[..n]) {
            Err(StoreError::Truncated { expected, actual }) => {
                assert_eq!(actual, n as u64);
                assert!(expected > actual);
            }
            other => panic!("length {n}: {other:?}"),
        }
    }
    // Through the file API too, at a few lengths, and the original is never touched.
    let cut = dir.path("cut");
    for n in [0, 7, 8, 29, 30, 31, 200, bytes.len() - 33, bytes.len() - 1] {
        std::fs::write(&cut, &bytes[..n]).unwrap();
        assert!(
            matches!(open_pw(&cut), Err(StoreError::Truncated { .. })),
            "length {n}"
        );
        assert_eq!(std::fs::read(&cut).unwrap(), &bytes[..n]);
    }
}

#[test]
fn every_bit_flip_is_reported_as_damage() {
    let dir = Scratch::new("flip");
    let (path, _) = small_vault(&dir);
    let bytes = std::fs::read(&path).unwrap();
    let info = VaultInfo::from_bytes(&bytes).unwrap();
    let header_len = (info.file_len - info.payload_len - 32) as usize;
    let mut flipped = bytes.clone();
    for pos in 0..bytes.len() {
        // Every bit of the header and trailer; three bits of each payload byte.
        let bits: &[u8] = if pos < header_len || pos >= bytes.len() - 32 {
            &[0, 1, 2, 3, 4, 5, 6, 7]
        } else {
            &[0, 3, 7]
        };
        for &bit in bits {
            flipped[pos] ^= 1 << bit;
            let err = decrypt(&flipped).unwrap_err();
            if pos < 8 {
                assert_eq!(err, StoreError::NotAVault, "byte {pos} bit {bit}");
            } else {
                assert!(
                    matches!(err, StoreError::Corrupted { .. }),
                    "byte {pos} bit {bit}: {err:?}"
                );
            }
            flipped[pos] ^= 1 << bit;
        }
    }
    assert_eq!(flipped, bytes);
}

#[test]
fn tampering_past_the_checksums_is_caught_by_the_aead() {
    let dir = Scratch::new("tamper");
    let (path, _) = small_vault(&dir);
    let vault = open_pw(&path).unwrap();
    let key = VaultKey::generate();
    vault.add_key_slot(&key).unwrap();
    drop(vault);
    let bytes = std::fs::read(&path).unwrap();
    let info = VaultInfo::from_bytes(&bytes).unwrap();
    let header_len = (info.file_len - info.payload_len - 32) as usize;
    // Passphrase slot: 30..(30+1+117); key slot after it; then the payload nonce.
    let passphrase_slot = 31..31 + 117;
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    for pos in 30..bytes.len() - 32 {
        let mut t = bytes.clone();
        t[pos] ^= 0x10;
        fix_checksums(&mut t);
        let err = decrypt(&t).unwrap_err();
        let ok = match &err {
            StoreError::Corrupted { .. } => true,
            // Altering the passphrase slot's salt, parameters or wrapped key is
            // indistinguishable from a wrong passphrase once the checksums are forged.
            StoreError::WrongPassphrase
            | StoreError::InvalidKdfParams { .. }
            | StoreError::KdfLimitExceeded { .. } => passphrase_slot.contains(&pos),
            _ => false,
        };
        assert!(ok, "byte {pos} (header_len {header_len}): {err:?}");
        *outcomes
            .entry(format!("{err:?}").chars().take(30).collect())
            .or_default() += 1;
    }
    // Changes to the unused key slot, the payload nonce and the payload all fail authentication.
    assert!(
        outcomes.keys().any(|k| k.starts_with("Corrupted")),
        "{outcomes:?}"
    );
}

#[test]
fn a_second_writer_gets_vault_locked() {
    let dir = Scratch::new("lock");
    let (path, _) = small_vault(&dir);
    let first = open_pw(&path).unwrap();
    match open_pw(&path) {
        Err(StoreError::VaultLocked { lock_path }) => {
            assert!(lock_path.to_string_lossy().ends_with("vault.otpkit.lock"))
        }
        other => panic!("{other:?}"),
    }
    // Even a wrong passphrase is told "locked" first: no KDF work for a locked vault.
    assert!(matches!(
        Vault::open(&path, Unlock::Passphrase("x"), clock()),
        Err(StoreError::VaultLocked { .. })
    ));
    drop(first);
    assert!(open_pw(&path).is_ok());
}

#[test]
fn passphrase_change_rewraps_only_the_passphrase_slot() {
    let dir = Scratch::new("chpw");
    let (path, id) = small_vault(&dir);
    let vault = open_pw(&path).unwrap();
    let key = VaultKey::generate();
    vault.add_key_slot(&key).unwrap();
    let stronger = KdfParams {
        memory_kib: 64,
        iterations: 2,
        parallelism: 1,
    };
    assert_eq!(
        vault.change_passphrase("", stronger).unwrap_err(),
        StoreError::EmptyPassphrase
    );
    vault.change_passphrase("new passphrase", stronger).unwrap();
    let slots = vault.key_slots();
    assert_eq!(slots.len(), 2);
    assert_eq!(slots[0].kind, KeySlotKind::Passphrase { kdf: stronger });
    drop(vault);

    assert_eq!(open_pw(&path).unwrap_err(), StoreError::WrongPassphrase);
    let v = Vault::open(&path, Unlock::Passphrase("new passphrase"), clock()).unwrap();
    assert_eq!(v.secret(&id).unwrap(), secret());
    drop(v);
    // The data key did not change, so the key slot still opens the vault.
    let v = Vault::open(&path, Unlock::Key(&key), clock()).unwrap();
    assert_eq!(v.list().len(), 2);
}

#[test]
fn key_slots_unlock_and_can_be_removed() {
    let dir = Scratch::new("slots");
    let (path, id) = small_vault(&dir);
    let key = VaultKey::generate();
    assert_eq!(
        Vault::open(&path, Unlock::Key(&key), clock()).unwrap_err(),
        StoreError::NoMatchingSlot { kind: "key" }
    );
    let vault = open_pw(&path).unwrap();
    let slot_id = vault.add_key_slot(&key).unwrap();
    assert_eq!(slot_id.len(), 32);
    let passphrase_slot = vault.key_slots()[0].id.clone();
    assert_eq!(
        vault.remove_key_slot(&passphrase_slot).unwrap_err(),
        StoreError::PassphraseSlotRequired
    );
    assert!(matches!(
        vault.remove_key_slot("00"),
        Err(StoreError::KeySlotNotFound { .. })
    ));
    drop(vault);

    let v = Vault::open(&path, Unlock::Key(&key), clock()).unwrap();
    assert_eq!(v.secret(&id).unwrap(), secret());
    drop(v);
    assert_eq!(
        Vault::open(&path, Unlock::Key(&VaultKey::generate()), clock()).unwrap_err(),
        StoreError::WrongKey
    );

    let v = open_pw(&path).unwrap();
    for _ in 0..6 {
        v.add_key_slot(&VaultKey::generate()).unwrap();
    }
    assert_eq!(
        v.add_key_slot(&VaultKey::generate()).unwrap_err(),
        StoreError::TooManyKeySlots { max: 8 }
    );
    v.remove_key_slot(&slot_id).unwrap();
    drop(v);
    assert_eq!(
        Vault::open(&path, Unlock::Key(&key), clock()).unwrap_err(),
        StoreError::WrongKey
    );
}

#[test]
fn key_kept_in_a_secret_store_opens_the_vault() {
    let dir = Scratch::new("enroll");
    let (path, id) = small_vault(&dir);
    let store = MemorySecretStore::new();
    let vault = open_pw(&path).unwrap();
    vault.enroll_key(&store, "vault-key").unwrap();
    drop(vault);
    let stored = store.get("vault-key").unwrap().unwrap();
    assert_eq!(stored.as_bytes().len(), KEY_LEN);
    let v = Vault::open_with_store(&path, &store, "vault-key", clock()).unwrap();
    assert_eq!(v.secret(&id).unwrap(), secret());
    drop(v);
    assert_eq!(
        Vault::open_with_store(&path, &store, "other", clock()).unwrap_err(),
        StoreError::KeyNotInStore {
            entry: "other".into()
        }
    );
}

#[test]
fn vault_is_a_secret_store() {
    let dir = Scratch::new("store");
    let path = dir.path("v");
    let vault = Vault::create(&path, PW, FAST, clock()).unwrap();
    let store: &dyn SecretStore = &vault;
    assert_eq!(store.get("a").unwrap(), None);
    store.put("a", &secret()).unwrap();
    store
        .put("b", &Secret::from_bytes(vec![1, 2, 3]).unwrap())
        .unwrap();
    store.delete("b").unwrap();
    store.delete("never-there").unwrap();
    assert!(matches!(
        store.put("", &secret()),
        Err(StoreError::InvalidId { .. })
    ));
    assert!(matches!(
        store.get("a\nb"),
        Err(StoreError::InvalidId { .. })
    ));
    drop(vault);
    let vault = open_pw(&path).unwrap();
    assert_eq!(vault.list_ids().unwrap(), vec!["a".to_string()]);
    assert_eq!(
        vault.get("a"),
        None,
        "a bare secret has no account metadata"
    );
    assert_eq!(SecretStore::get(&vault, "a").unwrap().unwrap(), secret());
}

#[test]
fn kdf_limits_protect_the_opener() {
    let dir = Scratch::new("limits");
    let path = dir.path("v");
    let heavy = KdfParams {
        memory_kib: 256,
        iterations: 2,
        parallelism: 1,
    };
    drop(Vault::create(&path, PW, heavy, clock()).unwrap());
    let tight = KdfLimits {
        max_memory_kib: 128,
        ..KdfLimits::default()
    };
    assert!(matches!(
        Vault::open_with_limits(&path, Unlock::Passphrase(PW), &tight, clock()),
        Err(StoreError::KdfLimitExceeded { .. })
    ));
    let info = Vault::inspect(&path).unwrap();
    assert_eq!(info.slots[0].kind, KeySlotKind::Passphrase { kdf: heavy });
    assert!(open_pw(&path).is_ok());
    // Memory × iterations is capped too (each alone within its limit).
    let work_capped = KdfLimits {
        max_work_kib: 256 * 2 - 1,
        ..KdfLimits::default()
    };
    assert!(matches!(
        Vault::open_with_limits(&path, Unlock::Passphrase(PW), &work_capped, clock()),
        Err(StoreError::KdfLimitExceeded { .. })
    ));
    // Creating a vault that the default limits would not open is refused, and leaves no file.
    let slow = dir.path("slow");
    let too_slow = KdfParams {
        memory_kib: 1024 * 1024,
        iterations: 64,
        parallelism: 1,
    };
    assert!(matches!(
        Vault::create(&slow, PW, too_slow, clock()),
        Err(StoreError::KdfLimitExceeded { .. })
    ));
    assert!(!slow.exists());
}

#[test]
fn failed_save_restores_memory_state() {
    let dir = Scratch::new("rollback");
    let sub = dir.path("sub");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("v");
    let vault = Vault::create(&path, PW, FAST, clock()).unwrap();
    let a = vault
        .add(NewAccount::new("kept", OtpParams::totp()), &secret())
        .unwrap();
    // Pull the directory out from under the open vault: every save now fails.
    std::fs::remove_dir_all(&sub).unwrap();
    let err = vault
        .add(NewAccount::new("lost", OtpParams::totp()), &secret())
        .unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    assert_eq!(vault.list().len(), 1);
    let mut renamed = a.clone();
    renamed.label = "renamed".into();
    assert!(vault.update(&renamed).is_err());
    assert_eq!(vault.get(&a.id).unwrap().label, "kept");
    assert!(vault.change_passphrase("other", FAST).is_err());
    assert!(vault.remove(&a.id).is_err());
    assert_eq!(vault.secret(&a.id).unwrap(), secret());
    assert_eq!(vault.key_slots().len(), 1);
}

#[test]
fn debug_and_errors_never_show_secrets() {
    let dir = Scratch::new("redact");
    let (path, id) = small_vault(&dir);
    let vault = open_pw(&path).unwrap();
    let key = VaultKey::from_bytes(&[0x5a; KEY_LEN]).unwrap();
    vault.add_key_slot(&key).unwrap();
    let contents = decrypt(&std::fs::read(&path).unwrap()).unwrap();
    let secret_hex: String = secret()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut texts = vec![
        format!("{vault:?}"),
        format!("{key:?}"),
        format!("{contents:?}"),
        format!("{:?}", vault.secret(&id).unwrap()),
        format!("{:?}", vault.list()),
        format!("{:?}", vault.key_slots()),
        format!("{:?}", Unlock::Passphrase(PW)),
        format!("{:?}", Unlock::Key(&key)),
    ];
    drop(vault);
    let mut errors = vec![
        Vault::open(&path, Unlock::Passphrase("guess"), clock()).unwrap_err(),
        Vault::open(&path, Unlock::Key(&VaultKey::generate()), clock()).unwrap_err(),
        Vault::create(&path, PW, FAST, clock()).unwrap_err(),
        VaultKey::from_bytes(&[1; 5]).unwrap_err(),
    ];
    let bytes = std::fs::read(&path).unwrap();
    errors.push(decrypt(&bytes[..bytes.len() / 2]).unwrap_err());
    let mut flipped = bytes.clone();
    flipped[bytes.len() - 40] ^= 1;
    errors.push(decrypt(&flipped).unwrap_err());
    fix_checksums(&mut flipped);
    errors.push(decrypt(&flipped).unwrap_err());
    for e in &errors {
        texts.push(e.to_string());
        texts.push(format!("{e:?}"));
    }
    for t in &texts {
        for needle in [
            SECRET_B32,
            &secret_hex,
            PW,
            "5a5a5a",
            "90, 90, 90",
            "49, 50, 51",
        ] {
            assert!(!t.contains(needle), "{needle:?} in {t}");
        }
    }
}

#[test]
fn stale_temp_files_are_ignored_and_cleaned() {
    let dir = Scratch::new("temps");
    let (path, _) = small_vault(&dir);
    let stray = dir.path(".vault.otpkit.tmp-00000000deadbeef");
    std::fs::write(&stray, b"half a vault").unwrap();
    let vault = open_pw(&path).unwrap();
    assert!(!stray.exists());
    assert_eq!(vault.list().len(), 2);
}

#[test]
fn clock_is_injected() {
    struct Frozen;
    impl TimeSource for Frozen {
        fn now_unix(&self) -> u64 {
            42
        }
    }
    let dir = Scratch::new("clock");
    let vault = Vault::create(dir.path("v"), PW, FAST, Arc::new(Frozen)).unwrap();
    let a = vault
        .add(NewAccount::new("x", OtpParams::steam()), &secret())
        .unwrap();
    assert_eq!((a.created, a.updated), (42, 42));
}
