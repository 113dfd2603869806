// Reading an assessment's results: statuses, values, thresholds, levels.

#include "tieuchi/assess/assessment.hpp"

#include <fmt/format.h>

#include <cstring>
#include <limits>
#include <stdexcept>

#include "support/pages.hpp"

namespace tieuchi::assess {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

void detail::PageFree::operator()(void* p) const noexcept { support::free_pages(p); }

std::size_t set_result_cache(std::size_t bytes) { return support::set_page_cache(bytes); }

std::size_t ParamTable::code(const std::vector<std::vector<std::int32_t>>& key_codes, std::size_t unit,
                             std::size_t) const {
  // Key codes are stored with "unknown" as the key's last index (see assess()).
  std::size_t c = 0;
  for (std::size_t k = 0; k < keys.size(); ++k) c += strides[k] * static_cast<std::size_t>(key_codes[keys[k]][unit]);
  return c;
}

double Assessment::threshold(std::size_t node, std::size_t unit) const {
  if (threshold_param_.at(node) >= 0) {
    const ParamTable& p = params_[static_cast<std::size_t>(threshold_param_[node])];
    if (p.constant) return p.table.empty() ? nan : p.table[0];
    return p.table[p.code(key_codes_, unit)];
  }
  if (threshold_table_.at(node) >= 0) {
    const auto& v = value_[static_cast<std::size_t>(threshold_table_[node])];
    return v.empty() ? nan : v[unit];
  }
  return nan;
}

std::span<const Status> Assessment::status(std::size_t node) const {
  if (node >= nodes_) throw std::out_of_range(fmt::format("Assessment::status: node {} of {}", node, nodes_));
  return {status_.get() + node * rows_, rows_};
}

StatusBlock Assessment::status_block(std::span<const std::size_t> nodes) const {
  for (auto node : nodes)
    if (node >= nodes_) throw std::out_of_range(fmt::format("Assessment::status_block: node {} of {}", node, nodes_));
  StatusBlock b;
  b.nodes = nodes.size();
  b.units = rows_;
  if (b.nodes * b.units == 0) return b;
  b.data.reset(static_cast<Status*>(support::allocate_pages(b.nodes * b.units * sizeof(Status))));
  for (std::size_t k = 0; k < nodes.size(); ++k)
    std::memcpy(b.data.get() + k * rows_, status_.get() + nodes[k] * rows_, rows_ * sizeof(Status));
  return b;
}

std::optional<std::size_t> Assessment::highest_level(std::size_t unit) const {
  std::optional<std::size_t> best;
  for (auto l : levels_)
    if (status(l)[unit] == Status::met) best = l;
  return best;
}

bool Assessment::has_cost_model(std::size_t node) const {
  const auto& e = rules_->compiled(node);
  return e.kind == graph::NodeKind::indicator && e.has_cost();
}

std::vector<std::size_t> Assessment::base_criteria() const {
  std::vector<std::size_t> out;
  if (levels_.empty()) {
    for (std::size_t i = 0; i < rules_->nodes().size(); ++i)
      if (rules_->nodes()[i].kind == graph::NodeKind::criterion) out.push_back(i);
    return out;
  }
  return std::vector<std::size_t>(rules_->members(levels_.front()).begin(), rules_->members(levels_.front()).end());
}

}  // namespace tieuchi::assess
