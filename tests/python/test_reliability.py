"""Reliability from Python (issue #9): every input unit appears exactly once in every DataFrame and
report; results are identical across thread counts and when many Python threads assess at once
(the GIL is released during assessment); reports are byte-identical across runs."""

import json
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

import tieuchi



def test_every_unit_exactly_once_in_every_output(pack, frame):
    result = pack.assess(frame, year=2023)
    ids = sorted(frame["id"])
    assert sorted(result.wide()["id"]) == ids
    long = result.long()
    counts = long.groupby("unit").size()
    assert sorted(counts.index) == ids and counts.nunique() == 1
    assert sorted(u["id"] for u in json.loads(result.assessment.to_json())["units"]) == ids
    assert sorted(result.matrix().index) == ids
    assert len(result.reviews()) == (frame["recognized"].fillna("") != "").sum()


def test_threads_and_concurrent_callers_give_identical_results(pack, frame):
    base = pack.assess(frame, year=2023)
    reference = base.assessment.to_json()
    two = pack.assess(frame, year=2023, threads=2)
    assert two.assessment.to_json() == reference
    with ThreadPoolExecutor(max_workers=4) as pool:
        outs = list(pool.map(lambda _: pack.assess(frame, year=2023).assessment.to_json(), range(8)))
    assert all(o == reference for o in outs)
    for node in ("TC2", "2.2", "ntm"):
        np.testing.assert_array_equal(two.assessment.status(node), base.assessment.status(node))


def test_reports_are_byte_identical_across_runs(pack, frame):
    a = pack.assess(frame, year=2023)
    b = pack.assess(frame.copy(), year=2023)
    assert a.assessment.to_json() == b.assessment.to_json()
    assert a.assessment.planning_table_csv() == b.assessment.planning_table_csv()


@pytest.mark.parametrize("text, code", [
    ("share >= " + "1 + " * 2_500_000 + "1", "E101"),          # 10 MB: refused before parsing
    ("(" * 100_000 + "share" + ")" * 100_000 + " >= 1", "E101"),  # 100,000 deep
    ("not " * 100_000 + "flag", "E101"),
])
def test_hostile_expressions_from_python_are_errors_with_a_code(text, code):
    env = tieuchi.Environment()
    env.add_field("share", tieuchi.Type.number)
    env.add_field("flag", tieuchi.Type.boolean)
    with pytest.raises(tieuchi.ParseError) as info:
        tieuchi.analyze(text, env, expected=tieuchi.Type.boolean)
    assert info.value.diagnostics[0].code == code


def test_expressions_that_are_not_utf8_are_refused_not_crashed():
    env = tieuchi.Environment()
    env.add_field("share", tieuchi.Type.number)
    # A lone surrogate (what surrogateescape leaves for undecodable bytes) cannot become UTF-8.
    with pytest.raises(UnicodeEncodeError):
        tieuchi.analyze("share >= 1 \udcff", env)
    # Valid UTF-8 that is not an identifier is a parse error at its column.
    with pytest.raises(tieuchi.ParseError) as info:
        tieuchi.analyze("share >= 1 ∑", env)
    d = info.value.diagnostics[0]
    assert d.code.startswith("E1") and d.column == 12
