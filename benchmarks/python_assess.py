"""Assess a 1,000,000-row DataFrame from Python and compare with the same assessment in C++.

The C++ time is measured inside the engine (`Assessment.elapsed_seconds`, the call the binding makes
on the very same columns); the Python time is the whole `tieuchi.assess_frame` call from a pandas
DataFrame (column conversion, the native call, wrapping the result). Ratio = Python / C++.

Usage: python benchmarks/python_assess.py [rows]
"""
import pathlib
import sys
import time

import numpy as np
import pandas as pd

import tieuchi

ROOT = pathlib.Path(__file__).resolve().parents[1]
rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
pack = tieuchi.load_pack(str(ROOT / "data" / "examples" / "packs" / "langson-2022-illustrative.yaml"))
rng = np.random.default_rng(42)
data = {"id": np.arange(rows).astype(str)}
for f in pack.fields:
    if f["type"] == tieuchi.Type.string:
        data[f["name"]] = pd.Categorical(rng.choice(f["values"], rows)) if f["values"] else ""
    elif f["type"] == tieuchi.Type.boolean:
        data[f["name"]] = (rng.random(rows) < 0.9).astype("float64")
    else:
        x = rng.uniform(0.4, 1.0, rows) if f["unit"] == "%" else rng.uniform(0, 100, rows)
        x[rng.random(rows) < 0.005] = np.nan
        data[f["name"]] = x
data["schools.count"] = np.floor(rng.uniform(1, 8, rows))
for name in ("education.primary_universal_level", "education.lower_secondary_universal_level"):
    data[name] = np.floor(rng.uniform(0, 3.999, rows))
data["education.literacy_level"] = np.floor(rng.uniform(0, 2.999, rows))
data["disaster.score"] = rng.uniform(0, 100, rows)
df = pd.DataFrame(data)

best = None
for _ in range(3):
    t0 = time.perf_counter()
    result = tieuchi.assess_frame(pack, df, year=2024, values=False, gaps=False)
    total = time.perf_counter() - t0
    native = result.assessment.elapsed_seconds
    if best is None or total < best[0]:
        best = (total, native)
total, native = best
print(f"{rows:,} communes, {len(pack.nodes())} nodes, 1 thread (best of 3): "
      f"Python assess_frame {total * 1000:.0f} ms, C++ assess {native * 1000:.0f} ms, ratio {total / native:.2f}")
