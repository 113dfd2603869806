#pragma once
// Range checks of numeric input columns (private to src/assess): the one loop the unit
// validation (read_units) and the assessment's own safety net (for tables built by hand) share.
// Branch-free and vectorized (range_check.cpp, dispatched to the CPU's vectors): a check costs
// one read of the column; only when it fails does the caller walk the column again for the
// diagnostics. Beside them, the summary's column scans (missing inputs, status counts), built the
// same way in the same dispatched file.

#include <cstddef>
#include <cstdint>

#include "tieuchi/expr/batch.hpp"

namespace tieuchi::assess::detail {

/// What counts as out of range: below lo or above hi, or for a boolean anything but 0 and 1.
/// Missing values (NaN, or masked) never are.
struct Range {
  double lo, hi;
  bool boolean;
};

/// The number of values of x[0, n) out of `range`. `mask` (may be null) flags missing rows:
/// a row is missing where `(mask[u] != 0) != mask_is_valid`.
std::size_t count_out_of_range(const double* x, const std::uint8_t* mask, bool mask_is_valid, std::size_t n,
                               Range range);
/// The same for bytes (pandas' booleans and uint8 columns), in integer arithmetic.
std::size_t count_out_of_range(const std::uint8_t* x, const std::uint8_t* mask, bool mask_is_valid, std::size_t n,
                               Range range);

/// The number of units u in [0, n) where x[u] is NaN and some `readers[r][u]` (statuses, as
/// bytes) is unknown: the summary's count of missing inputs that leave a result unknown.
std::size_t count_missing_unknown(const double* x, const std::uint8_t* const* readers, std::size_t k, std::size_t n);

/// Per unit u in [0, n): met[u] = how many of the k status columns (bytes) are met, unknown[u]
/// how many are unknown (the summary's criteria counts), in blocks that stay in the cache.
void count_statuses(const std::uint8_t* const* columns, std::size_t k, std::size_t n, std::size_t* met,
                    std::size_t* unknown);
/// tally[s] += the number of units in st[0, n) whose status is s (0..3).
void tally_statuses(const std::uint8_t* st, std::size_t n, std::size_t* tally);

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
    const Range range{lo, hi, boolean};
    if (column.values.empty()) return count_out_of_range(column.bytes.data() + r0, mask, valid, n, range) == 0;
    return count_out_of_range(column.values.data() + r0, mask, valid, n, range) == 0;
  }
};

}  // namespace tieuchi::assess::detail
