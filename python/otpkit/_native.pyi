"""Type stubs of the native module ``otpkit._native`` (python/src/*.rs). Public names are
re-exported by ``otpkit``; import them from there."""

from __future__ import annotations

from typing import final

__version__: str

# --- handles (python/src/handles.rs) ---

@final
class Secret:
    """An OTP key; read it back only with ``reveal_base32`` / ``reveal_bytes``."""
    @staticmethod
    def from_base32(text: str) -> Secret: ...
    @staticmethod
    def from_bytes(data: bytes) -> Secret: ...
    @staticmethod
    def generate(bytes: int = 20) -> Secret: ...
    def reveal_base32(self) -> str: ...
    def reveal_bytes(self) -> bytes: ...
    def byte_length(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...

@final
class OneTimeCode:
    """A live one-time code: ``reveal()`` gives its text."""
    def reveal(self) -> str: ...
    def length(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...

@final
class SensitiveText:
    """Text that contains a code or a secret; ``reveal()`` gives it."""
    def __init__(self, text: str) -> None: ...
    def reveal(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...

# --- end handles ---


# --- codes, time, URIs, migration (python/src/{codes,time,uri,migration}.rs) ---

from typing import Any

from ._enums import HashAlgorithm

class OtpParams:
    """What kind of code an account makes (``algorithm`` None means SHA1)."""
    def is_totp(self) -> bool: ...
    def is_hotp(self) -> bool: ...
    def is_steam(self) -> bool: ...
    def is_motp(self) -> bool: ...
    def is_yandex(self) -> bool: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    @final
    class TOTP(OtpParams):
        __match_args__ = ("algorithm", "digits", "period", "t0")
        def __init__(
            self, algorithm: HashAlgorithm | None = None, digits: int = 6, period: int = 30, t0: int = 0
        ) -> None: ...
        @property
        def algorithm(self) -> HashAlgorithm | None: ...
        @property
        def digits(self) -> int: ...
        @property
        def period(self) -> int: ...
        @property
        def t0(self) -> int: ...
    @final
    class HOTP(OtpParams):
        __match_args__ = ("algorithm", "digits", "counter")
        def __init__(self, algorithm: HashAlgorithm | None = None, digits: int = 6, counter: int = 0) -> None: ...
        @property
        def algorithm(self) -> HashAlgorithm | None: ...
        @property
        def digits(self) -> int: ...
        @property
        def counter(self) -> int: ...
    @final
    class STEAM(OtpParams):
        __match_args__ = ("period",)
        def __init__(self, period: int = 30) -> None: ...
        @property
        def period(self) -> int: ...
    @final
    class MOTP(OtpParams):
        __match_args__ = ("period",)
        def __init__(self, period: int = 10) -> None: ...
        @property
        def period(self) -> int: ...
    @final
    class YANDEX(OtpParams):
        __match_args__ = ("period",)
        def __init__(self, period: int = 30) -> None: ...
        @property
        def period(self) -> int: ...

def default_totp() -> OtpParams: ...
def hash_algorithm(params: OtpParams) -> HashAlgorithm: ...
def code_length(params: OtpParams) -> int: ...

@final
class CodeSnapshot:
    """Current and next code, seconds remaining, moving factor, start of validity."""
    def __init__(
        self, *, current: OneTimeCode, next: OneTimeCode, remaining: int, counter: int, valid_from: int
    ) -> None: ...
    @property
    def current(self) -> OneTimeCode: ...
    @property
    def next(self) -> OneTimeCode: ...
    @property
    def remaining(self) -> int: ...
    @property
    def counter(self) -> int: ...
    @property
    def valid_from(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...

class TimeSource:
    """Subclass and implement ``now_unix()`` to inject time."""
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def now_unix(self) -> int: ...

def system_time_source() -> TimeSource: ...
def fixed_time_source(unix_time: int) -> TimeSource: ...

@final
class CodeGenerator:
    """A pre-keyed generator: create once, then ask for codes by time or counter."""
    def __init__(
        self, secret: Secret, params: OtpParams | None = None, pin: SensitiveText | None = None
    ) -> None: ...
    @staticmethod
    def from_uri(uri: str) -> CodeGenerator: ...
    @staticmethod
    def from_account(account: OtpAuthUri) -> CodeGenerator: ...
    def params(self) -> OtpParams: ...
    def code_at(self, unix_time: int) -> str: ...
    def code_for_counter(self, counter: int) -> str: ...
    def code_number_at(self, unix_time: int) -> int: ...
    def code_numbers_from(self, start_unix: int, count: int) -> list[int]: ...
    def snapshot_at(self, unix_time: int) -> CodeSnapshot: ...
    def snapshot(self, time_source: TimeSource) -> CodeSnapshot: ...
    def verify_at(self, code: str, unix_time: int, window: int = 1) -> int | None: ...

def hotp_code(secret: Secret, counter: int, algorithm: HashAlgorithm | None = None, digits: int = 6) -> str: ...
def totp_code(secret: Secret, unix_time: int, params: OtpParams | None = None) -> str: ...

class UriWarning:
    """A finding about a parsed URI or a stored account."""
    def is_short_secret(self) -> bool: ...
    def is_issuer_mismatch(self) -> bool: ...
    def is_secret_trailing_bits(self) -> bool: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    @final
    class SHORT_SECRET(UriWarning):
        __match_args__ = ("bits",)
        def __init__(self, bits: int) -> None: ...
        @property
        def bits(self) -> int: ...
    @final
    class ISSUER_MISMATCH(UriWarning):
        __match_args__ = ("label_issuer", "issuer")
        def __init__(self, label_issuer: str, issuer: str) -> None: ...
        @property
        def label_issuer(self) -> str: ...
        @property
        def issuer(self) -> str: ...
    @final
    class SECRET_TRAILING_BITS(UriWarning):
        __match_args__ = ("bits",)
        def __init__(self, bits: int) -> None: ...
        @property
        def bits(self) -> int: ...

@final
class UriParameter:
    """An unknown otpauth query parameter, kept as given."""
    def __init__(self, *, name: str, value: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

@final
class OtpAuthUri:
    """An account as an otpauth URI describes it (fields settable, like a dataclass)."""
    secret: Secret
    account: str
    issuer: str | None
    params: OtpParams | None
    label_issuer: str | None
    extra: list[UriParameter]
    warnings: list[UriWarning]
    pin: SensitiveText | None
    def __init__(
        self,
        *,
        secret: Secret,
        account: str,
        issuer: str | None = None,
        params: OtpParams | None = None,
        label_issuer: str | None = None,
        extra: list[UriParameter] = ...,
        warnings: list[UriWarning] = ...,
        pin: SensitiveText | None = None,
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...

def parse_uri(uri: str) -> OtpAuthUri: ...
def to_uri(account: OtpAuthUri) -> str: ...
def canonical_uri(uri: str) -> str: ...
def migration_decode(uri: str) -> list[OtpAuthUri]: ...
def migration_encode(accounts: list[OtpAuthUri], batch_size: int = 10) -> list[str]: ...

@final
class MigrationAssembler:
    """Collects the parts of a multi-QR export in any order and reports missing ones."""
    def __init__(self) -> None: ...
    def add(self, uri: str) -> None: ...
    def missing(self) -> list[int]: ...
    def is_complete(self) -> bool: ...
    def finish(self) -> list[OtpAuthUri]: ...

# --- end codes ---


# --- receiver and sender helpers (python/src/receiver.rs) ---

from ._enums import AppHashMatch, CodeEvidence, PushStyle, SmsEncoding

@final
class TextSpan:
    """A half-open range ``[start, end)`` in one unit (bytes, UTF-16 code units or code points)."""
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    def __init__(self, *, start: int, end: int) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

@final
class SmsCode:
    """A code found in a message; ``text[c.start:c.end]`` is the code as displayed."""
    @property
    def code(self) -> OneTimeCode: ...
    @property
    def utf8(self) -> TextSpan: ...
    @property
    def utf16(self) -> TextSpan: ...
    @property
    def scalars(self) -> TextSpan: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def evidence(self) -> CodeEvidence: ...
    @property
    def confidence(self) -> int: ...
    @property
    def origin(self) -> str | None: ...
    @property
    def embedded_origin(self) -> str | None: ...
    @property
    def keyword(self) -> str | None: ...
    @property
    def language(self) -> str | None: ...
    def __init__(
        self,
        *,
        code: OneTimeCode,
        utf8: TextSpan,
        utf16: TextSpan,
        scalars: TextSpan,
        evidence: CodeEvidence,
        confidence: int,
        origin: str | None = None,
        embedded_origin: str | None = None,
        keyword: str | None = None,
        language: str | None = None,
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...

@final
class OriginBoundCode:
    """A parsed origin-bound code (``@host #code [@embedded]``); ``text[o.start:o.end]`` is the code."""
    @property
    def host(self) -> str: ...
    @property
    def embedded_host(self) -> str | None: ...
    @property
    def code(self) -> OneTimeCode: ...
    @property
    def utf8(self) -> TextSpan: ...
    @property
    def utf16(self) -> TextSpan: ...
    @property
    def scalars(self) -> TextSpan: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def strict(self) -> bool: ...
    def __init__(
        self,
        *,
        host: str,
        code: OneTimeCode,
        utf8: TextSpan,
        utf16: TextSpan,
        scalars: TextSpan,
        strict: bool,
        embedded_host: str | None = None,
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...

def extract_code(message: str) -> SmsCode | None: ...
def parse_origin_bound(message: str) -> OriginBoundCode: ...
def find_origin_bound(message: str) -> OriginBoundCode | None: ...
def android_app_hash(package_name: str, certificate: bytes) -> str: ...
def check_app_hash(message: str, app_hash: str) -> AppHashMatch: ...
def keyword_languages() -> list[str]: ...

class SmsWarning:
    """A finding about a formatted SMS."""
    def is_MULTIPLE_SEGMENTS(self) -> bool: ...
    def is_multiple_segments(self) -> bool: ...
    def is_UCS2(self) -> bool: ...
    def is_ucs2(self) -> bool: ...
    def __eq__(self, other: object) -> bool: ...
    @final
    class MULTIPLE_SEGMENTS(SmsWarning):
        """The body needs more than one SMS segment."""
        @property
        def segments(self) -> int: ...
        def __init__(self, segments: int) -> None: ...
    @final
    class UCS2(SmsWarning):
        """A character outside GSM-7 forces UCS-2 (70 characters per segment)."""
        def __init__(self) -> None: ...

@final
class SmsEncodingInfo:
    """Encoding and length of a text as an SMS (``units``: GSM-7 septets or UCS-2 code units)."""
    @property
    def encoding(self) -> SmsEncoding: ...
    @property
    def units(self) -> int: ...
    @property
    def segments(self) -> int: ...
    @property
    def non_gsm_chars(self) -> list[str]: ...
    def __init__(self, *, encoding: SmsEncoding, units: int, segments: int, non_gsm_chars: list[str]) -> None: ...
    def __eq__(self, other: object) -> bool: ...

@final
class SmsMessage:
    """A formatted SMS body (it holds the code) with its encoding, length and warnings."""
    @property
    def body(self) -> SensitiveText: ...
    @property
    def info(self) -> SmsEncodingInfo: ...
    @property
    def warnings(self) -> list[SmsWarning]: ...
    def __init__(self, *, body: SensitiveText, info: SmsEncodingInfo, warnings: list[SmsWarning]) -> None: ...
    def __eq__(self, other: object) -> bool: ...

@final
class SmsBodyOptions:
    """What to put in an SMS body besides the code."""
    @property
    def service(self) -> str: ...
    @property
    def validity_minutes(self) -> int | None: ...
    @property
    def app_hash(self) -> str | None: ...
    @property
    def origin_host(self) -> str | None: ...
    @property
    def embedded_host(self) -> str | None: ...
    def __init__(
        self,
        *,
        service: str,
        validity_minutes: int | None = None,
        app_hash: str | None = None,
        origin_host: str | None = None,
        embedded_host: str | None = None,
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...

@final
class VoiceMessage:
    """A voice (text-to-speech) message: plain text and SSML, both holding the code."""
    @property
    def text(self) -> SensitiveText: ...
    @property
    def ssml(self) -> SensitiveText: ...
    def __init__(self, *, text: SensitiveText, ssml: SensitiveText) -> None: ...
    def __eq__(self, other: object) -> bool: ...

def format_sms(code: str, options: SmsBodyOptions) -> SmsMessage: ...
def sms_encoding_info(text: str) -> SmsEncodingInfo: ...
def voice_message(code: str, service: str, language: str = "en") -> VoiceMessage: ...
def push_message(
    code: str, service: str, style: PushStyle, language: str = "en", validity_minutes: int | None = None
) -> str: ...
def message_languages() -> list[str]: ...

# --- end receiver ---


# --- storage and imports (python/src/storage.rs) ---

import os
from typing import List as _List, Optional as _Optional, Union as _Union

from ._enums import ExportFormat, ImportFormat
from ._storage import SecretStore

_Path = _Union[str, "os.PathLike[str]"]
_Bytes = _Union[bytes, bytearray]

@final
class KdfParams:
    """Argon2id cost of a vault passphrase (default 64 MiB, 3 passes, 1 lane)."""
    memory_kib: int
    iterations: int
    parallelism: int
    def __init__(self, *, memory_kib: int = 65536, iterations: int = 3, parallelism: int = 1) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

@final
class AccountUpdate:
    """New metadata for an account (``Accounts.update``)."""
    label: str
    issuer: _Optional[str]
    note: _Optional[str]
    icon: _Optional[str]
    groups: _List[str]
    def __init__(self, *, label: str, issuer: _Optional[str] = None, note: _Optional[str] = None,
                 icon: _Optional[str] = None, groups: _List[str] = ...) -> None: ...
    def __eq__(self, other: object) -> bool: ...

@final
class Account:
    """One stored account (metadata only: the secret stays in the store)."""
    def __init__(self, *, id: str, label: str, params: OtpParams, created: int, updated: int,
                 issuer: _Optional[str] = None, note: _Optional[str] = None, icon: _Optional[str] = None,
                 groups: _List[str] = ..., warnings: _List[UriWarning] = ...) -> None: ...
    @property
    def id(self) -> str: ...
    @property
    def issuer(self) -> _Optional[str]: ...
    @property
    def label(self) -> str: ...
    @property
    def params(self) -> OtpParams: ...
    @property
    def note(self) -> _Optional[str]: ...
    @property
    def icon(self) -> _Optional[str]: ...
    @property
    def groups(self) -> _List[str]: ...
    @property
    def created(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def warnings(self) -> _List[UriWarning]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class AccountCode:
    """An account and its codes now (``code`` is None for HOTP in a listing)."""
    def __init__(self, *, account: Account, code: _Optional[CodeSnapshot] = None) -> None: ...
    @property
    def account(self) -> Account: ...
    @property
    def code(self) -> _Optional[CodeSnapshot]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class ImportFailure:
    """An entry of a backup that was not imported, and why."""
    index: int
    name: _Optional[str]
    reason: str
    def __init__(self, *, index: int, name: _Optional[str], reason: str) -> None: ...
    def __eq__(self, other: object) -> bool: ...

@final
class ImportSummary:
    """What importing a backup did (one save: all importable accounts, or none)."""
    def __init__(self, *, format: ImportFormat, added: _List[Account] = ...,
                 duplicates: _List[ImportFailure] = ..., unreadable: _List[ImportFailure] = ...,
                 refused: _List[ImportFailure] = ...) -> None: ...
    @property
    def format(self) -> ImportFormat: ...
    @property
    def added(self) -> _List[Account]: ...
    @property
    def duplicates(self) -> _List[ImportFailure]: ...
    @property
    def unreadable(self) -> _List[ImportFailure]: ...
    @property
    def refused(self) -> _List[ImportFailure]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class ImportedBackup:
    """A backup read without storing it."""
    def __init__(self, *, format: ImportFormat, accounts: _List[OtpAuthUri] = ...,
                 unreadable: _List[ImportFailure] = ...) -> None: ...
    @property
    def format(self) -> ImportFormat: ...
    @property
    def accounts(self) -> _List[OtpAuthUri]: ...
    @property
    def unreadable(self) -> _List[ImportFailure]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class MemorySecretStore(SecretStore):
    """The Rust in-memory secret store (``memory_secret_store()``)."""
    def put(self, id: str, secret: bytes) -> None: ...
    def get(self, id: str) -> _Optional[bytes]: ...
    def delete(self, id: str) -> None: ...
    def list_ids(self) -> _List[str]: ...

def memory_secret_store() -> MemorySecretStore: ...

@final
class Accounts:
    """The accounts of one store: an encrypted vault or an account file over a SecretStore."""
    @staticmethod
    async def create_vault(path: _Path, passphrase: str, kdf: _Optional[KdfParams] = None,
                           time: _Optional[TimeSource] = None) -> Accounts: ...
    @staticmethod
    def create_vault_blocking(path: _Path, passphrase: str, kdf: _Optional[KdfParams] = None,
                              time: _Optional[TimeSource] = None) -> Accounts: ...
    @staticmethod
    async def open_vault(path: _Path, passphrase: str, time: _Optional[TimeSource] = None) -> Accounts: ...
    @staticmethod
    def open_vault_blocking(path: _Path, passphrase: str, time: _Optional[TimeSource] = None) -> Accounts: ...
    @staticmethod
    def with_secret_store(store: SecretStore, metadata_path: _Path,
                          time: _Optional[TimeSource] = None) -> Accounts: ...
    @staticmethod
    def in_memory(store: SecretStore, time: _Optional[TimeSource] = None) -> Accounts: ...
    def list(self) -> _List[Account]: ...
    def get(self, id: str) -> _Optional[Account]: ...
    def search(self, query: _Optional[str] = None) -> _List[Account]: ...
    def find(self, query: str) -> Account: ...
    def add(self, account: OtpAuthUri, note: _Optional[str] = None, groups: _List[str] = ...) -> Account: ...
    def add_uri(self, uri: str) -> Account: ...
    def add_secret(self, secret: Secret, label: str, issuer: _Optional[str] = None,
                   params: _Optional[OtpParams] = None) -> Account: ...
    def update(self, id: str, update: AccountUpdate) -> Account: ...
    def remove(self, id: str) -> Account: ...
    def snapshot(self, id: str) -> AccountCode: ...
    def snapshots(self) -> _List[AccountCode]: ...
    def code(self, id: str) -> AccountCode: ...
    def otp_auth_uri(self, id: str) -> OtpAuthUri: ...
    async def import_backup(self, format: ImportFormat, data: _Bytes,
                            password: _Optional[str] = None) -> ImportSummary: ...
    def import_backup_blocking(self, format: ImportFormat, data: _Bytes,
                               password: _Optional[str] = None) -> ImportSummary: ...
    async def export(self, format: ExportFormat, only: _Optional[str] = None,
                     password: _Optional[str] = None) -> str: ...
    def export_blocking(self, format: ExportFormat, only: _Optional[str] = None,
                        password: _Optional[str] = None) -> str: ...
    async def change_passphrase(self, new_passphrase: str, kdf: _Optional[KdfParams] = None) -> None: ...
    def change_passphrase_blocking(self, new_passphrase: str, kdf: _Optional[KdfParams] = None) -> None: ...

async def read_backup(format: ImportFormat, data: _Bytes, password: _Optional[str] = None) -> ImportedBackup: ...
def read_backup_blocking(format: ImportFormat, data: _Bytes,
                         password: _Optional[str] = None) -> ImportedBackup: ...

# --- end storage ---


# --- server helpers (python/src/server.rs) ---

from typing import List, Optional

from ._enums import DeliveryChannel, LimitScope, MalformedReason

@final
class VerificationStore:
    """Throttle state, high-water marks, send counters and challenges: memory or Redis."""
    @staticmethod
    def memory() -> VerificationStore: ...
    @staticmethod
    async def redis(url: str, options: Optional[RedisStoreOptions] = None) -> VerificationStore: ...
    @staticmethod
    def redis_blocking(url: str, options: Optional[RedisStoreOptions] = None) -> VerificationStore: ...
    @staticmethod
    async def redis_cluster(urls: List[str], options: Optional[RedisStoreOptions] = None) -> VerificationStore: ...
    @staticmethod
    def redis_cluster_blocking(urls: List[str], options: Optional[RedisStoreOptions] = None) -> VerificationStore: ...
    async def diagnostics(self) -> List[StoreDiagnostic]: ...
    def diagnostics_blocking(self) -> List[StoreDiagnostic]: ...

@final
class StoreDiagnostic:
    name: str
    message: str
    def __init__(self, *, name: str, message: str) -> None: ...

@final
class RedisStoreOptions:
    prefix: str
    timeout_ms: int
    max_idle: int
    def __init__(self, *, prefix: str = "otpkit", timeout_ms: int = 2000, max_idle: int = 32) -> None: ...

def default_redis_store_options() -> RedisStoreOptions: ...

@final
class RateLimit:
    max: int
    window: int
    def __init__(self, *, max: int, window: int) -> None: ...

@final
class ThrottlePolicy:
    free_failures: int
    base_backoff: int
    max_backoff: int
    max_failures: int
    rate: Optional[RateLimit]
    state_ttl: Optional[int]
    def __init__(
        self,
        *,
        free_failures: int,
        base_backoff: int,
        max_backoff: int,
        max_failures: int,
        rate: Optional[RateLimit],
        state_ttl: Optional[int],
    ) -> None: ...

@final
class TotpPolicy:
    back: int
    forward: int
    drift: Optional[int]
    def __init__(self, *, back: int, forward: int, drift: Optional[int]) -> None: ...

@final
class HotpPolicy:
    look_ahead: int
    resync_window: int
    def __init__(self, *, look_ahead: int, resync_window: int) -> None: ...

@final
class VerifierConfig:
    throttle: ThrottlePolicy
    totp: TotpPolicy
    hotp: HotpPolicy
    def __init__(self, *, throttle: ThrottlePolicy, totp: TotpPolicy, hotp: HotpPolicy) -> None: ...

def default_verifier_config() -> VerifierConfig: ...
def strict_verifier_config() -> VerifierConfig: ...

class VerifyOutcome:
    """The result of a TOTP/HOTP check. Only ``ACCEPTED`` lets the user in."""
    def is_accepted(self) -> bool: ...
    def is_invalid(self) -> bool: ...
    def is_replayed(self) -> bool: ...
    def is_locked(self) -> bool: ...
    def is_expired(self) -> bool: ...
    def is_exhausted(self) -> bool: ...
    def is_rate_limited(self) -> bool: ...
    def is_malformed(self) -> bool: ...
    @final
    class ACCEPTED(VerifyOutcome):
        step: int
        offset: int
        drift: int
        next_counter: int
        def __init__(self, step: int, offset: int, drift: int, next_counter: int) -> None: ...
    @final
    class INVALID(VerifyOutcome):
        remaining: Optional[int]
        def __init__(self, remaining: Optional[int] = None) -> None: ...
    @final
    class REPLAYED(VerifyOutcome):
        def __init__(self) -> None: ...
    @final
    class LOCKED(VerifyOutcome):
        until: int
        def __init__(self, until: int) -> None: ...
    @final
    class EXPIRED(VerifyOutcome):
        def __init__(self) -> None: ...
    @final
    class EXHAUSTED(VerifyOutcome):
        def __init__(self) -> None: ...
    @final
    class RATE_LIMITED(VerifyOutcome):
        retry_after: int
        def __init__(self, retry_after: int) -> None: ...
    @final
    class MALFORMED(VerifyOutcome):
        reason: MalformedReason
        def __init__(self, reason: MalformedReason) -> None: ...

@final
class CredentialState:
    failures: int
    locked_until: int
    high_water: Optional[int]
    drift: int
    def __init__(self, *, failures: int, locked_until: int, high_water: Optional[int], drift: int) -> None: ...

@final
class Verifier:
    """TOTP/Steam/HOTP checks with throttling and replay protection."""
    def __init__(
        self, store: VerificationStore, time: Optional[TimeSource] = None, config: Optional[VerifierConfig] = None
    ) -> None: ...
    def config(self) -> VerifierConfig: ...
    async def verify_totp(
        self, credential_id: str, generator: CodeGenerator, code: str, unix_time: Optional[int] = None
    ) -> VerifyOutcome: ...
    def verify_totp_blocking(
        self, credential_id: str, generator: CodeGenerator, code: str, unix_time: Optional[int] = None
    ) -> VerifyOutcome: ...
    async def verify_hotp(
        self, credential_id: str, generator: CodeGenerator, code: str, unix_time: Optional[int] = None
    ) -> VerifyOutcome: ...
    def verify_hotp_blocking(
        self, credential_id: str, generator: CodeGenerator, code: str, unix_time: Optional[int] = None
    ) -> VerifyOutcome: ...
    async def resync_hotp(
        self, credential_id: str, generator: CodeGenerator, first: str, second: str, unix_time: Optional[int] = None
    ) -> VerifyOutcome: ...
    def resync_hotp_blocking(
        self, credential_id: str, generator: CodeGenerator, first: str, second: str, unix_time: Optional[int] = None
    ) -> VerifyOutcome: ...
    async def unlock(self, credential_id: str, unix_time: Optional[int] = None) -> None: ...
    def unlock_blocking(self, credential_id: str, unix_time: Optional[int] = None) -> None: ...
    async def state(self, credential_id: str, unix_time: Optional[int] = None) -> CredentialState: ...
    def state_blocking(self, credential_id: str, unix_time: Optional[int] = None) -> CredentialState: ...

@final
class Pepper:
    """A server pepper (HMAC key of out-of-band code MACs); only ``key_id`` is readable."""
    def __init__(self, key_id: str, key: bytes) -> None: ...
    @staticmethod
    def generate(key_id: str) -> Pepper: ...
    def key_id(self) -> str: ...

class CodeFormat:
    def is_digits(self) -> bool: ...
    def is_alphanumeric(self) -> bool: ...
    @final
    class DIGITS(CodeFormat):
        length: int
        def __init__(self, length: int) -> None: ...
    @final
    class ALPHANUMERIC(CodeFormat):
        length: int
        def __init__(self, length: int) -> None: ...

@final
class OobPolicy:
    format: CodeFormat
    ttl: int
    max_attempts: int
    resend_cooldown: int
    max_sends: int
    def __init__(
        self, *, format: CodeFormat, ttl: int, max_attempts: int, resend_cooldown: int, max_sends: int
    ) -> None: ...

@final
class SendLimits:
    per_destination: List[RateLimit]
    per_ip: List[RateLimit]
    per_prefix: List[RateLimit]
    prefix_digits: int
    per_country: List[RateLimit]
    global_budget: List[RateLimit]
    def __init__(
        self,
        *,
        per_destination: List[RateLimit],
        per_ip: List[RateLimit],
        per_prefix: List[RateLimit],
        prefix_digits: int,
        per_country: List[RateLimit],
        global_budget: List[RateLimit],
    ) -> None: ...

@final
class Delivery:
    channel: DeliveryChannel
    destination: str
    ip: Optional[str]
    country: Optional[str]
    def __init__(
        self, *, channel: DeliveryChannel, destination: str, ip: Optional[str] = None, country: Optional[str] = None
    ) -> None: ...

@final
class OobBinding:
    purpose: str
    subject: str
    transaction: bytes
    def __init__(self, *, purpose: str, subject: str, transaction: bytes = b"") -> None: ...

def default_oob_policy() -> OobPolicy: ...
def default_send_limits() -> SendLimits: ...
def no_send_limits() -> SendLimits: ...

class OobOutcome:
    def is_accepted(self) -> bool: ...
    def is_invalid(self) -> bool: ...
    def is_expired(self) -> bool: ...
    def is_exhausted(self) -> bool: ...
    def is_malformed(self) -> bool: ...
    @final
    class ACCEPTED(OobOutcome):
        challenge_id: str
        def __init__(self, challenge_id: str) -> None: ...
    @final
    class INVALID(OobOutcome):
        remaining: Optional[int]
        def __init__(self, remaining: Optional[int] = None) -> None: ...
    @final
    class EXPIRED(OobOutcome):
        def __init__(self) -> None: ...
    @final
    class EXHAUSTED(OobOutcome):
        def __init__(self) -> None: ...
    @final
    class MALFORMED(OobOutcome):
        reason: MalformedReason
        def __init__(self, reason: MalformedReason) -> None: ...

class IssueOutcome:
    def is_issued(self) -> bool: ...
    def is_rate_limited(self) -> bool: ...
    def is_unknown_challenge(self) -> bool: ...
    @final
    class ISSUED(IssueOutcome):
        challenge_id: str
        code: OneTimeCode
        expires_at: int
        def __init__(self, challenge_id: str, code: OneTimeCode, expires_at: int) -> None: ...
    @final
    class RATE_LIMITED(IssueOutcome):
        scope: LimitScope
        retry_after: int
        def __init__(self, scope: LimitScope, retry_after: int) -> None: ...
    @final
    class UNKNOWN_CHALLENGE(IssueOutcome):
        def __init__(self) -> None: ...

@final
class OobCodes:
    """Issues, re-sends and verifies out-of-band codes; only a peppered MAC is stored."""
    def __init__(
        self,
        store: VerificationStore,
        peppers: List[Pepper],
        time: Optional[TimeSource] = None,
        policy: Optional[OobPolicy] = None,
        limits: Optional[SendLimits] = None,
    ) -> None: ...
    async def issue(self, binding: OobBinding, delivery: Delivery, unix_time: Optional[int] = None) -> IssueOutcome: ...
    def issue_blocking(
        self, binding: OobBinding, delivery: Delivery, unix_time: Optional[int] = None
    ) -> IssueOutcome: ...
    async def resend(
        self, challenge_id: str, binding: OobBinding, delivery: Delivery, unix_time: Optional[int] = None
    ) -> IssueOutcome: ...
    def resend_blocking(
        self, challenge_id: str, binding: OobBinding, delivery: Delivery, unix_time: Optional[int] = None
    ) -> IssueOutcome: ...
    async def verify(
        self, challenge_id: str, binding: OobBinding, code: str, unix_time: Optional[int] = None
    ) -> OobOutcome: ...
    def verify_blocking(
        self, challenge_id: str, binding: OobBinding, code: str, unix_time: Optional[int] = None
    ) -> OobOutcome: ...
    async def verify_detailed(
        self, challenge_id: str, binding: OobBinding, code: str, unix_time: Optional[int] = None
    ) -> OobOutcome: ...
    def verify_detailed_blocking(
        self, challenge_id: str, binding: OobBinding, code: str, unix_time: Optional[int] = None
    ) -> OobOutcome: ...

# --- end server ---


# --- out-of-band delivery (python/src/server/{delivery,dispatch}.rs) ---

from typing import Dict

from ._enums import DeliveryStatus, ProviderKind, SendFailure, TextlocalRegion

@final
class TwilioApiKey:
    @property
    def sid(self) -> str: ...
    @property
    def secret(self) -> SensitiveText: ...
    def __init__(self, *, sid: str, secret: SensitiveText) -> None: ...

@final
class VonageApplication:
    @property
    def id(self) -> str: ...
    @property
    def private_key(self) -> SensitiveText: ...
    def __init__(self, *, id: str, private_key: SensitiveText) -> None: ...

@final
class WhatsAppTemplate:
    @property
    def name(self) -> str: ...
    @property
    def language(self) -> str: ...
    def __init__(self, *, name: str, language: str) -> None: ...

@final
class MessageBirdVoice:
    @property
    def language(self) -> Optional[str]: ...
    @property
    def voice(self) -> Optional[str]: ...
    @property
    def repeat(self) -> Optional[int]: ...
    @property
    def if_machine(self) -> Optional[str]: ...
    def __init__(
        self,
        *,
        language: Optional[str] = None,
        voice: Optional[str] = None,
        repeat: Optional[int] = None,
        if_machine: Optional[str] = None,
    ) -> None: ...

@final
class MessageBirdWhatsApp:
    @property
    def channel_id(self) -> str: ...
    @property
    def namespace(self) -> str: ...
    @property
    def template_name(self) -> str: ...
    @property
    def language(self) -> str: ...
    def __init__(self, *, channel_id: str, namespace: str, template_name: str, language: str) -> None: ...

class ProviderConfig:
    """One provider's account settings; credentials are SensitiveText (redacted in repr)."""
    def kind(self) -> ProviderKind: ...
    def is_twilio(self) -> bool: ...
    def is_vonage(self) -> bool: ...
    def is_message_bird(self) -> bool: ...
    def is_sleek_flow(self) -> bool: ...
    def is_textlocal(self) -> bool: ...
    def is_dexatel(self) -> bool: ...
    def is_labs_mobile(self) -> bool: ...
    @final
    class TWILIO(ProviderConfig):
        __match_args__ = ("account_sid", "auth_token", "api_key", "base_url", "whatsapp_content_sid", "voice",
                          "voice_language", "voice_name", "voice_repeat")
        account_sid: str
        auth_token: SensitiveText
        api_key: Optional[TwilioApiKey]
        base_url: Optional[str]
        whatsapp_content_sid: Optional[str]
        voice: bool
        voice_language: Optional[str]
        voice_name: Optional[str]
        voice_repeat: Optional[int]
        def __init__(
            self,
            account_sid: str,
            auth_token: SensitiveText,
            api_key: Optional[TwilioApiKey] = None,
            base_url: Optional[str] = None,
            whatsapp_content_sid: Optional[str] = None,
            voice: bool = False,
            voice_language: Optional[str] = None,
            voice_name: Optional[str] = None,
            voice_repeat: Optional[int] = None,
        ) -> None: ...
    @final
    class VONAGE(ProviderConfig):
        __match_args__ = ("api_key", "api_secret", "signature_secret", "application", "jwt_auth", "base_url",
                          "whatsapp_template", "voice_language", "voice_style", "voice_repeat", "webhook_max_age",
                          "jwt_ttl")
        api_key: str
        api_secret: SensitiveText
        signature_secret: SensitiveText
        application: Optional[VonageApplication]
        jwt_auth: bool
        base_url: Optional[str]
        whatsapp_template: Optional[WhatsAppTemplate]
        voice_language: Optional[str]
        voice_style: Optional[int]
        voice_repeat: Optional[int]
        webhook_max_age: Optional[int]
        jwt_ttl: Optional[int]
        def __init__(
            self,
            api_key: str,
            api_secret: SensitiveText,
            signature_secret: SensitiveText,
            application: Optional[VonageApplication] = None,
            jwt_auth: bool = False,
            base_url: Optional[str] = None,
            whatsapp_template: Optional[WhatsAppTemplate] = None,
            voice_language: Optional[str] = None,
            voice_style: Optional[int] = None,
            voice_repeat: Optional[int] = None,
            webhook_max_age: Optional[int] = None,
            jwt_ttl: Optional[int] = None,
        ) -> None: ...
    @final
    class MESSAGE_BIRD(ProviderConfig):
        __match_args__ = ("access_key", "signing_key", "base_url", "conversations_url", "sms_validity", "voice",
                          "whatsapp", "legacy_signature_max_age")
        access_key: SensitiveText
        signing_key: SensitiveText
        base_url: Optional[str]
        conversations_url: Optional[str]
        sms_validity: Optional[int]
        voice: Optional[MessageBirdVoice]
        whatsapp: Optional[MessageBirdWhatsApp]
        legacy_signature_max_age: Optional[int]
        def __init__(
            self,
            access_key: SensitiveText,
            signing_key: SensitiveText,
            base_url: Optional[str] = None,
            conversations_url: Optional[str] = None,
            sms_validity: Optional[int] = None,
            voice: Optional[MessageBirdVoice] = None,
            whatsapp: Optional[MessageBirdWhatsApp] = None,
            legacy_signature_max_age: Optional[int] = None,
        ) -> None: ...
    @final
    class SLEEK_FLOW(ProviderConfig):
        __match_args__ = ("api_key", "webhook_token", "template", "base_url", "copy_code_button")
        api_key: SensitiveText
        webhook_token: SensitiveText
        template: WhatsAppTemplate
        base_url: Optional[str]
        copy_code_button: bool
        def __init__(
            self,
            api_key: SensitiveText,
            webhook_token: SensitiveText,
            template: WhatsAppTemplate,
            base_url: Optional[str] = None,
            copy_code_button: bool = False,
        ) -> None: ...
    @final
    class TEXTLOCAL(ProviderConfig):
        __match_args__ = ("api_key", "receipt_token", "region", "base_url")
        api_key: SensitiveText
        receipt_token: SensitiveText
        region: TextlocalRegion
        base_url: Optional[str]
        def __init__(
            self,
            api_key: SensitiveText,
            receipt_token: SensitiveText,
            region: TextlocalRegion = ...,
            base_url: Optional[str] = None,
        ) -> None: ...
    @final
    class DEXATEL(ProviderConfig):
        __match_args__ = ("api_key", "webhook_secret", "base_url", "whatsapp_template", "voice")
        api_key: SensitiveText
        webhook_secret: SensitiveText
        base_url: Optional[str]
        whatsapp_template: Optional[str]
        voice: bool
        def __init__(
            self,
            api_key: SensitiveText,
            webhook_secret: SensitiveText,
            base_url: Optional[str] = None,
            whatsapp_template: Optional[str] = None,
            voice: bool = False,
        ) -> None: ...
    @final
    class LABS_MOBILE(ProviderConfig):
        __match_args__ = ("username", "api_token", "ack_token", "base_url")
        username: str
        api_token: SensitiveText
        ack_token: SensitiveText
        base_url: Optional[str]
        def __init__(
            self, username: str, api_token: SensitiveText, ack_token: SensitiveText, base_url: Optional[str] = None
        ) -> None: ...

@final
class RetryPolicy:
    attempts: int
    timeout_ms: int
    initial_backoff_ms: int
    max_backoff_ms: int
    def __init__(
        self, *, attempts: int = 3, timeout_ms: int = 10000, initial_backoff_ms: int = 250, max_backoff_ms: int = 4000
    ) -> None: ...

def default_retry_policy() -> RetryPolicy: ...

@final
class MessageSender:
    """Sends messages through one provider account (timeouts, idempotency-aware retries)."""
    def __init__(
        self, config: ProviderConfig, retry: Optional[RetryPolicy] = None, time: Optional[TimeSource] = None
    ) -> None: ...
    def kind(self) -> ProviderKind: ...
    def supports(self, channel: DeliveryChannel) -> bool: ...
    def check_sender(self, channel: DeliveryChannel, sender_id: str, country: Optional[str] = None) -> None: ...

def check_sender_id(sender_id: str, channel: DeliveryChannel, country: Optional[str] = None) -> None: ...

@final
class MessageTemplate:
    channel: DeliveryChannel
    template: str
    def __init__(self, *, channel: DeliveryChannel, template: str) -> None: ...

def render_message_template(template: MessageTemplate, code: str) -> SensitiveText: ...

@final
class FallbackStep:
    channel: DeliveryChannel
    sender: MessageSender
    sender_id: str
    wait: int
    callback_url: Optional[str]
    def __init__(
        self,
        *,
        channel: DeliveryChannel,
        sender: MessageSender,
        sender_id: str,
        wait: int,
        callback_url: Optional[str] = None,
    ) -> None: ...

@final
class FallbackPolicy:
    purpose: str
    steps: List[FallbackStep]
    templates: List[MessageTemplate]
    def __init__(self, *, purpose: str, steps: List[FallbackStep], templates: List[MessageTemplate]) -> None: ...

@final
class DispatchConfig:
    receipt_grace: int
    claim_lease: int
    def __init__(self, *, receipt_grace: int = 3600, claim_lease: int = 120) -> None: ...

def default_dispatch_config() -> DispatchConfig: ...

class DispatchOutcome:
    """Where a challenge's delivery stands after start/advance/resend."""
    def is_sent(self) -> bool: ...
    def is_waiting(self) -> bool: ...
    def is_delivered(self) -> bool: ...
    def is_exhausted(self) -> bool: ...
    def is_rate_limited(self) -> bool: ...
    def is_unknown_challenge(self) -> bool: ...
    def is_send_failed(self) -> bool: ...
    def is_sender_refused(self) -> bool: ...
    @final
    class SENT(DispatchOutcome):
        __match_args__ = ("challenge_id", "step", "channel", "seq", "expires_at", "wait_until")
        challenge_id: str
        step: int
        channel: DeliveryChannel
        seq: int
        expires_at: int
        wait_until: int
        def __init__(
            self, challenge_id: str, step: int, channel: DeliveryChannel, seq: int, expires_at: int, wait_until: int
        ) -> None: ...
    @final
    class WAITING(DispatchOutcome):
        __match_args__ = ("challenge_id", "step", "until")
        challenge_id: str
        step: int
        until: int
        def __init__(self, challenge_id: str, step: int, until: int) -> None: ...
    @final
    class DELIVERED(DispatchOutcome):
        __match_args__ = ("challenge_id", "step", "channel")
        challenge_id: str
        step: int
        channel: DeliveryChannel
        def __init__(self, challenge_id: str, step: int, channel: DeliveryChannel) -> None: ...
    @final
    class EXHAUSTED(DispatchOutcome):
        __match_args__ = ("challenge_id",)
        challenge_id: str
        def __init__(self, challenge_id: str) -> None: ...
    @final
    class RATE_LIMITED(DispatchOutcome):
        __match_args__ = ("scope", "retry_after")
        scope: LimitScope
        retry_after: int
        def __init__(self, scope: LimitScope, retry_after: int) -> None: ...
    @final
    class UNKNOWN_CHALLENGE(DispatchOutcome):
        def __init__(self) -> None: ...
    @final
    class SEND_FAILED(DispatchOutcome):
        __match_args__ = ("provider", "failure", "reason", "provider_code")
        provider: ProviderKind
        failure: SendFailure
        reason: str
        provider_code: Optional[str]
        def __init__(
            self, provider: ProviderKind, failure: SendFailure, reason: str, provider_code: Optional[str] = None
        ) -> None: ...
    @final
    class SENDER_REFUSED(DispatchOutcome):
        __match_args__ = ("rule", "reason")
        rule: str
        reason: str
        def __init__(self, rule: str, reason: str) -> None: ...

@final
class DeliveryUpdate:
    @property
    def challenge_id(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def step(self) -> int: ...
    @property
    def channel(self) -> DeliveryChannel: ...
    @property
    def status(self) -> DeliveryStatus: ...
    @property
    def changed(self) -> bool: ...
    def __init__(
        self, *, challenge_id: str, seq: int, step: int, channel: DeliveryChannel, status: DeliveryStatus, changed: bool
    ) -> None: ...

class ReceiptOutcome:
    """The result of reading a delivery-report webhook (RECORDED/UNKNOWN_MESSAGE → 200,
    UNAUTHENTICATED → 401, MALFORMED → 400, TOO_LARGE → 413)."""
    def is_recorded(self) -> bool: ...
    def is_unauthenticated(self) -> bool: ...
    def is_malformed(self) -> bool: ...
    def is_too_large(self) -> bool: ...
    def is_unknown_message(self) -> bool: ...
    @final
    class RECORDED(ReceiptOutcome):
        __match_args__ = ("updates",)
        updates: List[DeliveryUpdate]
        def __init__(self, updates: List[DeliveryUpdate]) -> None: ...
    @final
    class UNAUTHENTICATED(ReceiptOutcome):
        __match_args__ = ("reason",)
        reason: str
        def __init__(self, reason: str) -> None: ...
    @final
    class MALFORMED(ReceiptOutcome):
        __match_args__ = ("reason",)
        reason: str
        def __init__(self, reason: str) -> None: ...
    @final
    class TOO_LARGE(ReceiptOutcome):
        def __init__(self) -> None: ...
    @final
    class UNKNOWN_MESSAGE(ReceiptOutcome):
        def __init__(self) -> None: ...

@final
class SendRecord:
    @property
    def seq(self) -> int: ...
    @property
    def step(self) -> int: ...
    @property
    def channel(self) -> DeliveryChannel: ...
    @property
    def provider(self) -> ProviderKind: ...
    @property
    def message_id(self) -> Optional[str]: ...
    @property
    def sent_at(self) -> int: ...
    @property
    def status(self) -> DeliveryStatus: ...
    @property
    def updated_at(self) -> int: ...
    @property
    def error(self) -> Optional[str]: ...
    def __init__(
        self,
        *,
        seq: int,
        step: int,
        channel: DeliveryChannel,
        provider: ProviderKind,
        message_id: Optional[str],
        sent_at: int,
        status: DeliveryStatus,
        updated_at: int,
        error: Optional[str] = None,
    ) -> None: ...

@final
class DeliveryState:
    @property
    def sends(self) -> List[SendRecord]: ...
    @property
    def delivered(self) -> bool: ...
    def __init__(self, *, sends: List[SendRecord], delivered: bool) -> None: ...

@final
class Dispatcher:
    """Issues out-of-band codes and sends them through per-purpose fallback policies."""
    def __init__(
        self,
        store: VerificationStore,
        peppers: List[Pepper],
        policies: List[FallbackPolicy],
        time: Optional[TimeSource] = None,
        policy: Optional[OobPolicy] = None,
        limits: Optional[SendLimits] = None,
        config: Optional[DispatchConfig] = None,
    ) -> None: ...
    def codes(self) -> OobCodes: ...
    async def start(
        self,
        binding: OobBinding,
        to: str,
        ip: Optional[str] = None,
        country: Optional[str] = None,
        unix_time: Optional[int] = None,
    ) -> DispatchOutcome: ...
    def start_blocking(
        self,
        binding: OobBinding,
        to: str,
        ip: Optional[str] = None,
        country: Optional[str] = None,
        unix_time: Optional[int] = None,
    ) -> DispatchOutcome: ...
    async def advance(
        self,
        challenge_id: str,
        binding: OobBinding,
        to: str,
        ip: Optional[str] = None,
        country: Optional[str] = None,
        unix_time: Optional[int] = None,
    ) -> DispatchOutcome: ...
    def advance_blocking(
        self,
        challenge_id: str,
        binding: OobBinding,
        to: str,
        ip: Optional[str] = None,
        country: Optional[str] = None,
        unix_time: Optional[int] = None,
    ) -> DispatchOutcome: ...
    async def resend(
        self,
        challenge_id: str,
        binding: OobBinding,
        to: str,
        ip: Optional[str] = None,
        country: Optional[str] = None,
        unix_time: Optional[int] = None,
    ) -> DispatchOutcome: ...
    def resend_blocking(
        self,
        challenge_id: str,
        binding: OobBinding,
        to: str,
        ip: Optional[str] = None,
        country: Optional[str] = None,
        unix_time: Optional[int] = None,
    ) -> DispatchOutcome: ...
    async def receipt(
        self,
        provider: ProviderKind,
        method: str,
        url: str,
        headers: Dict[str, str],
        body: bytes,
        unix_time: Optional[int] = None,
    ) -> ReceiptOutcome: ...
    def receipt_blocking(
        self,
        provider: ProviderKind,
        method: str,
        url: str,
        headers: Dict[str, str],
        body: bytes,
        unix_time: Optional[int] = None,
    ) -> ReceiptOutcome: ...
    async def status(self, challenge_id: str, unix_time: Optional[int] = None) -> DeliveryState: ...
    def status_blocking(self, challenge_id: str, unix_time: Optional[int] = None) -> DeliveryState: ...

# --- end delivery ---
