#pragma once
// Columns held in another layout than plain float64 (bytes, a validity or a missing mask: pandas'
// nullable arrays) as float64, NaN where missing: one branch-free loop per layout. Shared by the
// VM's loads (vm_batch.cpp) and the assessment's once-per-chunk conversion (assess/node_steps.hpp);
// always inlined, so that each dispatched kernel (support/dispatch.hpp) gets its own vectors.

#include <cstddef>
#include <cstdint>
#include <limits>

namespace tieuchi::support {

/// out[u] = v[u], or NaN where missing: where `(mask[u] != 0) != mask_is_valid` (`mask` may be null).
template <class T>
[[gnu::always_inline]] inline void unmask_into(const T* __restrict v, const std::uint8_t* __restrict mask,
                                               bool mask_is_valid, std::size_t n, double* __restrict out) {
  constexpr double missing = std::numeric_limits<double>::quiet_NaN();
  if (!mask) {
    for (std::size_t u = 0; u < n; ++u) out[u] = static_cast<double>(v[u]);
  } else if (mask_is_valid) {
    for (std::size_t u = 0; u < n; ++u) out[u] = mask[u] == 0 ? missing : static_cast<double>(v[u]);
  } else {
    for (std::size_t u = 0; u < n; ++u) out[u] = mask[u] != 0 ? missing : static_cast<double>(v[u]);
  }
}

}  // namespace tieuchi::support
