#pragma once
/// @file expr/functions.hpp
/// The function registry: the built-in functions of the language and the functions an embedder
/// adds. The set is open: `FunctionRegistry::add` registers a typed native function that the
/// checker, the compiler and both evaluators (scalar and batch) then use like a built-in.
///
/// ```cpp
/// auto reg = tieuchi::expr::FunctionRegistry::with_builtins();
/// reg->add("per_1000", {tieuchi::Type::number, tieuchi::Type::number}, tieuchi::Type::number,
///          [](std::span<const double> a) { return 1000.0 * a[0] / a[1]; },
///          "per_1000(count, population): count per thousand inhabitants");
/// tieuchi::expr::Environment env(reg);
/// ```

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/export.hpp"
#include "tieuchi/value.hpp"

namespace tieuchi::expr {

/// Built-in functions. Their typing rules are in docs/language.md; the compiler lowers each to
/// instructions (none is a call at run time).
enum class Builtin : std::uint8_t {
  min, max, sum, avg, count, abs, round, clamp, between, ratio, pct, coalesce, is_missing,
  all, any, count_met, at_least, lookup,
  // references to other nodes of a pack (resolved through the Environment)
  met, value, gap, applicable,
};

/// A native function: receives its arguments as doubles (numbers; booleans as 0/1) and returns
/// a double (NaN means missing). Must be thread-safe and free of side effects.
using NativeFunction = std::function<double(std::span<const double>)>;

/// What a native function sees of missing arguments.
enum class MissingPolicy : std::uint8_t {
  propagate,  ///< any missing argument makes the result missing; the function is not called
  pass,       ///< missing arguments are passed as NaN and the function decides
};

/// One registered function.
struct FunctionInfo {
  std::string name;
  std::string doc;                    ///< one line: signature and meaning
  std::optional<Builtin> builtin;     ///< set for built-ins
  std::vector<Type> params;           ///< native functions: parameter types (number or boolean)
  Type result = Type::number;         ///< native functions: result type (number or boolean)
  NativeFunction fn;                  ///< native functions only
  MissingPolicy missing = MissingPolicy::propagate;
};

/// A set of functions by name. Immutable once shared with an Environment (share it as
/// `std::shared_ptr<const FunctionRegistry>`); lookups are thread-safe.
class TIEUCHI_API FunctionRegistry {
 public:
  /// An empty registry (not even the built-ins).
  FunctionRegistry() = default;
  /// A new registry holding every built-in function, to which native ones may be added.
  static std::shared_ptr<FunctionRegistry> with_builtins();
  /// The shared registry of built-ins.
  static std::shared_ptr<const FunctionRegistry> builtins();

  /// Adds a native function. Throws std::invalid_argument if the name is taken or not an
  /// identifier, or if a type is not number/boolean.
  void add(std::string name, std::vector<Type> params, Type result, NativeFunction fn,
           std::string doc = {}, MissingPolicy missing = MissingPolicy::propagate);

  /// The function called `name`, or null. Index stays valid for the registry's lifetime.
  const FunctionInfo* find(std::string_view name) const;
  const FunctionInfo& at(std::uint32_t index) const { return functions_.at(index); }
  std::optional<std::uint32_t> index_of(std::string_view name) const;
  const std::vector<FunctionInfo>& all() const noexcept { return functions_; }

 private:
  std::vector<FunctionInfo> functions_;
};

}  // namespace tieuchi::expr
