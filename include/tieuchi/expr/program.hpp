#pragma once
/// @file expr/program.hpp
/// Compiling checked expressions into a flat program, and evaluating it for one unit.
///
/// A Program is a list of instructions in static single-assignment form with every name already
/// resolved to a slot and every constant folded: evaluation never looks a string up. It holds
/// any number of outputs (one per compiled expression), so a whole rule pack can be one program.
/// Programs are immutable and cheap to copy (shared); evaluate them from many threads at once.
///
/// ```cpp
/// tieuchi::expr::Environment env;
/// env.add_field("irrigated_share", tieuchi::Type::number, "%");
/// auto prog = tieuchi::expr::compile(analyze_or_throw("irrigated_share >= 80%", env));
/// tieuchi::expr::Record unit(env);
/// unit.set("irrigated_share", 0.72);
/// prog.evaluate(unit)[0];  // false
/// ```

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/export.hpp"
#include "tieuchi/expr/checker.hpp"
#include "tieuchi/value.hpp"

namespace tieuchi::expr {

namespace detail {
struct ProgramData;
}

/// Options for compile().
struct CompileOptions {
  /// Also compute, in batch evaluation, one shortfall column per comparison leaf of each output
  /// (see gap.hpp). Scalar gaps are always available through `Program::trace`.
  bool gaps = false;
  /// Also compute, in batch evaluation, each boolean output's total shortfall: the sum of the
  /// amounts `gaps()` gives for the unit (same leaves, same `or` choice, same order of
  /// summation, so the same double), in the same pass as the output itself
  /// (OutputSpan::gap, OutputColumns::gap_total), where the output is false; 0 where it is true
  /// and NaN where it is unknown.
  bool gap_totals = false;
};

/// The inputs of one unit, by slot. Missing unless set. Strings are kept as text.
class TIEUCHI_API Record {
 public:
  /// A record with every slot of `env` missing. Keeps a reference to `env` for name lookups:
  /// `env` must outlive the record.
  explicit Record(const Environment& env);
  /// Sets a field or parameter by name. Throws DataError (E501) for an unknown name and (E502)
  /// for a value of the wrong type; a missing Value is always accepted.
  Record& set(std::string_view name, Value v);
  /// Sets a reference (`met("2.1")` etc.). Throws DataError (E501) for an unknown node.
  Record& set_reference(std::string_view node_id, Accessor accessor, Value v);
  /// Sets a slot directly (no type check beyond the slot's declared type).
  Record& set_slot(std::uint32_t slot, Value v);
  const Value& get(std::uint32_t slot) const { return values_.at(slot); }
  const Environment& environment() const noexcept { return *env_; }

 private:
  const Environment* env_;
  std::vector<Value> values_;
};

/// Every intermediate value of one scalar evaluation, for explanations and gaps.
class TIEUCHI_API Trace {
 public:
  /// The value of an AST node of output `output`, or missing when the node has no value of its
  /// own (a list).
  Value value_of(std::size_t output, NodeId node) const;
  /// The value of output `output`.
  Value output(std::size_t output) const;
  /// The status of a boolean output (met/unmet/unknown).
  Status status(std::size_t output) const;

 private:
  friend class Program;
  std::shared_ptr<const detail::ProgramData> program_;
  std::vector<double> temps_;
  std::vector<std::string> strings_;  // string ids of this evaluation
};

/// A compiled set of expressions.
class TIEUCHI_API Program {
 public:
  Program() = default;

  std::size_t output_count() const noexcept;
  Type output_type(std::size_t output) const;
  /// The checked expression of an output (its AST, types and resolution).
  const CheckedExpr& expression(std::size_t output) const;
  /// Slots read by the program (fields, parameters, references), ascending.
  const std::vector<std::uint32_t>& input_slots() const noexcept;
  /// Number of instructions (after folding and deduplication).
  std::size_t instruction_count() const noexcept;
  /// Whether it was compiled with CompileOptions::gaps (batch shortfall columns).
  bool computes_gaps() const noexcept;
  /// Whether output `output` has a gap total column (CompileOptions::gap_totals; outputs of type
  /// boolean, or null). Throws std::out_of_range for an output the program does not have.
  bool computes_gap_total(std::size_t output) const;
  /// A readable listing of the instructions, for debugging and docs.
  std::string disassemble() const;

  /// Evaluates every output for one unit. Missing inputs give missing values and unknown
  /// statuses, never 0 or false.
  std::vector<Value> evaluate(const Record& record) const;
  /// Like evaluate(), but keeps every intermediate value (for gaps and explanations).
  Trace trace(const Record& record) const;

  /// Internal; used by the batch evaluator and gap analysis.
  const detail::ProgramData& data() const { return *data_; }
  const std::shared_ptr<const detail::ProgramData>& shared_data() const { return data_; }

 private:
  friend Program compile(std::span<const CheckedExpr>, const CompileOptions&);
  std::shared_ptr<const detail::ProgramData> data_;
};

/// Compiles checked expressions (checked against the same Environment) into one program whose
/// outputs are in the same order. Throws std::invalid_argument if the expressions were checked
/// against different environments (slot counts differ) or the span is empty.
TIEUCHI_API Program compile(std::span<const CheckedExpr> exprs, const CompileOptions& options = {});
TIEUCHI_API Program compile(const CheckedExpr& expr, const CompileOptions& options = {});

}  // namespace tieuchi::expr
