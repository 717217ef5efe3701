//! The accounts facade (`storage::Accounts` / `AccountsView`) on both stores: an encrypted vault
//! (fast test KDF) and an `AccountStore` (metadata file + in-memory secret store). Every test runs
//! the same checks on each backend.

use otpkit::import::{ImportError, ImportFormat};
use otpkit::storage::{
    AccountStore, Accounts, AccountsError, AccountsView, ExportFormat, KdfLimits, KdfParams,
    MemorySecretStore, NewAccount, StoreError, Unlock, Vault, VaultContents,
};
use otpkit::{FixedTimeSource, OtpKind, OtpParams, Secret};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const PW: &str = "correct horse battery staple";
/// RFC 4226 / RFC 6238 secret "12345678901234567890".
const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Vault,
    Store,
}

struct Fixture {
    dir: PathBuf,
    kind: Kind,
    secrets: Arc<MemorySecretStore>,
    clock: Arc<FixedTimeSource>,
}

impl Fixture {
    fn new(name: &str, kind: Kind) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "otpkit-facade-{name}-{kind:?}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            dir,
            kind,
            secrets: Arc::new(MemorySecretStore::new()),
            clock: Arc::new(FixedTimeSource::new(1_700_000_000)),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.join(match self.kind {
            Kind::Vault => "vault.otpkit",
            Kind::Store => "accounts.json",
        })
    }

    /// Opens the store (creating it the first time). Drop it before opening again.
    fn open(&self) -> Box<dyn Accounts> {
        let path = self.path();
        match self.kind {
            Kind::Vault if path.exists() => {
                Box::new(Vault::open(&path, Unlock::Passphrase(PW), self.clock.clone()).unwrap())
            }
            Kind::Vault => Box::new(
                Vault::create(
                    &path,
                    PW,
                    KdfParams::insecure_for_tests(),
                    self.clock.clone(),
                )
                .unwrap(),
            ),
            Kind::Store => Box::new(
                AccountStore::open(&path, self.secrets.clone(), self.clock.clone()).unwrap(),
            ),
        }
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn each(name: &str, f: impl Fn(&Fixture)) {
    for kind in [Kind::Vault, Kind::Store] {
        f(&Fixture::new(name, kind));
    }
}

fn rfc_secret() -> Secret {
    Secret::from_base32(RFC_SECRET).unwrap()
}

fn named(issuer: &str, label: &str, params: OtpParams) -> NewAccount {
    let mut new = NewAccount::new(label, params);
    new.issuer = Some(issuer.into());
    new
}

fn counter_of(store: &dyn AccountsView, id: &str) -> u64 {
    counter(&store.get(id).unwrap())
}

fn counter(account: &otpkit::storage::Account) -> u64 {
    match account.params.kind {
        OtpKind::Hotp { counter } => counter,
        other => panic!("not HOTP: {other:?}"),
    }
}

#[test]
fn add_update_get_list_remove() {
    each("crud", |fx| {
        let store = fx.open();
        let a = store
            .add(named("GitHub", "alice", OtpParams::totp()), &rfc_secret())
            .unwrap();
        let uri = otpkit::OtpAuthUri::parse(
            "otpauth://hotp/Bank:bob?secret=JBSWY3DPEHPK3PXP&issuer=Bank&counter=3",
        )
        .unwrap();
        let b = store.add_uri(&uri).unwrap();
        assert_eq!(store.list().len(), 2, "{:?}", fx.kind);
        assert_eq!(store.get(&a.id).unwrap().label, "alice");
        assert_eq!(counter_of(&*store, &b.id), 3);
        assert_eq!(store.require_secret(&b.id).unwrap(), uri.secret);
        let mut changed = a.clone();
        changed.note = Some("work".into());
        store.update(&changed).unwrap();
        drop(store);
        // Durable: a reopened store has the change.
        let store = fx.open();
        assert_eq!(store.get(&a.id).unwrap().note.as_deref(), Some("work"));
        let removed = store.remove(&a.id).unwrap();
        assert_eq!(removed.id, a.id);
        assert!(store.get(&a.id).is_none());
        assert!(matches!(
            store.require_secret(&a.id),
            Err(AccountsError::Store(StoreError::AccountNotFound { .. }))
        ));
        assert_eq!(store.list().len(), 1);
    });
}

#[test]
fn find_and_search_follow_the_query_tiers_in_display_order() {
    each("find", |fx| {
        let store = fx.open();
        let gh = store
            .add(named("GitHub", "alice", OtpParams::totp()), &rfc_secret())
            .unwrap();
        let acme = store
            .add(named("ACME", "alice", OtpParams::totp()), &rfc_secret())
            .unwrap();
        let names: Vec<String> = store.accounts().iter().map(|a| a.id.clone()).collect();
        assert_eq!(names, [acme.id.clone(), gh.id.clone()], "display order");
        assert_eq!(store.find("github").unwrap().id, gh.id);
        assert_eq!(store.find("acme:alice").unwrap().id, acme.id);
        match store.find("alice") {
            Err(AccountsError::Ambiguous { matches, .. }) => {
                let ids: Vec<&str> = matches.iter().map(|a| a.id.as_str()).collect();
                assert_eq!(ids, [acme.id.as_str(), gh.id.as_str()]);
            }
            other => panic!("{other:?}"),
        }
        let msg = store.find("alice").unwrap_err().to_string();
        assert!(msg.contains("matches 2 accounts"), "{msg}");
        assert!(msg.find("ACME:alice").unwrap() < msg.find("GitHub:alice").unwrap());
        assert!(matches!(
            store.find("gitlab"),
            Err(AccountsError::NoMatch { .. })
        ));
        assert_eq!(store.search(Some("git")).unwrap().len(), 1);
        assert_eq!(store.search(None).unwrap().len(), 2);
        assert_eq!(store.search(Some("  ")).unwrap().len(), 2);
        assert!(matches!(
            store.search(Some("zzz")),
            Err(AccountsError::NoMatch { .. })
        ));
    });
}

#[test]
fn snapshots_show_time_codes_and_never_an_hotp_code() {
    each("snapshot", |fx| {
        let store = fx.open();
        let t = store
            .add(
                named("T", "totp", OtpParams::totp().with_digits(8)),
                &rfc_secret(),
            )
            .unwrap();
        let h = store
            .add(named("H", "hotp", OtpParams::hotp(0)), &rfc_secret())
            .unwrap();
        let clock = FixedTimeSource::new(59);
        let snap = store.snapshot(&t.id, &clock).unwrap();
        let code = snap.code.as_ref().unwrap();
        // RFC 6238 appendix B, SHA1, T = 59.
        assert_eq!(code.current, "94287082");
        assert_eq!(snap.remaining(), Some(1));
        let hs = store.snapshot(&h.id, &clock).unwrap();
        assert!(hs.code.is_none() && hs.remaining().is_none());
        let all = store.snapshots(&store.accounts(), &clock).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all.iter().filter(|c| c.code.is_some()).count(), 1);
        assert_eq!(counter_of(&*store, &h.id), 0, "a snapshot used a counter");
        assert!(matches!(
            store.snapshot("nope", &clock),
            Err(AccountsError::Store(StoreError::AccountNotFound { .. }))
        ));
    });
}

#[test]
fn hotp_code_reserves_the_counter_before_returning_the_code() {
    each("hotp", |fx| {
        let store = fx.open();
        let h = store
            .add(named("H", "hotp", OtpParams::hotp(0)), &rfc_secret())
            .unwrap();
        let clock = FixedTimeSource::new(0);
        // RFC 4226 appendix D: counters 0, 1, 2.
        let first = store.code(&h.id, &clock).unwrap();
        let c = first.code.as_ref().unwrap();
        assert_eq!((c.current.as_str(), c.counter), ("755224", 0));
        assert_eq!(c.next, "287082");
        assert_eq!(counter(&first.account), 1);
        assert_eq!(counter_of(&*store, &h.id), 1);
        drop(store);
        // The advanced counter is on disk before the code is returned.
        let store = fx.open();
        let second = store.code(&h.id, &clock).unwrap();
        assert_eq!(second.code.as_ref().unwrap().current, "287082");
        assert_eq!(
            store.code(&h.id, &clock).unwrap().code.unwrap().current,
            "359152"
        );
        assert_eq!(counter_of(&*store, &h.id), 3);
        // A TOTP code changes nothing.
        let t = store
            .add(
                named("T", "totp", OtpParams::totp().with_digits(8)),
                &rfc_secret(),
            )
            .unwrap();
        let tc = store.code(&t.id, &FixedTimeSource::new(59)).unwrap();
        assert_eq!(tc.code.unwrap().current, "94287082");
        assert_eq!(store.get(&t.id).unwrap(), t);
    });
}

#[test]
fn hotp_code_whose_counter_cannot_be_saved_returns_no_code() {
    each("hotp-fail", |fx| {
        let store = fx.open();
        let h = store
            .add(named("H", "hotp", OtpParams::hotp(5)), &rfc_secret())
            .unwrap();
        // Make every save fail: the directory the store writes into becomes a plain file.
        std::fs::remove_dir_all(&fx.dir).unwrap();
        std::fs::write(&fx.dir, b"not a directory").unwrap();
        let err = store.code(&h.id, &FixedTimeSource::new(0)).unwrap_err();
        assert!(
            matches!(err, AccountsError::Store(StoreError::Io { .. })),
            "{:?}: {err:?}",
            fx.kind
        );
        assert_eq!(
            counter_of(&*store, &h.id),
            5,
            "the failed save moved the counter"
        );
        std::fs::remove_file(&fx.dir).unwrap();
    });
}

#[test]
fn import_backup_reports_added_duplicates_refused_and_unreadable() {
    each("import", |fx| {
        let store = fx.open();
        store
            .add(named("GitHub", "alice", OtpParams::totp()), &rfc_secret())
            .unwrap();
        let long = "x".repeat(2000);
        let backup = format!(
            "otpauth://totp/GitHub:alice?secret={RFC_SECRET}&issuer=GitHub\n\
             otpauth://totp/New:bob?secret=JBSWY3DPEHPK3PXP&issuer=New\n\
             not a uri\n\
             otpauth://totp/Long:{long}?secret=JBSWY3DPEHPK3PXP\n"
        );
        let out = store
            .import_backup(Some(ImportFormat::OtpauthList), backup.as_bytes(), None)
            .unwrap();
        assert_eq!(out.format, ImportFormat::OtpauthList);
        assert_eq!(out.added.len(), 1);
        assert_eq!(out.added[0].label, "bob");
        assert_eq!(out.duplicates.len(), 1);
        assert_eq!(out.duplicates[0].index, 0);
        assert_eq!(out.unreadable.len(), 1);
        assert_eq!(out.unreadable[0].index, 2);
        assert_eq!(out.refused.len(), 1, "{:?}", out.refused);
        assert_eq!(out.refused[0].index, 2, "index among the readable accounts");
        assert_eq!(out.failed(), 2);
        assert_eq!(store.list().len(), 2);
        // Detected format; the same import again adds nothing.
        let again = store.import_backup(None, backup.as_bytes(), None).unwrap();
        assert_eq!((again.added.len(), again.duplicates.len()), (0, 2));
        assert!(matches!(
            store.import_backup(None, b"\x00\x01garbage", None),
            Err(AccountsError::UnknownFormat)
        ));
    });
}

#[test]
fn exports_round_trip_through_import() {
    each("export", |fx| {
        let store = fx.open();
        store
            .add(named("GitHub", "alice", OtpParams::totp()), &rfc_secret())
            .unwrap();
        let h = store
            .add(named("Bank", "bob", OtpParams::hotp(7)), &rfc_secret())
            .unwrap();
        let otpauth = store.export(ExportFormat::OtpauthList, None, None).unwrap();
        let lines: Vec<&str> = otpauth.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].starts_with("otpauth://hotp/Bank:bob"),
            "display order: {otpauth}"
        );
        assert!(lines[0].contains("counter=7"));
        let one = store
            .export(ExportFormat::OtpauthList, Some(&h.id), None)
            .unwrap();
        assert_eq!(one.lines().count(), 1);
        assert!(matches!(
            store.export(ExportFormat::OtpauthList, None, Some("pw")),
            Err(AccountsError::PasswordNotUsed { .. })
        ));

        let google = store
            .export(ExportFormat::GoogleMigration, None, None)
            .unwrap();
        assert!(
            google.starts_with("otpauth-migration://offline?data="),
            "{google}"
        );
        let aegis = store.export(ExportFormat::Aegis, None, None).unwrap();
        let sealed = store.export(ExportFormat::Aegis, None, Some("pw")).unwrap();
        assert!(!sealed.contains(RFC_SECRET));

        // Each export imported into a fresh store of the same kind gives the same accounts.
        for (format, bytes, password) in [
            (ImportFormat::OtpauthList, otpauth.as_bytes(), None),
            (ImportFormat::GoogleMigration, google.as_bytes(), None),
            (ImportFormat::Aegis, aegis.as_bytes(), None),
            (ImportFormat::Aegis, sealed.as_bytes(), Some("pw")),
        ] {
            let other = Fixture::new("export-into", fx.kind);
            let target = other.open();
            let out = target.import_backup(Some(format), bytes, password).unwrap();
            assert_eq!(out.added.len(), 2, "{format:?}: {out:?}");
            assert_eq!(
                target
                    .export(ExportFormat::OtpauthList, None, None)
                    .unwrap(),
                otpauth,
                "{format:?}"
            );
        }
        assert!(matches!(
            Fixture::new("export-nopw", fx.kind).open().import_backup(
                Some(ImportFormat::Aegis),
                sealed.as_bytes(),
                None
            ),
            Err(AccountsError::Import(ImportError::PasswordRequired))
        ));
    });
}

#[test]
fn qr_exports_need_one_account() {
    each("qr", |fx| {
        let store = fx.open();
        let a = store
            .add(named("GitHub", "alice", OtpParams::totp()), &rfc_secret())
            .unwrap();
        assert!(matches!(
            store.export(ExportFormat::QrText, None, None),
            Err(AccountsError::OneAccountOnly { .. })
        ));
        let text = store
            .export(ExportFormat::QrText, Some(&a.id), None)
            .unwrap();
        assert!(text.lines().count() > 10, "{text}");
        let png = store.export_qr_png(&a.id, 4).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    });
}

#[test]
fn vault_export_writes_a_new_vault_with_the_accounts() {
    each("export-vault", |fx| {
        let store = fx.open();
        store
            .add(named("GitHub", "alice", OtpParams::totp()), &rfc_secret())
            .unwrap();
        let out = fx.dir.join("copy.otpkit");
        let written = store
            .export_vault(
                &out,
                "other pass",
                KdfParams::insecure_for_tests(),
                &*fx.clock,
                None,
            )
            .unwrap();
        assert_eq!(written.added.len(), 1);
        let copy = VaultContents::read(
            &out,
            Unlock::Passphrase("other pass"),
            &KdfLimits::default(),
        )
        .unwrap();
        assert_eq!(
            copy.export(ExportFormat::OtpauthList, None, None).unwrap(),
            store.export(ExportFormat::OtpauthList, None, None).unwrap()
        );
        // Never over an existing file.
        assert!(matches!(
            store.export_vault(&out, "x", KdfParams::insecure_for_tests(), &*fx.clock, None),
            Err(AccountsError::Store(StoreError::AlreadyExists { .. }))
        ));
    });
}

#[test]
fn change_passphrase_where_the_store_has_one() {
    each("passwd", |fx| {
        let store = fx.open();
        let result = store.change_passphrase("new pass", KdfParams::insecure_for_tests());
        match fx.kind {
            Kind::Vault => {
                result.unwrap();
                drop(store);
                assert!(matches!(
                    Vault::open(fx.path(), Unlock::Passphrase(PW), fx.clock.clone()),
                    Err(StoreError::WrongPassphrase)
                ));
                Vault::open(fx.path(), Unlock::Passphrase("new pass"), fx.clock.clone()).unwrap();
            }
            Kind::Store => assert!(matches!(result, Err(AccountsError::NoPassphrase))),
        }
    });
}

#[test]
fn a_read_only_vault_copy_is_a_view() {
    let fx = Fixture::new("view", Kind::Vault);
    let store = fx.open();
    let t = store
        .add(
            named("T", "totp", OtpParams::totp().with_digits(8)),
            &rfc_secret(),
        )
        .unwrap();
    let view =
        VaultContents::read(fx.path(), Unlock::Passphrase(PW), &KdfLimits::default()).unwrap();
    assert_eq!(view.find("totp").unwrap().id, t.id);
    let snap = view.snapshot(&t.id, &FixedTimeSource::new(59)).unwrap();
    assert_eq!(snap.code.unwrap().current, "94287082");
    assert_eq!(
        view.export(ExportFormat::OtpauthList, None, None).unwrap(),
        store.export(ExportFormat::OtpauthList, None, None).unwrap()
    );
}

/// Threads taking HOTP codes from one store each get their own counter value.
fn distinct_counters_under_threads<S: Accounts + Sync>(store: &S) {
    let h = store
        .add(named("H", "hotp", OtpParams::hotp(0)), &rfc_secret())
        .unwrap();
    let clock = FixedTimeSource::new(0);
    let mut used: Vec<u64> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    (0..5)
                        .map(|_| store.code(&h.id, &clock).unwrap().code.unwrap().counter)
                        .collect::<Vec<u64>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    used.sort_unstable();
    assert_eq!(used, (0..20).collect::<Vec<u64>>());
    assert_eq!(counter_of(store, &h.id), 20);
}

#[test]
fn concurrent_hotp_codes_never_share_a_counter() {
    let fx = Fixture::new("threads", Kind::Vault);
    let vault = Vault::create(
        fx.path(),
        PW,
        KdfParams::insecure_for_tests(),
        fx.clock.clone(),
    )
    .unwrap();
    distinct_counters_under_threads(&vault);
    let fx = Fixture::new("threads", Kind::Store);
    let store = AccountStore::open(fx.path(), fx.secrets.clone(), fx.clock.clone()).unwrap();
    distinct_counters_under_threads(&store);
}

/// A store that keeps only key bytes (like the OS keyring or a platform key store): it refuses
/// PIN secrets, and an import into it refuses those entries one by one, storing the others.
struct KeyBytesOnly(MemorySecretStore);

impl otpkit::storage::SecretStore for KeyBytesOnly {
    fn put(&self, id: &str, secret: &Secret) -> Result<(), StoreError> {
        otpkit::storage::refuse_pin(secret, "the test key store")?;
        self.0.put(id, secret)
    }
    fn get(&self, id: &str) -> Result<Option<Secret>, StoreError> {
        self.0.get(id)
    }
    fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.0.delete(id)
    }
    fn list_ids(&self) -> Result<Vec<String>, StoreError> {
        self.0.list_ids()
    }
    fn refuses_pins(&self) -> Option<&'static str> {
        Some("the test key store")
    }
}

#[test]
fn import_into_a_key_bytes_store_refuses_pin_entries_and_keeps_the_rest() {
    let store = AccountStore::in_memory(
        Arc::new(KeyBytesOnly(MemorySecretStore::new())),
        Arc::new(FixedTimeSource::new(1_700_000_000)),
    );
    let list = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP\n\
                motp://Corp:m?secret=e3152afee62599c8&pin=1234\n";
    let outcome = store
        .import_backup(Some(ImportFormat::OtpauthList), list.as_bytes(), None)
        .expect("the import completes");
    assert_eq!(outcome.added.len(), 1, "{outcome:?}");
    assert_eq!(outcome.added[0].label, "alice");
    assert_eq!(outcome.refused.len(), 1, "{outcome:?}");
    assert_eq!(outcome.refused[0].index, 1);
    assert!(outcome.refused[0].reason.contains("PIN"), "{outcome:?}");
    assert_eq!(store.list().len(), 1);
}
