// Loads the built-in Lạng Sơn pack (national NTM 2021-2025 + advanced set + provincial overlay)
// and assesses one commune for 2023, printing each criterion and the reasons behind every
// result that is not met. Run from anywhere: packs are found by id on the default search path.
//
//   example_pack [PACK]    (default: langson-2022)

#include <fmt/format.h>

#include <iostream>

#include "tieuchi/error.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/model/evaluate.hpp"

int main(int argc, char** argv) {
  using namespace tieuchi;
  std::string name = argc > 1 ? argv[1] : "langson-2022";
  auto loaded = io::load_pack(name);
  if (!loaded.ok()) {
    std::cerr << loaded.diagnostics.format() << "\n";
    return 1;
  }
  const model::RuleSet& rules = *loaded.rules;
  fmt::print("{} ({})\n{}\n\n", rules.pack().title.best(), rules.pack().id, rules.thresholds().format());

  // A mountain commune with part of its data collected.
  model::UnitInputs commune{
      {"region", "TDMNPB"},
      {"irrigation.active_share", 0.76},
      {"disaster.mandatory_items_met", true},
      {"disaster.score", 62.0},
      {"schools.count", 4.0},
      {"schools.minimum_standard_share", 1.0},
      {"schools.level1_share", 0.75},
      {"commerce.has_market", false},
      {"commerce.standard_store", true},
      {"income.per_capita", 41.5},
  };
  try {
    auto result = model::evaluate(rules, commune, 2023);
    for (const auto& n : result.nodes) {
      if (n.kind != graph::NodeKind::criterion && n.kind != graph::NodeKind::level) continue;
      if (n.status == Status::unknown && n.reasons.size() == 1 && n.reasons[0].starts_with("unknown:"))
        continue;  // criteria with no data at all: not printed
      fmt::print("{:<14} {:<14} {}\n", n.id, to_string(n.status), fmt::join(n.reasons, "; "));
    }
    for (const char* id : {"3.1", "5", "7", "10"}) {
      const auto* n = result.find(id);
      fmt::print("indicator {:<5} {:<8} {}\n", id, to_string(n->status), fmt::join(n->reasons, "; "));
    }
    // Say which values used are not verified (a report must never pass them off as law).
    std::vector<std::string> unverified;
    for (const auto& p : result.parameters)
      if (p.status != model::Verification::verified)
        unverified.push_back(fmt::format("{} = {} ({}, {})", p.name, p.value.to_string(), p.applies_to,
                                         model::to_string(p.status)));
    if (!unverified.empty())
      fmt::print("note: {} parameter value(s) used are not verified: {}\n", unverified.size(),
                 fmt::join(unverified, "; "));
  } catch (const Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
