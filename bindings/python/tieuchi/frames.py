"""pandas adapters: a DataFrame of units in, DataFrames of results out.

They only reshape: numeric columns go to the C++ engine as float64 NumPy arrays (no Python loop per
unit), results come back as NumPy views on the engine's arrays.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

import numpy as np

from ._tieuchi import Assessment, Diagnostic, Pack, Type
from ._tieuchi import assess as _assess
from ._tieuchi import assess_units as _assess_units
from ._tieuchi import is_workbook_path, messages, read_units, read_units_csv

if TYPE_CHECKING:  # pragma: no cover - typing only
    import networkx
    import pandas

_LANGS = ("vi", "en")


def _check_lang(lang: str) -> None:
    if lang not in _LANGS:
        raise ValueError("lang must be 'vi' or 'en'")


def _frame(columns: list[dict[str, Any]], titles: bool = False) -> "pandas.DataFrame":
    """A DataFrame of a typed table from the library (``Assessment.table``, ``Plan.table``): numbers
    as float64 (NaN missing), integers as int64 (nullable ``Int64`` where some are missing),
    booleans as bool, categories as pandas Categoricals (ordered where the library ranks them),
    text as objects (None missing). With `titles`, the headers and category words for people (in
    the language the table was made in) instead of the machine names."""
    import pandas as pd

    data: list[Any] = []
    for c in columns:
        kind, values, mask = c["type"], c["values"], c["mask"]
        if kind == "category":
            labels = c["label_titles"] if titles else c["labels"]
            data.append(pd.Categorical.from_codes(values, categories=labels, ordered=c["ordered"]))
        elif kind == "integer":
            data.append(values if mask is None else pd.arrays.IntegerArray(values, mask))
        elif kind == "boolean":
            data.append(values if mask is None else pd.arrays.BooleanArray(values, mask))
        elif kind == "number":
            data.append(values)
        else:
            data.append(np.array(values, dtype=object) if values else np.zeros(0, dtype=object))
    names = [c["title"] if titles else c["name"] for c in columns]
    frame = pd.DataFrame(dict(enumerate(data)))
    frame.columns = pd.Index(names)
    return frame


# Statuses in the library's order (tieuchi.Status: 0 unmet, 1 met, 2 unknown, 3 not applicable) and
# as an ordered category: unmet < unknown < met < not_applicable (as the planning table's marks).
_STATUS_ORDER = ["unmet", "unknown", "met", "not_applicable"]
_STATUS_CODE = np.array([0, 2, 1, 3], dtype=np.int8)


def _statuses(codes: Any) -> "pandas.Categorical":
    import pandas as pd

    return pd.Categorical.from_codes(_STATUS_CODE[codes], categories=_STATUS_ORDER, ordered=True)


class AssessedFrame:
    """The result of :func:`assess_frame`: the native :class:`Assessment` plus DataFrame views."""

    def __init__(self, assessment: Assessment, index: Optional["pandas.Index"] = None):
        self.assessment = assessment
        self._index = index

    @property
    def index(self) -> "pandas.Index":
        """The unit ids as a pandas Index named ``id`` (the input frame's id column, not copied)."""
        if self._index is None:
            import pandas as pd

            self._index = pd.Index(self.assessment.ids, name="id")
        return self._index

    def __len__(self) -> int:
        return len(self.assessment)

    def __repr__(self) -> str:
        return (f"<tieuchi.AssessedFrame {len(self)} units, pack {self.assessment.pack.id}, "
                f"year {self.assessment.year}>")

    @property
    def pack(self) -> Pack:
        """The pack assessed against."""
        return self.assessment.pack

    @property
    def year(self) -> int:
        """The assessment year."""
        return self.assessment.year

    def node_ids(self, kind: str = "criterion") -> list[str]:
        """Ids of the nodes of one kind ('indicator', 'criterion', 'level'), in evaluation order.
        For 'criterion', the criteria of the planning table (those the lowest level requires)."""
        if kind == "criterion":
            return list(self.assessment.base_criteria())
        if kind not in ("indicator", "level"):
            raise ValueError("kind must be 'indicator', 'criterion' or 'level'")
        return [node for k, node in self.assessment.nodes() if k.name == kind]

    def matrix(self, kind: str = "criterion") -> "pandas.DataFrame":
        """Status codes (0 unmet, 1 met, 2 unknown, 3 not applicable) as a units x nodes DataFrame
        indexed by unit id: the data of the status heatmap."""
        import pandas as pd

        nodes = self.node_ids(kind)
        # A copy in pandas' own block layout (column-major), made by the core in recycled pages.
        return pd.DataFrame(self.assessment.status_matrix(nodes), index=self.index, columns=nodes, copy=False)

    def by_district(self, kind: str = "criterion", recognized: str = "recognized") -> "pandas.DataFrame":
        """Per district (in order of first appearance) and criterion (or level with
        ``kind='level'``): units, met, unmet, unknown, not_applicable counts, from the C++ summary."""
        import pandas as pd

        if kind not in ("criterion", "level"):
            raise ValueError("kind must be 'criterion' or 'level'")
        summary = self.assessment.summarize(recognized)
        rows = []
        for group in summary["districts"]:
            for node, c in group["criteria" if kind == "criterion" else "levels"].items():
                rows.append({"district": group["name"], "node": node, "units": group["units"], **c})
        columns = ["district", "node", "units", "met", "unmet", "unknown", "not_applicable"]
        return pd.DataFrame(rows, columns=columns)

    def reviews(self, recognized: str = "recognized") -> "pandas.DataFrame":
        """The review of every unit recognized at some level (the `recognized` attribute): its
        level, the outcome (keeps / short_of / revocation / cannot_tell) and the criteria and
        indicators no longer met or unknown."""
        import pandas as pd

        rows = self.assessment.summarize(recognized)["reviews"]
        for r in rows:
            for k in ("criteria_unmet", "criteria_unknown", "indicators_unmet"):
                r[k] = " ".join(r[k])
        return pd.DataFrame(rows, columns=["unit", "level", "outcome", "criteria_unmet", "criteria_unknown",
                                           "indicators_unmet"])

    def shortfalls(self, lang: str = "vi") -> "pandas.DataFrame":
        """One row per unit and criterion not met: the criterion, its name (in `lang`) and agency,
        and the indicators not met with their gaps, and those unknown. The table offices plan from
        (the library's table: ``Assessment.table("shortfalls")``)."""
        _check_lang(lang)
        return _frame(self.assessment.table("shortfalls", lang))

    def to_excel(self, path: Union[str, "os.PathLike[str]"], lang: str = "vi", recognized: str = "recognized",
                 plan_name: str = "") -> None:
        """Write the annexes an office files to an .xlsx workbook (the library's writer, as
        ``tieuchi assess --xlsx``): Biểu 01, 02 (one per recognized level: units grouped by district,
        Đ / CĐ / ? / KAD per criterion, criteria met and not met, the review outcome), the planning
        table and the shortfalls, and a sheet naming the pack, the year and how many thresholds are
        verified, unverified or illustrative. Headers in Vietnamese ('vi') or English ('en');
        `plan_name` is printed under each annex's title."""
        _check_lang(lang)
        self.assessment.write_workbook(os.fspath(path), lang, recognized, plan_name)

    def status(self, node: str) -> "pandas.Series":
        """Statuses of `node` as a pandas Series indexed by unit id: an ordered Categorical
        (unmet < unknown < met < not_applicable)."""
        import pandas as pd

        return pd.Series(_statuses(self.assessment.status(node)), index=self.index, name=node)

    def long(self, kinds: Iterable[str] = ("indicator", "criterion", "level")) -> "pandas.DataFrame":
        """One row per unit and node: unit, node, kind, status (ordered Categorical: unmet < unknown
        < met < not_applicable), value, threshold, gap (numbers, NaN where none)."""
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
                "status": _statuses(self.assessment.status(node)),
                "value": value if len(value) else np.nan,
                "threshold": self.assessment.threshold(node) if is_indicator else np.nan,
                "gap": self.assessment.gap(node) if is_indicator and len(self.assessment.gap(node)) else np.nan,
            }))
        if not frames:
            return pd.DataFrame({"unit": np.zeros(0, dtype=object), "node": np.zeros(0, dtype=object),
                                 "kind": pd.Categorical([], categories=["indicator", "criterion", "level"]),
                                 "status": _statuses(np.zeros(0, dtype=np.uint8)),
                                 "value": np.zeros(0), "threshold": np.zeros(0), "gap": np.zeros(0)})
        out = pd.concat(frames, ignore_index=True)
        out["kind"] = pd.Categorical(out["kind"], categories=["indicator", "criterion", "level"])
        return out

    def wide(self, recognized: str = "recognized") -> "pandas.DataFrame":
        """The planning table (assess::planning_table): one row per unit; id, name, district,
        recognized; per criterion an ordered Categorical of marks (CĐ < ? < Đ < KAD); criteria_met
        and criteria_unknown (integers, of ``len(node_ids())`` criteria); highest_level (ordered
        Categorical of the levels, NaN if none); per level its mark; review (Categorical: keeps,
        short_of, revocation, cannot_tell; NaN for units not recognized) and review_criteria_unmet."""
        return _frame(self.assessment.table("planning", "en", recognized))

    def explain(self, unit: str, node: str, lang: str = "en", depth: int = 1) -> str:
        """Why `node` has its status for `unit`, in Vietnamese ('vi') or English ('en')."""
        return self.assessment.explain(unit, node, lang, depth)

    def summary(self, lang: str = "en", recognized: str = "recognized") -> str:
        """The summary as ``tieuchi assess`` prints it."""
        return self.assessment.summary(lang, recognized)


class DataWarning(UserWarning):
    """A warning about input data (W5xx: a column ignored, an input without a column); its
    ``diagnostic`` has the code, the row and the column."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


def _transport(series: "pandas.Series", type_: Optional[Type]) -> Any:
    """A DataFrame column in a form the core reads without a Python object per cell; the core
    (tieuchi.read_units, the validation the CSV reader uses) parses and checks every cell.

    Numbers and booleans go as NumPy arrays (float64 in place); pandas' nullable booleans and
    floats as ("masked", values, mask), in place (see :func:`_masked`); other nullable numbers as
    float64 with NaN; Arrow-backed text as ("arrow", offsets, data); categoricals as ("coded",
    codes, categories); any other column (text, objects) as ("coded", codes, dictionary) from
    ``pandas.factorize``, so that each distinct value is read once."""
    import pandas as pd

    dtype = series.dtype
    if type_ is not None and type_ != Type.string:
        if isinstance(dtype, (pd.BooleanDtype, pd.Float64Dtype)):
            masked = _masked(series)
            if masked is not None:
                return masked
        if isinstance(dtype, pd.BooleanDtype):
            return ("masked", series.to_numpy(dtype=np.bool_, na_value=False), series.isna().to_numpy())
        if pd.api.types.is_extension_array_dtype(dtype) and pd.api.types.is_numeric_dtype(dtype):
            return series.to_numpy(dtype=np.float64, na_value=np.nan)
        if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
            return series.to_numpy()
    arrow = _arrow_strings(series)
    if arrow is not None:
        return arrow
    if isinstance(dtype, pd.CategoricalDtype):
        # A categorical is coded already: its codes index its categories (-1 missing); categories
        # no unit uses are never read.
        return ("coded", series.cat.codes.to_numpy().astype(np.int32, copy=False),
                [str(c) for c in dtype.categories])
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return ("coded", codes.astype(np.int32, copy=False), [str(u) for u in uniques])


def _masked(series: "pandas.Series") -> Optional[tuple[str, Any, Any]]:
    """A nullable boolean or Float64 column as ("masked", values, mask) without a copy: the two
    NumPy arrays pandas' masked arrays hold (``_data``, ``_mask``: True = missing). Their names
    are pandas' own, not public API, so anything unexpected (another pandas, another layout)
    gives None and the caller takes the public, copying route."""
    arr = series.array
    values, mask = getattr(arr, "_data", None), getattr(arr, "_mask", None)
    if not isinstance(values, np.ndarray) or not isinstance(mask, np.ndarray):
        return None
    n = len(series)
    if values.shape != (n,) or mask.shape != (n,) or mask.dtype != np.bool_ or \
            values.dtype not in (np.dtype(np.bool_), np.dtype(np.float64)):
        return None
    return ("masked", values, mask)


def _frame_columns(pack: Pack, df: "pandas.DataFrame") -> dict[str, Any]:
    """Every column of `df` in its transport form (see :func:`_transport`), by name."""
    fields = {f["name"]: f["type"] for f in pack.fields}
    return {str(c): _transport(df[c], fields.get(str(c))) for c in df.columns}


def _arrow_strings(series: "pandas.Series") -> Optional[tuple[str, Any, Any]]:
    """An Arrow-backed string column without missing cells as ("arrow", offsets, data), or None."""
    arr = series.array
    if type(arr).__name__ != "ArrowStringArray" or series.hasnans:
        return None
    import pyarrow as pa

    chunked = arr.__arrow_array__()
    flat = chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)
    flat = flat.cast(pa.large_string())
    _, offsets, data = flat.buffers()
    offsets_np = np.frombuffer(offsets, dtype=np.int64, count=len(flat) + 1, offset=flat.offset * 8)
    data_np = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    return ("arrow", offsets_np, data_np)


def read_frame(pack: Pack, df: Union["pandas.DataFrame", str, "os.PathLike[str]"], *, id: str = "id", name: str = "name",
               district: str = "district", attributes: Iterable[str] = (),
               optional_attributes: Iterable[str] = ("recognized",), allow_missing_columns: bool = False,
               ignore_unknown_columns: bool = False, sheet: Optional[str] = None) -> Any:
    """Validate the units of `df` (one per row) against `pack`, exactly as the CSV reader does
    (tieuchi.read_units): the same codes, rows and columns. Row 1 is ``df.iloc[0]``. A path to a
    CSV file is read by the CSV reader of ``tieuchi assess`` (rows as a spreadsheet numbers them); a
    path to a workbook (.xlsx, .xlsm, .xls, .ods, the filled template included) by the workbook door
    (tieuchi.workbooks.read_workbook: `sheet`, default the template's input sheet or the first). Raises
    :class:`DataError` listing every problem; warnings (W501, W507) are issued as
    :class:`DataWarning`. Returns the validated :class:`UnitTable`."""
    import warnings

    options: dict[str, Any] = dict(id=id, name=name, district=district, attributes=list(attributes),
                   optional_attributes=list(optional_attributes), allow_missing_columns=allow_missing_columns,
                   ignore_unknown_columns=ignore_unknown_columns)
    if isinstance(df, (str, os.PathLike)) and is_workbook_path(os.fspath(df)):
        from .workbooks import read_workbook

        table, found = read_workbook(pack, df, sheet=sheet, **options)
    elif isinstance(df, (str, os.PathLike)):
        table, found = read_units_csv(pack, os.fspath(df), **options)
    else:
        table, found = read_units(pack, _frame_columns(pack, df), file="DataFrame", first_row=1, **options)
    for d in found:
        warnings.warn(DataWarning(d), stacklevel=3)
    return table


def assess_frame(pack: Pack, df: Union["pandas.DataFrame", str, "os.PathLike[str]"], year: Optional[int] = None, *, id: str = "id", name: str = "name",
                 district: str = "district", attributes: Iterable[str] = (),
                 optional_attributes: Iterable[str] = ("recognized",), allow_missing_columns: bool = False,
                 ignore_unknown_columns: bool = False, threads: int = 0, values: bool = True, gaps: bool = True,
                 costs: bool = False, sheet: Optional[str] = None) -> AssessedFrame:
    """Assess every row of `df` (one unit per row; or a CSV file's path) against `pack` for `year`.

    The rows are validated by the one unit validation (see :func:`read_frame`): columns named like
    the pack's input fields are inputs; `id`, `name`, `district` identify units; `attributes` (and
    `optional_attributes` when present, e.g. ``recognized``) are kept for the review. Any other
    column is an error (E507) unless `ignore_unknown_columns`, so that a misspelt input is never
    silently ignored; an input without a column is an error (E508) unless `allow_missing_columns`.
    Missing cells (NaN, None, pd.NA, empty, "NA", "-", "?") are unknown, never 0; text is read as the
    CSV reader reads it (``76%``, ``có``/``không``, ``đạt``/``chưa đạt``). `threads` = 0 uses every
    core (the results do not depend on it). With `costs`, each unmet indicator's remediation cost is
    evaluated too (for :func:`tieuchi.plan`).
    """
    import pandas as pd
    import warnings

    if isinstance(df, (str, os.PathLike)):
        table = read_frame(pack, df, id=id, name=name, district=district, attributes=attributes,
                           optional_attributes=optional_attributes, allow_missing_columns=allow_missing_columns,
                           ignore_unknown_columns=ignore_unknown_columns, sheet=sheet)
        native = _assess(pack, table, year=year, threads=threads, values=values, gaps=gaps, costs=costs)
    else:
        # read_units and assess in one call (the same result and diagnostics as read_frame then
        # assess; the range checks of the numbers are made as the assessment reads them).
        columns = _frame_columns(pack, df)
        native, found = _assess_units(pack, columns, file="DataFrame", first_row=1, id=id, name=name,
                                      district=district, attributes=list(attributes),
                                      optional_attributes=list(optional_attributes),
                                      allow_missing_columns=allow_missing_columns,
                                      ignore_unknown_columns=ignore_unknown_columns, year=year, threads=threads,
                                      values=values, gaps=gaps, costs=costs)
        for d in found:
            warnings.warn(DataWarning(d), stacklevel=2)
    # The result's index shares an Arrow-backed id column; otherwise it is made from the ids the
    # core read (trimmed, as text) when first asked for.
    index = None
    if not isinstance(df, (str, os.PathLike)) and isinstance(columns.get(id), tuple) and columns[id][0] == "arrow":
        index = pd.Index(df[id], name="id", copy=False)
    return AssessedFrame(native, index=index)


def to_networkx(pack: Pack) -> "networkx.DiGraph":
    """The pack's dependency graph as a ``networkx.DiGraph``: nodes are ``(kind, id)`` tuples with a
    ``label`` attribute; edges go from a dependency to its dependent and carry ``kind`` (reads,
    member, requires, prerequisite) and ``count``, the number of references they stand for (a rule
    that reads a field twice is one edge with count 2; :meth:`Pack.graph_edges` lists each).
    Requires networkx."""
    import networkx as nx

    g = nx.DiGraph()
    for kind, node, label in pack.nodes():
        g.add_node((kind.name, node), label=label)
    for (fk, fid), (tk, tid), kind in pack.graph_edges():
        u, v = (fk.name, fid), (tk.name, tid)
        if g.has_edge(u, v):
            g.edges[u, v]["count"] += 1
        else:
            g.add_edge(u, v, kind=kind, count=1)
    return g
