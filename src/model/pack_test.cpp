#include "tieuchi/model/pack_test.hpp"

#include <fmt/format.h>

#include "tieuchi/error.hpp"
#include "tieuchi/model/evaluate.hpp"

namespace tieuchi::model {

std::string TestFailure::format() const {
  std::string where;
  if (origin.file) {
    auto loc = origin.file->location(origin.span.begin);
    where = fmt::format("{}:{}:{}: ", origin.file->name(), loc.line, loc.column);
  }
  return fmt::format("{}test '{}': {} expected {}, got {}{}", where, test, node, to_string(expected),
                     to_string(actual),
                     reasons.empty() ? "" : fmt::format(" ({})", fmt::join(reasons, "; ")));
}

std::string TestReport::format() const {
  std::string out = fmt::format("{} tests, {} expectations, {} failed{}", tests, expectations,
                                failures.size(),
                                errors.has_errors() ? fmt::format(", {} could not run", errors.error_count()) : "");
  for (const auto& f : failures) out += "\n" + f.format();
  if (!errors.empty()) out += "\n" + errors.format();
  return out;
}

TestReport run_tests(const RuleSet& rules, bool inherited) {
  TestReport report;
  const Pack& pack = rules.pack();
  for (const auto& t : pack.tests) {
    if (!inherited && t.pack != pack.id) continue;
    ++report.tests;
    UnitResult result;
    try {
      result = evaluate(rules, t.inputs, t.year);
    } catch (const Error& e) {
      for (auto d : e.diagnostics()) {
        d.message = fmt::format("test '{}': {}", t.name, d.message);
        if (!d.source) {
          d.source = t.origin.file;
          d.span = t.origin.span;
        }
        report.errors.add(std::move(d));
      }
      continue;
    }
    for (const auto& e : t.expect) {
      ++report.expectations;
      const NodeResult* n = result.find(e.node);
      Status actual = n ? n->status : Status::unknown;
      if (actual != e.status)
        report.failures.push_back({t.name, e.node, e.status, actual, n ? n->reasons : std::vector<std::string>{},
                                   e.origin});
    }
  }
  return report;
}

}  // namespace tieuchi::model
