//! [`Vault`]: the embedded default store. One encrypted file holds the account metadata and the
//! secrets; a random 256-bit data key encrypts it (XChaCha20-Poly1305), and each key slot in the
//! header wraps that data key: the passphrase slot under an Argon2id-derived key, optional key
//! slots under raw [`VaultKey`]s kept elsewhere (OS keyring, platform keystore). The byte layout
//! is in [`format`] and `docs/storage.md`.
//!
//! A `Vault` holds an exclusive lock on `<file>.lock` while it lives, so a second writer gets
//! [`StoreError::VaultLocked`]. Every mutating method writes the whole file atomically before it
//! returns `Ok`; if the write fails the file and the in-memory state stay as they were.

mod crypto;
pub mod format;
mod payload;

pub use crypto::{KdfLimits, KdfParams, VaultKey, KEY_LEN};
pub use payload::PAYLOAD_VERSION;

use super::account::{Account, NewAccount};
use super::fsutil::{self, WriterLock};
use super::import::{self, StoreImport};
use super::{validate_id, SecretStore, StoreError};
use crate::import::ImportedAccount;
use crate::{Secret, TimeSource};
use crypto::{NONCE_LEN, SALT_LEN, TAG_LEN};
use format::{Header, Slot, SlotKind, CHECKSUM_LEN, MAX_PAYLOAD_LEN, MAX_SLOTS};
use payload::Contents;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use zeroize::Zeroizing;

/// How to unlock a vault. `Debug` never shows the passphrase.
#[derive(Clone, Copy)]
pub enum Unlock<'a> {
    /// The passphrase (its UTF-8 bytes are used as given, without Unicode normalization).
    Passphrase(&'a str),
    /// A raw key enrolled with [`Vault::add_key_slot`].
    Key(&'a VaultKey),
}

impl std::fmt::Debug for Unlock<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unlock::Passphrase(_) => f.write_str("Unlock::Passphrase(<redacted>)"),
            Unlock::Key(_) => f.write_str("Unlock::Key(<redacted>)"),
        }
    }
}

/// The kind of a key slot, as reported by [`Vault::key_slots`] and [`VaultInfo`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySlotKind {
    /// Unlocked by the passphrase through Argon2id with these parameters.
    Passphrase { kdf: KdfParams },
    /// Unlocked by a raw [`VaultKey`].
    Key,
}

/// A key slot's public description (nothing secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySlotInfo {
    /// 32 hex characters, used by [`Vault::remove_key_slot`].
    pub id: String,
    pub kind: KeySlotKind,
}

/// What can be read from a vault file without unlocking it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultInfo {
    pub format_version: u32,
    pub slots: Vec<KeySlotInfo>,
    /// Bytes of the encrypted payload (ciphertext and tag).
    pub payload_len: u64,
    pub file_len: u64,
}

impl VaultInfo {
    /// Verifies the structure and checksums of a vault file's bytes and describes it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, StoreError> {
        let d = format::decode(bytes)?;
        Ok(Self {
            format_version: format::FORMAT_VERSION.into(),
            slots: d.header.slots.iter().map(slot_info).collect(),
            payload_len: (d.ciphertext.len() + TAG_LEN) as u64,
            file_len: bytes.len() as u64,
        })
    }
}

/// The decrypted contents of a vault file read without taking its lock (a backup copy).
#[derive(Clone)]
pub struct VaultContents {
    accounts: Vec<Account>,
    secrets: BTreeMap<String, Secret>,
}

impl VaultContents {
    /// Decrypts the bytes of a vault file.
    pub fn decrypt(
        bytes: &[u8],
        unlock: Unlock<'_>,
        limits: &KdfLimits,
    ) -> Result<Self, StoreError> {
        let contents = decrypt_file(bytes, unlock, limits)?.contents;
        Ok(Self {
            accounts: contents.accounts.as_slice().to_vec(),
            secrets: contents.secrets,
        })
    }
    /// Reads and decrypts the vault file at `path` without taking its writer lock, so reading
    /// works while another process has the vault open for writing. Every write replaces the file
    /// by an atomic rename, so this sees one complete version, never a mix.
    pub fn read(
        path: impl AsRef<Path>,
        unlock: Unlock<'_>,
        limits: &KdfLimits,
    ) -> Result<Self, StoreError> {
        let bytes = fsutil::read_limited(path.as_ref(), format::MAX_FILE_LEN)?;
        Self::decrypt(&bytes, unlock, limits)
    }

    /// The accounts, in stored order.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }
    /// The secret stored under `id`.
    pub fn secret(&self, id: &str) -> Option<&Secret> {
        self.secrets.get(id)
    }
    /// Ids that have a secret.
    pub fn secret_ids(&self) -> Vec<String> {
        self.secrets.keys().cloned().collect()
    }
}

impl std::fmt::Debug for VaultContents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VaultContents")
            .field("accounts", &self.accounts.len())
            .field("secrets", &self.secrets.len())
            .finish()
    }
}

fn slot_info(s: &Slot) -> KeySlotInfo {
    KeySlotInfo {
        id: s.id_hex(),
        kind: match &s.kind {
            SlotKind::Passphrase { kdf, .. } => KeySlotKind::Passphrase { kdf: *kdf },
            SlotKind::Key => KeySlotKind::Key,
        },
    }
}

/// A decrypted file: its data key, key slots and contents.
struct Unlocked {
    data_key: Zeroizing<[u8; KEY_LEN]>,
    slots: Vec<Slot>,
    contents: Contents,
}

/// Parses, unlocks and decrypts a whole file.
fn decrypt_file(
    bytes: &[u8],
    unlock: Unlock<'_>,
    limits: &KdfLimits,
) -> Result<Unlocked, StoreError> {
    let decoded = format::decode(bytes)?;
    let data_key = unwrap_data_key(&decoded.header, unlock, limits)?;
    let mut plain = Zeroizing::new(decoded.ciphertext.to_vec());
    if !crypto::open_in_place(
        &data_key,
        &decoded.header.payload_nonce,
        decoded.header_bytes,
        &mut plain,
        &decoded.tag,
    ) {
        return Err(StoreError::corrupted("payload failed authentication"));
    }
    let contents = payload::decode_json(&plain)?;
    Ok(Unlocked {
        data_key,
        slots: decoded.header.slots,
        contents,
    })
}

fn unwrap_data_key(
    header: &Header,
    unlock: Unlock<'_>,
    limits: &KdfLimits,
) -> Result<Zeroizing<[u8; KEY_LEN]>, StoreError> {
    let mut tried = false;
    let mut spent_kib = 0;
    for slot in &header.slots {
        let aad = Slot::wrap_aad(&slot.id, &slot.kind);
        let found = match (&slot.kind, unlock) {
            (SlotKind::Passphrase { kdf, salt }, Unlock::Passphrase(p)) => {
                tried = true;
                spent_kib = limits.charge(kdf, spent_kib)?;
                let kek = crypto::derive_kek(p.as_bytes(), salt, kdf)?;
                crypto::unwrap_key(&kek, &slot.nonce, &aad, &slot.wrapped)
            }
            (SlotKind::Key, Unlock::Key(k)) => {
                tried = true;
                crypto::unwrap_key(k.as_bytes(), &slot.nonce, &aad, &slot.wrapped)
            }
            _ => None,
        };
        if let Some(key) = found {
            return Ok(key);
        }
    }
    match (tried, unlock) {
        (false, Unlock::Passphrase(_)) => Err(StoreError::NoMatchingSlot { kind: "passphrase" }),
        (false, Unlock::Key(_)) => Err(StoreError::NoMatchingSlot { kind: "key" }),
        (true, Unlock::Passphrase(_)) => Err(StoreError::WrongPassphrase),
        (true, Unlock::Key(_)) => Err(StoreError::WrongKey),
    }
}

/// A new slot wrapping `data_key` under `kek`.
fn make_slot(
    kind: SlotKind,
    kek: &[u8; KEY_LEN],
    data_key: &[u8; KEY_LEN],
) -> Result<Slot, StoreError> {
    let id = crypto::random_array::<16>();
    let nonce = crypto::random_array::<NONCE_LEN>();
    let wrapped = crypto::wrap_key(kek, &nonce, &Slot::wrap_aad(&id, &kind), data_key)?;
    Ok(Slot {
        id,
        kind,
        nonce,
        wrapped,
    })
}

fn passphrase_slot(
    passphrase: &str,
    kdf: &KdfParams,
    data_key: &[u8; KEY_LEN],
) -> Result<Slot, StoreError> {
    if passphrase.is_empty() {
        return Err(StoreError::EmptyPassphrase);
    }
    kdf.validate()?;
    // A slot that the default limits would refuse to open would lock the owner out.
    KdfLimits::default().charge(kdf, 0)?;
    let salt = crypto::random_array::<SALT_LEN>();
    let kek = crypto::derive_kek(passphrase.as_bytes(), &salt, kdf)?;
    make_slot(SlotKind::Passphrase { kdf: *kdf, salt }, &kek, data_key)
}

/// The whole file for `contents`, sealed under `data_key` with a fresh payload nonce.
fn encode_file(
    slots: &[Slot],
    data_key: &[u8; KEY_LEN],
    contents: &Contents,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let json_len = payload::json_len(contents)?;
    let payload_len = json_len + TAG_LEN;
    if payload_len as u64 > MAX_PAYLOAD_LEN {
        return Err(StoreError::Backend {
            reason: format!("vault payload would exceed {MAX_PAYLOAD_LEN} bytes"),
        });
    }
    let header = Header {
        slots: slots.to_vec(),
        payload_nonce: crypto::random_array::<NONCE_LEN>(),
    };
    let header_bytes = format::encode_header(&header, payload_len as u64);
    let header_len = header_bytes.len();
    // Exact capacity: the plaintext is serialized straight into this buffer and encrypted in
    // place, and the buffer never reallocates (which would leave a plaintext copy behind).
    let mut buf = Zeroizing::new(Vec::with_capacity(header_len + payload_len + CHECKSUM_LEN));
    buf.extend_from_slice(&header_bytes);
    payload::write_json(contents, &mut buf)?;
    if buf.len() != header_len + json_len {
        return Err(StoreError::Backend {
            reason: "vault payload changed size while being written".into(),
        });
    }
    let (aad, plain) = buf.split_at_mut(header_len);
    let tag = crypto::seal_in_place(data_key, &header.payload_nonce, aad, plain)?;
    buf.extend_from_slice(&tag);
    let sum = format::file_checksum(&buf);
    buf.extend_from_slice(&sum);
    Ok(buf)
}

/// A fresh data key and the passphrase slot wrapping it.
fn new_key_and_slot(
    passphrase: &str,
    kdf: &KdfParams,
) -> Result<(Zeroizing<[u8; KEY_LEN]>, Slot), StoreError> {
    if passphrase.is_empty() {
        return Err(StoreError::EmptyPassphrase);
    }
    kdf.validate()?;
    let data_key = crypto::random_key();
    let slot = passphrase_slot(passphrase, kdf, &data_key)?;
    Ok((data_key, slot))
}

/// Adds the importable `entries` to `contents` (in memory).
fn import_into(
    contents: &mut Contents,
    entries: &[ImportedAccount],
    now: u64,
) -> Result<StoreImport, StoreError> {
    let plan = import::plan(
        &contents.accounts,
        |id| Ok(contents.secrets.get(id).cloned()),
        entries,
        None, // the vault keeps PINs
    )?;
    let mut outcome = plan.outcome;
    for (new, secret) in plan.to_add {
        let account = contents.accounts.add_for(new, &secret, now)?;
        contents.secrets.insert(account.id.clone(), secret);
        outcome.added.push(account);
    }
    Ok(outcome)
}

/// For a new store: an error when entries were given and none could be stored.
fn nothing_stored(entries: &[ImportedAccount], outcome: &StoreImport) -> Result<(), StoreError> {
    match outcome.refused.first() {
        Some(first) if outcome.added.is_empty() && !entries.is_empty() => {
            Err(StoreError::InvalidAccount {
                reason: first.reason.clone(),
            })
        }
        _ => Ok(()),
    }
}

struct Inner {
    path: PathBuf,
    _lock: WriterLock,
    data_key: Zeroizing<[u8; KEY_LEN]>,
    slots: Vec<Slot>,
    contents: Contents,
}

impl Inner {
    fn save(&self) -> Result<(), StoreError> {
        let bytes = encode_file(&self.slots, &self.data_key, &self.contents)?;
        fsutil::atomic_write(&self.path, &bytes)
    }
}

/// An unlocked, locked-for-writing encrypted vault file. See the [module docs](self).
///
/// All methods take `&self` (state is behind a mutex) so a `Vault` can be shared across threads
/// and handed to the bindings as an object.
pub struct Vault {
    inner: Mutex<Inner>,
    clock: Arc<dyn TimeSource>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = self.lock();
        f.debug_struct("Vault")
            .field("path", &inner.path)
            .field("accounts", &inner.contents.accounts.as_slice().len())
            .field("secrets", &inner.contents.secrets.len())
            .field("slots", &inner.slots.len())
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// Creates a new vault file at `path` protected by `passphrase` (Argon2id with `kdf`).
    /// Refuses to overwrite an existing file ([`StoreError::AlreadyExists`]).
    pub fn create(
        path: impl AsRef<Path>,
        passphrase: &str,
        kdf: KdfParams,
        clock: Arc<dyn TimeSource>,
    ) -> Result<Self, StoreError> {
        Self::create_with_import(path, passphrase, kdf, clock, &[]).map(|(vault, _)| vault)
    }

    /// Creates a new vault file at `path` holding `entries` (see [`Vault::import`]), written
    /// once: if anything fails, no vault file is left behind. When entries were given but none
    /// could be stored, no file is written and the error is the first refusal.
    pub fn create_with_import(
        path: impl AsRef<Path>,
        passphrase: &str,
        kdf: KdfParams,
        clock: Arc<dyn TimeSource>,
        entries: &[ImportedAccount],
    ) -> Result<(Self, StoreImport), StoreError> {
        let path = path.as_ref().to_path_buf();
        let (data_key, slot) = new_key_and_slot(passphrase, &kdf)?;
        let lock = WriterLock::acquire(&path)?;
        if path.symlink_metadata().is_ok() {
            return Err(StoreError::AlreadyExists { path });
        }
        let mut inner = Inner {
            path,
            _lock: lock,
            data_key,
            slots: vec![slot],
            contents: Contents::default(),
        };
        let outcome = import_into(&mut inner.contents, entries, clock.now_unix())?;
        nothing_stored(entries, &outcome)?;
        inner.save()?;
        Ok((
            Self {
                inner: Mutex::new(inner),
                clock,
            },
            outcome,
        ))
    }

    /// Writes a new vault file at `path` holding `entries` (an export under another passphrase)
    /// without opening it: no lock file is made, and an existing file or symlink at `path` is
    /// never replaced ([`StoreError::AlreadyExists`]). The file appears whole or not at all.
    pub fn write_new(
        path: impl AsRef<Path>,
        passphrase: &str,
        kdf: KdfParams,
        clock: &dyn TimeSource,
        entries: &[ImportedAccount],
    ) -> Result<StoreImport, StoreError> {
        let path = path.as_ref();
        let (data_key, slot) = new_key_and_slot(passphrase, &kdf)?;
        if path.symlink_metadata().is_ok() {
            return Err(StoreError::AlreadyExists { path: path.into() });
        }
        let mut contents = Contents::default();
        let outcome = import_into(&mut contents, entries, clock.now_unix())?;
        let bytes = encode_file(std::slice::from_ref(&slot), &data_key, &contents)?;
        fsutil::atomic_create(path, &bytes)?;
        Ok(outcome)
    }

    /// Opens and unlocks the vault at `path` with the default [`KdfLimits`].
    pub fn open(
        path: impl AsRef<Path>,
        unlock: Unlock<'_>,
        clock: Arc<dyn TimeSource>,
    ) -> Result<Self, StoreError> {
        Self::open_with_limits(path, unlock, &KdfLimits::default(), clock)
    }

    /// Opens and unlocks the vault at `path`, refusing KDF parameters above `limits`.
    /// Takes the writer lock first, then removes temporary files a crashed writer left behind.
    /// A failed open never modifies the vault file.
    pub fn open_with_limits(
        path: impl AsRef<Path>,
        unlock: Unlock<'_>,
        limits: &KdfLimits,
        clock: Arc<dyn TimeSource>,
    ) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let lock = WriterLock::acquire(&path)?;
        fsutil::remove_stale_temps(&path);
        let bytes = fsutil::read_limited(&path, format::MAX_FILE_LEN)?;
        let unlocked = decrypt_file(&bytes, unlock, limits)?;
        Ok(Self {
            inner: Mutex::new(Inner {
                path,
                _lock: lock,
                data_key: unlocked.data_key,
                slots: unlocked.slots,
                contents: unlocked.contents,
            }),
            clock,
        })
    }

    /// Opens the vault with the [`VaultKey`] kept in `store` under `entry`
    /// (see [`Vault::enroll_key`]).
    pub fn open_with_store(
        path: impl AsRef<Path>,
        store: &dyn SecretStore,
        entry: &str,
        clock: Arc<dyn TimeSource>,
    ) -> Result<Self, StoreError> {
        let secret = store.get(entry)?.ok_or_else(|| StoreError::KeyNotInStore {
            entry: entry.to_owned(),
        })?;
        let key = VaultKey::from_secret(&secret)?;
        Self::open(path, Unlock::Key(&key), clock)
    }

    /// Describes the vault file at `path` without unlocking it or taking its lock.
    pub fn inspect(path: impl AsRef<Path>) -> Result<VaultInfo, StoreError> {
        VaultInfo::from_bytes(&fsutil::read_limited(path.as_ref(), format::MAX_FILE_LEN)?)
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Every mutation restores its snapshot on failure before releasing the guard, so the
        // state behind a poisoned lock is consistent.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the state, then saves. If `f` or the save fails, restores the state as it was.
    fn mutate<T>(
        &self,
        f: impl FnOnce(&mut Inner, u64) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut inner = self.lock();
        let saved_contents = inner.contents.clone();
        let saved_slots = inner.slots.clone();
        let result = f(&mut inner, self.clock.now_unix()).and_then(|v| inner.save().map(|()| v));
        if result.is_err() {
            inner.contents = saved_contents;
            inner.slots = saved_slots;
        }
        result
    }

    /// The vault file's path.
    pub fn path(&self) -> PathBuf {
        self.lock().path.clone()
    }

    /// All accounts, in the order they were added.
    pub fn list(&self) -> Vec<Account> {
        self.lock().contents.accounts.as_slice().to_vec()
    }

    /// The account with `id`.
    pub fn get(&self, id: &str) -> Option<Account> {
        self.lock().contents.accounts.get(id).cloned()
    }

    /// The secret of the account with `id`.
    pub fn secret(&self, id: &str) -> Option<Secret> {
        self.lock().contents.secrets.get(id).cloned()
    }

    /// Adds an account with its secret; returns the stored record (with its new id).
    pub fn add(&self, new: NewAccount, secret: &Secret) -> Result<Account, StoreError> {
        self.mutate(|inner, now| {
            let account = inner.contents.accounts.add_for(new, secret, now)?;
            inner
                .contents
                .secrets
                .insert(account.id.clone(), secret.clone());
            Ok(account)
        })
    }

    /// Imports `entries` all at once: each is checked first; entries the store refuses and
    /// entries identical to a stored account are reported (not stored); all others are added
    /// and the vault is saved once. If the save fails nothing is added.
    pub fn import(&self, entries: &[ImportedAccount]) -> Result<StoreImport, StoreError> {
        self.mutate(|inner, now| import_into(&mut inner.contents, entries, now))
    }

    /// Adds a complete record (restore or import), keeping its id and timestamps.
    pub fn insert(&self, account: Account, secret: &Secret) -> Result<(), StoreError> {
        self.mutate(|inner, _| {
            let id = account.id.clone();
            inner.contents.accounts.insert(account)?;
            inner.contents.secrets.insert(id, secret.clone());
            Ok(())
        })
    }

    /// Replaces the metadata of the account with `account.id`; keeps `created`, sets `updated`.
    pub fn update(&self, account: &Account) -> Result<Account, StoreError> {
        self.mutate(|inner, now| inner.contents.accounts.update(account, now))
    }

    /// Advances an HOTP account's counter and returns the new value.
    pub fn bump_counter(&self, id: &str) -> Result<u64, StoreError> {
        self.mutate(|inner, now| inner.contents.accounts.bump_counter(id, now))
    }

    /// Removes an account and its secret; returns the removed record.
    pub fn remove(&self, id: &str) -> Result<Account, StoreError> {
        self.mutate(|inner, _| {
            let account = inner.contents.accounts.remove(id)?;
            inner.contents.secrets.remove(id);
            Ok(account)
        })
    }

    /// Writes the current state again (with a fresh payload nonce).
    pub fn save(&self) -> Result<(), StoreError> {
        self.lock().save()
    }

    /// Replaces the passphrase: the data key is re-wrapped under a key derived from `new` with
    /// `kdf` (fresh salt); the data key itself, and so every other key slot, is unchanged.
    /// Apps should re-authenticate the user before calling this.
    pub fn change_passphrase(&self, new: &str, kdf: KdfParams) -> Result<(), StoreError> {
        self.mutate(|inner, _| {
            let slot = passphrase_slot(new, &kdf, &inner.data_key)?;
            inner
                .slots
                .retain(|s| !matches!(s.kind, SlotKind::Passphrase { .. }));
            inner.slots.insert(0, slot);
            Ok(())
        })
    }

    /// Adds a slot that unlocks the vault with `key`; returns the slot's id.
    pub fn add_key_slot(&self, key: &VaultKey) -> Result<String, StoreError> {
        self.mutate(|inner, _| {
            if inner.slots.len() >= MAX_SLOTS {
                return Err(StoreError::TooManyKeySlots { max: MAX_SLOTS });
            }
            let slot = make_slot(SlotKind::Key, key.as_bytes(), &inner.data_key)?;
            let id = slot.id_hex();
            inner.slots.push(slot);
            Ok(id)
        })
    }

    /// Removes the key slot `slot_id`. The passphrase slot cannot be removed.
    pub fn remove_key_slot(&self, slot_id: &str) -> Result<(), StoreError> {
        self.mutate(|inner, _| {
            let pos = inner
                .slots
                .iter()
                .position(|s| s.id_hex() == slot_id)
                .ok_or_else(|| StoreError::KeySlotNotFound {
                    slot_id: slot_id.chars().take(64).collect(),
                })?;
            if matches!(inner.slots[pos].kind, SlotKind::Passphrase { .. }) {
                return Err(StoreError::PassphraseSlotRequired);
            }
            inner.slots.remove(pos);
            Ok(())
        })
    }

    /// The key slots, passphrase slot first.
    pub fn key_slots(&self) -> Vec<KeySlotInfo> {
        self.lock().slots.iter().map(slot_info).collect()
    }

    /// Generates a [`VaultKey`], stores it in `store` under `entry`, and adds a key slot for it,
    /// so [`Vault::open_with_store`] can open the vault without the passphrase. Returns the slot
    /// id. If adding the slot fails, the key is deleted from `store` again. Any key already
    /// stored under `entry` is replaced (its slot, if in this vault, stays until
    /// [`Vault::remove_key_slot`]).
    pub fn enroll_key(&self, store: &dyn SecretStore, entry: &str) -> Result<String, StoreError> {
        validate_id(entry)?;
        let key = VaultKey::generate();
        store.put(entry, &key.to_secret())?;
        self.add_key_slot(&key).inspect_err(|_| {
            let _ = store.delete(entry);
        })
    }
}

impl SecretStore for Vault {
    fn put(&self, id: &str, secret: &Secret) -> Result<(), StoreError> {
        validate_id(id)?;
        self.mutate(|inner, _| {
            inner.contents.secrets.insert(id.to_owned(), secret.clone());
            Ok(())
        })
    }

    fn get(&self, id: &str) -> Result<Option<Secret>, StoreError> {
        validate_id(id)?;
        Ok(self.secret(id))
    }

    fn delete(&self, id: &str) -> Result<(), StoreError> {
        validate_id(id)?;
        if !self.lock().contents.secrets.contains_key(id) {
            return Ok(());
        }
        self.mutate(|inner, _| {
            inner.contents.secrets.remove(id);
            Ok(())
        })
    }

    fn list_ids(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.lock().contents.secrets.keys().cloned().collect())
    }
}

/// Entry points for fuzzing the decoders (not a stable API).
#[doc(hidden)]
pub mod fuzzing {
    use super::*;

    /// Decodes `bytes` as a vault file and, when that succeeds, tries to unlock it with
    /// `passphrase` under `limits`. Must never panic.
    pub fn decode_and_unlock(
        bytes: &[u8],
        passphrase: &str,
        limits: &KdfLimits,
    ) -> Result<usize, StoreError> {
        VaultInfo::from_bytes(bytes)?;
        VaultContents::decrypt(bytes, Unlock::Passphrase(passphrase), limits)
            .map(|c| c.accounts().len())
    }

    /// Parses `json` as a decrypted payload. Must never panic.
    pub fn decode_payload(json: &[u8]) -> Result<usize, StoreError> {
        payload::decode_json(json).map(|c| c.accounts.as_slice().len())
    }

    /// Rewrites the preamble check and the trailing checksum of a candidate file so the fuzzer
    /// can reach the header parser and the key slots.
    pub fn fix_checksums(bytes: &mut [u8]) {
        if bytes.len() >= format::PREAMBLE_LEN {
            let digest = {
                use sha2::Digest;
                sha2::Sha256::digest(&bytes[..22])
            };
            bytes[22..30].copy_from_slice(&digest[..8]);
        }
        if bytes.len() >= format::PREAMBLE_LEN + CHECKSUM_LEN {
            let end = bytes.len() - CHECKSUM_LEN;
            let sum = format::file_checksum(&bytes[..end]);
            bytes[end..].copy_from_slice(&sum);
        }
    }
}
