#pragma once
// The steps the batch engine applies to each node's columns (private to src/assess, included by
// engine.cpp only): status conversion, applicability, the Kleene folds of
// criteria and levels over severity ranks. Each chunk-wide loop is branch-free over restrict
// pointers so that GCC vectorizes it (engine.cpp is compiled with -fno-trapping-math), and is a
// TIEUCHI_KERNEL: built for AVX2 and AVX-512 too, chosen at load time (support/dispatch.hpp).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "support/unmask.hpp"
#include "support/dispatch.hpp"
#include "tieuchi/expr/batch.hpp"
#include "tieuchi/value.hpp"

namespace tieuchi::assess::detail {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

inline double encode(const Value& v) {
  if (v.is_missing()) return nan;
  if (v.is_bool()) return v.as_bool() ? 1.0 : 0.0;
  if (v.is_number()) return v.as_number();
  return nan;
}


// Status kernels over one chunk. Statuses are bytes (Status: unmet 0, met 1, unknown 2, not
// applicable 3); each loop is branch-free over restrict pointers so that GCC vectorizes it.
constexpr auto kUnmet = static_cast<std::uint8_t>(Status::unmet), kMet = static_cast<std::uint8_t>(Status::met),
               kUnknown = static_cast<std::uint8_t>(Status::unknown),
               kNa = static_cast<std::uint8_t>(Status::not_applicable);

inline std::uint8_t* bytes(Status* s) { return reinterpret_cast<std::uint8_t*>(s); }
inline const std::uint8_t* bytes(const Status* s) { return reinterpret_cast<const std::uint8_t*>(s); }

/// An indicator's status from its rule and its `applies_if`: not applicable where it does not
/// apply, unknown where that is unknown, else the rule's status.
TIEUCHI_KERNEL
void apply_applicability(const std::uint8_t* __restrict rule, const std::uint8_t* __restrict applies,
                         std::uint8_t* __restrict out, std::size_t n) {
  for (std::size_t u = 0; u < n; ++u) {
    const std::uint8_t a = applies[u];
    out[u] = a == kUnmet ? kNa : (a == kUnknown ? kUnknown : rule[u]);
  }
}

/// Units [r0, r0 + n) of a column held as bytes or with a mask as float64 (NaN missing).
TIEUCHI_KERNEL
void column_to_doubles(const expr::ColumnView& c, std::size_t r0, std::size_t n, double* __restrict out) {
  const std::uint8_t* mask = !c.valid.empty() ? c.valid.data() + r0 : !c.missing.empty() ? c.missing.data() + r0 : nullptr;
  if (c.values.empty()) support::unmask_into(c.bytes.data() + r0, mask, !c.valid.empty(), n, out);
  else support::unmask_into(c.values.data() + r0, mask, !c.valid.empty(), n, out);
}

// "All applicable members" in Kleene logic is the maximum of a severity rank: unmet > unknown >
// met > not applicable. The rank swaps unmet (0) and not applicable (3) and keeps the others, so
// the same swap maps a rank back to its status.
inline std::uint8_t swap_rank(std::uint8_t v) {
  return static_cast<std::uint8_t>(v ^ (((v == kUnmet) | (v == kNa)) ? 3 : 0));
}

/// rank[u] = max(rank[u], rank(member[u])).
TIEUCHI_KERNEL
void fold_member(const std::uint8_t* __restrict member, std::uint8_t* __restrict rank, std::size_t n) {
  for (std::size_t u = 0; u < n; ++u) {
    const std::uint8_t r = swap_rank(member[u]);
    rank[u] = rank[u] < r ? r : rank[u];
  }
}

/// The requirement (a lower level) caps the status: unmet if it is unmet, unknown if it is unknown
/// (unless already unmet). Works on ranks.
TIEUCHI_KERNEL
void fold_requirement(const std::uint8_t* __restrict req, std::uint8_t* __restrict rank, std::size_t n) {
  for (std::size_t u = 0; u < n; ++u) {
    const std::uint8_t q = req[u];
    const std::uint8_t r = q == kUnmet ? 3 : (q == kUnknown ? 2 : 0);
    rank[u] = rank[u] < r ? r : rank[u];
  }
}

/// Ranks back to statuses; a rank of 0 (no applicable member) is `none_applicable`.
TIEUCHI_KERNEL
void ranks_to_status(const std::uint8_t* __restrict rank, std::uint8_t* __restrict out, std::uint8_t none_applicable,
                     std::size_t n) {
  for (std::size_t u = 0; u < n; ++u) {
    const std::uint8_t r = rank[u];
    out[u] = r == 0 ? none_applicable : swap_rank(r);
  }
}

/// A value column's status: unknown where missing, else met (keys' and tables' statuses).
TIEUCHI_KERNEL
void present_to_status(const double* __restrict v, std::uint8_t* __restrict out, std::size_t n) {
  for (std::size_t u = 0; u < n; ++u) out[u] = v[u] != v[u] ? kUnknown : kMet;
}

/// `met(...)` as a truth value: 1 met, 0 unmet, NaN otherwise.
TIEUCHI_KERNEL
void status_to_truth(const std::uint8_t* __restrict st, double* __restrict out, std::size_t n) {
  for (std::size_t u = 0; u < n; ++u) out[u] = st[u] == kMet ? 1.0 : st[u] == kUnmet ? 0.0 : nan;
}

/// `applicable(...)`: 0 not applicable, NaN where applicability is unknown (indicators, when
/// `applies` is given), else 1.
TIEUCHI_KERNEL
void applicable_truth(const std::uint8_t* __restrict st, const std::uint8_t* __restrict applies, double* __restrict out,
                      std::size_t n) {
  if (applies) {
    for (std::size_t u = 0; u < n; ++u) out[u] = st[u] == kNa ? 0.0 : applies[u] == kUnknown ? nan : 1.0;
  } else {
    for (std::size_t u = 0; u < n; ++u) out[u] = st[u] == kNa ? 0.0 : 1.0;
  }
}

/// Member counts: met[u] += (member met), unmet[u] += (member unmet).
TIEUCHI_KERNEL
void count_member(const std::uint8_t* __restrict ms, std::uint16_t* __restrict met, std::uint16_t* __restrict unmet,
                  std::size_t n) {
  for (std::size_t u = 0; u < n; ++u) {
    met[u] = static_cast<std::uint16_t>(met[u] + (ms[u] == kMet));
    unmet[u] = static_cast<std::uint16_t>(unmet[u] + (ms[u] == kUnmet));
  }
}

/// A criterion's value (members met) and gap (members unmet where it is unmet, 0 where met, NaN
/// otherwise); either output may be null.
TIEUCHI_KERNEL
void counts_out(const std::uint16_t* __restrict met, const std::uint16_t* __restrict unmet,
                const std::uint8_t* __restrict st, double* __restrict cnt, double* __restrict gap, std::size_t n) {
  if (cnt)
    for (std::size_t u = 0; u < n; ++u) cnt[u] = static_cast<double>(met[u]);
  if (gap)
    for (std::size_t u = 0; u < n; ++u)
      gap[u] = st[u] == kMet ? 0.0 : st[u] == kUnmet ? static_cast<double>(unmet[u]) : nan;
}

/// Keeps `x` where the status is unmet, 0 where met, NaN otherwise (gaps and costs).
TIEUCHI_KERNEL
void keep_where_unmet(const std::uint8_t* __restrict st, double* __restrict x, std::size_t n) {
  for (std::size_t u = 0; u < n; ++u) x[u] = st[u] == kMet ? 0.0 : st[u] == kUnmet ? x[u] : nan;
}

/// Units [r0, r0 + n) of a column.
inline expr::ColumnView slice(const expr::ColumnView& c, std::size_t r0, std::size_t n) {
  auto part = [&](auto span) { return span.empty() ? span : span.subspan(r0, n); };
  return {part(c.values), part(c.valid), part(c.missing), part(c.bytes)};
}

}  // namespace
}  // namespace tieuchi::assess::detail
