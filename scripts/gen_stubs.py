#!/usr/bin/env python3
"""Write bindings/python/tieuchi/_tieuchi.pyi, the type stub of the native module.

pybind11-stubgen writes the classes and functions with their signatures and docstrings; the
exception classes, which pybind11 creates at import time, are written here with their
``diagnostics`` attribute. ``--check`` compares instead of writing (the test suite runs it, so the
committed stub never drifts from the module).

    python scripts/gen_stubs.py            # regenerate
    python scripts/gen_stubs.py --check    # exit 1 and show the difference if it is stale
"""

from __future__ import annotations

import argparse
import difflib
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
TARGET = ROOT / "bindings" / "python" / "tieuchi" / "_tieuchi.pyi"

EXCEPTIONS = '''
class Error(Exception):
    """Base of every tieuchi error; has .diagnostics."""
    diagnostics: list[Diagnostic]

class ParseError(Error):
    """The text of an expression or pack is malformed (E1xx)."""

class CheckError(Error):
    """Names, types or references are wrong (E2xx)."""

class PackError(Error):
    """A rule pack is invalid (E3xx, E4xx)."""

class DataError(Error):
    """Input data is invalid (E5xx)."""

class PlanError(Error):
    """The planning problem is invalid (E6xx)."""

class LimitError(Error):
    """A resource limit was exceeded."""
'''


def generate() -> str:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, "-m", "pybind11_stubgen", "tieuchi._tieuchi", "-o", out,
                        "--exit-code"], check=True, capture_output=True, text=True)
        text = (pathlib.Path(out) / "tieuchi" / "_tieuchi.pyi").read_text(encoding="utf-8")
    text = re.sub(r"^from tieuchi import \w*Error\n", "", text, flags=re.M)
    # The exception classes go after the imports (they reference Diagnostic, defined later:
    # fine in a stub).
    first_class = re.search(r"^(__all__.*\n)", text, flags=re.M)
    assert first_class, "unexpected stubgen output: no __all__"
    text = text[: first_class.end()] + EXCEPTIONS + text[first_class.end():]
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed stub")
    args = parser.parse_args()
    text = generate()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True),
                                                       str(TARGET), "generated"))
            print(f"\n{TARGET} is stale: run python scripts/gen_stubs.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
