// Summaries, reviews of recognized units, explanations (vi/en), progress and writers.

#include "tieuchi/assess/report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

#include "expr/data_errors.hpp"
#include "support/csv_table.hpp"
#include "tieuchi/error.hpp"

namespace tieuchi::assess {

using graph::NodeKind;

double Counts::share_met() const noexcept {
  std::size_t d = met + unmet + unknown;
  return d == 0 ? std::nan("") : static_cast<double>(met) / static_cast<double>(d);
}

std::string_view to_string(Review::Outcome o) noexcept {
  switch (o) {
    case Review::Outcome::keeps: return "keeps";
    case Review::Outcome::short_of: return "short_of";
    case Review::Outcome::revocation: return "revocation";
    case Review::Outcome::cannot_tell: return "cannot_tell";
  }
  return "?";
}

namespace {

/// A format string chosen at run time by language.
auto tr(bool vi, const char* v, const char* e) { return fmt::runtime(vi ? v : e); }

const model::CompiledNode& eval_node(const Assessment& a, std::size_t pos) { return a.rules().compiled(pos); }

void count(Counts& c, Status s) {
  switch (s) {
    case Status::met: ++c.met; break;
    case Status::unmet: ++c.unmet; break;
    case Status::unknown: ++c.unknown; break;
    case Status::not_applicable: ++c.not_applicable; break;
  }
}

std::string_view status_word(Status s, Lang lang) {
  if (lang == Lang::vi) {
    switch (s) {
      case Status::met: return "đạt";
      case Status::unmet: return "chưa đạt";
      case Status::unknown: return "chưa xác định";
      case Status::not_applicable: return "không áp dụng";
    }
  }
  switch (s) {
    case Status::met: return "met";
    case Status::unmet: return "not met";
    case Status::unknown: return "unknown";
    case Status::not_applicable: return "not applicable";
  }
  return "?";
}

/// The planning-table mark: Đ (đạt), CĐ (chưa đạt), ? (unknown), KAD (không áp dụng).
std::string_view mark(Status s) {
  switch (s) {
    case Status::met: return "Đ";
    case Status::unmet: return "CĐ";
    case Status::unknown: return "?";
    case Status::not_applicable: return "KAD";
  }
  return "?";
}

std::string number(double x) {
  if (std::isnan(x)) return "";
  return fmt::format("{:.10g}", x);
}

/// A value in an indicator's unit: shares as percentages.
std::string show(const Value& v, const std::string& unit) {
  if (v.is_missing()) return "?";
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_number()) {
    double x = v.as_number();
    if (unit == "%") return fmt::format("{:.4g}%", x * 100);
    if (unit.empty()) return fmt::format("{:.6g}", x);
    return fmt::format("{:.6g} {}", x, unit);
  }
  return v.as_string();
}

/// The failing direction of a comparison: `>=` failed means the value is below.
std::string_view failed_op(expr::BinaryOp op) {
  switch (op) {
    case expr::BinaryOp::ge: return "<";
    case expr::BinaryOp::gt: return "<=";
    case expr::BinaryOp::le: return ">";
    case expr::BinaryOp::lt: return ">=";
    case expr::BinaryOp::eq: return "!=";
    case expr::BinaryOp::ne: return "==";
    default: return "?";
  }
}

std::string node_name(const model::Pack& pack, const model::NodeResult& n, Lang lang) {
  auto pick = [&](const model::Name& nm) { return lang == Lang::vi && !nm.vi.empty() ? nm.vi : nm.best(); };
  if (const auto* i = pack.find_indicator(n.id)) return pick(i->name);
  if (const auto* c = pack.find_criterion(n.id)) return pick(c->name);
  if (const auto* l = pack.find_level(n.id)) return pick(l->name);
  return {};
}

std::string missing_text(const model::NodeResult::Missing& m, const model::Pack& pack, Lang lang) {
  using K = model::NodeResult::Missing::Kind;
  if (lang == Lang::vi) {
    switch (m.kind) {
      case K::input: return fmt::format("thiếu dữ liệu '{}'", m.name);
      case K::threshold: {
        const auto* p = pack.find_parameter(m.name);
        return fmt::format("chưa có ngưỡng '{}' trong bộ tiêu chí {}", m.name, p ? p->pack : pack.id);
      }
      case K::node: return fmt::format("'{}' chưa xác định", m.name);
      case K::other: return m.detail;
    }
  }
  switch (m.kind) {
    case K::input: return fmt::format("input '{}' is missing", m.name);
    case K::threshold: return m.detail.empty() ? fmt::format("threshold '{}' not set", m.name) : m.detail;
    case K::node: return fmt::format("'{}' is unknown", m.name);
    case K::other: return m.detail;
  }
  return {};
}

std::string explain_indicator(const model::Pack& pack, const model::NodeResult& n, Lang lang) {
  const model::Indicator* ind = pack.find_indicator(n.id);
  std::string unit = ind ? ind->unit : "";
  std::string head = fmt::format("{} {}", n.id, node_name(pack, n, lang));
  switch (n.status) {
    case Status::met:
      if (!n.threshold_name.empty())
        return fmt::format("{}: {}, {} {} ({})", head, show(n.value, unit), lang == Lang::vi ? "ngưỡng" : "threshold",
                           show(n.threshold, unit), status_word(n.status, lang));
      if (n.value.is_missing() || n.value.is_bool()) return fmt::format("{}: {}", head, status_word(n.status, lang));
      return fmt::format("{}: {} ({})", head, show(n.value, unit), status_word(n.status, lang));
    case Status::unmet: {
      std::vector<std::string> parts;
      for (const auto& s : n.shortfalls) {
        if (s.comparison && s.lhs.is_number() && s.rhs.is_number()) {
          std::string amount = unit == "%" ? fmt::format("{:.4g}%", s.amount * 100) : fmt::format("{:.6g}", s.amount);
          parts.push_back(fmt::format("{} {} {} ({}, {} {})", show(s.lhs, unit), failed_op(s.op), show(s.rhs, unit),
                                      status_word(Status::unmet, lang), lang == Lang::vi ? "thiếu" : "short by", amount));
        } else {
          parts.push_back(fmt::format("{} {} ({})", s.text, lang == Lang::vi ? "= không" : "is false",
                                      status_word(Status::unmet, lang)));
        }
      }
      if (parts.empty()) parts.push_back(std::string(status_word(n.status, lang)));
      return fmt::format("{}: {}", head, fmt::join(parts, "; "));
    }
    case Status::unknown: {
      std::vector<std::string> why;
      for (const auto& m : n.missing) why.push_back(missing_text(m, pack, lang));
      return fmt::format("{}: {} ({})", head, status_word(n.status, lang), fmt::join(why, "; "));
    }
    case Status::not_applicable: {
      std::string cond = ind && ind->applies_if ? ind->applies_if->text() : "";
      return fmt::format("{}: {} ({} {})", head, status_word(n.status, lang),
                         lang == Lang::vi ? "chỉ áp dụng khi" : "applies only if", cond);
    }
  }
  return head;
}

void explain_node(std::string& out, const Assessment& a, const model::UnitResult& r, const model::NodeResult& n,
                  Lang lang, int depth, int indent) {
  const model::Pack& pack = a.rules().pack();
  std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  if (n.kind == NodeKind::indicator) {
    out += pad + explain_indicator(pack, n, lang) + "\n";
    return;
  }
  if (n.kind == NodeKind::key || n.kind == NodeKind::table) {
    out += fmt::format("{}{}: {}\n", pad, n.id, n.value.is_missing() ? std::string(status_word(Status::unknown, lang))
                                                                   : show(n.value, ""));
    return;
  }
  auto pos = a.rules().node_position(n.id);
  const auto& e = eval_node(a, *pos);
  std::size_t met = 0, applicable = 0;
  for (auto m : e.members) {
    met += r.nodes[m].status == Status::met;
    applicable += r.nodes[m].status != Status::not_applicable;
  }
  std::string what = n.kind == NodeKind::criterion ? (lang == Lang::vi ? "chỉ tiêu" : "indicators")
                                                   : (lang == Lang::vi ? "tiêu chí" : "criteria");
  std::string line = fmt::format("{}{} {}: {}", pad, n.id, node_name(pack, n, lang), status_word(n.status, lang));
  if (!e.members.empty())
    line += fmt::format(" ({} {}/{} {})", lang == Lang::vi ? "đạt" : "met", met, applicable, what);
  if (e.required_level) {
    const auto& req = r.nodes[*e.required_level];
    line += fmt::format("; {} {}: {}", lang == Lang::vi ? "yêu cầu" : "requires", req.id, status_word(req.status, lang));
  }
  const model::Level* lv = n.kind == NodeKind::level ? pack.find_level(n.id) : nullptr;
  if (lv && !lv->revokes.empty()) {
    // A revocation rule: say how many criteria of the level it revokes fail.
    if (auto rp = a.rules().node_position(lv->revokes)) {
      std::vector<std::string> failing, unknown;
      for (auto m : eval_node(a, *rp).members) {
        if (r.nodes[m].status == Status::unmet) failing.push_back(r.nodes[m].id);
        if (r.nodes[m].status == Status::unknown) unknown.push_back(r.nodes[m].id);
      }
      line += fmt::format(" ({} {}/{}{}{})", lang == Lang::vi ? "tiêu chí không đạt" : "criteria not met", failing.size(),
                          eval_node(a, *rp).members.size(), failing.empty() ? "" : ": " + fmt::format("{}", fmt::join(failing, " ")),
                          unknown.empty() ? "" : fmt::format("; {} {}", lang == Lang::vi ? "chưa xác định" : "unknown",
                                                             fmt::join(unknown, " ")));
    }
  } else if (e.out_rule >= 0 && n.status != Status::met) {
    if (n.status == Status::unknown) {
      std::vector<std::string> why;
      for (const auto& m : n.missing) why.push_back(missing_text(m, pack, lang));
      if (!why.empty()) line += fmt::format(" ({})", fmt::join(why, "; "));
    }
  }
  out += line + "\n";
  if (depth <= 0) return;
  for (auto m : e.members) explain_node(out, a, r, r.nodes[m], lang, depth - 1, indent + 1);
}

}  // namespace

model::UnitInputs unit_inputs(const Assessment& a, std::size_t unit) {
  model::UnitInputs in;
  const UnitTable& t = a.units();
  for (const auto& f : a.rules().pack().fields) {
    if (auto v = t.column(f.name)) {
      double x = v->at(unit);
      if (!std::isnan(x)) in.emplace_back(f.name, f.type == Type::boolean ? Value(x != 0) : Value(x));
    } else if (const auto* s = t.strings(f.name)) {
      auto c = s->codes[unit];
      if (c >= 0) in.emplace_back(f.name, Value(s->dictionary[static_cast<std::size_t>(c)]));
    }
  }
  return in;
}

std::string explain(const Assessment& a, std::size_t unit, std::string_view node, Lang lang, int depth) {
  auto r = model::evaluate(a.rules(), unit_inputs(a, unit), a.year());
  const model::NodeResult* n = r.find(node);
  if (!n) {
    Diagnostics d;
    Diagnostic x;
    x.code = "E501";
    x.message = fmt::format("'{}' is not a node of pack {}", node, a.rules().pack().id);
    d.add(std::move(x));
    throw DataError(std::move(d));
  }
  std::string out;
  explain_node(out, a, r, *n, lang, depth, 0);
  return out;
}

Summary summarize(const Assessment& a, const SummaryOptions& options) {
  Summary s;
  const model::Pack& pack = a.rules().pack();
  s.pack = pack.id;
  s.year = a.year();
  s.recognized_attribute = options.recognized_attribute;
  s.levels = a.levels();
  bool no_ladder = s.levels.empty();
  // Conditions (eligibility, revocation) are counted beside the levels.
  for (std::size_t i = 0; i < a.nodes().size(); ++i)
    if (a.nodes()[i].kind == NodeKind::level && pack.levels[a.nodes()[i].index].condition) s.levels.push_back(i);
  s.base_level = no_ladder ? SIZE_MAX : a.levels().front();
  s.criteria = a.base_criteria();
  std::size_t n = a.size();
  s.criteria_met.assign(n, 0);
  s.criteria_unknown.assign(n, 0);
  for (std::size_t c : s.criteria)
    for (std::size_t u = 0; u < n; ++u) {
      s.criteria_met[u] += a.status(c)[u] == Status::met;
      s.criteria_unknown[u] += a.status(c)[u] == Status::unknown;
    }
  auto fill = [&](GroupSummary& g, const std::vector<std::size_t>& units) {
    g.units = units.size();
    g.criteria.assign(s.criteria.size(), {});
    g.levels.assign(s.levels.size(), {});
    double total = 0;
    for (auto u : units) {
      for (std::size_t k = 0; k < s.criteria.size(); ++k) count(g.criteria[k], a.status(s.criteria[k])[u]);
      for (std::size_t k = 0; k < s.levels.size(); ++k) count(g.levels[k], a.status(s.levels[k])[u]);
      total += static_cast<double>(s.criteria_met[u]);
    }
    g.average_criteria_met = units.empty() ? 0 : total / static_cast<double>(units.size());
  };
  std::vector<std::size_t> all(n);
  for (std::size_t u = 0; u < n; ++u) all[u] = u;
  s.province.name = "province";
  fill(s.province, all);
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::size_t>> by_district;
  const auto& districts = a.units().districts;
  for (std::size_t u = 0; u < n; ++u) {
    std::string d = u < districts.size() ? districts[u] : "";
    if (!by_district.count(d)) order.push_back(d);
    by_district[d].push_back(u);
  }
  if (!(order.size() == 1 && order[0].empty()))
    for (const auto& d : order) {
      GroupSummary g;
      g.name = d;
      fill(g, by_district[d]);
      s.districts.push_back(std::move(g));
    }

  // Reviews of recognized units.
  if (const auto* rec = a.units().attribute(options.recognized_attribute)) {
    for (std::size_t u = 0; u < n; ++u) {
      const std::string& level = (*rec)[u];
      if (level.empty()) continue;
      const model::Level* l = pack.find_level(level);
      auto pos = a.position(level);
      if (!l || !pos || !l->revokes.empty()) {
        std::vector<std::string> ids;
        for (auto lp : s.levels) ids.push_back(a.nodes()[lp].id);
        tieuchi::expr::detail::throw_data_error(
            "E516", fmt::format("unit '{}' is recognized at '{}', which is not a level of pack {} (levels: {})",
                                a.units().ids[u], level, pack.id, fmt::join(ids, ", ")),
            options.recognized_attribute);
      }
      Review r;
      r.unit = u;
      r.level = level;
      Status st = a.status(*pos)[u];
      std::optional<Status> revocation;
      for (const auto& other : pack.levels)
        if (other.revokes == level)
          if (auto rp = a.position(other.id)) revocation = a.status(*rp)[u];
      if (st == Status::met) r.outcome = Review::Outcome::keeps;
      else if (revocation == Status::met) r.outcome = Review::Outcome::revocation;
      else if (st == Status::unmet) r.outcome = Review::Outcome::short_of;
      else r.outcome = Review::Outcome::cannot_tell;
      // The criteria of the level and of every level it requires.
      for (auto c : a.rules().requirements(*pos)) {
        {
          Status cs = a.status(c)[u];
          if (cs == Status::unmet) {
            r.criteria_unmet.push_back(a.nodes()[c].id);
            for (auto i : a.rules().members(c))
              if (a.status(i)[u] == Status::unmet) r.indicators_unmet.push_back(a.nodes()[i].id);
          } else if (cs == Status::unknown) {
            r.criteria_unknown.push_back(a.nodes()[c].id);
          }
        }
      }
      s.reviews.push_back(std::move(r));
    }
  }

  // Missing inputs that leave some result unknown, by field (a missing input of a rule that does
  // not apply, or that the result does not need, is not counted).
  const auto& graph_ = a.rules().graph();
  for (const auto& f : pack.fields) {
    auto gn = graph_.find(graph::NodeKind::field, f.name);
    if (!gn) continue;
    std::vector<std::size_t> readers;
    for (auto dep : graph_.direct_dependents(*gn))
      if (auto pos = a.position(graph_.node(dep).id)) readers.push_back(*pos);
    auto num = a.units().column(f.name);
    const auto* str = a.units().strings(f.name);
    std::size_t missing = 0;
    for (std::size_t u = 0; u < n; ++u) {
      bool absent = num ? std::isnan(num->at(u)) : str ? str->codes[u] < 0 : true;
      if (!absent) continue;
      for (auto r : readers)
        if (a.status(r)[u] == Status::unknown) {
          ++missing;
          break;
        }
    }
    if (missing) s.missing_inputs.emplace_back(f.name, missing);
  }
  std::stable_sort(s.missing_inputs.begin(), s.missing_inputs.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });

  // Parameter values read by the assessment that are not verified.
  const auto& g = a.rules().graph();
  for (std::size_t p = 0; p < pack.parameters.size(); ++p) {
    const model::Parameter& par = pack.parameters[p];
    auto gn = g.find(graph::NodeKind::parameter, par.name);
    if (!gn || g.direct_dependents(*gn).empty()) continue;
    std::set<const model::ParameterValue*> used;
    std::set<std::vector<std::int32_t>> combos;
    std::vector<std::size_t> key_idx;
    for (const auto& k : par.by)
      if (const auto* key = pack.find_key(k)) key_idx.push_back(static_cast<std::size_t>(key - pack.keys.data()));
    for (std::size_t u = 0; u < n; ++u) {
      std::vector<std::int32_t> combo;
      for (auto k : key_idx) combo.push_back(a.key_codes(k)[u]);
      combos.insert(std::move(combo));
    }
    for (const auto& combo : combos) {
      std::map<std::string, std::string> keys;
      for (std::size_t k = 0; k < key_idx.size(); ++k) {
        const auto& key = pack.keys[key_idx[k]];
        if (combo[k] >= 0 && static_cast<std::size_t>(combo[k]) < key.values.size())
          keys[key.name] = key.values[static_cast<std::size_t>(combo[k])];
      }
      auto r = a.rules().resolve(par, keys, a.year());
      if (r.entry && r.entry->provenance.status != model::Verification::verified) used.insert(r.entry);
    }
    for (const auto* e : used) {
      std::vector<std::string> parts;
      for (const auto& [k, v] : e->keys) parts.push_back(fmt::format("{}={}", k, v));
      if (e->year) parts.push_back(fmt::format("from {}", *e->year));
      s.unverified_values.push_back(fmt::format("{}{} = {} ({})", par.name,
                                                parts.empty() ? "" : fmt::format("[{}]", fmt::join(parts, ", ")),
                                                e->value.to_string(), model::to_string(e->provenance.status)));
      if (e->provenance.status == model::Verification::illustrative) ++s.illustrative_count;
    }
  }
  for (const auto& t : pack.tables) {
    auto gn = g.find(graph::NodeKind::table, t.name);
    if (gn && !g.direct_dependents(*gn).empty() && t.provenance.status != model::Verification::verified) {
      s.unverified_values.push_back(fmt::format("table {} ({})", t.name, model::to_string(t.provenance.status)));
      if (t.provenance.status == model::Verification::illustrative) ++s.illustrative_count;
    }
  }
  return s;
}

std::string format_summary(const Assessment& a, const Summary& s, Lang lang) {
  const model::Pack& pack = a.rules().pack();
  bool vi = lang == Lang::vi;
  std::string out;
  out += fmt::format(tr(vi, "Đánh giá {} đơn vị theo bộ tiêu chí {} ({}), năm {}\n", "Assessment of {} units against pack {} ({}), year {}\n"),
                     a.size(), pack.id, fmt::join(pack.lineage, " <- "), a.year());
  if (!s.unverified_values.empty())
    out += fmt::format(tr(vi, "CẢNH BÁO: dùng {} giá trị ngưỡng chưa kiểm chứng ({} minh họa): {}\n", "WARNING: {} threshold values used are not verified ({} illustrative): {}\n"),
                       s.unverified_values.size(), s.illustrative_count, fmt::join(s.unverified_values, "; "));
  if (s.base_level != SIZE_MAX) {
    const auto& base = a.nodes()[s.base_level];
    out += fmt::format(tr(vi, "\nTiêu chí của cấp {} ({}):\n", "\nCriteria of level {} ({}):\n"), base.id, s.criteria.size());
  }
  out += fmt::format("  {:<6} {:>5} {:>5} {:>5} {:>5} {:>7}  {}\n", vi ? "mã" : "id", vi ? "đạt" : "met",
                     vi ? "chưa" : "unmet", "?", vi ? "KAD" : "n/a", vi ? "% đạt" : "% met", vi ? "tên" : "name");
  for (std::size_t k = 0; k < s.criteria.size(); ++k) {
    const auto& c = s.province.criteria[k];
    const auto* cr = pack.find_criterion(a.nodes()[s.criteria[k]].id);
    std::string name = cr ? (vi && !cr->name.vi.empty() ? cr->name.vi : cr->name.best()) : "";
    double share = c.share_met();
    out += fmt::format("  {:<6} {:>5} {:>5} {:>5} {:>5} {:>6}%  {}\n", a.nodes()[s.criteria[k]].id, c.met, c.unmet,
                       c.unknown, c.not_applicable, std::isnan(share) ? "-" : fmt::format("{:.1f}", share * 100), name);
  }
  out += fmt::format(tr(vi, "  Số tiêu chí đạt bình quân: {:.2f}/{}\n", "  Average criteria met: {:.2f} of {}\n"),
                     s.province.average_criteria_met, s.criteria.size());
  if (!s.missing_inputs.empty()) {
    std::vector<std::string> items;
    for (std::size_t k = 0; k < s.missing_inputs.size() && k < 8; ++k)
      items.push_back(fmt::format("{} ({})", s.missing_inputs[k].first, s.missing_inputs[k].second));
    out += fmt::format(tr(vi, "  Thiếu dữ liệu (số xã): {}{}\n", "  Missing inputs (units): {}{}\n"), fmt::join(items, ", "),
                       s.missing_inputs.size() > 8 ? fmt::format(" ... ({} fields)", s.missing_inputs.size()) : "");
  }
  out += vi ? "\nCấp độ:\n" : "\nLevels:\n";
  for (std::size_t k = 0; k < s.levels.size(); ++k) {
    const auto& c = s.province.levels[k];
    out += fmt::format(tr(vi, "  {:<16} đạt {:>4}, chưa đạt {:>4}, chưa xác định {:>4}\n", "  {:<16} met {:>4}, unmet {:>4}, unknown {:>4}\n"),
                       a.nodes()[s.levels[k]].id, c.met, c.unmet, c.unknown);
  }
  if (!s.reviews.empty()) {
    std::map<Review::Outcome, std::size_t> by;
    for (const auto& r : s.reviews) ++by[r.outcome];
    out += fmt::format(tr(vi, "\nRà soát {} đơn vị đã được công nhận: giữ chuẩn {}, chưa đạt một số tiêu chí {}, thuộc diện "
                            "thu hồi {}, chưa xác định {}\n", "\nReview of {} recognized units: keep their level {}, short of some criteria {}, grounds for "
                            "revocation {}, cannot tell {}\n"),
                       s.reviews.size(), by[Review::Outcome::keeps], by[Review::Outcome::short_of],
                       by[Review::Outcome::revocation], by[Review::Outcome::cannot_tell]);
    for (const auto& r : s.reviews) {
      if (r.outcome == Review::Outcome::keeps) continue;
      const auto& u = a.units();
      out += fmt::format("  {:<11} {:<8} {:<28} {:<22} {}: {}{}\n", to_string(r.outcome), u.ids[r.unit],
                         r.unit < u.names.size() ? u.names[r.unit] : "", r.unit < u.districts.size() ? u.districts[r.unit] : "",
                         r.level, r.criteria_unmet.empty() ? "-" : fmt::format("{}", fmt::join(r.criteria_unmet, " ")),
                         r.criteria_unknown.empty() ? ""
                                                    : fmt::format(tr(vi, " (chưa xác định: {})", " (unknown: {})"),
                                                                  fmt::join(r.criteria_unknown, " ")));
    }
  }
  if (!s.districts.empty()) {
    out += vi ? "\nTheo huyện:\n" : "\nBy district:\n";
    for (const auto& d : s.districts) {
      std::string lv;
      for (std::size_t k = 0; k < s.levels.size(); ++k)
        lv += fmt::format(" {}={}", a.nodes()[s.levels[k]].id, d.levels[k].met);
      out += fmt::format("  {:<24} {:>4} {}, {:.1f}/{} {}{}\n", d.name, d.units, vi ? "xã" : "units",
                         d.average_criteria_met, s.criteria.size(), vi ? "tiêu chí" : "criteria", lv);
    }
  }
  return out;
}

Progress compare(const Assessment& before, const Assessment& after) {
  Progress p;
  p.year_before = before.year();
  p.year_after = after.year();
  std::map<std::string, std::size_t> index;
  for (std::size_t u = 0; u < before.size(); ++u) index[before.units().ids[u]] = u;
  std::set<std::string> seen;
  for (std::size_t u = 0; u < after.size(); ++u) {
    const std::string& id = after.units().ids[u];
    seen.insert(id);
    auto it = index.find(id);
    if (it == index.end()) {
      p.units_only_after.push_back(id);
      continue;
    }
    for (std::size_t n = 0; n < after.nodes().size(); ++n) {
      const auto& info = after.nodes()[n];
      if (info.kind != NodeKind::criterion && info.kind != NodeKind::level) continue;
      if (info.kind == NodeKind::level && !after.rules().pack().levels[info.index].revokes.empty()) continue;
      auto bp = before.position(info.id);
      if (!bp) continue;
      Status sb = before.status(*bp)[it->second], sa = after.status(n)[u];
      if (sb != Status::met && sa == Status::met) p.gained.push_back({id, info.id, sb, sa});
      if (sb == Status::met && sa != Status::met) p.lost.push_back({id, info.id, sb, sa});
    }
  }
  for (const auto& [id, _] : index)
    if (!seen.count(id)) p.units_only_before.push_back(id);
  return p;
}

std::string Progress::format(Lang lang) const {
  bool vi = lang == Lang::vi;
  std::string out = fmt::format(tr(vi, "Tiến độ {} -> {}: {} lượt đạt mới, {} lượt tụt chuẩn\n", "Progress {} -> {}: {} newly met, {} regressions\n"),
                                year_before, year_after, gained.size(), lost.size());
  auto list = [&](std::string_view title, const std::vector<Change>& v) {
    if (v.empty()) return;
    std::map<std::string, std::vector<std::string>> by_unit;
    for (const auto& c : v) by_unit[c.unit_id].push_back(c.node);
    out += fmt::format("{}\n", title);
    for (const auto& [u, nodes] : by_unit) out += fmt::format("  {}: {}\n", u, fmt::join(nodes, " "));
  };
  list(vi ? "Tụt chuẩn (đạt năm trước, nay không đạt hoặc chưa xác định):" : "Regressions (met before, not now):", lost);
  list(vi ? "Đạt mới:" : "Newly met:", gained);
  if (!units_only_before.empty()) out += fmt::format("{}: {}\n", vi ? "Chỉ có năm trước" : "Only before", fmt::join(units_only_before, " "));
  if (!units_only_after.empty()) out += fmt::format("{}: {}\n", vi ? "Chỉ có năm sau" : "Only after", fmt::join(units_only_after, " "));
  return out;
}

using support::csv_cell;

void write_long_csv(std::ostream& out, const Assessment& a) {
  out << "unit,node,kind,status,value,threshold,gap\n";
  const auto& ids = a.units().ids;
  for (std::size_t u = 0; u < a.size(); ++u) {
    for (std::size_t n = 0; n < a.nodes().size(); ++n) {
      const auto& info = a.nodes()[n];
      if (info.kind == NodeKind::key) continue;
      bool ind = info.kind == NodeKind::indicator;
      out << csv_cell(ids[u]) << ',' << csv_cell(info.id) << ',' << graph::to_string(info.kind) << ','
          << to_string(a.status(n)[u]) << ',' << (a.value(n).empty() ? "" : number(a.value(n)[u])) << ','
          << (ind ? number(a.threshold(n, u)) : "") << ',' << (ind && !a.gap(n).empty() ? number(a.gap(n)[u]) : "")
          << '\n';
    }
  }
}

void write_wide_csv(std::ostream& out, const Assessment& a, const Summary& s) {
  const auto& t = a.units();
  const auto* rec = t.attribute(s.recognized_attribute);
  std::map<std::size_t, const Review*> review;
  for (const auto& r : s.reviews) review[r.unit] = &r;
  out << "id,name,district,recognized";
  for (auto c : s.criteria) out << ',' << csv_cell(a.nodes()[c].id);
  out << ",criteria_met,criteria_unknown,highest_level";
  for (auto l : s.levels) out << ',' << csv_cell(a.nodes()[l].id);
  out << ",review,review_criteria_unmet\n";
  for (std::size_t u = 0; u < a.size(); ++u) {
    out << csv_cell(t.ids[u]) << ',' << csv_cell(u < t.names.size() ? t.names[u] : "") << ','
        << csv_cell(u < t.districts.size() ? t.districts[u] : "") << ',' << csv_cell(rec ? (*rec)[u] : "");
    for (auto c : s.criteria) out << ',' << mark(a.status(c)[u]);
    out << ',' << s.criteria_met[u] << '/' << s.criteria.size() << ',' << s.criteria_unknown[u] << ',';
    if (auto h = a.highest_level(u)) out << a.nodes()[*h].id;
    for (auto l : s.levels) out << ',' << mark(a.status(l)[u]);
    auto it = review.find(u);
    out << ',' << (it == review.end() ? "" : std::string(to_string(it->second->outcome))) << ','
        << (it == review.end() ? "" : csv_cell(fmt::format("{}", fmt::join(it->second->criteria_unmet, " ")))) << '\n';
  }
}

void write_json(std::ostream& out, const Assessment& a, const Summary& s) {
  using json = nlohmann::ordered_json;
  const model::Pack& pack = a.rules().pack();
  auto status_json = [](Status st) { return std::string(to_string(st)); };
  auto num = [](double x) { return std::isnan(x) ? json(nullptr) : json(x); };
  json j;
  j["schema"] = "tieuchi.assessment/1";
  j["pack"] = {{"id", pack.id}, {"version", pack.version}, {"lineage", pack.lineage}};
  j["year"] = a.year();
  j["unverified_values"] = s.unverified_values;
  json summary;
  summary["units"] = a.size();
  summary["base_level"] = s.base_level == SIZE_MAX ? json(nullptr) : json(a.nodes()[s.base_level].id);
  auto group_json = [&](const GroupSummary& g) {
    json gj;
    gj["name"] = g.name;
    gj["units"] = g.units;
    gj["average_criteria_met"] = g.average_criteria_met;
    json crit = json::object();
    for (std::size_t k = 0; k < s.criteria.size(); ++k) {
      const auto& c = g.criteria[k];
      crit[a.nodes()[s.criteria[k]].id] = {{"met", c.met}, {"unmet", c.unmet}, {"unknown", c.unknown},
                                           {"not_applicable", c.not_applicable}, {"share_met", num(c.share_met())}};
    }
    gj["criteria"] = crit;
    json lv = json::object();
    for (std::size_t k = 0; k < s.levels.size(); ++k) {
      const auto& c = g.levels[k];
      lv[a.nodes()[s.levels[k]].id] = {{"met", c.met}, {"unmet", c.unmet}, {"unknown", c.unknown}};
    }
    gj["levels"] = lv;
    return gj;
  };
  summary["province"] = group_json(s.province);
  summary["districts"] = json::array();
  for (const auto& d : s.districts) summary["districts"].push_back(group_json(d));
  j["summary"] = summary;
  j["reviews"] = json::array();
  for (const auto& r : s.reviews)
    j["reviews"].push_back({{"unit", a.units().ids[r.unit]}, {"level", r.level}, {"outcome", to_string(r.outcome)},
                            {"criteria_unmet", r.criteria_unmet}, {"criteria_unknown", r.criteria_unknown},
                            {"indicators_unmet", r.indicators_unmet}});
  j["units"] = json::array();
  const auto& t = a.units();
  for (std::size_t u = 0; u < a.size(); ++u) {
    json uj;
    uj["id"] = t.ids[u];
    uj["name"] = u < t.names.size() ? t.names[u] : "";
    uj["district"] = u < t.districts.size() ? t.districts[u] : "";
    uj["criteria_met"] = s.criteria_met[u];
    uj["criteria_unknown"] = s.criteria_unknown[u];
    auto h = a.highest_level(u);
    uj["highest_level"] = h ? json(a.nodes()[*h].id) : json(nullptr);
    json nodes = json::object();
    for (std::size_t n = 0; n < a.nodes().size(); ++n) {
      const auto& info = a.nodes()[n];
      if (info.kind == NodeKind::key) continue;
      json nj;
      nj["kind"] = graph::to_string(info.kind);
      nj["status"] = status_json(a.status(n)[u]);
      if (!a.value(n).empty()) nj["value"] = num(a.value(n)[u]);
      if (info.kind == NodeKind::indicator) {
        nj["threshold"] = num(a.threshold(n, u));
        if (!a.gap(n).empty()) nj["gap"] = num(a.gap(n)[u]);
      }
      nodes[info.id] = nj;
    }
    uj["nodes"] = nodes;
    j["units"].push_back(uj);
  }
  out << j.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace tieuchi::assess
