// The floors: a generated program with no engine (FLOOR_SOURCE, from benchmarks/translate.py: the
// chunked floor, the row loop or the memory floor) over the fixture columns.
// Usage: floor FIXTURE_DIR REPEATS [STATUS_OUT]
#include FLOOR_SOURCE

#include <array>
#include <cstdlib>
#include <memory>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "fixture.hpp"

namespace {

// The status array is allocated as the engine allocates its own (src/support/pages.cpp): one
// block, uninitialised, aligned to 2 MiB and marked for transparent huge pages when it is large,
// so that the floors and tieuchi pay the same page faults for their results.
struct FreeDeleter {
  void operator()(std::uint8_t* p) const noexcept { std::free(p); }
};
using Statuses = std::unique_ptr<std::uint8_t[], FreeDeleter>;

Statuses allocate_statuses(std::size_t bytes) {
  constexpr std::size_t huge_page = std::size_t{2} << 20;
  if (bytes == 0) bytes = 1;
  void* p = nullptr;
  if (bytes >= (std::size_t{8} << 20)) {
    const std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
    if (posix_memalign(&p, huge_page, rounded) != 0) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    (void)madvise(p, rounded, MADV_HUGEPAGE);
#endif
  } else if (!(p = std::malloc(bytes))) {
    throw std::bad_alloc();
  }
  return Statuses(static_cast<std::uint8_t*>(p));
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s FIXTURE_DIR REPEATS [STATUS_OUT]\n", argv[0]);
    return 2;
  }
  auto fx = peers::read_fixture(argv[1]);
  if (fx.fields.size() != floor_loop::field_count) throw std::runtime_error("fixture and generated loop disagree on fields");
  std::vector<const double*> in(fx.fields.size());
  for (std::size_t f = 0; f < in.size(); ++f) in[f] = fx.column(f);
  const std::size_t n = fx.units;
  std::vector<double> times;
  Statuses out;
  for (int r = 0, repeats = std::stoi(argv[2]); r < repeats; ++r) {
    out.reset();
    times.push_back(peers::seconds([&] {
      // Output allocation is timed, as it is for the engine. Node-major: status s of unit u at
      // s * n + u.
      out = allocate_statuses(floor_loop::status_count * n);
      std::array<std::uint8_t*, floor_loop::status_count> o{};
      for (std::size_t s = 0; s < o.size(); ++s) o[s] = out.get() + s * n;
      floor_loop::evaluate(in.data(), o.data(), 0, n);
    }));
  }
  if (argc > 3 && out) {
    std::vector<std::vector<std::uint8_t>> st(floor_loop::status_count);
    for (std::size_t s = 0; s < st.size(); ++s) st[s].assign(out.get() + s * n, out.get() + (s + 1) * n);
    peers::write_statuses(argv[3], st);
  }
  peers::report(times);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "floor: %s\n", e.what());
  return 1;
}
