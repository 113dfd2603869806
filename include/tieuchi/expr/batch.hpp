#pragma once
/// @file expr/batch.hpp
/// Columnar evaluation: one program over N units at once.
///
/// Each input is a contiguous column (no copy is made of it). Missing values are either NaN in
/// the column or flagged by an optional validity mask (0 = missing). The evaluator walks the
/// units in chunks that fit in the CPU cache and runs each instruction as a vector kernel over a
/// chunk (compiled for the CPU it runs on), so no per-unit dispatch or allocation happens. Results are identical
/// to the scalar `Program::evaluate`, unit by unit, whatever the chunk size and thread count.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/export.hpp"
#include "tieuchi/expr/program.hpp"
#include "tieuchi/value.hpp"

namespace tieuchi::expr {

/// A numeric or boolean column (booleans as 0/1), in one of the layouts callers hold:
/// - `values`: float64, NaN missing (the plain layout, read in place);
/// - `bytes` instead of `values`: uint8 (booleans held as bytes, as pandas' BooleanArray does);
/// - and optionally a mask, one byte per unit: `valid` (0 = missing) or `missing` (nonzero =
///   missing, the polarity of pandas' masks).
/// NaN in `values` is always missing. Masked and byte layouts are converted chunk by chunk as the
/// evaluator reads them, never as a whole column.
struct ColumnView {
  std::span<const double> values;
  std::span<const std::uint8_t> valid = {};
  std::span<const std::uint8_t> missing = {};
  std::span<const std::uint8_t> bytes = {};

  /// Number of units (of `values`, or of `bytes` when `values` is empty).
  std::size_t size() const noexcept { return values.empty() ? bytes.size() : values.size(); }
  /// What is inconsistent in the layout, or nullptr: values and bytes both given, or both masks.
  /// (Lengths are checked by whoever binds the column.)
  const char* layout_error() const noexcept {
    if (!values.empty() && !bytes.empty()) return "give values or bytes, not both";
    if (!valid.empty() && !missing.empty()) return "give a valid mask or a missing mask, not both";
    return nullptr;
  }
  /// Whether the evaluator can read `values` in place (no mask, no bytes).
  bool plain() const noexcept { return bytes.empty() && valid.empty() && missing.empty(); }
  /// Unit `i`'s value, NaN when missing.
  double at(std::size_t i) const noexcept {
    if ((!valid.empty() && valid[i] == 0) || (!missing.empty() && missing[i] != 0))
      return std::numeric_limits<double>::quiet_NaN();
    return values.empty() ? static_cast<double>(bytes[i]) : values[i];
  }
};

/// A dictionary-encoded string column: `codes[i]` indexes `dictionary`; a negative code is
/// missing.
struct StringColumnView {
  std::span<const std::int32_t> codes;
  std::span<const std::string> dictionary;
};

/// The inputs of N units, by slot. Views only: the columns must outlive the Batch.
class TIEUCHI_API Batch {
 public:
  Batch(const Environment& env, std::size_t rows);
  std::size_t rows() const noexcept { return rows_; }
  /// Unbinds every slot and sets the number of rows: one Batch reused for successive chunks of a
  /// table, without reallocating its bindings.
  void reset(std::size_t rows) noexcept;

  /// Binds a number or boolean field/parameter to a column. Throws DataError: E501 unknown
  /// name, E502 type mismatch, E503 length differs from `rows()`.
  Batch& set(std::string_view name, ColumnView column);
  /// Binds a string field/parameter.
  Batch& set(std::string_view name, StringColumnView column);
  /// Binds a field/parameter to one value for every unit (e.g. a national threshold).
  Batch& set_constant(std::string_view name, Value v);
  /// Binds a parameter whose value depends on a per-unit key (e.g. a region code): unit i gets
  /// `table[keys[i]]`; a key outside the table, or negative, is missing.
  Batch& set_keyed(std::string_view name, std::span<const double> table,
                   std::span<const std::int32_t> keys);
  /// Binds a reference (`met("2.1")`, ...) to a column.
  Batch& set_reference(std::string_view node_id, Accessor accessor, ColumnView column);
  /// Binds a slot directly.
  Batch& set_slot(std::uint32_t slot, ColumnView column);

  /// How a slot is bound (internal; used by the evaluator).
  struct Binding {
    enum class Kind : std::uint8_t { unbound, column, strings, constant, keyed };
    Kind kind = Kind::unbound;
    ColumnView column;
    StringColumnView strings;
    Value constant;
    std::span<const double> table;
    std::span<const std::int32_t> keys;
  };
  const Binding& binding(std::uint32_t slot) const { return bindings_.at(slot); }
  const Environment& environment() const noexcept { return *env_; }

 private:
  const Symbol& lookup(std::string_view name) const;
  void check_rows(std::size_t n, std::string_view name) const;
  const Environment* env_;
  std::size_t rows_;
  std::vector<Binding> bindings_;
};

/// Options for batch evaluation.
struct BatchOptions {
  unsigned threads = 1;         ///< 0 = all hardware threads; results do not depend on it
  std::size_t chunk_rows = 1024;
  bool values = true;           ///< fill OutputColumns::values
  bool statuses = true;         ///< fill OutputColumns::status for boolean outputs
};

/// The results of one output. `values` is NaN where missing; booleans are 0/1; strings are
/// indexes into BatchResult::strings.
struct OutputColumns {
  std::vector<double> values;
  std::vector<Status> status;
  /// With CompileOptions::gaps: one shortfall column per comparison leaf (see
  /// gap_leaves()), 0 where the leaf holds, NaN where unknown.
  std::vector<std::vector<double>> gaps;
  /// With CompileOptions::gap_totals, boolean outputs: the total shortfall per unit (the sum of
  /// gaps()' amounts where the output is false; 0 where it is true, NaN where it is unknown).
  std::vector<double> gap_total;
};

struct BatchResult {
  std::vector<OutputColumns> outputs;
  std::vector<std::string> strings;  ///< decoding table for string outputs
};

/// Evaluates `program` over every unit of `batch`. Throws DataError (E504) when a slot the
/// program reads is not bound.
TIEUCHI_API BatchResult evaluate(const Program& program, const Batch& batch, const BatchOptions& options = {});

/// Caller-owned destination of one output (either pointer may be null; lengths = rows).
struct OutputSpan {
  double* values = nullptr;
  Status* status = nullptr;
  double* gap = nullptr;  ///< the gap total (outputs with Program::computes_gap_total), else ignored
};
/// Evaluates into caller-provided buffers (no allocation proportional to N; used by bindings
/// to write straight into NumPy arrays). `out.size()` must equal `program.output_count()`.
TIEUCHI_API void evaluate_into(const Program& program, const Batch& batch, std::span<const OutputSpan> out,
                   const BatchOptions& options = {});

}  // namespace tieuchi::expr
