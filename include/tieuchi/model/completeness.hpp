#pragma once
/// @file model/completeness.hpp
/// Which thresholds a pack still leaves without a value, exactly: for every parameter, each
/// combination of the values of the keys it varies by (e.g. each region) and, when it varies by
/// year, each year of the pack's validity, for which no value applies (RuleSet::resolve finds
/// none, or finds an entry written without a value, `value: ~`). `tieuchi overlay init` lists
/// them for a province to fill in (io/overlay_template.hpp); `tieuchi check --complete` fails on
/// those that a level needs (check_complete, code E316).
///
/// ```cpp
/// auto report = tieuchi::model::check_complete(*rules);
/// if (!report.complete()) std::cerr << report.diagnostics.format();   // one E316 per parameter
/// ```

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/model/pack.hpp"
#include "tieuchi/model/ruleset.hpp"

namespace tieuchi::model {

/// One combination of key values, in one year, for which a parameter has no value.
struct ThresholdHole {
  /// Key name -> value, one per key of the parameter's `by` (besides `year`); empty for a
  /// parameter that varies by no key.
  std::map<std::string, std::string> keys;
  /// The year, when the parameter varies by year and the pack states a validity; else none.
  std::optional<int> year;
  /// The entry declared without a value (`value: ~`, e.g. in a template not filled in yet) that
  /// applies here, if any: where the value is still to be typed.
  const ParameterValue* placeholder = nullptr;
};

/// A parameter with no value for some (or every) combination of its keys and years.
struct TIEUCHI_API UnsetParameter {
  std::size_t parameter = 0;        ///< index into RuleSet::pack().parameters
  std::string name;
  /// Whether it has a value for some combinations (ThresholdSummary::partial), not none at all
  /// (ThresholdSummary::missing).
  bool partial = false;
  /// The combinations without a value: key values in the order the keys declare them (the
  /// first key of `by` varying slowest), then the years ascending.
  std::vector<ThresholdHole> holes;
  /// The nodes whose rules read the parameter directly (indicators, tables, criteria or levels
  /// with their own rule), in evaluation order; empty when no rule reads it.
  std::vector<std::string> readers;
  /// The levels and conditions (e.g. `ntm`, `ntm_recognition`) whose result depends on the
  /// parameter through rules, memberships and required levels (remediation prerequisites do not
  /// count), in evaluation order; empty when no level needs it.
  std::vector<std::string> levels;

  /// Where the values are missing, in words: `threshold_region TDMNPB, DBSH in 2022-2025`, or
  /// `in 2022`, or empty when the parameter varies by nothing (it has no value at all).
  std::string where() const;
};

struct UnsetOptions {
  /// Only this year (for the parameters that vary by year); default: every year of the pack's
  /// validity (from its first year to its last; to the latest year a value names when the pack
  /// states no end; once, for any year, when it states no validity).
  std::optional<int> year;
};

/// Every parameter of the pack that has no value for some combination of its keys and years,
/// in the pack's order. A parameter the result leaves out has a value wherever it is read.
/// For a pack whose values all apply from the first year of its validity, the parameters are
/// those `tieuchi check` lists as `not set` (ThresholdSummary::missing) and `has no value for`
/// (ThresholdSummary::partial), with the same key values; a year-varying parameter whose first
/// value is for a later year is also listed, for the years before it (W301 warns about those).
/// Throws DataError (E506, `field` "year") when `options.year` is outside the pack's validity.
TIEUCHI_API std::vector<UnsetParameter> unset_parameters(const RuleSet& rules, const UnsetOptions& options = {});

/// Whether every threshold the pack's levels need has a value.
struct TIEUCHI_API CompletenessReport {
  /// The unset parameters some level or condition needs (UnsetParameter::levels not empty).
  std::vector<UnsetParameter> needed;
  /// One error E316 per parameter of `needed`, naming it, the key values and years without a
  /// value and the levels that need it; placed at the first entry still without a value (`value:
  /// ~`) when there is one, else at the parameter's declaration.
  Diagnostics diagnostics;
  bool complete() const noexcept { return needed.empty(); }
  /// One line: `complete: every threshold the levels need has a value`, or `incomplete: 3
  /// thresholds the levels need have no value (E316): income_min, poverty_rate_max, ...`.
  std::string format() const;
};

/// The check behind `tieuchi check --complete`: the unset parameters (unset_parameters, every
/// year of the validity) that some level needs.
TIEUCHI_API CompletenessReport check_complete(const RuleSet& rules);

}  // namespace tieuchi::model
