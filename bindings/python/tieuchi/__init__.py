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
    read_units,
    read_units_csv,
    version,
)
from ._tieuchi import load_pack as _load_pack
from .frames import AssessedFrame, DataWarning, assess_frame, read_frame, to_networkx
from .graph import DependencyGraph
from .planning import PlanFrame, plan
from ._tieuchi import Plan


def load_pack(name: str, pack_path: list[str] | None = None) -> Pack:
    """Load a pack by id or path, with its ``extends:`` chain.

    Raises :class:`PackError` whose ``.diagnostics`` hold every problem (code, file, line, column,
    message, hint). Warnings (e.g. thresholds not set) are returned by
    :func:`load_pack_with_warnings`.
    """
    return _load_pack(name, pack_path or [])[0]


def load_pack_with_warnings(name: str, pack_path: list[str] | None = None) -> tuple[Pack, list[Diagnostic]]:
    """Like :func:`load_pack`, also returning the warnings (W3xx) as diagnostics."""
    pack, warnings = _load_pack(name, pack_path or [])
    return pack, list(warnings)



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
Pack.graph = property(_pack_graph)  # type: ignore[method-assign, assignment]

__version__: str = version()

__all__ = [
    "Accessor",
    "AssessedFrame",
    "DataWarning",
    "UnitTable",
    "read_units",
    "read_units_csv",
    "read_frame",
    "DependencyGraph",
    "Plan",
    "PlanFrame",
    "plan",
    "Assessment",
    "NodeKind",
    "Pack",
    "assess",
    "assess_frame",
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
