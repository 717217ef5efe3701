//! Building accounts from the loose fields most app backups store (type name, algorithm name,
//! digits, period, counter), with the same defaults and refusals in every importer.

use crate::params::{Algorithm, OtpKind, OtpParams, DEFAULT_DIGITS, DEFAULT_PERIOD};
use crate::secret::Secret;
use crate::uri::OtpAuthUri;

use super::json;
use super::ImportedAccount;

/// The OTP fields of one entry as read from a file.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Fields<'a> {
    /// `TOTP` (default), `HOTP` or `STEAM`, any case; anything else (mOTP, Yandex, …) is refused.
    pub kind: Option<&'a str>,
    pub algorithm: Option<&'a str>,
    pub digits: Option<u64>,
    pub period: Option<u64>,
    pub counter: Option<u64>,
}

/// Parameters from `fields`, validated. Unknown types and algorithms, MD5 for HOTP/TOTP, and the
/// PIN kinds (mOTP, Yandex: these formats carry no PIN) are an error naming them, for the entry's
/// failure.
pub(crate) fn params(fields: Fields<'_>) -> Result<OtpParams, String> {
    let kind = fields
        .kind
        .map(str::trim)
        .unwrap_or("TOTP")
        .to_ascii_uppercase();
    if kind == "STEAM" {
        return Ok(OtpParams::steam());
    }
    let algorithm = match fields.algorithm.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => a
            .parse::<Algorithm>()
            .map_err(|_| format!("unsupported algorithm {:?}", json::clip(a)))?,
        None => Algorithm::Sha1,
    };
    let digits = fields.digits.unwrap_or(u64::from(DEFAULT_DIGITS));
    let digits = u8::try_from(digits)
        .map_err(|_| format!("digits must be between 1 and 10, got {digits}"))?;
    let kind = match kind.as_str() {
        "TOTP" | "" => OtpKind::Totp {
            period: fields.period.unwrap_or(DEFAULT_PERIOD),
            t0: 0,
        },
        "HOTP" => OtpKind::Hotp {
            counter: fields.counter.unwrap_or(0),
        },
        other => return Err(format!("unsupported token type {:?}", json::clip(other))),
    };
    let params = OtpParams {
        kind,
        algorithm,
        digits,
    };
    params.validate().map_err(|e| e.to_string())?;
    Ok(params)
}

/// A base32 secret, with the error worded for a failure.
pub(crate) fn base32_secret(text: Option<&str>) -> Result<Secret, String> {
    Secret::from_base32(text.unwrap_or_default()).map_err(|e| format!("invalid secret: {e}"))
}

/// An account with `issuer` (trimmed, empty = none) used as both issuer and label prefix.
pub(crate) fn account(
    secret: Secret,
    params: OtpParams,
    issuer: Option<&str>,
    account: Option<&str>,
) -> ImportedAccount {
    let issuer = issuer
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    ImportedAccount::new(OtpAuthUri {
        secret,
        params,
        label_issuer: issuer.clone(),
        issuer,
        account: account.map(str::trim).unwrap_or_default().to_string(),
        extra: Vec::new(),
    })
}

/// Splits `Issuer:account` (or `Issuer: account`), as apps store a combined name.
pub(crate) fn split_name(name: &str) -> (Option<&str>, &str) {
    match name.split_once(':') {
        Some((issuer, account)) if !issuer.trim().is_empty() => {
            (Some(issuer.trim()), account.trim())
        }
        _ => (None, name.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_refusals() {
        let p = params(Fields::default()).unwrap();
        assert_eq!(p, OtpParams::totp());
        let hotp = params(Fields {
            kind: Some("hotp"),
            counter: Some(7),
            algorithm: Some("SHA512"),
            digits: Some(8),
            ..Fields::default()
        })
        .unwrap();
        assert_eq!(hotp.kind, OtpKind::Hotp { counter: 7 });
        assert_eq!(hotp.algorithm, Algorithm::Sha512);
        let steam = params(Fields {
            kind: Some("Steam"),
            digits: Some(6),
            ..Fields::default()
        })
        .unwrap();
        assert_eq!(steam, OtpParams::steam());
        for (kind, algorithm) in [
            ("MOTP", None),
            ("YANDEX", None),
            ("TOTP", Some("WHIRLPOOL")),
        ] {
            let e = params(Fields {
                kind: Some(kind),
                algorithm,
                ..Fields::default()
            })
            .unwrap_err();
            assert!(e.contains("unsupported"), "{e}");
        }
        let md5 = params(Fields {
            algorithm: Some("MD5"),
            ..Fields::default()
        })
        .unwrap_err();
        assert!(md5.contains("MD5 is not supported"), "{md5}");
        let sha3 = params(Fields {
            algorithm: Some("SHA3-256"),
            ..Fields::default()
        })
        .unwrap();
        assert_eq!(sha3.algorithm, Algorithm::Sha3_256);
        assert!(params(Fields {
            digits: Some(0),
            ..Fields::default()
        })
        .is_err());
        assert!(params(Fields {
            period: Some(0),
            ..Fields::default()
        })
        .is_err());
        assert!(params(Fields {
            digits: Some(300),
            ..Fields::default()
        })
        .is_err());
    }

    #[test]
    fn names() {
        assert_eq!(split_name("Deno: Mason"), (Some("Deno"), "Mason"));
        assert_eq!(split_name("Mason"), (None, "Mason"));
        assert_eq!(split_name(":Mason"), (None, ":Mason"));
        assert!(base32_secret(None).is_err());
        assert!(base32_secret(Some("JBSWY3DP")).is_ok());
    }
}
