#pragma once
/// @file model/evaluate.hpp
/// Assessing one unit against a rule set: every key, table, indicator, criterion and level, with
/// the reasons behind each unknown and unmet result and the parameter values used.
///
/// Statuses follow the pack's rules with three-valued logic: a missing input or a threshold not
/// set gives `unknown` (with the reason), never `unmet`. An indicator whose `applies_if` is false
/// is `not_applicable`; a criterion's default rule is "every applicable indicator met", a level's
/// "every applicable criterion met" and, when it requires a lower level, that level met too.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tieuchi/export.hpp"
#include "tieuchi/expr/gap.hpp"
#include "tieuchi/model/ruleset.hpp"
#include "tieuchi/value.hpp"

namespace tieuchi::model {

/// The result of one node for one unit.
struct NodeResult {
  graph::NodeKind kind;
  std::string id;
  Status status = Status::unknown;  ///< keys and tables: met when known, unknown otherwise
  Value value;                      ///< indicator value, key or table value; criteria and levels:
                                    ///< the number of members met
  double gap = 0;                   ///< indicators: total shortfall when unmet (NaN if unknown)
  std::vector<std::string> reasons; ///< why unknown / unmet / not applicable (English)
  /// What leaves a result unknown, structured (for explanations in any language).
  struct Missing {
    enum class Kind : std::uint8_t {
      input,      ///< an input field without a value (`name` is the field)
      threshold,  ///< a parameter with no value for this unit (`name`; `detail`: the reason)
      node,       ///< a referenced node that is unknown or not applicable (`name` is its id)
      other,      ///< anything else (`detail`)
    };
    Kind kind;
    std::string name;
    std::string detail;
  };
  std::vector<Missing> missing;
  /// Indicators: the failed parts of the rule when unmet (see expr::gaps).
  std::vector<expr::Shortfall> shortfalls;
  /// Indicators: the first parameter or table the rule reads, and its value for this unit.
  std::string threshold_name;
  Value threshold;
};

/// A parameter value a unit's assessment used, with its provenance.
struct ParameterUse {
  std::string name;
  std::string applies_to;  ///< e.g. "region=TDMNPB, from 2022", or "all units"
  Value value;
  Verification status;
  std::string pack;
  std::string source;
};

/// Everything assessed for one unit.
struct TIEUCHI_API UnitResult {
  int year = 0;
  std::map<std::string, std::string> keys;  ///< the unit's key values (e.g. region), when known
  std::vector<NodeResult> nodes;            ///< in RuleSet::nodes() order
  std::vector<ParameterUse> parameters;     ///< parameters with a value, in pack order
  const NodeResult* find(std::string_view id) const;
  /// Number of parameter values used that are not verified (unverified or illustrative).
  std::size_t unverified_count() const;
};

/// Inputs of one unit: field name -> value (missing values may be left out).
using UnitInputs = std::vector<std::pair<std::string, Value>>;

/// Assesses one unit in `year` (default: RuleSet::default_year()). Throws DataError for an
/// unknown field (E501), a value of the wrong type (E502), a value outside a field's declared
/// values or range (E505), and a year outside the pack's validity (E506).
TIEUCHI_API UnitResult evaluate(const RuleSet& rules, const UnitInputs& inputs, std::optional<int> year = {});

}  // namespace tieuchi::model
