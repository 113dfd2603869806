// The sections of a pack file (valid, sources, keys, fields, parameters, tables, criteria, levels, tests), read into model::Pack.

#include "io/yaml/file_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace tieuchi::io::detail {


/// Reads `source`, `item`, `status`, `note` from a mapping that may hold other keys too.
void FileReader::read_provenance_keys(const YAML::Node& n, model::Provenance& p) {
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
void FileReader::read_valid(const YAML::Node& n, model::Pack& pack) {
  if (!expect_map(n, "'valid'")) return;
  static constexpr std::string_view keys[] = {"from", "to"};
  check_keys(n, keys, "'valid'");
  if (auto f = n["from"]) pack.valid_from = year(f, "valid.from");
  if (auto t = n["to"]) pack.valid_to = year(t, "valid.to");
  if (pack.valid_from && pack.valid_to && *pack.valid_from > *pack.valid_to)
    error("E305", span_of(n), fmt::format("validity ends ({}) before it starts ({})",
                                          *pack.valid_to, *pack.valid_from));
}
void FileReader::read_sources(const YAML::Node& n, model::Pack& pack) {
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
void FileReader::read_keys(const YAML::Node& n, model::Pack& pack) {
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
void FileReader::read_fields(const YAML::Node& n, model::Pack& pack) {
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
void FileReader::read_parameters(const YAML::Node& n, model::Pack& pack) {
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
void FileReader::read_parameter_value(const YAML::Node& e, model::Parameter& p) {
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
Condition FileReader::condition(const YAML::Node& n) {
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
void FileReader::read_tables(const YAML::Node& n, model::Pack& pack) {
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
std::optional<model::Remediation> FileReader::remediation(const YAML::Node& n) {
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
void FileReader::read_indicator(const YAML::Node& n, const std::string& criterion, model::Pack& pack) {
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
void FileReader::read_criteria(const YAML::Node& n, model::Pack& pack) {
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
void FileReader::read_levels(const YAML::Node& n, model::Pack& pack) {
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
void FileReader::read_tests(const YAML::Node& n, model::Pack& pack) {
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

}  // namespace tieuchi::io::detail
