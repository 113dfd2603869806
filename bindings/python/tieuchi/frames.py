"""pandas adapters: a DataFrame of units in, DataFrames of results out.

They only reshape: numeric columns go to the C++ engine as float64 NumPy arrays (no Python loop per
unit), results come back as NumPy views on the engine's arrays.
"""

from __future__ import annotations

import io
from typing import Iterable, Optional

import numpy as np

from ._tieuchi import Assessment, Pack, Type
from ._tieuchi import assess as _assess

_STATUS = np.array(["unmet", "met", "unknown", "not_applicable"], dtype=object)


class AssessedFrame:
    """The result of :func:`assess_frame`: the native :class:`Assessment` plus DataFrame views."""

    def __init__(self, assessment: Assessment):
        self.assessment = assessment

    def __len__(self) -> int:
        return len(self.assessment)

    def status(self, node: str):
        """Statuses of `node` as a pandas Series of strings, indexed by unit id."""
        import pandas as pd

        return pd.Series(_STATUS[self.assessment.status(node)], index=self.assessment.ids, name=node)

    def long(self, kinds: Iterable[str] = ("indicator", "criterion", "level")):
        """One row per unit and node: unit, node, kind, status, value, threshold, gap."""
        import pandas as pd

        ids = np.asarray(self.assessment.ids, dtype=object)
        frames = []
        for kind, node in self.assessment.nodes():
            if kind.name not in kinds:
                continue
            value = self.assessment.value(node)
            is_indicator = kind.name == "indicator"
            frames.append(pd.DataFrame({
                "unit": ids,
                "node": node,
                "kind": kind.name,
                "status": _STATUS[self.assessment.status(node)],
                "value": value if len(value) else np.nan,
                "threshold": self.assessment.threshold(node) if is_indicator else np.nan,
                "gap": self.assessment.gap(node) if is_indicator and len(self.assessment.gap(node)) else np.nan,
            }))
        return pd.concat(frames, ignore_index=True)

    def wide(self, recognized: str = "recognized"):
        """The planning table: one row per unit, Đ / CĐ / ? / KAD per criterion, N/19, levels, review."""
        import pandas as pd

        return pd.read_csv(io.StringIO(self.assessment.planning_table_csv(recognized)), dtype=str,
                           keep_default_na=False)

    def explain(self, unit: str, node: str, lang: str = "en", depth: int = 1) -> str:
        """Why `node` has its status for `unit`, in Vietnamese ('vi') or English ('en')."""
        return self.assessment.explain(unit, node, lang, depth)

    def summary(self, lang: str = "en", recognized: str = "recognized") -> str:
        """The summary as ``tieuchi assess`` prints it."""
        return self.assessment.summary(lang, recognized)


def assess_frame(pack: Pack, df, year: Optional[int] = None, *, id: str = "id", name: str = "name",
                 district: str = "district", attributes: Iterable[str] = ("recognized",), threads: int = 1,
                 values: bool = True, gaps: bool = True) -> AssessedFrame:
    """Assess every row of `df` (one unit per row) against `pack` for `year`.

    Columns named like the pack's input fields are inputs; `id`, `name`, `district` identify units;
    `attributes` (e.g. ``recognized``) are kept for the review. Any other column raises ValueError,
    so that a misspelt input is never silently ignored. Missing cells (NaN, None, pd.NA) are
    unknown, never 0.
    """
    fields = {f["name"]: f for f in pack.fields}
    attributes = [a for a in attributes if a in df.columns]
    known = {id, name, district, *attributes}
    unknown = [c for c in df.columns if c not in known and c not in fields]
    if unknown:
        raise ValueError(f"columns {unknown} are not inputs of pack {pack.id}; drop them or pass them as attributes")
    if id not in df.columns:
        raise ValueError(f"no {id!r} column (the unit id)")
    columns = {}
    for col in df.columns:
        if col in known:
            continue
        series = df[col]
        if fields[col]["type"] == Type.string:
            columns[col] = series.astype(object).where(series.notna(), None).tolist()
        else:
            columns[col] = series.to_numpy(dtype="float64", na_value=np.nan)
    text = lambda c: df[c].astype(object).where(df[c].notna(), "").astype(str).tolist() if c in df.columns else []
    native = _assess(pack, columns, ids=text(id), names=text(name), districts=text(district),
                     attributes={a: text(a) for a in attributes}, year=year, threads=threads, values=values,
                     gaps=gaps)
    return AssessedFrame(native)


def to_networkx(pack: Pack):
    """The pack's dependency graph as a ``networkx.DiGraph``: nodes are ``(kind, id)`` tuples,
    edges go from a dependency to its dependent and carry ``kind`` (reads, member, requires,
    prerequisite). Requires networkx."""
    import networkx as nx

    g = nx.DiGraph()
    for (fk, fid), (tk, tid), kind in pack.graph_edges():
        g.add_edge((fk.name, fid), (tk.name, tid), kind=kind)
    return g
