"""The otpkit exception hierarchy.

Every error otpkit raises is an :class:`OtpError`; each case is a subclass reachable both as
``otpkit.OtpError.InvalidInput`` (the documented spelling) and by its own name here. ``reason``
is a human-readable sentence that never contains secret material; the other attributes let a
caller branch without parsing text. The native module creates these (python/src/error.rs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional

if TYPE_CHECKING:
    from ._enums import AuthenticationKind, InvalidInputKind, StorageFailureKind

__all__ = ["OtpError"]


class OtpError(Exception):
    """Base class of every otpkit error."""

    InvalidInput: type[InvalidInput]
    IncompleteBatch: type[IncompleteBatch]
    Authentication: type[Authentication]
    NotFound: type[NotFound]
    Storage: type[Storage]
    StoreUnavailable: type[StoreUnavailable]

    reason: str

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class InvalidInput(OtpError):
    """An argument or an input was unusable.

    ``kind`` says which input; ``field`` names the parameter when known (``secret``, ``digits``,
    ``period``, ``window``, ``counter``, ``batch_size``, ...); ``position`` is a character
    position in the input when known (e.g. an invalid base32 character).
    """

    def __init__(
        self,
        reason: str,
        kind: InvalidInputKind,
        field: Optional[str] = None,
        position: Optional[int] = None,
    ) -> None:
        super().__init__(reason)
        self.kind = kind
        self.field = field
        self.position = position

    def __repr__(self) -> str:
        return (f"OtpError.InvalidInput(kind={self.kind!r}, field={self.field!r}, "
                f"position={self.position!r}, reason={self.reason!r})")


class IncompleteBatch(OtpError):
    """A multi-QR migration batch is missing ``missing_count`` parts; ``first_missing`` lists the
    first few (0-based)."""

    def __init__(self, reason: str, missing_count: int, first_missing: List[int]) -> None:
        super().__init__(reason)
        self.missing_count = missing_count
        self.first_missing = list(first_missing)

    def __repr__(self) -> str:
        return (f"OtpError.IncompleteBatch(missing_count={self.missing_count!r}, "
                f"first_missing={self.first_missing!r}, reason={self.reason!r})")


class Authentication(OtpError):
    """A passphrase or password was wrong or missing (``kind`` says which)."""

    def __init__(self, reason: str, kind: AuthenticationKind) -> None:
        super().__init__(reason)
        self.kind = kind

    def __repr__(self) -> str:
        return f"OtpError.Authentication(kind={self.kind!r}, reason={self.reason!r})"


class NotFound(OtpError):
    """No account has this ``id``."""

    def __init__(self, reason: str, id: str) -> None:
        super().__init__(reason)
        self.id = id

    def __repr__(self) -> str:
        return f"OtpError.NotFound(id={self.id!r}, reason={self.reason!r})"


class Storage(OtpError):
    """The account store or vault file failed (``kind`` says how)."""

    def __init__(self, reason: str, kind: StorageFailureKind) -> None:
        super().__init__(reason)
        self.kind = kind

    def __repr__(self) -> str:
        return f"OtpError.Storage(kind={self.kind!r}, reason={self.reason!r})"


class StoreUnavailable(OtpError):
    """The server verification store (Redis) failed: nothing was accepted or sent. Fail closed:
    refuse the user and alert."""

    def __repr__(self) -> str:
        return f"OtpError.StoreUnavailable(reason={self.reason!r})"


for _case in (InvalidInput, IncompleteBatch, Authentication, NotFound, Storage, StoreUnavailable):
    _case.__qualname__ = f"OtpError.{_case.__name__}"
    _case.__module__ = "otpkit"
    setattr(OtpError, _case.__name__, _case)
OtpError.__module__ = "otpkit"
del _case
