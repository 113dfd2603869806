// Explanations: why a node of one unit has its status, down to values and thresholds (vi/en).

#include <fmt/format.h>

#include <cmath>

#include "text/format.hpp"
#include "tieuchi/assess/report.hpp"
#include "tieuchi/error.hpp"

namespace tieuchi::assess {

using graph::NodeKind;
using text::tr;

namespace {

const model::CompiledNode& eval_node(const Assessment& a, std::size_t pos) { return a.rules().compiled(pos); }

std::string status_word(Status s, Lang lang) {
  switch (s) {
    case Status::met: return tr("status.word.met", lang);
    case Status::unmet: return tr("status.word.unmet", lang);
    case Status::unknown: return tr("status.word.unknown", lang);
    case Status::not_applicable: return tr("status.word.not_applicable", lang);
  }
  return "?";
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
  if (const auto* i = pack.find_indicator(n.id)) return i->name.in(lang);
  if (const auto* c = pack.find_criterion(n.id)) return c->name.in(lang);
  if (const auto* l = pack.find_level(n.id)) return l->name.in(lang);
  return {};
}

std::string missing_text(const model::NodeResult::Missing& m, const model::Pack& pack, Lang lang) {
  using K = model::NodeResult::Missing::Kind;
  switch (m.kind) {
    case K::input: return tr("explain.missing_input", lang, m.name);
    case K::threshold: {
      // The English text is the model's own reason when it gives one.
      if (lang == Lang::en && !m.detail.empty()) return m.detail;
      const auto* p = pack.find_parameter(m.name);
      return tr("explain.missing_threshold", lang, m.name, p ? p->pack : pack.id);
    }
    case K::node: return tr("explain.node_unknown", lang, m.name);
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
        return tr("explain.threshold_met", lang, head, show(n.value, unit), show(n.threshold, unit),
                  status_word(n.status, lang));
      if (n.value.is_missing() || n.value.is_bool()) return fmt::format("{}: {}", head, status_word(n.status, lang));
      return fmt::format("{}: {} ({})", head, show(n.value, unit), status_word(n.status, lang));
    case Status::unmet: {
      std::vector<std::string> parts;
      for (const auto& s : n.shortfalls) {
        if (s.comparison && s.lhs.is_number() && s.rhs.is_number()) {
          std::string amount = unit == "%" ? fmt::format("{:.4g}%", s.amount * 100) : fmt::format("{:.6g}", s.amount);
          parts.push_back(tr("explain.short_by", lang, show(s.lhs, unit), failed_op(s.op), show(s.rhs, unit),
                             status_word(Status::unmet, lang), amount));
        } else {
          parts.push_back(tr("explain.is_false", lang, s.text, status_word(Status::unmet, lang)));
        }
      }
      if (parts.empty()) parts.push_back(status_word(n.status, lang));
      return fmt::format("{}: {}", head, fmt::join(parts, "; "));
    }
    case Status::unknown: {
      std::vector<std::string> why;
      for (const auto& m : n.missing) why.push_back(missing_text(m, pack, lang));
      return fmt::format("{}: {} ({})", head, status_word(n.status, lang), fmt::join(why, "; "));
    }
    case Status::not_applicable: {
      std::string cond = ind && ind->applies_if ? ind->applies_if->text() : "";
      return tr("explain.applies_only_if", lang, head, status_word(n.status, lang), cond);
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
    out += fmt::format("{}{}: {}\n", pad, n.id, n.value.is_missing() ? status_word(Status::unknown, lang) : show(n.value, ""));
    return;
  }
  auto pos = a.rules().node_position(n.id);
  const auto& e = eval_node(a, *pos);
  std::size_t met = 0, applicable = 0;
  for (auto m : e.members) {
    met += r.nodes[m].status == Status::met;
    applicable += r.nodes[m].status != Status::not_applicable;
  }
  std::string line = fmt::format("{}{} {}: {}", pad, n.id, node_name(pack, n, lang), status_word(n.status, lang));
  if (!e.members.empty())
    line += n.kind == NodeKind::criterion ? tr("explain.indicators_met", lang, met, applicable)
                                          : tr("explain.criteria_met", lang, met, applicable);
  if (e.required_level) {
    const auto& req = r.nodes[*e.required_level];
    line += tr("explain.requires", lang, req.id, status_word(req.status, lang));
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
      line += tr("explain.revocation_criteria", lang, failing.size(), eval_node(a, *rp).members.size(),
                 failing.empty() ? "" : fmt::format(": {}", fmt::join(failing, " ")),
                 unknown.empty() ? "" : tr("explain.revocation_unknown", lang, fmt::format("{}", fmt::join(unknown, " "))));
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

}  // namespace tieuchi::assess
