"""Remediation planning from Python: :func:`plan` and the :class:`PlanFrame` it returns.

The planning itself is the C++ planner (``tieuchi::plan``, see docs/planning.md); this module turns
DataFrames, lists and file paths into its options, and its tables back into DataFrames, an Excel
workbook with Vietnamese headers and a Gantt-style plot.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence, Union

from . import _tieuchi
from ._tieuchi import Pack, messages
from .frames import AssessedFrame, assess_frame

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas
    from matplotlib.axes import Axes

__all__ = ["PlanFrame", "plan"]

# Column ids of the plan tables (the CSV reports') -> their message in the catalogue; the words
# themselves are the library's (tieuchi.messages), in Vietnamese or English.
_HEADER_IDS = {
    "id": "header.id", "name": "header.name", "district": "header.district", "start_year": "plan.header.start_year",
    "end_year": "plan.header.end_year", "criterion": "plan.header.criterion", "indicator": "plan.header.indicator",
    "cost": "plan.header.cost", "agency": "plan.header.agency", "pinned": "plan.header.pinned",
    "level": "plan.header.level", "deadline": "plan.header.deadline", "outcome": "plan.header.outcome",
    "reached_year": "plan.header.reached_year", "value": "plan.header.value", "reasons": "plan.header.reasons",
    "extra_budget": "plan.header.extra_budget", "year": "plan.header.year", "scope": "plan.header.scope",
    "planned": "plan.header.planned", "amount": "plan.header.amount", "left": "plan.header.left",
}
_OUTCOME_IDS = {"already_met": "plan.outcome.already_met", "on_time": "plan.outcome.on_time",
                "late": "plan.outcome.late", "missed": "plan.outcome.missed", "cannot_tell": "plan.outcome.cannot_tell"}
_SHEET_IDS = ("plan.sheet.roadmap", "plan.sheet.tasks", "plan.sheet.outcomes", "plan.sheet.budgets")

Table = Union[str, "os.PathLike[str]", "pandas.DataFrame", Sequence[Any], None]


def _records(table: Table) -> list[Any]:
    """Rows as dicts (DataFrame rows, mappings) or as given (tuples)."""
    import pandas as pd

    if table is None:
        return []
    if isinstance(table, pd.DataFrame):
        return [{k: (None if pd.isna(v) else v) for k, v in row.items()} for row in table.to_dict("records")]
    if isinstance(table, (str, os.PathLike)):
        raise TypeError("a path is read by the C++ reader, not here")
    return [dict(r) if isinstance(r, Mapping) else r for r in table]


def _budgets(table: Table) -> list[tuple[int, str, str, float]]:
    if isinstance(table, (str, os.PathLike)):
        return list(_tieuchi.read_budgets_csv(os.fspath(table)))
    out = []
    for k, r in enumerate(_records(table)):
        if not isinstance(r, dict):
            out.append(tuple(r))
            continue
        missing = [c for c in ("year", "amount") if r.get(c) is None]
        if missing:
            raise ValueError(f"budgets row {k}: missing {missing} (columns: year, amount, scope, name)")
        out.append((int(r["year"]), str(r.get("scope") or "province"), str(r.get("name") or ""), float(r["amount"])))
    return out


def _costs(table: Table) -> list[tuple[str, str, Optional[float], Optional[float], Optional[float], str]]:
    if isinstance(table, (str, os.PathLike)):
        return list(_tieuchi.read_costs_csv(os.fspath(table)))
    out = []
    opt = lambda v: None if v is None else float(v)
    for k, r in enumerate(_records(table)):
        if not isinstance(r, dict):
            out.append(tuple(r))
            continue
        if not r.get("indicator"):
            raise ValueError(f"costs row {k}: no indicator (columns: indicator, unit, fixed_cost, cost_per_gap, "
                             "duration_months, agency)")
        out.append((str(r["indicator"]), str(r.get("unit") or ""), opt(r.get("fixed_cost")), opt(r.get("cost_per_gap")),
                    opt(r.get("duration_months")), str(r.get("agency") or "")))
    return out


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

    @staticmethod
    def _read(text: str, **kwargs: Any) -> "pandas.DataFrame":
        import pandas as pd

        return pd.read_csv(io.StringIO(text), dtype={"id": str}, keep_default_na=False, **kwargs)

    def tasks(self) -> "pandas.DataFrame":
        """One row per task: start_year, end_year, id, name, district, criterion, indicator, cost,
        agency, pinned."""
        df = self._read(self.native.tasks_csv(), na_values={"cost": [""]})
        df["pinned"] = df["pinned"] == "yes"
        return df

    def roadmap(self) -> "pandas.DataFrame":
        """The province's roadmap table: one row per unit with a target, one column per criterion
        (the year its last planned task ends, 'Đ' met, '?' unknown, '-' needed but not planned),
        then each target level's year and outcome."""
        return self._read(self.native.roadmap_csv())

    def outcomes(self) -> "pandas.DataFrame":
        """One row per unit and target: level, deadline, outcome (already_met / on_time / late /
        missed / cannot_tell), reached_year, cost, value, reasons, extra_budget."""
        df = self._read(self.native.outcomes_csv())
        df["reached_year"] = df["reached_year"].replace("", None).astype("Int64")
        return df

    def budgets(self) -> "pandas.DataFrame":
        """Per budget (scope, name) and year: planned, amount (the limit, NaN if none), left."""
        import pandas as pd

        df = self._read(self.native.budgets_csv())
        for c in ("amount", "left"):
            df[c] = pd.to_numeric(df[c].replace("", None))
        return df

    def summary(self, lang: str = "en") -> str:
        """The summary as ``tieuchi plan`` prints it ('vi' or 'en')."""
        return str(self.native.summary(lang))

    def to_json(self) -> str:
        """The plan as JSON (schema tieuchi.plan/1)."""
        return str(self.native.to_json())

    def to_excel(self, path: Union[str, "os.PathLike[str]"], lang: str = "vi") -> None:
        """Write the roadmap, tasks, outcomes and budgets to an .xlsx workbook (needs openpyxl),
        headers in Vietnamese ('vi') or English ('en')."""
        import pandas as pd

        if lang not in ("vi", "en"):
            raise ValueError("lang must be 'vi' or 'en'")
        t = messages(lang)
        tables = [self.roadmap(), self.tasks(), self.outcomes(), self.budgets()]
        tables[2]["outcome"] = tables[2]["outcome"].map({k: t[v] for k, v in _OUTCOME_IDS.items()})
        tables = [df.rename(columns={c: t[_HEADER_IDS[c]] for c in df.columns if c in _HEADER_IDS}) for df in tables]

        def level_column(c: str) -> str:
            if c.endswith("_year"):
                return t["plan.header.level_year"].replace("{}", c[: -len("_year")])
            if c.endswith("_outcome"):
                return t["plan.header.level_outcome"].replace("{}", c[: -len("_outcome")])
            return c

        tables[0] = tables[0].rename(columns=level_column)
        sheets = [t[i] for i in _SHEET_IDS]
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for sheet, df in zip(sheets, tables):
                df.to_excel(writer, sheet_name=sheet, index=False)
                ws = writer.sheets[sheet]
                ws.freeze_panes = "A2"
                for cells in ws.columns:
                    width = max(len(str(c.value)) if c.value is not None else 0 for c in cells[:200])
                    ws.column_dimensions[cells[0].column_letter].width = min(max(6, width + 2), 60)

    def gantt(self, ax: Optional["Axes"] = None, units: Optional[Iterable[str]] = None, max_units: int = 40,
              lang: str = "vi") -> "Axes":
        """A Gantt-style chart of the roadmap (see :func:`tieuchi.plots.roadmap_gantt`)."""
        from .plots import roadmap_gantt

        return roadmap_gantt(self, ax=ax, units=units, max_units=max_units, lang=lang)


def plan(assessed: Union[AssessedFrame, Pack], df: Optional["pandas.DataFrame"] = None, year: Optional[int] = None,
         *, targets: Iterable[str], horizon: Optional[tuple[int, int]] = None, budgets: Table = None,
         costs: Table = None, policy: str = "protect_recognized", weights: Optional[Mapping[str, float]] = None,
         pins: Optional[Iterable[tuple[str, str, int]]] = None, recognized: str = "recognized",
         exact_limit: int = 12) -> PlanFrame:
    """Plan the remediation: which unit fixes which indicator in which year.

    `assessed` is a :class:`Pack` (then `df` and `year` are assessed here, with costs) or an
    :class:`AssessedFrame` made with ``costs=True``. `targets` are ``"level:year"`` strings
    (``"ntm:2024"``: units recognized at ntm keep it by 2024; ``"ntm:2025:all"``: every unit).
    `budgets` and `costs` are CSV paths, DataFrames or lists of dicts (columns as in
    docs/planning.md); `pins` are ``(unit, indicator, year)`` decisions to keep. Raises
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
                           exact_limit)
    return PlanFrame(native, assessed)
