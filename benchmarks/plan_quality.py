"""Planner quality: the greedy planner (exact method off) and the exact method against the MILP
optimum (HiGHS) on random small instances (tests/python/plan_instances.py).

Usage: python benchmarks/plan_quality.py [instances]
"""
import pathlib
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "python"))
import plan_instances as pi  # noqa: E402

count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
with tempfile.TemporaryDirectory() as tmp:
    pack = pi.load_pack(pathlib.Path(tmp))
    gaps, exact_gaps, t_greedy, t_exact, t_milp = [], [], 0.0, 0.0, 0.0
    for seed in range(count):
        inst = pi.with_budgets(pack, pi.instance(seed))
        t0 = time.perf_counter()
        best = pi.optimum(pack, inst)
        t1 = time.perf_counter()
        greedy = pi.plan(pack, inst, exact_limit=0).native.objective
        t2 = time.perf_counter()
        exact = pi.plan(pack, inst, exact_limit=14)
        t3 = time.perf_counter()
        t_milp += t1 - t0
        t_greedy += t2 - t1
        t_exact += t3 - t2
        gaps.append(0.0 if best == 0 else (best - greedy) / best)
        if exact.native.method == "exact":
            exact_gaps.append(0.0 if best == 0 else (best - exact.native.objective) / best)
g = np.array(gaps)
print(f"{count} instances (6-14 communes, 2023-2025, budgets 25-60% of the need):")
print(f"  greedy: mean gap to the MILP optimum {g.mean():.2%}, median {np.median(g):.2%}, worst {g.max():.2%}, "
      f"optimal on {(g == 0).mean():.0%} of instances; {t_greedy / count * 1000:.1f} ms each (assessment included)")
print(f"  exact method: solved {len(exact_gaps)} instances, worst gap {max(exact_gaps, default=0):.2%}; "
      f"{t_exact / count * 1000:.1f} ms each; MILP (HiGHS) {t_milp / count * 1000:.1f} ms each")
