// Links tieuchi through find_package and evaluates an NTM indicator rule (MARD 1680: indicator
// 3.1 is met when at least 80% of farmland is irrigated and drained) for two communes.
#include <tieuchi/tieuchi.hpp>

#include <iostream>

int main() {
  using namespace tieuchi;
  expr::Environment env;
  env.add_field("irrigated_share", Type::number, "%");
  auto program = expr::compile(expr::analyze_or_throw("irrigated_share >= 80%", env));

  expr::Record unit(env);
  for (double share : {0.72, 0.91}) {
    unit.set("irrigated_share", share);
    auto trace = program.trace(unit);
    std::cout << "tieuchi " << version() << ": share " << share << ", irrigated_share >= 80%: "
              << to_string(trace.status(0));
    for (const auto& s : expr::gaps(program, 0, trace)) std::cout << " (short by " << s.amount << ")";
    std::cout << "\n";
  }
  return 0;
}
