// libFuzzer target: the expression parser and checker, then compilation and evaluation of what
// checks, on an environment with fields of every type, a parameter and a node reference.
#include <cstdint>
#include <string_view>

#include "tieuchi/expr/program.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tieuchi;
  static const expr::Environment env = [] {
    expr::Environment e;
    e.add_field("share", Type::number, "%");
    e.add_field("count", Type::number);
    e.add_field("flag", Type::boolean);
    e.add_field("region", Type::string);
    e.add_parameter("minimum", Type::number);
    e.add_node("TC1", Type::number);
    return e;
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto checked = expr::analyze(text, env);
  if (!checked.expr || checked.diagnostics.has_errors()) return 0;
  auto program = expr::compile(*checked.expr, expr::CompileOptions{true});
  expr::Record rec(env);
  rec.set("share", Value(0.7));
  rec.set("count", Value(3.0));
  rec.set("flag", Value(true));
  rec.set("region", Value(std::string("TDMNPB")));
  (void)program.evaluate(rec);
  (void)program.trace(rec);
  return 0;
}
