// See pages.hpp.

#include "support/pages.hpp"

#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tieuchi::support {

namespace {
constexpr std::size_t huge_page = std::size_t{2} << 20;
// Below this the arrays are small enough that huge pages would waste more than they save.
constexpr std::size_t huge_threshold = std::size_t{8} << 20;
}  // namespace

void* allocate_pages(std::size_t bytes) {
  if (bytes == 0) bytes = 1;
  void* p = nullptr;
  if (bytes >= huge_threshold) {
    const std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
    if (posix_memalign(&p, huge_page, rounded) != 0) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    (void)madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without it the pages are small
#endif
    return p;
  }
  p = std::malloc(bytes);
  if (!p) throw std::bad_alloc();
  return p;
}

void free_pages(void* p) noexcept { std::free(p); }

}  // namespace tieuchi::support
