"""One unit validation, every door alike (issue #16): the same table through the CLI (its CSV
reader) and through Python (a DataFrame, or the CSV path) gives the same diagnostic codes, rows
and columns. The hostile CSV corpus (tests/data/hostile/csv) and a set of bad DataFrames are fed
through both. DataFrame rows are numbered from 1 (``df.iloc[0]``), a CSV's as a spreadsheet shows
them (the header is row 1), so CSV row r is DataFrame row r - 1."""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import warnings

import numpy as np
import pandas as pd
import pytest

import tieuchi

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "hostile" / "csv"
PACK_PATH = ROOT / "data" / "packs"
CLI = pathlib.Path(os.environ.get("TIEUCHI_CLI", ROOT / "build" / "release" / "apps" / "cli" / "tieuchi"))
# `file: row R, column 'C': error[CODE]: message` or `file: row R: ...` or `file: error[CODE]: ...`.
RENDERED = re.compile(r"^(?P<file>[^\n]*?)(?::(?P<line>\d+):(?P<col>\d+))?"
                      r"(?:: row (?P<row>\d+)(?:, column (?:'(?P<name>[^']*)'|(?P<pos>\d+)))?)?"
                      r": (?:error|warning)\[(?P<code>[EW]\d+)\]: ", re.M)

# Files pandas itself cannot read as a table of text: their problems are the transport's (the CSV
# door reports them: E508 empty, E513 ragged, E514 quotes, E517 encoding) or pandas renames their
# headers (a duplicate becomes 'x.1', an empty one 'Unnamed: 1').
NOT_A_FRAME = {"empty-file", "ragged-row", "unclosed-quote", "non-utf8", "duplicate-header", "empty-header"}


@pytest.fixture(scope="module")
def national():
    return tieuchi.load_pack("vn-ntm-2021-2025", [str(PACK_PATH)])


def cli_diagnostics(csv: pathlib.Path, *extra: str) -> list[tuple[str, int, str]]:
    """(code, row, column) of what `tieuchi assess` says about a CSV file."""
    if not CLI.exists():
        pytest.fail(f"the CLI is not built at {CLI} (run scripts/test.sh, or set TIEUCHI_CLI)")
    run = subprocess.run([str(CLI), "--pack-path", str(PACK_PATH), "assess", "--pack", "vn-ntm-2021-2025",
                          "--data", str(csv), "--allow-missing-columns", *extra],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode in (0, 1), run.stderr
    out = []
    for m in RENDERED.finditer(run.stderr):
        if m["code"] == "W501":
            continue
        column = m["name"] if m["name"] is not None else (m["pos"] or "")
        out.append((m["code"], int(m["row"] or 0), column))
    assert (run.returncode == 1) == any(c.startswith("E") for c, _, _ in out), run.stderr
    return out


def python_diagnostics(national, data, **options) -> list[tuple[str, int, str]]:
    """(code, row, column) of what the Python door says about a DataFrame or a CSV path."""
    try:
        with warnings.catch_warnings():
            # W501 (inputs the corpus files do not carry) comes from every file.
            warnings.simplefilter("ignore", tieuchi.DataWarning)
            tieuchi.read_frame(national, data, allow_missing_columns=True, **options)
    except tieuchi.DataError as e:
        return [(d.code, d.row, d.column_name or (str(d.column) if d.column else ""))
                for d in e.diagnostics if d.code != "W501"]
    return []


CORPUS_FILES = sorted(p.stem for p in CORPUS.glob("*.csv"))


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_the_csv_path_gives_the_cli_diagnostics(national, name):
    csv = CORPUS / f"{name}.csv"
    assert python_diagnostics(national, str(csv)) == cli_diagnostics(csv)


@pytest.mark.parametrize("name", [n for n in CORPUS_FILES if n not in NOT_A_FRAME])
def test_a_dataframe_of_the_csv_gives_the_cli_diagnostics(national, name):
    csv = CORPUS / f"{name}.csv"
    # Every cell as text, as a careful notebook reads a file: the core parses it, as the CLI does.
    df = pd.read_csv(csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    expected = [(code, row - 1 if row else 0, column) for code, row, column in cli_diagnostics(csv)]
    assert python_diagnostics(national, df) == expected


def bad_frames() -> dict[str, pd.DataFrame]:
    """Typed DataFrames with every kind of bad value a notebook can hold."""
    share = "irrigation.active_share"  # a share: [0, 1]
    boolean = "disaster.mandatory_items_met"
    return {
        "infinite": pd.DataFrame({"id": ["1", "2", "3"], share: [0.5, np.inf, -np.inf]}),
        "out-of-range": pd.DataFrame({"id": ["1", "2"], share: [1.5, 0.2]}),
        "duplicate-and-empty-ids": pd.DataFrame({"id": ["1", "1", None, ""], share: [0.1, 0.2, 0.3, 0.4]}),
        "boolean-not-zero-one": pd.DataFrame({"id": ["1", "2"], boolean: [2.0, 1.0]}),
        "boolean-words": pd.DataFrame({"id": ["1", "2", "3", "4"], boolean: ["CÓ", "Không", "chưa đạt", "perhaps"]}),
        "number-text": pd.DataFrame({"id": ["1", "2", "3"], share: ["76%", "0,5", "abc"]}),
        "unknown-column": pd.DataFrame({"id": ["1"], "irrigation.active_shar": [0.5]}),
        "nullable": pd.DataFrame({"id": ["1", "2", "3"],
                                  share: pd.array([0.5, None, 7.0], dtype="Float64"),
                                  boolean: pd.array([True, None, False], dtype="boolean")}),
    }


@pytest.mark.parametrize("name", sorted(bad_frames()))
def test_bad_dataframes_and_their_csv_give_the_same_diagnostics(national, name, tmp_path):
    df = bad_frames()[name]
    csv = tmp_path / f"{name}.csv"
    df.to_csv(csv, index=False)
    expected = [(code, row - 1 if row else 0, column) for code, row, column in cli_diagnostics(csv)]
    got = python_diagnostics(national, df)
    assert got == expected
    assert got, f"{name}: the frame should have been refused"


def test_the_bad_frames_are_refused_for_the_right_reasons(national):
    frames = bad_frames()
    codes = {name: python_diagnostics(national, df) for name, df in frames.items()}
    share = "irrigation.active_share"
    assert codes["infinite"] == [("E509", 2, share), ("E509", 3, share)]
    assert codes["out-of-range"] == [("E505", 1, share)]
    assert codes["duplicate-and-empty-ids"] == [("E511", 2, "id"), ("E511", 3, "id"), ("E511", 4, "id")]
    assert codes["boolean-words"] == [("E509", 4, "disaster.mandatory_items_met")]
    assert [c for c, _, _ in codes["number-text"]] == ["E509", "E509"]
    assert codes["nullable"] == [("E505", 3, share)]
    assert ("E507", 0, "irrigation.active_shar") in codes["unknown-column"]


def test_vietnamese_yes_no_words_are_read_alike_in_every_door(national, tmp_path):
    words = ["có", "Có", "CÓ", "co", "không", "KHÔNG", "đạt", "Đạt", "không đạt", "chưa đạt", "CHƯA ĐẠT",
             "Đ", "CĐ", "yes", "No", "TRUE", "false", "1", "0", "1.0",
             "c\u006f\u0301", "chu\u031bа đa\u0323t".replace("а", "a")]  # decomposed (NFD) có, chưa đạt
    expected = [1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0]
    field = "disaster.mandatory_items_met"
    df = pd.DataFrame({"id": [str(i) for i in range(len(words))], field: words})
    csv = tmp_path / "words.csv"
    df.to_csv(csv, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tieuchi.DataWarning)
        from_frame = tieuchi.read_frame(national, df, allow_missing_columns=True)
        from_csv = tieuchi.read_frame(national, str(csv), allow_missing_columns=True)
        table, found = tieuchi.read_units_csv(national, str(csv), allow_missing_columns=True)
    assert table.numbers(field) == expected and {d.code for d in found} == {"W501"}
    assert from_frame.numbers(field) == expected
    assert from_csv.numbers(field) == expected
    assert cli_diagnostics(csv) == []


def test_diagnostics_carry_a_structured_place(national, tmp_path):
    csv = tmp_path / "units.csv"
    csv.write_text("id,irrigation.active_share\n1,0.5\n\n2,abc\n", encoding="utf-8")
    with pytest.raises(tieuchi.DataError) as info:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", tieuchi.DataWarning)
            tieuchi.read_frame(national, str(csv), allow_missing_columns=True)
    (d,) = [d for d in info.value.diagnostics if d.severity == tieuchi.Severity.error]
    # Row 4: the blank line is a row of its own, as a spreadsheet shows the file.
    assert (d.file, d.sheet, d.row, d.column, d.column_name, d.field) == (
        str(csv), "", 4, 2, "irrigation.active_share", "irrigation.active_share")
    assert d.where == f"{csv}: row 4, column 'irrigation.active_share'"
    assert d.format().startswith(f"{csv}: row 4, column 'irrigation.active_share': error[E509]: 'abc' is not a number")
    assert d.line == 0 and d.message == "'abc' is not a number"
