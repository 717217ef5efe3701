//! [`KeyringSecretStore`]: secrets in the OS credential store through the `keyring` crate
//! (crate feature `keyring`): macOS/iOS Keychain, Windows Credential Manager, and on Linux the
//! kernel keyutils session keyring (no D-Bus needed, but entries do not survive a reboot: keep
//! only re-creatable material there, such as a [`VaultKey`](super::VaultKey) whose vault also
//! has a passphrase).
//!
//! On Linux, `keyring` also links each key into the user's persistent keyring so it outlives the
//! login session. Containers often forbid that link (EACCES, which `keyring` reports as
//! `NoEntry`), and a process without a login session then gets a private session keyring that
//! dies with it: a secret written there would be lost. [`KeyringSecretStore::new`] therefore
//! reports [`StoreError::Unavailable`] in that case; [`KeyringSecretStore::session_scoped`] opts
//! into the session keyring alone (secrets live as long as the session, e.g. one process).

use super::{validate_id, SecretStore, StoreError};
use crate::Secret;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

/// Entry (user name) holding the JSON list of ids, since keyring backends cannot enumerate.
const INDEX_ENTRY: &str = "otpkit.index";

/// A [`SecretStore`] backed by the platform credential store. Each secret is one entry with
/// service = the configured service name and user = the id; an extra entry `otpkit.index`
/// lists the ids.
#[derive(Debug)]
pub struct KeyringSecretStore {
    service: String,
    /// Serializes index updates within this process.
    index_lock: Mutex<()>,
    /// Linux: the persistent keyring refused a link; use the session keyring only.
    session_only: AtomicBool,
    /// Whether falling back to the session keyring alone is allowed (see the module docs).
    allow_session_only: bool,
    /// Set once the persistent-keyring fallback has been decided with a probe value, so a real
    /// secret is never written in the mode that fails half-way (leaving a copy behind).
    mode_checked: OnceLock<()>,
}

fn map_err(op: &str, e: keyring::Error) -> StoreError {
    match e {
        keyring::Error::NoStorageAccess(inner) => StoreError::Unavailable {
            reason: format!("{op}: {inner}"),
        },
        keyring::Error::PlatformFailure(inner) => StoreError::Backend {
            reason: format!("{op}: {inner}"),
        },
        // Other variants may carry stored bytes (BadEncoding) or credentials; report the kind only.
        keyring::Error::BadEncoding(_) => StoreError::Backend {
            reason: format!("{op}: stored value has an unexpected encoding"),
        },
        keyring::Error::TooLong(attr, max) => StoreError::Backend {
            reason: format!("{op}: {attr} is longer than {max}"),
        },
        keyring::Error::Invalid(attr, why) => StoreError::Backend {
            reason: format!("{op}: invalid {attr}: {why}"),
        },
        keyring::Error::Ambiguous(_) => StoreError::Backend {
            reason: format!("{op}: more than one matching credential"),
        },
        keyring::Error::NoEntry => StoreError::Backend {
            reason: format!("{op}: no entry"),
        },
        _ => StoreError::Backend {
            reason: format!("{op}: keyring error"),
        },
    }
}

impl KeyringSecretStore {
    /// A store using `service` as the credential service name (e.g. `com.example.otp`).
    /// On Linux, writes fail with [`StoreError::Unavailable`] when secrets could not outlive the
    /// login session (no persistent keyring).
    pub fn new(service: impl Into<String>) -> Result<Self, StoreError> {
        Self::with_fallback(service.into(), false)
    }

    /// Like [`KeyringSecretStore::new`], but on Linux accepts the session keyring alone when the
    /// persistent keyring is refused: secrets then live only as long as the session (in a
    /// container without a login session, as long as the process).
    pub fn session_scoped(service: impl Into<String>) -> Result<Self, StoreError> {
        Self::with_fallback(service.into(), true)
    }

    fn with_fallback(service: String, allow_session_only: bool) -> Result<Self, StoreError> {
        validate_id(&service)?;
        Ok(Self {
            service,
            index_lock: Mutex::new(()),
            session_only: AtomicBool::new(false),
            allow_session_only,
            mode_checked: OnceLock::new(),
        })
    }

    /// The service name.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Checks that the platform store works by writing, reading and deleting a probe entry.
    /// [`StoreError::Unavailable`] or [`StoreError::Backend`] when it does not.
    pub fn probe(&self) -> Result<(), StoreError> {
        self.set_with_fallback("otpkit.probe", b"probe")
            .map_err(|e| map_err("probe write", e))?;
        let entry = self.entry("otpkit.probe")?;
        let back = entry.get_secret().map_err(|e| map_err("probe read", e))?;
        let _ = entry.delete_credential();
        if back != b"probe" {
            return Err(StoreError::Backend {
                reason: "probe read back a different value".into(),
            });
        }
        Ok(())
    }

    fn entry(&self, user: &str) -> Result<keyring::Entry, StoreError> {
        #[cfg(target_os = "linux")]
        if self.session_only.load(Ordering::Relaxed) {
            let mut cred =
                keyring::keyutils::KeyutilsCredential::new_with_target(None, &self.service, user)
                    .map_err(|e| map_err("open entry", e))?;
            cred.persistent = None;
            return Ok(keyring::Entry::new_with_credential(Box::new(cred)));
        }
        keyring::Entry::new(&self.service, user).map_err(|e| map_err("open entry", e))
    }

    /// Settles the keyring mode (persistent or session-only) once, with a probe. Reads need it
    /// as much as writes: a new process must look where an earlier one wrote.
    fn settle_mode(&self) {
        self.mode_checked.get_or_init(|| {
            let _ = self.probe();
        });
    }

    /// The entry for `user` in the settled mode.
    fn settled_entry(&self, user: &str) -> Result<keyring::Entry, StoreError> {
        self.settle_mode();
        self.entry(user)
    }

    /// Writes an entry, after the first call has settled the keyring mode with a probe.
    fn set(&self, user: &str, bytes: &[u8]) -> Result<(), keyring::Error> {
        self.settle_mode();
        self.set_with_fallback(user, bytes)
    }

    /// Writes an entry; on Linux retries in the session keyring alone when the persistent
    /// keyring refuses the link.
    fn set_with_fallback(&self, user: &str, bytes: &[u8]) -> Result<(), keyring::Error> {
        let entry = |s: &Self| {
            s.entry(user)
                .map_err(|e| keyring::Error::PlatformFailure(e.to_string().into()))
        };
        let first = entry(self)?;
        match first.set_secret(bytes) {
            Err(keyring::Error::NoEntry)
                if cfg!(target_os = "linux") && !self.session_only.load(Ordering::Relaxed) =>
            {
                // The key was added to the session keyring before the link failed: remove it.
                let _ = first.delete_credential();
                if !self.allow_session_only {
                    return Err(keyring::Error::NoStorageAccess(
                        "the persistent keyring refused the link (no login session?): secrets \
                         would not outlive the session"
                            .into(),
                    ));
                }
                self.session_only.store(true, Ordering::Relaxed);
                entry(self)?.set_secret(bytes)
            }
            other => other,
        }
    }

    fn check_id(id: &str) -> Result<(), StoreError> {
        validate_id(id)?;
        if id == INDEX_ENTRY {
            return Err(StoreError::invalid_id(id));
        }
        Ok(())
    }

    fn read_index(&self) -> Result<Vec<String>, StoreError> {
        match self.settled_entry(INDEX_ENTRY)?.get_password() {
            Ok(json) => serde_json::from_str(&json)
                .map_err(|_| StoreError::corrupted("keyring id index is not a JSON list")),
            Err(keyring::Error::NoEntry) => Ok(Vec::new()),
            Err(e) => Err(map_err("read index", e)),
        }
    }

    fn write_index(&self, ids: &[String]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return match self.settled_entry(INDEX_ENTRY)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(map_err("write index", e)),
            };
        }
        let json = serde_json::to_string(ids).map_err(|_| StoreError::Backend {
            reason: "could not serialize the id index".into(),
        })?;
        self.set(INDEX_ENTRY, json.as_bytes())
            .map_err(|e| map_err("write index", e))
    }
}

/// How the keyring store names itself in refusals.
const KEYRING_NAME: &str = "the OS keyring store";

impl SecretStore for KeyringSecretStore {
    fn refuses_pins(&self) -> Option<&'static str> {
        Some(KEYRING_NAME)
    }

    fn put(&self, id: &str, secret: &Secret) -> Result<(), StoreError> {
        Self::check_id(id)?;
        // Entries hold the raw key bytes only: refuse rather than drop the PIN.
        super::refuse_pin(secret, KEYRING_NAME)?;
        let _guard = self.index_lock.lock().unwrap_or_else(|e| e.into_inner());
        self.set(id, secret.as_bytes())
            .map_err(|e| map_err("store secret", e))?;
        let mut ids = self.read_index()?;
        if !ids.iter().any(|x| x == id) {
            ids.push(id.to_owned());
            self.write_index(&ids)?;
        }
        Ok(())
    }

    fn get(&self, id: &str) -> Result<Option<Secret>, StoreError> {
        Self::check_id(id)?;
        match self.settled_entry(id)?.get_secret() {
            // `from_bytes` takes the Vec without copying; the Secret zeroizes it.
            Ok(bytes) => Secret::from_bytes(bytes)
                .map(Some)
                .map_err(|_| StoreError::corrupted("keyring entry holds an empty secret")),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_err("read secret", e)),
        }
    }

    fn delete(&self, id: &str) -> Result<(), StoreError> {
        Self::check_id(id)?;
        let _guard = self.index_lock.lock().unwrap_or_else(|e| e.into_inner());
        match self.settled_entry(id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => {}
            Err(e) => return Err(map_err("delete secret", e)),
        }
        let mut ids = self.read_index()?;
        let before = ids.len();
        ids.retain(|x| x != id);
        if ids.len() != before {
            self.write_index(&ids)?;
        }
        Ok(())
    }

    fn list_ids(&self) -> Result<Vec<String>, StoreError> {
        self.read_index()
    }
}
