"""``pack.graph``: the dependency graph of a pack, with networkx and Graphviz exports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional

from ._tieuchi import NodeKind, Pack
from .frames import to_networkx

if TYPE_CHECKING:  # pragma: no cover - typing only
    import networkx
    from matplotlib.axes import Axes


class DependencyGraph:
    """What depends on what in a pack: fields and parameters feed indicators, indicators make up
    criteria, criteria make up levels, levels require levels. A view; the pack owns the graph."""

    def __init__(self, pack: Pack):
        self.pack = pack

    def __repr__(self) -> str:
        return f"<tieuchi.DependencyGraph of {self.pack.id}: {len(self.edges())} edges>"

    def edges(self) -> list[tuple[tuple[NodeKind, str], tuple[NodeKind, str], str]]:
        """Every edge: ((kind, id) of the dependency, (kind, id) of the dependent, edge kind)."""
        return list(self.pack.graph_edges())

    def dependencies(self, node: str) -> list[str]:
        """Everything `node` depends on, transitively (KeyError for an unknown id)."""
        return list(self.pack.dependencies(node))

    def dependents(self, node: str) -> list[str]:
        """Everything that depends on `node`: what fixing it can unlock."""
        return list(self.pack.dependents(node))

    def to_networkx(self) -> "networkx.DiGraph":
        """A ``networkx.DiGraph`` with (kind, id) nodes and a ``kind`` attribute on each edge."""
        return to_networkx(self.pack)

    def to_dot(self) -> str:
        """Graphviz DOT text."""
        return str(self.pack.to_dot())

    def plot(self, kinds: Iterable[str] = ("indicator", "criterion", "level"), *, ax: Optional["Axes"] = None,
             **draw: Any) -> "Axes":
        """Draw it with matplotlib (see :func:`tieuchi.plots.dependency_graph`)."""
        from .plots import dependency_graph

        return dependency_graph(self.pack, kinds, ax=ax, **draw)
