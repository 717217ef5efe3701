"""The installed wheel: its tags (abi3, manylinux), the native module and typing files it ships,
the version, the public API, stubs for every native name, and the typed example.

(Replaces the uniffi-era checks of the generated `otpkit_ffi` module and `libotpkit_ffi.so`
shipped as package data: the package is now a PyO3 extension, `otpkit._native`.)
"""

import ast
import importlib.util
import inspect
import re
from importlib import metadata
from pathlib import Path

import otpkit
from otpkit import _native

REPO = Path(__file__).resolve().parents[2]

PKG = Path(otpkit.__file__).resolve().parent
STUBS = PKG / "_native.pyi"
EXAMPLE = REPO / "python" / "examples" / "typed_usage.py"


def stub_tree():
    return ast.parse(STUBS.read_text(encoding="utf-8"), str(STUBS))


def stubbed_top_level_names():
    names = set()
    for node in stub_tree().body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return {name for name in names if not name.startswith("_")}  # private: type aliases, helpers


def native_public_names():
    return {name for name in vars(_native) if not name.startswith("_")}


def test_installed_from_the_wheel_into_a_venv():
    assert "site-packages" in PKG.parts, PKG  # the installed wheel, not the source tree
    assert metadata.distribution("otpkit").locate_file("otpkit").resolve() == PKG


def test_wheel_tags_are_abi3_manylinux2014():
    wheel = metadata.distribution("otpkit").read_text("WHEEL")
    assert "Root-Is-Purelib: false" in wheel
    tags = sorted(re.findall(r"^Tag: (.+)$", wheel, re.M))
    assert tags, wheel
    for tag in tags:
        py, abi, plat = tag.split("-")
        assert (py, abi) == ("cp39", "abi3"), tag  # one wheel for every CPython >= 3.9
        assert re.fullmatch(r"manylinux(2014|_2_17)_(x86_64|aarch64)", plat), tag
    # maturin writes both spellings of the same promise (PEP 600 and PEP 599).
    assert any("manylinux_2_17" in t for t in tags) and any("manylinux2014" in t for t in tags), tags


def test_native_module_and_typing_files_are_shipped():
    native = Path(_native.__file__).resolve()
    assert native == PKG / "_native.abi3.so", native  # the stable-ABI file name
    assert importlib.util.find_spec("otpkit._native").origin == str(native)
    assert (PKG / "py.typed").is_file()
    assert STUBS.is_file()
    files = {str(f) for f in metadata.distribution("otpkit").files}
    for name in ("otpkit/_native.abi3.so", "otpkit/py.typed", "otpkit/_native.pyi", "otpkit/__init__.py"):
        assert name in files, (name, sorted(files))
    # Nothing of the uniffi binding is left in the package.
    assert not (PKG / "otpkit_ffi.py").exists() and not (PKG / "libotpkit_ffi.so").exists()
    assert not hasattr(otpkit, "otpkit_ffi") and not hasattr(otpkit, "uniffi_set_event_loop")


def test_version_is_the_workspace_version():
    cargo = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    section = cargo.split("[workspace.package]", 1)[1]
    version = re.search(r'^version\s*=\s*"([^"]+)"', section, re.M).group(1)
    assert otpkit.__version__ == version == _native.__version__
    assert metadata.version("otpkit") == version


def test_public_api():
    assert len(otpkit.__all__) == len(set(otpkit.__all__)), "duplicates in __all__"
    for name in otpkit.__all__:
        assert hasattr(otpkit, name), name
    for name in ("Secret", "OneTimeCode", "SensitiveText", "OtpError", "InvalidInputKind",
                 "AuthenticationKind", "StorageFailureKind", "HashAlgorithm"):
        assert name in otpkit.__all__, name
    # The v1 names are gone (issue 10), not kept as aliases.
    for old in ("OtpAccount", "OtpParameters", "OtpType", "Clock", "system_clock", "normalize_secret",
                "generate_secret", "account_to_uri", "OtpVault", "OtpAccountStore", "OtpVerifier",
                "AccountRecord", "VoiceText", "import_backup", "export_aegis", "export_otpauth_list",
                "StoreFailure", "InternalError"):
        assert not hasattr(otpkit, old), old


def test_every_native_name_is_exported_and_stubbed():
    """Nothing the native module offers is forgotten by __init__.py or by the stubs, and the stubs
    promise nothing the module lacks."""
    native = native_public_names()
    stubbed = stubbed_top_level_names()
    assert native - set(otpkit.__all__) == set(), "native names missing from otpkit.__all__"
    assert native - stubbed == set(), "native names without a stub in _native.pyi"
    assert stubbed - native == set(), "stubs for names the native module does not have"


def test_every_stubbed_member_exists():
    """Each method, property and nested class a stub class declares exists on the real class."""

    def check(cls_node, obj, path):
        for node in cls_node.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = node.name
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                name = node.target.id
            else:
                continue
            assert hasattr(obj, name), f"{path}.{name} is stubbed but missing"
            if isinstance(node, ast.ClassDef):
                check(node, getattr(obj, name), f"{path}.{name}")

    for node in stub_tree().body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            check(node, getattr(_native, node.name), node.name)


def test_every_public_name_is_typed():
    """Every name in otpkit.__all__ has a type: a native one a stub, a pure-Python one annotations
    (classes and enums are types; functions are annotated)."""
    stubbed = stubbed_top_level_names()
    for name in otpkit.__all__:
        value = getattr(otpkit, name)
        if name == "__version__":
            assert isinstance(value, str)
            assert any(isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == name
                       for n in stub_tree().body), "_native.pyi does not declare __version__"
        elif value is getattr(_native, name, None):  # re-exported as is: typed by its stub
            assert name in stubbed, name
        elif inspect.isfunction(value):  # a Python function (or a wrapper of a native one)
            assert "return" in value.__annotations__, f"{name} has no return annotation"
        else:
            assert inspect.isclass(value), name


def test_the_typed_example_runs():
    """python/examples/typed_usage.py (mypy --strict checks it in python/run-tests.sh) runs and
    does what it says: RFC 6238's code, a stored account, the SMS code, accepted then replayed,
    a refused sender id, a voice text, a forged receipt refused."""
    spec = importlib.util.spec_from_file_location("typed_usage", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lines = module.main(1_700_000_000)
    assert lines[0] == "code 287082, next 359152 in 1s"
    assert lines[1] == "uri ACME:alice@example.com"
    assert re.fullmatch(r"stored ACME: alice@example\.com shows \d{6}", lines[2]), lines[2]
    assert lines[3] == "sms code 482913 from acme.example at '482913'"
    assert lines[4:7] == ["first: accepted", "again: replayed", "wrong: invalid"]
    assert lines[7:] == ["sender id refused: bad_character", "voice says '4, 8, 2, 9 is your ACME code'",
                         "forged receipt: refused", "unknown challenge: 0 sends, delivered=False",
                         "waiting until 1700000060"]
