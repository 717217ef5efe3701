"""The bridge between Accounts and a Python SecretStore / TimeSource (python/src/storage/): what a
misbehaving store or clock turns into, and what is refused before any call."""

import pytest

from otpkit import (
    Accounts,
    OtpError,
    SecretStore,
    SecretStoreError,
    StorageFailureKind,
    memory_secret_store,
)

from otp_vectors import FixedTime
from test_storage import SECRET, DictStore

NOW = 1_700_000_000
URI = f"otpauth://totp/ACME:alice?secret={SECRET}&issuer=ACME"


class Raising(DictStore):
    """A store whose `method` raises `error` (or returns `value` when given)."""

    def __init__(self, method, error=None, value=None):
        super().__init__()
        self.method, self.error, self.value = method, error, value

    def _maybe(self, name, real, *args):
        if name != self.method:
            return real(*args)
        if self.error is not None:
            raise self.error
        return self.value

    def put(self, id, secret):
        return self._maybe("put", super().put, id, secret)

    def get(self, id):
        return self._maybe("get", super().get, id)


def backend_reason(call):
    with pytest.raises(OtpError.Storage) as info:
        call()
    assert info.value.kind == StorageFailureKind.BACKEND
    return info.value.reason


def test_any_exception_from_the_store_is_a_backend_error_naming_method_and_type():
    accounts = Accounts.in_memory(Raising("put", KeyError("vault-7")), FixedTime(NOW))
    reason = backend_reason(lambda: accounts.add_uri(URI))
    assert "put()" in reason and "KeyError" in reason
    assert accounts.list() == []  # nothing half-stored


def test_store_error_reason_is_kept_verbatim():
    accounts = Accounts.in_memory(Raising("put", SecretStoreError.Backend("keychain offline")), FixedTime(NOW))
    assert "keychain offline" in backend_reason(lambda: accounts.add_uri(URI))


def test_a_wrong_result_type_is_a_backend_error():
    store = Raising("get", value="not bytes")
    accounts = Accounts.in_memory(store, FixedTime(NOW))
    a = accounts.add_uri(URI)
    reason = backend_reason(lambda: accounts.snapshot(a.id))
    assert "get()" in reason and "bytes" in reason and SECRET not in reason


def test_bytearray_results_are_accepted():
    store = DictStore()
    accounts = Accounts.in_memory(store, FixedTime(NOW))
    a = accounts.add_uri(URI)
    store.items[a.id] = bytearray(store.items[a.id])
    assert accounts.otp_auth_uri(a.id).secret.reveal_base32() == SECRET


def test_an_object_without_the_methods_is_refused_up_front():
    class Half:
        def put(self, id, secret):
            pass

    with pytest.raises(TypeError, match="get, delete, list_ids"):
        Accounts.in_memory(Half(), FixedTime(NOW))
    with pytest.raises(TypeError):
        SecretStore()  # abstract


def test_memory_store_is_a_secret_store_and_repr_shows_nothing():
    store = memory_secret_store()
    assert isinstance(store, SecretStore)
    store.put("k", b"\x01\x02\x03")
    assert "010203" not in repr(store) and "\\x01" not in repr(store)
    with pytest.raises(SecretStoreError.Backend) as info:
        store.put("k", b"")  # the Rust store refuses an empty key
    assert isinstance(info.value, SecretStoreError)
    assert repr(info.value).startswith("SecretStoreError.Backend(")


def test_a_raising_time_source_surfaces_from_the_call_that_read_it():
    class Broken(FixedTime):
        def now_unix(self):
            if self.now is None:
                raise RuntimeError("clock unplugged")
            return self.now

    clock = Broken(NOW)
    accounts = Accounts.in_memory(DictStore(), clock)
    a = accounts.add_uri(URI)
    clock.now = None
    with pytest.raises(RuntimeError, match="clock unplugged"):
        accounts.snapshot(a.id)
    clock.now = NOW
    assert accounts.snapshot(a.id).code is not None
