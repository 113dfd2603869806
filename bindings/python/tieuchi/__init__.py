"""tieuchi: assess administrative units against a government criteria set.

The native core is ``tieuchi._tieuchi``; this package re-exports it. Expressions::

    import tieuchi
    env = tieuchi.Environment()
    env.add_field("irrigated_share", tieuchi.Type.number)
    rule = tieuchi.analyze("irrigated_share >= 80%", env, expected=tieuchi.Type.boolean)
    program = tieuchi.compile([rule])
    program.evaluate(env, {"irrigated_share": 0.72})   # [False]

Packs and assessment::

    pack = tieuchi.load_pack("langson-2022")
    result = pack.assess(df, year=2023)          # df: one commune per row; = tieuchi.assess_frame
    result.wide(); result.long(); result.explain("06010", "TC2", lang="vi")
    result.to_excel("ke-hoach.xlsx")             # planning tables, Vietnamese headers (openpyxl)
    pack.graph.to_networkx()                     # the dependency graph

Planning::

    roadmap = pack.plan(df, 2023, targets=["ntm:2024"], budgets="budgets.csv", costs="costs.csv")
    roadmap.roadmap(); roadmap.tasks(); roadmap.outcomes(); roadmap.to_excel("lo-trinh.xlsx")

Plots are in :mod:`tieuchi.plots` (matplotlib), Dask partitions in :mod:`tieuchi.parallel`.
"""

from typing import Any, Optional

from ._tieuchi import (
    Accessor,
    Assessment,
    NodeKind,
    Pack,
    CheckedExpr,
    CheckError,
    DataError,
    Diagnostic,
    Environment,
    Error,
    LimitError,
    PackError,
    ParseError,
    PlanError,
    Program,
    Severity,
    Status,
    Type,
    UnitTable,
    analyze,
    assess,
    compile,
    messages,
    parse_horizon,
    parse_pin,
    parse_target,
    parse_weight,
    is_workbook_path,
    read_units_csv,
    read_units_csv_text,
    version,
)
from ._tieuchi import check_pack_text as _check_pack_text
from ._tieuchi import list_packs as _list_packs
from ._tieuchi import load_pack as _load_pack
from .frames import AssessedFrame, DataWarning, assess_frame, read_frame, to_networkx
from .graph import DependencyGraph
from .planning import PlanFrame, plan
from .workbooks import read_workbook, write_template
from ._tieuchi import read_units as _read_units_columns
from ._tieuchi import Plan


def load_pack(name: str, pack_path: list[str] | None = None, *, ids_only: bool = False,
              default_path: bool = True) -> Pack:
    """Load a pack by id or path, with its ``extends:`` chain.

    `pack_path` folders are searched first, then (unless `default_path` is false) the built-in
    packs and ``TIEUCHI_PACK_PATH``. With `ids_only`, `name` and every ``extends:`` must be pack
    ids found there, never file paths (``E311 '../x' is not a pack id``), as a service needs.
    Raises :class:`PackError` whose ``.diagnostics`` hold every problem (code, file, line, column,
    message, hint). Warnings (e.g. thresholds not set) are returned by
    :func:`load_pack_with_warnings`.
    """
    return _load_pack(name, pack_path or [], ids_only, default_path)[0]


def load_pack_with_warnings(name: str, pack_path: list[str] | None = None, *, ids_only: bool = False,
                            default_path: bool = True) -> tuple[Pack, list[Diagnostic]]:
    """Like :func:`load_pack`, also returning the warnings (W3xx) as diagnostics."""
    pack, warnings = _load_pack(name, pack_path or [], ids_only, default_path)
    return pack, list(warnings)


def check_pack(text: str, name: str = "pack.yaml", pack_path: list[str] | None = None, *,
               default_path: bool = True) -> tuple[Optional[Pack], list[Diagnostic]]:
    """Read, merge and build a pack or overlay given as YAML `text` (`name` is the file name its
    diagnostics give). Its ``extends:`` must be a pack id on the path (`pack_path`, then the
    built-in packs unless `default_path` is false): no file named in the text is read. Returns
    the pack (None when it has errors) and every diagnostic; a bad pack does not raise."""
    pack, found = _check_pack_text(text, name, pack_path or [], default_path)
    return pack, list(found)


def list_packs(pack_path: list[str] | None = None, *, default_path: bool = True) -> list[tuple[str, str]]:
    """The packs on the path as ``(id, file)`` pairs sorted by id (the files are listed, not
    read; an id in two folders is listed once, from the first, as :func:`load_pack` finds it)."""
    return list(_list_packs(pack_path or [], default_path))



def read_units(pack: Pack, source: Any, file: str = "DataFrame", *, sheet: Optional[str] = None,
               **options: Any) -> tuple[Any, list[Any]]:
    """Validate a table of units against `pack` with the one unit validation: (UnitTable, warnings),
    or :class:`DataError` naming the row and column of every problem. `source` is a path to a CSV
    file (the reader of ``tieuchi assess``) or to a workbook (.xlsx, .xlsm, .xls, .ods, the filled
    template included: `sheet` names the sheet, default the template's input sheet or the first;
    diagnostics name the sheet, the row and the column's letters and header), or a dict of columns
    (see :func:`tieuchi._tieuchi.read_units`; `file` is the name diagnostics give). Options: id,
    name, district, attributes, optional_attributes (for a file, default ``["recognized"]``, as
    ``tieuchi assess --data`` keeps it), allow_missing_columns, ignore_unknown_columns."""
    import os

    if isinstance(source, (str, os.PathLike)):
        # As `tieuchi assess --data` and pack.assess(path): a `recognized` column is kept when present.
        options.setdefault("optional_attributes", ["recognized"])
        path = os.fspath(source)
        if is_workbook_path(path):
            return read_workbook(pack, path, sheet=sheet, **options)
        if sheet is not None:
            raise ValueError("sheet= is for workbooks (.xlsx, .xlsm, .xls, .ods), not for CSV")
        return read_units_csv(pack, path, **options)
    return _read_units_columns(pack, source, file=file, **options)


def _pack_template(self: Pack, path: Any, units: Any = None, year: Optional[int] = None, lang: str = "vi",
                   recognized_column: bool = True) -> None:
    """Write the input template of this pack (see :func:`tieuchi.write_template`)."""
    write_template(self, path, units, year, lang, recognized_column)


def _pack_assess(self: Pack, df: Any, year: Optional[int] = None, **options: Any) -> AssessedFrame:
    """Assess every row of the DataFrame `df` against this pack for `year` (see
    :func:`tieuchi.assess_frame` for the options)."""
    return assess_frame(self, df, year, **options)


def _pack_graph(self: Pack) -> DependencyGraph:
    """The dependency graph (networkx and DOT exports, transitive queries, plot)."""
    return DependencyGraph(self)


def _pack_plan(self: Pack, df: Any, year: Optional[int] = None, **options: Any) -> PlanFrame:
    """Assess `df` (with costs) and plan its remediation (see :func:`tieuchi.plan` for the options,
    e.g. ``targets=["ntm:2024"]``)."""
    return plan(self, df, year, **options)


# Python conveniences on the native class; both call the functions above, nothing more.
Pack.assess = _pack_assess  # type: ignore[method-assign]
Pack.plan = _pack_plan  # type: ignore[method-assign]
Pack.template = _pack_template  # type: ignore[method-assign]
Pack.graph = property(_pack_graph)  # type: ignore[method-assign, assignment]

__version__: str = version()

__all__ = [
    "Accessor",
    "AssessedFrame",
    "DataWarning",
    "UnitTable",
    "is_workbook_path",
    "read_units",
    "read_units_csv",
    "read_workbook",
    "write_template",
    "read_units_csv_text",
    "read_frame",
    "parse_horizon",
    "parse_pin",
    "parse_target",
    "parse_weight",
    "DependencyGraph",
    "Plan",
    "PlanFrame",
    "plan",
    "Assessment",
    "NodeKind",
    "Pack",
    "assess",
    "assess_frame",
    "check_pack",
    "list_packs",
    "load_pack",
    "load_pack_with_warnings",
    "to_networkx",
    "CheckedExpr",
    "CheckError",
    "DataError",
    "Diagnostic",
    "Environment",
    "Error",
    "LimitError",
    "PackError",
    "ParseError",
    "PlanError",
    "Program",
    "Severity",
    "Status",
    "Type",
    "__version__",
    "analyze",
    "compile",
    "messages",
    "version",
]
