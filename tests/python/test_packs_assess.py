"""Packs and assessment from Python: loading, errors with locations, graph queries, scalar and
DataFrame assessment (same statuses as the C++ CLI), zero-copy read-only results."""

import json
import pathlib
import subprocess

import numpy as np
import pandas as pd
import pytest

import tieuchi

from conftest import EXAMPLE_CSV, EXAMPLE_PACK, ROOT


def test_load_pack_and_its_contents(pack):
    assert pack.id == "langson-2022-illustrative"
    assert pack.lineage[0] == "vn-ntm-2021-2025"
    assert len([c for c in pack.criteria if c["id"].startswith("TC")]) == 19
    th = pack.thresholds()
    assert th["verified"] == 9 and th["missing"] == []
    assert th["illustrative"] > 20
    assert "TC5" in pack.dependents("5") and "ntm" in pack.dependents("5")
    assert "schools.count" in pack.dependencies("5")
    assert any(kind == "requires" for _, _, kind in pack.graph_edges())
    assert pack.to_dot().startswith('digraph "langson-2022-illustrative"')
    assert pack.run_tests()["ok"]


def test_warnings_name_unset_thresholds():
    national, warnings = tieuchi.load_pack_with_warnings("vn-ntm-2021-2025")
    codes = {w.code for w in warnings}
    assert codes == {"W301"}
    assert any("income_min" in w.message for w in warnings)


def test_pack_errors_carry_code_line_and_column():
    with pytest.raises(tieuchi.PackError) as info:
        tieuchi.load_pack(str(ROOT / "tests" / "data" / "packs" / "bad" / "cycle.yaml"))
    d = info.value.diagnostics[0]
    assert (d.code, d.line, d.column) == ("E401", 13, 34)
    assert "2.1 -> 5 -> 2.1" in d.message
    with pytest.raises(tieuchi.PackError) as missing:
        tieuchi.load_pack("no-such-pack")
    assert missing.value.diagnostics[0].code == "E311"


def test_scalar_evaluation_with_reasons(pack):
    r = pack.evaluate({"region": "TDMNPB", "irrigation.active_share": 0.76}, 2023)
    assert r["3.1"]["status"] == tieuchi.Status.unmet
    assert r["3.1"]["gap"] == pytest.approx(0.04)
    assert r["3.1"]["threshold"] == pytest.approx(0.8)
    assert "short by 0.04" in r["3.1"]["reasons"][0]
    assert r["10"]["status"] == tieuchi.Status.unknown  # income missing: unknown, not 0
    with pytest.raises(tieuchi.DataError) as info:
        pack.evaluate({"region": "XYZ"}, 2023)
    assert info.value.diagnostics[0].code == "E505"


def test_assess_frame_matches_the_cli(pack, frame, tmp_path):
    result = tieuchi.assess_frame(pack, frame, year=2023)
    assert len(result) == 181
    cli = ROOT / "build" / "release" / "apps" / "cli" / "tieuchi"
    if not cli.exists():
        pytest.skip("the C++ build is not there")
    subprocess.run([str(cli), "assess", "--pack", EXAMPLE_PACK, "--year", "2023", "--data", str(EXAMPLE_CSV),
                    "--out", str(tmp_path), "--format", "json"], check=True, capture_output=True)
    report = json.loads((tmp_path / "assessment.json").read_text())
    for node in ("TC2", "TC17", "ntm", "5", "17.1"):
        expected = [u["nodes"][node]["status"] for u in report["units"]]
        assert list(result.status(node)) == expected, node


def test_results_are_read_only_views(pack, frame):
    result = tieuchi.assess_frame(pack, frame, year=2023)
    status = result.assessment.status("TC5")
    assert status.dtype == np.uint8 and len(status) == 181
    assert not status.flags.writeable
    with pytest.raises(ValueError):
        status[0] = 1
    del result  # the view keeps the assessment alive
    assert set(np.unique(status)) <= {0, 1, 2, 3}


def test_long_and_wide_frames_and_explanations(pack, frame):
    result = tieuchi.assess_frame(pack, frame, year=2023)
    wide = result.wide()
    assert list(wide.columns[:4]) == ["id", "name", "district", "recognized"]
    assert len(wide) == 181 and set(wide["TC5"]) <= {"Đ", "CĐ", "?", "KAD"}
    long = result.long(kinds=("indicator",))
    assert set(long["status"]) <= {"met", "unmet", "unknown", "not_applicable"}
    row = long[(long.unit == "06010") & (long.node == "2.2")].iloc[0]
    assert (row.status, row.value, row.threshold) == ("unmet", 0.5, 0.6)
    assert row.gap == pytest.approx(0.1)
    text = result.explain("06010", "TC2", lang="vi")
    assert "50% < 60% (chưa đạt, thiếu 10%)" in text
    assert "Review of 58 recognized units" in result.summary()


def test_missing_cells_are_unknown_and_unknown_columns_are_refused(pack, frame):
    df = frame.head(3).copy()
    df.loc[0, "irrigation.active_share"] = np.nan
    result = tieuchi.assess_frame(pack, df, year=2023)
    assert result.status("3.1").iloc[0] == "unknown"
    with pytest.raises(tieuchi.DataError) as info:
        tieuchi.assess_frame(pack, df.rename(columns={"irrigation.active_share": "irrigation.active_shar"}), year=2023)
    codes = {(d.code, d.column_name or d.field) for d in info.value.diagnostics}
    # The misspelt column is refused with a suggestion, and the input it was meant for is missing.
    assert ("E507", "irrigation.active_shar") in codes and ("E508", "irrigation.active_share") in codes
    assert "did you mean 'irrigation.active_share'?" in [d.hint for d in info.value.diagnostics]


def test_every_public_name_has_a_docstring():
    import inspect

    missing = []
    for name in tieuchi.__all__:
        obj = getattr(tieuchi, name)
        if not (getattr(obj, "__doc__", None) or "").strip():
            missing.append(name)
        if inspect.isclass(obj):
            for attr, val in vars(obj).items():
                if attr.startswith("_") or attr == "value":  # enum members' .value comes from pybind11
                    continue
                if isinstance(val, obj):  # enum members
                    continue
                if not (getattr(val, "__doc__", None) or "").strip():
                    missing.append(f"{name}.{attr}")
    assert missing == []


def test_graph_as_networkx(pack):
    nx = pytest.importorskip("networkx")
    g = tieuchi.to_networkx(pack)
    assert isinstance(g, nx.DiGraph)
    assert g.has_edge(("indicator", "5"), ("criterion", "TC5"))
    assert nx.is_directed_acyclic_graph(g)
    assert ("level", "ntm") in nx.descendants(g, ("indicator", "5"))


def _assess_in_worker(pack, frame_records):
    df = pd.DataFrame.from_records(frame_records)
    return list(tieuchi.assess_frame(pack, df, year=2023).status("TC5"))


def test_packs_pickle_and_travel_to_other_processes(pack, frame):
    import concurrent.futures
    import multiprocessing
    import pickle

    again = pickle.loads(pickle.dumps(pack))
    assert again.id == pack.id and again.lineage == pack.lineage
    assert again.thresholds() == pack.thresholds()
    assert again.run_tests(inherited=False)["ok"]
    # A fresh interpreter (spawn) receives the pack and gets the same result.
    head = frame.head(20)
    expected = list(tieuchi.assess_frame(pack, head, year=2023).status("TC5"))
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        got = pool.submit(_assess_in_worker, pack, head.to_dict("records")).result(timeout=120)
    assert got == expected
