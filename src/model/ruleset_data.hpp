#pragma once
// The inside of a RuleSet (private to src/model).

#include <atomic>
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

using model::no_slot;

/// The values of `key` for which parameter `p` has no value: empty when it has a general one
/// (an entry that leaves the key out).
std::vector<std::string> uncovered_key_values(const Parameter& p, const Key& key);

struct RuleSetData {
  Pack pack;
  expr::Environment env;
  graph::DependencyGraph graph;
  std::vector<NodeInfo> infos;
  std::vector<CompiledNode> eval;  // same order as infos
  std::vector<std::vector<std::size_t>> level_chains;   // per node: RuleSet::level_chain (levels only)
  std::vector<std::vector<std::size_t>> requirements;   // per node: RuleSet::requirements (levels only)
  std::map<std::string, std::size_t, std::less<>> position;
  std::vector<std::uint32_t> field_slots;      // parallel to pack.fields
  std::vector<std::uint32_t> parameter_slots;  // parallel to pack.parameters
  std::uint32_t year_slot = no_slot;
  std::size_t key_count = 0;  // the first key_count eval nodes are the keys
  std::uint64_t serial = 0;   // RuleSet::serial()

  static std::shared_ptr<const RuleSet> wrap(std::shared_ptr<RuleSetData> d) {
    static std::atomic<std::uint64_t> next{0};
    d->serial = ++next;
    auto r = std::shared_ptr<RuleSet>(new RuleSet());
    r->data_ = std::move(d);
    return r;
  }
};

}  // namespace tieuchi::model::detail
