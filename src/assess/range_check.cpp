// Range checks of input columns (see range_check.hpp). Each loop is specialised by layout
// (mask or not) and kind (range or boolean) so that its body is branch-free: comparisons give
// 0/1 integers that are summed, NaN compares false and so is never out of range. GCC vectorizes
// every loop (-fno-trapping-math, src/CMakeLists.txt); TIEUCHI_KERNEL builds them for AVX2 and
// AVX-512 too.

#include "assess/range_check.hpp"

#include <cmath>

#include "support/dispatch.hpp"

namespace tieuchi::assess::detail {

namespace {

// Out of [lo, hi] (NaN is not).
inline std::int64_t outside(double v, double lo, double hi) { return static_cast<std::int64_t>((v < lo) | (v > hi)); }
// Present and neither 0 nor 1.
inline std::int64_t not_boolean(double v) {
  return static_cast<std::int64_t>((v != 0.0) & (v != 1.0) & (v == v));
}

TIEUCHI_KERNEL
std::size_t count_doubles(const double* __restrict x, const std::uint8_t* __restrict mask, bool mask_is_valid,
                          std::size_t n, double lo, double hi, bool boolean) {
  std::int64_t bad = 0;
  if (!mask) {
    if (boolean)
      for (std::size_t u = 0; u < n; ++u) bad += not_boolean(x[u]);
    else
      for (std::size_t u = 0; u < n; ++u) bad += outside(x[u], lo, hi);
    return static_cast<std::size_t>(bad);
  }
  // A masked row counts only where it is present: (mask != 0) == mask_is_valid.
  const std::int64_t keep_nonzero = mask_is_valid ? 1 : 0;
  if (boolean) {
    for (std::size_t u = 0; u < n; ++u)
      bad += not_boolean(x[u]) & (static_cast<std::int64_t>(mask[u] != 0) ^ keep_nonzero ^ 1);
  } else {
    for (std::size_t u = 0; u < n; ++u)
      bad += outside(x[u], lo, hi) & (static_cast<std::int64_t>(mask[u] != 0) ^ keep_nonzero ^ 1);
  }
  return static_cast<std::size_t>(bad);
}

// Bytes [a, b] hold every value in range; 32-bit partial sums per block of 4096 (no overflow).
TIEUCHI_KERNEL
std::size_t count_bytes(const std::uint8_t* __restrict x, const std::uint8_t* __restrict mask, bool mask_is_valid,
                        std::size_t n, int a, int b) {
  const std::uint8_t absent_if = mask_is_valid ? 0 : 1;  // the mask value of a missing row
  std::size_t bad = 0;
  for (std::size_t r0 = 0; r0 < n; r0 += 4096) {
    const std::size_t r1 = r0 + 4096 < n ? r0 + 4096 : n;
    std::uint32_t chunk = 0;
    if (!mask) {
      for (std::size_t u = r0; u < r1; ++u) chunk += static_cast<std::uint32_t>((x[u] < a) | (x[u] > b));
    } else {
      for (std::size_t u = r0; u < r1; ++u)
        chunk += static_cast<std::uint32_t>(((x[u] < a) | (x[u] > b)) & ((mask[u] != 0) != (absent_if != 0)));
    }
    bad += chunk;
  }
  return bad;
}

// Per block: which units have an unknown reader (a byte mask, OR over the readers), then the
// units with a NaN among those; both loops branch-free.
TIEUCHI_KERNEL
std::size_t count_missing_unknown_block(const double* __restrict x, const std::uint8_t* const* readers, std::size_t k,
                                        std::size_t n) {
  constexpr std::size_t block = 2048;
  std::uint8_t mask[block];
  std::int64_t count = 0;
  for (std::size_t b = 0; b < n; b += block) {
    const std::size_t m = b + block < n ? block : n - b;
    for (std::size_t u = 0; u < m; ++u) mask[u] = 0;
    for (std::size_t r = 0; r < k; ++r) {
      const std::uint8_t* __restrict st = readers[r] + b;
      for (std::size_t u = 0; u < m; ++u) mask[u] = static_cast<std::uint8_t>(mask[u] | (st[u] == 2));
    }
    const double* __restrict xb = x + b;
    for (std::size_t u = 0; u < m; ++u) count += static_cast<std::int64_t>((xb[u] != xb[u]) & (mask[u] != 0));
  }
  return static_cast<std::size_t>(count);
}

// Statuses counted in blocks of byte counters (a block of units stays in the L1 cache while every
// column adds to it), widened at the end of each block.
TIEUCHI_KERNEL
void count_statuses_block(const std::uint8_t* const* columns, std::size_t k, std::size_t n, std::size_t* __restrict met,
                          std::size_t* __restrict unknown) {
  constexpr std::size_t block = 4096;
  std::uint8_t m[block], q[block];
  for (std::size_t b = 0; b < n; b += block) {
    const std::size_t len = b + block < n ? block : n - b;
    for (std::size_t u = 0; u < len; ++u) met[b + u] = unknown[b + u] = 0;
    for (std::size_t c = 0; c < k;) {
      // At most 255 columns per pass, so that the byte counters cannot overflow.
      const std::size_t end = c + 255 < k ? c + 255 : k;
      for (std::size_t u = 0; u < len; ++u) m[u] = q[u] = 0;
      for (; c < end; ++c) {
        const std::uint8_t* __restrict st = columns[c] + b;
        for (std::size_t u = 0; u < len; ++u) {
          m[u] = static_cast<std::uint8_t>(m[u] + (st[u] == 1));
          q[u] = static_cast<std::uint8_t>(q[u] + (st[u] == 2));
        }
      }
      for (std::size_t u = 0; u < len; ++u) {
        met[b + u] += m[u];
        unknown[b + u] += q[u];
      }
    }
  }
}

TIEUCHI_KERNEL
void tally_block(const std::uint8_t* __restrict st, std::size_t n, std::size_t* tally) {
  std::size_t t[4] = {0, 0, 0, 0};
  for (std::size_t b = 0; b < n; b += 4096) {
    const std::size_t end = b + 4096 < n ? b + 4096 : n;
    std::uint32_t c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    for (std::size_t u = b; u < end; ++u) {
      const std::uint8_t v = st[u] & 3;
      c0 += v == 0;
      c1 += v == 1;
      c2 += v == 2;
      c3 += v == 3;
    }
    t[0] += c0, t[1] += c1, t[2] += c2, t[3] += c3;
  }
  for (int s = 0; s < 4; ++s) tally[s] += t[s];
}

}  // namespace

void count_statuses(const std::uint8_t* const* columns, std::size_t k, std::size_t n, std::size_t* met,
                    std::size_t* unknown) {
  count_statuses_block(columns, k, n, met, unknown);
}

void tally_statuses(const std::uint8_t* st, std::size_t n, std::size_t* tally) { tally_block(st, n, tally); }

std::size_t count_missing_unknown(const double* x, const std::uint8_t* const* readers, std::size_t k, std::size_t n) {
  return count_missing_unknown_block(x, readers, k, n);
}

std::size_t count_out_of_range(const double* x, const std::uint8_t* mask, bool mask_is_valid, std::size_t n,
                               Range range) {
  return count_doubles(x, mask, mask_is_valid, n, range.lo, range.hi, range.boolean);
}

std::size_t count_out_of_range(const std::uint8_t* x, const std::uint8_t* mask, bool mask_is_valid, std::size_t n,
                               Range range) {
  const double lo = range.boolean ? 0.0 : range.lo, hi = range.boolean ? 1.0 : range.hi;
  const int a = !(lo > 0) ? 0 : lo > 255 ? 256 : static_cast<int>(std::ceil(lo));
  const int b = !(hi < 255) ? 255 : hi < 0 ? -1 : static_cast<int>(std::floor(hi));
  return count_bytes(x, mask, mask_is_valid, n, a, b);
}

}  // namespace tieuchi::assess::detail
