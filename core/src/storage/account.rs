//! The account metadata record, its JSON form, and the in-memory list both stores share.

use super::StoreError;
use crate::params::{Algorithm, OtpKind, OtpParams};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest issuer, label or group name accepted, in bytes.
pub const MAX_FIELD_LEN: usize = 1024;
/// Longest icon accepted, in bytes: room for the embedded `data:` URIs of real icon packs
/// (PNG/SVG of 1 to 25 KB, a third more as base64) with a wide margin.
pub const MAX_ICON_LEN: usize = 256 * 1024;
/// Warning code of an account whose base32 secret had trailing bits that did not fill a byte
/// (see [`Secret::dropped_bits`](crate::Secret::dropped_bits)).
pub const WARNING_SECRET_TRAILING_BITS: &str = "secret_trailing_bits";
/// Longest note accepted, in bytes.
pub const MAX_NOTE_LEN: usize = 64 * 1024;
/// Most groups one account can be in.
pub const MAX_GROUPS: usize = 64;

/// One account's metadata. The secret is stored apart, under the same `id`, in a
/// [`SecretStore`](super::SecretStore).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Random 128-bit id as 32 lower-case hex characters (from the OS CSPRNG).
    pub id: String,
    /// The service, e.g. `ACME Co`.
    pub issuer: Option<String>,
    /// The account name, e.g. `alice@example.com`.
    pub label: String,
    /// Kind, algorithm, digits, period/T0 or counter.
    #[serde(with = "params_serde")]
    pub params: OtpParams,
    /// Free text.
    pub note: Option<String>,
    /// An icon hint (a name or URL the app resolves).
    pub icon: Option<String>,
    /// Group/folder names.
    pub groups: Vec<String>,
    /// Unix seconds when created (from the injected clock).
    pub created: u64,
    /// Unix seconds of the last change.
    pub updated: u64,
    /// Machine-readable findings about the account, set by the store when it is added:
    /// [`WARNING_SECRET_TRAILING_BITS`]. Empty (and absent from the stored JSON) normally.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// What a caller supplies to create an account; the store adds `id`, `created` and `updated`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewAccount {
    pub issuer: Option<String>,
    pub label: String,
    pub params: OtpParams,
    pub note: Option<String>,
    pub icon: Option<String>,
    pub groups: Vec<String>,
}

impl NewAccount {
    /// An account with `label` and `params`, other fields empty.
    pub fn new(label: impl Into<String>, params: OtpParams) -> Self {
        Self {
            label: label.into(),
            params,
            ..Self::default()
        }
    }

    /// Builder: the issuer.
    pub fn with_issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }
}

/// A fresh random account id: 128 bits from the OS CSPRNG as 32 hex characters.
pub fn new_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn check_field(name: &str, value: &str, max: usize) -> Result<(), StoreError> {
    if value.len() > max {
        return Err(StoreError::InvalidAccount {
            reason: format!("{name} is longer than {max} bytes"),
        });
    }
    Ok(())
}

/// Checks parameters and field sizes of an account's metadata.
pub(crate) fn validate_metadata(
    issuer: Option<&str>,
    label: &str,
    params: &OtpParams,
    note: Option<&str>,
    icon: Option<&str>,
    groups: &[String],
) -> Result<(), StoreError> {
    params.validate().map_err(|e| StoreError::InvalidAccount {
        reason: e.to_string(),
    })?;
    check_field("issuer", issuer.unwrap_or(""), MAX_FIELD_LEN)?;
    check_field("label", label, MAX_FIELD_LEN)?;
    check_field("icon", icon.unwrap_or(""), MAX_ICON_LEN)?;
    check_field("note", note.unwrap_or(""), MAX_NOTE_LEN)?;
    if groups.len() > MAX_GROUPS {
        return Err(StoreError::InvalidAccount {
            reason: format!("more than {MAX_GROUPS} groups"),
        });
    }
    for g in groups {
        check_field("group name", g, MAX_FIELD_LEN)?;
    }
    Ok(())
}

impl NewAccount {
    /// Checks parameters and field sizes, as the stores do before adding.
    pub fn validate(&self) -> Result<(), StoreError> {
        validate_metadata(
            self.issuer.as_deref(),
            &self.label,
            &self.params,
            self.note.as_deref(),
            self.icon.as_deref(),
            &self.groups,
        )
    }
}

/// The warnings a store records for an account with `secret`.
pub(crate) fn secret_warnings(secret: &crate::Secret) -> Vec<String> {
    if secret.dropped_bits() > 0 {
        vec![WARNING_SECRET_TRAILING_BITS.to_owned()]
    } else {
        Vec::new()
    }
}

impl Account {
    fn validate(&self) -> Result<(), StoreError> {
        super::validate_id(&self.id)?;
        if self.warnings.len() > MAX_GROUPS || self.warnings.iter().any(|w| w.len() > 64) {
            return Err(StoreError::InvalidAccount {
                reason: "too many or too long warnings".into(),
            });
        }
        validate_metadata(
            self.issuer.as_deref(),
            &self.label,
            &self.params,
            self.note.as_deref(),
            self.icon.as_deref(),
            &self.groups,
        )
    }
}

/// Accounts in insertion order, with the add/update/remove rules both stores share.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AccountList {
    accounts: Vec<Account>,
}

impl AccountList {
    /// Takes accounts read from storage, rejecting duplicate ids and invalid records.
    pub(crate) fn from_stored(accounts: Vec<Account>) -> Result<Self, StoreError> {
        let mut seen = std::collections::HashSet::new();
        for a in &accounts {
            a.validate()
                .map_err(|e| StoreError::corrupted(format!("stored account is invalid: {e}")))?;
            if !seen.insert(a.id.as_str()) {
                return Err(StoreError::corrupted("two stored accounts share an id"));
            }
        }
        Ok(Self { accounts })
    }

    pub(crate) fn as_slice(&self) -> &[Account] {
        &self.accounts
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// Adds `new` with a fresh id, stamped `now`.
    #[cfg(test)]
    pub(crate) fn add(&mut self, new: NewAccount, now: u64) -> Result<Account, StoreError> {
        self.add_with(new, Vec::new(), now)
    }

    /// Adds `new` for `secret` (recording the secret's warnings) with a fresh id, stamped `now`.
    pub(crate) fn add_for(
        &mut self,
        new: NewAccount,
        secret: &crate::Secret,
        now: u64,
    ) -> Result<Account, StoreError> {
        // mOTP/Yandex need the secret's PIN, other kinds must not carry one.
        new.params
            .validate_secret(secret)
            .map_err(|e| StoreError::InvalidAccount {
                reason: e.to_string(),
            })?;
        self.add_with(new, secret_warnings(secret), now)
    }

    fn add_with(
        &mut self,
        new: NewAccount,
        warnings: Vec<String>,
        now: u64,
    ) -> Result<Account, StoreError> {
        new.validate()?;
        let mut id = new_id();
        while self.get(&id).is_some() {
            id = new_id();
        }
        let account = Account {
            id,
            issuer: new.issuer,
            label: new.label,
            params: new.params,
            note: new.note,
            icon: new.icon,
            groups: new.groups,
            created: now,
            updated: now,
            warnings,
        };
        self.accounts.push(account.clone());
        Ok(account)
    }

    /// Inserts a complete record (an import or restore) keeping its id and timestamps.
    pub(crate) fn insert(&mut self, account: Account) -> Result<(), StoreError> {
        account.validate()?;
        if self.get(&account.id).is_some() {
            return Err(StoreError::DuplicateAccount { id: account.id });
        }
        self.accounts.push(account);
        Ok(())
    }

    /// Replaces the metadata of the account with `account.id`; keeps `created`, sets `updated`.
    pub(crate) fn update(&mut self, account: &Account, now: u64) -> Result<Account, StoreError> {
        account.validate()?;
        let slot = self
            .accounts
            .iter_mut()
            .find(|a| a.id == account.id)
            .ok_or_else(|| StoreError::AccountNotFound {
                id: account.id.clone(),
            })?;
        let created = slot.created;
        *slot = Account {
            created,
            updated: now,
            ..account.clone()
        };
        Ok(slot.clone())
    }

    /// Removes and returns the account with `id`.
    pub(crate) fn remove(&mut self, id: &str) -> Result<Account, StoreError> {
        let pos = self
            .accounts
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| StoreError::AccountNotFound {
                id: crate::echo::echo_name(id),
            })?;
        Ok(self.accounts.remove(pos))
    }

    /// Advances an HOTP account's counter by one and returns the new value.
    pub(crate) fn bump_counter(&mut self, id: &str, now: u64) -> Result<u64, StoreError> {
        let account = self
            .accounts
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or_else(|| StoreError::AccountNotFound {
                id: crate::echo::echo_name(id),
            })?;
        match &mut account.params.kind {
            OtpKind::Hotp { counter } => {
                *counter = counter.checked_add(1).ok_or(StoreError::InvalidAccount {
                    reason: "HOTP counter would overflow".into(),
                })?;
                account.updated = now;
                Ok(*counter)
            }
            _ => Err(StoreError::InvalidAccount {
                reason: "only HOTP accounts have a counter".into(),
            }),
        }
    }
}

/// serde mirror of [`OtpParams`] (the core type does not derive serde).
mod params_serde {
    use super::*;

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum KindTag {
        Totp,
        Hotp,
        Steam,
        Motp,
        Yandex,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ParamsRecord {
        kind: KindTag,
        algorithm: String,
        digits: u8,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        period: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        t0: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        counter: Option<u64>,
    }

    pub fn serialize<S: Serializer>(p: &OtpParams, s: S) -> Result<S::Ok, S::Error> {
        let (kind, period, t0, counter) = match p.kind {
            OtpKind::Totp { period, t0 } => (KindTag::Totp, Some(period), Some(t0), None),
            OtpKind::Hotp { counter } => (KindTag::Hotp, None, None, Some(counter)),
            OtpKind::Steam { period } => (KindTag::Steam, Some(period), None, None),
            OtpKind::Motp { period } => (KindTag::Motp, Some(period), None, None),
            OtpKind::Yandex { period } => (KindTag::Yandex, Some(period), None, None),
        };
        ParamsRecord {
            kind,
            algorithm: p.algorithm.as_str().to_owned(),
            digits: p.digits,
            period,
            t0,
            counter,
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OtpParams, D::Error> {
        use serde::de::Error;
        let r = ParamsRecord::deserialize(d)?;
        let algorithm: Algorithm = r
            .algorithm
            .parse()
            .map_err(|_| D::Error::custom("unknown algorithm"))?;
        let kind = match r.kind {
            KindTag::Totp => OtpKind::Totp {
                period: r.period.ok_or_else(|| D::Error::missing_field("period"))?,
                t0: r.t0.unwrap_or(0),
            },
            KindTag::Hotp => OtpKind::Hotp {
                counter: r
                    .counter
                    .ok_or_else(|| D::Error::missing_field("counter"))?,
            },
            KindTag::Steam => OtpKind::Steam {
                period: r.period.ok_or_else(|| D::Error::missing_field("period"))?,
            },
            KindTag::Motp => OtpKind::Motp {
                period: r.period.ok_or_else(|| D::Error::missing_field("period"))?,
            },
            KindTag::Yandex => OtpKind::Yandex {
                period: r.period.ok_or_else(|| D::Error::missing_field("period"))?,
            },
        };
        Ok(OtpParams {
            kind,
            algorithm,
            digits: r.digits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_round_trip_through_json() {
        for params in [
            OtpParams::totp()
                .with_period(60)
                .with_algorithm(Algorithm::Sha512),
            OtpParams::hotp(42).with_digits(8),
            OtpParams::steam(),
            OtpParams::totp().with_algorithm(Algorithm::Sha3_256),
            OtpParams::hotp(3).with_algorithm(Algorithm::Sha384),
            OtpParams::totp().with_algorithm(Algorithm::Sha224),
            OtpParams::totp().with_algorithm(Algorithm::Sha3_512),
            OtpParams::motp(),
            OtpParams::yandex(),
        ] {
            let mut list = AccountList::default();
            let a = list.add(NewAccount::new("x", params), 5).unwrap();
            let json = serde_json::to_string(&a).unwrap();
            let back: Account = serde_json::from_str(&json).unwrap();
            assert_eq!(back, a, "{json}");
        }
    }

    #[test]
    fn ids_are_random_hex() {
        let a = new_id();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, new_id());
    }

    #[test]
    fn update_keeps_created_and_rejects_bad_params() {
        let mut list = AccountList::default();
        let a = list
            .add(NewAccount::new("x", OtpParams::totp()), 5)
            .unwrap();
        let mut changed = a.clone();
        changed.label = "y".into();
        changed.created = 999;
        let u = list.update(&changed, 9).unwrap();
        assert_eq!((u.created, u.updated, u.label.as_str()), (5, 9, "y"));
        changed.params = OtpParams::totp().with_digits(0);
        assert!(matches!(
            list.update(&changed, 10),
            Err(StoreError::InvalidAccount { .. })
        ));
        assert_eq!(list.get(&a.id).unwrap().label, "y");
    }

    #[test]
    fn bump_counter_only_for_hotp() {
        let mut list = AccountList::default();
        let h = list
            .add(NewAccount::new("h", OtpParams::hotp(7)), 1)
            .unwrap();
        let t = list
            .add(NewAccount::new("t", OtpParams::totp()), 1)
            .unwrap();
        assert_eq!(list.bump_counter(&h.id, 2).unwrap(), 8);
        assert!(list.bump_counter(&t.id, 2).is_err());
        assert!(matches!(
            list.bump_counter("nope", 2),
            Err(StoreError::AccountNotFound { .. })
        ));
    }
}
