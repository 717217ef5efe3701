"""Type stubs of the native module ``otpkit._native`` (python/src/*.rs). Public names are
re-exported by ``otpkit``; import them from there."""

from __future__ import annotations

from typing import final

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

# --- end codes ---


# --- receiver and sender helpers (python/src/receiver.rs) ---

# --- end receiver ---


# --- storage and imports (python/src/storage.rs) ---

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
