// The YAML accessors of the pack reader: positions, shapes, scalars, numbers, years, types, values, names, provenance and expressions, each problem reported at its line and column.

#include "io/yaml/file_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace tieuchi::io::detail {


SourceSpan FileReader::span_at(const YAML::Mark& m) const {
  auto begin = static_cast<std::uint32_t>(std::clamp<int>(m.pos, 0, static_cast<int>(text_.size())));
  return {begin, std::min<std::uint32_t>(begin + 1, static_cast<std::uint32_t>(text_.size()))};
}
SourceSpan FileReader::span_of(const YAML::Node& n) const {
  SourceSpan s = span_at(n.Mark());
  if (n.IsScalar()) {
    std::size_t len = n.Scalar().size();
    char c = s.begin < text_.size() ? text_[s.begin] : ' ';
    if (c == '"' || c == '\'') len += 2;
    if (c == '|' || c == '>') len = 1;
    // Never past the end of the line.
    std::size_t eol = text_.find('\n', s.begin);
    if (eol == std::string::npos) eol = text_.size();
    s.end = static_cast<std::uint32_t>(std::min(s.begin + std::max<std::size_t>(len, 1), eol));
    if (s.end <= s.begin) s.end = s.begin + 1;
  }
  return s;
}
bool FileReader::expect_map(const YAML::Node& n, std::string_view what) {
  if (n.IsMap()) return true;
  error("E304", span_of(n), fmt::format("{} must be a mapping ({}: ...)", what, "key"));
  return false;
}
bool FileReader::expect_seq(const YAML::Node& n, std::string_view what) {
  if (n.IsSequence()) return true;
  error("E304", span_of(n), fmt::format("{} must be a list (- ...)", what));
  return false;
}
std::optional<std::string> FileReader::scalar(const YAML::Node& n, std::string_view what) {
  if (n.IsScalar()) return n.Scalar();
  if (n.IsNull()) return std::string{};
  error("E304", span_of(n), fmt::format("{} must be a single value, not a {}", what,
                                        n.IsMap() ? "mapping" : "list"));
  return std::nullopt;
}
std::optional<double> FileReader::number(const YAML::Node& n, std::string_view what) {
  auto s = scalar(n, what);
  if (!s) return std::nullopt;
  if (auto v = parse_number(*s)) return v;
  error("E305", span_of(n), fmt::format("{} must be a number (e.g. 80% or 0.8), got '{}'", what, *s));
  return std::nullopt;
}
std::optional<int> FileReader::year(const YAML::Node& n, std::string_view what) {
  auto s = scalar(n, what);
  if (!s) return std::nullopt;
  int y = 0;
  // Accept a year or an ISO date (the year is taken).
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), y);
  bool ok = ec == std::errc{} && (p == s->data() + s->size() || *p == '-') && y >= 1900 && y <= 2200;
  if (!ok) {
    error("E305", span_of(n), fmt::format("{} must be a year (e.g. 2022) or an ISO date, got '{}'", what, *s));
    return std::nullopt;
  }
  return y;
}
std::optional<Type> FileReader::type(const YAML::Node& n, std::string_view what) {
  auto s = scalar(n, what);
  if (!s) return std::nullopt;
  if (*s == "number") return Type::number;
  if (*s == "bool" || *s == "boolean") return Type::boolean;
  if (*s == "string") return Type::string;
  error("E305", span_of(n), fmt::format("{} must be number, bool or string, got '{}'", what, *s));
  return std::nullopt;
}
bool FileReader::flag(const YAML::Node& n, std::string_view what) {
  auto s = scalar(n, what);
  if (!s) return false;
  if (*s == "true") return true;
  if (*s == "false") return false;
  error("E305", span_of(n), fmt::format("{} must be true or false, got '{}'", what, *s));
  return false;
}
/// A value written in a pack: null/~ is missing, quoted scalars are strings, true/false are
/// booleans, numbers (with an optional %) are numbers, anything else is a string.
Value FileReader::value(const YAML::Node& n, std::string_view what) {
  if (n.IsNull()) return Value::missing();
  if (!n.IsScalar()) {
    error("E304", span_of(n), fmt::format("{} must be a single value", what));
    return Value::missing();
  }
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return Value(s);  // quoted: always text
  if (s == "true") return Value(true);
  if (s == "false") return Value(false);
  if (auto v = parse_number(s)) return Value(*v);
  return Value(s);
}
/// A value that must have type `t`.
Value FileReader::typed_value(const YAML::Node& n, Type t, std::string_view what) {
  Value v = value(n, what);
  if (v.is_missing()) return v;
  bool ok = (t == Type::number && v.is_number()) || (t == Type::boolean && v.is_bool()) ||
            (t == Type::string && v.is_string());
  if (!ok) {
    error("E305", span_of(n),
          fmt::format("{} must be a {}, got '{}'", what, to_string(t), n.Scalar()));
    return Value::missing();
  }
  return v;
}
model::Name FileReader::name(const YAML::Node& n) {
  model::Name out;
  if (n.IsScalar()) {
    out.en = n.Scalar();
    return out;
  }
  if (!expect_map(n, "a name")) return out;
  static constexpr std::string_view keys[] = {"vi", "en"};
  check_keys(n, keys, "a name");
  if (auto v = n["vi"]) out.vi = scalar(v, "name.vi").value_or("");
  if (auto e = n["en"]) out.en = scalar(e, "name.en").value_or("");
  return out;
}
model::Provenance FileReader::provenance(const YAML::Node& n, std::string_view what) {
  model::Provenance p;
  if (!expect_map(n, what)) return p;
  static constexpr std::string_view keys[] = {"source", "item", "status", "note"};
  check_keys(n, keys, what);
  read_provenance_keys(n, p);
  return p;
}
/// An expression: a Source holding just its text, placed at its position in the file.
model::Expression FileReader::expression(const YAML::Node& n, std::string_view what) {
  auto s = scalar(n, what);
  if (!s) s = std::string{};
  return {make_expression_source(file_, text_, n.Mark().pos, n.Mark().line, n.Mark().column, *s)};
}

}  // namespace tieuchi::io::detail
