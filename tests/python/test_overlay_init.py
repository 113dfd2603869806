"""`tieuchi overlay init` and `tieuchi check --complete` through the CLI (issue #18): the template of
the national pack lists exactly the parameters `tieuchi check` reports unset, loads as it is, names
its own lines in `check --complete` until every value is typed, and then passes; the illustrative
example overlay passes `check --complete`, the national pack alone fails it."""

from __future__ import annotations

import os
import pathlib
import re
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACK_PATH = ROOT / "data" / "packs"
EXAMPLE = ROOT / "data" / "examples" / "packs" / "langson-2022-illustrative.yaml"
CLI = pathlib.Path(os.environ.get("TIEUCHI_CLI", ROOT / "build" / "release" / "apps" / "cli" / "tieuchi"))


def run(*args: str) -> subprocess.CompletedProcess:
    if not CLI.exists():
        pytest.fail(f"the CLI is not built at {CLI} (run scripts/test.sh, or set TIEUCHI_CLI)")
    return subprocess.run([str(CLI), "--pack-path", str(PACK_PATH), *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def reported_unset(stdout: str) -> dict[str, set[str]]:
    """What `tieuchi check` prints as unset: name -> the key values without a value (empty: all)."""
    out: dict[str, set[str]] = {}
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("not set: "):
            for name in line[len("not set: "):].split(", "):
                out[name] = set()
        elif m := re.fullmatch(r"(\w+) has no value for: (.*)", line):
            out[m[1]] = set(m[2].split(", "))
    return out


def template_entries(text: str) -> dict[str, set[str]]:
    """The template's parameters, each with the regions of its entries."""
    out: dict[str, set[str]] = {}
    name = None
    for line in text.splitlines():
        if m := re.fullmatch(r"  (\w+):", line):
            name = m[1]
            out[name] = set()
        elif name and (m := re.match(r"      - threshold_region: (\w+)", line)):
            out[name].add(m[1])
    return out


@pytest.fixture(scope="module")
def national_check() -> str:
    r = run("check", "--no-warnings", "vn-ntm-2021-2025")
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_template_lists_exactly_what_check_reports_unset(tmp_path, national_check):
    out = tmp_path / "tinh-2024.yaml"
    r = run("overlay", "init", "--pack", "vn-ntm-2021-2025", "--id", "tinh-2024", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    reported = reported_unset(national_check)
    entries = template_entries(text)
    assert set(entries) == set(reported)
    all_regions = {"TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"}
    for name, lacking in reported.items():
        if name == "temporary_houses_max":  # varies by nothing: one entry, no region
            assert entries[name] == set()
        else:
            assert entries[name] == (lacking or all_regions), name
    assert "extends: vn-ntm-2021-2025\n" in text
    assert "# Trung du và miền núi phía Bắc" in text
    assert f"{len(reported)} thresholds" in r.stdout


def test_unfilled_loads_and_check_complete_names_its_lines_until_filled(tmp_path, national_check):
    out = tmp_path / "tinh.yaml"
    assert run("overlay", "init", "--pack", "vn-ntm-2021-2025", "--id", "tinh", "--out", str(out)).returncode == 0
    # Unfilled: loads (exit 0), the same thresholds unset.
    r = run("check", "--no-warnings", str(out))
    assert r.returncode == 0, r.stderr
    assert reported_unset(r.stdout) == reported_unset(national_check)
    # --complete fails, each E316 at a line of the template.
    r = run("check", "--complete", "--no-warnings", str(out))
    assert r.returncode == 1
    errors = re.findall(r"^(.*?):(\d+):(\d+): error\[E316\]: threshold '(\w+)'", r.stderr, re.M)
    assert {e[3] for e in errors} == set(reported_unset(national_check))
    assert all(e[0] == str(out) for e in errors), r.stderr
    assert "incomplete: " in r.stdout
    # Filled in by typing values only: passes.
    out.write_text(out.read_text(encoding="utf-8").replace("value: ~", "value: 50%"), encoding="utf-8")
    r = run("check", "--complete", str(out))
    assert r.returncode == 0, r.stderr
    assert "complete: every threshold the levels need has a value" in r.stdout
    assert "W301" not in r.stderr


def test_check_complete_on_the_packs():
    r = run("check", "--complete", "--no-warnings", str(EXAMPLE))
    assert r.returncode == 0, r.stderr
    assert "complete: every threshold the levels need has a value" in r.stdout
    r = run("check", "--complete", "--no-warnings", "vn-ntm-2021-2025")
    assert r.returncode == 1
    assert re.search(r"error\[E316\]: threshold 'income_min' has no value for threshold_region TDMNPB, DBSH, BTB, "
                     r"DHNTB, TN, DNB, DBSCL in 2022-2025: levels ntm, ntm_recognition, ntm_revocation need it", r.stderr)
    assert "e_health_record_min' has no value for threshold_region BTB, DHNTB, TN, DNB, DBSCL" in r.stderr


def test_bad_arguments(tmp_path):
    r = run("overlay", "init", "--pack", "vn-ntm-2021-2025", "--id", "../x", "--out", str(tmp_path / "x.yaml"))
    assert r.returncode == 2 and "E311" in r.stderr and "--id '../x'" in r.stderr
    r = run("overlay", "init", "--pack", "vn-ntm-2021-2025", "--id", "x", "--year", "2030", "--out", str(tmp_path / "x.yaml"))
    assert r.returncode == 1 and "E506" in r.stderr
    r = run("overlay", "init", "--pack", "vn-ntm-2021-2025", "--id", "x", "--out", str(tmp_path / "x.txt"))
    assert r.returncode == 2 and "--out" in r.stderr
    r = run("overlay", "init", "--pack", "no-such-pack", "--id", "x", "--out", str(tmp_path / "x.yaml"))
    assert r.returncode == 1 and "E311" in r.stderr
    assert not (tmp_path / "x.yaml").exists()
