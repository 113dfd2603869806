#pragma once
/// @file graph/dependencies.hpp
/// The dependency graph of a rule pack: input fields, keys, parameters, tables, indicators,
/// criteria and levels, with an edge from every node to each node that reads it.
///
/// Edges point from a dependency to its dependent (`field -> indicator -> criterion -> level`),
/// so "what depends on X" is the set of nodes reachable from X and "what X depends on" the set
/// of nodes that reach X. Boost.Graph does the work behind this facade; no Boost type appears
/// here. A graph is cheap to query from many threads once built (queries are const).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"

namespace tieuchi::graph {

/// What a node stands for.
enum class NodeKind : std::uint8_t { field, key, parameter, table, indicator, criterion, level };
TIEUCHI_API std::string_view to_string(NodeKind k) noexcept;

/// Why an edge exists.
enum class EdgeKind : std::uint8_t {
  reads,         ///< an expression of the dependent mentions the dependency
  member,        ///< an indicator belongs to a criterion, a criterion to a level
  requires_level,///< a level requires a lower level
  prerequisite,  ///< remediation: the dependency must be fixed first
};
TIEUCHI_API std::string_view to_string(EdgeKind k) noexcept;

using NodeIndex = std::uint32_t;

struct Node {
  NodeKind kind;
  std::string id;     ///< field/parameter name or node id; unique per kind
  std::string label;  ///< a human name (e.g. the English name of an indicator), may be empty
};

struct Edge {
  NodeIndex from;     ///< the dependency
  NodeIndex to;       ///< the dependent
  EdgeKind kind;
  SourcePtr source;   ///< where the reference is written (may be null for implicit edges)
  SourceSpan span;
};

/// A dependency cycle: `nodes[0] -> nodes[1] -> ... -> nodes[0]`; `edges[i]` goes from
/// `nodes[i]` to `nodes[(i + 1) % size]`.
struct Cycle {
  std::vector<NodeIndex> nodes;
  std::vector<std::size_t> edges;
};

/// The graph. Add nodes and edges, then query.
class TIEUCHI_API DependencyGraph {
 public:
  DependencyGraph();
  ~DependencyGraph();
  DependencyGraph(const DependencyGraph&);
  DependencyGraph& operator=(const DependencyGraph&);
  DependencyGraph(DependencyGraph&&) noexcept;
  DependencyGraph& operator=(DependencyGraph&&) noexcept;

  /// Adds a node, or returns the existing node of that kind and id.
  NodeIndex add_node(NodeKind kind, std::string id, std::string label = {});
  /// Adds an edge (parallel edges are kept: each reference is one edge with its own place).
  void add_edge(NodeIndex from, NodeIndex to, EdgeKind kind, SourcePtr source = nullptr,
                SourceSpan span = {});

  std::size_t node_count() const noexcept;
  std::size_t edge_count() const noexcept;
  const Node& node(NodeIndex i) const;
  const Edge& edge(std::size_t i) const;
  /// The node of that kind and id.
  std::optional<NodeIndex> find(NodeKind kind, std::string_view id) const;
  /// A node by id among the evaluable kinds (indicator, criterion, level, table, key), then
  /// among fields and parameters.
  std::optional<NodeIndex> find(std::string_view id) const;

  /// The direct dependencies and dependents of a node (each listed once, ascending).
  std::vector<NodeIndex> direct_dependencies(NodeIndex n) const;
  std::vector<NodeIndex> direct_dependents(NodeIndex n) const;
  /// Everything `n` depends on, transitively (not `n` itself unless on a cycle), ascending.
  std::vector<NodeIndex> dependencies(NodeIndex n) const;
  /// Everything that depends on `n`, transitively: what fixing `n` can unlock.
  std::vector<NodeIndex> dependents(NodeIndex n) const;

  /// Every elementary cycle found, one per strongly connected component (the shortest cycle
  /// through its first node), plus self-loops. Empty for a DAG.
  std::vector<Cycle> cycles() const;
  /// `2.1 -> 5 -> 2.1`.
  std::string format(const Cycle& c) const;
  /// Nodes in an order where every dependency comes before its dependents. Throws
  /// std::logic_error on a cycle (check `cycles()` first).
  std::vector<NodeIndex> topological_order() const;

  /// Graphviz DOT, one cluster-free digraph; node shapes by kind, edges labelled by kind
  /// (member and reads edges unlabelled).
  std::string to_dot(std::string_view title = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tieuchi::graph
