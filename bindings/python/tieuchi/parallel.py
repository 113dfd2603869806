"""Assessing partitioned tables with Dask (needs ``dask[dataframe]``; ``distributed`` for clusters).

Each partition is an ordinary DataFrame assessed by :func:`tieuchi.assess_frame` in the worker; the
pack travels to workers by pickling (its source texts, checked and compiled again there). Units are
independent of each other, so the concatenated result equals the single-process one, row for row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ._tieuchi import Pack
from .frames import assess_frame

if TYPE_CHECKING:  # pragma: no cover - typing only
    import dask.dataframe
    import pandas

__all__ = ["assess_dask", "assess_partition"]

_FORMS = ("wide", "long", "shortfalls")


def assess_partition(df: "pandas.DataFrame", pack: Pack, year: Optional[int] = None, form: str = "wide",
                     **options: Any) -> "pandas.DataFrame":
    """Assess one partition and return the `form` table: 'wide' (the planning table), 'long'
    (one row per unit and node) or 'shortfalls' (criteria not met). `options` go to assess_frame."""
    if form not in _FORMS:
        raise ValueError(f"form must be one of {_FORMS}")
    result = assess_frame(pack, df, year, **options)
    if form == "wide":
        return result.wide()
    if form == "long":
        return result.long()
    return result.shortfalls()


def assess_dask(pack: Pack, ddf: "dask.dataframe.DataFrame", year: Optional[int] = None, form: str = "wide",
                **options: Any) -> "dask.dataframe.DataFrame":
    """Assess a Dask DataFrame partition by partition (lazily; call ``.compute()``). Each output
    partition's index restarts at 0; ``.compute().reset_index(drop=True)`` gives the single-process
    table."""
    if form not in _FORMS:
        raise ValueError(f"form must be one of {_FORMS}")
    # The output schema: the same call on the (empty) metadata frame.
    meta = assess_partition(ddf._meta, pack, year, form, **options)
    return ddf.map_partitions(assess_partition, pack, year, form, meta=meta, **options)
