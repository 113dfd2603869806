#pragma once
// The reader of one pack file (private to src/io): one class whose parts live in one room each,
// accessors.cpp (positions, shapes, scalars, values), sections.cpp (the pack's sections) and
// pack_reader.cpp (the file as a whole, and read_pack_text/read_pack_file).

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "support/text.hpp"
#include "io/yaml/yaml_support.hpp"
#include "tieuchi/io/pack_reader.hpp"

namespace tieuchi::io::detail {

using model::Condition;
using model::Origin;

class FileReader {
 public:
  FileReader(std::string name, std::string text)
      : file_(std::make_shared<Source>(name, std::move(text))), text_(file_->text()) {}

  PackFileResult read();

 private:
  SourcePtr file_;
  const std::string& text_;
  Diagnostics diags_;
  std::string pack_id_;

  // ---- positions and diagnostics ------------------------------------------------------------

  SourceSpan span_at(const YAML::Mark& m) const;

  SourceSpan span_of(const YAML::Node& n) const;

  void report(std::string code, Severity sev, SourceSpan span, std::string message,
              std::string hint = {}, std::string rule_id = {}) {
    Diagnostic d;
    d.code = std::move(code);
    d.severity = sev;
    d.message = std::move(message);
    d.source = file_;
    d.span = span;
    d.hint = std::move(hint);
    d.rule_id = std::move(rule_id);
    diags_.add(std::move(d));
  }
  void error(std::string code, SourceSpan span, std::string message, std::string hint = {},
             std::string rule_id = {}) {
    report(std::move(code), Severity::error, span, std::move(message), std::move(hint),
           std::move(rule_id));
  }

  Origin origin(const YAML::Node& n) const { return {file_, span_of(n)}; }

  // ---- shape checks --------------------------------------------------------------------------

  /// Reports unknown keys (E302, with a suggestion) and duplicate keys (E306) of a mapping.
  template <std::size_t N>
  void check_keys(const YAML::Node& map, const std::string_view (&allowed)[N], std::string_view what) {
    check_keys(map, std::span<const std::string_view>(allowed, N), what);
  }
  void check_keys(const YAML::Node& map, std::span<const std::string_view> allowed,
                  std::string_view what) {
    std::map<std::string, YAML::Mark> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) {
        error("E304", span_of(it->first), fmt::format("a key of {} must be a plain name", what));
        continue;
      }
      std::string key = it->first.Scalar();
      if (auto [pos, inserted] = seen.emplace(key, it->first.Mark()); !inserted) {
        auto first = file_->location(static_cast<std::uint32_t>(pos->second.pos));
        error("E306", span_of(it->first),
              fmt::format("duplicate key '{}' in {} (first at line {})", key, what, first.line));
        continue;
      }
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::vector<std::string> names(allowed.begin(), allowed.end());
        std::string hint = suggest(key, names);
        error("E302", span_of(it->first), fmt::format("unknown key '{}' in {}", key, what),
              hint.empty() ? fmt::format("expected one of: {}", fmt::join(allowed, ", "))
                           : fmt::format("did you mean '{}'?", hint));
      }
    }
  }

  bool expect_map(const YAML::Node& n, std::string_view what);
  bool expect_seq(const YAML::Node& n, std::string_view what);

  std::optional<std::string> scalar(const YAML::Node& n, std::string_view what);

  std::optional<std::string> required_scalar(const YAML::Node& map, const char* key,
                                             std::string_view what) {
    YAML::Node n = map[key];
    if (!n || n.IsNull()) {
      error("E303", span_of(map), fmt::format("{} needs '{}'", what, key));
      return std::nullopt;
    }
    auto s = scalar(n, fmt::format("'{}'", key));
    if (s && s->empty()) {
      error("E303", span_of(n), fmt::format("'{}' of {} is empty", key, what));
      return std::nullopt;
    }
    return s;
  }

  std::optional<double> number(const YAML::Node& n, std::string_view what);

  std::optional<int> year(const YAML::Node& n, std::string_view what);

  std::optional<Type> type(const YAML::Node& n, std::string_view what);

  bool flag(const YAML::Node& n, std::string_view what);

  std::vector<std::string> string_list(const YAML::Node& n, std::string_view what,
                                       std::vector<Origin>* origins = nullptr) {
    std::vector<std::string> out;
    if (n.IsScalar()) {  // a single value is a list of one
      out.push_back(n.Scalar());
      if (origins) origins->push_back(origin(n));
      return out;
    }
    if (!expect_seq(n, what)) return out;
    for (const auto& item : n) {
      if (auto s = scalar(item, what)) {
        out.push_back(*s);
        if (origins) origins->push_back(origin(item));
      }
    }
    return out;
  }

  // ---- values --------------------------------------------------------------------------------

  /// A value written in a pack: null/~ is missing, quoted scalars are strings, true/false are
  /// booleans, numbers (with an optional %) are numbers, anything else is a string.
  Value value(const YAML::Node& n, std::string_view what);

  /// A value that must have type `t`.
  Value typed_value(const YAML::Node& n, Type t, std::string_view what);

  model::Name name(const YAML::Node& n);

  model::Provenance provenance(const YAML::Node& n, std::string_view what);

  /// Reads `source`, `item`, `status`, `note` from a mapping that may hold other keys too.
  void read_provenance_keys(const YAML::Node& n, model::Provenance& p);

  /// An expression: a Source holding just its text, placed at its position in the file.
  model::Expression expression(const YAML::Node& n, std::string_view what);

  // ---- sections ------------------------------------------------------------------------------

  void read_valid(const YAML::Node& n, model::Pack& pack);

  void read_sources(const YAML::Node& n, model::Pack& pack);

  // check_keys variant that only looks for duplicates (maps whose keys are user names).
  void check_keys(const YAML::Node& map, std::span<const std::string_view>, std::string_view what,
                  bool) {
    std::map<std::string, YAML::Mark> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) {
        error("E304", span_of(it->first), fmt::format("a key of {} must be a plain name", what));
        continue;
      }
      if (auto [pos, inserted] = seen.emplace(it->first.Scalar(), it->first.Mark()); !inserted) {
        auto first = file_->location(static_cast<std::uint32_t>(pos->second.pos));
        error("E306", span_of(it->first),
              fmt::format("duplicate name '{}' in {} (first at line {})", it->first.Scalar(), what,
                          first.line));
      }
    }
  }

  void read_keys(const YAML::Node& n, model::Pack& pack);

  void read_fields(const YAML::Node& n, model::Pack& pack);

  void read_parameters(const YAML::Node& n, model::Pack& pack);

  void read_parameter_value(const YAML::Node& e, model::Parameter& p);

  Condition condition(const YAML::Node& n);

  void read_tables(const YAML::Node& n, model::Pack& pack);

  std::optional<model::Remediation> remediation(const YAML::Node& n);

  void read_indicator(const YAML::Node& n, const std::string& criterion, model::Pack& pack);

  void read_criteria(const YAML::Node& n, model::Pack& pack);

  void read_levels(const YAML::Node& n, model::Pack& pack);

  void read_tests(const YAML::Node& n, model::Pack& pack);

};

}  // namespace tieuchi::io::detail
