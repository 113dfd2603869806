#!/usr/bin/env python3
"""The layering check (run by ctest as `layering`): no #include points from a lower layer to a
higher one, no room's private header is read from outside its room, and no public header exposes
Boost, Spirit, Eigen or a private header.

Layers, lowest first (an arrow may only point down):
    core (diagnostics, error, memory, table, value, version; src/support; text: the message catalogue)
    -> expr -> graph -> model -> assess -> plan -> io -> doors (apps/, bindings/, tieuchi.hpp)

Usage: check_layers.py [ROOT]            check the tree at ROOT (default: this repository)
       check_layers.py --expect-violation ROOT   exit 0 only if ROOT has a violation (self-test)
"""

from __future__ import annotations

import pathlib
import re
import sys

LAYERS = ["core", "expr", "graph", "model", "assess", "plan", "io", "doors"]
RANK = {name: i for i, name in enumerate(LAYERS)}
CORE_FILES = {"diagnostics", "error", "memory", "table", "value", "version"}
# Private headers read from outside their own layer, and why.
SHARED_PRIVATE = {
    # DataError construction shared by every evaluator (scalar, batch, planner costs).
    "expr/data_errors.hpp",
}
FORBIDDEN_IN_PUBLIC = re.compile(r"^(boost/|Eigen/|eigen3/|yaml-cpp/|nlohmann/|csv\.h|utf8proc\.h)")
# Headers CMake generates in the build tree, all of the core layer.
GENERATED = {"tieuchi/export.hpp"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
SOURCES = (".hpp", ".cpp", ".h", ".hpp.in", ".inc")


def layer_of(rel: pathlib.PurePosixPath) -> str | None:
    """The layer of a file, by its path in the repository."""
    parts = rel.parts
    if parts[0] in ("apps", "bindings"):
        return "doors"
    if parts[0] == "include" and len(parts) >= 3 and parts[1] == "tieuchi":
        if len(parts) == 3:
            stem = parts[2].split(".")[0]
            return "core" if stem in CORE_FILES else "doors" if stem == "tieuchi" else None
        if parts[2] == "text":
            return "core"
        return parts[2] if parts[2] in RANK else None
    if parts[0] == "src":
        if len(parts) == 2:
            return "core"
        if parts[1] in ("support", "text"):
            return "core"
        return parts[1] if parts[1] in RANK else None
    return None


def resolve(root: pathlib.Path, including: pathlib.Path, target: str) -> pathlib.Path | None:
    """The repository file an #include "..." names, or None for a system header."""
    candidates = [root / "include" / target, including.parent / target, root / "src" / target]
    if target.startswith("tieuchi/") and target.endswith("version.hpp"):
        return root / "include" / "tieuchi" / "version.hpp.in"
    for c in candidates:
        if c.is_file():
            return c
    return None


def check(root: pathlib.Path) -> list[str]:
    problems: list[str] = []
    files = [p for d in ("include", "src", "apps", "bindings") for p in sorted((root / d).rglob("*"))
             if p.is_file() and p.name.endswith(SOURCES)]
    for f in files:
        rel = pathlib.PurePosixPath(f.relative_to(root).as_posix())
        mine = layer_of(rel)
        if mine is None:
            problems.append(f"{rel}: in no layer (add it to scripts/check_layers.py)")
            continue
        public = rel.parts[0] == "include"
        text = f.read_text(encoding="utf-8", errors="replace")
        for m in INCLUDE.finditer(text):
            kind, target = m.group(1), m.group(2)
            line = text.count("\n", 0, m.start()) + 1
            where = f"{rel}:{line}"
            if public and FORBIDDEN_IN_PUBLIC.match(target):
                problems.append(f"{where}: public header includes <{target}> (an implementation detail)")
            if kind == "<" or target in GENERATED:
                continue
            hit = resolve(root, f, target)
            if hit is None:
                problems.append(f'{where}: #include "{target}" names no file of the repository')
                continue
            hrel = pathlib.PurePosixPath(hit.relative_to(root).as_posix())
            theirs = layer_of(hrel)
            if theirs is None:
                problems.append(f"{where}: includes {hrel}, which is in no layer")
                continue
            if RANK[theirs] > RANK[mine]:
                problems.append(f"{where}: upward include: {mine} -> {theirs} ({hrel})")
            if hrel.parts[0] == "src":
                if public:
                    problems.append(f"{where}: public header includes the private {hrel}")
                private_room = hrel.parts[1] if len(hrel.parts) > 2 and hrel.parts[1] not in ("support", "text") else None
                shared = "/".join(hrel.parts[1:]) in SHARED_PRIVATE
                if private_room and not shared and (rel.parts[0] != "src" or rel.parts[1] != private_room):
                    problems.append(f"{where}: {hrel} is private to src/{private_room}")
    return problems


def main(argv: list[str]) -> int:
    expect = "--expect-violation" in argv
    args = [a for a in argv if a != "--expect-violation"]
    root = pathlib.Path(args[0]).resolve() if args else pathlib.Path(__file__).resolve().parents[1]
    problems = check(root)
    for p in problems:
        print(p)
    if expect:
        if problems:
            print(f"layering: {len(problems)} violation(s) found, as expected")
            return 0
        print("layering: expected a violation, found none")
        return 1
    print(f"layering: {'FAILED, ' + str(len(problems)) + ' problem(s)' if problems else 'ok'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
