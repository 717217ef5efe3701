"""Storage's pure-Python part: the :class:`SecretStore` interface Python code implements, the
:class:`SecretStoreError` it raises, and the coroutine forms of the slow storage calls.

The native module (python/src/storage/) calls a Python ``SecretStore`` through its four methods
and turns a raised ``SecretStoreError.Backend(reason)`` into ``OtpError.Storage`` with
``kind=StorageFailureKind.BACKEND`` and that reason (any other exception becomes the same error,
naming the exception's type).

The async forms (``Accounts.create_vault``, ``open_vault``, ``import_backup``, ``export``,
``change_passphrase`` and ``read_backup``) are native coroutines (PyO3) that await the Rust
work running on a thread pool, so the event loop is never blocked. They are wrapped here in
``async def`` functions so that ``inspect.iscoroutinefunction`` recognises them (it does not
recognise native methods before Python 3.12).
"""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING, List, Optional, Union

from . import _native
from ._coroutines import coroutine_functions

if TYPE_CHECKING:
    from ._enums import ImportFormat
    from ._native import ImportedBackup

__all__ = ["SecretStore", "SecretStoreError", "read_backup"]


class SecretStoreError(Exception):
    """Error a :class:`SecretStore` raises; otpkit reports it as ``OtpError.Storage`` with
    ``kind=StorageFailureKind.BACKEND`` (``Backend``) or ``KEY_LOST`` (``KeyLost``) and the same
    ``reason``. Any other exception a store raises is reported as ``BACKEND``."""

    Backend: type[Backend]
    KeyLost: type[KeyLost]

    reason: str

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class Backend(SecretStoreError):
    """The backend failed (keystore locked, I/O error, ...). ``reason`` must not contain
    secrets."""

    def __repr__(self) -> str:
        return f"SecretStoreError.Backend(reason={self.reason!r})"


class KeyLost(SecretStoreError):
    """The store's key is gone or permanently invalidated while secrets sealed with it remain
    (e.g. a platform key deleted after a lock-screen change): they cannot be read again and must
    be re-enrolled. Nothing was changed. ``reason`` must not contain secrets."""

    def __repr__(self) -> str:
        return f"SecretStoreError.KeyLost(reason={self.reason!r})"


for _case in (Backend, KeyLost):
    _case.__qualname__ = f"SecretStoreError.{_case.__name__}"
    _case.__module__ = "otpkit"
    setattr(SecretStoreError, _case.__name__, _case)
del _case
SecretStoreError.__module__ = "otpkit"


class SecretStore(abc.ABC):
    """A place that keeps secrets (raw bytes) by id, such as a platform keychain: subclass it
    and pass an instance to ``Accounts.with_secret_store`` or ``Accounts.in_memory``.

    ``put`` inserts or replaces and is durable when it returns; ``get`` of an unknown id returns
    ``None``; ``delete`` of an unknown id succeeds; ``list_ids`` returns every id ``get`` would
    find. Raise ``SecretStoreError.Backend(reason)`` when the backend fails. The methods may be
    called from any thread (never two calls for one ``Accounts`` at once).
    """

    @abc.abstractmethod
    def put(self, id: str, secret: bytes) -> None:
        """Stores ``secret`` under ``id``, replacing any previous one."""

    @abc.abstractmethod
    def get(self, id: str) -> Optional[bytes]:
        """The secret stored under ``id``, if any."""

    @abc.abstractmethod
    def delete(self, id: str) -> None:
        """Removes the secret stored under ``id``; succeeds when there is none."""

    @abc.abstractmethod
    def list_ids(self) -> List[str]:
        """Ids of all stored secrets."""


SecretStore.__module__ = "otpkit"
# The Rust in-memory store (``memory_secret_store()``) is a SecretStore too.
SecretStore.register(_native.MemorySecretStore)


coroutine_functions(_native.Accounts, ["create_vault", "open_vault"], static=True)
coroutine_functions(_native.Accounts, ["import_backup", "export", "change_passphrase"])


async def read_backup(
    format: ImportFormat, data: Union[bytes, bytearray], password: Optional[str] = None
) -> ImportedBackup:
    """Reads another app's backup without storing it (the coroutine form of
    ``read_backup_blocking``)."""
    return await _native.read_backup(format, data, password)


read_backup.__module__ = "otpkit"
