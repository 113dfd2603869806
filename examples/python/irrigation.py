"""Indicator 3.1 of the NTM commune set (MARD Decision 1680/QĐ-BNN-VPĐP): at least 80% of the
farmland is irrigated and drained. Evaluates it for a few communes, one of them with the value
missing, and prints the status and shortfall of each. Run by the test suite."""

import numpy as np

import tieuchi

env = tieuchi.Environment()
env.add_field("irrigated_share", tieuchi.Type.number, "%")
rule = tieuchi.analyze("irrigated_share >= 80%", env, expected=tieuchi.Type.boolean, rule_id="3.1")
program = tieuchi.compile([rule])

communes = ["Xã Hoàng Đồng", "Xã Quảng Lạc", "Xã Mai Pha", "Xã Khánh Long"]
share = np.array([0.86, 0.74, np.nan, 0.80])
[(values, status)] = program.evaluate_batch(env, {"irrigated_share": share})
for name, s, st in zip(communes, share, status):
    label = tieuchi.Status(int(st)).name
    line = f"3.1 {name}: {label}"
    if label == "unmet":
        (gap,) = program.gaps(env, {"irrigated_share": float(s)})
        line += f" (short by {gap['amount']:.0%} of farmland)"
    elif label == "unknown":
        line += " (irrigated_share missing)"
    print(line)
