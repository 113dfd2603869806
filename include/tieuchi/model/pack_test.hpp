#pragma once
/// @file model/pack_test.hpp
/// Running the tests a pack carries (`tests:`): each gives a unit's inputs and a year and the
/// expected status of named indicators, criteria and levels.

#include <string>
#include <vector>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/model/ruleset.hpp"
#include "tieuchi/value.hpp"

namespace tieuchi::model {

/// One expectation that did not hold.
struct TIEUCHI_API TestFailure {
  std::string test;
  std::string node;
  Status expected;
  Status actual;
  std::vector<std::string> reasons;  ///< the actual result's reasons
  Origin origin;                     ///< where the expectation is written
  /// `file:line:col: test 'x': 3.1 expected met, got unmet (reason; reason)`.
  std::string format() const;
};

struct TIEUCHI_API TestReport {
  std::size_t tests = 0;         ///< tests run
  std::size_t expectations = 0;  ///< expectations checked
  std::vector<TestFailure> failures;
  Diagnostics errors;            ///< tests that could not run (e.g. a year outside the validity)
  bool ok() const noexcept { return failures.empty() && !errors.has_errors(); }
  /// A summary line and every failure.
  std::string format() const;
};

/// Runs the tests of the top pack of the rule set (those of its bases too when `inherited`).
TIEUCHI_API TestReport run_tests(const RuleSet& rules, bool inherited = false);

}  // namespace tieuchi::model
