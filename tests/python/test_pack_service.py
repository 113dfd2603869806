"""What the HTTP service asks of the library about packs: ids only (no path a request could
name), packs and overlays given as text, the packs on a path, and the pack described as JSON."""

import json
import pathlib

import pytest

import tieuchi

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKS = str(ROOT / "data" / "packs")


def test_ids_only_refuses_paths_even_to_real_files():
    real = str(ROOT / "data" / "packs" / "vn-ntm-2021-2025.yaml")
    assert tieuchi.load_pack(real).id == "vn-ntm-2021-2025"  # by path, by default
    for name in (real, "../packs/vn-ntm-2021-2025", "/etc/passwd", ".."):
        with pytest.raises(tieuchi.PackError) as info:
            tieuchi.load_pack(name, [PACKS], ids_only=True, default_path=False)
        (d,) = info.value.diagnostics
        assert (d.code, d.message) == ("E311", f"'{name}' is not a pack id")
    pack, warnings = tieuchi.load_pack_with_warnings("langson-2022", [PACKS], ids_only=True, default_path=False)
    assert pack.lineage == ["vn-ntm-2021-2025", "vn-ntm-nang-cao-2021-2025", "langson-2022"]
    assert all(w.severity == tieuchi.Severity.warning for w in warnings)


def test_an_overlay_as_text_extends_a_pack_on_the_path():
    pack, found = tieuchi.check_pack("pack: my-overlay\nextends: vn-ntm-2021-2025\n", "overlay.yaml", [PACKS],
                                     default_path=False)
    assert pack is not None and pack.id == "my-overlay"
    assert all(d.severity != tieuchi.Severity.error for d in found)


@pytest.mark.parametrize("base", ["../packs/vn-ntm-2021-2025", "/etc/passwd", "vn-ntm-2021-2025.yaml/x"])
def test_a_text_may_not_make_the_library_read_a_file(base):
    pack, found = tieuchi.check_pack(f"pack: o\nextends: '{base}'\n", "o.yaml", [PACKS], default_path=False)
    assert pack is None
    errors = [d for d in found if d.severity == tieuchi.Severity.error]
    assert [(d.code, d.line, d.message) for d in errors] == [("E311", 2, f"'{base}' is not a pack id")]


def test_a_broken_or_hostile_text_gives_diagnostics_not_an_exception():
    for text in ("pack: [unclosed\n", "pack: d\ntitle: " + "[" * 100_000 + "\n", "\xff", ""):
        pack, found = tieuchi.check_pack(text, "bad.yaml", [PACKS], default_path=False)
        assert pack is None
        assert any(d.severity == tieuchi.Severity.error for d in found), text[:20]


def test_no_folder_to_search_is_a_usage_error():
    with pytest.raises(ValueError, match="no folder to search"):
        tieuchi.list_packs([], default_path=False)


def test_the_packs_on_a_path_each_once_from_the_first_folder(tmp_path):
    (tmp_path / "vn-ntm-2021-2025.yaml").write_text("pack: shadow\n")
    (tmp_path / "mine.yml").write_text("pack: mine\n")
    (tmp_path / "mine.tests.yaml").write_text("pack: mine\ntests: []\n")
    packs = tieuchi.list_packs([str(tmp_path), PACKS], default_path=False)
    ids = [i for i, _ in packs]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert {"mine", "vn-ntm-2021-2025", "langson-2022"} <= set(ids) and "mine.tests" not in ids
    assert dict(packs)["vn-ntm-2021-2025"] == str(tmp_path / "vn-ntm-2021-2025.yaml")


def test_the_description_lists_what_a_form_and_a_reader_need(pack):
    d = json.loads(pack.describe())
    assert d["schema"] == "tieuchi.pack/1" and d["id"] == pack.id and d["lineage"] == pack.lineage
    assert [f["name"] for f in d["fields"]] == [f["name"] for f in pack.fields]
    assert [c["id"] for c in d["criteria"]] == [c["id"] for c in pack.criteria]
    thresholds = pack.thresholds()
    statuses = [v["provenance"]["status"] for p in d["parameters"] for v in p["values"] if v["value"] is not None]
    statuses += [t["provenance"]["status"] for t in d["tables"] for r in t["rows"] if r["value"] is not None]
    assert statuses.count("verified") == thresholds["verified"] == d["thresholds"]["verified"]
    assert statuses.count("illustrative") == thresholds["illustrative"] > 0
    assert pack.describe() == pack.describe()


# ---- What the service's other endpoints ask of the library -----------------------------------

CSV = ROOT / "data" / "examples" / "langson" / "communes-2023.csv"
EXAMPLE = str(ROOT / "data" / "examples" / "packs" / "langson-2022-illustrative.yaml")


def test_csv_text_and_bytes_are_read_as_the_file_is():
    pack = tieuchi.load_pack(EXAMPLE)
    from_file, _ = tieuchi.read_units_csv(pack, str(CSV), optional_attributes=["recognized"])
    for text in (CSV.read_text(encoding="utf-8"), CSV.read_bytes()):
        table, _ = tieuchi.read_units_csv_text(pack, text, file="communes.csv", optional_attributes=["recognized"])
        assert table.ids == from_file.ids
        a, b = tieuchi.assess(pack, table, year=2023), tieuchi.assess(pack, from_file, year=2023)
        assert a.to_json() == b.to_json()
        assert a.long_csv() == b.long_csv()
    # Bytes that are not UTF-8 are the reader's E517, at the row and column of the cell.
    bad = CSV.read_bytes().replace("Xã".encode(), b"X\xe3", 1)
    with pytest.raises(tieuchi.DataError) as info:
        tieuchi.read_units_csv_text(pack, bad, file="upload.csv", optional_attributes=["recognized"])
    d = info.value.diagnostics[0]
    assert (d.code, d.file, d.row, d.column_name) == ("E517", "upload.csv", 2, "name")
    as_dict = d.to_dict()
    assert {k: as_dict[k] for k in ("code", "severity", "file", "row", "column_name")} == {
        "code": "E517", "severity": "error", "file": "upload.csv", "row": 2, "column_name": "name"}
    assert as_dict["text"] == d.format() and as_dict["where"] == d.where


def test_the_long_table_has_a_row_per_unit_and_node():
    pack = tieuchi.load_pack(EXAMPLE)
    units, _ = tieuchi.read_units_csv(pack, str(CSV), optional_attributes=["recognized"])
    a = tieuchi.assess(pack, units, year=2023)
    lines = a.long_csv().splitlines()
    assert lines[0] == "unit,node,kind,status,value,threshold,gap"
    per_unit = [ln for ln in lines[1:] if ln.startswith(units.ids[0] + ",")]
    assert len(lines) - 1 == len(units) * len(per_unit) and len(per_unit) > 100


def test_the_planner_s_text_values_are_read_as_the_cli_reads_them():
    assert tieuchi.parse_target("ntm:2024") == ("ntm", 2024, False)
    assert tieuchi.parse_target("ntm:2025:all") == ("ntm", 2025, True)
    assert tieuchi.parse_horizon("2023-2025") == (2023, 2025)
    assert tieuchi.parse_horizon("2024") == (2024, 2024)
    assert tieuchi.parse_pin("06010:2.2:2024") == ("06010", "2.2", 2024)
    assert tieuchi.parse_weight("TC5=2.5") == ("TC5", 2.5)
    for parse, text in ((tieuchi.parse_target, "ntm"), (tieuchi.parse_horizon, "2025-2023"),
                        (tieuchi.parse_pin, "06010:2.2"), (tieuchi.parse_weight, "TC5=inf")):
        with pytest.raises(tieuchi.PlanError) as info:
            parse(text, "my_field")
        (d,) = info.value.diagnostics
        assert (d.code, d.field) == ("E612", "my_field") and text in d.message


def test_a_plan_writes_plan_json_and_outcomes_in_either_language():
    pack = tieuchi.load_pack(EXAMPLE)
    units, _ = tieuchi.read_units_csv(pack, str(CSV), optional_attributes=["recognized"])
    a = tieuchi.assess(pack, units, year=2023, costs=True)
    plan = tieuchi._tieuchi.plan(a, ["ntm:2024"], 2023, 2025)
    vi, en = json.loads(plan.to_json("vi")), json.loads(plan.to_json("en"))
    assert vi["schema"] == en["schema"] == "tieuchi.plan/1"
    assert plan.to_json() == plan.to_json("en") and plan.to_json("vi") != plan.to_json("en")
    assert plan.outcomes_csv() == plan.outcomes_csv("en") and plan.outcomes_csv("vi") != plan.outcomes_csv("en")
    with pytest.raises(ValueError):
        plan.to_json("fr")
    with pytest.raises(tieuchi.PlanError) as info:
        tieuchi._tieuchi.plan(a, ["ntm:2024"], 2023, 2025, policy="weighted", weights={"TC99": 1.0})
    assert info.value.diagnostics[0].code == "E608"


def test_a_diff_as_json_says_what_the_report_says():
    old = tieuchi.load_pack("vn-ntm-2016-2020", [PACKS])
    new = tieuchi.load_pack("vn-ntm-2021-2025", [PACKS])
    d = json.loads(old.diff(new, format="json"))
    assert d["schema"] == "tieuchi.pack-diff/1" and (d["old"]["id"], d["new"]["id"]) == (old.id, new.id)
    report = old.diff(new)
    for ind in d["indicators"]["added"][:5]:
        assert ind in report
    assert json.loads(new.diff(new, format="json"))["same"] is True
    with pytest.raises(tieuchi.DataError) as info:
        old.diff(new, new_year=1990)
    assert (info.value.diagnostics[0].code, info.value.diagnostics[0].field) == ("E506", "new_year")
    with pytest.raises(ValueError):
        old.diff(new, format="xml")
