"""Plots of assessments and packs (needs matplotlib: ``pip install tieuchi[plot]``).

Every function draws on the Axes or Figure it is given (or a new one) and returns it, so notebooks can
restyle the result. The data drawn is exactly :meth:`AssessedFrame.matrix` and
:meth:`AssessedFrame.by_district`; nothing is recomputed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

import numpy as np

from ._tieuchi import Pack
from .frames import AssessedFrame, to_networkx

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .planning import PlanFrame

__all__ = ["STATUS_COLORS", "dependency_graph", "district_bars", "roadmap_gantt", "status_heatmap"]

#: Colours of the four statuses, in status-code order: unmet, met, unknown, not applicable.
STATUS_COLORS = ("#d7301f", "#1a9850", "#bdbdbd", "#ffffff")
_STATUS_NAMES = {
    "vi": ("Chưa đạt", "Đạt", "Chưa rõ", "Không áp dụng"),
    "en": ("Not met", "Met", "Unknown", "Not applicable"),
}
_KIND_COLORS = {"field": "#9ecae1", "key": "#c6dbef", "parameter": "#fdd0a2", "table": "#fdae6b",
                "indicator": "#a1d99b", "criterion": "#41ab5d", "level": "#807dba"}


def _names(lang: str) -> Sequence[str]:
    if lang not in _STATUS_NAMES:
        raise ValueError("lang must be 'vi' or 'en'")
    return _STATUS_NAMES[lang]


def status_heatmap(result: AssessedFrame, kind: str = "criterion", *, ax: Optional["Axes"] = None,
                   sort: bool = True, labels: Optional[bool] = None, lang: str = "vi") -> "Axes":
    """The unit x criterion status heatmap: one row per unit, one column per criterion (or
    indicator / level with `kind`), coloured met / not met / unknown / not applicable.

    With `sort`, units are ordered by the number of nodes met (fewest first), then by id, so the
    communes furthest from the target come on top. Unit names label the rows when there are at
    most 60 units (or when `labels` says so).
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    names = _names(lang)
    m = result.matrix(kind)
    row_labels = np.asarray(result.assessment.names, dtype=object)
    if sort and len(m):
        met = (m.to_numpy() == 1).sum(axis=1)
        order = np.lexsort((m.index.to_numpy(dtype=object).astype(str), met))
        m = m.iloc[order]
        row_labels = row_labels[order]
    created = ax is None
    if ax is None:
        height = min(max(3.0, 0.16 * len(m) + 1.5), 40.0)
        _, ax = plt.subplots(figsize=(max(6.0, 0.35 * m.shape[1] + 3), height))
    cmap = ListedColormap(STATUS_COLORS)
    norm = BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5], cmap.N)
    ax.imshow(m.to_numpy(), aspect="auto", interpolation="nearest", cmap=cmap, norm=norm)
    ax.set_xticks(range(m.shape[1]), list(m.columns), rotation=90 if m.shape[1] > 25 else 0)
    show = labels if labels is not None else len(m) <= 60
    if show:
        ax.set_yticks(range(len(m)), [str(n) or str(i) for n, i in zip(row_labels, m.index)], fontsize=7)
    else:
        ax.set_yticks([])
        ax.set_ylabel(f"{len(m)} " + ("đơn vị" if lang == "vi" else "units"))
    ax.legend(handles=[Patch(facecolor=c, edgecolor="#636363", label=n) for c, n in zip(STATUS_COLORS, names)],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_title(f"{result.pack.id} — {result.year}")
    if created:
        plt.gcf().tight_layout()
    return ax


def district_bars(result: AssessedFrame, criteria: Optional[Iterable[str]] = None, *, share: bool = False,
                  ncols: int = 4, lang: str = "vi", fig: Optional["Figure"] = None) -> "Figure":
    """The per-criterion bar chart of units meeting it per district: one panel per criterion, one
    horizontal bar per district, stacked met / not met / unknown / not applicable (or shares of the
    district's units with `share`)."""
    import matplotlib.pyplot as plt

    names = _names(lang)
    counts = result.by_district("criterion")
    chosen = list(criteria) if criteria is not None else result.node_ids("criterion")
    unknown = [c for c in chosen if c not in set(counts["node"])]
    if unknown:
        raise KeyError(f"not criteria of the planning table: {unknown}")
    districts = list(dict.fromkeys(counts["district"]))
    n = len(chosen)
    ncols = max(1, min(ncols, n))
    nrows = (n + ncols - 1) // ncols
    if fig is None:
        fig = plt.figure(figsize=(4.2 * ncols, 0.28 * len(districts) * nrows + 1.2 * nrows + 0.5))
    axes = fig.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=True)
    statuses = ("met", "unmet", "unknown", "not_applicable")
    colors = dict(zip(("unmet", "met", "unknown", "not_applicable"), STATUS_COLORS))
    labels = dict(zip(("unmet", "met", "unknown", "not_applicable"), names))
    for k, criterion in enumerate(chosen):
        ax = axes[k // ncols][k % ncols]
        rows = counts[counts["node"] == criterion].set_index("district").reindex(districts, fill_value=0)
        left = np.zeros(len(districts))
        total = rows["units"].to_numpy(dtype=float)
        for st in statuses:
            width = rows[st].to_numpy(dtype=float)
            if share:
                width = np.divide(width, total, out=np.zeros_like(width), where=total > 0)
            ax.barh(range(len(districts)), width, left=left, color=colors[st], edgecolor="#636363",
                    linewidth=0.3, label=labels[st])
            left += width
        ax.set_title(criterion, fontsize=9)
        ax.set_yticks(range(len(districts)), districts, fontsize=7)
        ax.invert_yaxis()
    for k in range(n, nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    handles, texts = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, texts, loc="lower center", ncol=4, frameon=False)
    fig.suptitle((f"Số xã đạt từng tiêu chí theo huyện — {result.year}" if lang == "vi"
                  else f"Units meeting each criterion by district — {result.year}"))
    fig.tight_layout(rect=(0, 0.04, 1, 0.97))
    return fig


def dependency_graph(pack: Pack, kinds: Iterable[str] = ("indicator", "criterion", "level"), *,
                     ax: Optional["Axes"] = None, labels: bool = True, **draw: Any) -> "Axes":
    """The pack's dependency graph, restricted to nodes of `kinds`, drawn in layers (a node sits
    one layer right of everything it depends on), coloured by kind. Needs networkx too.
    Extra keyword arguments go to ``networkx.draw_networkx``."""
    import matplotlib.pyplot as plt
    import networkx as nx

    wanted = set(kinds)
    allowed = set(_KIND_COLORS)
    if not wanted <= allowed:
        raise ValueError(f"kinds must be among {sorted(allowed)}")
    full = to_networkx(pack)
    g = full.subgraph([n for n in full.nodes if n[0] in wanted]).copy()
    for layer, nodes in enumerate(nx.topological_generations(g)):
        for node in nodes:
            g.nodes[node]["layer"] = layer
    pos = nx.multipartite_layout(g, subset_key="layer") if len(g) else {}
    if ax is None:
        layers = max((d["layer"] for _, d in g.nodes(data=True)), default=0) + 1
        widest = max((sum(1 for _, d in g.nodes(data=True) if d["layer"] == k) for k in range(layers)), default=1)
        _, ax = plt.subplots(figsize=(max(6.0, 2.2 * layers), max(4.0, 0.22 * widest + 1)))
    nodes = list(g.nodes)
    options: dict[str, Any] = {"node_size": 120, "font_size": 6, "arrowsize": 6, "width": 0.4,
                               "edge_color": "#9e9e9e"}
    options.update(draw)
    nx.draw_networkx(g, pos, ax=ax, nodelist=nodes, node_color=[_KIND_COLORS[n[0]] for n in nodes],
                     labels={n: n[1] for n in nodes} if labels else None, with_labels=labels, **options)
    ax.set_title(pack.id)
    ax.set_axis_off()
    return ax


def roadmap_gantt(plan: "PlanFrame", *, ax: Optional["Axes"] = None, units: Optional[Iterable[str]] = None,
                  max_units: int = 40, lang: str = "vi") -> "Axes":
    """A Gantt-style chart of a roadmap: one row per unit (the `max_units` with the most tasks, or
    the `units` given), one bar per task from the start of its first year to the end of its last,
    coloured by criterion; a dashed line marks each target's deadline."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    _names(lang)
    tasks = plan.tasks()
    if units is not None:
        chosen = [str(u) for u in units]
    else:
        chosen = list(tasks["id"].value_counts(sort=True).index[:max_units])
        chosen.sort()
    rows = {u: k for k, u in enumerate(chosen)}
    shown = tasks[tasks["id"].isin(rows)].sort_values(["id", "start_year", "indicator"])
    criteria = list(dict.fromkeys(tasks["criterion"]))
    cmap = plt.get_cmap("tab20")
    colors = {c: cmap(k % 20) for k, c in enumerate(criteria)}
    if ax is None:
        _, ax = plt.subplots(figsize=(9.0, max(2.5, 0.3 * len(chosen) + 1.2)))
    # Each unit's tasks share its row in thin lanes, so that tasks of the same years stay visible.
    counts = shown["id"].value_counts().to_dict()
    lanes: dict[str, int] = {}
    for _, t in shown.iterrows():
        lane = lanes.get(t["id"], 0)
        lanes[t["id"]] = lane + 1
        height = 0.8 / counts[t["id"]]
        y = rows[t["id"]] - 0.4 + height * (lane + 0.5)
        width = t["end_year"] - t["start_year"] + 1
        ax.barh(y, width, left=t["start_year"], height=height, color=colors[t["criterion"]], edgecolor="white",
                linewidth=0.3)
    names = dict(zip(tasks["id"], tasks["name"]))
    ax.set_yticks(range(len(chosen)), [f"{u} {names.get(u, '')}".strip() for u in chosen], fontsize=7)
    ax.invert_yaxis()
    years = range(plan.native.first_year, plan.native.last_year + 2)
    ax.set_xticks(list(years))
    ax.set_xlim(plan.native.first_year, plan.native.last_year + 1)
    deadlines = sorted(set(plan.outcomes()["deadline"]))
    for d in deadlines:
        ax.axvline(d + 1, color="#636363", linestyle="--", linewidth=0.8)
    ax.legend(handles=[Patch(color=colors[c], label=c) for c in criteria], loc="upper left", bbox_to_anchor=(1.01, 1.0),
              frameon=False, fontsize=7)
    ax.set_title(("Lộ trình thực hiện" if lang == "vi" else "Roadmap") +
                 f" {plan.native.first_year}-{plan.native.last_year}")
    plt.gcf().tight_layout()
    return ax
