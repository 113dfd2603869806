#pragma once
// The batch engine's entry (private to src/assess): assess() and assess_units() both run it.

#include <memory>
#include <vector>

#include "assess/range_check.hpp"
#include "tieuchi/assess/assessment.hpp"

namespace tieuchi::assess::detail {

struct AssessRun {
  /// assess(), plus the range checks read_units() left to it when `deferred` is given (made chunk
  /// by chunk as the run reads the columns). When one of those fails, `*range_failed` is set and
  /// the result is to be dropped (the caller reports every bad value, as read_units() does);
  /// without `range_failed`, a bad value throws E505.
  static Assessment run(std::shared_ptr<const model::RuleSet> rules, std::shared_ptr<const UnitTable> units,
                        const AssessOptions& options, const std::vector<RangeCheck>* deferred, bool* range_failed);
};

}  // namespace tieuchi::assess::detail
