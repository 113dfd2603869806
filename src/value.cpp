#include "tieuchi/value.hpp"

#include <fmt/format.h>

#include <cmath>

#include "tieuchi/version.hpp"

namespace tieuchi {

std::string_view version() noexcept { return TIEUCHI_VERSION_STRING; }

std::string_view to_string(Type t) noexcept {
  switch (t) {
    case Type::number: return "number";
    case Type::boolean: return "bool";
    case Type::string: return "string";
    case Type::list: return "list";
    case Type::null: return "null";
  }
  return "?";
}

std::string_view to_string(Status s) noexcept {
  switch (s) {
    case Status::unmet: return "unmet";
    case Status::met: return "met";
    case Status::unknown: return "unknown";
    case Status::not_applicable: return "not_applicable";
  }
  return "?";
}

std::string Value::to_string() const {
  if (is_missing()) return "null";
  if (is_bool()) return as_bool() ? "true" : "false";
  if (is_string()) return as_string();
  return fmt::format("{}", as_number());
}

}  // namespace tieuchi
