"""Exit 0 when every `name==version` pin in the given requirements file is installed, else 1.

Used by build-wheel.sh and run-tests.sh to call pip only when something is missing.
"""

import sys
from importlib import metadata


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            name, _, version = line.partition("==")
            try:
                installed = metadata.version(name.strip())
            except metadata.PackageNotFoundError:
                return 1
            if version and installed != version.strip():
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
