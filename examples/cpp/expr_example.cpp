// Checks and evaluates the schools rule of criterion 5 (MOET Decision 1491/QĐ-BGDĐT) for one
// commune and prints why it fails. Run by ctest (example.expr), which checks its output.
#include <tieuchi/tieuchi.hpp>

#include <iostream>

int main() {
  using namespace tieuchi;
  expr::Environment env;
  env.add_field("region", Type::string);
  env.add_field("schools.count", Type::number);
  env.add_field("schools.min_standard_share", Type::number, "%");
  env.add_field("schools.level1_share", Type::number, "%");

  // ĐBSH and ĐNB: 100% of schools at facilities level 1. Elsewhere: 100% at the minimum
  // standard, and of these >= 70% at level 1 (more than 3 schools) or >= 50% (3 or fewer).
  const char* rule = R"(
    if region in ["DBSH", "DNB"] then schools.level1_share >= 100%
    else schools.min_standard_share >= 100%
         and schools.level1_share >= (if schools.count > 3 then 70% else 50%)
  )";
  auto checked = expr::analyze(rule, env, {.expected = Type::boolean, .rule_id = "5"});
  if (!checked.ok()) {
    std::cerr << checked.diagnostics.format() << "\n";
    return 1;
  }
  auto program = expr::compile(*checked.expr);

  expr::Record commune(env);
  commune.set("region", "TDMNPB").set("schools.count", 4.0);
  commune.set("schools.min_standard_share", 1.0).set("schools.level1_share", 0.5);
  auto trace = program.trace(commune);
  std::cout << "5: " << to_string(trace.status(0)) << "\n";
  for (const auto& s : expr::gaps(program, 0, trace))
    std::cout << "  " << s.text << ": " << s.lhs.to_string() << " vs " << s.rhs.to_string() << ", short by "
              << s.amount << "\n";
  return 0;
}
