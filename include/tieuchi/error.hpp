#pragma once
/// @file error.hpp
/// Exceptions thrown by the `*_or_throw` conveniences. Bad user input is normally returned as a
/// value (a result holding Diagnostics); these wrap the same Diagnostics for callers who prefer
/// exceptions. `what()` is the rendered text of every diagnostic.

#include <stdexcept>
#include <string>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"

namespace tieuchi {

/// Base of every tieuchi exception.
class TIEUCHI_API Error : public std::runtime_error {
 public:
  explicit Error(Diagnostics diagnostics);
  explicit Error(const std::string& message);
  const Diagnostics& diagnostics() const noexcept { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

/// The text of an expression or pack is not well formed (codes E1xx).
class TIEUCHI_API ParseError : public Error {
 public:
  using Error::Error;
};
/// Names, types, arity or references are wrong (codes E2xx).
class TIEUCHI_API CheckError : public Error {
 public:
  using Error::Error;
};
/// A rule pack is invalid (codes E3xx, E4xx).
class TIEUCHI_API PackError : public Error {
 public:
  using Error::Error;
};
/// Input data is invalid or cannot be read (codes E5xx).
class TIEUCHI_API DataError : public Error {
 public:
  using Error::Error;
};
/// The planning problem is invalid: targets, horizon, budgets, cost overrides, pins or the
/// planner's input files (codes E6xx).
class TIEUCHI_API PlanError : public Error {
 public:
  using Error::Error;
};
/// A resource limit was exceeded at run time (size, depth, evaluation budget).
class TIEUCHI_API LimitError : public Error {
 public:
  using Error::Error;
};

}  // namespace tieuchi
