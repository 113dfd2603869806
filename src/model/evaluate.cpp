// Scalar assessment of one unit against a rule set, node by node in dependency order.

#include "tieuchi/model/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "expr/data_errors.hpp"
#include "model/ruleset_data.hpp"
#include "support/suggest.hpp"
#include "tieuchi/expr/gap.hpp"

namespace tieuchi::model {

using graph::NodeKind;
using tieuchi::expr::detail::throw_data_error;

const NodeResult* UnitResult::find(std::string_view id) const {
  for (const auto& n : nodes)
    if (n.id == id) return &n;
  return nullptr;
}

std::size_t UnitResult::unverified_count() const {
  return static_cast<std::size_t>(std::count_if(parameters.begin(), parameters.end(), [](const auto& p) {
    return p.status != Verification::verified;
  }));
}

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

class UnitEvaluator {
 public:
  UnitEvaluator(const RuleSet& rules, const detail::RuleSetData& d)
      : rules_(rules), d_(d), rec_(d.env), param_reasons_(d.pack.parameters.size()) {}

  UnitResult run(const UnitInputs& inputs, std::optional<int> year_opt) {
    const Pack& pack = d_.pack;
    out_.year = year_opt.value_or(rules_.default_year());
    if ((pack.valid_from && out_.year < *pack.valid_from) || (pack.valid_to && out_.year > *pack.valid_to))
      throw_data_error("E506", fmt::format("year {} is outside the validity of pack {} ({}-{})", out_.year,
                                           pack.id, pack.valid_from.value_or(0), pack.valid_to.value_or(0)));
    set_inputs(inputs);
    rec_.set_slot(d_.year_slot, Value(static_cast<double>(out_.year)));
    out_.nodes.resize(d_.eval.size());
    for (std::size_t i = 0; i < d_.key_count; ++i) eval_key(i);
    resolve_parameters();
    for (std::size_t i = d_.key_count; i < d_.eval.size(); ++i) {
      switch (d_.eval[i].kind) {
        case NodeKind::table: eval_table(i); break;
        case NodeKind::indicator: eval_indicator(i); break;
        case NodeKind::criterion:
        case NodeKind::level: eval_group(i); break;
        default: break;
      }
    }
    return std::move(out_);
  }

 private:
  const RuleSet& rules_;
  const detail::RuleSetData& d_;
  expr::Record rec_;
  UnitResult out_;
  std::vector<std::string> param_reasons_;

  void set_inputs(const UnitInputs& inputs) {
    const Pack& pack = d_.pack;
    for (const auto& [name, value] : inputs) {
      const Field* f = pack.find_field(name);
      if (!f) {
        std::vector<std::string> names;
        for (const auto& x : pack.fields) names.push_back(x.name);
        auto s = support::did_you_mean(support::closest(name, names));
        throw_data_error("E501", fmt::format("'{}' is not a field of pack {}{}", name, pack.id,
                                             s.empty() ? "" : "; " + s),
                         name);
      }
      std::size_t fi = static_cast<std::size_t>(f - pack.fields.data());
      if (!tieuchi::expr::detail::value_fits(value, f->type))
        throw_data_error("E502", fmt::format("field '{}' is a {}, got {}", name, to_string(f->type),
                                             value.to_string()),
                         name);
      if (value.is_string() && !f->values.empty() &&
          std::find(f->values.begin(), f->values.end(), value.as_string()) == f->values.end())
        throw_data_error("E505", fmt::format("'{}' is not a value of field '{}' (expected one of: {})",
                                             value.as_string(), name, fmt::join(f->values, ", ")),
                         name);
      if (value.is_number() && ((f->min && value.as_number() < *f->min) || (f->max && value.as_number() > *f->max)))
        throw_data_error("E505", fmt::format("{} is outside the range of field '{}' ([{}, {}])", value.to_string(),
                                             name, f->min ? fmt::format("{}", *f->min) : "-inf",
                                             f->max ? fmt::format("{}", *f->max) : "inf"),
                         name);
      rec_.set_slot(d_.field_slots[fi], value);
    }
  }

  void resolve_parameters() {
    const Pack& pack = d_.pack;
    for (std::size_t i = 0; i < pack.parameters.size(); ++i) {
      if (d_.parameter_slots[i] == detail::no_slot) continue;
      const Parameter& p = pack.parameters[i];
      auto r = rules_.resolve(p, out_.keys, out_.year);
      rec_.set_slot(d_.parameter_slots[i], r.value);
      if (r.value.is_missing()) {
        param_reasons_[i] = r.reason;
        continue;
      }
      ParameterUse use;
      use.name = p.name;
      std::vector<std::string> parts;
      for (const auto& [k, v] : r.entry->keys) parts.push_back(fmt::format("{}={}", k, v));
      if (r.entry->year) parts.push_back(fmt::format("from {}", *r.entry->year));
      use.applies_to = parts.empty() ? "all units" : fmt::format("{}", fmt::join(parts, ", "));
      use.value = r.value;
      use.status = r.entry->provenance.status;
      use.pack = r.entry->pack;
      use.source = r.entry->provenance.source;
      out_.parameters.push_back(std::move(use));
    }
  }

  /// Why the inputs of `ce` leave it undecided: each missing input, threshold or node, added to
  /// `r` (as text and structured).
  void add_missing(const expr::CheckedExpr& ce, NodeResult& r, std::string_view prefix = {}) {
    std::set<std::uint32_t> seen;
    std::size_t before = r.missing.size();
    auto add = [&](NodeResult::Missing::Kind kind, std::string name, std::string detail, std::string text) {
      r.missing.push_back({kind, std::move(name), std::move(detail)});
      r.reasons.push_back(std::string(prefix) + text);
    };
    for (const auto& use : ce.uses) {
      if (!seen.insert(use.slot).second) continue;
      if (!rec_.get(use.slot).is_missing()) continue;
      const auto& sym = ce.symbols[use.slot];
      switch (sym.kind) {
        case expr::SymbolKind::field:
          add(NodeResult::Missing::Kind::input, sym.name, {}, fmt::format("input '{}' is missing", sym.name));
          break;
        case expr::SymbolKind::parameter: {
          auto it = std::find(d_.parameter_slots.begin(), d_.parameter_slots.end(), use.slot);
          if (it != d_.parameter_slots.end()) {
            const std::string& why = param_reasons_[static_cast<std::size_t>(it - d_.parameter_slots.begin())];
            add(NodeResult::Missing::Kind::threshold, sym.name, why, why);
          }
          break;
        }
        case expr::SymbolKind::derived:
        case expr::SymbolKind::reference: {
          auto pos = rules_.node_position(sym.name);
          if (!pos) break;
          const NodeResult& n = out_.nodes[*pos];
          if (sym.kind == expr::SymbolKind::reference && n.status == Status::not_applicable) {
            add(NodeResult::Missing::Kind::node, sym.name, "not applicable",
                fmt::format("'{}' is not applicable", sym.name));
          } else if (n.status == Status::unknown) {
            // A key or table passes on what it lacks itself.
            if (sym.kind == expr::SymbolKind::derived && !n.missing.empty()) {
              for (const auto& m : n.missing)
                add(m.kind, m.name, m.detail,
                    fmt::format("'{}' is unknown ({})", sym.name, n.reasons.empty() ? m.name : n.reasons.front()));
            } else {
              add(NodeResult::Missing::Kind::node, sym.name, n.reasons.empty() ? "" : n.reasons.front(),
                  fmt::format("'{}' is unknown{}", sym.name, n.reasons.empty() ? "" : " (" + n.reasons.front() + ")"));
            }
          }
          break;
        }
      }
    }
    if (r.missing.size() == before)
      add(NodeResult::Missing::Kind::other, {}, "undecided", "the rule is undecided with the data given");
  }

  /// The result slot of node `i`, with its kind and id filled in.
  NodeResult& start(std::size_t i) {
    NodeResult& r = out_.nodes[i];
    r.kind = d_.eval[i].kind;
    r.id = d_.eval[i].id;
    return r;
  }

  void eval_key(std::size_t i) {
    const auto& e = d_.eval[i];
    const Key& key = d_.pack.keys[e.index];
    NodeResult& r = start(i);
    Value v = e.program.evaluate(rec_)[static_cast<std::size_t>(e.out_value)];
    if (v.is_missing()) {
      r.status = Status::unknown;
      add_missing(e.program.expression(static_cast<std::size_t>(e.out_value)), r);
    } else if (std::find(key.values.begin(), key.values.end(), v.as_string()) == key.values.end()) {
      r.status = Status::unknown;
      r.reasons.push_back(fmt::format("key '{}' is '{}', not one of: {}", key.name, v.as_string(),
                                      fmt::join(key.values, ", ")));
      r.missing.push_back({NodeResult::Missing::Kind::other, key.name, r.reasons.back()});
      v = Value::missing();
    } else {
      r.status = Status::met;
      out_.keys[key.name] = v.as_string();
    }
    r.value = v;
    rec_.set_slot(e.slot, v);
  }

  void eval_table(std::size_t i) {
    const auto& e = d_.eval[i];
    NodeResult& r = start(i);
    Value v = e.program.evaluate(rec_)[static_cast<std::size_t>(e.out_value)];
    r.value = v;
    if (v.is_missing()) {
      r.status = Status::unknown;
      const auto& ce = e.program.expression(static_cast<std::size_t>(e.out_value));
      bool inputs_known = std::all_of(ce.uses.begin(), ce.uses.end(),
                                      [&](const auto& u) { return !rec_.get(u.slot).is_missing(); });
      if (inputs_known) {
        r.reasons.push_back(fmt::format("no row of table '{}' matches this unit", e.id));
        r.missing.push_back({NodeResult::Missing::Kind::threshold, e.id, r.reasons.back()});
      } else {
        add_missing(ce, r);
      }
    } else {
      r.status = Status::met;
    }
    rec_.set_slot(e.slot, v);
  }

  void eval_indicator(std::size_t i) {
    const auto& e = d_.eval[i];
    NodeResult& r = start(i);
    r.gap = nan;
    expr::Trace trace = e.program.trace(rec_);
    Status applies = Status::met;
    if (e.out_applies >= 0) applies = trace.status(static_cast<std::size_t>(e.out_applies));
    if (e.out_value >= 0) r.value = trace.output(static_cast<std::size_t>(e.out_value));
    if (applies == Status::unmet) {
      r.status = Status::not_applicable;
      r.reasons.push_back(fmt::format("applies only if {}", e.program.expression(static_cast<std::size_t>(e.out_applies)).ast.source->text()));
    } else if (applies == Status::unknown) {
      r.status = Status::unknown;
      add_missing(e.program.expression(static_cast<std::size_t>(e.out_applies)), r, "applicability: ");
    } else {
      auto out = static_cast<std::size_t>(e.out_rule);
      r.status = trace.status(out);
      if (r.status == Status::met) {
        r.gap = 0;
      } else if (r.status == Status::unmet) {
        r.gap = 0;
        r.shortfalls = expr::gaps(e.program, out, trace);
        for (const auto& s : r.shortfalls) {
          r.gap += s.amount;
          if (s.comparison)
            r.reasons.push_back(fmt::format("{}: {} vs {} (short by {:.10g})", s.text, s.lhs.to_string(),
                                            s.rhs.to_string(), s.amount));
          else
            r.reasons.push_back(fmt::format("{} is false", s.text));
        }
      } else {
        add_missing(e.program.expression(out), r);
      }
    }
    set_threshold(e, r);
    publish(e, r, r.status == Status::not_applicable ? Value(false)
                  : applies == Status::unknown        ? Value::missing()
                                                      : Value(true));
  }

  void eval_group(std::size_t i) {
    const auto& e = d_.eval[i];
    NodeResult& r = start(i);
    r.gap = nan;
    std::size_t met = 0;
    std::vector<std::string> unmet, unknown;
    std::size_t applicable = 0;
    for (auto m : e.members) {
      const NodeResult& mr = out_.nodes[m];
      if (mr.status == Status::met) ++met;
      if (mr.status != Status::not_applicable) ++applicable;
      if (mr.status == Status::unmet) unmet.push_back(mr.id);
      if (mr.status == Status::unknown) unknown.push_back(mr.id);
    }
    r.value = Value(static_cast<double>(met));
    if (e.out_rule >= 0) {
      auto out = static_cast<std::size_t>(e.out_rule);
      expr::Trace trace = e.program.trace(rec_);
      r.status = trace.status(out);
      if (r.status == Status::unknown) add_missing(e.program.expression(out), r);
      if (r.status == Status::unmet)
        for (const auto& s : expr::gaps(e.program, out, trace)) r.reasons.push_back(fmt::format("{} is not met", s.text));
    } else if (!unmet.empty()) {
      r.status = Status::unmet;
    } else if (!unknown.empty()) {
      r.status = Status::unknown;
    } else {
      r.status = applicable == 0 && !e.members.empty() ? Status::not_applicable : Status::met;
    }
    if (e.out_rule < 0) {
      if (!unmet.empty()) r.reasons.push_back(fmt::format("not met: {}", fmt::join(unmet, ", ")));
      if (!unknown.empty()) r.reasons.push_back(fmt::format("unknown: {}", fmt::join(unknown, ", ")));
    }
    if (e.required_level) {
      const NodeResult& req = out_.nodes[*e.required_level];
      // Kleene and: an unmet requirement makes the level unmet whatever its own criteria.
      if (req.status == Status::unmet) {
        r.status = Status::unmet;
        r.reasons.insert(r.reasons.begin(), fmt::format("requires level '{}', which is not met", req.id));
      } else if (req.status == Status::unknown && r.status != Status::unmet) {
        r.status = Status::unknown;
        r.reasons.insert(r.reasons.begin(), fmt::format("requires level '{}', which is unknown", req.id));
      }
    }
    if (r.status == Status::met) r.gap = 0;
    else if (r.status == Status::unmet) r.gap = static_cast<double>(unmet.size());
    publish(e, r, r.status == Status::not_applicable ? Value(false) : Value(true));
  }

  /// The first parameter or table the indicator's rule reads, as resolved for this unit.
  void set_threshold(const CompiledNode& e, NodeResult& r) {
    if (e.out_rule < 0) return;
    const auto& ce = e.program.expression(static_cast<std::size_t>(e.out_rule));
    for (const auto& use : ce.uses) {
      const auto& sym = ce.symbols[use.slot];
      bool table = sym.kind == expr::SymbolKind::derived && d_.pack.find_table(sym.name);
      if ((sym.kind == expr::SymbolKind::parameter && sym.name != "year") || table) {
        r.threshold_name = sym.name;
        r.threshold = rec_.get(use.slot);
        return;
      }
    }
  }

  /// Makes a node's result visible to the rules that reference it.
  void publish(const CompiledNode& e, const NodeResult& r, Value applicable) {
    Value met = r.status == Status::met     ? Value(true)
                : r.status == Status::unmet ? Value(false)
                                            : Value::missing();
    const auto value_slot = e.reference_slot(expr::Accessor::value);
    rec_.set_slot(e.reference_slot(expr::Accessor::met), met);
    rec_.set_slot(value_slot, value_for_slot(r.value, d_.env.symbols()[value_slot].type));
    rec_.set_slot(e.reference_slot(expr::Accessor::gap), std::isnan(r.gap) ? Value::missing() : Value(r.gap));
    rec_.set_slot(e.reference_slot(expr::Accessor::applicable), applicable);
  }

  static Value value_for_slot(const Value& v, Type t) {
    return tieuchi::expr::detail::value_fits(v, t) ? v : Value::missing();
  }
};

}  // namespace

UnitResult evaluate(const RuleSet& rules, const UnitInputs& inputs, std::optional<int> year) {
  return UnitEvaluator(rules, rules.data()).run(inputs, year);
}

}  // namespace tieuchi::model
