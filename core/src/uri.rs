//! otpauth:// URIs: parsed leniently, emitted canonically.
//!
//! # Parsing rules ([`OtpAuthUri::parse`])
//!
//! * Leading/trailing whitespace around the URI is ignored. The scheme (`otpauth:`), the type
//!   (`totp`, `hotp`, `steam`) and the parameter names are case-insensitive; the slashes after
//!   `otpauth:` are optional (`otpauth:/totp/...` is accepted).
//! * `steam://SECRET` (a Steam secret in base32) is a Steam account with issuer `Steam` and an
//!   empty account name. `otpauth://steam/...` and any URI with `encoder=steam` (KeePassXC) are
//!   Steam too; Steam parameters are fixed (SHA1, 5 characters, 30 s), so `algorithm`, `digits`
//!   and `period` are ignored for Steam.
//! * **No fragments.** The label is everything between the type's `/` and the *first* `?`, the
//!   query is everything after it; a `#` anywhere is an ordinary character (authenticator labels
//!   such as `user#1` are common and rarely encoded).
//! * **`+`**: in the query, `+` means a space (form encoding: Google's generators emit
//!   `issuer=Big+Corp`); in the label it is a literal plus (`alice+tag@example.com`). A plus in
//!   the query must therefore be written `%2B`, which is what [`OtpAuthUri::to_uri`] emits.
//! * **Label**: split at the first literal `:` of the still-encoded label, or, when it has none,
//!   at the first `%3A`/`%3a`; each side is then percent-decoded (raw UTF-8 is accepted too) and
//!   trimmed of whitespace. An empty issuer prefix is `None`.
//! * **Known parameters** (`secret`, `issuer`, `algorithm`, `digits`, `period`, `counter`, and
//!   `encoder=steam`) are consumed; when one appears twice the first occurrence wins and later
//!   ones are dropped. `period` is ignored for HOTP and `counter` for TOTP/Steam. Every other
//!   parameter (including `encoder` with another value, and non-standard ones such as `t0`,
//!   `image`) is kept in [`OtpAuthUri::extra`], decoded, in order.
//! * Empty or missing `algorithm`/`digits`/`period` take the defaults SHA1/6/30; an empty
//!   `issuer` is `None`; an empty `secret` is [`UriError::MissingSecret`]; an empty `counter` on a
//!   HOTP URI is [`UriError::MissingCounter`].
//! * Non-numeric `digits`/`period`/`counter` are [`UriError::InvalidParameter`] naming the
//!   parameter; out-of-range values (digits 0 or > 10, period 0) and unknown algorithms are
//!   [`UriError::Params`] with the [`ParamsError`] from [`OtpParams::validate`].
//!
//! # Canonical form ([`OtpAuthUri::to_uri`])
//!
//! `otpauth://{totp|hotp|steam}/{label}?secret={BASE32}&issuer={issuer}&algorithm={A}&digits={n}&period={p}`
//! (`counter={c}` instead of `period` for HOTP; only `secret` and `issuer` for Steam), then the
//! extra parameters. The secret is upper-case base32 without padding; `issuer` is omitted when
//! `None`. Every component is percent-encoded except the RFC 3986 unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`), so spaces are `%20`, `+` is `%2B`, `:` inside a component is `%3A`.
//! The label is `issuer:account` with a literal `:`; when there is no label issuer but the account
//! contains `:`, the label starts with an empty issuer (`:user%3Aname`) so that parsing cannot
//! split the account. Extras named like a known parameter (or `encoder=steam`) are not emitted.
//!
//! # mOTP and Yandex Key (as Aegis reads and writes them)
//!
//! * `motp://LABEL?secret=HEX[&pin=PIN]` is an mOTP account: the secret is **hex** (either case),
//!   emitted lower-case; parameters are fixed (MD5, 6 characters, 10 s), so `algorithm`,
//!   `digits` and `period` are ignored as for Steam.
//! * `otpauth://yaotp/LABEL?secret=BASE32[&pin=PIN]` (also `otpauth://yandex/`) is a Yandex Key
//!   account: SHA256, 8 letters, 30 s, secret of 16 or 26 bytes.
//! * For these two kinds `pin` is a known parameter (first occurrence wins, wiped after use) and
//!   becomes the secret's PIN ([`Secret::pin`]); a URI without one parses, but codes need it
//!   ([`ParamsError::MissingPin`]). For other kinds `pin` is an ordinary extra. The PIN is
//!   emitted as `pin=` after `issuer`.
//!
//! A non-zero TOTP `t0` cannot be expressed in an otpauth URI and is not emitted (parsed URIs
//! always have `t0 = 0`). `parse(to_uri(x)) == x` holds for every `x` whose strings have no
//! leading/trailing whitespace, whose issuers are `None` or non-empty, with `t0 = 0`, Steam
//! params equal to [`OtpParams::steam`] and no extras named like known parameters.

use std::fmt::Write as _;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use zeroize::{Zeroize, Zeroizing};

use crate::params::{
    Algorithm, OtpKind, OtpParams, ParamsError, DEFAULT_DIGITS, DEFAULT_PERIOD, MAX_DIGITS,
};
use crate::secret::{Secret, SecretError};

/// Why an otpauth URI could not be parsed. Never includes the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UriError {
    #[error("not an otpauth URI: expected scheme otpauth://, steam:// or motp://")]
    InvalidScheme,
    #[error("unknown OTP type {0:?} (expected totp, hotp, steam or yaotp)")]
    UnknownType(String),
    #[error("missing secret parameter")]
    MissingSecret,
    #[error("invalid secret: {0}")]
    InvalidSecret(#[from] SecretError),
    #[error("invalid {name} parameter: {value:?}")]
    InvalidParameter { name: &'static str, value: String },
    #[error("hotp URI requires a counter parameter")]
    MissingCounter,
    #[error("invalid parameters: {0}")]
    Params(#[from] ParamsError),
    #[error("invalid percent-encoding or UTF-8 in the {0}")]
    InvalidEncoding(&'static str),
}

/// A non-fatal finding about a parsed URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriWarning {
    /// The secret is shorter than 128 bits.
    ShortSecret { bits: usize },
    /// The label's issuer prefix differs from the `issuer` parameter (both are kept).
    IssuerMismatch {
        label_issuer: String,
        issuer: String,
    },
    /// The base32 secret's length was not a whole number of bytes: its last `bits` bits were
    /// dropped (as 2FAS and Proton do).
    SecretTrailingBits { bits: u8 },
}

impl UriWarning {
    /// A stable machine-readable name: `short_secret`, `issuer_mismatch`, `secret_trailing_bits`.
    pub fn code(&self) -> &'static str {
        match self {
            UriWarning::ShortSecret { .. } => "short_secret",
            UriWarning::IssuerMismatch { .. } => "issuer_mismatch",
            UriWarning::SecretTrailingBits { .. } => "secret_trailing_bits",
        }
    }
}

/// A parsed otpauth URI (an account as an authenticator app sees it).
///
/// There is deliberately no `Display` implementation: the only textual form contains the secret,
/// so it is produced explicitly with [`OtpAuthUri::to_uri`]. `Debug` redacts the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpAuthUri {
    /// The shared secret.
    pub secret: Secret,
    /// Kind (with period/T0 or counter), algorithm and digits.
    pub params: OtpParams,
    /// The `issuer` query parameter, if present and non-empty.
    pub issuer: Option<String>,
    /// The issuer prefix of the label (`Issuer:account`), if any.
    pub label_issuer: Option<String>,
    /// The account name (the label after the issuer prefix), possibly empty.
    pub account: String,
    /// Unknown query parameters, in their original order, re-emitted as given.
    pub extra: Vec<(String, String)>,
}

/// Everything but the RFC 3986 unreserved characters is percent-encoded on output.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query parameters the parser consumes (matched case-insensitively).
const KNOWN_PARAMS: [&str; 6] = [
    "secret",
    "issuer",
    "algorithm",
    "digits",
    "period",
    "counter",
];

/// The URI's type (the otpauth "host", or the `steam:`/`motp:` scheme).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Totp,
    Hotp,
    Steam,
    Motp,
    Yandex,
}

impl Type {
    fn uses_pin(self) -> bool {
        matches!(self, Type::Motp | Type::Yandex)
    }
}

/// A URI cut into its still-encoded parts.
struct RawUri<'a> {
    kind: Type,
    label: &'a str,
    query: &'a str,
    /// The secret in the path of `steam://SECRET`.
    path_secret: Option<&'a str>,
}

/// The first value of each known parameter (first occurrence wins), plus the extras.
#[derive(Default)]
struct Query {
    secret: Option<Zeroizing<String>>,
    /// Only for mOTP and Yandex Key URIs.
    pin: Option<Zeroizing<String>>,
    issuer: Option<String>,
    algorithm: Option<String>,
    digits: Option<String>,
    period: Option<String>,
    counter: Option<String>,
    steam_encoder: bool,
    extra: Vec<(String, String)>,
}

impl OtpAuthUri {
    /// A TOTP account with default parameters (SHA1, 6 digits, 30 s). The issuer, when given and
    /// non-empty, is used both as the `issuer` parameter and as the label prefix, as Google
    /// recommends.
    pub fn new_totp(secret: Secret, issuer: Option<String>, account: String) -> Self {
        let issuer = issuer.filter(|i| !i.is_empty());
        Self {
            secret,
            params: OtpParams::totp(),
            label_issuer: issuer.clone(),
            issuer,
            account,
            extra: Vec::new(),
        }
    }

    /// Parses an `otpauth://`, `steam://` or `motp://` URI leniently (see the [module docs](self)).
    pub fn parse(uri: &str) -> Result<Self, UriError> {
        let raw = split_uri(uri.trim())?;
        let query = parse_query(raw.query, raw.kind.uses_pin())?;

        let kind = if query.steam_encoder && !raw.kind.uses_pin() {
            Type::Steam
        } else {
            raw.kind
        };

        // `steam://SECRET`: the path holds the secret (a `secret` parameter is the fallback).
        let secret_text: Zeroizing<String> = match raw.path_secret {
            Some(path) if !path.is_empty() => Zeroizing::new(decode(path, false, "secret")?),
            _ => query.secret.unwrap_or_default(),
        };
        if secret_text.trim().is_empty() {
            return Err(UriError::MissingSecret);
        }
        let mut secret = if kind == Type::Motp {
            Secret::from_hex(&secret_text)?
        } else {
            Secret::from_base32(&secret_text)?
        };
        if let Some(pin) = query.pin.as_deref().filter(|p| !p.is_empty()) {
            secret = secret.with_pin(pin.as_str())?;
        }

        let params = match kind {
            Type::Steam => OtpParams::steam(),
            Type::Motp => OtpParams::motp(),
            Type::Yandex => OtpParams::yandex(),
            Type::Totp | Type::Hotp => {
                let algorithm = match non_empty(&query.algorithm) {
                    Some(a) => a.parse::<Algorithm>()?,
                    None => Algorithm::Sha1,
                };
                let digits = match parse_number::<u32>("digits", &query.digits)? {
                    Some(d) if d > u32::from(MAX_DIGITS) => {
                        return Err(ParamsError::InvalidDigits(d).into())
                    }
                    Some(d) => d as u8,
                    None => DEFAULT_DIGITS,
                };
                let kind = if kind == Type::Hotp {
                    let counter = parse_number::<u64>("counter", &query.counter)?
                        .ok_or(UriError::MissingCounter)?;
                    OtpKind::Hotp { counter }
                } else {
                    let period =
                        parse_number::<u64>("period", &query.period)?.unwrap_or(DEFAULT_PERIOD);
                    OtpKind::Totp { period, t0: 0 }
                };
                OtpParams {
                    kind,
                    algorithm,
                    digits,
                }
            }
        };
        params.validate()?;
        if kind == Type::Yandex {
            // The PIN may come later; the secret's length is checked now.
            let len = secret.as_bytes().len();
            if len != 16 && len != 26 {
                return Err(ParamsError::InvalidYandexSecret(len).into());
            }
        }

        let (label_issuer, account) = split_label(raw.label)?;
        let issuer = match query.issuer {
            Some(i) if !i.trim().is_empty() => Some(i.trim().to_string()),
            _ if raw.path_secret.is_some() => Some("Steam".to_string()),
            _ => None,
        };

        Ok(Self {
            secret,
            params,
            issuer,
            label_issuer,
            account,
            extra: query.extra,
        })
    }

    /// The canonical URI (see the [module docs](self)). It contains the secret: treat it as one.
    pub fn to_uri(&self) -> String {
        let mut out = match self.params.kind {
            OtpKind::Totp { .. } => "otpauth://totp/".to_string(),
            OtpKind::Hotp { .. } => "otpauth://hotp/".to_string(),
            OtpKind::Steam { .. } => "otpauth://steam/".to_string(),
            OtpKind::Motp { .. } => "motp://".to_string(),
            OtpKind::Yandex { .. } => "otpauth://yaotp/".to_string(),
        };
        match &self.label_issuer {
            Some(label_issuer) => {
                out.extend(utf8_percent_encode(label_issuer, COMPONENT));
                out.push(':');
            }
            // An empty issuer prefix keeps a `:` in the account from being read as a separator.
            None if self.account.contains(':') => out.push(':'),
            None => {}
        }
        out.extend(utf8_percent_encode(&self.account, COMPONENT));

        out.push_str("?secret=");
        if let OtpKind::Motp { .. } = self.params.kind {
            out.push_str(&self.secret.to_hex());
        } else {
            out.push_str(&self.secret.to_base32());
        }
        if let Some(issuer) = self.issuer.as_deref().filter(|i| !i.is_empty()) {
            out.push_str("&issuer=");
            out.extend(utf8_percent_encode(issuer, COMPONENT));
        }
        let uses_pin = self.params.kind.uses_pin();
        if let Some(pin) = self.secret.pin().filter(|_| uses_pin) {
            out.push_str("&pin=");
            out.extend(utf8_percent_encode(pin, COMPONENT));
        }
        // Writing to a String cannot fail.
        let p = &self.params;
        match p.kind {
            OtpKind::Totp { period, .. } => {
                let _ = write!(
                    out,
                    "&algorithm={}&digits={}&period={period}",
                    p.algorithm, p.digits
                );
            }
            OtpKind::Hotp { counter } => {
                let _ = write!(
                    out,
                    "&algorithm={}&digits={}&counter={counter}",
                    p.algorithm, p.digits
                );
            }
            OtpKind::Steam { .. } | OtpKind::Motp { .. } | OtpKind::Yandex { .. } => {}
        }
        for (name, value) in &self.extra {
            if is_reserved(name, value, uses_pin) {
                continue;
            }
            out.push('&');
            out.extend(utf8_percent_encode(name, COMPONENT));
            out.push('=');
            out.extend(utf8_percent_encode(value, COMPONENT));
        }
        out
    }

    /// Non-fatal findings: a secret under 128 bits, and a label issuer that differs from the
    /// `issuer` parameter (compared exactly).
    pub fn warnings(&self) -> Vec<UriWarning> {
        let mut warnings = Vec::new();
        if self.secret.is_short() {
            warnings.push(UriWarning::ShortSecret {
                bits: self.secret.bits(),
            });
        }
        if self.secret.dropped_bits() > 0 {
            warnings.push(UriWarning::SecretTrailingBits {
                bits: self.secret.dropped_bits(),
            });
        }
        if let (Some(label_issuer), Some(issuer)) = (&self.label_issuer, &self.issuer) {
            if label_issuer != issuer {
                warnings.push(UriWarning::IssuerMismatch {
                    label_issuer: label_issuer.clone(),
                    issuer: issuer.clone(),
                });
            }
        }
        warnings
    }

    /// The issuer to show: the `issuer` parameter, else the label's issuer prefix.
    pub fn display_issuer(&self) -> Option<&str> {
        self.issuer.as_deref().or(self.label_issuer.as_deref())
    }

    /// The decoded label as an app would show it: `issuer:account`, or just the account.
    pub fn label(&self) -> String {
        match &self.label_issuer {
            Some(i) => format!("{i}:{}", self.account),
            None => self.account.clone(),
        }
    }
}

/// Strips an ASCII prefix case-insensitively.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Cuts the URI into type, label and query (no fragment: `#` is an ordinary character).
fn split_uri(uri: &str) -> Result<RawUri<'_>, UriError> {
    if let Some(rest) = strip_prefix_ci(uri, "otpauth:") {
        let rest = rest.trim_start_matches('/');
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (kind, label) = path.split_once('/').unwrap_or((path, ""));
        let kind = match kind.to_ascii_lowercase().as_str() {
            "totp" => Type::Totp,
            "hotp" => Type::Hotp,
            "steam" => Type::Steam,
            "yaotp" | "yandex" => Type::Yandex,
            _ => return Err(UriError::UnknownType(crate::echo::echo(kind))),
        };
        Ok(RawUri {
            kind,
            label,
            query,
            path_secret: None,
        })
    } else if let Some(rest) = strip_prefix_ci(uri, "motp:") {
        let rest = rest.trim_start_matches('/');
        let (label, query) = rest.split_once('?').unwrap_or((rest, ""));
        Ok(RawUri {
            kind: Type::Motp,
            label,
            query,
            path_secret: None,
        })
    } else if let Some(rest) = strip_prefix_ci(uri, "steam:") {
        let rest = rest.trim_start_matches('/');
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        Ok(RawUri {
            kind: Type::Steam,
            label: "",
            query,
            path_secret: Some(path.trim_end_matches('/')),
        })
    } else {
        Err(UriError::InvalidScheme)
    }
}

/// Splits the encoded label at its first literal `:` (else its first `%3A`/`%3a`), then decodes
/// and trims each side. An empty issuer prefix is `None`.
fn split_label(label: &str) -> Result<(Option<String>, String), UriError> {
    let split = label.find(':').map(|i| (i, i + 1)).or_else(|| {
        label
            .as_bytes()
            .windows(3)
            .position(|w| w[0] == b'%' && w[1] == b'3' && w[2].eq_ignore_ascii_case(&b'a'))
            .map(|i| (i, i + 3))
    });
    let (issuer, account) = match split {
        Some((end, start)) => (Some(&label[..end]), &label[start..]),
        None => (None, label),
    };
    let issuer = match issuer {
        Some(i) => Some(decode(i, false, "label")?.trim().to_string()).filter(|i| !i.is_empty()),
        None => None,
    };
    let account = decode(account, false, "label")?.trim().to_string();
    Ok((issuer, account))
}

/// Parses the query: `&`-separated `name=value` pairs, form-decoded (`+` is a space). `pin` is
/// consumed (as a secret) only when `pin_kind`.
fn parse_query(query: &str, pin_kind: bool) -> Result<Query, UriError> {
    let mut q = Query::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode(name, true, "query")?;
        let key = name.trim().to_ascii_lowercase();
        if key == "secret" {
            let value = Zeroizing::new(decode(value, true, "query")?);
            if q.secret.is_none() {
                q.secret = Some(value);
            }
            continue;
        }
        if key == "pin" && pin_kind {
            let value = Zeroizing::new(decode(value, true, "query")?);
            if q.pin.is_none() {
                q.pin = Some(value);
            }
            continue;
        }
        let value = decode(value, true, "query")?;
        let slot = match key.as_str() {
            "issuer" => &mut q.issuer,
            "algorithm" => &mut q.algorithm,
            "digits" => &mut q.digits,
            "period" => &mut q.period,
            "counter" => &mut q.counter,
            "encoder" if value.trim().eq_ignore_ascii_case("steam") => {
                q.steam_encoder = true;
                continue;
            }
            _ => {
                q.extra.push((name, value));
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
    Ok(q)
}

/// Names that [`OtpAuthUri::to_uri`] writes itself, so extras with them are not emitted.
fn is_reserved(name: &str, value: &str, pin_kind: bool) -> bool {
    let key = name.trim().to_ascii_lowercase();
    KNOWN_PARAMS.contains(&key.as_str())
        || (key == "encoder" && value.trim().eq_ignore_ascii_case("steam"))
        || (key == "pin" && pin_kind)
}

/// The trimmed value when present and non-empty.
fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A numeric parameter: `None` when missing or empty, an error naming it when not a number.
fn parse_number<T: std::str::FromStr>(
    name: &'static str,
    value: &Option<String>,
) -> Result<Option<T>, UriError> {
    match non_empty(value) {
        None => Ok(None),
        Some(v) => v
            .parse::<T>()
            .map(Some)
            .map_err(|_| UriError::InvalidParameter {
                name,
                value: crate::echo::echo(v),
            }),
    }
}

/// Percent-decodes `s` (and `+` to a space when `form`). Malformed escapes such as `%zz` are kept
/// literally; the decoded bytes must be UTF-8.
fn decode(s: &str, form: bool, part: &'static str) -> Result<String, UriError> {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if form => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|e| {
        // The bytes may be part of a secret.
        e.into_bytes().zeroize();
        UriError::InvalidEncoding(part)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn uri_decode_rules() {
        assert_eq!(decode("a+b%20c", true, "query").unwrap(), "a b c");
        assert_eq!(decode("a+b%20c", false, "label").unwrap(), "a+b c");
        assert_eq!(decode("%2B%zz%4", true, "query").unwrap(), "+%zz%4");
        assert_eq!(decode("B%C3%BCcher", false, "label").unwrap(), "Bücher");
        assert_eq!(decode("Bücher", false, "label").unwrap(), "Bücher");
        assert_eq!(
            decode("%FF", false, "label"),
            Err(UriError::InvalidEncoding("label"))
        );
    }

    #[test]
    fn uri_label_split_prefers_literal_colon() {
        let (i, a) = split_label("A%3AB:c").unwrap();
        assert_eq!((i.as_deref(), a.as_str()), (Some("A:B"), "c"));
        let (i, a) = split_label("A%3ab%3Ac").unwrap();
        assert_eq!((i.as_deref(), a.as_str()), (Some("A"), "b:c"));
        let (i, a) = split_label(":a%3Ab").unwrap();
        assert_eq!((i, a.as_str()), (None, "a:b"));
        let (i, a) = split_label("solo").unwrap();
        assert_eq!((i, a.as_str()), (None, "solo"));
    }

    #[test]
    fn uri_emit_parse_round_trip() {
        let mut uri = OtpAuthUri::new_totp(
            Secret::from_base32(SECRET).unwrap(),
            Some("Big Corp".into()),
            "a:b+c@x".into(),
        );
        uri.extra
            .push(("image".into(), "https://x/y.png?a=1&b".into()));
        let text = uri.to_uri();
        assert_eq!(
            text,
            format!(
                "otpauth://totp/Big%20Corp:a%3Ab%2Bc%40x?secret={SECRET}&issuer=Big%20Corp\
                 &algorithm=SHA1&digits=6&period=30&image=https%3A%2F%2Fx%2Fy.png%3Fa%3D1%26b"
            )
        );
        assert_eq!(OtpAuthUri::parse(&text).unwrap(), uri);

        uri.label_issuer = None;
        let text = uri.to_uri();
        assert!(text.starts_with("otpauth://totp/:a%3Ab"), "{text}");
        assert_eq!(OtpAuthUri::parse(&text).unwrap(), uri);
    }

    #[test]
    fn uri_reserved_extras_are_not_emitted() {
        let mut uri = OtpAuthUri::new_totp(Secret::from_base32(SECRET).unwrap(), None, "a".into());
        uri.extra = vec![
            ("Secret".into(), "AAAA".into()),
            ("encoder".into(), "steam".into()),
            ("encoder".into(), "other".into()),
        ];
        assert!(uri.to_uri().ends_with("&period=30&encoder=other"));
    }
}
