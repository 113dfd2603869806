// See pages.hpp.

#include "support/pages.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace tieuchi::support {

namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20, small_page = 4096;
// Below this malloc reuses the memory anyway. Above it malloc maps fresh pages for each block and
// unmaps them when it is freed (or trims them off its heap), so every call pays page faults again:
// the cache keeps them.
constexpr std::size_t large = std::size_t{1} << 20;
// From here on, huge pages: whole 2 MiB pages waste little.
constexpr std::size_t huge = std::size_t{8} << 20;

std::size_t default_cache_bytes() {
  std::size_t ram = 0;
#if defined(__linux__)
  const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && size > 0) ram = static_cast<std::size_t>(pages) * static_cast<std::size_t>(size);
#endif
  const std::size_t cap = std::size_t{2} << 30;
  return ram ? std::min(cap, ram / 8) : std::size_t{256} << 20;
}

// Large blocks freed by a result are kept (up to a cap) for the next one. Memory fresh from the
// kernel is zeroed page by page on first touch — on a virtual machine it can also fault in the
// host — which costs more than computing a million units' statuses; a block reused is written
// at the speed of memory.
struct Cache {
  std::mutex mutex;
  std::unordered_map<void*, std::size_t> live;       // large blocks handed out, by size
  std::vector<std::pair<void*, std::size_t>> spare;  // freed, oldest first
  std::size_t spare_bytes = 0;
  std::size_t cap = default_cache_bytes();

  void trim_locked(std::size_t keep) {
    while (spare_bytes > keep && !spare.empty()) {
      spare_bytes -= spare.front().second;
      std::free(spare.front().first);
      spare.erase(spare.begin());
    }
  }
};

Cache& cache() {
  static Cache* c = new Cache;  // never destroyed: results may be freed during static destruction
  return *c;
}

}  // namespace

void* allocate_pages(std::size_t bytes) {
  if (bytes == 0) bytes = 1;
  if (bytes < large) {
    void* p = std::malloc(bytes);
    if (!p) throw std::bad_alloc();
    return p;
  }
  if (bytes > SIZE_MAX - huge_page) throw std::bad_alloc();
  const std::size_t unit = bytes >= huge ? huge_page : small_page;
  const std::size_t rounded = (bytes + unit - 1) / unit * unit;
  Cache& c = cache();
  {
    // The smallest spare block that fits without wasting more than a quarter of it.
    std::lock_guard lock(c.mutex);
    auto best = c.spare.end();
    for (auto it = c.spare.begin(); it != c.spare.end(); ++it)
      if (it->second >= rounded && it->second - rounded <= it->second / 4 &&
          (best == c.spare.end() || it->second < best->second))
        best = it;
    if (best != c.spare.end()) {
      auto [p, size] = *best;
      c.spare.erase(best);
      c.spare_bytes -= size;
      try {
        c.live.emplace(p, size);
      } catch (...) {
        std::free(p);
        throw;
      }
      return p;
    }
  }
  void* p = nullptr;
  if (posix_memalign(&p, unit, rounded) != 0) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (unit == huge_page) (void)madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without it the pages are small
#endif
  try {
    std::lock_guard lock(c.mutex);
    c.live.emplace(p, rounded);
  } catch (...) {
    std::free(p);
    throw;
  }
  return p;
}

void free_pages(void* p) noexcept {
  if (!p) return;
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  auto it = c.live.find(p);
  if (it == c.live.end()) {
    std::free(p);
    return;
  }
  const std::size_t size = it->second;
  c.live.erase(it);
  if (size > c.cap) {
    std::free(p);
    return;
  }
  c.trim_locked(c.cap - size);
  try {
    c.spare.emplace_back(p, size);
    c.spare_bytes += size;
  } catch (...) {
    std::free(p);  // no room to keep it: give it back
  }
}

std::size_t set_page_cache(std::size_t bytes) {
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  const std::size_t old = c.cap;
  c.cap = bytes;
  c.trim_locked(bytes);
  return old;
}

}  // namespace tieuchi::support
