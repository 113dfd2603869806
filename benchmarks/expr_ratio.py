"""Runs the expression benchmark and prints engine / hand-written ratios measured in one run.

Usage: python benchmarks/expr_ratio.py [path/to/expr_bench]
"""
import json
import subprocess
import sys

binary = sys.argv[1] if len(sys.argv) > 1 else "build/release/benchmarks/expr_bench"
out = subprocess.run(
    [binary, "--benchmark_format=json", "--benchmark_repetitions=5", "--benchmark_report_aggregates_only=true"],
    check=True, capture_output=True, text=True,
).stdout
rows = {b["name"]: b for b in json.loads(out)["benchmarks"] if b.get("aggregate_name") == "median"}


def ms(name):
    b = rows[name + "_median"]
    scale = {"ms": 1.0, "us": 1e-3, "ns": 1e-6}[b["time_unit"]]
    return b["real_time"] * scale


print(f"compile 1,000 expressions: {ms('BM_Compile1000Expressions'):.1f} ms (median of 5)")
for n in (10000, 1000000):
    hand = ms(f"BM_HandLoop60Rules/{n}")
    eng = ms(f"BM_Engine60Rules/{n}/1")
    print(f"60 rules x {n:>9,} units: hand-written {hand:8.2f} ms, tieuchi 1 thread {eng:8.2f} ms, "
          f"ratio {eng / hand:.2f}")
eng2 = ms("BM_Engine60Rules/1000000/2")
print(f"60 rules x 1,000,000 units, tieuchi 2 threads: {eng2:.2f} ms "
      f"(ratio to the 1-thread hand loop {eng2 / ms('BM_HandLoop60Rules/1000000'):.2f})")
