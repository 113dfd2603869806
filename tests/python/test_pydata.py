"""The PyData side: pack.assess / pack.graph, the summary as data, the planning tables (DataFrames and
Excel with Vietnamese headers), the plots (checked on the data they draw), pickling of every
compiled object, and Dask partitions giving exactly the single-process result."""

import io
import json
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

import tieuchi



@pytest.fixture(scope="module")
def result(pack, frame):
    return pack.assess(frame, year=2023)


def test_pack_assess_is_assess_frame(pack, frame, result):
    other = tieuchi.assess_frame(pack, frame, 2023)
    assert isinstance(result, tieuchi.AssessedFrame)
    assert result.year == 2023 and result.pack.id == pack.id
    pd.testing.assert_frame_equal(result.wide(), other.wide())
    assert repr(result) == "<tieuchi.AssessedFrame 181 units, pack langson-2022-illustrative, year 2023>"


def test_pack_graph(pack):
    g = pack.graph
    assert isinstance(g, tieuchi.DependencyGraph)
    nx_graph = g.to_networkx()
    pairs = {(a, b) for a, b, _ in g.edges()}
    assert nx_graph.number_of_edges() == len(pairs) < len(g.edges())  # repeated references fold
    assert sum(d["count"] for _, _, d in nx_graph.edges(data=True)) == len(g.edges())
    assert nx_graph.edges[("field", "region"), ("key", "threshold_region")]["count"] == 2
    assert g.dependents("5") == pack.dependents("5") and "TC5" in g.dependents("5")
    assert "schools.count" in g.dependencies("5")
    assert g.to_dot() == pack.to_dot()
    with pytest.raises(KeyError):
        g.dependencies("no-such-node")


def test_base_criteria_levels_and_matrix(result):
    a = result.assessment
    assert a.base_criteria() == [f"TC{k}" for k in range(1, 20)]
    assert a.levels() == ["ntm", "ntm_nang_cao", "kieu_mau"]
    m = result.matrix()
    assert m.shape == (181, 19) and list(m.columns) == a.base_criteria()
    np.testing.assert_array_equal(m["TC2"].to_numpy(), a.status("TC2"))
    assert m.loc["06010", "TC2"] == 0  # village roads 0.5 < 60% (hand-checked in #5)
    assert result.node_ids("level") == ["ntm", "ntm_recognition", "ntm_revocation", "ntm_nang_cao",
                                        "ntm_nang_cao_revocation", "kieu_mau"] or \
        set(result.node_ids("level")) >= {"ntm", "ntm_nang_cao", "kieu_mau"}
    with pytest.raises(ValueError):
        result.node_ids("field")


def test_summary_as_data_matches_the_json_report(result):
    s = result.assessment.summarize()
    report = json.loads(result.assessment.to_json())["summary"]
    assert s["base_level"] == report["base_level"] == "ntm"
    assert s["province"]["units"] == 181
    for mine, theirs in zip(s["districts"], report["districts"]):
        assert mine["name"] == theirs["name"] and mine["units"] == theirs["units"]
        for c, counts in mine["criteria"].items():
            assert {k: theirs["criteria"][c][k] for k in counts} == counts
    outcomes = pd.Series([r["outcome"] for r in s["reviews"]]).value_counts().to_dict()
    # Every one of the 58 recognized communes is reviewed (the figures of the CLI's summary).
    assert outcomes == {"keeps": 3, "short_of": 52, "revocation": 1, "cannot_tell": 2}


def test_by_district_and_reviews(result):
    d = result.by_district()
    assert list(d.columns) == ["district", "node", "units", "met", "unmet", "unknown", "not_applicable"]
    assert len(d) == d["district"].nunique() * 19
    assert (d[["met", "unmet", "unknown", "not_applicable"]].sum(axis=1) == d["units"]).all()
    # The counts are those of the status matrix.
    m = result.matrix()
    m["district"] = result.assessment.districts
    direct = (m.groupby("district")["TC17"].apply(lambda s: int((s == 1).sum())))
    got = d[d["node"] == "TC17"].set_index("district")["met"]
    assert got.sort_index().to_dict() == direct.sort_index().to_dict()
    levels = result.by_district("level")
    assert set(levels["node"]) >= {"ntm", "ntm_nang_cao"}
    r = result.reviews()
    assert len(r) == 58 and (r["level"] == "ntm_nang_cao").sum() == 12
    row = r.set_index("unit").loc["06193"]
    assert row["outcome"] == "revocation" and "TC17" in row["criteria_unmet"].split()
    with pytest.raises(ValueError):
        result.by_district("indicator")


def test_shortfalls_agree_with_the_planning_table(result):
    wide = result.wide().set_index("id")
    short = result.shortfalls()
    assert list(short.columns) == ["id", "name", "district", "criterion", "criterion_name", "agency",
                                   "indicators_unmet", "indicators_unknown"]
    pairs = {(i, c) for i, c in zip(short["id"], short["criterion"])}
    expected = {(i, c) for i in wide.index for c in result.node_ids() if wide.loc[i, c] == "CĐ"}
    assert pairs == expected
    roads = short[(short["id"] == "06010") & (short["criterion"] == "TC2")].iloc[0]
    assert roads["criterion_name"] == "Giao thông"
    assert "2.2 (0.1)" in roads["indicators_unmet"]  # 0.5 against 60%
    english = result.shortfalls(lang="en")
    assert english.loc[0, "criterion_name"] != "" and english.shape == short.shape
    with pytest.raises(ValueError):
        result.shortfalls(lang="fr")


def test_excel_export_has_vietnamese_headers_and_the_same_cells(result, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "ke-hoach.xlsx"
    result.to_excel(path)
    wb = openpyxl.load_workbook(path, read_only=True)
    # The annexes first (Biểu 01 for ntm, 02 for ntm_nang_cao), then the tables behind them.
    assert wb.sheetnames == ["Biểu 01", "Biểu 02", "Tổng hợp", "Tiêu chí chưa đạt", "Thông tin"]
    rows = list(wb["Tổng hợp"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Mã xã", "Tên xã", "Huyện", "Mức đã công nhận")
    assert header[4] == "TC1. Quy hoạch"
    assert "Kết quả rà soát" in header and "Số tiêu chí đạt" in header
    wide = result.wide()
    assert len(rows) == len(wide) + 1
    by_id = {r[0]: r for r in rows[1:]}
    tc2 = header.index("TC2. Giao thông")
    assert by_id["06010"][tc2] == "CĐ"
    review = header.index("Kết quả rà soát")
    assert by_id["06193"][review] == "Có căn cứ thu hồi"
    short = list(wb["Tiêu chí chưa đạt"].iter_rows(values_only=True))
    assert short[0][:4] == ("Mã xã", "Tên xã", "Huyện", "Tiêu chí")
    assert len(short) == len(result.shortfalls()) + 1
    about = {r[0]: r[1] for r in wb["Thông tin"].iter_rows(values_only=True)}
    assert about["Bộ tiêu chí"] == "langson-2022-illustrative" and about["Năm đánh giá"] == "2023"
    assert int(about["Ngưỡng minh hoạ (không phải số liệu pháp lý)"]) > 20
    wb.close()
    en = tmp_path / "plan-en.xlsx"
    result.to_excel(en, lang="en")
    assert openpyxl.load_workbook(en, read_only=True).sheetnames[:3] == ["Annex 01", "Annex 02", "Summary"]
    with pytest.raises(ValueError):
        result.to_excel(tmp_path / "x.xlsx", lang="de")


def test_excel_words_come_from_the_message_catalogue(result, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    for lang in ("vi", "en"):
        t = tieuchi.messages(lang)
        path = tmp_path / f"plan-{lang}.xlsx"
        result.to_excel(path, lang=lang)
        wb = openpyxl.load_workbook(path, read_only=True)
        annex = t["annex.sheet"]
        assert wb.sheetnames == [annex.replace("{}", "01"), annex.replace("{}", "02"), t["sheet.summary"],
                                 t["sheet.criteria_unmet"], t["sheet.about"]]
        header = next(wb[t["sheet.summary"]].iter_rows(values_only=True))
        assert header[:4] == (t["header.id"], t["header.name"], t["header.district"], t["header.recognized"])
        review = header.index(t["header.review"])
        rows = {r[0]: r for r in wb[t["sheet.summary"]].iter_rows(min_row=2, values_only=True)}
        assert rows["06193"][review] == t["review.revocation"]
        assert rows["06010"][review] == t["review.short_of"]
        head = next(wb[annex.replace("{}", "01")].iter_rows(min_row=5, max_row=5, values_only=True))
        assert head[:3] == (t["annex.column.stt"], t["annex.column.unit"], t["annex.column.criteria"])
        assert head[-3:] == (t["annex.column.criteria_met"].replace("{}", "19"), t["annex.column.criteria_unmet"],
                             t["annex.column.review"])
        about = {r[0]: r[1] for r in wb[t["sheet.about"]].iter_rows(values_only=True)}
        assert about[t["about.legend"]] == t["about.legend_text"] and about[t["about.year"]] == "2023"
        wb.close()
    # The summary's words are the catalogue's too.
    assert tieuchi.messages("vi")["review.revocation"] in result.summary("vi")
    assert tieuchi.messages("en")["summary.conditions"] in result.summary("en")
    with pytest.raises(ValueError):
        tieuchi.messages("fr")


def test_heatmap_draws_the_status_matrix(result):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from tieuchi import plots

    ax = plots.status_heatmap(result, sort=False)
    image = ax.get_images()[0].get_array()
    np.testing.assert_array_equal(np.asarray(image), result.matrix().to_numpy())
    assert [t.get_text() for t in ax.get_xticklabels()] == result.node_ids()
    ax_sorted = plots.status_heatmap(result)
    drawn = np.asarray(ax_sorted.get_images()[0].get_array())
    met_per_row = (drawn == 1).sum(axis=1)
    assert (np.diff(met_per_row) >= 0).all()  # fewest criteria met on top
    matplotlib.pyplot.close("all")


def test_district_bars_draw_the_counts(result):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from tieuchi import plots

    fig = plots.district_bars(result, ["TC2", "TC17"])
    ax = fig.axes[0]
    counts = result.by_district()
    tc2 = counts[counts["node"] == "TC2"]
    districts = list(dict.fromkeys(counts["district"]))
    widths = [p.get_width() for p in ax.patches]
    # Stacked in order met, unmet, unknown, not applicable; one bar per district each.
    met = widths[: len(districts)]
    assert met == list(tc2.set_index("district").loc[districts, "met"].astype(float))
    assert [t.get_text() for t in ax.get_yticklabels()] == districts
    share = plots.district_bars(result, ["TC2"], share=True)
    totals = np.zeros(len(districts))
    for k, p in enumerate(share.axes[0].patches):
        totals[k % len(districts)] += p.get_width()
    np.testing.assert_allclose(totals, 1.0)
    with pytest.raises(KeyError):
        plots.district_bars(result, ["NC99"])
    matplotlib.pyplot.close("all")


def test_dependency_graph_plot(pack):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    ax = pack.graph.plot(kinds=("criterion", "level"))
    nodes = ax.collections[0].get_offsets()
    g = tieuchi.to_networkx(pack)
    expected = [n for n in g.nodes if n[0] in ("criterion", "level")]
    assert len(nodes) == len(expected)
    with pytest.raises(ValueError):
        pack.graph.plot(kinds=("nonsense",))
    matplotlib.pyplot.close("all")


def test_expressions_and_programs_pickle():
    env = tieuchi.Environment()
    env.add_field("share", tieuchi.Type.number, "%")
    env.add_parameter("minimum", tieuchi.Type.number)
    env.add_node("TC1", tieuchi.Type.number)
    rule = tieuchi.analyze('share >= minimum and met("TC1")', env, expected=tieuchi.Type.boolean, rule_id="r1")
    program = tieuchi.compile([rule, tieuchi.analyze("share * 2", env)], gaps=True)
    env2 = pickle.loads(pickle.dumps(env))
    assert env2.names() == env.names()
    rule2 = pickle.loads(pickle.dumps(rule))
    assert (rule2.text, rule2.rule_id, rule2.type) == (rule.text, "r1", tieuchi.Type.boolean)
    program2 = pickle.loads(pickle.dumps(program))
    assert program2.disassemble() == program.disassemble()
    inputs = {"share": 0.7, "minimum": 0.8}
    assert program2.evaluate(env2, inputs) == program.evaluate(env, inputs) == [False, 1.4]
    with pytest.raises(Exception, match="unsupported Program pickle"):
        pickle.loads(pickle.dumps(program).replace(b"\x4b\x01", b"\x4b\x07", 1))


def test_programs_travel_to_another_process(tmp_path):
    env = tieuchi.Environment()
    env.add_field("share", tieuchi.Type.number)
    program = tieuchi.compile([tieuchi.analyze("share >= 80%", env, expected=tieuchi.Type.boolean)])
    (tmp_path / "p.pkl").write_bytes(pickle.dumps((env, program)))
    script = textwrap.dedent(f"""
        import pickle, numpy as np
        env, program = pickle.loads(open({str(tmp_path / 'p.pkl')!r}, 'rb').read())
        [(values, status)] = program.evaluate_batch(env, {{"share": np.array([0.9, 0.5, np.nan])}})
        print(status.tolist())
    """)
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=tmp_path)
    assert out.stdout.strip() == "[1, 0, 2]"


def test_dask_partitions_give_the_single_process_result(pack, frame):
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    from tieuchi.parallel import assess_dask

    single_wide = pack.assess(frame, year=2023).wide()
    single_long = pack.assess(frame, year=2023).long()
    ddf = dd.from_pandas(frame, npartitions=4)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster, distributed.Client(cluster):
        wide = assess_dask(pack, ddf, year=2023).compute().reset_index(drop=True)
        long = assess_dask(pack, ddf, year=2023, form="long").compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(wide, single_wide)
    # Long rows come partition by partition; order them the single-process way to compare.
    order = ["node", "unit"]
    pd.testing.assert_frame_equal(long.sort_values(order).reset_index(drop=True),
                                  single_long.sort_values(order).reset_index(drop=True))
    with pytest.raises(ValueError):
        assess_dask(pack, ddf, year=2023, form="pivot")


def test_text_columns_are_parsed_or_refused_by_name(pack, frame):
    # Dask and CSV readers may hand over booleans and numbers as text: they are parsed, vectorised.
    as_text = frame.copy()
    boolean = next(f["name"] for f in pack.fields if f["type"] == tieuchi.Type.boolean and f["name"] in frame)
    number = next(f["name"] for f in pack.fields if f["type"] == tieuchi.Type.number and f["name"] in frame)
    as_text[boolean] = frame[boolean].map(lambda v: None if pd.isna(v) else str(bool(v))).astype("string")
    as_text[number] = frame[number].map(lambda v: None if pd.isna(v) else repr(float(v))).astype("string")
    pd.testing.assert_frame_equal(pack.assess(as_text, year=2023).wide(), pack.assess(frame, year=2023).wide())
    # Vietnamese yes/no words are read as the CSV reader reads them (one C++ parser for both).
    vietnamese = as_text.copy()
    vietnamese[boolean] = as_text[boolean].map({"True": "Có", "False": "chưa đạt"}, na_action="ignore")
    pd.testing.assert_frame_equal(pack.assess(vietnamese, year=2023).wide(), pack.assess(frame, year=2023).wide())
    bad = as_text.copy()
    bad.loc[5, boolean] = "maybe"
    with pytest.raises(tieuchi.DataError, match=rf"DataFrame: row 6, column '{boolean}': error\[E509\]: 'maybe' is not a yes/no"):
        pack.assess(bad, year=2023)
    bad = as_text.copy()
    bad.loc[7, number] = "12,5"
    with pytest.raises(tieuchi.DataError) as info:
        pack.assess(bad, year=2023)
    (d,) = info.value.diagnostics
    assert (d.code, d.row, d.column_name, d.field, d.message) == ("E509", 8, number, number, "'12,5' is not a number")


def test_pack_and_assessment_accessors(pack, result):
    assert "MINH HỌA" in pack.title["vi"] and pack.version == "0.1.0" and pack.valid == (2022, 2025)
    assert pack.default_year == pack.valid[0]
    indicators = {i["id"]: i for i in pack.indicators}
    assert indicators["2.2"]["criterion"] == "TC2" and ">=" in indicators["2.2"]["rule"]
    a = result.assessment
    assert a.ids[:2] == ["05986", "05989"] and len(a.ids) == 181
    assert a.elapsed_seconds > 0
    highest = a.highest_level()
    assert len(highest) == 181 and set(highest) <= {None, "ntm", "ntm_nang_cao", "kieu_mau"}
    wide = result.wide()
    assert sum(h is not None for h in highest) == wide["highest_level"].notna().sum()
    assert a.planning_table_csv().splitlines()[0].startswith("id,name,district,recognized,TC1,")


def test_program_introspection_and_diagnostic_fields():
    env = tieuchi.Environment()
    env.add_field("a", tieuchi.Type.number)
    program = tieuchi.compile([tieuchi.analyze("a + 1 > 2", env), tieuchi.analyze("a * 3", env)])
    assert program.output_count == 2 and program.instruction_count >= 4
    assert program.output_type(0) == tieuchi.Type.boolean and program.output_type(1) == tieuchi.Type.number
    assert tieuchi.version() == tieuchi.__version__
    with pytest.raises(tieuchi.ParseError) as info:
        tieuchi.analyze("a >= ", env, rule_id="r9")
    d = info.value.diagnostics[0]
    assert d.severity == tieuchi.Severity.error and d.source == "<expr>" and (d.line, d.column) == (1, 6)


def test_dependency_graph_function_and_partition_function(pack, frame):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from tieuchi.parallel import assess_partition
    from tieuchi.plots import dependency_graph

    ax = dependency_graph(pack, ("level",), labels=False)
    assert len(ax.collections[0].get_offsets()) == len([n for n in pack.nodes() if n[0].name == "level"])
    matplotlib.pyplot.close("all")
    part = assess_partition(frame.iloc[:10], pack, 2023, form="shortfalls")
    assert set(part["id"]) <= set(frame["id"].iloc[:10])
    pd.testing.assert_frame_equal(part, pack.assess(frame.iloc[:10], year=2023).shortfalls())


def test_the_planning_table_has_typed_columns_equal_to_the_csv(result):
    """wide() is the library's planning table (assess::planning_table) with types: marks as an
    ordered Categorical, counts as integers, the review as a Categorical; the CSV writer renders
    the same table, cell for cell."""
    wide = result.wide()
    tc2 = wide["TC2"]
    assert isinstance(tc2.dtype, pd.CategoricalDtype) and tc2.cat.ordered
    assert list(tc2.cat.categories) == ["CĐ", "?", "Đ", "KAD"]
    assert (wide["TC2"] < "Đ").sum() == (wide["TC2"].isin(["CĐ", "?"])).sum()
    assert wide["criteria_met"].dtype == np.int64 and wide["criteria_unknown"].dtype == np.int64
    assert list(wide["highest_level"].cat.categories) == ["ntm", "ntm_nang_cao", "kieu_mau"]
    assert wide["highest_level"].cat.ordered
    assert list(wide["review"].cat.categories) == ["keeps", "short_of", "revocation", "cannot_tell"]
    assert wide["review"].notna().sum() == 58 and wide["review_criteria_unmet"].isna().sum() == 181 - 58
    # The counts agree with the marks.
    criteria = result.node_ids()
    assert (wide[criteria].eq("Đ").sum(axis=1) == wide["criteria_met"]).all()
    assert (wide[criteria].eq("?").sum(axis=1) == wide["criteria_unknown"]).all()
    # The CSV text is a rendering of the same table.
    csv = pd.read_csv(io.StringIO(result.assessment.planning_table_csv()), dtype=str, keep_default_na=False)
    assert list(csv.columns) == list(wide.columns)
    assert (csv["criteria_met"] == wide["criteria_met"].astype(str) + "/19").all()
    for c in criteria + ["highest_level", "review", "review_criteria_unmet", "recognized"]:
        assert (csv[c] == wide[c].astype(object).where(wide[c].notna(), "")).all(), c


def test_long_and_status_are_ordered_categoricals(result):
    long = result.long(kinds=("indicator", "criterion"))
    status = long["status"]
    assert list(status.cat.categories) == ["unmet", "unknown", "met", "not_applicable"] and status.cat.ordered
    assert set(long["kind"]) == {"indicator", "criterion"}
    assert long["value"].dtype == np.float64 and long["threshold"].dtype == np.float64
    s = result.status("TC2")
    codes = result.assessment.status("TC2")
    assert ((s == "met").to_numpy() == (codes == 1)).all() and ((s == "unknown").to_numpy() == (codes == 2)).all()
    assert result.pack.column_title("TC2", "vi") == "TC2. Giao thông"
    assert result.pack.column_title("criteria_met", "en") == "Criteria met"
    assert result.pack.column_title("no_such_column", "en") == "no_such_column"
    with pytest.raises(ValueError):
        result.pack.column_title("TC2", "fr")
    empty = result.long(kinds=())
    assert len(empty) == 0 and empty["value"].dtype == np.float64
    assert list(empty["status"].cat.categories) == ["unmet", "unknown", "met", "not_applicable"]
