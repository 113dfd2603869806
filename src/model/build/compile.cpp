// Compiling every rule in the graph's order, with members, required levels and level chains.

#include "model/build/builder.hpp"

#include <algorithm>
#include <map>
#include <set>


namespace tieuchi::model::detail {

using graph::NodeKind;


void Builder::compile() {
  auto& g = d_->graph;
  auto order = g.topological_order();
  std::vector<graph::NodeIndex> evaluable;
  for (auto n : order)
    if (g.node(n).kind == NodeKind::key) evaluable.push_back(n);
  d_->key_count = evaluable.size();
  for (auto n : order) {
    auto k = g.node(n).kind;
    if (k == NodeKind::table || k == NodeKind::indicator || k == NodeKind::criterion || k == NodeKind::level)
      evaluable.push_back(n);
  }
  for (auto n : evaluable) {
    const auto& node = g.node(n);
    d_->position.emplace(node.id, d_->eval.size());
    CompiledNode e;
    e.kind = node.kind;
    e.id = node.id;
    NodeInfo info{node.kind, 0, node.id, node.label};
    std::vector<expr::CheckedExpr> outputs;
    auto push = [&](const expr::CheckedExpr* ce, int& slot) {
      if (!ce) return;
      slot = static_cast<int>(outputs.size());
      outputs.push_back(*ce);
    };
    switch (node.kind) {
      case NodeKind::key: {
        e.index = static_cast<std::size_t>(pack().find_key(node.id) - pack().keys.data());
        push(find_checked(NodeKind::key, node.id, "from"), e.out_value);
        e.slot = d_->env.find(node.id)->slot;
        break;
      }
      case NodeKind::table: {
        e.index = static_cast<std::size_t>(pack().find_table(node.id) - pack().tables.data());
        push(find_checked(NodeKind::table, node.id, "table"), e.out_value);
        e.slot = d_->env.find(node.id)->slot;
        break;
      }
      case NodeKind::indicator: {
        e.index = static_cast<std::size_t>(pack().find_indicator(node.id) - pack().indicators.data());
        push(find_checked(NodeKind::indicator, node.id, "rule"), e.out_rule);
        push(find_checked(NodeKind::indicator, node.id, "applies_if"), e.out_applies);
        push(find_checked(NodeKind::indicator, node.id, "value"), e.out_value);
        set_reference_slots(e);
        if (const auto* cost = find_checked(NodeKind::indicator, node.id, "cost")) e.cost = expr::compile(*cost);
        break;
      }
      case NodeKind::criterion: {
        e.index = static_cast<std::size_t>(pack().find_criterion(node.id) - pack().criteria.data());
        push(find_checked(NodeKind::criterion, node.id, "rule"), e.out_rule);
        set_reference_slots(e);
        break;
      }
      case NodeKind::level: {
        e.index = static_cast<std::size_t>(pack().find_level(node.id) - pack().levels.data());
        push(find_checked(NodeKind::level, node.id, "rule"), e.out_rule);
        set_reference_slots(e);
        break;
      }
      default: break;
    }
    info.index = e.index;
    if (!outputs.empty()) e.program = expr::compile(outputs);
    // Indicators, for assessments that compute gaps: the same outputs and each rule's gap total
    // in the same pass (the batch engine's gaps mode; see expr::CompileOptions::gap_totals).
    if (e.kind == NodeKind::indicator && e.out_rule >= 0) {
      expr::CompileOptions with_gaps;
      with_gaps.gap_totals = true;
      e.program_gaps = expr::compile(outputs, with_gaps);
    }
    d_->eval.push_back(std::move(e));
    d_->infos.push_back(std::move(info));
  }
  // Members and required levels, by position.
  for (auto& e : d_->eval) {
    if (e.kind == NodeKind::criterion) {
      for (const auto& id : pack().criteria[e.index].indicators) e.members.push_back(d_->position.at(id));
    } else if (e.kind == NodeKind::level) {
      const Level& l = pack().levels[e.index];
      if (!l.rule)
        for (const auto& cid : level_criteria(l)) e.members.push_back(d_->position.at(cid));
      if (!l.requires_level.empty()) e.required_level = d_->position.at(l.requires_level);
    }
  }
  // Level chains and requirements, walked once here (the graph is acyclic: check_cycles).
  d_->level_chains.resize(d_->eval.size());
  d_->requirements.resize(d_->eval.size());
  for (std::size_t i = 0; i < d_->eval.size(); ++i) {
    if (d_->eval[i].kind != NodeKind::level) continue;
    auto& chain = d_->level_chains[i];
    auto& need = d_->requirements[i];
    for (std::optional<std::size_t> p = i; p; p = d_->eval[*p].required_level) {
      chain.push_back(*p);
      for (auto m : d_->eval[*p].members)
        if (std::find(need.begin(), need.end(), m) == need.end()) need.push_back(m);
    }
  }
}
void Builder::set_reference_slots(CompiledNode& e) const {
  for (auto acc : {expr::Accessor::met, expr::Accessor::value, expr::Accessor::gap, expr::Accessor::applicable})
    e.reference_slots[static_cast<std::size_t>(acc)] = d_->env.find_reference(e.id, acc)->slot;
}

}  // namespace tieuchi::model::detail
