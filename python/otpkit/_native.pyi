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

# --- end server ---
