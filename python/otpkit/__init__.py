"""otpkit: HOTP/TOTP/Steam/mOTP/Yandex codes, otpauth:// URIs, Google Authenticator migration, SMS
receiver/sender helpers, account storage (an encrypted vault or a platform secret store) with
backup imports/exports, and server-side verification (throttling, replay protection, out-of-band
codes, memory or Redis state).

The native part is ``otpkit._native``, a CPython extension (PyO3, abi3, CPython >= 3.9) over the
same Rust surface as the Kotlin and Swift bindings.

Secrets and live codes are objects, never plain strings in records: :class:`Secret` (an OTP key:
``Secret.from_base32(text)``, ``Secret.from_bytes(b)``, ``Secret.generate()``),
:class:`OneTimeCode` (``reveal()``) and :class:`SensitiveText` (SMS/voice bodies, ``reveal()``).
Their ``repr``/``str`` are redacted (``Secret(<redacted>, 20 bytes)``), so records holding them
are safe to log; ``==`` compares contents in constant time.

Every error is an :class:`OtpError`: ``OtpError.InvalidInput`` (``kind``, ``field``,
``position``, ``reason``), ``OtpError.IncompleteBatch``, ``OtpError.Authentication`` (``kind``),
``OtpError.NotFound`` (``id``), ``OtpError.Storage`` (``kind``) and ``OtpError.StoreUnavailable``
(the server store failed: fail closed). Reasons never contain secret material. All integers are
plain ``int``; negative or out-of-range values raise ``OtpError.InvalidInput`` with
``kind=InvalidInputKind.PARAMETERS`` and ``field`` naming the argument (never clamped).

Calls that wait or burn CPU release the GIL, so threads run them in parallel. Slow calls (vault
key derivation, backup import/export, every server-store call) are coroutines for ``asyncio``
(``await accounts.export(...)``) with a ``*_blocking`` twin. Time is injected: a
:class:`TimeSource` given at construction, or an explicit ``unix_time`` argument.
"""

from ._native import __version__
from ._enums import AuthenticationKind, HashAlgorithm, InvalidInputKind, StorageFailureKind
from ._errors import OtpError
from ._native import OneTimeCode, Secret, SensitiveText

__all__ = [
    "__version__",
    # secrets and live codes
    "Secret",
    "OneTimeCode",
    "SensitiveText",
    # errors
    "OtpError",
    "InvalidInputKind",
    "AuthenticationKind",
    "StorageFailureKind",
    "HashAlgorithm",
]

# --- codes, time, URIs, migration (python/src/{codes,time,uri,migration}.rs) ---
from ._native import (  # noqa: E402
    CodeGenerator,
    CodeSnapshot,
    MigrationAssembler,
    OtpAuthUri,
    OtpParams,
    TimeSource,
    UriParameter,
    UriWarning,
    canonical_uri,
    code_length,
    default_totp,
    fixed_time_source,
    hash_algorithm,
    hotp_code,
    migration_decode,
    migration_encode,
    parse_uri,
    system_time_source,
    to_uri,
    totp_code,
)

__all__ += [
    "CodeGenerator",
    "CodeSnapshot",
    "OtpParams",
    "hotp_code",
    "totp_code",
    "default_totp",
    "hash_algorithm",
    "code_length",
    "TimeSource",
    "system_time_source",
    "fixed_time_source",
    "OtpAuthUri",
    "UriParameter",
    "UriWarning",
    "parse_uri",
    "to_uri",
    "canonical_uri",
    "migration_decode",
    "migration_encode",
    "MigrationAssembler",
]

# --- end codes ---


# --- receiver and sender helpers (python/src/receiver.rs) ---
from ._enums import AppHashMatch, CodeEvidence, PushStyle, SmsEncoding
from ._native import (
    OriginBoundCode,
    SmsBodyOptions,
    SmsCode,
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

__all__ += [
    # receiving: code extraction, origin-bound codes, app hash
    "extract_code",
    "SmsCode",
    "TextSpan",
    "CodeEvidence",
    "parse_origin_bound",
    "find_origin_bound",
    "OriginBoundCode",
    "keyword_languages",
    "android_app_hash",
    "check_app_hash",
    "AppHashMatch",
    # sending: SMS, voice and push bodies
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
]

# --- end receiver ---


# --- storage and imports (python/src/storage.rs) ---
from ._enums import ExportFormat, ImportFormat
from ._native import (
    Account,
    AccountCode,
    Accounts,
    AccountUpdate,
    ImportedBackup,
    ImportFailure,
    ImportSummary,
    KdfParams,
    MemorySecretStore,
    memory_secret_store,
    read_backup_blocking,
)
from ._storage import SecretStore, SecretStoreError, read_backup

__all__ += [
    "Accounts",
    "Account",
    "AccountCode",
    "AccountUpdate",
    "KdfParams",
    "SecretStore",
    "SecretStoreError",
    "memory_secret_store",
    "MemorySecretStore",
    "ImportFormat",
    "ExportFormat",
    "read_backup",
    "read_backup_blocking",
    "ImportedBackup",
    "ImportSummary",
    "ImportFailure",
]

# --- end storage ---


# --- server helpers (python/src/server.rs) ---

from ._enums import DeliveryChannel, LimitScope, MalformedReason
from ._native import (
    CodeFormat,
    CredentialState,
    Delivery,
    HotpPolicy,
    IssueOutcome,
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


from ._coroutines import coroutine_functions as _coroutine_functions  # noqa: E402

_coroutine_functions(VerificationStore, ["redis", "redis_cluster"], static=True)
_coroutine_functions(VerificationStore, ["diagnostics"])
_coroutine_functions(Verifier, ["verify_totp", "verify_hotp", "resync_hotp", "unlock", "state"])
_coroutine_functions(OobCodes, ["issue", "resend", "verify", "verify_detailed"])


def _register_close_wakers() -> None:
    """At exit, before the interpreter finalizes: stop the wake-ups of coroutines (storage and
    server) whose work is still running on the pool, and wait for those in progress
    (python/src/wake.rs)."""
    import atexit

    from ._native import _close_wakers

    atexit.register(_close_wakers)


_register_close_wakers()

__all__ += [
    "VerificationStore",
    "StoreDiagnostic",
    "RedisStoreOptions",
    "default_redis_store_options",
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
]

# --- end server ---


# --- out-of-band delivery (python/src/server/{delivery,dispatch}.rs) ---

from ._enums import DeliveryStatus, ProviderKind, SendFailure, TextlocalRegion  # noqa: E402
from ._native import (  # noqa: E402
    DeliveryState,
    DeliveryUpdate,
    DispatchConfig,
    DispatchOutcome,
    Dispatcher,
    FallbackPolicy,
    FallbackStep,
    MessageBirdVoice,
    MessageBirdWhatsApp,
    MessageSender,
    MessageTemplate,
    ProviderConfig,
    ReceiptOutcome,
    RetryPolicy,
    SendRecord,
    TwilioApiKey,
    VonageApplication,
    WhatsAppTemplate,
    check_sender_id,
    default_dispatch_config,
    default_retry_policy,
    render_message_template,
)

_coroutine_functions(Dispatcher, ["start", "advance", "resend", "receipt", "status"])

__all__ += [
    "ProviderKind",
    "ProviderConfig",
    "TwilioApiKey",
    "VonageApplication",
    "WhatsAppTemplate",
    "MessageBirdVoice",
    "MessageBirdWhatsApp",
    "TextlocalRegion",
    "MessageSender",
    "RetryPolicy",
    "default_retry_policy",
    "check_sender_id",
    "MessageTemplate",
    "render_message_template",
    "FallbackStep",
    "FallbackPolicy",
    "DispatchConfig",
    "default_dispatch_config",
    "Dispatcher",
    "DispatchOutcome",
    "SendFailure",
    "ReceiptOutcome",
    "DeliveryUpdate",
    "DeliveryStatus",
    "SendRecord",
    "DeliveryState",
]

# --- end delivery ---
