"""Remediation planning from Python: :func:`plan` and the :class:`PlanFrame` it returns.

The planning itself is the C++ planner (``tieuchi::plan``, see docs/planning.md); this module turns
DataFrames, lists and file paths into its options, and its tables back into DataFrames, an Excel
workbook with Vietnamese headers and a Gantt-style plot.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence, Union

from . import _tieuchi
from ._tieuchi import Pack, messages
from .frames import AssessedFrame, _frame, assess_frame

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas
    from matplotlib.axes import Axes

__all__ = ["PlanFrame", "plan"]

_SHEETS = (("roadmap", "plan.sheet.roadmap"), ("tasks", "plan.sheet.tasks"), ("outcomes", "plan.sheet.outcomes"),
           ("budgets", "plan.sheet.budgets"))

Table = Union[str, "os.PathLike[str]", "pandas.DataFrame", Sequence[Any], None]


def _rows(table: Any) -> Optional[Any]:
    """The rows of `table` as the library's reader takes them: None for nothing; a list of tuples
    when every row is a sequence of values (year, scope, name, amount / indicator, ...), else CSV
    text of the DataFrame or the mappings (the reader checks every cell and names its row and
    column: row 1 is the first row, as ``df.iloc[0]``; the header is row 0)."""
    import pandas as pd

    if table is None:
        return None
    if isinstance(table, pd.DataFrame):
        frame = table
    else:
        rows = list(table)  # a generator is read once
        if not rows:
            return None
        if all(not isinstance(r, (Mapping, str)) for r in rows):
            return [tuple(r) for r in rows]
        frame = pd.DataFrame(rows)
    if frame.shape == (0, 0):
        return None
    return str(frame.to_csv(index=False))


def _budgets(table: Table) -> list[tuple[int, str, str, float]]:
    if isinstance(table, (str, os.PathLike)):
        return list(_tieuchi.read_budgets_csv(os.fspath(table)))
    rows = _rows(table)
    if rows is None or isinstance(rows, list):
        return rows or []
    return list(_tieuchi.read_budgets_csv_text(rows, "budgets"))


def _costs(table: Table) -> list[tuple[str, str, Optional[float], Optional[float], Optional[float], str]]:
    if isinstance(table, (str, os.PathLike)):
        return list(_tieuchi.read_costs_csv(os.fspath(table)))
    rows = _rows(table)
    if rows is None or isinstance(rows, list):
        return rows or []
    return list(_tieuchi.read_costs_csv_text(rows, "costs"))


class PlanFrame:
    """A remediation plan with DataFrame views (see :func:`plan`)."""

    def __init__(self, native: "_tieuchi.Plan", assessed: AssessedFrame):
        self.native = native
        self.assessed = assessed

    def __repr__(self) -> str:
        return (f"<tieuchi.PlanFrame {len(self.native)} tasks, {self.native.first_year}-{self.native.last_year}, "
                f"method {self.native.method}>")

    def __len__(self) -> int:
        return len(self.native)

    def tasks(self) -> "pandas.DataFrame":
        """One row per task (plan::tasks_table): start_year, end_year (int), id, name, district,
        criterion, indicator, cost (float), agency, pinned (bool)."""
        return _frame(self.native.table("tasks"))

    def roadmap(self) -> "pandas.DataFrame":
        """The province's roadmap table (plan::roadmap_table): one row per unit with a target, one
        column per criterion, an ordered Categorical: 'Đ' met < 'KAD' not applicable < the year its
        last planned task ends < '-' not met and not planned < '?' unknown; then each target
        level's ``<level>_year`` (Int64, NA if not reached) and ``<level>_outcome`` (Categorical)."""
        return _frame(self.native.table("roadmap"))

    def outcomes(self, lang: str = "en") -> "pandas.DataFrame":
        """One row per unit and target (plan::outcomes_table): level, deadline (int), outcome
        (Categorical: already_met, on_time, late, missed, cannot_tell), reached_year (Int64, NA
        if never), cost, value (float), reasons and extra_budget (text in `lang`, 'en' or 'vi')."""
        return _frame(self.native.table("outcomes", lang))

    def budgets(self) -> "pandas.DataFrame":
        """Per budget (scope, name) and year (plan::budgets_table): year (int), scope (Categorical:
        province, district, agency), name, planned, amount (the limit, NaN if none), left."""
        return _frame(self.native.table("budgets"))

    def summary(self, lang: str = "en") -> str:
        """The summary as ``tieuchi plan`` prints it ('vi' or 'en')."""
        return str(self.native.summary(lang))

    def to_json(self) -> str:
        """The plan as JSON (schema tieuchi.plan/1)."""
        return str(self.native.to_json())

    def to_excel(self, path: Union[str, "os.PathLike[str]"], lang: str = "vi", plan_name: str = "") -> None:
        """Write the annexes an office files to an .xlsx workbook (the library's writer, as
        ``tieuchi plan --xlsx``): the review (Biểu 01, 02) and the roadmap (Biểu 03, 04: per unit the
        criteria completed and the cost in each year, the agencies, the year the level is met,
        with district and province totals), then the roadmap, tasks, outcomes and budgets tables and
        the About sheet. Headers in Vietnamese ('vi') or English ('en')."""
        if lang not in ("vi", "en"):
            raise ValueError("lang must be 'vi' or 'en'")
        self.native.write_workbook(os.fspath(path), lang, plan_name)

    def gantt(self, ax: Optional["Axes"] = None, units: Optional[Iterable[str]] = None, max_units: int = 40,
              lang: str = "vi") -> "Axes":
        """A Gantt-style chart of the roadmap (see :func:`tieuchi.plots.roadmap_gantt`)."""
        from .plots import roadmap_gantt

        return roadmap_gantt(self, ax=ax, units=units, max_units=max_units, lang=lang)


def plan(assessed: Union[AssessedFrame, Pack], df: Optional["pandas.DataFrame"] = None, year: Optional[int] = None,
         *, targets: Iterable[str], horizon: Optional[tuple[int, int]] = None, budgets: Table = None,
         costs: Table = None, policy: str = "protect_recognized", weights: Optional[Mapping[str, float]] = None,
         pins: Optional[Iterable[tuple[str, str, int]]] = None, recognized: str = "recognized",
         method: str = "auto", time_limit: float = 10.0, threads: int = 1) -> PlanFrame:
    """Plan the remediation: which unit fixes which indicator in which year.

    `assessed` is a :class:`Pack` (then `df` and `year` are assessed here, with costs) or an
    :class:`AssessedFrame` made with ``costs=True``. `targets` are ``"level:year"`` strings
    (``"ntm:2024"``: units recognized at ntm keep it by 2024; ``"ntm:2025:all"``: every unit).
    `budgets` and `costs` are CSV paths, DataFrames or lists of dicts (columns as in
    docs/planning.md); `pins` are ``(unit, indicator, year)`` decisions to keep. `method` is
    ``"auto"`` (the greedy search, then the MILP solver CBC within `time_limit` seconds when the
    model is small enough), ``"exact"`` (the solver whatever the size) or ``"greedy"``; the plan's
    ``native.objective``, ``.bound``, ``.gap`` and ``.optimal`` say how good it is. Raises
    :class:`tieuchi.PlanError` with diagnostics for bad options.
    """
    if isinstance(assessed, Pack):
        if df is None:
            raise ValueError("plan(pack, df, year, ...): the DataFrame of units is missing")
        assessed = assess_frame(assessed, df, year, costs=True)
    elif df is not None:
        raise ValueError("pass either an AssessedFrame, or a Pack with a DataFrame")
    first, last = horizon if horizon else (None, None)
    native = _tieuchi.plan(assessed.assessment, [str(t) for t in targets], first, last, _budgets(budgets),
                           _costs(costs), policy, dict(weights or {}), [(str(u), str(i), int(y)) for u, i, y in (pins or [])], recognized,
                           method, float(time_limit), int(threads))
    return PlanFrame(native, assessed)
