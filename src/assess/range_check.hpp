#pragma once
// Range checks of numeric input columns (private to src/assess): the one loop the unit
// validation (read_units) and the assessment's own safety net (for tables built by hand) share.
// Compiled with -fno-trapping-math by its users so that GCC vectorizes it.

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "tieuchi/expr/batch.hpp"

namespace tieuchi::assess::detail {

/// Out-of-range values among n (missing ones never are), as a floating-point count: the loops
/// are written so that GCC vectorizes them (NaN compares false).
template <class T>
double count_out_of_range(const T* __restrict x, const std::uint8_t* __restrict mask, bool mask_is_valid, std::size_t n,
                          double lo, double hi, bool boolean) {
  double bad = 0;
  for (std::size_t u = 0; u < n; ++u) {
    const double v = static_cast<double>(x[u]);
    const double out = boolean ? ((v == 0.0 || v == 1.0 || v != v) ? 0.0 : 1.0) : (v < lo ? 1.0 : 0.0) + (v > hi ? 1.0 : 0.0);
    const bool present = !mask || ((mask[u] != 0) == mask_is_valid);
    bad += present ? out : 0.0;
  }
  return bad;
}

/// The same for bytes (pandas' booleans and uint8 columns), in integer arithmetic: [lo, hi] is
/// the interval of bytes [a, b] it holds, and the loop vectorizes over 32 bytes at a time (the
/// floating-point loop above, through a conversion per byte, was the costliest step of reading
/// a DataFrame of yes/no columns).
inline double count_out_of_range(const std::uint8_t* __restrict x, const std::uint8_t* __restrict mask,
                                 bool mask_is_valid, std::size_t n, double lo, double hi, bool boolean) {
  const int a = boolean ? 0 : !(lo > 0) ? 0 : lo > 255 ? 256 : static_cast<int>(std::ceil(lo));
  const int b = boolean ? 1 : !(hi < 255) ? 255 : hi < 0 ? -1 : static_cast<int>(std::floor(hi));
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
  return static_cast<double>(bad);
}

/// A numeric field's declared range (booleans: 0 or 1), checked chunk by chunk.
struct RangeCheck {
  std::size_t field;
  expr::ColumnView column;
  double lo, hi;
  bool boolean;
  /// Whether units [r0, r0 + n) are all in range (missing values are).
  bool ok(std::size_t r0, std::size_t n) const {
    const std::uint8_t* mask = !column.valid.empty() ? column.valid.data() + r0
                               : !column.missing.empty() ? column.missing.data() + r0
                                                         : nullptr;
    const bool valid = !column.valid.empty();
    if (column.values.empty()) return count_out_of_range(column.bytes.data() + r0, mask, valid, n, lo, hi, boolean) == 0;
    return count_out_of_range(column.values.data() + r0, mask, valid, n, lo, hi, boolean) == 0;
  }
};

}  // namespace tieuchi::assess::detail
