// The dependency graph of a pack (proven acyclic), and the warnings read off it.

#include "model/build/builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>


namespace tieuchi::model::detail {

using graph::EdgeKind;
using graph::NodeKind;


std::optional<graph::NodeIndex> Builder::node_of_symbol(const expr::Symbol& s) {
  auto& g = d_->graph;
  switch (s.kind) {
    case expr::SymbolKind::field: return g.find(NodeKind::field, s.name);
    case expr::SymbolKind::parameter: return s.name == "year" ? std::nullopt : g.find(NodeKind::parameter, s.name);
    case expr::SymbolKind::derived:
      if (auto n = g.find(NodeKind::key, s.name)) return n;
      return g.find(NodeKind::table, s.name);
    case expr::SymbolKind::reference:
      for (NodeKind k : {NodeKind::indicator, NodeKind::criterion, NodeKind::level})
        if (auto n = g.find(k, s.name)) return n;
      return std::nullopt;
  }
  return std::nullopt;
}
bool Builder::build_graph() {
  auto& g = d_->graph;
  for (const auto& f : pack().fields) g.add_node(NodeKind::field, f.name, f.description);
  for (const auto& k : pack().keys) g.add_node(NodeKind::key, k.name);
  for (const auto& p : pack().parameters) g.add_node(NodeKind::parameter, p.name, p.unit);
  for (const auto& t : pack().tables) g.add_node(NodeKind::table, t.name, t.unit);
  for (const auto& i : pack().indicators)
    if (!i.id.empty()) g.add_node(NodeKind::indicator, i.id, i.name.best());
  for (const auto& c : pack().criteria)
    if (!c.id.empty()) g.add_node(NodeKind::criterion, c.id, c.name.best());
  for (const auto& l : pack().levels)
    if (!l.id.empty()) g.add_node(NodeKind::level, l.id, l.name.best());

  for (const auto& o : checked_) {
    auto owner = g.find(o.kind, o.id);
    if (!owner) continue;
    const auto& src = o.expr.ast.source;
    for (const auto& use : o.expr.uses) {
      auto dep = node_of_symbol(o.expr.symbols[use.slot]);
      if (!dep) continue;
      // A remediation cost does not take part in evaluation order.
      if (o.role == "cost") continue;
      g.add_edge(*dep, *owner, EdgeKind::reads, src, use.span);
    }
  }
  for (const auto& p : pack().parameters) {
    auto pn = g.find(NodeKind::parameter, p.name);
    for (const auto& k : p.by)
      if (auto kn = g.find(NodeKind::key, k)) g.add_edge(*kn, *pn, EdgeKind::reads);
  }
  for (const auto& t : pack().tables) {
    auto tn = g.find(NodeKind::table, t.name);
    (void)tn;  // edges come from the table's expression
  }
  for (const auto& c : pack().criteria) {
    auto cn = g.find(NodeKind::criterion, c.id);
    for (const auto& id : c.indicators)
      if (auto in = g.find(NodeKind::indicator, id)) g.add_edge(*in, *cn, EdgeKind::member);
  }
  for (const auto& l : pack().levels) {
    auto ln = g.find(NodeKind::level, l.id);
    if (!l.rule)
      for (const auto& cid : level_criteria(l))
        if (auto cn = g.find(NodeKind::criterion, cid)) g.add_edge(*cn, *ln, EdgeKind::member);
    if (!l.requires_level.empty())
      if (auto rn = g.find(NodeKind::level, l.requires_level))
        g.add_edge(*rn, *ln, EdgeKind::requires_level, l.origin.file, l.origin.span);
  }
  for (const auto& i : pack().indicators) {
    if (!i.remediation) continue;
    auto in = g.find(NodeKind::indicator, i.id);
    for (std::size_t k = 0; k < i.remediation->prerequisites.size(); ++k) {
      auto pn = g.find(NodeKind::indicator, i.remediation->prerequisites[k]);
      if (!pn) continue;
      const auto& o = k < i.remediation->prerequisite_origins.size() ? i.remediation->prerequisite_origins[k]
                                                                      : i.remediation->origin;
      g.add_edge(*pn, *in, EdgeKind::prerequisite, o.file, o.span);
    }
  }

  auto cycles = g.cycles();
  for (const auto& c : cycles) {
    Diagnostic d;
    d.code = "E401";
    d.message = fmt::format("dependency cycle: {}", g.format(c));
    std::vector<std::string> steps;
    for (std::size_t k = 0; k < c.edges.size(); ++k) {
      const auto& e = g.edge(c.edges[k]);
      std::string where = "implicitly";
      if (e.source) {
        auto loc = e.source->location(e.span.begin);
        where = fmt::format("at {}:{}:{}", e.source->name(), loc.line, loc.column);
        if (!d.source) {
          d.source = e.source;
          d.span = e.span;
        }
      }
      std::string_view how = e.kind == EdgeKind::member         ? "is part of"
                             : e.kind == EdgeKind::prerequisite ? "is a prerequisite of"
                             : e.kind == EdgeKind::requires_level ? "is required by"
                                                                  : "is read by";
      steps.push_back(fmt::format("'{}' {} '{}' {}", g.node(e.from).id, how, g.node(e.to).id, where));
    }
    d.hint = fmt::format("{}", fmt::join(steps, "; "));
    d.rule_id = g.node(c.nodes.front()).id;
    diags_.add(std::move(d));
  }
  return cycles.empty();
}
void Builder::warn_unused() {
  const auto& g = d_->graph;
  auto unused = [&](NodeKind k, const std::string& id, const Origin& o, std::string_view what) {
    auto n = g.find(k, id);
    if (n && g.direct_dependents(*n).empty())
      add("W302", Severity::warning, o, fmt::format("{} '{}' is not used by any rule", what, id));
  };
  for (const auto& f : pack().fields) unused(NodeKind::field, f.name, f.origin, "field");
  for (const auto& p : pack().parameters) unused(NodeKind::parameter, p.name, p.origin, "parameter");
  for (const auto& k : pack().keys) unused(NodeKind::key, k.name, k.origin, "key");
  for (const auto& t : pack().tables) unused(NodeKind::table, t.name, t.origin, "table");
  if (!pack().levels.empty())
    for (const auto& c : pack().criteria) {
      auto n = g.find(NodeKind::criterion, c.id);
      if (n && g.direct_dependents(*n).empty())
        add("W302", Severity::warning, c.origin,
            fmt::format("criterion '{}' is not part of any level", c.id));
    }
}
void Builder::warn_thresholds() {
  for (const auto& p : pack().parameters) {
    bool any = std::any_of(p.values.begin(), p.values.end(), [](const auto& v) { return !v.value.is_missing(); });
    std::vector<std::string> readers;
    if (auto n = d_->graph.find(NodeKind::parameter, p.name))
      for (auto r : d_->graph.direct_dependents(*n)) readers.push_back(d_->graph.node(r).id);
    std::string users = readers.empty() ? "" : fmt::format(" ({})", fmt::join(readers, ", "));
    if (!any) {
      add("W301", Severity::warning, p.origin,
          fmt::format("threshold '{}' is not set in pack {}: rules using it{} assess as unknown", p.name,
                      p.pack, users),
          "fill it in with an overlay that cites its source (see docs/pack-format.md)");
      continue;
    }
    for (const auto& kname : p.by) {
      const Key* key = pack().find_key(kname);
      if (!key) continue;
      auto lacking = uncovered_key_values(p, *key);
      if (!lacking.empty())
        add("W301", Severity::warning, p.origin,
            fmt::format("threshold '{}' has no value for {} {}: rules using it{} assess as unknown there",
                        p.name, kname, fmt::join(lacking, ", "), users));
    }
    if (std::find(p.by.begin(), p.by.end(), "year") != p.by.end() && pack().valid_from) {
      bool has_early = std::any_of(p.values.begin(), p.values.end(), [&](const auto& v) {
        return !v.value.is_missing() && (!v.year || *v.year <= *pack().valid_from);
      });
      if (!has_early)
        add("W301", Severity::warning, p.origin,
            fmt::format("threshold '{}' has no value for {}, the first year of the pack", p.name,
                        *pack().valid_from));
    }
  }
}

}  // namespace tieuchi::model::detail
