#pragma once
// A diagnostic placed at the origin of a pack element (private to src/model).

#include <string>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/model/pack.hpp"

namespace tieuchi::model::detail {

inline Diagnostic diagnostic_at(std::string code, Severity severity, const Origin& at, std::string message,
                                std::string hint = {}, std::string rule_id = {}) {
  Diagnostic d;
  d.code = std::move(code);
  d.severity = severity;
  d.message = std::move(message);
  d.source = at.file;
  d.span = at.span;
  d.hint = std::move(hint);
  d.rule_id = std::move(rule_id);
  return d;
}

}  // namespace tieuchi::model::detail
