#!/usr/bin/env python3
"""Checks otpkit wheels against the promise of their tags (run by scripts/build.sh with the build
venv's Python, which has pyelftools through auditwheel).

    check-wheels.py WHEEL...

For each wheel: the file name's tags equal the WHEEL metadata's `Tag:` lines, all `cp39-abi3`;
it holds `otpkit/_native.abi3.so`, `otpkit/_native.pyi` and `otpkit/py.typed`; the extension's
ELF machine is the tag's architecture; a manylinux_2_17 wheel needs no glibc symbol newer than
2.17 and no library outside the manylinux set; a musllinux wheel links musl's libc, not glibc.
Prints one line per wheel (tags, size) and exits non-zero on the first broken promise.
"""

import io
import re
import sys
import zipfile
from pathlib import Path

from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerNeedSection

MACHINES = {"x86_64": "EM_X86_64", "aarch64": "EM_AARCH64"}
# PEP 599's manylinux2014 library whitelist (what a wheel may link without shipping it).
MANYLINUX_LIBS = {
    "libgcc_s.so.1", "libstdc++.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libc.so.6",
    "libnsl.so.1", "libutil.so.1", "libpthread.so.0", "libresolv.so.2", "libX11.so.6",
    "libXext.so.6", "libXrender.so.1", "libICE.so.6", "libSM.so.6", "libGL.so.1", "libgobject-2.0.so.0",
    "libgthread-2.0.so.0", "libglib-2.0.so.0", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
}


def fail(wheel: Path, why: str) -> None:
    sys.exit(f"check-wheels: {wheel.name}: {why}")


def check(wheel: Path) -> str:
    m = re.fullmatch(r"otpkit-([^-]+)-(cp39)-(abi3)-([^-]+)\.whl", wheel.name)
    if not m:
        fail(wheel, "file name is not otpkit-VERSION-cp39-abi3-PLATFORM.whl")
    version, plats = m.group(1), m.group(4).split(".")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = z.read(f"otpkit-{version}.dist-info/WHEEL").decode()
        for need in ("otpkit/_native.abi3.so", "otpkit/_native.pyi", "otpkit/py.typed", "otpkit/__init__.py"):
            if need not in names:
                fail(wheel, f"{need} missing")
        so = z.read("otpkit/_native.abi3.so")
    tags = sorted(re.findall(r"^Tag: (.+)$", meta, re.M))
    if tags != sorted(f"cp39-abi3-{p}" for p in plats):
        fail(wheel, f"WHEEL tags {tags} differ from the file name's")
    if "Root-Is-Purelib: false" not in meta:
        fail(wheel, "Root-Is-Purelib is not false")

    elf = ELFFile(io.BytesIO(so))
    arch = next((a for a in MACHINES if all(p.endswith("_" + a) for p in plats)), None)
    if elf["e_machine"] != MACHINES.get(arch):
        fail(wheel, f"extension is {elf['e_machine']}, tag says {arch}")
    needed = [t.needed for s in elf.iter_sections() if isinstance(s, DynamicSection)
              for t in s.iter_tags() if t.entry.d_tag == "DT_NEEDED"]
    glibc = [v.name for s in elf.iter_sections() if isinstance(s, GNUVerNeedSection)
             for _, auxs in s.iter_versions() for v in auxs if v.name.startswith("GLIBC_")]
    newest = max((tuple(int(x) for x in g[6:].split(".")) for g in glibc), default=(0,))
    if plats[0].startswith("manylinux"):
        if newest > (2, 17):
            fail(wheel, f"needs glibc {'.'.join(map(str, newest))} > 2.17")
        if set(needed) - MANYLINUX_LIBS:
            fail(wheel, f"links {sorted(set(needed) - MANYLINUX_LIBS)} outside manylinux2014")
    elif plats[0].startswith("musllinux"):
        if glibc or not any(n.startswith("libc.musl-") or n == "libc.so" for n in needed):
            fail(wheel, f"not a musl extension (needs {needed}, glibc {sorted(set(glibc))})")
    else:
        fail(wheel, f"platform {plats[0]} is neither manylinux nor musllinux")
    return (f"{wheel.name}: ok ({', '.join(tags)}; {arch}; needs {', '.join(needed) or 'nothing'}; "
            f"glibc <= {'.'.join(map(str, newest)) if glibc else '-'}; {wheel.stat().st_size} bytes)")


def main(paths: list) -> int:
    if not paths:
        sys.exit("usage: check-wheels.py WHEEL...")
    for p in paths:
        print(check(Path(p)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
