"""Pack.lower(): the rules for one year as expression trees. Checked the strongest way: the NumPy
code that benchmarks/translate.py generates from them must give tieuchi's status for every node
of every unit, for every year of the pack."""

import sys

import numpy as np
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import run as bench  # noqa: E402
import translate  # noqa: E402

import tieuchi  # noqa: E402

ILLUSTRATIVE = ROOT / "data/examples/packs/langson-2022-illustrative.yaml"


@pytest.fixture(scope="module")
def full_pack():
    return tieuchi.load_pack(str(ILLUSTRATIVE))


def test_lowered_document_lists_every_node_in_evaluation_order(full_pack):
    doc = full_pack.lower(2024)
    assert doc["format"] == "tieuchi-lowered/1"
    assert doc["year"] == 2024
    assert [n["id"] for n in doc["nodes"]] == [node for _, node, _ in full_pack.nodes()]
    ntm = next(n for n in doc["nodes"] if n["id"] == "ntm")
    assert ntm["members"] == [f"TC{i}" for i in range(1, 20)]
    advanced = next(n for n in doc["nodes"] if n["id"] == "ntm_nang_cao")
    assert advanced["requires"] == "ntm"


def test_default_year_is_the_packs(full_pack):
    assert full_pack.lower()["year"] == full_pack.default_year


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_numpy_translation_agrees_with_the_engine_on_every_node(full_pack, year):
    ir = translate.Ir.from_lowered(full_pack.lower(year))
    cols = bench.make_fixture(ir, 3000, seed=year)
    df = bench.dataframe(ir, cols)
    af = full_pack.assess(df, year=year, values=False, gaps=False)
    ns: dict = {}
    exec(translate.numpy_source(ir), ns)
    got = ns["evaluate"](bench.float_columns(ir, df))
    statuses = translate.status_ids(ir)
    assert len(statuses) == 124
    seen = set()
    for node, _ in statuses:
        want = af.assessment.status(node)
        assert np.array_equal(got[node], want), f"{node}: first difference at unit {np.argmax(got[node] != want)}"
        seen.update(np.unique(want).tolist())
    assert seen == {0, 1, 2, 3}, "the fixture exercises every status"


def test_untranslatable_construct_names_the_node():
    env_pack = {"format": "tieuchi-lowered/1", "pack": "p", "year": 2024,
                "fields": [{"name": "x", "type": "number"}],
                "nodes": [{"kind": "indicator", "id": "9.9", "criterion": "C", "applies_if": None, "value": None,
                           "rule": {"t": ">=", "a": [{"t": "call", "f": "gap", "a": [{"t": "str", "v": "9.9"}]},
                                                     {"t": "num", "v": 1.0}]}}]}
    ir = translate.Ir.from_lowered(env_pack)
    with pytest.raises(translate.TranslationError, match=r"indicator '9.9'.*'gap'"):
        translate.numpy_source(ir)


def test_unknown_format_is_refused():
    with pytest.raises(translate.TranslationError, match="unknown lowered format"):
        translate.Ir.from_lowered({"format": "something-else"})
