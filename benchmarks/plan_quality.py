"""Planner quality: the greedy planner and the exact method (CBC, started from the greedy plan)
against the MILP optimum solved independently with HiGHS on random small instances
(tests/python/plan_instances.py). Each plan's stated bound and gap are checked against the
optimum too.

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
    gaps, stated, t_greedy, t_exact, t_milp = [], [], 0.0, 0.0, 0.0
    proven = equal = bounded = 0
    for seed in range(count):
        inst = pi.with_budgets(pack, pi.instance(seed))
        t0 = time.perf_counter()
        best = pi.optimum(pack, inst)
        t1 = time.perf_counter()
        greedy = pi.plan(pack, inst, "greedy").native
        t2 = time.perf_counter()
        exact = pi.plan(pack, inst, "exact").native
        t3 = time.perf_counter()
        t_milp += t1 - t0
        t_greedy += t2 - t1
        t_exact += t3 - t2
        gaps.append(0.0 if best == 0 else (best - greedy.objective) / best)
        stated.append(greedy.gap)
        proven += exact.optimal
        equal += abs(exact.objective - best) <= 1e-6
        bounded += greedy.bound >= best - 1e-6
g, s = np.array(gaps), np.array(stated)
print(f"{count} instances (6-14 communes, 2023-2025, budgets 25-60% of the need):")
print(f"  exact method (CBC): proven optimal on {proven}/{count}, equal to the HiGHS optimum on {equal}/{count}; "
      f"{t_exact / count * 1000:.1f} ms each (assessment and greedy included); HiGHS {t_milp / count * 1000:.1f} ms each")
print(f"  greedy: gap to the optimum mean {g.mean():.2%}, median {np.median(g):.2%}, worst {g.max():.2%}, "
      f"optimal on {(g == 0).mean():.0%} of instances; {t_greedy / count * 1000:.1f} ms each (assessment included)")
print(f"  greedy's stated gap (to the budget relaxation's bound): mean {s.mean():.2%}, worst {s.max():.2%}; "
      f"the bound is at least the optimum on {bounded}/{count}")
sys.exit(0 if proven == equal == bounded == count else 1)
