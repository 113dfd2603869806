#pragma once
/// @file value.hpp
/// Values, types and statuses shared by every module.
///
/// Missing data is a first-class state: a Value can be missing, comparisons with a missing value
/// are *unknown*, and a status is never silently turned into met or unmet (Kleene logic).

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "tieuchi/export.hpp"

namespace tieuchi {

/// The static type of an expression or an input field.
enum class Type : std::uint8_t {
  number,   ///< IEEE double; percentages are fractions (`85%` is 0.85)
  boolean,  ///< three-valued at run time: true, false, unknown
  string,   ///< UTF-8 text, compared for equality only
  list,     ///< a literal list `[a, b, c]`; only as an argument (`in`, `all`, `sum`, `lookup`)
  null,     ///< the type of the `null` literal; unifies with every other type
};

/// "number", "bool", "string", "list", "null".
TIEUCHI_API std::string_view to_string(Type t) noexcept;

/// The outcome of a rule for one unit.
enum class Status : std::uint8_t {
  unmet = 0,           ///< the rule evaluated to false
  met = 1,             ///< the rule evaluated to true
  unknown = 2,         ///< the rule could not be decided (missing data, threshold not set)
  not_applicable = 3,  ///< the rule's applicability condition is false for this unit
};

/// "unmet", "met", "unknown", "not_applicable".
TIEUCHI_API std::string_view to_string(Status s) noexcept;

/// A scalar value of any Type, or missing. Lists are not values (they exist only in the source).
class TIEUCHI_API Value {
 public:
  Value() = default;  ///< missing
  Value(double v) : v_(v) {}                                 // NOLINT(implicit)
  Value(int v) : v_(static_cast<double>(v)) {}               // NOLINT(implicit)
  Value(bool v) : v_(v) {}                                   // NOLINT(implicit)
  Value(std::string v) : v_(std::move(v)) {}                 // NOLINT(implicit)
  Value(const char* v) : v_(std::string(v)) {}               // NOLINT(implicit)
  static Value missing() { return {}; }

  bool is_missing() const noexcept { return std::holds_alternative<std::monostate>(v_); }
  bool is_number() const noexcept { return std::holds_alternative<double>(v_); }
  bool is_bool() const noexcept { return std::holds_alternative<bool>(v_); }
  bool is_string() const noexcept { return std::holds_alternative<std::string>(v_); }
  /// Preconditions: the matching `is_*()` holds.
  double as_number() const { return std::get<double>(v_); }
  bool as_bool() const { return std::get<bool>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }

  /// Text for reports: numbers in shortest round-trip form, `true`/`false`, the string itself,
  /// or `null` when missing.
  std::string to_string() const;

  friend bool operator==(const Value&, const Value&) = default;

 private:
  std::variant<std::monostate, double, bool, std::string> v_;
};

}  // namespace tieuchi
