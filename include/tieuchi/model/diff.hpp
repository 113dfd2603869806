#pragma once
/// @file model/diff.hpp
/// What changed between two criteria sets: criteria and indicators added and removed, names and
/// rules changed, and each indicator's thresholds per key value (e.g. per region), so that a
/// province sees what a new period asks of it.

#include <optional>
#include <string>
#include <vector>

#include "tieuchi/export.hpp"
#include "tieuchi/model/ruleset.hpp"

namespace tieuchi::model {

struct IndicatorChange {
  std::string id;
  std::string old_name, new_name;  ///< set when the name changed
  std::string old_rule, new_rule;  ///< set when the rule text changed
};

/// An indicator's thresholds for one key value, before and after.
struct ThresholdChange {
  std::string indicator;
  std::string key_value;  ///< e.g. "TDMNPB", or "all" when the packs have no key
  std::string old_text;   ///< e.g. "income_min = 36 million VND/person/year", or "(not in pack)"
  std::string new_text;
};

/// The years thresholds are read for. A year outside its pack's validity is refused: diff()
/// throws DataError E506 with the diagnostic's `field` "old_year" or "new_year".
struct DiffOptions {
  std::optional<int> old_year;  ///< default: the last year of the old pack's validity
  std::optional<int> new_year;  ///< default: the first year of the new pack's validity
};

struct TIEUCHI_API PackDiff {
  std::string old_id, new_id;
  int old_year = 0, new_year = 0;
  std::string key;  ///< the key thresholds are compared by (e.g. "region"), or empty
  std::vector<std::string> criteria_added, criteria_removed;
  std::vector<std::string> added, removed;  ///< indicator ids
  std::vector<IndicatorChange> changed;
  std::vector<ThresholdChange> thresholds;
  bool empty() const noexcept;
  /// A readable report (Markdown).
  std::string format() const;
};

TIEUCHI_API PackDiff diff(const RuleSet& old_rules, const RuleSet& new_rules, const DiffOptions& options = {});

}  // namespace tieuchi::model
