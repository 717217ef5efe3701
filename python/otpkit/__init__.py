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
from ._enums import CodeEvidence, PushStyle, SmsEncoding
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

# --- end storage ---


# --- server helpers (python/src/server.rs) ---

# --- end server ---
