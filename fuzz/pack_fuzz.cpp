// libFuzzer target: the pack reader (YAML) and the model builder (checks, graph, compilation).
#include <cstdint>
#include <string>

#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/model/ruleset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tieuchi;
  auto file = io::read_pack_text("fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size));
  if (!file.pack || file.diagnostics.has_errors()) return 0;
  model::BuildOptions options;
  options.compile = true;
  (void)model::build(std::move(*file.pack), options);
  return 0;
}
