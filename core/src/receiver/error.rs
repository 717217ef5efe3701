//! Typed errors of the receiver module: one enum per concern.

/// Why a message's last line is not an origin-bound one-time code (WICG format).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    /// The last line is empty.
    #[error("the last line of the message is empty")]
    Empty,
    /// The line does not start with `@` followed by a host.
    #[error("the last line does not start with @host")]
    MissingHost,
    /// The host after `@` (or `%`) is not an ASCII DNS name. Carries the host (at most 64 chars).
    #[error("invalid host {0:?} (expected an ASCII DNS name)")]
    InvalidHost(String),
    /// The host is not followed by exactly one space.
    #[error("expected a single space after the host")]
    MissingSeparator,
    /// No `#code` token follows the host.
    #[error("expected #code after the host")]
    MissingCode,
}

/// Why an Android SMS Retriever app hash could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppHashError {
    /// Not a Java-style application id (`com.example.app`: at least two dot-separated segments,
    /// each a letter followed by letters, digits or underscores).
    #[error("invalid Android package name {0:?}")]
    InvalidPackageName(String),
    /// The certificate input is empty.
    #[error("the certificate is empty")]
    EmptyCertificate,
    /// PEM input without a `-----BEGIN CERTIFICATE-----` / `-----END CERTIFICATE-----` block.
    #[error("no PEM CERTIFICATE block found")]
    MissingPemBlock,
    /// The PEM block's body is not valid base64.
    #[error("the PEM certificate body is not valid base64")]
    InvalidPemBase64,
    /// The bytes are not a DER-encoded X.509 certificate (an ASN.1 SEQUENCE spanning the input).
    #[error("not a DER certificate: {0}")]
    InvalidDer(&'static str),
    /// An expected app hash that is not 11 characters of the base64 alphabet. Carries at most
    /// 32 characters of it.
    #[error("invalid app hash {0:?} (expected 11 base64 characters)")]
    InvalidAppHash(String),
}

/// Why an SMS, voice or push message could not be formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The code is not 4–10 ASCII letters or digits with at least one digit (the shape the
    /// Android SMS User Consent API accepts, and what users can type reliably).
    #[error("invalid code: {0}")]
    InvalidCode(&'static str),
    /// The app hash is not 11 characters of the base64 alphabet.
    #[error("invalid app hash {0:?} (expected 11 base64 characters)")]
    InvalidAppHash(String),
    /// The origin host is not an ASCII DNS name.
    #[error("invalid host {0:?} (expected an ASCII DNS name)")]
    InvalidHost(String),
    /// An embedded host was given without a top-level origin host.
    #[error("an embedded host needs an origin host")]
    EmbeddedWithoutOrigin,
    /// The service name is empty or contains a line break.
    #[error("invalid service name (empty or multi-line)")]
    InvalidServiceName,
    /// No digit words for this language (supported: en, es, fr, de, pt, it).
    #[error("unsupported language {0:?}")]
    UnsupportedLanguage(String),
}
