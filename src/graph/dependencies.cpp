#include "tieuchi/graph/dependencies.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <deque>
#include <iterator>
#include <map>
#include <stdexcept>

namespace tieuchi::graph {

std::string_view to_string(NodeKind k) noexcept {
  switch (k) {
    case NodeKind::field: return "field";
    case NodeKind::key: return "key";
    case NodeKind::parameter: return "parameter";
    case NodeKind::table: return "table";
    case NodeKind::indicator: return "indicator";
    case NodeKind::criterion: return "criterion";
    case NodeKind::level: return "level";
  }
  return "?";
}

std::string_view to_string(EdgeKind k) noexcept {
  switch (k) {
    case EdgeKind::reads: return "reads";
    case EdgeKind::member: return "member";
    case EdgeKind::requires_level: return "requires";
    case EdgeKind::prerequisite: return "prerequisite";
  }
  return "?";
}

namespace {
struct EdgeProp {
  std::size_t index;
};
using BGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                     boost::no_property, EdgeProp>;
using Vertex = boost::graph_traits<BGraph>::vertex_descriptor;

std::vector<NodeIndex> sorted_unique(std::vector<NodeIndex> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

std::string dot_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}
}  // namespace

struct DependencyGraph::Impl {
  Impl() = default;
  // Copies rebuild the Boost graph from the node and edge lists (Boost's own copy trips
  // GCC 12's -Wmaybe-uninitialized, and rebuilding keeps edge indices in step by construction).
  Impl(const Impl& o) : nodes(o.nodes), edges(o.edges), index(o.index) {
    for (std::size_t i = 0; i < nodes.size(); ++i) boost::add_vertex(g);
    for (std::size_t i = 0; i < edges.size(); ++i) boost::add_edge(edges[i].from, edges[i].to, EdgeProp{i}, g);
  }
  Impl& operator=(const Impl&) = delete;

  BGraph g;
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::map<std::pair<NodeKind, std::string>, NodeIndex, std::less<>> index;

  template <bool Forward>
  std::vector<NodeIndex> reach(NodeIndex start) const {
    std::vector<char> seen(nodes.size(), 0);
    std::deque<Vertex> queue{start};
    std::vector<NodeIndex> out;
    while (!queue.empty()) {
      Vertex v = queue.front();
      queue.pop_front();
      auto visit = [&](Vertex w) {
        if (!seen[w]) {
          seen[w] = 1;
          out.push_back(static_cast<NodeIndex>(w));
          queue.push_back(w);
        }
      };
      if constexpr (Forward) {
        for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) visit(boost::target(*it, g));
      } else {
        for (auto [it, end] = boost::in_edges(v, g); it != end; ++it) visit(boost::source(*it, g));
      }
    }
    return sorted_unique(std::move(out));
  }
};

DependencyGraph::DependencyGraph() : impl_(std::make_unique<Impl>()) {}
DependencyGraph::~DependencyGraph() = default;
DependencyGraph::DependencyGraph(const DependencyGraph& o) : impl_(std::make_unique<Impl>(*o.impl_)) {}
DependencyGraph& DependencyGraph::operator=(const DependencyGraph& o) {
  if (this != &o) impl_ = std::make_unique<Impl>(*o.impl_);
  return *this;
}
DependencyGraph::DependencyGraph(DependencyGraph&&) noexcept = default;
DependencyGraph& DependencyGraph::operator=(DependencyGraph&&) noexcept = default;

NodeIndex DependencyGraph::add_node(NodeKind kind, std::string id, std::string label) {
  auto key = std::make_pair(kind, id);
  if (auto it = impl_->index.find(key); it != impl_->index.end()) return it->second;
  auto v = static_cast<NodeIndex>(boost::add_vertex(impl_->g));
  impl_->nodes.push_back({kind, std::move(id), std::move(label)});
  impl_->index.emplace(std::move(key), v);
  return v;
}

void DependencyGraph::add_edge(NodeIndex from, NodeIndex to, EdgeKind kind, SourcePtr source,
                               SourceSpan span) {
  if (from >= impl_->nodes.size() || to >= impl_->nodes.size())
    throw std::out_of_range("DependencyGraph::add_edge: no such node");
  std::size_t index = impl_->edges.size();
  impl_->edges.push_back({from, to, kind, std::move(source), span});
  boost::add_edge(from, to, EdgeProp{index}, impl_->g);
}

std::size_t DependencyGraph::node_count() const noexcept { return impl_->nodes.size(); }
std::size_t DependencyGraph::edge_count() const noexcept { return impl_->edges.size(); }
const Node& DependencyGraph::node(NodeIndex i) const { return impl_->nodes.at(i); }
const Edge& DependencyGraph::edge(std::size_t i) const { return impl_->edges.at(i); }

std::optional<NodeIndex> DependencyGraph::find(NodeKind kind, std::string_view id) const {
  auto it = impl_->index.find(std::make_pair(kind, std::string(id)));
  if (it == impl_->index.end()) return std::nullopt;
  return it->second;
}

std::optional<NodeIndex> DependencyGraph::find(std::string_view id) const {
  for (NodeKind k : {NodeKind::indicator, NodeKind::criterion, NodeKind::level, NodeKind::table,
                     NodeKind::key, NodeKind::field, NodeKind::parameter})
    if (auto n = find(k, id)) return n;
  return std::nullopt;
}

std::vector<NodeIndex> DependencyGraph::direct_dependencies(NodeIndex n) const {
  std::vector<NodeIndex> out;
  for (auto [it, end] = boost::in_edges(n, impl_->g); it != end; ++it)
    out.push_back(static_cast<NodeIndex>(boost::source(*it, impl_->g)));
  return sorted_unique(std::move(out));
}

std::vector<NodeIndex> DependencyGraph::direct_dependents(NodeIndex n) const {
  std::vector<NodeIndex> out;
  for (auto [it, end] = boost::out_edges(n, impl_->g); it != end; ++it)
    out.push_back(static_cast<NodeIndex>(boost::target(*it, impl_->g)));
  return sorted_unique(std::move(out));
}

std::vector<NodeIndex> DependencyGraph::dependencies(NodeIndex n) const {
  return impl_->reach<false>(n);
}
std::vector<NodeIndex> DependencyGraph::dependents(NodeIndex n) const {
  return impl_->reach<true>(n);
}

std::vector<Cycle> DependencyGraph::cycles() const {
  const BGraph& g = impl_->g;
  std::size_t n = impl_->nodes.size();
  std::vector<Cycle> out;
  if (n == 0) return out;
  std::vector<int> component(n);
  int count = boost::strong_components(g, boost::make_iterator_property_map(
                                              component.begin(), boost::get(boost::vertex_index, g)));
  std::vector<std::vector<Vertex>> members(static_cast<std::size_t>(count));
  for (std::size_t v = 0; v < n; ++v) members[static_cast<std::size_t>(component[v])].push_back(v);

  for (auto& comp : members) {
    Vertex start = comp.front();
    if (comp.size() == 1) {
      // A self-loop is a cycle of one node.
      for (auto [it, end] = boost::out_edges(start, g); it != end; ++it) {
        if (boost::target(*it, g) == start) {
          out.push_back({{static_cast<NodeIndex>(start)}, {g[*it].index}});
          break;
        }
      }
      continue;
    }
    // Shortest path from `start` back to itself inside the component (BFS over its edges).
    int c = component[start];
    std::vector<std::size_t> via(n, SIZE_MAX);  // edge index that reached each vertex
    std::vector<char> seen(n, 0);
    std::deque<Vertex> queue{start};
    std::size_t closing = SIZE_MAX;
    while (!queue.empty() && closing == SIZE_MAX) {
      Vertex v = queue.front();
      queue.pop_front();
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        Vertex w = boost::target(*it, g);
        if (component[w] != c) continue;
        if (w == start) {
          closing = g[*it].index;
          break;
        }
        if (!seen[w]) {
          seen[w] = 1;
          via[w] = g[*it].index;
          queue.push_back(w);
        }
      }
    }
    if (closing == SIZE_MAX) continue;  // cannot happen in a non-trivial SCC
    Cycle cyc;
    std::vector<std::size_t> rev_edges{closing};
    Vertex v = impl_->edges[closing].from;
    while (v != start) {
      std::size_t e = via[v];
      rev_edges.push_back(e);
      v = impl_->edges[e].from;
    }
    std::reverse(rev_edges.begin(), rev_edges.end());
    for (std::size_t e : rev_edges) {
      cyc.nodes.push_back(impl_->edges[e].from);
      cyc.edges.push_back(e);
    }
    out.push_back(std::move(cyc));
  }
  return out;
}

std::string DependencyGraph::format(const Cycle& c) const {
  std::string s;
  for (NodeIndex n : c.nodes) {
    s += impl_->nodes[n].id;
    s += " -> ";
  }
  if (!c.nodes.empty()) s += impl_->nodes[c.nodes.front()].id;
  return s;
}

std::vector<NodeIndex> DependencyGraph::topological_order() const {
  std::vector<Vertex> order;
  try {
    boost::topological_sort(impl_->g, std::back_inserter(order));
  } catch (const boost::not_a_dag&) {
    throw std::logic_error("DependencyGraph::topological_order: the graph has a cycle");
  }
  // boost returns the reverse topological order (dependents first).
  std::vector<NodeIndex> out(order.rbegin(), order.rend());
  return out;
}

std::string DependencyGraph::to_dot(std::string_view title) const {
  std::string out = fmt::format("digraph \"{}\" {{\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n",
                                dot_escape(title.empty() ? "tieuchi" : title));
  for (std::size_t i = 0; i < impl_->nodes.size(); ++i) {
    const Node& n = impl_->nodes[i];
    std::string_view shape = "box";
    std::string_view style = "";
    switch (n.kind) {
      case NodeKind::field: shape = "note"; break;
      case NodeKind::key: shape = "diamond"; break;
      case NodeKind::parameter: shape = "cds"; break;
      case NodeKind::table: shape = "tab"; break;
      case NodeKind::indicator: shape = "box"; style = ",style=rounded"; break;
      case NodeKind::criterion: shape = "box"; style = ",style=bold"; break;
      case NodeKind::level: shape = "doubleoctagon"; break;
    }
    std::string label = n.label.empty() ? dot_escape(n.id)
                                        : fmt::format("{}\\n{}", dot_escape(n.id), dot_escape(n.label));
    out += fmt::format("  n{} [label=\"{}\",shape={}{},tooltip=\"{} {}\"];\n", i, label,
                       shape, style, to_string(n.kind), dot_escape(n.id));
  }
  for (const Edge& e : impl_->edges) {
    switch (e.kind) {
      case EdgeKind::reads:
      case EdgeKind::member: out += fmt::format("  n{} -> n{};\n", e.from, e.to); break;
      default:
        out += fmt::format("  n{} -> n{} [label=\"{}\",style=dashed];\n", e.from, e.to,
                           to_string(e.kind));
    }
  }
  out += "}\n";
  return out;
}

}  // namespace tieuchi::graph
