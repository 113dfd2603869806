"""Workbook door costs (#18), as ratios measured in one run: reading the filled template of the
Lạng Sơn example vs reading the same units from CSV; writing the annexes (Biểu 01-04) vs writing
plan.json; and the time per row of a large sheet (--rows, default 200,000 units x 2 columns).

Usage: .venv/bin/python benchmarks/workbooks.py [--repeat 5] [--rows 200000]
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
import time

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))

import tieuchi  # noqa: E402
from test_workbooks import big_sheet, fill_template  # noqa: E402  (the tests' own fixtures)

PACK = ROOT / "data" / "examples" / "packs" / "langson-2022-illustrative.yaml"
CSV = ROOT / "data" / "examples" / "langson" / "communes-2023.csv"


def best(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rows", type=int, default=200_000)
    args = ap.parse_args()
    pack = tieuchi.load_pack(str(PACK))
    df = pd.read_csv(CSV, dtype={"id": str, "recognized": str, "region": str})
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        template = tmp / "mau.xlsx"
        t_template = best(lambda: pack.template(template, df[["id", "name", "district"]], year=2023), args.repeat)
        filled = tmp / "da-nhap.xlsx"
        fill_template(template, filled, df)
        t_csv = best(lambda: tieuchi.read_units(pack, CSV), args.repeat)
        t_xlsx = best(lambda: tieuchi.read_units(pack, filled), args.repeat)
        a = pack.assess(CSV, 2023, costs=True)
        p = tieuchi.plan(a, targets=["ntm:2024", "ntm_nang_cao:2024"], horizon=(2023, 2025))
        t_json = best(lambda: p.to_json(), args.repeat)
        t_annex = best(lambda: p.to_excel(tmp / "bieu.xlsx"), args.repeat)
        big = tmp / "big.xlsx"
        big_sheet(big, args.rows)
        t_big = best(lambda: _read_big(pack, big), 1)
    print(f"units: {len(df)} communes, {len(pack.fields)} input fields")
    print(f"template written:             {t_template * 1e3:8.1f} ms")
    print(f"read CSV:                     {t_csv * 1e3:8.1f} ms")
    print(f"read filled template (.xlsx): {t_xlsx * 1e3:8.1f} ms  = {t_xlsx / t_csv:.1f}x the CSV")
    print(f"plan.json:                    {t_json * 1e3:8.1f} ms")
    print(f"annexes Biểu 01-04 (.xlsx):   {t_annex * 1e3:8.1f} ms  = {t_annex / t_json:.1f}x plan.json")
    print(f"sheet of {args.rows} rows x 2:   {t_big:8.2f} s   = {t_big / args.rows * 1e6:.2f} µs per row (read + validate)")


def _read_big(pack, path) -> None:
    try:
        tieuchi.read_units(pack, path, allow_missing_columns=True)
    except tieuchi.DataError:
        pass  # its last row is text in a share column: the error is the point


if __name__ == "__main__":
    main()
