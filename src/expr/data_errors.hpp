#pragma once
// Data errors (E5xx) raised while binding inputs, shared by the scalar and batch evaluators.

#include <string>

#include "tieuchi/error.hpp"
#include "tieuchi/value.hpp"

namespace tieuchi::expr::detail {

/// Throws DataError with one diagnostic naming the column (field) it is about.
[[noreturn]] inline void throw_data_error(std::string code, std::string message, std::string column = {}) {
  Diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.column_name = std::move(column);
  Diagnostics all;
  all.add(std::move(d));
  throw DataError(std::move(all));
}

/// Whether `v` may be the value of a slot declared `t` (missing always may).
inline bool value_fits(const Value& v, Type t) {
  if (v.is_missing()) return true;
  switch (t) {
    case Type::number: return v.is_number();
    case Type::boolean: return v.is_bool();
    case Type::string: return v.is_string();
    default: return false;
  }
}

}  // namespace tieuchi::expr::detail
