#pragma once
// The inside of a RuleSet (private to src/model).

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tieuchi/expr/checker.hpp"
#include "tieuchi/expr/program.hpp"
#include "tieuchi/graph/dependencies.hpp"
#include "tieuchi/model/ruleset.hpp"

namespace tieuchi::model::detail {

inline constexpr std::uint32_t no_slot = std::numeric_limits<std::uint32_t>::max();

/// One evaluable node with its compiled program.
struct EvalNode {
  graph::NodeKind kind;
  std::size_t index;  // into the pack's vector of that kind
  std::string id;
  expr::Program program;  // outputs below; no outputs for default-rule criteria and levels
  int out_applies = -1, out_rule = -1, out_value = -1;
  std::uint32_t slot = no_slot;      // keys and tables: their derived slot
  std::uint32_t ref_slot = no_slot;  // indicators, criteria, levels: the `met` slot; value +1,
                                     // gap +2, applicable +3
  std::vector<std::size_t> members;  // positions of member nodes (default rules)
  std::optional<std::size_t> requires_pos;  // levels: the required level
  expr::Program cost;  // indicators with a remediation cost: one number output (may read gap(id))
};

struct RuleSetData {
  Pack pack;
  expr::Environment env;
  graph::DependencyGraph graph;
  std::vector<NodeInfo> infos;
  std::vector<EvalNode> eval;  // same order as infos
  std::map<std::string, std::size_t, std::less<>> position;
  std::vector<std::uint32_t> field_slots;      // parallel to pack.fields
  std::vector<std::uint32_t> parameter_slots;  // parallel to pack.parameters
  std::uint32_t year_slot = no_slot;
  std::size_t key_count = 0;  // the first key_count eval nodes are the keys

  static std::shared_ptr<const RuleSet> wrap(std::shared_ptr<const RuleSetData> d) {
    auto r = std::shared_ptr<RuleSet>(new RuleSet());
    r->data_ = std::move(d);
    return r;
  }
};

}  // namespace tieuchi::model::detail
