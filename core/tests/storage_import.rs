//! The one import operation of both stores (`Vault::import`, `AccountStore::import`): every
//! importable entry stored in one save, refused entries reported with index and name, icons of
//! real sizes kept, reruns adding nothing, partial-byte base32 secrets accepted with a warning,
//! and the file helpers behind new vaults and exports.

use otpkit::import::{self, read_limited, ImportFormat, ImportedAccount, ReadError};
use otpkit::storage::{
    self, AccountStore, KdfLimits, KdfParams, MemorySecretStore, SecretStore, StoreError, Unlock,
    Vault, VaultContents, WARNING_SECRET_TRAILING_BITS,
};
use otpkit::{FixedTimeSource, OtpAuthUri, Secret};
use serde_json::json;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const FAST: KdfParams = KdfParams::insecure_for_tests();
const PW: &str = "pw";

fn clock() -> Arc<FixedTimeSource> {
    Arc::new(FixedTimeSource::new(1_700_000_000))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("otpkit-simport-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A plain Aegis vault with `n` entries; entry `i` has an icon of `icon_len(i)` bytes.
fn aegis_with_icons(n: usize, icon_len: impl Fn(usize) -> usize) -> Vec<u8> {
    use base64::Engine;
    let entries: Vec<_> = (0..n)
        .map(|i| {
            let icon = base64::engine::general_purpose::STANDARD.encode(vec![i as u8; icon_len(i)]);
            json!({"type": "totp", "uuid": format!("00000000-0000-0000-0000-{i:012}"),
                "name": format!("user{i}"), "issuer": format!("Svc{i}"), "note": "",
                "icon": icon, "icon_mime": "image/png",
                "info": {"secret": Secret::generate(20).to_base32(), "algo": "SHA1", "digits": 6, "period": 30}})
        })
        .collect();
    serde_json::to_vec(
        &json!({"version": 1, "header": {"slots": null, "params": null},
        "db": {"version": 3, "entries": entries, "groups": []}}),
    )
    .unwrap()
}

fn read(format: ImportFormat, bytes: &[u8]) -> Vec<ImportedAccount> {
    let report = import::import(format, bytes, None).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    report.accounts
}

#[test]
fn aegis_icons_of_real_sizes_are_all_kept_in_one_import() {
    let dir = scratch("icons");
    // 1 KB to 25 KB PNGs, as in real icon packs: before, the ones over 1024 bytes failed.
    let sizes = [
        900, 1_500, 4_000, 8_000, 12_000, 16_000, 20_000, 25_000, 25_600,
    ];
    let accounts = read(ImportFormat::Aegis, &aegis_with_icons(9, |i| sizes[i]));
    let vault = Vault::create(dir.join("v"), PW, FAST, clock()).unwrap();
    let outcome = vault.import(&accounts).unwrap();
    assert_eq!(outcome.added.len(), 9, "{:?}", outcome.refused);
    assert!(outcome.refused.is_empty() && outcome.duplicates.is_empty());
    drop(vault);
    let vault = Vault::open(dir.join("v"), Unlock::Passphrase(PW), clock()).unwrap();
    let stored = vault.list();
    assert_eq!(stored.len(), 9);
    for (a, imported) in stored.iter().zip(&accounts) {
        assert_eq!(a.icon, imported.icon);
        assert!(a
            .icon
            .as_ref()
            .unwrap()
            .starts_with("data:image/png;base64,"));
    }
    // Rerunning the same import adds nothing: every entry is reported as a duplicate.
    let again = vault.import(&accounts).unwrap();
    assert!(again.added.is_empty());
    assert_eq!(again.duplicates.len(), 9);
    assert_eq!(again.duplicates[4].index, 4);
    assert_eq!(again.duplicates[4].name.as_deref(), Some("Svc4: user4"));
    assert_eq!(vault.list().len(), 9);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn refused_entries_are_reported_and_the_rest_is_stored_together() {
    let dir = scratch("refused");
    // Entries 2 and 6 carry an icon over the limit: refused, named; the other 7 all stored.
    let big = storage::MAX_ICON_LEN;
    let accounts = read(
        ImportFormat::Aegis,
        &aegis_with_icons(9, |i| if i == 2 || i == 6 { big } else { 2_000 }),
    );
    let vault = Vault::create(dir.join("v"), PW, FAST, clock()).unwrap();
    let outcome = vault.import(&accounts).unwrap();
    assert_eq!(outcome.added.len(), 7);
    let refused: Vec<_> = outcome
        .refused
        .iter()
        .map(|f| (f.index, f.name.clone().unwrap()))
        .collect();
    assert_eq!(
        refused,
        vec![
            (2, "Svc2: user2".to_string()),
            (6, "Svc6: user6".to_string())
        ]
    );
    assert!(
        outcome.refused[0].reason.contains("icon"),
        "{:?}",
        outcome.refused
    );
    assert_eq!(vault.list().len(), 7);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn identical_entries_within_one_backup_are_all_kept_and_reruns_skip_them() {
    let text = "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\notpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\notpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ\n";
    let accounts = read(ImportFormat::OtpauthList, text.as_bytes());
    let store = AccountStore::in_memory(Arc::new(MemorySecretStore::new()), clock());
    let outcome = store.import(&accounts).unwrap();
    // The source app had the entry twice (real Google exports do): both are kept.
    assert_eq!(outcome.added.len(), 3);
    assert!(outcome.duplicates.is_empty());
    let again = store.import(&accounts).unwrap();
    assert!(again.added.is_empty());
    assert_eq!(again.duplicates.len(), 3);
    assert_eq!(again.duplicates[1].index, 1);
    // Same name, other secret: a different account, added.
    let other = read(
        ImportFormat::OtpauthList,
        b"otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQGEZDGNBV\n",
    );
    assert_eq!(store.import(&other).unwrap().added.len(), 1);
}

#[test]
fn partial_byte_secrets_are_imported_with_a_warning() {
    // 9, 11, 14, 17 and 19 symbols, as typed by users into 2FAS and Ente.
    let secrets = [
        "JBSWY3DPE",
        "JBSWY3DPEHP",
        "JBSWY3DPEHPK3P",
        "JBSWY3DPEHPK3PXPJ",
        "JBSWY3DPEHPK3PXPJBS",
    ];
    let text: String = secrets
        .iter()
        .enumerate()
        .map(|(i, s)| format!("otpauth://totp/S:u{i}?secret={s}\n"))
        .chain(["otpauth://totp/S:ok?secret=JBSWY3DPEHPK3PXP\n".to_string()])
        .collect();
    let accounts = read(ImportFormat::OtpauthList, text.as_bytes());
    assert_eq!(accounts.len(), 6);
    let dir = scratch("partial");
    let vault = Vault::create(dir.join("v"), PW, FAST, clock()).unwrap();
    vault.import(&accounts).unwrap();
    drop(vault);
    let vault = Vault::open(dir.join("v"), Unlock::Passphrase(PW), clock()).unwrap();
    let list = vault.list();
    for a in &list[..5] {
        assert_eq!(
            a.warnings,
            vec![WARNING_SECRET_TRAILING_BITS.to_string()],
            "{}",
            a.label
        );
    }
    assert!(list[5].warnings.is_empty());
    // The bytes are those of the whole symbols (what 2FAS and Proton compute codes from).
    assert_eq!(
        vault.secret(&list[0].id).unwrap(),
        Secret::from_base32("JBSWY3DP").unwrap()
    );
    // Invalid characters stay a hard error.
    let bad = import::import(
        ImportFormat::OtpauthList,
        b"otpauth://totp/S:x?secret=JBSWY3D1E\n",
        None,
    )
    .unwrap();
    assert!(bad.accounts.is_empty());
    assert_eq!(bad.failures.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A secret store whose `put` fails from the `fail_at`-th call on.
struct FailingStore {
    inner: MemorySecretStore,
    puts: AtomicUsize,
    fail_at: usize,
}

impl SecretStore for FailingStore {
    fn put(&self, id: &str, secret: &Secret) -> Result<(), StoreError> {
        if self.puts.fetch_add(1, Ordering::SeqCst) + 1 >= self.fail_at {
            return Err(StoreError::Backend {
                reason: "keystore full".into(),
            });
        }
        self.inner.put(id, secret)
    }
    fn get(&self, id: &str) -> Result<Option<Secret>, StoreError> {
        self.inner.get(id)
    }
    fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.inner.delete(id)
    }
    fn list_ids(&self) -> Result<Vec<String>, StoreError> {
        self.inner.list_ids()
    }
}

#[test]
fn account_store_import_is_all_or_nothing() {
    let dir = scratch("store");
    let secrets = Arc::new(FailingStore {
        inner: MemorySecretStore::new(),
        puts: AtomicUsize::new(0),
        fail_at: 4,
    });
    let store = AccountStore::open(dir.join("meta.json"), secrets.clone(), clock()).unwrap();
    let accounts = read(ImportFormat::Aegis, &aegis_with_icons(5, |_| 3_000));
    assert!(matches!(
        store.import(&accounts),
        Err(StoreError::Backend { .. })
    ));
    assert!(store.list().is_empty());
    assert!(
        secrets.list_ids().unwrap().is_empty(),
        "secrets put before the failure are removed"
    );
    drop(store);
    let reopened = AccountStore::open(
        dir.join("meta.json"),
        Arc::new(MemorySecretStore::new()),
        clock(),
    )
    .unwrap();
    assert!(reopened.list().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn create_with_import_writes_once_and_leaves_nothing_on_refusal() {
    let dir = scratch("create");
    let path = dir.join("v");
    let mut too_big = ImportedAccount::new(
        OtpAuthUri::parse("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP").unwrap(),
    );
    too_big.icon = Some("x".repeat(storage::MAX_ICON_LEN + 1));
    let e = Vault::create_with_import(&path, PW, FAST, clock(), &[too_big]).unwrap_err();
    assert!(matches!(e, StoreError::InvalidAccount { .. }), "{e}");
    assert!(
        !path.exists(),
        "a refused first account leaves no empty vault"
    );
    let accounts = read(ImportFormat::Aegis, &aegis_with_icons(3, |_| 100));
    let (vault, outcome) = Vault::create_with_import(&path, PW, FAST, clock(), &accounts).unwrap();
    assert_eq!(outcome.added.len(), 3);
    assert_eq!(vault.list().len(), 3);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn write_new_makes_no_lock_and_never_replaces() {
    let dir = scratch("writenew");
    let out = dir.join("export.otpkit");
    let accounts = read(ImportFormat::Aegis, &aegis_with_icons(2, |_| 100));
    let outcome = Vault::write_new(&out, "other", FAST, &*clock(), &accounts).unwrap();
    assert_eq!(outcome.added.len(), 2);
    assert!(
        !dir.join("export.otpkit.lock").exists(),
        "no stray lock file"
    );
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let copy =
        VaultContents::read(&out, Unlock::Passphrase("other"), &KdfLimits::default()).unwrap();
    assert_eq!(copy.accounts().len(), 2);
    assert!(matches!(
        Vault::write_new(&out, "other", FAST, &*clock(), &accounts),
        Err(StoreError::AlreadyExists { .. })
    ));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let victim = dir.join("victim");
        std::fs::write(&victim, b"keep").unwrap();
        let link = dir.join("link.otpkit");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert!(matches!(
            Vault::write_new(&link, "other", FAST, &*clock(), &accounts),
            Err(StoreError::AlreadyExists { .. })
        ));
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reading_a_vault_needs_no_writer_lock() {
    let dir = scratch("read");
    let path = dir.join("v");
    let vault = Vault::create(&path, PW, FAST, clock()).unwrap();
    vault
        .import(&read(ImportFormat::Aegis, &aegis_with_icons(2, |_| 10)))
        .unwrap();
    // The writer is still open: a reader gets the saved state.
    let copy = VaultContents::read(&path, Unlock::Passphrase(PW), &KdfLimits::default()).unwrap();
    assert_eq!(copy.accounts().len(), 2);
    drop(vault);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn private_files_are_new_0600_files_and_symlinks_are_not_followed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("private");
    let out = dir.join("export.txt");
    std::fs::write(&out, b"old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    storage::write_private_file(&out, b"secret").unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"secret");
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let victim = dir.join("victim");
    std::fs::write(&victim, b"keep").unwrap();
    let link = dir.join("link.txt");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    storage::write_private_file(&link, b"secret").unwrap();
    assert_eq!(
        std::fs::read(&victim).unwrap(),
        b"keep",
        "the link's target is untouched"
    );
    assert!(!std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    // The vault's lock file is private too.
    let _vault = Vault::create(dir.join("v"), PW, FAST, clock()).unwrap();
    let lock = std::fs::metadata(dir.join("v.lock")).unwrap();
    assert_eq!(lock.permissions().mode() & 0o777, 0o600);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inputs_are_read_up_to_a_named_limit() {
    assert_eq!(read_limited(&b"0123456789"[..], 10).unwrap().len(), 10);
    let e = read_limited(std::io::repeat(b'A'), 1_000).unwrap_err();
    assert_eq!(e, ReadError::TooLarge { limit: 1_000 });
    assert!(e.to_string().contains("1000-byte limit"), "{e}");
    let huge = vec![b' '; import::MAX_IMPORT_LEN as usize + 1];
    assert!(matches!(
        import::import(ImportFormat::OtpauthList, &huge, None),
        Err(import::ImportError::TooLarge { .. })
    ));
}
