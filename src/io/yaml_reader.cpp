// Reading one pack file: YAML (yaml-cpp) -> model::Pack, with every structural problem reported
// at its file:line:column (codes E301-E309, E313; see docs/errors.md).

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "support/csv_table.hpp"
#include "support/text.hpp"
#include "io/yaml_support.hpp"
#include "tieuchi/io/pack_reader.hpp"

namespace tieuchi::io {

namespace {

using model::Condition;
using model::Origin;

constexpr std::string_view kTopKeys[] = {
    "pack", "title", "version", "unit", "legal_basis", "valid", "extends", "description",
    "sources", "keys", "fields", "parameters", "tables", "criteria", "levels", "tests"};

class FileReader {
 public:
  FileReader(std::string name, std::string text)
      : file_(std::make_shared<Source>(name, std::move(text))), text_(file_->text()) {}

  PackFileResult read() {
    PackFileResult result;
    YAML::Node root;
    try {
      root = YAML::Load(text_);
    } catch (const YAML::ParserException& e) {
      error("E301", span_at(e.mark), fmt::format("YAML syntax error: {}", e.msg));
      result.diagnostics = std::move(diags_);
      return result;
    }
    if (!root.IsMap()) {
      error("E304", root.IsDefined() && !root.IsNull() ? span_of(root) : SourceSpan{},
            "a pack file must be a mapping (`pack: <id>`, `criteria: [...]`, ...)");
      result.diagnostics = std::move(diags_);
      return result;
    }
    model::Pack pack;
    pack.origin = {file_, span_of(root)};
    pack.files.push_back(file_);
    check_keys(root, kTopKeys, "pack");

    if (auto id = required_scalar(root, "pack", "the pack")) {
      pack.id = *id;
      if (!is_pack_id(pack.id))
        error("E305", span_of(root["pack"]),
              fmt::format("pack id '{}' must be letters, digits, '-', '_' or '.'", pack.id));
    }
    pack_id_ = pack.id;
    if (auto t = root["title"]) pack.title = name(t);
    if (auto v = root["version"]) pack.version = scalar(v, "version").value_or("");
    if (auto u = root["unit"]) pack.unit_kind = scalar(u, "unit").value_or("unit");
    if (auto lb = root["legal_basis"]) pack.legal_basis = provenance(lb, "legal_basis");
    if (auto v = root["valid"]) read_valid(v, pack);
    if (auto e = root["extends"]) {
      result.extends = scalar(e, "extends").value_or("");
      result.extends_origin = origin(e);
    }
    if (auto s = root["sources"]) read_sources(s, pack);
    if (auto k = root["keys"]) read_keys(k, pack);
    if (auto f = root["fields"]) read_fields(f, pack);
    if (auto p = root["parameters"]) read_parameters(p, pack);
    if (auto t = root["tables"]) read_tables(t, pack);
    if (auto c = root["criteria"]) read_criteria(c, pack);
    if (auto l = root["levels"]) read_levels(l, pack);
    if (auto t = root["tests"]) read_tests(t, pack);
    pack.lineage = {pack.id};

    result.pack = std::move(pack);
    result.diagnostics = std::move(diags_);
    return result;
  }

 private:
  SourcePtr file_;
  const std::string& text_;
  Diagnostics diags_;
  std::string pack_id_;

  // ---- positions and diagnostics ------------------------------------------------------------

  SourceSpan span_at(const YAML::Mark& m) const {
    auto begin = static_cast<std::uint32_t>(std::clamp<int>(m.pos, 0, static_cast<int>(text_.size())));
    return {begin, std::min<std::uint32_t>(begin + 1, static_cast<std::uint32_t>(text_.size()))};
  }

  SourceSpan span_of(const YAML::Node& n) const {
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

  bool expect_map(const YAML::Node& n, std::string_view what) {
    if (n.IsMap()) return true;
    error("E304", span_of(n), fmt::format("{} must be a mapping ({}: ...)", what, "key"));
    return false;
  }
  bool expect_seq(const YAML::Node& n, std::string_view what) {
    if (n.IsSequence()) return true;
    error("E304", span_of(n), fmt::format("{} must be a list (- ...)", what));
    return false;
  }

  std::optional<std::string> scalar(const YAML::Node& n, std::string_view what) {
    if (n.IsScalar()) return n.Scalar();
    if (n.IsNull()) return std::string{};
    error("E304", span_of(n), fmt::format("{} must be a single value, not a {}", what,
                                          n.IsMap() ? "mapping" : "list"));
    return std::nullopt;
  }

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

  std::optional<double> number(const YAML::Node& n, std::string_view what) {
    auto s = scalar(n, what);
    if (!s) return std::nullopt;
    if (auto v = parse_number(*s)) return v;
    error("E305", span_of(n), fmt::format("{} must be a number (e.g. 80% or 0.8), got '{}'", what, *s));
    return std::nullopt;
  }

  std::optional<int> year(const YAML::Node& n, std::string_view what) {
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

  std::optional<Type> type(const YAML::Node& n, std::string_view what) {
    auto s = scalar(n, what);
    if (!s) return std::nullopt;
    if (*s == "number") return Type::number;
    if (*s == "bool" || *s == "boolean") return Type::boolean;
    if (*s == "string") return Type::string;
    error("E305", span_of(n), fmt::format("{} must be number, bool or string, got '{}'", what, *s));
    return std::nullopt;
  }

  bool flag(const YAML::Node& n, std::string_view what) {
    auto s = scalar(n, what);
    if (!s) return false;
    if (*s == "true") return true;
    if (*s == "false") return false;
    error("E305", span_of(n), fmt::format("{} must be true or false, got '{}'", what, *s));
    return false;
  }

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
  Value value(const YAML::Node& n, std::string_view what) {
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
  Value typed_value(const YAML::Node& n, Type t, std::string_view what) {
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

  model::Name name(const YAML::Node& n) {
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

  model::Provenance provenance(const YAML::Node& n, std::string_view what) {
    model::Provenance p;
    if (!expect_map(n, what)) return p;
    static constexpr std::string_view keys[] = {"source", "item", "status", "note"};
    check_keys(n, keys, what);
    read_provenance_keys(n, p);
    return p;
  }

  /// Reads `source`, `item`, `status`, `note` from a mapping that may hold other keys too.
  void read_provenance_keys(const YAML::Node& n, model::Provenance& p) {
    if (auto s = n["source"]) {
      p.source = scalar(s, "source").value_or("");
      p.source_origin = origin(s);
    }
    if (auto i = n["item"]) p.item = scalar(i, "item").value_or("");
    if (auto no = n["note"]) p.note = scalar(no, "note").value_or("");
    if (auto st = n["status"]) {
      auto s = scalar(st, "status").value_or("");
      if (auto v = model::verification_from_string(s)) {
        p.status = *v;
      } else {
        error("E305", span_of(st),
              fmt::format("status must be verified, unverified or illustrative, got '{}'", s));
      }
    }
  }

  /// An expression: a Source holding just its text, placed at its position in the file.
  model::Expression expression(const YAML::Node& n, std::string_view what) {
    auto s = scalar(n, what);
    if (!s) s = std::string{};
    return {make_expression_source(file_, text_, n.Mark().pos, n.Mark().line, n.Mark().column, *s)};
  }

  // ---- sections ------------------------------------------------------------------------------

  void read_valid(const YAML::Node& n, model::Pack& pack) {
    if (!expect_map(n, "'valid'")) return;
    static constexpr std::string_view keys[] = {"from", "to"};
    check_keys(n, keys, "'valid'");
    if (auto f = n["from"]) pack.valid_from = year(f, "valid.from");
    if (auto t = n["to"]) pack.valid_to = year(t, "valid.to");
    if (pack.valid_from && pack.valid_to && *pack.valid_from > *pack.valid_to)
      error("E305", span_of(n), fmt::format("validity ends ({}) before it starts ({})",
                                            *pack.valid_to, *pack.valid_from));
  }

  void read_sources(const YAML::Node& n, model::Pack& pack) {
    if (!expect_map(n, "'sources'")) return;
    check_keys(n, std::span<const std::string_view>{}, "'sources'", /*any_key=*/true);
    for (auto it = n.begin(); it != n.end(); ++it) {
      model::LegalSource s;
      s.key = it->first.Scalar();
      s.origin = origin(it->first);
      YAML::Node v = it->second;  // a copy: `it->` yields a temporary
      if (v.IsScalar()) {
        s.title = v.Scalar();
      } else if (expect_map(v, fmt::format("source '{}'", s.key))) {
        static constexpr std::string_view keys[] = {"title", "url", "date"};
        check_keys(v, keys, fmt::format("source '{}'", s.key));
        if (auto t = v["title"]) s.title = scalar(t, "title").value_or("");
        if (auto u = v["url"]) s.url = scalar(u, "url").value_or("");
        if (auto d = v["date"]) s.date = scalar(d, "date").value_or("");
        if (s.title.empty()) error("E303", span_of(v), fmt::format("source '{}' needs a title", s.key));
      }
      pack.sources.emplace(s.key, std::move(s));
    }
  }

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

  void read_keys(const YAML::Node& n, model::Pack& pack) {
    if (!expect_map(n, "'keys'")) return;
    check_keys(n, {}, "'keys'", true);
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      model::Key k;
      k.name = it->first.Scalar();
      if (!seen.insert(k.name).second) continue;  // duplicate, reported above
      k.pack = pack_id_;
      k.origin = origin(it->first);
      YAML::Node v = it->second;  // a copy: `it->` yields a temporary
      std::string what = fmt::format("key '{}'", k.name);
      if (!expect_map(v, what)) continue;
      static constexpr std::string_view keys[] = {"values", "from", "labels", "description"};
      check_keys(v, keys, what);
      if (auto vals = v["values"]) k.values = string_list(vals, "values");
      if (k.values.empty()) error("E303", span_of(v), fmt::format("{} needs 'values' (the values it can take)", what));
      if (auto f = v["from"]) {
        k.from = expression(f, "from");
      } else {
        error("E303", span_of(v), fmt::format("{} needs 'from' (an expression over the unit's fields)", what));
        k.from = {make_expression_source(file_, text_, it->first.Mark().pos, it->first.Mark().line,
                                         it->first.Mark().column, "null")};
      }
      if (auto l = v["labels"]; l && expect_map(l, "labels")) {
        for (auto li = l.begin(); li != l.end(); ++li) k.labels[li->first.Scalar()] = name(li->second);
      }
      pack.keys.push_back(std::move(k));
    }
  }

  void read_fields(const YAML::Node& n, model::Pack& pack) {
    if (!expect_map(n, "'fields'")) return;
    check_keys(n, {}, "'fields'", true);
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      model::Field f;
      f.name = it->first.Scalar();
      if (!seen.insert(f.name).second) continue;  // duplicate, reported above
      f.pack = pack_id_;
      f.origin = origin(it->first);
      YAML::Node v = it->second;  // a copy: `it->` yields a temporary
      std::string what = fmt::format("field '{}'", f.name);
      if (v.IsScalar()) {  // `name: number`
        f.type = type(v, what).value_or(Type::number);
      } else if (expect_map(v, what)) {
        static constexpr std::string_view keys[] = {"type", "unit", "description", "values", "min", "max"};
        check_keys(v, keys, what);
        if (auto t = v["type"]) f.type = type(t, "type").value_or(Type::number);
        else error("E303", span_of(v), fmt::format("{} needs a 'type' (number, bool or string)", what));
        if (auto u = v["unit"]) f.unit = scalar(u, "unit").value_or("");
        if (auto d = v["description"]) f.description = scalar(d, "description").value_or("");
        if (auto vals = v["values"]) {
          f.values = string_list(vals, "values");
          if (f.type != Type::string) error("E305", span_of(vals), fmt::format("{}: 'values' is only for string fields", what));
        }
        if (auto mn = v["min"]) f.min = number(mn, "min");
        if (auto mx = v["max"]) f.max = number(mx, "max");
        if ((f.min || f.max) && f.type != Type::number)
          error("E305", span_of(v), fmt::format("{}: 'min'/'max' are only for number fields", what));
      }
      pack.fields.push_back(std::move(f));
    }
  }

  void read_parameters(const YAML::Node& n, model::Pack& pack) {
    if (!expect_map(n, "'parameters'")) return;
    check_keys(n, {}, "'parameters'", true);
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      model::Parameter p;
      p.name = it->first.Scalar();
      if (!seen.insert(p.name).second) continue;  // duplicate, reported above
      p.pack = pack_id_;
      p.origin = origin(it->first);
      YAML::Node v = it->second;  // a copy: `it->` yields a temporary
      std::string what = fmt::format("parameter '{}'", p.name);
      if (!expect_map(v, what)) continue;
      static constexpr std::string_view keys[] = {"type", "unit", "description", "by", "values"};
      check_keys(v, keys, what);
      if (auto t = v["type"]) p.type = type(t, "type").value_or(Type::number);
      if (auto u = v["unit"]) p.unit = scalar(u, "unit").value_or("");
      if (auto d = v["description"]) p.description = scalar(d, "description").value_or("");
      if (auto b = v["by"]) {
        p.by = string_list(b, "by", &p.by_origins);
      }
      if (auto vals = v["values"]) {
        if (vals.IsScalar()) {  // `values: 80%`: one value for every key and year
          model::ParameterValue pv;
          pv.value = typed_value(vals, p.type, what);
          pv.origin = origin(vals);
          pv.pack = pack_id_;
          p.values.push_back(std::move(pv));
        } else if (expect_seq(vals, fmt::format("values of {}", what))) {
          for (const auto& e : vals) read_parameter_value(e, p);
        }
      }
      pack.parameters.push_back(std::move(p));
    }
  }

  void read_parameter_value(const YAML::Node& e, model::Parameter& p) {
    std::string what = fmt::format("a value of parameter '{}'", p.name);
    if (!expect_map(e, what)) return;
    model::ParameterValue pv;
    pv.pack = pack_id_;
    pv.origin = origin(e);
    // Any key besides these names a key (e.g. `region: TDMNPB`).
    static constexpr std::string_view fixed[] = {"value", "year", "source", "item", "status", "note", "override"};
    check_keys(e, {}, what, true);
    bool has_value = false;
    // Any other key names a key (e.g. `region: TDMNPB`). Whether the parameter varies by it is
    // checked by model::build, after overlays are merged (an overlay may add values to a base
    // parameter without repeating its `by:`).
    for (auto it = e.begin(); it != e.end(); ++it) {
      std::string k = it->first.Scalar();
      if (std::find(std::begin(fixed), std::end(fixed), k) != std::end(fixed)) continue;
      if (auto s = scalar(it->second, k)) pv.keys[k] = *s;
    }
    if (auto y = e["year"]) pv.year = year(y, "year");
    if (auto v = e["value"]) {
      has_value = true;
      pv.value = typed_value(v, p.type, what);
    }
    read_provenance_keys(e, pv.provenance);
    if (auto o = e["override"]) pv.override_base = flag(o, "override");
    if (!has_value) {
      error("E303", span_of(e), fmt::format("{} needs 'value'", what));
      return;
    }
    p.values.push_back(std::move(pv));
  }

  Condition condition(const YAML::Node& n) {
    Condition c;
    c.origin = origin(n);
    if (n.IsSequence()) {
      c.kind = Condition::Kind::one_of;
      c.one_of = string_list(n, "a condition");
      c.text = fmt::format("[{}]", fmt::join(c.one_of, ", "));
      return c;
    }
    auto s = scalar(n, "a condition");
    if (!s) return c;
    c.text = *s;
    // Quoting does not change a condition's meaning (YAML needs quotes around "> 3" in flow
    // lists), except that a quoted "true"/"false" is a string.
    if (*s == "-" || *s == "any" || s->empty()) return c;  // any
    if (n.Tag() != "!" && (*s == "true" || *s == "false")) {
      c.kind = Condition::Kind::boolean;
      c.truth = *s == "true";
      return c;
    }
    if (auto r = parse_range(*s)) {
      r->origin = c.origin;
      r->text = c.text;
      return *r;
    }
    if (looks_like_range(*s)) {
      error("E313", span_of(n), fmt::format("malformed range '{}'", *s),
            "write e.g. '> 3', '<= 3', '== 2', '[1, 3]', '(0, 50%]'");
      return c;
    }
    c.kind = Condition::Kind::one_of;
    c.one_of = {*s};
    return c;
  }

  void read_tables(const YAML::Node& n, model::Pack& pack) {
    if (!expect_map(n, "'tables'")) return;
    check_keys(n, {}, "'tables'", true);
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      model::DecisionTable t;
      t.name = it->first.Scalar();
      if (!seen.insert(t.name).second) continue;  // duplicate, reported above
      t.pack = pack_id_;
      t.origin = origin(it->first);
      YAML::Node v = it->second;  // a copy: `it->` yields a temporary
      std::string what = fmt::format("table '{}'", t.name);
      if (!expect_map(v, what)) continue;
      static constexpr std::string_view keys[] = {"type", "unit", "description", "inputs", "hit",
                                                  "rows", "source", "item", "status", "note",
                                                  "override"};
      check_keys(v, keys, what);
      if (auto ty = v["type"]) t.type = type(ty, "type").value_or(Type::number);
      if (auto u = v["unit"]) t.unit = scalar(u, "unit").value_or("");
      if (auto d = v["description"]) t.description = scalar(d, "description").value_or("");
      if (auto in = v["inputs"]) t.inputs = string_list(in, "inputs");
      else error("E303", span_of(v), fmt::format("{} needs 'inputs'", what));
      if (auto h = v["hit"]) {
        auto s = scalar(h, "hit").value_or("");
        if (s == "first") t.hit = model::HitPolicy::first;
        else if (s == "unique") t.hit = model::HitPolicy::unique;
        else error("E305", span_of(h), fmt::format("hit policy must be first or unique, got '{}'", s));
      }
      read_provenance_keys(v, t.provenance);
      if (auto o = v["override"]) t.override_base = flag(o, "override");
      if (auto rows = v["rows"]; rows && expect_seq(rows, fmt::format("rows of {}", what))) {
        for (const auto& r : rows) {
          model::TableRow row;
          row.origin = origin(r);
          if (!expect_map(r, "a table row")) continue;
          static constexpr std::string_view rkeys[] = {"when", "value"};
          check_keys(r, rkeys, "a table row");
          if (auto w = r["when"]) {
            if (expect_seq(w, "'when' (one condition per input)")) {
              for (const auto& c : w) row.when.push_back(condition(c));
              if (row.when.size() != t.inputs.size())
                error("E313", span_of(w),
                      fmt::format("this row has {} conditions but table '{}' has {} inputs",
                                  row.when.size(), t.name, t.inputs.size()));
            }
          } else {
            error("E303", span_of(r), "a table row needs 'when'");
          }
          if (auto val = r["value"]) row.value = typed_value(val, t.type, "the row's value");
          else error("E303", span_of(r), "a table row needs 'value'");
          t.rows.push_back(std::move(row));
        }
      } else if (!v["rows"]) {
        error("E303", span_of(v), fmt::format("{} needs 'rows'", what));
      }
      pack.tables.push_back(std::move(t));
    }
  }

  std::optional<model::Remediation> remediation(const YAML::Node& n) {
    if (!expect_map(n, "'remediation'")) return std::nullopt;
    static constexpr std::string_view keys[] = {"cost", "cost_unit", "duration_months", "requires", "agency"};
    check_keys(n, keys, "'remediation'");
    model::Remediation r;
    r.origin = origin(n);
    if (auto c = n["cost"]) r.cost = expression(c, "cost");
    if (auto u = n["cost_unit"]) r.cost_unit = scalar(u, "cost_unit").value_or("");
    if (auto d = n["duration_months"]) {
      r.duration_months = number(d, "duration_months");
      if (r.duration_months && *r.duration_months < 0)
        error("E305", span_of(d), "duration_months must not be negative");
    }
    if (auto q = n["requires"]) r.prerequisites = string_list(q, "requires", &r.prerequisite_origins);
    if (auto a = n["agency"]) r.agency = scalar(a, "agency").value_or("");
    return r;
  }

  void read_indicator(const YAML::Node& n, const std::string& criterion, model::Pack& pack) {
    if (!expect_map(n, "an indicator")) return;
    static constexpr std::string_view keys[] = {
        "id", "name", "unit", "description", "rule", "value", "applies_if", "agency", "weight",
        "provenance", "source", "item", "status", "note", "remediation", "override"};
    check_keys(n, keys, "an indicator");
    model::Indicator ind;
    ind.criterion = criterion;
    ind.pack = pack_id_;
    ind.origin = origin(n);
    if (auto id = required_scalar(n, "id", "an indicator")) ind.id = *id;
    std::string what = fmt::format("indicator '{}'", ind.id);
    if (auto nm = n["name"]) ind.name = name(nm);
    if (auto u = n["unit"]) ind.unit = scalar(u, "unit").value_or("");
    if (auto d = n["description"]) ind.description = scalar(d, "description").value_or("");
    // A missing rule is reported by model::build (an overriding indicator may omit it).
    if (auto r = n["rule"]) ind.rule = expression(r, "rule");
    else ind.rule = {make_expression_source(file_, text_, n.Mark().pos, n.Mark().line, n.Mark().column, "")};
    if (auto v = n["value"]) ind.value = expression(v, "value");
    if (auto a = n["applies_if"]) ind.applies_if = expression(a, "applies_if");
    if (auto a = n["agency"]) ind.agency = scalar(a, "agency").value_or("");
    if (auto w = n["weight"]) ind.weight = number(w, "weight").value_or(1.0);
    if (auto p = n["provenance"]) ind.provenance = provenance(p, "provenance");
    read_provenance_keys(n, ind.provenance);
    if (auto r = n["remediation"]) ind.remediation = remediation(r);
    if (auto o = n["override"]) ind.override_base = flag(o, "override");
    pack.indicators.push_back(std::move(ind));
  }

  void read_criteria(const YAML::Node& n, model::Pack& pack) {
    if (!expect_seq(n, "'criteria'")) return;
    for (const auto& c : n) {
      if (!expect_map(c, "a criterion")) continue;
      static constexpr std::string_view keys[] = {
          "id", "name", "group", "agency", "rule", "indicators", "provenance", "source", "item",
          "status", "note", "override"};
      check_keys(c, keys, "a criterion");
      model::Criterion cr;
      cr.pack = pack_id_;
      cr.origin = origin(c);
      if (auto id = required_scalar(c, "id", "a criterion")) cr.id = *id;
      if (auto nm = c["name"]) cr.name = name(nm);
      if (auto g = c["group"]) cr.group = scalar(g, "group").value_or("");
      if (auto a = c["agency"]) cr.agency = scalar(a, "agency").value_or("");
      if (auto r = c["rule"]) cr.rule = expression(r, "rule");
      if (auto p = c["provenance"]) cr.provenance = provenance(p, "provenance");
      read_provenance_keys(c, cr.provenance);
      if (auto o = c["override"]) cr.override_base = flag(o, "override");
      if (auto inds = c["indicators"]; inds && expect_seq(inds, "'indicators'")) {
        for (const auto& i : inds) {
          std::size_t before = pack.indicators.size();
          read_indicator(i, cr.id, pack);
          if (pack.indicators.size() > before) cr.indicators.push_back(pack.indicators.back().id);
        }
      }
      pack.criteria.push_back(std::move(cr));
    }
  }

  void read_levels(const YAML::Node& n, model::Pack& pack) {
    if (!expect_seq(n, "'levels'")) return;
    for (const auto& l : n) {
      if (!expect_map(l, "a level")) continue;
      static constexpr std::string_view keys[] = {"id", "name", "rule", "criteria", "requires",
                                                  "revokes", "condition", "provenance", "source", "item",
                                                  "status", "note", "override"};
      check_keys(l, keys, "a level");
      model::Level lv;
      lv.pack = pack_id_;
      lv.origin = origin(l);
      if (auto id = required_scalar(l, "id", "a level")) lv.id = *id;
      if (auto nm = l["name"]) lv.name = name(nm);
      if (auto r = l["rule"]) lv.rule = expression(r, "rule");
      if (auto c = l["criteria"]) lv.criteria = string_list(c, "criteria");
      if (auto q = l["requires"]) lv.requires_level = scalar(q, "requires").value_or("");
      if (auto rv = l["revokes"]) lv.revokes = scalar(rv, "revokes").value_or("");
      if (auto c = l["condition"]) lv.condition = flag(c, "condition");
      if (!lv.revokes.empty()) lv.condition = true;
      if (auto p = l["provenance"]) lv.provenance = provenance(p, "provenance");
      read_provenance_keys(l, lv.provenance);
      if (auto o = l["override"]) lv.override_base = flag(o, "override");
      pack.levels.push_back(std::move(lv));
    }
  }

  void read_tests(const YAML::Node& n, model::Pack& pack) {
    if (!expect_seq(n, "'tests'")) return;
    for (const auto& t : n) {
      if (!expect_map(t, "a test")) continue;
      static constexpr std::string_view keys[] = {"name", "year", "inputs", "expect"};
      check_keys(t, keys, "a test");
      model::PackTest test;
      test.pack = pack_id_;
      test.origin = origin(t);
      if (auto nm = required_scalar(t, "name", "a test")) test.name = *nm;
      if (auto y = t["year"]) test.year = year(y, "year");
      if (auto in = t["inputs"]; in && expect_map(in, "'inputs'")) {
        check_keys(in, {}, "'inputs'", true);
        for (auto it = in.begin(); it != in.end(); ++it) {
          test.inputs.emplace_back(it->first.Scalar(), value(it->second, it->first.Scalar()));
          test.input_origins.push_back(origin(it->first));
        }
      }
      if (auto ex = t["expect"]; ex && expect_map(ex, "'expect'")) {
        check_keys(ex, {}, "'expect'", true);
        for (auto it = ex.begin(); it != ex.end(); ++it) {
          auto s = scalar(it->second, "an expected status").value_or("");
          auto st = status_from_string(s);
          if (!st) {
            error("E305", span_of(it->second),
                  fmt::format("expected status must be met, unmet, unknown or not_applicable, got '{}'", s));
            continue;
          }
          test.expect.push_back({it->first.Scalar(), *st, origin(it->first)});
        }
      } else if (!t["expect"]) {
        error("E303", span_of(t), fmt::format("test '{}' needs 'expect'", test.name));
      }
      pack.tests.push_back(std::move(test));
    }
  }

};

}  // namespace

PackFileResult read_pack_text(std::string name, std::string text) {
  // Packs are rules, not data: a bound on their size bounds the parser's time and memory.
  constexpr std::size_t kMaxPackBytes = 16u << 20;
  if (text.size() > kMaxPackBytes) {
    PackFileResult r;
    Diagnostic d;
    d.code = "E315";
    d.message = fmt::format("pack file '{}' is {} bytes; the limit is {} (16 MiB)", name, text.size(), kMaxPackBytes);
    d.hint = "packs hold rules and thresholds; keep data in unit tables";
    r.diagnostics.add(std::move(d));
    return r;
  }
  if (auto bad = support::first_invalid_utf8(text)) {
    const std::size_t at = *bad;
    PackFileResult r;
    Diagnostic d;
    d.code = "E301";
    d.file = name;
    d.line = 1 + static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    auto line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
    std::size_t first = line_start == std::string::npos || at == 0 ? 0 : line_start + 1;
    d.column = code_point_column(std::string_view(text).substr(first), at - first);
    d.message = fmt::format("the pack is not UTF-8 (byte 0x{:02X})", static_cast<unsigned char>(text[at]));
    d.hint = "save the file as UTF-8";
    r.diagnostics.add(std::move(d));
    return r;
  }
  FileReader reader(std::move(name), std::move(text));
  return reader.read();
}

PackFileResult read_pack_file(const std::filesystem::path& path) {
  auto text = support::read_file_text(path);
  if (!text) {
    PackFileResult r;
    Diagnostic d;
    d.code = "E311";
    d.message = fmt::format("cannot open pack file '{}'", path.string());
    r.diagnostics.add(std::move(d));
    return r;
  }
  return read_pack_text(path.string(), std::move(*text));
}

}  // namespace tieuchi::io
