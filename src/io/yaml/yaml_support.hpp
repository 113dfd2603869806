#pragma once
// Helpers for reading pack files (private to src/io and src/model).

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/suggest.hpp"
#include "support/text.hpp"
#include "tieuchi/diagnostics.hpp"
#include "tieuchi/model/pack.hpp"

namespace tieuchi::io {

using support::parse_number;

/// Whether a condition cell is meant as a numeric range (starts with a comparison or a bracket).
inline bool looks_like_range(std::string_view s) {
  return !s.empty() && (s[0] == '<' || s[0] == '>' || s[0] == '=' || s[0] == '[' || s[0] == '(');
}

/// `> 3`, `>= 3`, `< 3`, `<= 3`, `== 3`, `[1, 3]`, `(1, 3]`, `[50%, 70%)`; also a bare number
/// (equality). Nullopt when malformed.
inline std::optional<model::Condition> parse_range(std::string_view s) {
  model::Condition c;
  c.kind = model::Condition::Kind::range;
  auto trim = [](std::string_view v) {
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    return v;
  };
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (s[0] == '[' || s[0] == '(') {
    char close = s.back();
    if (close != ']' && close != ')') return std::nullopt;
    auto comma = s.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    auto lo = parse_number(trim(s.substr(1, comma - 1)));
    auto hi = parse_number(trim(s.substr(comma + 1, s.size() - comma - 2)));
    if (!lo || !hi || *lo > *hi) return std::nullopt;
    c.lo = *lo;
    c.hi = *hi;
    c.lo_open = s[0] == '(';
    c.hi_open = close == ')';
    return c;
  }
  std::string_view op;
  for (std::string_view o : {">=", "<=", "==", ">", "<"}) {
    if (s.starts_with(o)) {
      op = o;
      break;
    }
  }
  auto v = parse_number(trim(s.substr(op.size())));
  if (!v) return std::nullopt;
  if (op == ">") { c.lo = *v; c.lo_open = true; }
  else if (op == ">=") { c.lo = *v; c.lo_open = false; }
  else if (op == "<") { c.hi = *v; c.hi_open = true; }
  else if (op == "<=") { c.hi = *v; c.hi_open = false; }
  else { c.lo = c.hi = *v; c.lo_open = c.hi_open = false; }
  return c;
}

using support::suggest;

inline std::optional<Status> status_from_string(std::string_view s) {
  if (s == "met") return Status::met;
  if (s == "unmet") return Status::unmet;
  if (s == "unknown") return Status::unknown;
  if (s == "not_applicable" || s == "n/a") return Status::not_applicable;
  return std::nullopt;
}

/// A Source for an expression written in a pack file at byte `pos` (0-based `line`/`column` of
/// its YAML node), holding only the expression but reporting positions in file coordinates.
/// Block scalars (`|`, `>`) keep their raw lines, indentation included, so every line's columns
/// are exact; the indentation is only whitespace to the expression language.
inline SourcePtr make_expression_source(const SourcePtr& file, const std::string& text,
                                        std::size_t pos, int line, int column,
                                        const std::string& value) {
  char c = pos < text.size() ? text[pos] : ' ';
  if (c == '|' || c == '>') {
    std::size_t start = text.find('\n', pos);
    if (start == std::string::npos) return std::make_shared<Source>(file->name(), value, line, column);
    ++start;
    // The block runs while lines are blank or indented at least as much as its first line.
    std::size_t indent = std::string::npos, p = start, end = start;
    int first_line = line + 1, lines_before = 0;
    bool seen_content = false;
    while (p < text.size()) {
      std::size_t eol = text.find('\n', p);
      if (eol == std::string::npos) eol = text.size();
      std::string_view l(text.data() + p, eol - p);
      std::size_t ind = l.find_first_not_of(' ');
      bool blank = ind == std::string_view::npos || l[ind] == '\r';
      if (!blank) {
        if (indent == std::string::npos) indent = ind;
        if (ind < indent) break;
        seen_content = true;
        end = eol;
      } else if (!seen_content) {
        ++lines_before;
        start = eol + 1;
      }
      p = eol + 1;
    }
    if (!seen_content) return std::make_shared<Source>(file->name(), value, line, column);
    return std::make_shared<Source>(file->name(), text.substr(start, end - start),
                                    static_cast<std::uint32_t>(first_line + lines_before), 0);
  }
  std::uint32_t col = static_cast<std::uint32_t>(column) + ((c == '"' || c == '\'') ? 1 : 0);
  return std::make_shared<Source>(file->name(), value, static_cast<std::uint32_t>(line), col);
}

}  // namespace tieuchi::io
