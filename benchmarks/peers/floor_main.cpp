// The floor: the generated hand-written loop (FLOOR_SOURCE, from benchmarks/translate.py) over the
// fixture columns. Usage: floor FIXTURE_DIR REPEATS [STATUS_OUT]
#include FLOOR_SOURCE

#include "fixture.hpp"

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s FIXTURE_DIR REPEATS [STATUS_OUT]\n", argv[0]);
    return 2;
  }
  auto fx = peers::read_fixture(argv[1]);
  if (fx.fields.size() != floor_loop::field_count) throw std::runtime_error("fixture and generated loop disagree on fields");
  std::vector<const double*> in(fx.fields.size());
  for (std::size_t f = 0; f < in.size(); ++f) in[f] = fx.column(f);
  std::vector<double> times;
  std::vector<std::vector<std::uint8_t>> out;
  for (int r = 0, repeats = std::stoi(argv[2]); r < repeats; ++r) {
    out.clear();
    times.push_back(peers::seconds([&] {
      // Output allocation is timed, as it is for the engine.
      out.assign(floor_loop::status_count, std::vector<std::uint8_t>(fx.units));
      std::vector<std::uint8_t*> o(out.size());
      for (std::size_t s = 0; s < o.size(); ++s) o[s] = out[s].data();
      floor_loop::evaluate(in.data(), o.data(), 0, fx.units);
    }));
  }
  if (argc > 3) peers::write_statuses(argv[3], out);
  peers::report(times);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "floor: %s\n", e.what());
  return 1;
}
