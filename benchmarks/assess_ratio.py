"""Runs the assessment benchmark and the expression benchmark's hand-written loop in one go and
prints units per second and the ratios (time per unit of the assessment / time per unit of the
hand-written 60-rule loop).

Usage: python benchmarks/assess_ratio.py [build/release/benchmarks]
"""
import json
import subprocess
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else "build/release/benchmarks"


def run(binary, flt):
    out = subprocess.run(
        [f"{folder}/{binary}", f"--benchmark_filter={flt}", "--benchmark_format=json",
         "--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true"],
        check=True, capture_output=True, text=True,
    ).stdout
    return {b["run_name"]: b for b in json.loads(out)["benchmarks"] if b.get("aggregate_name") == "median"}


def ms(b):
    return b["real_time"] * {"ms": 1.0, "us": 1e-3, "ns": 1e-6}[b["time_unit"]]


hand = run("expr_bench", "BM_HandLoop60Rules")
assess = run("assess_bench", "BM_Assess")
for n in (10000, 1000000):
    h = ms(hand[f"BM_HandLoop60Rules/{n}"])
    for name in ("BM_AssessStatuses", "BM_AssessNationalPack"):
        key = f"{name}/{n}/1/real_time"
        if key not in assess:
            continue
        t = ms(assess[key])
        print(f"{name:<22} {n:>9,} units, 1 thread: {t:9.2f} ms = {n / t * 1000:12,.0f} units/s; "
              f"hand-written 60-rule loop {h:8.2f} ms; ratio {t / h:.2f}")
t2 = ms(assess["BM_AssessStatuses/1000000/2/real_time"])
print(f"BM_AssessStatuses      1,000,000 units, 2 threads: {t2:9.2f} ms = {1e9 / t2:12,.0f} units/s")
tf = ms(assess["BM_AssessFull/10000/1/real_time"])
print(f"BM_AssessFull (values and exact gaps) 10,000 units, 1 thread: {tf:.2f} ms = {1e7 / tf:,.0f} units/s")
