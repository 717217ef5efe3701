"""otpkit: HOTP/TOTP/Steam Guard codes, otpauth:// URIs, Google Authenticator migration, and SMS
receiver/sender helpers (code extraction, origin-bound codes, Android app hash, message bodies).

A thin re-export of the uniffi-generated module ``otpkit.otpkit_ffi``, which loads the Rust
library ``libotpkit_ffi`` shipped next to it. Hot loops should hold a :class:`CodeGenerator`
(keyed once) and pass integers: ``code_number_at(t)`` returns an int and crosses the FFI without
any buffer, while every ``str`` argument or result is copied through a RustBuffer.

Errors are raised as subclasses of :class:`OtpError` (``OtpError.InvalidSecret``,
``OtpError.InvalidParameters``, ``OtpError.InvalidUri``, ``OtpError.InvalidMigration``,
``OtpError.IncompleteBatch``, ``OtpError.InvalidOriginBound``, ``OtpError.InvalidAppHashInput``,
``OtpError.InvalidMessage``); their messages never contain secret material. A Python
:class:`Clock` whose ``now_unix`` raises surfaces as :class:`InternalError` from the call that
read it (uniffi's error for unexpected failures across the FFI).
"""

from ._version import __version__
from .otpkit_ffi import (
    Clock,
    CodeEvidence,
    CodeGenerator,
    CodeSnapshot,
    HashAlgorithm,
    InternalError,
    MigrationAssembler,
    OriginBoundCode,
    OtpAccount,
    OtpError,
    OtpParameters,
    OtpType,
    SmsBodyOptions,
    SmsCode,
    SmsEncoding,
    SmsMessage,
    UriParameter,
    VoiceText,
    account_to_uri,
    android_app_hash,
    canonical_uri,
    extract_code,
    find_origin_bound,
    format_sms,
    generate_secret,
    hotp_code,
    keyword_languages,
    message_languages,
    migration_decode,
    migration_encode,
    normalize_secret,
    parse_origin_bound,
    parse_uri,
    push_message,
    sms_encoding_info,
    system_clock,
    totp_code,
    voice_message,
)

__all__ = [
    "__version__",
    # codes
    "CodeGenerator",
    "CodeSnapshot",
    "hotp_code",
    "totp_code",
    "normalize_secret",
    "generate_secret",
    # parameters and accounts
    "OtpParameters",
    "OtpType",
    "HashAlgorithm",
    "OtpAccount",
    "UriParameter",
    # otpauth:// URIs
    "parse_uri",
    "canonical_uri",
    "account_to_uri",
    # Google Authenticator migration
    "migration_decode",
    "migration_encode",
    "MigrationAssembler",
    # SMS receiver: code extraction and origin-bound codes
    "extract_code",
    "SmsCode",
    "CodeEvidence",
    "parse_origin_bound",
    "find_origin_bound",
    "OriginBoundCode",
    "keyword_languages",
    "message_languages",
    # SMS sender: Android app hash, message bodies, voice and push texts
    "android_app_hash",
    "format_sms",
    "SmsBodyOptions",
    "SmsMessage",
    "SmsEncoding",
    "sms_encoding_info",
    "voice_message",
    "VoiceText",
    "push_message",
    # time
    "Clock",
    "system_clock",
    # errors
    "OtpError",
    "InternalError",
]

# Server verification helpers (otpkit::server): TOTP/HOTP checks with throttling and replay
# protection, out-of-band codes, and the shared store (memory or Redis). Expected results are
# typed outcomes (VerifyOutcome, OobOutcome, IssueOutcome); OtpError.StoreFailure means the store
# failed and the check must fail closed.
from .otpkit_ffi import (  # noqa: E402
    CodeFormat,
    CredentialState,
    Delivery,
    DeliveryChannel,
    HotpPolicy,
    IssueOutcome,
    LimitScope,
    MalformedReason,
    OobBinding,
    OobCodes,
    OobOutcome,
    OobPolicy,
    OtpVerifier,
    Pepper,
    RateLimit,
    RedisStoreOptions,
    SendLimits,
    StoreDiagnostic,
    ThrottlePolicy,
    TotpPolicy,
    VerificationStore,
    VerifierConfig,
    VerifyOutcome,
    default_oob_policy,
    default_redis_store_options,
    default_send_limits,
    default_verifier_config,
    no_send_limits,
    strict_verifier_config,
)

__all__ += [
    "OtpVerifier",
    "VerifierConfig",
    "ThrottlePolicy",
    "TotpPolicy",
    "HotpPolicy",
    "RateLimit",
    "default_verifier_config",
    "strict_verifier_config",
    "VerifyOutcome",
    "MalformedReason",
    "CredentialState",
    "OobCodes",
    "OobPolicy",
    "CodeFormat",
    "SendLimits",
    "OobBinding",
    "Delivery",
    "DeliveryChannel",
    "Pepper",
    "OobOutcome",
    "IssueOutcome",
    "LimitScope",
    "default_oob_policy",
    "default_send_limits",
    "no_send_limits",
    "VerificationStore",
    "StoreDiagnostic",
    "RedisStoreOptions",
    "default_redis_store_options",
]

# Storage and imports (otpkit::storage, otpkit::import): the encrypted OtpVault, OtpAccountStore
# over any SecretStore (implement it in Python, or use memory_secret_store()), backup imports and
# exports. A Python SecretStore raises SecretStoreError.Backend; the store reports it as
# OtpError.StorageFailed.
from .otpkit_ffi import (  # noqa: E402
    AccountRecord,
    ImportedBackup,
    ImportFailureRecord,
    ImportSummary,
    OtpAccountStore,
    OtpVault,
    SecretStore,
    SecretStoreError,
    export_aegis,
    export_otpauth_list,
    import_backup,
    memory_secret_store,
)

__all__ += [
    "OtpVault",
    "OtpAccountStore",
    "AccountRecord",
    "SecretStore",
    "SecretStoreError",
    "memory_secret_store",
    "import_backup",
    "ImportedBackup",
    "ImportSummary",
    "ImportFailureRecord",
    "export_otpauth_list",
    "export_aegis",
]
