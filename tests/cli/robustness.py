#!/usr/bin/env python3
"""CLI robustness: bad arguments to every subcommand of `tieuchi` end with a message, never a signal.

Usage: robustness.py TIEUCHI_BINARY SOURCE_DIR

For each subcommand a known-good command is run first (it must exit 0), then a table of rows,
each changing ONE argument of that command to something bad: a non-number, an overflow, a
missing file, a file where a folder is expected, an output that cannot be written, an empty
value, a malformed YEAR=FILE, horizon, target, pin or weight. Every row asserts:

- the exit code is the expected 1 (what the argument names is wrong) or 2 (bad usage), so never
  0, never negative and never above 128 (a signal);
- stderr has an `error` line naming the argument (e.g. `--horizon`) and the row's own text;
- no `terminate called`, no `Traceback`, no `Aborted`, no sanitizer report.

Each process runs with a timeout. Plain Python 3 standard library (ctest runs it without the
project's venv). Run by ctest as `cli.robustness`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

TIMEOUT_SECONDS = 60
FORBIDDEN = ("terminate called", "Traceback", "Aborted", "core dumped", "Segmentation fault",
             "AddressSanitizer", "runtime error:")


@dataclass
class Row:
    name: str
    argv: list[str]
    code: int                      # expected exit code: 1 or 2
    needles: list[str]             # texts stderr must contain (the first names the argument)
    stdout: str | None = None      # a file to send standard output to (e.g. /dev/full)
    extra: dict = field(default_factory=dict)


def command(sub: str, base: list[tuple[str, str | None]], changes: dict | None = None,
            add: list[tuple[str, str]] | None = None, drop: tuple[str, ...] = ()) -> list[str]:
    """`sub` with the options of `base`, `changes` replacing one option's value, `add` appended."""
    changes = changes or {}
    argv = [sub]
    seen = set()
    for opt, value in base:
        if opt in drop:
            continue
        if opt in changes and opt not in seen:
            seen.add(opt)
            value = changes[opt]
        argv.append(opt)
        if value is not None:
            argv.append(value)
    for opt, value in add or []:
        argv += [opt, value]
    return argv


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    exe, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    ex = os.path.join(src, "data", "examples")
    pack = os.path.join(ex, "packs", "langson-2022-illustrative.yaml")
    data23 = os.path.join(ex, "langson", "communes-2023.csv")
    data24 = os.path.join(ex, "langson", "communes-2024.csv")
    costs = os.path.join(ex, "langson", "costs-illustrative.csv")
    budgets = os.path.join(ex, "langson", "budgets-illustrative.csv")
    pack_path = ["--pack-path", os.path.join(src, "data", "packs")]
    missing = os.path.join(src, "no-such-file.csv")

    work = tempfile.mkdtemp(prefix="tieuchi-cli-robustness-")
    try:
        return run_all(exe, work, pack_path, pack, data23, data24, costs, budgets, missing)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_all(exe, work, pack_path, pack, data23, data24, costs, budgets, missing) -> int:
    # Output folders whose files cannot be fully written: each file is a link to /dev/full, so it
    # opens but every write fails (ENOSPC): the CLI must notice at close.
    full = os.path.join(work, "full-disk")
    os.makedirs(full)
    for f in ("assessment.json", "assessment-long.csv", "planning-table.csv", "tasks.csv",
              "roadmap.csv", "outcomes.csv", "budgets.csv", "plan.json"):
        os.symlink("/dev/full", os.path.join(full, f))
    # A budgets CSV whose year overflows an int (was cast to int without a check).
    huge_year_budget = os.path.join(work, "budgets-huge-year.csv")
    with open(huge_year_budget, "w", encoding="utf-8") as f:
        f.write("year,amount\n99999999999,100\n")
    a_file = "/etc/passwd"           # a regular file where a folder is expected
    under_file = "/etc/passwd/sub"   # a folder that cannot exist (its parent is a file)
    proc_dir = "/proc/self"          # a folder where no file can be created (even by root)

    bases = {
        "check": ["check", pack],
        "test": ["test", pack],
        "graph": ["graph", "vn-ntm-2021-2025", "--unlocks", "5"],
        "diff": ["diff", "vn-ntm-2016-2020", "vn-ntm-2021-2025", "--old-year", "2020", "--new-year", "2022"],
    }
    assess_base = [("--pack", pack), ("--year", "2023"), ("--data", data23)]
    explain_base = assess_base + [("--unit", "06010"), ("--depth", "1")]
    progress_base = [("--pack", pack), ("--data", f"2023={data23}"), ("--data", f"2024={data24}")]
    plan_base = assess_base + [("--horizon", "2023-2025"), ("--target", "ntm:2024"), ("--costs", costs),
                               ("--budget", budgets)]
    bases["assess"] = command("assess", assess_base)
    bases["explain"] = command("explain", explain_base)
    bases["progress"] = command("progress", progress_base)
    bases["plan"] = command("plan", plan_base)
    overlay_out = os.path.join(work, "overlay", "tinh-2024.yaml")
    overlay_base = [("--pack", "vn-ntm-2021-2025"), ("--id", "tinh-2024"), ("--year", "2024"), ("--out", overlay_out)]
    bases["overlay init"] = ["overlay", *command("init", overlay_base)]
    bases["check --complete"] = ["check", "--complete", pack]
    # The overlay's file is a link to /dev/full: it opens, every write fails.
    full_overlay = os.path.join(full, "overlay.yaml")
    os.symlink("/dev/full", full_overlay)

    def A(changes=None, add=None, drop=()):
        return command("assess", assess_base, changes, add, drop)

    def E(changes=None, add=None, drop=()):
        return command("explain", explain_base, changes, add, drop)

    def P(first, second=f"2024={data24}", add=None):
        argv = ["progress", "--pack", pack]
        for d in (first, second):
            if d is not None:
                argv += ["--data", d]
        return argv + [x for kv in (add or []) for x in kv]

    def L(changes=None, add=None, drop=()):
        return command("plan", plan_base, changes, add, drop)

    def O(changes=None, add=None, drop=()):
        return ["overlay", *command("init", overlay_base, changes, add, drop)]

    rows = [
        # check
        Row("check: missing pack file", ["check", missing], 1, ["PACK", "no-such-file.csv", "not found"]),
        Row("check: empty pack", ["check", ""], 2, ["PACK ''", "empty value"]),
        Row("check: a folder as pack", ["check", "/etc"], 1, ["PACK '/etc'"]),
        Row("check: not a YAML pack", ["check", "/proc/version"], 1, ["PACK '/proc/version'"]),
        Row("check: no pack", ["check"], 2, ["PACK is required"]),
        Row("check: unknown option", ["check", pack, "--colour"], 2, ["--colour"]),
        # test
        Row("test: missing pack file", ["test", missing], 1, ["PACK", "not found"]),
        Row("test: empty pack", ["test", ""], 2, ["PACK ''", "empty value"]),
        Row("test: flag given a value", ["test", pack, "--inherited=maybe"], 2, ["--inherited"]),
        # graph
        Row("graph: missing pack file", ["graph", missing], 1, ["PACK", "not found"]),
        Row("graph: empty pack", ["graph", ""], 2, ["PACK ''"]),
        Row("graph: --unlocks not a node", ["graph", "vn-ntm-2021-2025", "--unlocks", "99.9"], 1,
            ["--unlocks '99.9'", "not a node"]),
        Row("graph: --depends-on empty", ["graph", "vn-ntm-2021-2025", "--depends-on", ""], 1,
            ["--depends-on ''", "not a node"]),
        Row("graph: standard output full", ["graph", "vn-ntm-2021-2025", "--dot"], 1,
            ["error", "No space left on device"], stdout="/dev/full"),
        # diff
        Row("diff: missing OLD", ["diff", missing, "vn-ntm-2021-2025"], 1, ["OLD", "not found"]),
        Row("diff: empty NEW", ["diff", "vn-ntm-2016-2020", ""], 2, ["NEW ''", "empty value"]),
        Row("diff: --old-year not a number", ["diff", "vn-ntm-2016-2020", "vn-ntm-2021-2025", "--old-year", "abc"], 2,
            ["--old-year"]),
        Row("diff: --old-year outside the old pack", ["diff", "vn-ntm-2016-2020", "vn-ntm-2021-2025", "--old-year",
                                                      "99999"], 1, ["--old-year '99999'", "E506", "2016-2021"]),
        Row("diff: --new-year before the new pack", ["diff", "vn-ntm-2016-2020", "vn-ntm-2021-2025", "--new-year",
                                                     "2019"], 1, ["--new-year '2019'", "E506", "2022-2025"]),
        Row("diff: --new-year overflow", ["diff", "vn-ntm-2016-2020", "vn-ntm-2021-2025", "--new-year", "99999999999"],
            2, ["--new-year"]),
        # assess
        Row("assess: missing --data", A({"--data": missing}), 1, ["--data", "no-such-file.csv", "cannot"]),
        Row("assess: empty --data", A({"--data": ""}), 2, ["--data ''", "empty value"]),
        Row("assess: a folder as --data", A({"--data": "/etc"}), 1, ["--data '/etc'"]),
        Row("assess: --data not a CSV of units", A({"--data": "/proc/version"}), 1, ["--data '/proc/version'"]),
        Row("assess: missing --pack", A({"--pack": missing}), 1, ["--pack", "not found"]),
        Row("assess: empty --pack", A({"--pack": ""}), 2, ["--pack ''", "empty value"]),
        Row("assess: --year not a number", A({"--year": "twenty"}), 2, ["--year"]),
        Row("assess: --year overflow", A({"--year": "99999999999"}), 2, ["--year"]),
        Row("assess: --year outside the pack", A({"--year": "2030"}), 1, ["--year '2030'", "E506"]),
        Row("assess: --year negative", A({"--year": "-1"}), 1, ["--year '-1'", "E506"]),
        Row("assess: --threads -1 (unsigned)", A(add=[("--threads", "-1")]), 2, ["--threads"]),
        Row("assess: --threads overflow", A(add=[("--threads", "99999999999")]), 2, ["--threads"]),
        Row("assess: --threads 2^32 (wraps to 0)", A(add=[("--threads", "4294967296")]), 2, ["--threads"]),
        Row("assess: --threads not a number", A(add=[("--threads", "many")]), 2, ["--threads"]),
        Row("assess: --lang unknown", A(add=[("--lang", "fr")]), 2, ["--lang"]),
        Row("assess: --format unknown", A(add=[("--out", os.path.join(work, "a")), ("--format", "pdf")]), 2,
            ["--format"]),
        Row("assess: empty --attribute", A(add=[("--attribute", "")]), 2, ["--attribute ''", "empty value"]),
        Row("assess: --out is a file", A(add=[("--out", a_file)]), 1,
            [f"--out '{a_file}': is a file, expected a folder"]),
        Row("assess: --out under a file", A(add=[("--out", under_file)]), 1,
            [f"--out '{under_file}'", "'/etc/passwd' is a file"]),
        Row("assess: --out under /proc/version", A(add=[("--out", "/proc/version/x")]), 1,
            ["--out '/proc/version/x'", "is a file"]),
        Row("assess: --out cannot hold files", A(add=[("--out", proc_dir)]), 1,
            [f"--out '{proc_dir}'", "cannot create", "assessment.json"]),
        Row("assess: --out disk full", A(add=[("--out", full)]), 1, ["--out", "cannot write", "No space left"]),
        Row("assess: empty --out", A(add=[("--out", "")]), 2, ["--out ''", "empty value"]),
        # explain
        Row("explain: --unit not in the data", E({"--unit": "99999"}), 1, ["--unit '99999'", "no such unit"]),
        Row("explain: empty --unit", E({"--unit": ""}), 1, ["--unit ''", "no such unit"]),
        Row("explain: --node not a node", E(add=[("--node", "TC99")]), 1, ["--node 'TC99'", "E501"]),
        Row("explain: --depth negative", E({"--depth": "-1"}), 2, ["--depth", ">= 0"]),
        Row("explain: --depth overflow", E({"--depth": "99999999999"}), 2, ["--depth"]),
        Row("explain: --depth not a number", E({"--depth": "deep"}), 2, ["--depth"]),
        Row("explain: missing --data", E({"--data": missing}), 1, ["--data", "cannot"]),
        Row("explain: --year outside the pack", E({"--year": "1999"}), 1, ["--year '1999'", "E506"]),
        # progress
        Row("progress: YEAR not a number (was stoi: abort)", P(f"x={data23}"), 2,
            [f"--data 'x={data23}'", "YEAR 'x' is not a whole number"]),
        Row("progress: YEAR overflow", P(f"99999999999={data23}"), 2, ["--data '99999999999=", "whole number"]),
        Row("progress: YEAR empty", P(f"={data23}"), 2, ["--data '=", "whole number"]),
        Row("progress: YEAR with a fraction", P(f"2023.5={data23}"), 2, ["--data '2023.5=", "whole number"]),
        Row("progress: YEAR with trailing text", P(f"2023x={data23}"), 2, ["--data '2023x=", "whole number"]),
        Row("progress: no YEAR=", P(data23), 2, ["--data", "YEAR=FILE"]),
        Row("progress: FILE empty", P("2023="), 2, ["--data '2023='", "empty value"]),
        Row("progress: FILE missing", P(f"2023={missing}"), 1, [f"--data '2023={missing}'", "cannot"]),
        Row("progress: one --data", P(f"2023={data23}", None), 2, ["--data", "two data files"]),
        Row("progress: three --data", P(f"2023={data23}", f"2024={data24}", add=[("--data", f"2025={data24}")]), 2,
            ["--data", "two data files"]),
        Row("progress: YEAR outside the pack", P(f"2030={data23}"), 1, ["--data '2030=", "E506"]),
        Row("progress: --year given", P(f"2023={data23}", add=[("--year", "2023")]), 2, ["--year '2023'"]),
        Row("progress: missing --pack", ["progress", "--pack", missing, "--data", f"2023={data23}",
                                         "--data", f"2024={data24}"], 1, ["--pack", "not found"]),
        # plan: --horizon
        Row("plan: --horizon overflow (was planned silently)", L({"--horizon": "2023-99999999999"}), 2,
            ["--horizon '2023-99999999999'", "E612", "not a whole number from 1000 to 9999"]),
        Row("plan: --horizon first overflow", L({"--horizon": "99999999999-2025"}), 2, ["--horizon", "first year"]),
        Row("plan: --horizon not numbers", L({"--horizon": "abc-def"}), 2, ["--horizon 'abc-def'", "E612"]),
        Row("plan: --horizon first after last", L({"--horizon": "2025-2023"}), 2,
            ["--horizon '2025-2023'", "after the last year"]),
        Row("plan: --horizon empty last", L({"--horizon": "2023-"}), 2, ["--horizon '2023-'", "last year is empty"]),
        Row("plan: --horizon empty first", L({"--horizon": "-2025"}), 2, ["--horizon '-2025'", "first year is empty"]),
        Row("plan: --horizon empty", L({"--horizon": ""}), 2, ["--horizon ''", "empty"]),
        Row("plan: --horizon absurd span", L({"--horizon": "2023-9999"}), 2, ["--horizon '2023-9999'", "longer than"]),
        Row("plan: --horizon three parts", L({"--horizon": "2023-2024-2025"}), 2, ["--horizon '2023-2024-2025'"]),
        Row("plan: --horizon fraction", L({"--horizon": "2023.5-2025"}), 2, ["--horizon '2023.5-2025'"]),
        # plan: --target
        Row("plan: --target year overflow", L({"--target": "ntm:99999999999"}), 2,
            ["--target 'ntm:99999999999'", "E612"]),
        Row("plan: --target no year", L({"--target": "ntm"}), 2, ["--target 'ntm'", "E612"]),
        Row("plan: --target year not a number", L({"--target": "ntm:soon"}), 2, ["--target 'ntm:soon'"]),
        Row("plan: --target empty level", L({"--target": ":2024"}), 2, ["--target ':2024'"]),
        Row("plan: --target empty", L({"--target": ""}), 2, ["--target ''"]),
        Row("plan: --target bad units", L({"--target": "ntm:2024:some"}), 2, ["--target 'ntm:2024:some'"]),
        Row("plan: --target unknown level", L({"--target": "gold:2024"}), 1, ["--target", "E603", "'gold'"]),
        Row("plan: --target before the horizon", L({"--target": "ntm:2022"}), 1,
            ["--horizon", "E602", "outside the horizon"]),
        # plan: --pin
        Row("plan: --pin year overflow", L(add=[("--pin", "06010:2.2:99999999999")]), 2,
            ["--pin '06010:2.2:99999999999'", "UNIT:INDICATOR:YEAR"]),
        Row("plan: --pin year not a number", L(add=[("--pin", "06010:2.2:next")]), 2, ["--pin '06010:2.2:next'"]),
        Row("plan: --pin year trailing text", L(add=[("--pin", "06010:2.2:2024x")]), 2, ["--pin '06010:2.2:2024x'"]),
        Row("plan: --pin two parts", L(add=[("--pin", "06010:2024")]), 2, ["--pin '06010:2024'"]),
        Row("plan: --pin empty parts", L(add=[("--pin", "::2024")]), 2, ["--pin '::2024'"]),
        Row("plan: --pin empty", L(add=[("--pin", "")]), 2, ["--pin ''"]),
        Row("plan: --pin unknown unit", L(add=[("--pin", "99999:2.2:2024")]), 1, ["--pin", "E606"]),
        # plan: --weight
        Row("plan: --weight inf", L(add=[("--policy", "weighted"), ("--weight", "TC5=inf")]), 2,
            ["--weight 'TC5=inf'", "finite"]),
        Row("plan: --weight nan", L(add=[("--policy", "weighted"), ("--weight", "TC5=nan")]), 2, ["--weight 'TC5=nan'"]),
        Row("plan: --weight overflow", L(add=[("--policy", "weighted"), ("--weight", "TC5=1e999")]), 2,
            ["--weight 'TC5=1e999'"]),
        Row("plan: --weight not a number", L(add=[("--policy", "weighted"), ("--weight", "TC5=heavy")]), 2,
            ["--weight 'TC5=heavy'"]),
        Row("plan: --weight no =", L(add=[("--policy", "weighted"), ("--weight", "TC5")]), 2, ["--weight 'TC5'"]),
        Row("plan: --weight empty ID", L(add=[("--policy", "weighted"), ("--weight", "=2")]), 2, ["--weight '=2'"]),
        Row("plan: --weight empty number", L(add=[("--policy", "weighted"), ("--weight", "TC5=")]), 2,
            ["--weight 'TC5='"]),
        Row("plan: --weight for no criterion", L(add=[("--policy", "weighted"), ("--weight", "TC99=2")]), 1,
            ["--weight", "E608", "'TC99' is not a criterion or indicator"]),
        # plan: files and the rest
        Row("plan: missing --budget", L({"--budget": missing}), 1, [f"--budget '{missing}'", "E610", "cannot open"]),
        Row("plan: empty --budget", L({"--budget": ""}), 2, ["--budget ''", "empty value"]),
        Row("plan: a folder as --budget", L({"--budget": "/etc"}), 1, ["--budget '/etc'", "E610"]),
        Row("plan: --budget year overflow", L({"--budget": huge_year_budget}), 1,
            ["--budget", "E610", "expected a year, got '99999999999'"]),
        Row("plan: missing --costs", L({"--costs": missing}), 1, [f"--costs '{missing}'", "E611", "cannot open"]),
        Row("plan: empty --costs", L({"--costs": ""}), 2, ["--costs ''", "empty value"]),
        Row("plan: --costs not a cost table", L({"--costs": "/proc/version"}), 1, ["--costs '/proc/version'", "E611"]),
        Row("plan: --policy unknown", L(add=[("--policy", "fastest")]), 2, ["--policy"]),
        Row("plan: missing --data", L({"--data": missing}), 1, ["--data", "cannot"]),
        Row("plan: empty --pack", L({"--pack": ""}), 2, ["--pack ''"]),
        Row("plan: --year overflow", L({"--year": "99999999999"}), 2, ["--year"]),
        Row("plan: --threads -1", L(add=[("--threads", "-1")]), 2, ["--threads"]),
        Row("plan: --out is a file", L(add=[("--out", a_file)]), 1, [f"--out '{a_file}': is a file, expected a folder"]),
        Row("plan: --out under a file", L(add=[("--out", under_file)]), 1, [f"--out '{under_file}'", "is a file"]),
        Row("plan: --out cannot hold files", L(add=[("--out", proc_dir)]), 1, ["--out", "cannot create", "tasks.csv"]),
        Row("plan: --out disk full", L(add=[("--out", full)]), 1, ["--out", "cannot write", "No space left"]),
        Row("plan: empty --out", L(add=[("--out", "")]), 2, ["--out ''", "empty value"]),
        Row("plan: no --target", L(drop=("--target",)), 2, ["--target"]),
        # overlay init, check --complete
        Row("overlay: no sub-subcommand", ["overlay"], 2, ["subcommand"]),
        Row("overlay init: missing pack", O({"--pack": missing}), 1, ["--pack", "not found"]),
        Row("overlay init: empty --pack", O({"--pack": ""}), 2, ["--pack ''", "empty value"]),
        Row("overlay init: --id not an id", O({"--id": "../x"}), 2, ["--id '../x'", "E311"]),
        Row("overlay init: --id of its base", O({"--id": "vn-ntm-2021-2025"}), 2, ["--id 'vn-ntm-2021-2025'", "E311"]),
        Row("overlay init: empty --id", O({"--id": ""}), 2, ["--id ''", "empty value"]),
        Row("overlay init: --year abc", O({"--year": "abc"}), 2, ["--year"]),
        Row("overlay init: --year outside", O({"--year": "2030"}), 1, ["--year '2030'", "E506"]),
        Row("overlay init: --out not .yaml", O({"--out": os.path.join(work, "x.csv")}), 2, ["--out", ".yaml"]),
        Row("overlay init: --out under a file", O({"--out": under_file + ".yaml"}), 1, ["--out", "is a file"]),
        Row("overlay init: --out disk full", O({"--out": full_overlay}), 1, ["--out", "cannot write", "No space left"]),
        Row("overlay init: --lang fr", O(add=[("--lang", "fr")]), 2, ["--lang"]),
        Row("overlay init: no --out", O(drop=("--out",)), 2, ["--out"]),
        Row("check --complete: the national pack leaves thresholds unset",
            ["check", "--complete", "--no-warnings", "vn-ntm-2021-2025"], 1, ["error[E316]", "income_min"]),
        # the program itself
        Row("no subcommand", [], 2, ["subcommand"]),
        Row("unknown subcommand", ["assay"], 2, ["'assay' is not a subcommand"]),
        Row("assess: --pack without its value", ["assess", "--pack"], 2, ["--pack"]),
    ]

    failures = 0

    # Good commands besides the bases: the units CSV through a pipe (it used to be read twice, the
    # header once for the `recognized` column, so the pipe lost its first line).
    with open(data23, "rb") as f:
        data23_bytes = f.read()
    bases["assess: --data from a pipe"] = (command("assess", assess_base, {"--data": "/dev/stdin"}), data23_bytes)

    def run(argv, stdout_path=None):
        stdin_bytes = None
        if isinstance(argv, tuple):
            argv, stdin_bytes = argv
        out = open(stdout_path, "w") if stdout_path else subprocess.PIPE  # noqa: SIM115
        try:
            p = subprocess.run([exe, *pack_path, *argv], stdout=out, stderr=subprocess.PIPE, input=stdin_bytes,
                               timeout=TIMEOUT_SECONDS, cwd=work)
        finally:
            if stdout_path:
                out.close()
        return p.returncode, p.stderr.decode("utf-8", "replace")

    for name, argv in bases.items():
        try:
            code, err = run(argv)
        except subprocess.TimeoutExpired:
            code, err = None, f"timed out after {TIMEOUT_SECONDS} s"
        if code != 0:
            failures += 1
            print(f"FAIL  base {name}: exit {code} (the good command must succeed)\n      {err.strip()[:600]}")
        else:
            print(f"ok    base {name}")

    for row in rows:
        try:
            code, err = run(row.argv, row.stdout)
        except subprocess.TimeoutExpired:
            failures += 1
            print(f"FAIL  {row.name}: timed out after {TIMEOUT_SECONDS} s")
            continue
        problems = []
        if code < 0 or code > 128:
            problems.append(f"died on a signal (exit {code})")
        elif code != row.code:
            problems.append(f"exit {code}, expected {row.code}")
        if "error" not in err:
            problems.append("no error message")
        problems += [f"stderr lacks {n!r}" for n in row.needles if n not in err]
        problems += [f"stderr has {f!r}" for f in FORBIDDEN if f in err]
        if problems:
            failures += 1
            print(f"FAIL  {row.name}: {'; '.join(problems)}\n      argv: {row.argv}\n      stderr: {err.strip()[:800]}")
        else:
            first = next((line for line in err.splitlines() if line.startswith("error")), err.strip()[:160])
            print(f"ok    {row.name} (exit {code}): {first[:160]}")

    total = len(rows) + len(bases)
    print(f"\n{total - failures} of {total} passed ({len(rows)} bad-argument rows, {len(bases)} good commands)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
