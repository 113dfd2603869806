// Uses tieuchi across the library boundary: a ParseError thrown inside the library caught by its
// type here (its typeinfo must be exported), a pack loaded and a unit assessed, a DataError with
// its diagnostics. Usage: api_consumer PACK_FILE. Prints one line per check; exit 1 if one fails.
#include <tieuchi/tieuchi.hpp>

#include <iostream>
#include <memory>

int main(int argc, char** argv) {
  using namespace tieuchi;
  if (argc != 2) {
    std::cerr << "usage: api_consumer PACK_FILE\n";
    return 2;
  }
  int failures = 0;
  expr::Environment env;
  env.add_field("share", Type::number, "%");
  try {
    expr::analyze_or_throw("share >= ", env);
    std::cout << "no ParseError\n";
    ++failures;
  } catch (const ParseError& e) {
    std::cout << "caught ParseError " << e.diagnostics()[0].code << "\n";
  }
  auto loaded = io::load_pack(argv[1]);
  if (!loaded.ok()) {
    std::cout << "pack not loaded:\n" << loaded.diagnostics.format() << "\n";
    return 1;
  }
  std::cout << "pack " << loaded.rules->pack().id << ": " << loaded.rules->pack().criteria.size() << " criteria\n";
  auto units = std::make_shared<assess::UnitTable>(1);
  units->ids.push_back("u1");
  try {
    assess::AssessOptions options;
    options.year = 1900;  // outside every pack's validity: E506
    assess::assess(loaded.rules, units, options);
    std::cout << "no DataError\n";
    ++failures;
  } catch (const DataError& e) {
    std::cout << "caught DataError " << e.diagnostics()[0].code << "\n";
  }
  return failures == 0 ? 0 : 1;
}
