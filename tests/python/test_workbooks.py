"""The workbook door (#18): the input template, its round trip, bad workbooks, the CLI's answer to
a workbook, and the service's workbook endpoint. The annexes' cells are checked in
test_annexes.py."""

from __future__ import annotations

import io
import json
import pathlib
import subprocess
import zipfile

import pandas as pd
import pytest

import tieuchi
from conftest import EXAMPLE_CSV, EXAMPLE_PACK, ROOT

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("python_calamine")

CLI = ROOT / "build" / "release" / "apps" / "cli" / "tieuchi"
COMMUNES = ROOT.parent / "shared" / "ntm" / "langson-communes.csv"


def fill_template(template: pathlib.Path, out: pathlib.Path, df: pd.DataFrame) -> None:
    """Type the example values into the template as an office would: one row per commune (found by
    its id), yes/no fields as Có/Không, shares as numbers, empty cells left empty."""
    wb = openpyxl.load_workbook(template)
    ws = wb["Nhập liệu"]
    names = [c.value for c in ws[4]]
    row_of = {ws.cell(row=r, column=1).value: r for r in range(5, ws.max_row + 1)}
    for _, unit in df.iterrows():
        r = row_of[unit["id"]]
        for c, field in enumerate(names, start=1):
            if field in ("id", "name", "district") or field not in df.columns:
                continue
            v = unit[field]
            if pd.isna(v):
                continue
            if isinstance(v, (bool,)) or str(v).lower() in ("true", "false"):
                v = "Có" if str(v).lower() == "true" else "Không"
            ws.cell(row=r, column=c, value=v)
    wb.save(out)


@pytest.fixture(scope="module")
def example() -> pd.DataFrame:
    return pd.read_csv(EXAMPLE_CSV, dtype={"id": str, "recognized": str, "region": str})


def test_template_has_a_row_per_unit_a_column_per_field_and_validation(pack, tmp_path):
    path = tmp_path / "mau.xlsx"
    tieuchi.write_template(pack, path, COMMUNES, year=2023)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Nhập liệu", "Danh mục", "Mô tả trường"]
    ws = wb["Nhập liệu"]
    names = [c.value for c in ws[4]]
    fields = [f["name"] for f in pack.fields]
    assert names[:4] == ["id", "name", "district", "recognized"]
    assert sorted(names[4:]) == sorted(fields)  # every input field once
    assert ws["A3"].value == "Mã xã" and ws.freeze_panes == "D5"
    # The headings are the indicators' Vietnamese names, grouped under merged criterion headings.
    roads = names.index("roads.commune_hardened_share") + 1
    assert ws.cell(row=3, column=roads).value.startswith("2.1 Đường xã được nhựa hóa")
    merged = {str(r) for r in ws.merged_cells.ranges}
    group = ws.cell(row=2, column=roads).coordinate
    assert any(group in rng or rng.startswith(group) for rng in merged)
    # The province list: 200 units, ids kept as text ("05971", not 5971).
    units = list(pd.read_csv(COMMUNES, dtype=str)["code"])
    assert [ws.cell(row=r, column=1).value for r in range(5, 5 + len(units))] == units
    # Data validation: yes/no lists, the pack's values, ranges for shares.
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    col = openpyxl.utils.get_column_letter
    flag = names.index("planning.general_plan_approved") + 1
    share = rules[f"{col(roads)}5:{col(roads)}{4 + len(units)}"]
    assert share.type == "decimal" and share.operator in (None, "between")  # between is the default
    assert float(share.formula1) == 0 and float(share.formula2) == 1
    yes_no = rules[f"{col(flag)}5:{col(flag)}{4 + len(units)}"]
    assert yes_no.type == "list" and "Danh mục" in yes_no.formula1
    lists = wb["Danh mục"]
    listed = {lists.cell(row=1, column=c).value: [lists.cell(row=r, column=c).value for r in range(2, 9)]
              for c in range(1, lists.max_column + 1)}
    assert listed["planning.general_plan_approved"][:2] == ["Có", "Không"]
    assert listed["region"] == ["TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"]
    assert "ntm" in listed["recognized"]
    assert ws.cell(row=5, column=roads).number_format == "0.0%"
    # The second sheet describes every field with its indicator, criterion and legal source.
    fs = wb["Mô tả trường"]
    described = {fs.cell(row=r, column=2).value: [fs.cell(row=r, column=c).value for c in range(1, 11)]
                 for r in range(4, fs.max_row + 1)}
    assert set(fields) <= set(described)
    row = described["roads.commune_hardened_share"]
    assert row[0] == col(roads) and row[4] == "%" and row[5] == "0% – 100%" and row[6].split(", ")[0] == "2.1"
    assert row[7] == "TC2. Giao thông" and "318" in row[8]


def test_the_filled_template_assesses_exactly_as_the_csv(pack, example, tmp_path):
    template = tmp_path / "mau.xlsx"
    pack.template(template, example[["id", "name", "district"]], year=2023)
    filled = tmp_path / "da-nhap.xlsx"
    fill_template(template, filled, example)
    from_csv = pack.assess(EXAMPLE_CSV, 2023)
    from_xlsx = pack.assess(filled, 2023)
    assert list(from_xlsx.index) == list(from_csv.index)
    # Every unit, every node: statuses, values, thresholds and gaps.
    pd.testing.assert_frame_equal(from_xlsx.long(), from_csv.long())
    assert from_xlsx.assessment.to_json() == from_csv.assessment.to_json()
    table, warnings = tieuchi.read_units(pack, filled)
    assert len(table) == len(example) and warnings == []


def test_the_cli_template_command_and_its_errors(tmp_path):
    out = tmp_path / "t.xlsx"
    r = subprocess.run([CLI, "template", "--pack", EXAMPLE_PACK, "--year", "2023", "--units", COMMUNES, "--out", out],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "200 units, year 2023" in r.stdout and zipfile.is_zipfile(out)
    r = subprocess.run([CLI, "template", "--pack", EXAMPLE_PACK, "--year", "2031", "--out", out],
                       capture_output=True, text=True)
    assert r.returncode == 1 and "error: --year '2031'" in r.stderr and "E506" in r.stderr
    r = subprocess.run([CLI, "template", "--pack", EXAMPLE_PACK, "--out", tmp_path / "t.csv"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "expected a file name ending in .xlsx" in r.stderr
    bad = tmp_path / "list.csv"
    bad.write_text("commune,district\nXã A,Huyện B\n", encoding="utf-8")
    r = subprocess.run([CLI, "template", "--pack", EXAMPLE_PACK, "--units", bad, "--out", out],
                       capture_output=True, text=True)
    assert r.returncode == 1 and "E508" in r.stderr and "no id column" in r.stderr


def test_the_cli_says_how_to_read_a_workbook(pack, tmp_path):
    path = tmp_path / "units.xlsx"
    pack.template(path)
    r = subprocess.run([CLI, "assess", "--pack", EXAMPLE_PACK, "--data", path], capture_output=True, text=True)
    assert r.returncode == 1
    assert "error[E519]: is a workbook" in r.stderr and "tieuchi.read_units(pack, path)" in r.stderr
    assert "malformed CSV" not in r.stderr


# ---- Bad workbooks: each a clear error naming the sheet, the row and the header ------------------


def small_book(path: pathlib.Path, rows: list[list], sheet: str = "Xã", merge: str = "", first: str = "") -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = first or sheet
    if first:
        ws["A1"] = "Ghi chú: số liệu ở trang sau"
        ws = wb.create_sheet(sheet)
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)


def error_of(pack, path, **options) -> tieuchi.DataError:
    with pytest.raises(tieuchi.DataError) as e:
        tieuchi.read_units(pack, path, allow_missing_columns=True, **options)
    return e.value


def codes(e: tieuchi.DataError) -> list[str]:
    return [d.code for d in e.diagnostics]


def test_wrong_sheet_is_named_with_the_sheets_there_are(pack, tmp_path):
    path = tmp_path / "b.xlsx"
    small_book(path, [["id", "roads.commune_hardened_share"], ["u1", 0.5]], first="Ghi chú")
    e = error_of(pack, path)  # the first sheet holds no header
    d = e.diagnostics[0]
    assert d.code == "E522" and d.sheet == "Ghi chú" and "'Xã'" in d.hint
    e = error_of(pack, path, sheet="Xa")
    assert codes(e) == ["E521"] and "its sheets: 'Ghi chú', 'Xã'" in e.diagnostics[0].message
    table, _ = tieuchi.read_units(pack, path, sheet="Xã", allow_missing_columns=True)
    assert len(table) == 1
    # The same door for the file's bytes (an upload): the name diagnostics give is `file`.
    with pytest.raises(tieuchi.DataError) as e:
        tieuchi.read_workbook(pack, path.read_bytes(), file="upload.xlsx", allow_missing_columns=True)
    assert e.value.diagnostics[0].code == "E522" and e.value.diagnostics[0].file == "upload.xlsx"


def test_a_merged_header_is_refused(pack, tmp_path):
    path = tmp_path / "m.xlsx"
    small_book(path, [["id", "roads.commune_hardened_share", None], ["u1", 0.5, 0.7]], merge="B1:C1")
    e = error_of(pack, path)
    assert codes(e) == ["E523"]
    assert "B1:C1 are merged in the header row" in e.diagnostics[0].message
    assert e.diagnostics[0].where == "%s [Xã]: row 1, column B" % path


def test_text_in_a_share_column_names_sheet_row_column_and_header(pack, tmp_path):
    path = tmp_path / "t.xlsx"
    small_book(path, [["Danh sách xã"], ["id", "roads.commune_hardened_share"], ["u1", 0.5], ["u2", "tám mươi"]])
    e = error_of(pack, path)
    d = next(d for d in e.diagnostics if d.code == "E509")
    assert d.where == "%s [Xã]: row 4, column B 'roads.commune_hardened_share'" % path
    assert d.field == "roads.commune_hardened_share" and "'tám mươi' is not a number" in d.message


def test_a_percent_typed_as_text_is_read_with_a_warning(pack, tmp_path):
    path = tmp_path / "p.xlsx"
    small_book(path, [["id", "roads.commune_hardened_share"], ["u1", "85%"]])
    table, warnings = tieuchi.read_units(pack, path, allow_missing_columns=True)
    w = next(w for w in warnings if w.code == "W525")
    assert w.row == 2 and w.sheet == "Xã" and "'85%' is typed as text" in w.message and "0.85" in w.message
    assert table.numbers("roads.commune_hardened_share") == [0.85]


def test_password_protected_and_corrupt_workbooks(pack, tmp_path, example):
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = tmp_path / "plain.xlsx"
    pack.template(plain, example[["id", "name", "district"]].head(3))
    locked = tmp_path / "locked.xlsx"
    with open(plain, "rb") as f, open(locked, "wb") as out:
        msoffcrypto.OOXMLFile(f).encrypt("mat-khau", out)
    e = error_of(pack, locked)
    assert codes(e) == ["E520"] and "protected by a password" in e.diagnostics[0].message
    assert e.diagnostics[0].file == str(locked)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(plain.read_bytes()[:2000])
    e = error_of(pack, broken)
    assert codes(e) == ["E520"] and "cannot be read as a workbook" in e.diagnostics[0].message
    notes = tmp_path / "notes.ods"
    notes.write_text("not a spreadsheet", encoding="utf-8")
    assert codes(error_of(pack, notes)) == ["E520"]
    missing = error_of(pack, tmp_path / "nowhere.xlsx")
    assert codes(missing) == ["E520"]


def big_sheet(path: pathlib.Path, rows: int) -> None:
    """An .xlsx of `rows` units (id, one share) written as raw SpreadsheetML: openpyxl would take
    minutes. The last row's share is text."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>',
             '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>'
             'roads.commune_hardened_share</t></is></c></row>']
    for i in range(2, rows + 2):
        share = '<c r="B%d" t="inlineStr"><is><t>n/a?</t></is></c>' % i if i == rows + 1 else \
            '<c r="B%d"><v>0.5</v></c>' % i
        parts.append('<row r="%d"><c r="A%d" t="inlineStr"><is><t>u%d</t></is></c>%s</row>' % (i, i, i, share))
    parts.append("</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                   'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                   '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships"><sheets><sheet name="Lớn" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", "".join(parts))


def test_a_million_row_sheet_is_read_and_its_last_bad_cell_named(pack, tmp_path):
    path = tmp_path / "big.xlsx"
    n = 1_000_000
    big_sheet(path, n)
    e = error_of(pack, path)
    bad = [d for d in e.diagnostics if d.code == "E509"]
    assert len(bad) == 1, codes(e)[:5]
    assert bad[0].where == "%s [Lớn]: row %d, column B 'roads.commune_hardened_share'" % (path, n + 1)


# ---- The service reads workbooks through the same door ---------------------------------------------


@pytest.fixture(scope="module")
def client():
    testclient = pytest.importorskip("fastapi.testclient")
    from tieuchi.service.app import create_app
    from tieuchi.service.config import ServiceConfig

    return testclient.TestClient(create_app(ServiceConfig(pack_path=(str(ROOT / "data" / "examples" / "packs"), str(ROOT / "data" / "packs")))))


def test_the_service_assesses_a_workbook_as_python_does(client, pack, example, tmp_path):
    template = tmp_path / "mau.xlsx"
    pack.template(template, example[["id", "name", "district"]], year=2023)
    filled = tmp_path / "da-nhap.xlsx"
    fill_template(template, filled, example)
    q = {"pack": "langson-2022-illustrative", "year": 2023}
    from_xlsx = client.post("/v1/assess/workbook", params=q, content=filled.read_bytes())
    from_csv = client.post("/v1/assess/csv", params=q, content=EXAMPLE_CSV.read_bytes())
    assert from_xlsx.status_code == 200, from_xlsx.text
    assert json.loads(from_xlsx.text) == json.loads(from_csv.text)
    annexes = client.post("/v1/assess/workbook", params={**q, "format": "xlsx", "lang": "vi"},
                          content=filled.read_bytes())
    assert annexes.status_code == 200 and annexes.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert openpyxl.load_workbook(io.BytesIO(annexes.content)).sheetnames[:2] == ["Biểu 01", "Biểu 02"]
    bad = client.post("/v1/assess/workbook", params={**q, "file": "x.xlsx"}, content=b"PK\x03\x04 broken")
    assert bad.status_code == 422
    assert [d["code"] for d in bad.json()["diagnostics"]] == ["E520"]
    wrong = client.post("/v1/assess/csv", params=q, content=filled.read_bytes())
    assert wrong.status_code == 422 and wrong.json()["diagnostics"][0]["code"] == "E519"


def test_the_native_writers_and_readers(pack, tmp_path):
    assert tieuchi.is_workbook_path("a/B.XLSX") and tieuchi.is_workbook_path("x.ods")
    assert not tieuchi.is_workbook_path("x.csv")
    ids, names, districts = tieuchi._tieuchi.read_unit_list(str(COMMUNES))
    assert len(ids) == 200 and ids[0] == "05971" and districts[0] == "Thành phố Lạng Sơn"
    with pytest.raises(tieuchi.DataError) as e:
        tieuchi._tieuchi.read_unit_list(str(tmp_path / "none.csv"))
    assert e.value.diagnostics[0].code == "E512"
    a = pack.assess(EXAMPLE_CSV, 2023, costs=True)
    path = tmp_path / "r.xlsx"
    a.assessment.write_workbook(str(path), "en", "recognized", "Plan 45/KH-UBND")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Annex 01", "Annex 02", "Summary", "Criteria not met", "About"]
    assert wb["Annex 01"]["A3"].value == "(Attached to Plan 45/KH-UBND)"
    p = tieuchi.plan(a, targets=["ntm:2024"], horizon=(2023, 2025))
    p.native.write_workbook(str(tmp_path / "p.xlsx"), "vi", "")
    assert openpyxl.load_workbook(tmp_path / "p.xlsx").sheetnames[:3] == ["Biểu 01", "Biểu 02", "Biểu 03"]
    with pytest.raises(ValueError):
        p.native.write_workbook(str(tmp_path / "q.xlsx"), "fr", "")
    pack.write_template(str(tmp_path / "t.xlsx"), ["u1"], ["Xã Một"], ["Huyện"], 2023, "en", False, 10)
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames == ["Input", "Lists", "Fields"]
