"""otpkit: HOTP/TOTP/Steam/mOTP/Yandex codes, otpauth:// URIs, Google Authenticator migration, SMS
receiver/sender helpers, account storage (an encrypted vault or a platform secret store) with
backup imports/exports, and server-side verification (throttling, replay protection, out-of-band
codes).

A thin re-export of the uniffi-generated module ``otpkit.otpkit_ffi``, which loads the Rust
library ``libotpkit_ffi`` shipped next to it.

Secrets and live codes are objects, never plain strings in records: :class:`Secret` (an OTP key:
``Secret.from_base32(text)``, ``Secret.from_bytes(b)``, ``Secret.generate()``),
:class:`OneTimeCode` (``reveal()``) and :class:`SensitiveText` (SMS/voice bodies, ``reveal()``).
Their ``repr``/``str`` are redacted (``Secret(<redacted>, 20 bytes)``), so records holding them
(``OtpAuthUri``, ``CodeSnapshot``, ``SmsCode``, ...) are safe to log; ``==`` compares contents
in constant time.

Hot loops should hold a :class:`CodeGenerator` (keyed once) and pass integers:
``code_number_at(t)`` returns an int and crosses the FFI without any buffer, and
``code_numbers_from(t, n)`` returns ``n`` of them in one call.

All integers are signed; negative or out-of-range values raise ``OtpError.InvalidInput`` with
``kind=InvalidInputKind.PARAMETERS`` and ``field`` naming the argument (never clamped). Every error
is a subclass of :class:`OtpError`: ``OtpError.InvalidInput`` (``kind``, ``field``, ``position``,
``reason``), ``OtpError.IncompleteBatch``, ``OtpError.Authentication`` (``kind``),
``OtpError.NotFound`` (``id``), ``OtpError.Storage`` (``kind``) and ``OtpError.StoreUnavailable``
(the server store failed: fail closed). Reasons never contain secret material. A Python
:class:`TimeSource` whose ``now_unix`` raises surfaces as :class:`InternalError` from the call that
read it (uniffi's error for unexpected failures across the FFI).

Methods that do I/O or slow key derivation are coroutines (``await accounts.export(...)``, run
them with ``asyncio``) with a ``*_blocking`` twin: ``Accounts.create_vault`` / ``open_vault`` /
``import_backup`` / ``export`` / ``change_passphrase``, ``read_backup``, and every ``Verifier``,
``OobCodes`` and Redis ``VerificationStore`` call. Time is injected: a :class:`TimeSource` given at
construction (``system_time_source()`` by default), or an explicit ``unix_time`` argument.
"""

from ._version import __version__
from .otpkit_ffi import (
    CodeGenerator,
    CodeSnapshot,
    HashAlgorithm,
    InternalError,
    OneTimeCode,
    OtpParams,
    Secret,
    SensitiveText,
    TimeSource,
    code_length,
    default_totp,
    fixed_time_source,
    hash_algorithm,
    hotp_code,
    system_time_source,
    totp_code,
)
from .otpkit_ffi import (
    AuthenticationKind,
    InvalidInputKind,
    OtpError,
    StorageFailureKind,
)
from .otpkit_ffi import (
    MigrationAssembler,
    OtpAuthUri,
    UriParameter,
    UriWarning,
    canonical_uri,
    migration_decode,
    migration_encode,
    parse_uri,
    to_uri,
)
from .otpkit_ffi import (
    AppHashMatch,
    CodeEvidence,
    OriginBoundCode,
    PushStyle,
    SmsBodyOptions,
    SmsCode,
    SmsEncoding,
    SmsEncodingInfo,
    SmsMessage,
    SmsWarning,
    TextSpan,
    VoiceMessage,
    android_app_hash,
    check_app_hash,
    extract_code,
    find_origin_bound,
    format_sms,
    keyword_languages,
    message_languages,
    parse_origin_bound,
    push_message,
    sms_encoding_info,
    voice_message,
)

__all__ = [
    "__version__",
    # secrets and live codes
    "Secret",
    "OneTimeCode",
    "SensitiveText",
    # codes
    "CodeGenerator",
    "CodeSnapshot",
    "OtpParams",
    "HashAlgorithm",
    "default_totp",
    "hash_algorithm",
    "code_length",
    "hotp_code",
    "totp_code",
    # time
    "TimeSource",
    "system_time_source",
    "fixed_time_source",
    # otpauth:// URIs
    "OtpAuthUri",
    "UriParameter",
    "UriWarning",
    "parse_uri",
    "to_uri",
    "canonical_uri",
    # Google Authenticator migration
    "migration_decode",
    "migration_encode",
    "MigrationAssembler",
    # SMS receiver: code extraction and origin-bound codes
    "extract_code",
    "SmsCode",
    "TextSpan",
    "CodeEvidence",
    "parse_origin_bound",
    "find_origin_bound",
    "OriginBoundCode",
    "keyword_languages",
    # SMS sender: Android app hash, message bodies, voice and push texts
    "android_app_hash",
    "check_app_hash",
    "AppHashMatch",
    "format_sms",
    "SmsBodyOptions",
    "SmsMessage",
    "SmsEncoding",
    "SmsWarning",
    "SmsEncodingInfo",
    "sms_encoding_info",
    "voice_message",
    "VoiceMessage",
    "push_message",
    "PushStyle",
    "message_languages",
    # errors
    "OtpError",
    "InvalidInputKind",
    "AuthenticationKind",
    "StorageFailureKind",
    "InternalError",
]

# Storage and imports (otpkit::accounts, otpkit::import): one Accounts object over an encrypted
# vault (create_vault/open_vault), a metadata file plus any SecretStore (with_secret_store;
# implement SecretStore in Python or use memory_secret_store()), or memory only (in_memory).
# A Python SecretStore raises SecretStoreError.Backend (Accounts reports it as
# OtpError.Storage(kind=BACKEND)) or, when its key is gone for good, SecretStoreError.KeyLost
# (OtpError.Storage(kind=KEY_LOST): re-enrol the secrets).
from .otpkit_ffi import (  # noqa: E402
    Account,
    AccountCode,
    Accounts,
    AccountUpdate,
    ExportFormat,
    ImportedBackup,
    ImportFailure,
    ImportFormat,
    ImportSummary,
    KdfParams,
    SecretStore,
    SecretStoreError,
    memory_secret_store,
    read_backup,
    read_backup_blocking,
)

__all__ += [
    "Accounts",
    "Account",
    "AccountCode",
    "AccountUpdate",
    "KdfParams",
    "SecretStore",
    "SecretStoreError",
    "memory_secret_store",
    "ImportFormat",
    "ExportFormat",
    "read_backup",
    "read_backup_blocking",
    "ImportedBackup",
    "ImportSummary",
    "ImportFailure",
]

# Async: the coroutines run on the caller's asyncio event loop. uniffi_set_event_loop(loop) names
# the loop to use when a coroutine's callbacks fire on a thread without a running loop.
from .otpkit_ffi import uniffi_set_event_loop  # noqa: E402

__all__ += ["uniffi_set_event_loop"]

# Server verification helpers (otpkit::server): TOTP/HOTP checks with throttling and replay
# protection, out-of-band codes, and the shared store (memory or Redis). Expected results are
# typed outcomes (VerifyOutcome, OobOutcome, IssueOutcome); OtpError.StoreUnavailable means the
# store failed and the check must fail closed.
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
    Pepper,
    RateLimit,
    RedisStoreOptions,
    SendLimits,
    StoreDiagnostic,
    ThrottlePolicy,
    TotpPolicy,
    VerificationStore,
    Verifier,
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
    "Verifier",
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
