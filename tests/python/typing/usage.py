"""Type-checked by test_typing.py with mypy --strict: the stubs must let users write this."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

import tieuchi


def irrigation(share: npt.NDArray[np.float64]) -> list[int]:
    env = tieuchi.Environment()
    env.add_field("irrigated_share", tieuchi.Type.number, "%")
    rule = tieuchi.analyze("irrigated_share >= 80%", env, expected=tieuchi.Type.boolean, rule_id="3.1")
    program = tieuchi.compile([rule], gaps=True)
    scalar: list[object] = program.evaluate(env, {"irrigated_share": 0.72})
    assert scalar == [False]
    [(values, status)] = program.evaluate_batch(env, {"irrigated_share": share})
    return [int(s) for s in status]


def pack_summary(path: str) -> tuple[str, int]:
    try:
        pack = tieuchi.load_pack(path)
    except tieuchi.PackError as error:
        first: tieuchi.Diagnostic = error.diagnostics[0]
        return f"{first.code} at {first.line}:{first.column}", 0
    table, warnings = tieuchi.read_units(pack, {"id": []}, allow_missing_columns=True)
    unknown: list[str] = [w.where for w in warnings if w.row == 0]
    result = tieuchi.assess(pack, table)
    codes: npt.NDArray[np.uint8] = result.status(pack.nodes()[0][1])
    return pack.id, len(codes)
