#pragma once
/// @file assess/assessment.hpp
/// Assessing a table of units against a rule set: columnar batch evaluation of every compiled
/// rule, node by node in the dependency graph's order, in cache-sized chunks of units (and
/// threads). The result is the same, unit by unit, as `model::evaluate` (the scalar path that
/// also gives the reasons; see explain.hpp).
///
/// ```cpp
/// auto rules = tieuchi::io::load_pack_or_throw("langson-2022");
/// auto units = tieuchi::io::read_units_csv("communes.csv", *rules).table;
/// auto a = tieuchi::assess::assess(rules, units, {.year = 2023});
/// a.status(*a.position("TC5"))[0];   // Status of criterion TC5 for the first unit
/// ```

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/assess/units.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/model/ruleset.hpp"
#include "tieuchi/value.hpp"

namespace tieuchi::assess {

struct AssessOptions {
  std::optional<int> year;        ///< default: RuleSet::default_year()
  unsigned threads = 0;           ///< 0 = all hardware threads; results do not depend on it
  std::size_t chunk_rows = 8192;  ///< units per chunk
  bool values = true;             ///< keep value columns (indicator values, tables, counts)
  bool gaps = true;               ///< compute indicator gaps (shortfall of unmet indicators)
  /// Evaluate each indicator's remediation cost (the pack's `remediation: cost:` expression, which
  /// may read the gaps) for the units where it is unmet; see Assessment::cost. Implies gaps.
  bool costs = false;
};

namespace detail {
/// Frees the result arrays (internal): they are allocated in whole pages, with transparent huge
/// pages asked for when large, so that a million units cost a few hundred page faults, not tens
/// of thousands.
struct TIEUCHI_API PageFree {
  void operator()(void* p) const noexcept;
};
struct AssessRun;  // the engine (internal)
}  // namespace detail

/// A parameter's values for every combination of the keys it varies by (internal, shared by
/// the evaluator and Assessment::threshold).
struct TIEUCHI_API ParamTable {
  bool constant = true;
  std::vector<std::size_t> keys;     // key indexes (into the pack's keys)
  std::vector<std::size_t> strides;  // per key; a key's unknown value is its last index
  std::vector<double> table;         // NaN where no value applies
  std::size_t code(const std::vector<std::vector<std::int32_t>>& key_codes, std::size_t unit,
                   std::size_t offset = 0) const;
};

/// A copy of the statuses of some nodes for every unit, node-major: node k's units at
/// `[k * units, (k + 1) * units)`. Its pages come from the result cache (see set_result_cache):
/// made again and again (a status matrix per call), they are not fresh memory each time.
struct StatusBlock {
  std::unique_ptr<Status[], detail::PageFree> data;
  std::size_t nodes = 0;
  std::size_t units = 0;
};

/// The statuses (and values, gaps) of every node for every unit. Immutable.
class TIEUCHI_API Assessment {
 public:
  const model::RuleSet& rules() const noexcept { return *rules_; }
  const std::shared_ptr<const model::RuleSet>& shared_rules() const noexcept { return rules_; }
  const UnitTable& units() const noexcept { return *units_; }
  int year() const noexcept { return year_; }
  std::size_t size() const noexcept { return rows_; }
  /// Wall-clock seconds assess() took (for benchmarks of callers, e.g. the Python binding).
  double elapsed_seconds() const noexcept { return elapsed_; }

  /// The nodes, in RuleSet::nodes() order; `position` finds one by id.
  const std::vector<model::NodeInfo>& nodes() const { return rules_->nodes(); }
  std::optional<std::size_t> position(std::string_view id) const { return rules_->node_position(id); }

  /// Status of node `node` for every unit. Keys and tables: met when they have a value.
  std::span<const Status> status(std::size_t node) const;
  /// The statuses of `nodes` (positions, in that order) copied into one block (a status matrix).
  /// Throws std::out_of_range for a position past nodes().
  StatusBlock status_block(std::span<const std::size_t> nodes) const;
  /// Value of node `node` (NaN missing): indicator values, key codes (index into the key's
  /// values), table values, and for criteria and levels the number of members met. Empty when
  /// AssessOptions::values is off. An indicator whose value is an input field as read gives the
  /// unit table's own column (no copy): the table is shared, so it must not change while the
  /// assessment lives.
  std::span<const double> value(std::size_t node) const { return value_.at(node); }
  /// Indicators: the shortfall when unmet, 0 when met, NaN otherwise. Empty when gaps and costs
  /// are off.
  std::span<const double> gap(std::size_t node) const { return gap_.at(node); }
  /// Indicators, when assessed with AssessOptions::costs: the remediation cost per unit (0 where
  /// met, NaN where not applicable, unknown, without a cost expression or with an input missing).
  /// Empty otherwise.
  std::span<const double> cost(std::size_t node) const { return cost_.at(node); }
  /// Whether the indicator at `node` has a cost expression in the pack.
  bool has_cost_model(std::size_t node) const;
  /// Indicators: the first parameter or table the rule reads, for unit `unit` (NaN if none).
  double threshold(std::size_t node, std::size_t unit) const;
  /// The name of that parameter or table (empty if none).
  const std::string& threshold_name(std::size_t node) const { return threshold_name_.at(node); }

  /// The value of key `key` (index into the pack's keys) for every unit: an index into the
  /// key's values, or the number of values when unknown.
  std::span<const std::int32_t> key_codes(std::size_t key) const { return key_codes_.at(key); }

  /// Levels a unit can reach, lowest first (conditions such as eligibility or revocation are
  /// excluded).
  const std::vector<std::size_t>& levels() const noexcept { return levels_; }
  /// The highest level met by `unit`, or nullopt.
  std::optional<std::size_t> highest_level(std::size_t unit) const;
  /// The criteria of the planning table (node positions): those the lowest level requires, or
  /// every criterion when the pack has no levels.
  std::vector<std::size_t> base_criteria() const;

 private:
  friend struct detail::AssessRun;
  std::shared_ptr<const model::RuleSet> rules_;
  std::shared_ptr<const UnitTable> units_;
  int year_ = 0;
  std::size_t rows_ = 0;
  double elapsed_ = 0;
  std::size_t nodes_ = 0;
  std::unique_ptr<Status[], detail::PageFree> status_;  // node-major: node i's units at [i * rows_, (i + 1) * rows_)
  std::unique_ptr<double[], detail::PageFree> columns_;  // the value, gap and cost columns, one block
  std::vector<std::span<const double>> value_;  // per node: into columns_, or the input column a value reads as is
                                                // (empty when not computed)
  std::vector<std::span<double>> gap_;
  std::vector<std::span<double>> cost_;
  std::vector<std::string> threshold_name_;
  std::vector<std::int32_t> threshold_param_;  // per node: parameter index, or -1
  std::vector<std::int32_t> threshold_table_;  // per node: table node position, or -1
  std::vector<std::vector<std::int32_t>> key_codes_;  // per key: code per unit (the key's value count: unknown)
  std::vector<ParamTable> params_;  // parallel to the pack's parameters
  std::vector<std::size_t> levels_;
};


/// Results of a million units take hundreds of megabytes, and memory fresh from the operating
/// system is slow to touch for the first time. So the result arrays of an Assessment destroyed
/// (and the large columns of report tables, tieuchi/memory.hpp) are kept for the next one, up to
/// `bytes` in all (by default an eighth of the physical memory, at most 2 GiB). Arrays under
/// 1 MiB are left to malloc, which reuses them anyway. 0 returns every freed array to the system
/// at once. Returns the previous cap. Thread-safe.
TIEUCHI_API std::size_t set_result_cache(std::size_t bytes);

/// Assesses every unit in `options.year`. Throws DataError: E505 (a string outside a field's
/// values), E506 (a year outside the pack's validity), E510 (a string parameter, which batch
/// assessment does not support). Columns the table lacks are missing for every unit.
TIEUCHI_API Assessment assess(std::shared_ptr<const model::RuleSet> rules, std::shared_ptr<const UnitTable> units,
                  const AssessOptions& options = {});

}  // namespace tieuchi::assess
