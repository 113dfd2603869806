"""The workbook door: units from .xlsx, .xlsm, .xls and .ods files, and the input template.

A workbook is opened with python-calamine (a maintained reader of every spreadsheet format) and
its cells are handed to the library as they are: the library picks the sheet, finds the header
row, refuses merged header and data cells and validates the units with the one unit validation
(``io::read_units_workbook``), so a workbook gives the same units and diagnostics here, in the
service and in any other door. Nothing is checked in this module.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional, Union

from ._tieuchi import Pack, UnitTable, is_workbook_path, read_unit_list
from ._tieuchi import read_units_workbook as _read_units_workbook

if TYPE_CHECKING:
    import pandas

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]
Units = Union[str, "os.PathLike[str]", "pandas.DataFrame", Iterable[Any], None]

__all__ = ["is_workbook_path", "open_workbook", "read_workbook", "write_template"]


def _sheet_loader(wb: Any) -> Callable[[int], tuple[str, int, int, list[list[Any]], list[tuple[int, int, int, int]]]]:
    def load(index: int) -> tuple[str, int, int, list[list[Any]], list[tuple[int, int, int, int]]]:
        sheet = wb.get_sheet_by_index(index)
        rows = sheet.to_python(skip_empty_area=False)
        merged = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]
        return sheet.name, 1, 1, rows, merged

    return load


def open_workbook(source: Source, file: Optional[str] = None) -> dict[str, Any]:
    """The transport of a workbook (a path, or the file's bytes as uploaded) for
    :func:`tieuchi._tieuchi.read_units_workbook`: its name, sheet names and a loader of one sheet's
    cells; when python-calamine cannot open it, its message and the file's first bytes (so the
    library can tell a password-protected workbook from a damaged one)."""
    import python_calamine

    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = file or "workbook.xlsx"
        head = data[:8]
        opener: Callable[[], Any] = lambda: python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    else:
        path = os.fspath(source)
        name = file or path
        try:
            with open(path, "rb") as f:
                head = f.read(8)
        except OSError as e:
            return dict(file=name, sheet_names=[], load=None, open_error=e.strerror or str(e), leading_bytes=b"")
        opener = lambda: python_calamine.CalamineWorkbook.from_path(path)
    try:
        wb = opener()
    except Exception as e:  # the reader's own error, of any kind: the library words the message
        return dict(file=name, sheet_names=[], load=None, open_error=str(e) or type(e).__name__, leading_bytes=head)
    return dict(file=name, sheet_names=list(wb.sheet_names), load=_sheet_loader(wb), open_error="",
                leading_bytes=head)


def read_workbook(pack: Pack, source: Source, *, sheet: Optional[str] = None, file: Optional[str] = None,
                  id: str = "id", name: str = "name", district: str = "district", attributes: Iterable[str] = (),
                  optional_attributes: Iterable[str] = ("recognized",), allow_missing_columns: bool = False,
                  ignore_unknown_columns: bool = False) -> tuple[UnitTable, list[Any]]:
    """Validate the units of a workbook (a path or its bytes) against `pack`: (UnitTable, warnings),
    or :class:`DataError` whose diagnostics name the file, the sheet, the row and the column (its
    letters and header). `sheet`: the sheet to read (default: the template's input sheet, else the
    first)."""
    t = open_workbook(source, file)
    return _read_units_workbook(pack, t["file"], t["sheet_names"], t["load"] or (lambda i: None), t["open_error"],
                                t["leading_bytes"], sheet or "", id, name, district, list(attributes),
                                list(optional_attributes), allow_missing_columns, ignore_unknown_columns)


def _unit_list(units: Units) -> tuple[list[str], list[str], list[str]]:
    if units is None:
        return [], [], []
    if isinstance(units, (str, os.PathLike)):
        ids, names, districts = read_unit_list(os.fspath(units))
        return list(ids), list(names), list(districts)
    if hasattr(units, "columns") and hasattr(units, "iloc"):  # a DataFrame: id, name, district columns
        df: Any = units

        def column(c: str) -> list[str]:
            if c not in df.columns:
                return [""] * len(df)
            return ["" if v is None or v != v else str(v) for v in df[c].tolist()]

        return column("id"), column("name"), column("district")
    ids, names, districts = [], [], []
    for row in units:
        r = (row,) if isinstance(row, str) else tuple(row)
        ids.append(str(r[0]))
        names.append(str(r[1]) if len(r) > 1 and r[1] is not None else "")
        districts.append(str(r[2]) if len(r) > 2 and r[2] is not None else "")
    return ids, names, districts


def write_template(pack: Pack, path: Union[str, "os.PathLike[str]"], units: Units = None, year: Optional[int] = None,
                   lang: str = "vi", recognized_column: bool = True) -> None:
    """Write the input template of `pack` for `year` to an .xlsx file (what ``tieuchi template``
    writes): a row per unit of `units` (a CSV list such as ../shared/ntm/langson-communes.csv, a
    DataFrame with id, name and district columns, or (id, name, district) tuples), a column per
    input field with Vietnamese headings (`lang`), data validation, and a sheet describing every
    field."""
    ids, names, districts = _unit_list(units)
    pack.write_template(os.fspath(path), ids, names, districts, year, lang, recognized_column)
