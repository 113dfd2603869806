"""Random small planning instances and their exact optimum (a MILP solved with HiGHS), shared by
test_planning.py and benchmarks/plan_quality.py.

An instance: a small pack (indicators with costs, durations of 1 or 2 years, a prerequisite
1.1 -> 1.2), 6 to 14 communes with random values (some recognized), the target "basic by 2024 or
2025" for every commune, province budgets for 2023-2025 set to 25-60% of what all the work costs.

The MILP is the planner's model exactly: a target is met on time (z_u = 1) when every unmet
indicator it needs is scheduled to start in some year t (y_uit = 1) and end by the deadline;
an indicator starts only after its prerequisite ends; each task's cost is spread evenly over its
years; yearly budgets bound the sum. Maximise the total value of the targets met (2 for a
recognized commune under protect_recognized, else 1).
"""

from __future__ import annotations

import pathlib
import random

import numpy as np
import pandas as pd

import tieuchi

PACK = """pack: plan-quality
valid: {from: 2023, to: 2026}
fields:
  a: {type: number}
  b: {type: number}
  c: {type: number}
  d: {type: number}
criteria:
  - id: C1
    agency: Roads
    indicators:
      - {id: "1.1", rule: a >= 0.8, value: a, remediation: {cost: 'gap("1.1") * 1000', cost_unit: million VND, duration_months: 12}}
      - {id: "1.2", rule: b >= 0.6, value: b, remediation: {cost: '60 + gap("1.2") * 300', duration_months: 12, requires: ["1.1"]}}
  - id: C2
    agency: Schools
    indicators:
      - {id: "2.1", rule: c >= 1, remediation: {cost: '150', duration_months: 24}}
  - id: C3
    agency: Culture
    indicators:
      - {id: "3.1", rule: d >= 0.5, value: d, remediation: {cost: '20 + gap("3.1") * 200', duration_months: 12}}
levels:
  - {id: basic, criteria: [C1, C2, C3]}
"""
DURATION = {"1.1": 1, "1.2": 1, "2.1": 2, "3.1": 1}
PREREQ = {"1.2": "1.1"}
FIRST, LAST = 2023, 2025


def load_pack(folder: pathlib.Path) -> tieuchi.Pack:
    path = folder / "plan-quality.yaml"
    path.write_text(PACK, encoding="utf-8")
    return tieuchi.load_pack(str(path))


def instance(seed: int) -> dict:
    rng = random.Random(seed)
    n = rng.randint(6, 14)
    rows = []
    for u in range(n):
        rows.append({"id": f"u{u:02d}", "district": rng.choice(["D1", "D2"]),
                     "recognized": "basic" if rng.random() < 0.4 else "",
                     "a": round(rng.uniform(0.4, 1.0), 3), "b": round(rng.uniform(0.2, 1.0), 3),
                     "c": float(rng.random() < 0.6), "d": round(rng.uniform(0.1, 1.0), 3)})
    return {"df": pd.DataFrame(rows), "deadline": rng.choice([2024, 2025]), "share": rng.uniform(0.25, 0.6),
            "seed": seed}


def plan(pack: tieuchi.Pack, inst: dict, method: str = "greedy", budgets=None) -> tieuchi.PlanFrame:
    return pack.plan(inst["df"], 2023, targets=[f"basic:{inst['deadline']}:all"], horizon=(FIRST, LAST),
                     budgets=budgets if budgets is not None else inst["budgets"], method=method, time_limit=60)


def with_budgets(pack: tieuchi.Pack, inst: dict) -> dict:
    """Sets the yearly budgets to a share of the cost of all the work (measured without limits)."""
    unlimited = plan(pack, inst, budgets=[])
    per_year = inst["share"] * unlimited.native.total_cost / (LAST - FIRST + 1)
    inst["budgets"] = [{"year": y, "amount": per_year} for y in range(FIRST, LAST + 1)]
    return inst


def optimum(pack: tieuchi.Pack, inst: dict) -> float:
    """The MILP optimum of the instance (HiGHS)."""
    import highspy

    assessed = pack.assess(inst["df"], 2023, costs=True)
    a = assessed.assessment
    ids = list(a.ids)
    recognized = set(inst["df"].loc[inst["df"]["recognized"] == "basic", "id"])
    deadline = inst["deadline"]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    objective = 0
    spend = {y: 0 for y in range(FIRST, LAST + 1)}
    for u, unit in enumerate(ids):
        if a.status("basic")[u] == 1:
            continue
        unmet = [i for i in DURATION if a.status(i)[u] == 0]
        z = h.addBinary()
        objective = objective + (2 if unit in recognized else 1) * z
        starts = {}
        for i in unmet:
            years = [t for t in range(FIRST, deadline - DURATION[i] + 2)]
            starts[i] = {t: h.addBinary() for t in years}
            if years:
                h.addConstr(sum(starts[i].values()) == z)
            else:
                h.addConstr(z == 0)
            cost = float(a.cost(i)[u])
            for t, y in starts[i].items():
                for year in range(t, t + DURATION[i]):
                    spend[year] = spend[year] + cost / DURATION[i] * y
        for i, p in PREREQ.items():
            if i in starts and p in starts:
                for t in range(FIRST, deadline + 1):
                    before_i = sum(v for s, v in starts[i].items() if s <= t)
                    done_p = sum(v for s, v in starts[p].items() if s <= t - DURATION[p])
                    if not isinstance(before_i, int):
                        h.addConstr(before_i <= done_p) if not isinstance(done_p, int) else h.addConstr(before_i <= 0)
    for b in inst["budgets"]:
        if not isinstance(spend[b["year"]], int):
            h.addConstr(spend[b["year"]] <= b["amount"])
    if isinstance(objective, int):
        return 0.0
    h.maximize(objective)
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(h.getInfo().objective_function_value)
