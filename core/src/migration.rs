//! Google Authenticator `otpauth-migration://offline?data=` import and export.
//!
//! The `data` parameter is standard base64 (percent-encoded in the URI) of a protobuf
//! `MigrationPayload`, with the field numbers used by Google Authenticator, Aegis and
//! dim13/otpauth:
//!
//! ```text
//! MigrationPayload { repeated OtpParameters otp_parameters = 1; int32 version = 2;
//!                    int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5; }
//! OtpParameters    { bytes secret = 1; string name = 2; string issuer = 3; Algorithm algorithm = 4;
//!                    DigitCount digits = 5; OtpType type = 6; int64 counter = 7; }
//! Algorithm  { UNSPECIFIED = 0; SHA1 = 1; SHA256 = 2; SHA512 = 3; MD5 = 4 }
//! DigitCount { UNSPECIFIED = 0; SIX = 1; EIGHT = 2 }
//! OtpType    { UNSPECIFIED = 0; HOTP = 1; TOTP = 2 }
//! ```
//!
//! # Import policy ([`decode`])
//!
//! * The URI is read leniently: scheme and host are case-insensitive, `data` is percent-decoded,
//!   base64 may be padded or not, standard or URL-safe (`-`/`_`), and a space inside `data` is
//!   read as `+` (a `+` that went through form decoding).
//! * `algorithm` UNSPECIFIED → SHA1 (what Google Authenticator itself does); `digits`
//!   UNSPECIFIED → 6; `type` UNSPECIFIED → TOTP.
//! * `algorithm` MD5 → [`MigrationError::UnsupportedAlgorithm`]; any other enum value outside
//!   the schema → [`MigrationError::UnknownEnumValue`] naming the entry and field.
//! * An empty secret, or a negative HOTP counter → [`MigrationError::InvalidEntry`]. The counter
//!   of a TOTP entry is meaningless and ignored.
//! * TOTP entries get period 30 and T0 0: the format cannot carry anything else.
//! * `name` is split like an otpauth label: text before the first `:` becomes
//!   [`OtpAuthUri::label_issuer`] (trimmed; `None` if empty), the rest (leading spaces removed) the
//!   account. `issuer` becomes [`OtpAuthUri::issuer`] (`None` if empty).
//! * Names and issuers that are not valid UTF-8 are decoded lossily (U+FFFD).
//!
//! # Export policy ([`encode`], [`encode_with_batch_size`])
//!
//! Nothing is silently altered: an entry with digits other than 6/8, a period other than 30, a
//! T0 other than 0, an algorithm other than SHA1/SHA256/SHA512 (the format's only HMAC hashes
//! besides MD5), the Steam kind, an HOTP counter above `i64::MAX`, or a label that would not
//! split back into the same `label_issuer`/`account` (a `:` in the issuer prefix, or in an account
//! without one) is rejected with [`MigrationError::Unrepresentable`]. Unknown otpauth query
//! parameters ([`OtpAuthUri::extra`]) have no place in the format and are dropped. `name` is
//! `label_issuer:account` (or `account`); `issuer` is `issuer`, else `label_issuer`.
//!
//! Errors never contain secret bytes.

use std::collections::BTreeMap;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};
use prost::Message as _;
use zeroize::Zeroizing;

use crate::params::{Algorithm, OtpKind, OtpParams, DEFAULT_PERIOD};
use crate::secret::Secret;
use crate::uri::OtpAuthUri;

/// How many entries [`encode`] puts into one migration URI (one QR code), like Google's app.
pub const DEFAULT_BATCH_SIZE: usize = 10;

/// The most parts (QR codes) one migration export may have. Google Authenticator puts about ten
/// accounts in each QR code, so 256 parts hold thousands of accounts; a payload that claims more is
/// refused before anything proportional to its claim is done ([`MigrationError::BatchTooLarge`]).
pub const MAX_BATCH_PARTS: i32 = 256;

/// How many missing batch indices a [`MigrationError::MissingParts`] lists at most.
pub const MISSING_LISTED: usize = 5;

/// The `version` written by [`encode`].
pub const MIGRATION_VERSION: i32 = 1;

const SCHEME: &str = "otpauth-migration";
const HOST: &str = "offline";

/// Why a migration payload could not be read or written. Never carries secret material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrationError {
    /// Not `otpauth-migration://offline`.
    #[error("not a migration URI: expected otpauth-migration://offline?data=...")]
    InvalidScheme,
    /// No (or an empty) `data` query parameter.
    #[error("migration URI has no data parameter")]
    MissingData,
    /// `data` is not base64.
    #[error("migration data is not valid base64")]
    InvalidBase64,
    /// `data` decodes to bytes that are not a migration protobuf.
    #[error("migration data is not a valid protobuf payload")]
    InvalidProtobuf,
    /// Entry `index` uses MD5, which no OTP engine here supports.
    #[error("entry {index}: MD5 is not supported")]
    UnsupportedAlgorithm { index: usize },
    /// Entry `index` has a value outside the schema's enum for `field`
    /// (`algorithm`, `digits` or `type`).
    #[error("entry {index}: unknown {field} value {value}")]
    UnknownEnumValue {
        index: usize,
        field: &'static str,
        value: i32,
    },
    /// Entry `index` is malformed (empty secret, negative counter).
    #[error("entry {index}: {reason}")]
    InvalidEntry { index: usize, reason: String },
    /// Entry `index` cannot be written to a migration payload without changing it.
    #[error("entry {index} cannot be exported: {reason}")]
    Unrepresentable { index: usize, reason: String },
    /// `max_per_batch` was 0.
    #[error("batch size must be at least 1")]
    InvalidBatchSize,
    /// A batch part's `batch_index` is outside `0..batch_size`.
    #[error("batch index {batch_index} is out of range for batch size {batch_size}")]
    BatchIndexOutOfRange { batch_index: i32, batch_size: i32 },
    /// A part belongs to another batch (`field` is `batch_id` or `batch_size`).
    #[error("part does not belong to this batch: {field} is {found}, expected {expected}")]
    BatchMismatch {
        field: &'static str,
        expected: i32,
        found: i32,
    },
    /// A part claims (or an export would need) more than [`MAX_BATCH_PARTS`] parts.
    #[error("batch size {batch_size} is over the limit of {max} parts")]
    BatchTooLarge { batch_size: i64, max: i32 },
    /// The same `batch_index` was added twice with different entries.
    #[error("batch part {batch_index} was scanned twice with different contents")]
    ConflictingPart { batch_index: i32 },
    /// [`BatchAssembler::finish`] was called before any part was added.
    #[error("no batch part has been added")]
    NoParts,
    /// [`BatchAssembler::finish`] was called with parts still missing: how many, and the first
    /// few of them (at most [`MISSING_LISTED`], ascending, 0-based).
    #[error("{count} batch part(s) missing: {}", list_indices(first, *count))]
    MissingParts { count: usize, first: Vec<i32> },
}

impl MigrationError {
    /// The variant's name (`"InvalidScheme"`, `"MissingParts"`, ...), stable for bindings and the
    /// shared test vectors.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidScheme => "InvalidScheme",
            Self::MissingData => "MissingData",
            Self::InvalidBase64 => "InvalidBase64",
            Self::InvalidProtobuf => "InvalidProtobuf",
            Self::UnsupportedAlgorithm { .. } => "UnsupportedAlgorithm",
            Self::UnknownEnumValue { .. } => "UnknownEnumValue",
            Self::InvalidEntry { .. } => "InvalidEntry",
            Self::Unrepresentable { .. } => "Unrepresentable",
            Self::InvalidBatchSize => "InvalidBatchSize",
            Self::BatchIndexOutOfRange { .. } => "BatchIndexOutOfRange",
            Self::BatchMismatch { .. } => "BatchMismatch",
            Self::BatchTooLarge { .. } => "BatchTooLarge",
            Self::ConflictingPart { .. } => "ConflictingPart",
            Self::NoParts => "NoParts",
            Self::MissingParts { .. } => "MissingParts",
        }
    }
}

/// "0, 2, 4" or "0, 1, 2, 3, 4, ..." when `count` is more than the listed indices.
fn list_indices(first: &[i32], count: usize) -> String {
    let mut out = first
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if count > first.len() {
        out.push_str(", ...");
    }
    out
}

/// The protobuf messages, hand-written for `prost` (no build script).
mod proto {
    use zeroize::Zeroize;

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct MigrationPayload {
        #[prost(message, repeated, tag = "1")]
        pub otp_parameters: Vec<OtpParameters>,
        #[prost(int32, tag = "2")]
        pub version: i32,
        #[prost(int32, tag = "3")]
        pub batch_size: i32,
        #[prost(int32, tag = "4")]
        pub batch_index: i32,
        #[prost(int32, tag = "5")]
        pub batch_id: i32,
    }

    /// `name` and `issuer` are `string` in the schema; they are read as bytes (same wire type)
    /// so that invalid UTF-8 can be decoded lossily instead of failing the whole payload.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct OtpParameters {
        #[prost(bytes = "vec", tag = "1")]
        pub secret: Vec<u8>,
        #[prost(bytes = "vec", tag = "2")]
        pub name: Vec<u8>,
        #[prost(bytes = "vec", tag = "3")]
        pub issuer: Vec<u8>,
        #[prost(enumeration = "Algorithm", tag = "4")]
        pub algorithm: i32,
        #[prost(enumeration = "DigitCount", tag = "5")]
        pub digits: i32,
        #[prost(enumeration = "OtpType", tag = "6")]
        pub r#type: i32,
        #[prost(int64, tag = "7")]
        pub counter: i64,
    }

    impl Drop for OtpParameters {
        fn drop(&mut self) {
            self.secret.zeroize();
        }
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
    #[repr(i32)]
    pub enum Algorithm {
        Unspecified = 0,
        Sha1 = 1,
        Sha256 = 2,
        Sha512 = 3,
        Md5 = 4,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
    #[repr(i32)]
    pub enum DigitCount {
        Unspecified = 0,
        Six = 1,
        Eight = 2,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
    #[repr(i32)]
    pub enum OtpType {
        Unspecified = 0,
        Hotp = 1,
        Totp = 2,
    }
}

/// One decoded migration URI (one QR code): its entries and batch metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationBatch {
    /// The accounts, in payload order.
    pub entries: Vec<OtpAuthUri>,
    /// How many URIs the export consists of (0 when the exporter did not say).
    pub batch_size: i32,
    /// This URI's 0-based position in the export.
    pub batch_index: i32,
    /// Identifies the export; equal in all its URIs.
    pub batch_id: i32,
    /// Payload format version (Google writes 1).
    pub version: i32,
}

/// Parses an `otpauth-migration://offline?data=...` URI (see the module docs for the policy).
/// A payload claiming more than [`MAX_BATCH_PARTS`] parts is [`MigrationError::BatchTooLarge`].
pub fn decode(uri: &str) -> Result<MigrationBatch, MigrationError> {
    let bytes = decode_data(extract_data(uri)?)?;
    let payload =
        proto::MigrationPayload::decode(&bytes[..]).map_err(|_| MigrationError::InvalidProtobuf)?;
    if payload.batch_size > MAX_BATCH_PARTS {
        return Err(MigrationError::BatchTooLarge {
            batch_size: payload.batch_size.into(),
            max: MAX_BATCH_PARTS,
        });
    }
    let entries = payload
        .otp_parameters
        .iter()
        .enumerate()
        .map(|(index, p)| entry_from_proto(index, p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(MigrationBatch {
        entries,
        batch_size: payload.batch_size,
        batch_index: payload.batch_index,
        batch_id: payload.batch_id,
        version: payload.version,
    })
}

/// Returns the raw (still percent-encoded) value of the `data` parameter.
fn extract_data(uri: &str) -> Result<&str, MigrationError> {
    let uri = uri.trim();
    let (scheme, rest) = uri.split_once("://").ok_or(MigrationError::InvalidScheme)?;
    if !scheme.eq_ignore_ascii_case(SCHEME) {
        return Err(MigrationError::InvalidScheme);
    }
    let rest = rest.split('#').next().unwrap_or_default();
    let (host, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !host.trim_end_matches('/').eq_ignore_ascii_case(HOST) {
        return Err(MigrationError::InvalidScheme);
    }
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| key.eq_ignore_ascii_case("data"))
        .map(|(_, value)| value)
        .filter(|value| !value.trim().is_empty())
        .ok_or(MigrationError::MissingData)
}

/// Percent-decodes and base64-decodes `data` leniently.
fn decode_data(raw: &str) -> Result<Zeroizing<Vec<u8>>, MigrationError> {
    let decoded = Zeroizing::new(percent_decode_str(raw).collect::<Vec<u8>>());
    let mut normalized = Zeroizing::new(Vec::with_capacity(decoded.len()));
    for &b in decoded.iter() {
        match b {
            b' ' | b'-' => normalized.push(b'+'),
            b'_' => normalized.push(b'/'),
            b'\r' | b'\n' | b'\t' => {}
            _ => normalized.push(b),
        }
    }
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    LENIENT
        .decode(&normalized[..])
        .map(Zeroizing::new)
        .map_err(|_| MigrationError::InvalidBase64)
}

fn entry_from_proto(index: usize, p: &proto::OtpParameters) -> Result<OtpAuthUri, MigrationError> {
    let invalid = |reason: &str| MigrationError::InvalidEntry {
        index,
        reason: reason.to_string(),
    };
    let unknown = |field, value| MigrationError::UnknownEnumValue {
        index,
        field,
        value,
    };
    if p.secret.is_empty() {
        return Err(invalid("empty secret"));
    }
    let algorithm = match proto::Algorithm::try_from(p.algorithm) {
        Ok(proto::Algorithm::Unspecified | proto::Algorithm::Sha1) => Algorithm::Sha1,
        Ok(proto::Algorithm::Sha256) => Algorithm::Sha256,
        Ok(proto::Algorithm::Sha512) => Algorithm::Sha512,
        Ok(proto::Algorithm::Md5) => return Err(MigrationError::UnsupportedAlgorithm { index }),
        Err(_) => return Err(unknown("algorithm", p.algorithm)),
    };
    let digits = match proto::DigitCount::try_from(p.digits) {
        Ok(proto::DigitCount::Unspecified | proto::DigitCount::Six) => 6,
        Ok(proto::DigitCount::Eight) => 8,
        Err(_) => return Err(unknown("digits", p.digits)),
    };
    let kind = match proto::OtpType::try_from(p.r#type) {
        Ok(proto::OtpType::Unspecified | proto::OtpType::Totp) => OtpKind::Totp {
            period: DEFAULT_PERIOD,
            t0: 0,
        },
        Ok(proto::OtpType::Hotp) => OtpKind::Hotp {
            counter: u64::try_from(p.counter).map_err(|_| invalid("negative HOTP counter"))?,
        },
        Err(_) => return Err(unknown("type", p.r#type)),
    };
    let secret = Secret::from_bytes(p.secret.clone()).map_err(|_| invalid("empty secret"))?;
    let name = String::from_utf8_lossy(&p.name);
    let (label_issuer, account) = split_name(&name);
    let issuer = String::from_utf8_lossy(&p.issuer).into_owned();
    Ok(OtpAuthUri {
        secret,
        params: OtpParams {
            kind,
            algorithm,
            digits,
        },
        issuer: (!issuer.is_empty()).then_some(issuer),
        label_issuer,
        account,
        extra: Vec::new(),
    })
}

/// Splits `Issuer:account` like an otpauth label.
fn split_name(name: &str) -> (Option<String>, String) {
    match name.split_once(':') {
        Some((issuer, account)) => {
            let issuer = issuer.trim();
            (
                (!issuer.is_empty()).then(|| issuer.to_string()),
                account.trim_start().to_string(),
            )
        }
        None => (None, name.to_string()),
    }
}

/// Exports `entries` as migration URIs of at most [`DEFAULT_BATCH_SIZE`] entries each, sharing a
/// random positive batch id. No entries → no URIs.
pub fn encode(entries: &[OtpAuthUri]) -> Result<Vec<String>, MigrationError> {
    encode_with_batch_size(entries, DEFAULT_BATCH_SIZE, random_batch_id())
}

/// Exports `entries` as migration URIs of at most `max_per_batch` entries each (all entries are
/// checked before anything is written; error indices refer to `entries`). Each URI carries
/// `version` 1, `batch_size` = number of URIs, its `batch_index`, and `batch_id`.
pub fn encode_with_batch_size(
    entries: &[OtpAuthUri],
    max_per_batch: usize,
    batch_id: i32,
) -> Result<Vec<String>, MigrationError> {
    if max_per_batch == 0 {
        return Err(MigrationError::InvalidBatchSize);
    }
    let params = entries
        .iter()
        .enumerate()
        .map(|(index, e)| entry_to_proto(index, e))
        .collect::<Result<Vec<_>, _>>()?;
    let chunks: Vec<&[proto::OtpParameters]> = params.chunks(max_per_batch).collect();
    let batch_size = i32::try_from(chunks.len())
        .ok()
        .filter(|&n| n <= MAX_BATCH_PARTS)
        .ok_or(MigrationError::BatchTooLarge {
            batch_size: chunks.len() as i64,
            max: MAX_BATCH_PARTS,
        })?;
    let engine = base64::engine::general_purpose::STANDARD;
    Ok(chunks
        .into_iter()
        .zip(0..)
        .map(|(chunk, batch_index)| {
            let payload = proto::MigrationPayload {
                otp_parameters: chunk.to_vec(),
                version: MIGRATION_VERSION,
                batch_size,
                batch_index,
                batch_id,
            };
            let bytes = Zeroizing::new(payload.encode_to_vec());
            let b64 = Zeroizing::new(engine.encode(&bytes[..]));
            format!(
                "{SCHEME}://{HOST}?data={}",
                utf8_percent_encode(&b64, NON_ALPHANUMERIC)
            )
        })
        .collect())
}

/// A random batch id in `1..=i32::MAX` from the OS CSPRNG.
pub fn random_batch_id() -> i32 {
    use rand::Rng;
    rand::rngs::OsRng.gen_range(1..=i32::MAX)
}

fn entry_to_proto(index: usize, e: &OtpAuthUri) -> Result<proto::OtpParameters, MigrationError> {
    let unrepresentable = |reason: String| MigrationError::Unrepresentable { index, reason };
    let digits = match e.params.digits {
        6 => proto::DigitCount::Six,
        8 => proto::DigitCount::Eight,
        d => return Err(unrepresentable(format!("{d} digits (only 6 or 8)"))),
    };
    let algorithm = match e.params.algorithm {
        Algorithm::Sha1 => proto::Algorithm::Sha1,
        Algorithm::Sha256 => proto::Algorithm::Sha256,
        Algorithm::Sha512 => proto::Algorithm::Sha512,
        other @ (Algorithm::Md5
        | Algorithm::Sha224
        | Algorithm::Sha384
        | Algorithm::Sha3_224
        | Algorithm::Sha3_256
        | Algorithm::Sha3_384
        | Algorithm::Sha3_512) => {
            return Err(unrepresentable(format!(
                "algorithm {other} (only SHA1, SHA256 or SHA512)"
            )))
        }
    };
    let (otp_type, counter) = match e.params.kind {
        OtpKind::Totp { period, .. } if period != DEFAULT_PERIOD => {
            return Err(unrepresentable(format!(
                "period {period} s (only {DEFAULT_PERIOD})"
            )))
        }
        OtpKind::Totp { t0, .. } if t0 != 0 => {
            return Err(unrepresentable(format!("T0 {t0} (only 0)")))
        }
        OtpKind::Totp { .. } => (proto::OtpType::Totp, 0),
        OtpKind::Hotp { counter } => (
            proto::OtpType::Hotp,
            i64::try_from(counter)
                .map_err(|_| unrepresentable("HOTP counter above i64::MAX".into()))?,
        ),
        OtpKind::Steam { .. } => return Err(unrepresentable("Steam Guard entry".into())),
        OtpKind::Motp { .. } => return Err(unrepresentable("mOTP entry".into())),
        OtpKind::Yandex { .. } => return Err(unrepresentable("Yandex Key entry".into())),
    };
    let label_issuer = e.label_issuer.as_deref().filter(|s| !s.is_empty());
    let name = match label_issuer {
        Some(li) => format!("{li}:{}", e.account),
        None => e.account.clone(),
    };
    if split_name(&name) != (label_issuer.map(str::to_string), e.account.clone()) {
        return Err(unrepresentable(
            "label would not split back into the same issuer prefix and account".into(),
        ));
    }
    let issuer = e
        .issuer
        .as_deref()
        .filter(|s| !s.is_empty())
        .or(label_issuer)
        .unwrap_or_default();
    Ok(proto::OtpParameters {
        secret: e.secret.as_bytes().to_vec(),
        name: name.into_bytes(),
        issuer: issuer.as_bytes().to_vec(),
        algorithm: algorithm as i32,
        digits: digits as i32,
        r#type: otp_type as i32,
        counter,
    })
}

/// Collects the URIs of a multi-QR export (scanned in any order, duplicates tolerated) and
/// yields the entries in batch-index order.
#[derive(Debug, Default, Clone)]
pub struct BatchAssembler {
    batch_id: Option<i32>,
    batch_size: Option<i32>,
    parts: BTreeMap<i32, Vec<OtpAuthUri>>,
}

impl BatchAssembler {
    /// An empty assembler.
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes and adds one part. The first part fixes `batch_id` and `batch_size` (a size of 0
    /// or less is read as 1; one over [`MAX_BATCH_PARTS`] is [`MigrationError::BatchTooLarge`]);
    /// later parts must match. Re-adding a part with identical entries is
    /// a no-op; with different entries it is [`MigrationError::ConflictingPart`]. On error the
    /// assembler is unchanged.
    pub fn add(&mut self, uri: &str) -> Result<(), MigrationError> {
        let batch = decode(uri)?;
        // `decode` refused sizes over MAX_BATCH_PARTS.
        let size = batch.batch_size.max(1);
        if !(0..size).contains(&batch.batch_index) {
            return Err(MigrationError::BatchIndexOutOfRange {
                batch_index: batch.batch_index,
                batch_size: size,
            });
        }
        for (field, expected, found) in [
            ("batch_id", self.batch_id, batch.batch_id),
            ("batch_size", self.batch_size, size),
        ] {
            if let Some(expected) = expected.filter(|&e| e != found) {
                return Err(MigrationError::BatchMismatch {
                    field,
                    expected,
                    found,
                });
            }
        }
        if let Some(existing) = self.parts.get(&batch.batch_index) {
            return if *existing == batch.entries {
                Ok(())
            } else {
                Err(MigrationError::ConflictingPart {
                    batch_index: batch.batch_index,
                })
            };
        }
        self.batch_id = Some(batch.batch_id);
        self.batch_size = Some(size);
        self.parts.insert(batch.batch_index, batch.entries);
        Ok(())
    }

    /// The batch id, once a part has been added.
    pub fn batch_id(&self) -> Option<i32> {
        self.batch_id
    }

    /// How many parts the export has, once a part has been added.
    pub fn batch_size(&self) -> Option<i32> {
        self.batch_size
    }

    /// Batch indices not yet added, ascending (empty before the first part, when the size is
    /// still unknown). At most [`MAX_BATCH_PARTS`] long.
    pub fn missing(&self) -> Vec<i32> {
        (0..self.batch_size.unwrap_or(0))
            .filter(|i| !self.parts.contains_key(i))
            .collect()
    }

    /// How many parts are not yet added (0 before the first part).
    pub fn missing_count(&self) -> usize {
        let size = usize::try_from(self.batch_size.unwrap_or(0)).unwrap_or(0);
        size.saturating_sub(self.parts.len())
    }

    /// The error [`finish`](Self::finish) would return for the parts still missing, if any:
    /// the count and the first [`MISSING_LISTED`] indices.
    pub fn missing_error(&self) -> Option<MigrationError> {
        let count = self.missing_count();
        (count > 0).then(|| MigrationError::MissingParts {
            count,
            first: (0..self.batch_size.unwrap_or(0))
                .filter(|i| !self.parts.contains_key(i))
                .take(MISSING_LISTED)
                .collect(),
        })
    }

    /// True once at least one part has been added and none is missing.
    pub fn is_complete(&self) -> bool {
        self.batch_size.is_some() && self.missing_count() == 0
    }

    /// All entries in batch-index order, or [`MigrationError::NoParts`] /
    /// [`MigrationError::MissingParts`].
    pub fn finish(self) -> Result<Vec<OtpAuthUri>, MigrationError> {
        if self.batch_size.is_none() {
            return Err(MigrationError::NoParts);
        }
        if let Some(e) = self.missing_error() {
            return Err(e);
        }
        Ok(self.parts.into_values().flatten().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totp(label_issuer: Option<&str>, account: &str) -> OtpAuthUri {
        OtpAuthUri {
            secret: Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap(),
            params: OtpParams::totp(),
            issuer: None,
            label_issuer: label_issuer.map(str::to_string),
            account: account.to_string(),
            extra: vec![],
        }
    }

    #[test]
    fn split_name_like_labels() {
        assert_eq!(split_name("a@b"), (None, "a@b".into()));
        assert_eq!(
            split_name("ACME Co: bob:x"),
            (Some("ACME Co".into()), "bob:x".into())
        );
        assert_eq!(split_name(":bob"), (None, "bob".into()));
        assert_eq!(split_name(""), (None, String::new()));
    }

    #[test]
    fn extract_data_is_lenient_about_scheme_host_and_key() {
        assert_eq!(
            extract_data(" OTPAUTH-MIGRATION://Offline/?x=1&DATA=abc#frag "),
            Ok("abc")
        );
        assert_eq!(
            extract_data("otpauth-migration://online?data=abc"),
            Err(MigrationError::InvalidScheme)
        );
        assert_eq!(
            extract_data("otpauth-migration://offline?data="),
            Err(MigrationError::MissingData)
        );
        assert_eq!(
            extract_data("otpauth-migration://offline"),
            Err(MigrationError::MissingData)
        );
    }

    #[test]
    fn decode_data_accepts_all_alphabets() {
        // 0xfb 0xff 0xbf → "+/+/" standard, "-_-_" URL-safe.
        let want = [0xfbu8, 0xff, 0xbf];
        for raw in ["%2B%2F%2B%2F", "-_-_", " / /", "+/+/", "+%2F+/"] {
            assert_eq!(&decode_data(raw).unwrap()[..], &want[..], "{raw}");
        }
        assert_eq!(&decode_data("YQ").unwrap()[..], b"a");
        assert_eq!(&decode_data("YQ%3D%3D").unwrap()[..], b"a");
        assert_eq!(decode_data("Y!Q="), Err(MigrationError::InvalidBase64));
    }

    #[test]
    fn encode_rejects_algorithms_the_format_lacks() {
        for a in Algorithm::ALL {
            let mut e = totp(Some("x"), "a");
            e.params.algorithm = a;
            let r = encode_with_batch_size(&[e], 10, 1);
            match a {
                Algorithm::Sha1 | Algorithm::Sha256 | Algorithm::Sha512 => {
                    assert!(r.is_ok(), "{a}")
                }
                _ => match r {
                    Err(MigrationError::Unrepresentable { index: 0, reason }) => {
                        assert!(reason.contains(a.as_str()), "{reason}")
                    }
                    other => panic!("{a}: {other:?}"),
                },
            }
        }
    }

    #[test]
    fn encode_rejects_ambiguous_labels_and_zero_batch_size() {
        assert!(matches!(
            encode_with_batch_size(&[totp(None, "a:b")], 10, 1),
            Err(MigrationError::Unrepresentable { index: 0, .. })
        ));
        assert!(matches!(
            encode_with_batch_size(&[totp(Some("x"), "ok"), totp(Some("a:b"), "c")], 10, 1),
            Err(MigrationError::Unrepresentable { index: 1, .. })
        ));
        assert!(encode_with_batch_size(&[totp(Some("x"), "a:b")], 10, 1).is_ok());
        assert_eq!(
            encode_with_batch_size(&[totp(None, "a")], 0, 1),
            Err(MigrationError::InvalidBatchSize)
        );
        assert_eq!(encode(&[]), Ok(vec![]));
    }

    #[test]
    fn random_batch_ids_are_positive() {
        for _ in 0..100 {
            assert!(random_batch_id() > 0);
        }
    }
}
