"""Planning from Python: pack.plan / tieuchi.plan with DataFrames, CSV paths and lists; the
roadmap tables; Excel; the Gantt plot; errors as PlanError with codes; and the quality of the
planner measured against the exact optimum (a MILP solved by HiGHS) on random small instances."""

import io
import pathlib

import numpy as np
import pandas as pd
import pytest

import tieuchi
import plan_instances as pi

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples"
PACK = str(EXAMPLE / "packs" / "langson-2022-illustrative.yaml")


@pytest.fixture(scope="module")
def langson():
    pack = tieuchi.load_pack(PACK)
    df = pd.read_csv(EXAMPLE / "langson" / "communes-2023.csv", dtype={"id": str})
    return pack, df


@pytest.fixture(scope="module")
def roadmap(langson):
    pack, df = langson
    return pack.plan(df, 2023, targets=["ntm:2024", "ntm_nang_cao:2024"], horizon=(2023, 2025),
                     budgets=EXAMPLE / "langson" / "budgets-illustrative.csv",
                     costs=EXAMPLE / "langson" / "costs-illustrative.csv")


def test_langson_roadmap_respects_budgets_and_prerequisites(roadmap, langson):
    pack, _ = langson
    assert isinstance(roadmap, tieuchi.PlanFrame) and len(roadmap) > 50
    tasks = roadmap.tasks()
    budgets = roadmap.budgets()
    province = budgets[budgets["scope"] == "province"].set_index("year")
    assert (province["planned"] <= province["amount"] + 1e-6).all()
    # Recompute the yearly spending from the tasks: the same as the budget table.
    spent = {}
    for t in tasks.itertuples():
        for y in range(t.start_year, t.end_year + 1):
            spent[y] = spent.get(y, 0) + t.cost / (t.end_year - t.start_year + 1)
    for y, v in spent.items():
        assert v == pytest.approx(province.loc[y, "planned"], rel=1e-9)
    # 2.2 (village roads) waits for 2.1 (commune roads) in the national pack.
    by = {(t.id, t.indicator): t for t in tasks.itertuples()}
    for (unit, ind), t in by.items():
        if ind == "2.2" and (unit, "2.1") in by:
            assert t.start_year > by[(unit, "2.1")].end_year
    out = roadmap.outcomes()
    assert set(out["outcome"]) <= {"already_met", "on_time", "late", "missed", "cannot_tell"}
    assert len(out[out["level"] == "ntm"]) == 58  # every commune recognized before 2022
    on_time = out[out["outcome"] == "on_time"]
    assert (on_time["reached_year"] <= on_time["deadline"]).all()
    late = out[out["outcome"].isin(["late", "missed"])]
    assert (late["reasons"] != "").all()


def test_roadmap_table_matches_the_tasks(roadmap):
    table = roadmap.roadmap().set_index("id")
    tasks = roadmap.tasks()
    last = tasks.groupby(["id", "criterion"])["end_year"].max()
    for (unit, criterion), year in last.items():
        assert table.loc[unit, criterion] == str(year)
    assert set(table.columns) >= {"TC1", "TC19", "ntm_year", "ntm_outcome", "ntm_nang_cao_outcome"}
    cell = table["TC1"]
    assert isinstance(cell.dtype, pd.CategoricalDtype) and cell.cat.ordered
    cats = list(cell.cat.categories)
    assert cats[:2] == ["Đ", "KAD"] and cats[-2:] == ["-", "?"]
    assert cats[2:-2] == sorted(cats[2:-2]) and all(c.isdigit() for c in cats[2:-2])
    assert str(table["ntm_year"].dtype) == "Int64"
    assert list(table["ntm_outcome"].cat.categories) == ["already_met", "on_time", "late", "missed", "cannot_tell"]


def test_plan_tables_have_typed_columns(roadmap):
    tasks = roadmap.tasks()
    assert tasks["start_year"].dtype == np.int64 and tasks["cost"].dtype == np.float64
    assert tasks["pinned"].dtype == bool
    out = roadmap.outcomes()
    assert str(out["reached_year"].dtype) == "Int64" and out["deadline"].dtype == np.int64
    assert isinstance(out["outcome"].dtype, pd.CategoricalDtype)
    missed = out[out["outcome"] == "missed"]
    assert missed["reached_year"].isna().all()
    budgets = roadmap.budgets()
    assert list(budgets["scope"].cat.categories) == ["province", "district", "agency"]
    limited = budgets["amount"].notna()
    assert (budgets.loc[limited, "left"] == budgets.loc[limited, "amount"] - budgets.loc[limited, "planned"]).all()
    # The CSV writers render the same tables.
    csv = pd.read_csv(io.StringIO(roadmap.native.tasks_csv()), dtype={"id": str}, keep_default_na=False)
    assert (csv["cost"] == tasks["cost"]).all() and (csv["pinned"].eq("yes") == tasks["pinned"]).all()


def test_budget_and_cost_frames_are_read_by_the_library(langson):
    """A DataFrame of budgets or costs goes through the CSV reader of the CLI: the same codes,
    with the row (1 = df.iloc[0]) and the column."""
    pack, frame = langson
    af = tieuchi.assess_frame(pack, frame, 2023, costs=True)
    bad = pd.DataFrame({"year": [2023, 2024], "amount": [100.0, -5.0]})
    with pytest.raises(tieuchi.PlanError) as e:
        tieuchi.plan(af, targets=["ntm:2024"], budgets=bad)
    d = e.value.diagnostics[0]
    assert (d.code, d.file, d.row, d.column_name) == ("E610", "budgets", 2, "amount")
    with pytest.raises(tieuchi.PlanError) as e:
        tieuchi.plan(af, targets=["ntm:2024"], budgets=[{"year": 2023}])
    assert e.value.diagnostics[0].code == "E610" and "amount" in e.value.diagnostics[0].message
    with pytest.raises(tieuchi.PlanError) as e:
        tieuchi.plan(af, targets=["ntm:2024"], costs=pd.DataFrame({"indicator": ["2.1"], "fixed_cost": ["lots"]}))
    d = e.value.diagnostics[0]
    assert (d.code, d.row, d.column_name) == ("E611", 1, "fixed_cost")
    ok = tieuchi.plan(af, targets=["ntm:2024"], budgets=[{"year": 2024, "amount": 1e6}], costs=[])
    assert len(ok) > 0
    # Rows as values (tuples, lists, a generator) and empty tables are taken as they are.
    rows = [(2024, "province", "", 1e6)]
    same = tieuchi.plan(af, targets=["ntm:2024"], budgets=[list(r) for r in rows], costs=pd.DataFrame())
    assert same.tasks().equals(tieuchi.plan(af, targets=["ntm:2024"], budgets=(r for r in rows)).tasks())
    assert same.tasks().equals(ok.tasks())
    # A column the reader does not know is refused, as in a file (never silently ignored).
    with pytest.raises(tieuchi.PlanError) as e:
        tieuchi.plan(af, targets=["ntm:2024"], budgets=pd.DataFrame({"year": [2024], "amount": [1.0], "nam": [1]}))
    assert (e.value.diagnostics[0].code, e.value.diagnostics[0].column_name) == ("E610", "nam")


def test_year_columns_are_nullable_whatever_the_data(langson):
    """reached_year and <level>_year are Int64 even when every target is reached (the type does
    not depend on the data)."""
    pack, frame = langson
    af = tieuchi.assess_frame(pack, frame.iloc[:3], 2023, costs=True)
    p = tieuchi.plan(af, targets=["ntm:2025:all"], horizon=(2023, 2025))
    assert str(p.outcomes()["reached_year"].dtype) == "Int64"
    assert str(p.roadmap()["ntm_year"].dtype) == "Int64"
    # Every year of the horizon is a category of the roadmap's cells, planned or not.
    cats = list(p.roadmap()["TC1"].cat.categories)
    assert cats[2:5] == ["2023", "2024", "2025"]
    assert p.outcomes(lang="vi")["outcome"].notna().all()


def test_plan_excel_json_summary_and_gantt(roadmap, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "lo-trinh.xlsx"
    roadmap.to_excel(path)
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == ["Biểu 01", "Biểu 02", "Biểu 03", "Biểu 04", "Lộ trình", "Nhiệm vụ", "Kết quả", "Ngân sách",
                             "Thông tin"]
    head = next(wb["Nhiệm vụ"].iter_rows(values_only=True))
    assert head[:3] == ("Năm bắt đầu", "Năm hoàn thành", "Mã xã") and "Cơ quan chủ trì" in head
    outcomes = [r for r in wb["Kết quả"].iter_rows(values_only=True)]
    assert tieuchi.messages("vi")["plan.outcome.on_time"] in {r[5] for r in outcomes[1:]}
    head = next(wb["Lộ trình"].iter_rows(values_only=True))
    assert "Xã đạt chuẩn nông thôn mới (năm)" in head and "TC2. Giao thông" in head
    wb.close()
    # English: every word from the same catalogue.
    en = tmp_path / "roadmap.xlsx"
    roadmap.to_excel(en, lang="en")
    wb = openpyxl.load_workbook(en, read_only=True)
    t = tieuchi.messages("en")
    assert wb.sheetnames[4:] == [t["plan.sheet.roadmap"], t["plan.sheet.tasks"], t["plan.sheet.outcomes"],
                                 t["plan.sheet.budgets"], t["sheet.about"]] == ["Roadmap", "Tasks", "Outcomes",
                                                                                "Budgets", "About"]
    assert wb.sheetnames[:4] == ["Annex 01", "Annex 02", "Annex 03", "Annex 04"]
    assert next(wb["Tasks"].iter_rows(values_only=True))[:3] == ("Start year", "End year", "Id")
    assert "On time" in {r[5] for r in list(wb["Outcomes"].iter_rows(values_only=True))[1:]}
    wb.close()
    import json

    doc = json.loads(roadmap.to_json())
    assert doc["schema"] == "tieuchi.plan/1" and len(doc["tasks"]) == len(roadmap)
    assert "Lộ trình 2023-2025" in roadmap.summary("vi")
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    ax = roadmap.gantt(max_units=10)
    assert len(ax.get_yticklabels()) == 10
    tasks = roadmap.tasks()
    shown = tasks[tasks["id"].isin([t.get_text().split()[0] for t in ax.get_yticklabels()])]
    assert len(ax.patches) == len(shown)
    matplotlib.pyplot.close("all")


def test_plan_inputs_as_lists_and_dataframes_agree(langson):
    pack, df = langson
    costs = pd.read_csv(EXAMPLE / "langson" / "costs-illustrative.csv", dtype=str).drop(columns=["note"])
    costs = costs.astype({c: float for c in ("fixed_cost", "cost_per_gap", "duration_months")})
    budgets = [{"year": 2023, "amount": 40000}, {"year": 2024, "amount": 45000}]
    assessed = pack.assess(df, 2023, costs=True)
    a = tieuchi.plan(assessed, targets=["ntm:2024"], budgets=budgets, costs=costs)
    b = pack.plan(df, 2023, targets=["ntm:2024"], budgets=pd.DataFrame(budgets),
                  costs=EXAMPLE / "langson" / "costs-illustrative.csv")
    pd.testing.assert_frame_equal(a.tasks(), b.tasks())
    # The pack's own cost model of 2.1: gap * 100 * 150; 0 where met; NaN without a cost model (2.2).
    x = assessed.assessment
    unmet = x.status("2.1") == 0
    assert unmet.any()
    np.testing.assert_allclose(x.cost("2.1")[unmet], x.gap("2.1")[unmet] * 100 * 150)
    assert (x.cost("2.1")[x.status("2.1") == 1] == 0).all()
    assert np.isnan(x.cost("2.2")).all()


def test_plan_errors_carry_codes(langson):
    pack, df = langson
    with pytest.raises(tieuchi.PlanError) as info:
        tieuchi.plan(pack.assess(df, 2023), targets=["ntm:2024"])
    assert info.value.diagnostics[0].code == "E607"
    with pytest.raises(tieuchi.PlanError) as info:
        pack.plan(df, 2023, targets=["gold:2024"])
    assert info.value.diagnostics[0].code == "E603" and "gold" in info.value.diagnostics[0].message
    with pytest.raises(tieuchi.PlanError) as info:
        pack.plan(df, 2023, targets=["ntm"])
    assert info.value.diagnostics[0].code == "E612"
    bad = pathlib.Path(__file__).parent / "data-bad-budgets.csv"
    try:
        bad.write_text("year,amount\n2023,lots\n", encoding="utf-8")
        with pytest.raises(tieuchi.PlanError) as info:
            pack.plan(df, 2023, targets=["ntm:2024"], budgets=bad)
        d = info.value.diagnostics[0]
        assert d.code == "E610" and d.file.endswith("data-bad-budgets.csv")
        assert (d.row, d.column, d.column_name) == (2, 2, "amount")
        assert d.message == "expected a non-negative amount, got 'lots'"
    finally:
        bad.unlink()
    with pytest.raises(ValueError):
        tieuchi.plan(pack, targets=["ntm:2024"])


def test_pins_are_kept(langson):
    pack, df = langson
    p = pack.plan(df, 2023, targets=["ntm:2025"], costs=EXAMPLE / "langson" / "costs-illustrative.csv",
                  pins=[("06010", "2.2", 2025)])
    t = p.tasks().set_index(["id", "indicator"])
    assert t.loc[("06010", "2.2"), "start_year"] == 2025 and bool(t.loc[("06010", "2.2"), "pinned"])


def test_planner_quality_against_the_exact_optimum(tmp_path):
    """On 40 random small instances the greedy planner is within 2% of the MILP optimum (HiGHS) on
    average; the exact method (CBC) proves the optimum on every one and equals HiGHS's; every
    plan's bound is at least the optimum and its gap says how far below it the plan may be."""
    pytest.importorskip("highspy")
    pack = pi.load_pack(tmp_path)
    gaps = []
    for seed in range(40):
        inst = pi.with_budgets(pack, pi.instance(seed))
        best = pi.optimum(pack, inst)
        greedy = pi.plan(pack, inst, "greedy").native
        exact = pi.plan(pack, inst, "exact").native
        assert greedy.objective <= best + 1e-6  # plans are feasible
        assert exact.optimal and exact.method == "exact" and exact.gap == 0, seed
        assert exact.objective == pytest.approx(best, abs=1e-6), seed
        assert greedy.bound >= best - 1e-6, seed
        assert greedy.gap == pytest.approx(0 if greedy.bound == 0 else (greedy.bound - greedy.objective) / greedy.bound)
        gaps.append(0.0 if best == 0 else (best - greedy.objective) / best)
    mean = float(np.mean(gaps))
    print(f"greedy vs MILP optimum on 40 instances: mean gap {mean:.2%}, worst {max(gaps):.2%}")
    assert mean <= 0.02


def test_native_plan_and_readers(roadmap, langson):
    native = roadmap.native
    assert (native.first_year, native.last_year) == (2023, 2025)
    assert native.cost_unit == "million VND" or native.cost_unit == ""
    assert native.total_cost == pytest.approx(roadmap.tasks()["cost"].sum())
    assert native.tasks_csv().startswith("start_year,end_year,id,")
    assert native.roadmap_csv().startswith("id,name,district,TC1,")
    assert native.outcomes_csv().startswith("id,name,district,level,deadline,outcome,")
    assert native.budgets_csv().startswith("year,scope,name,planned,amount,left")
    assert native.policy == "protect_recognized" and native.objective > 0
    assert native.method in ("exact", "exact, time limit", "greedy, time limit")  # auto: the solver ran
    assert native.bound >= native.objective and 0 <= native.gap < 1
    assert len(native.assessment) == 181
    budgets = tieuchi._tieuchi.read_budgets_csv(str(EXAMPLE / "langson" / "budgets-illustrative.csv"))
    assert budgets[0] == (2023, "province", "", 40000.0)
    costs = tieuchi._tieuchi.read_costs_csv(str(EXAMPLE / "langson" / "costs-illustrative.csv"))
    assert costs[0][:3] == ("1.1", "", 300.0)
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from tieuchi.plots import roadmap_gantt

    ax = roadmap_gantt(roadmap, units=["06010"], lang="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["06010 Xã Cao Minh"]
    assert len(ax.patches) == (roadmap.tasks()["id"] == "06010").sum()
    matplotlib.pyplot.close("all")
