#!/usr/bin/env python3
"""The message check (run by ctest as `messages`): every message id the code uses is in the
catalogue, and every message of the assessment's and the writers' catalogue files is used.

The catalogue is the `{"id", "vi", "en"},` lines of src/text/messages_*.inc. Uses are
- in C++ (src/, apps/, bindings/python/src/): `tr("id", ...)` and `message("id", ...)`;
- in Python (bindings/python/tieuchi/): any string literal "group.rest" whose first part is a
  group of the catalogue (`status`, `header`, ...), e.g. `t["header.id"]`.
Ids must be literal at the place of use, so that this check sees them.

Usage: check_messages.py [ROOT]                    check the tree at ROOT (default: this repository)
       check_messages.py --expect-violation ROOT   exit 0 only if ROOT has a violation (self-test)
"""

from __future__ import annotations

import pathlib
import re
import sys

ENTRY = re.compile(r'^\s*\{"([^"]+)",', re.M)
CPP_USE = re.compile(r'\b(?:tr|message)\(\s*"([^"]+)"')
PY_LITERAL = re.compile(r'["\']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["\']')
# Catalogue files whose every message must be used somewhere (the others belong to rooms that may
# define messages ahead of their use).
MUST_BE_USED = ("messages_assess.inc", "messages_io.inc", "messages_overlay.inc")


def check(root: pathlib.Path) -> list[str]:
    problems: list[str] = []
    defined: dict[str, str] = {}
    for inc in sorted((root / "src" / "text").glob("messages_*.inc")):
        for m in ENTRY.finditer(inc.read_text(encoding="utf-8")):
            if m.group(1) in defined:
                problems.append(f"{inc.relative_to(root)}: '{m.group(1)}' is also defined in {defined[m.group(1)]}")
            defined[m.group(1)] = inc.name
    groups = {i.split(".", 1)[0] for i in defined}
    used: set[str] = set()

    def use(path: pathlib.Path, text: str, pos: int, ident: str) -> None:
        used.add(ident)
        if ident not in defined:
            line = text.count("\n", 0, pos) + 1
            problems.append(f"{path.relative_to(root)}:{line}: message '{ident}' is not in the catalogue")

    for d in ("src", "apps", "bindings/python/src"):
        for f in sorted((root / d).rglob("*")):
            if f.suffix in (".cpp", ".hpp") and f.is_file():
                text = f.read_text(encoding="utf-8", errors="replace")
                for m in CPP_USE.finditer(text):
                    use(f, text, m.start(), m.group(1))
    for f in sorted((root / "bindings" / "python" / "tieuchi").rglob("*.py")):
        text = f.read_text(encoding="utf-8")
        for m in PY_LITERAL.finditer(text):
            if m.group(1).split(".", 1)[0] in groups:
                use(f, text, m.start(), m.group(1))
    for ident, inc in sorted(defined.items()):
        if inc in MUST_BE_USED and ident not in used:
            problems.append(f"src/text/{inc}: message '{ident}' is never used")
    return problems


def main(argv: list[str]) -> int:
    expect = "--expect-violation" in argv
    args = [a for a in argv if a != "--expect-violation"]
    root = pathlib.Path(args[0]) if args else pathlib.Path(__file__).resolve().parents[1]
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"messages: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    else:
        print("messages: ok")
    return (0 if problems else 1) if expect else (1 if problems else 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
