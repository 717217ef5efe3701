"""The installed wheel: public API, version, and the shared library shipped as package data."""

import re
from importlib import metadata
from pathlib import Path

import otpkit
from otp_vectors import REPO


def test_public_api():
    assert sorted(otpkit.__all__) == sorted(set(otpkit.__all__))
    for name in otpkit.__all__:
        assert hasattr(otpkit, name), name
    for name in ("CodeGenerator", "MigrationAssembler", "parse_uri", "canonical_uri", "to_uri",
                 "hotp_code", "totp_code", "Secret", "OneTimeCode", "SensitiveText", "migration_decode",
                 "migration_encode", "TimeSource", "system_time_source", "fixed_time_source", "OtpAuthUri",
                 "OtpParams", "default_totp", "CodeSnapshot", "OtpError", "InvalidInputKind",
                 "Verifier", "OobCodes", "VerificationStore", "uniffi_set_event_loop"):
        assert name in otpkit.__all__, name
    # The v1 names are gone (issue 10), not kept as aliases.
    for old in ("OtpAccount", "OtpParameters", "OtpType", "Clock", "system_clock", "normalize_secret",
                "generate_secret", "account_to_uri", "OtpVault", "OtpAccountStore", "OtpVerifier",
                "AccountRecord", "VoiceText", "import_backup", "export_aegis", "export_otpauth_list",
                "StoreFailure"):
        assert not hasattr(otpkit, old), old


def test_every_public_name_of_the_generated_module_is_exported():
    """Nothing the binding offers is forgotten by __init__.py (private names start with `_`)."""
    import inspect

    ffi = otpkit.otpkit_ffi
    public = {
        name for name, value in vars(ffi).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == ffi.__name__
        and (inspect.isclass(value) or inspect.isfunction(value))
        and not name.endswith(("Protocol", "Impl"))
    }
    assert public - set(otpkit.__all__) == set()


def test_version_is_the_workspace_version():
    cargo = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    section = cargo.split("[workspace.package]", 1)[1]
    version = re.search(r'^version\s*=\s*"([^"]+)"', section, re.M).group(1)
    assert otpkit.__version__ == version
    assert metadata.version("otpkit") == version


def test_installed_from_wheel_with_library_next_to_module():
    pkg = Path(otpkit.__file__).resolve().parent
    assert "site-packages" in pkg.parts, pkg  # the installed wheel, not a source tree
    ffi = Path(otpkit.otpkit_ffi.__file__).resolve()
    assert ffi.parent == pkg
    assert (pkg / "libotpkit_ffi.so").is_file()


def test_wheel_is_platform_specific():
    wheel = metadata.distribution("otpkit").read_text("WHEEL")
    assert "Root-Is-Purelib: false" in wheel
    tags = re.findall(r"^Tag: (.+)$", wheel, re.M)
    assert len(tags) == 1
    py, abi, plat = tags[0].split("-")
    assert (py, abi) == ("py3", "none") and plat != "any"
