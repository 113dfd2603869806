// Batch assessment: every node's compiled program over chunks of units, in dependency order.
// Keys first (their codes pick the parameter values), then tables, indicators, criteria and
// levels, each one's results bound as inputs of the nodes that reference it. Chunks are
// independent, so threads take whole chunks.

#include "tieuchi/assess/assessment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <set>
#include <thread>
#include <unordered_map>
#include <utility>

#include "assess/assess_run.hpp"
#include "assess/node_steps.hpp"
#include "assess/range_check.hpp"
#include "expr/data_errors.hpp"
#include "support/pages.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/expr/batch.hpp"
#include "tieuchi/expr/gap.hpp"

namespace tieuchi::assess {

using graph::NodeKind;
using tieuchi::expr::detail::throw_data_error;
using detail::RangeCheck;
using namespace detail;

namespace {

/// Throws E505 for the first out-of-range value (fields in pack order, then units in order).
void throw_range_error(const std::vector<RangeCheck>& checks, const model::Pack& pack, const UnitTable& units) {
  for (const auto& c : checks) {
    const model::Field& f = pack.fields[c.field];
    if (c.ok(0, c.column.size())) continue;
    for (std::size_t u = 0; u < c.column.size(); ++u) {
      double x = c.column.at(u);
      if (std::isnan(x)) continue;
      bool bad = c.boolean ? (x != 0 && x != 1) : (x < c.lo || x > c.hi);
      if (bad)
        throw_data_error("E505", fmt::format("{} is outside the range of field '{}' (unit {}, '{}')", x, f.name, u + 1,
                                             u < units.ids.size() ? units.ids[u] : ""), f.name);
    }
  }
}

/// The input column an indicator's value is, when its value expression is a number or yes/no
/// field as read and the table holds that field as plain float64 (which the run checks against
/// the field's range, as every chunk reads it); null otherwise (the value is computed).
const double* value_read_as_is(const model::CompiledNode& e, const UnitTable& units) {
  if (e.out_value < 0) return nullptr;
  const expr::CheckedExpr& ce = e.program.expression(static_cast<std::size_t>(e.out_value));
  const auto& root = ce.resolution.at(ce.ast.root);
  if (root.kind != expr::Resolution::Kind::slot || root.index >= ce.symbols.size()) return nullptr;
  const expr::Symbol& sym = ce.symbols[root.index];
  if (sym.kind != expr::SymbolKind::field || (sym.type != Type::number && sym.type != Type::boolean)) return nullptr;
  auto column = units.column(sym.name);
  if (!column || !column->plain() || column->values.size() != units.rows()) return nullptr;
  return column->values.data();
}

}  // namespace

namespace {

/// What one thread keeps from chunk to chunk: the batch bindings, the derived columns and
/// the status accumulators, allocated once and reused (no allocation per chunk once warm).
struct Scratch {
  explicit Scratch(const expr::Environment& env) : batch(env, 0) {}
  expr::Batch batch;  // rebound for every chunk
  std::deque<std::vector<double>> columns;  // stable addresses: the batch holds views
  std::size_t used = 0;                     // columns handed out in this chunk
  std::vector<Status> rule_status, applies_status;
  std::vector<std::uint8_t> rank;
  std::vector<std::uint16_t> met, unmet;  // member counts
  std::vector<std::vector<std::int32_t>> key_chunk, param_codes;
  std::vector<char> param_owner;

  /// A column of n doubles for this chunk (NaN-filled when asked; else the caller writes all).
  double* column(std::size_t n, bool fill_missing) {
    if (used == columns.size()) columns.emplace_back();
    auto& c = columns[used++];
    c.resize(n);
    if (fill_missing) std::fill(c.begin(), c.end(), nan);
    return c.data();
  }
};

class Engine {
 public:
  Engine(Assessment& a, const model::RuleSet& d, const UnitTable& units, const AssessOptions& opt,
         std::vector<ParamTable>& params, std::vector<std::vector<std::int32_t>>& key_codes, Status* status,
         const std::vector<double*>& value, const std::vector<const double*>& value_in, std::vector<std::span<double>>& gap,
         std::vector<std::span<double>>& cost, const std::vector<RangeCheck>& range_checks)
      : a_(a), d_(d), units_(units), opt_(opt), params_(params), key_codes_(key_codes), status_(status),
        rows_(units.rows()), value_(value), value_in_(value_in), gap_(gap), cost_(cost), range_checks_(range_checks) {
    // Slots some program reads: only those reference columns are materialised.
    for (std::size_t node = 0; node < d_.nodes().size(); ++node) {
      const auto& e = d_.compiled(node);
      for (auto s : e.program.input_slots()) needed_.insert(s);
      if (opt_.costs)
        for (auto s : e.cost.input_slots()) needed_.insert(s);
    }
    for (std::size_t node = 0; node < d_.nodes().size(); ++node)
      if (const auto& e = d_.compiled(node); e.kind == NodeKind::indicator && needed_.count(e.reference_slot(expr::Accessor::gap))) gap_needed_ = true;
  }

  /// Whether some numeric input was outside its field's range (assess() then reports the first).
  bool range_error() const { return range_error_.load(std::memory_order_relaxed); }

  void run_chunk(std::size_t r0, std::size_t n, Scratch& scratch) {
    // Range checks here rather than in a pass of their own: the chunk's columns are read once
    // more while they are in the cache. A bad value is reported after the run (the first one, in
    // field and unit order, whatever the thread count).
    for (const auto& c : range_checks_)
      if (!c.ok(r0, n)) range_error_.store(true, std::memory_order_relaxed);
    if (range_error()) return;
    expr::Batch& batch = scratch.batch;
    batch.reset(n);
    // Per-thread buffers, reused from chunk to chunk (alive for the whole chunk: the batch holds
    // views of them).
    scratch.used = 0;
    bind_fields(batch, r0, n, scratch);
    batch.set_constant("year", Value(static_cast<double>(a_.year())));
    auto& key_chunk = scratch.key_chunk;
    auto& param_codes = scratch.param_codes;
    key_chunk.resize(d_.key_count());
    param_codes.resize(d_.pack().parameters.size());
    scratch.param_owner.assign(d_.pack().parameters.size(), 0);  // which code columns this chunk filled
    auto new_column = [&](bool fill_missing = false) { return scratch.column(n, fill_missing); };
    expr::BatchOptions bopt;
    bopt.threads = 1;
    bopt.chunk_rows = std::min<std::size_t>(1024, std::max<std::size_t>(n, 1));

    // Keys.
    for (std::size_t i = 0; i < d_.key_count(); ++i) {
      const auto& e = d_.compiled(i);
      const model::Key& key = d_.pack().keys[e.index];
      auto res = expr::evaluate(e.program, batch, bopt);
      const auto& vals = res.outputs[static_cast<std::size_t>(e.out_value)].values;
      std::vector<std::int32_t> map(res.strings.size(), -1);
      for (std::size_t s = 0; s < res.strings.size(); ++s) {
        auto it = std::find(key.values.begin(), key.values.end(), res.strings[s]);
        if (it != key.values.end()) map[s] = static_cast<std::int32_t>(it - key.values.begin());
      }
      auto& codes = key_chunk[i];
      codes.resize(n);
      auto unknown = static_cast<std::int32_t>(key.values.size());  // the "unknown" code
      for (std::size_t u = 0; u < n; ++u) {
        double v = vals[u];
        std::int32_t c = std::isnan(v) ? -1 : map[static_cast<std::size_t>(v)];
        codes[u] = c;
        key_codes_[e.index][r0 + u] = c < 0 ? unknown : c;
        status_[i * rows_ + r0 + u] = c < 0 ? Status::unknown : Status::met;
        if (value_[i]) value_[i][r0 + u] = c < 0 ? nan : static_cast<double>(c);
      }
      batch.set(key.name, expr::StringColumnView{codes, key.values});
    }
    // Parameters: a value per combination of key values.
    for (std::size_t p = 0; p < d_.pack().parameters.size(); ++p) {
      if (d_.parameter_slot(p) == model::no_slot) continue;
      const model::Parameter& par = d_.pack().parameters[p];
      const ParamTable& t = params_[p];
      if (t.constant) {
        double v = t.table[0];
        Value c = std::isnan(v) ? Value::missing() : par.type == Type::boolean ? Value(v != 0.0) : Value(v);
        batch.set_constant(par.name, c);
        continue;
      }
      // Parameters that vary by the same keys share one code column.
      std::size_t owner = p;
      for (std::size_t q = 0; q < p; ++q)
        if (!params_[q].constant && params_[q].keys == t.keys && scratch.param_owner[q]) {
          owner = q;
          break;
        }
      auto& codes = param_codes[owner];
      if (owner == p) {
        scratch.param_owner[p] = 1;
        codes.resize(n);
        if (t.keys.size() == 1) {
          const std::int32_t* kc = key_codes_[t.keys[0]].data() + r0;
          for (std::size_t u = 0; u < n; ++u) codes[u] = kc[u];
        } else {
          for (std::size_t u = 0; u < n; ++u) codes[u] = static_cast<std::int32_t>(t.code(key_codes_, r0 + u));
        }
      }
      batch.set_keyed(par.name, t.table, codes);
    }
    // Every other node, in order.
    auto& rule_status = scratch.rule_status;
    auto& applies_status = scratch.applies_status;
    auto& rank = scratch.rank;
    rule_status.resize(n);
    applies_status.resize(n);
    rank.resize(n);
    for (std::size_t i = d_.key_count(); i < d_.nodes().size(); ++i) {
      const auto& e = d_.compiled(i);
      Status* st = status_ + i * rows_ + r0;
      double* val = value_[i] ? value_[i] + r0 : nullptr;
      switch (e.kind) {
        case NodeKind::table: {
          double* out = val ? val : new_column();
          std::vector<expr::OutputSpan> spans{{out, nullptr}};
          expr::evaluate_into(e.program, batch, spans, bopt);
          present_to_status(out, bytes(st), n);
          batch.set_slot(e.slot, expr::ColumnView{std::span<const double>(out, n)});
          break;
        }
        case NodeKind::indicator: {
          // Gaps, when asked for or read by another rule: the program that also gives the rule's
          // total shortfall, in the same pass (kept where the indicator is unmet).
          double* g = gap_[i].empty() ? (gap_needed_ ? new_column() : nullptr) : gap_[i].data() + r0;
          const expr::Program& program = g ? e.program_gaps : e.program;
          std::vector<expr::OutputSpan> spans(program.output_count());
          spans[static_cast<std::size_t>(e.out_rule)].status = e.out_applies >= 0 ? rule_status.data() : st;
          spans[static_cast<std::size_t>(e.out_rule)].gap = g;
          if (e.out_applies >= 0) spans[static_cast<std::size_t>(e.out_applies)].status = applies_status.data();
          const double* v = nullptr;
          if (value_in_[i]) {
            v = value_in_[i] + r0;  // the value is an input column as read: nothing to compute
          } else if (e.out_value >= 0) {
            double* w = val ? val : (needed_.count(e.reference_slot(expr::Accessor::value)) ? new_column() : nullptr);
            spans[static_cast<std::size_t>(e.out_value)].values = w;
            v = w;
          }  // no value expression: the run's shared column of NaN is the value
          expr::evaluate_into(program, batch, spans, bopt);
          if (e.out_applies >= 0) apply_applicability(bytes(rule_status.data()), bytes(applies_status.data()), bytes(st), n);
          // The batch evaluator wrote the gap where the rule is false (0 where it holds, NaN
          // where unknown); applicability can still make a rule's status not applicable or unknown.
          if (g && e.out_applies >= 0) keep_where_unmet(bytes(st), g, n);
          publish(batch, e, st, v, g, n, new_column, /*indicator=*/true,
                  e.out_applies >= 0 ? applies_status.data() : nullptr);
          break;
        }
        case NodeKind::criterion:
        case NodeKind::level: {
          if (e.out_rule >= 0) {
            std::vector<expr::OutputSpan> spans(e.program.output_count());
            spans[static_cast<std::size_t>(e.out_rule)].status = st;
            expr::evaluate_into(e.program, batch, spans, bopt);
          }
          double* cnt = val ? val : (needed_.count(e.reference_slot(expr::Accessor::value)) ? new_column() : nullptr);
          double* g = needed_.count(e.reference_slot(expr::Accessor::gap)) ? new_column() : nullptr;
          const Status* req = e.required_level ? status_ + *e.required_level * rows_ + r0 : nullptr;
          const bool custom = e.out_rule >= 0;
          // Member-major: each member's status column is read sequentially into a chunk-sized
          // accumulator. Statuses alone need only the severity rank; counts (the criterion's
          // value: members met) and gaps (members unmet) when someone reads them.
          if (!custom || req) {
            std::uint8_t* r = rank.data();
            if (custom) {
              for (std::size_t u = 0; u < n; ++u) r[u] = swap_rank(bytes(st)[u]);
            } else {
              std::fill(rank.begin(), rank.end(), std::uint8_t{0});
              for (auto m : e.members) fold_member(bytes(status_ + m * rows_ + r0), r, n);
            }
            if (req) fold_requirement(bytes(req), r, n);
            ranks_to_status(r, bytes(st), !custom && e.members.empty() ? kMet : kNa, n);
          }
          if (cnt || g) {
            scratch.met.assign(n, 0);
            scratch.unmet.assign(n, 0);
            for (auto m : e.members) count_member(bytes(status_ + m * rows_ + r0), scratch.met.data(), scratch.unmet.data(), n);
            counts_out(scratch.met.data(), scratch.unmet.data(), bytes(st), cnt, g, n);
          }
          publish(batch, e, st, cnt, g, n, new_column, /*indicator=*/false, nullptr);
          break;
        }
        default:
          std::fill(st, st + n, Status::unknown);
          if (val) std::fill(val, val + n, nan);
          break;
      }
    }
    // Remediation costs, once every reference column is bound; kept only where unmet.
    if (opt_.costs) {
      for (std::size_t i = d_.key_count(); i < d_.nodes().size(); ++i) {
        const auto& e = d_.compiled(i);
        if (e.kind != NodeKind::indicator || cost_[i].empty()) continue;
        double* c = cost_[i].data() + r0;
        if (!e.has_cost()) {
          std::fill(c, c + n, nan);  // no cost model
          continue;
        }
        std::vector<expr::OutputSpan> spans{{c, nullptr}};
        expr::evaluate_into(e.cost, batch, spans, bopt);
        keep_where_unmet(bytes(status_ + i * rows_ + r0), c, n);
      }
    }
  }

 private:
  Assessment& a_;
  const model::RuleSet& d_;
  const UnitTable& units_;
  const AssessOptions& opt_;
  std::vector<ParamTable>& params_;
  std::vector<std::vector<std::int32_t>>& key_codes_;
  Status* status_;  // node-major, rows_ per node
  std::size_t rows_;
  const std::vector<double*>& value_;          // per node: the value column to write, or null
  const std::vector<const double*>& value_in_;  // per node: the input column that is its value, or null
  std::vector<std::span<double>>& gap_;
  std::vector<std::span<double>>& cost_;
  const std::vector<RangeCheck>& range_checks_;
  std::atomic<bool> range_error_{false};
  std::set<std::uint32_t> needed_;
  bool gap_needed_ = false;

  void bind_fields(expr::Batch& batch, std::size_t r0, std::size_t n, Scratch& scratch) {
    for (std::size_t f = 0; f < d_.pack().fields.size(); ++f) {
      if (d_.field_slot(f) == model::no_slot) continue;
      const model::Field& field = d_.pack().fields[f];
      if (field.type == Type::string) {
        if (const StringColumn* s = units_.strings(field.name)) {
          batch.set(field.name, expr::StringColumnView{std::span<const std::int32_t>(s->codes).subspan(r0, n),
                                                       s->dictionary});
          continue;
        }
      } else if (auto v = units_.column(field.name)) {
        if (v->plain()) {
          batch.set(field.name, slice(*v, r0, n));
        } else {
          // Bytes or masked (pandas' nullable arrays): converted once per chunk here, not by
          // every program that reads the field.
          double* c = scratch.column(n, /*fill_missing=*/false);
          column_to_doubles(*v, r0, n, c);
          batch.set(field.name, expr::ColumnView{std::span<const double>(c, n)});
        }
        continue;
      }
      batch.set_constant(field.name, Value::missing());
    }
  }

  /// Binds the reference columns other programs read (met, value, gap, applicable).
  template <class NewColumn>
  void publish(expr::Batch& batch, const model::CompiledNode& e, const Status* st, const double* v,
               const double* g, std::size_t n, NewColumn& new_column, bool indicator, const Status* applies) {
    if (needed_.count(e.reference_slot(expr::Accessor::met))) {
      double* c = new_column();
      status_to_truth(bytes(st), c, n);
      batch.set_slot(e.reference_slot(expr::Accessor::met), expr::ColumnView{std::span<const double>(c, n)});
    }
    if (needed_.count(e.reference_slot(expr::Accessor::value))) {
      if (v) {
        batch.set_slot(e.reference_slot(expr::Accessor::value), expr::ColumnView{std::span<const double>(v, n)});
      } else {
        batch.set_slot(e.reference_slot(expr::Accessor::value),
                       expr::ColumnView{std::span<const double>(new_column(/*fill_missing=*/true), n)});
      }
    }
    if (needed_.count(e.reference_slot(expr::Accessor::gap)) && g) batch.set_slot(e.reference_slot(expr::Accessor::gap), expr::ColumnView{std::span<const double>(g, n)});
    if (needed_.count(e.reference_slot(expr::Accessor::applicable))) {
      double* c = new_column();
      applicable_truth(bytes(st), indicator ? bytes(applies) : nullptr, c, n);
      batch.set_slot(e.reference_slot(expr::Accessor::applicable), expr::ColumnView{std::span<const double>(c, n)});
    }
  }
};

/// Every combination of key values of a parameter, resolved once.
ParamTable plan_parameter(const model::RuleSet& rules, const model::Parameter& p, int year) {
  const model::Pack& pack = rules.pack();
  ParamTable t;
  for (const auto& k : p.by) {
    if (k == "year") continue;
    const model::Key* key = pack.find_key(k);
    if (key) t.keys.push_back(static_cast<std::size_t>(key - pack.keys.data()));
  }
  t.constant = t.keys.empty();
  // Mixed radix: each key has its values plus one "unknown" value.
  std::size_t size = 1;
  t.strides.assign(t.keys.size(), 0);
  for (std::size_t k = t.keys.size(); k-- > 0;) {
    t.strides[k] = size;
    size *= pack.keys[t.keys[k]].values.size() + 1;
  }
  t.table.assign(size, nan);
  for (std::size_t c = 0; c < size; ++c) {
    std::map<std::string, std::string> keys;
    for (std::size_t k = 0; k < t.keys.size(); ++k) {
      const model::Key& key = pack.keys[t.keys[k]];
      std::size_t v = (c / t.strides[k]) % (key.values.size() + 1);
      if (v < key.values.size()) keys[key.name] = key.values[v];
    }
    t.table[c] = encode(rules.resolve(p, keys, year).value);
  }
  return t;
}

}  // namespace

Assessment assess(std::shared_ptr<const model::RuleSet> rules, std::shared_ptr<const UnitTable> units,
                  const AssessOptions& options) {
  return detail::AssessRun::run(std::move(rules), std::move(units), options, nullptr, nullptr);
}

Assessment detail::AssessRun::run(std::shared_ptr<const model::RuleSet> rules, std::shared_ptr<const UnitTable> units,
                                  const AssessOptions& options, const std::vector<RangeCheck>* deferred,
                                  bool* range_failed) {
  if (!rules || !units) throw std::invalid_argument("assess: null rule set or unit table");
  auto started = std::chrono::steady_clock::now();
  const model::RuleSet& d = *rules;
  const model::Pack& pack = d.pack();
  Assessment a;
  a.rules_ = rules;
  a.units_ = units;
  a.rows_ = units->rows();
  a.year_ = options.year.value_or(rules->default_year());
  if ((pack.valid_from && a.year_ < *pack.valid_from) || (pack.valid_to && a.year_ > *pack.valid_to))
    throw_data_error("E506", fmt::format("year {} is outside the validity of pack {} ({}-{})", a.year_, pack.id,
                                         pack.valid_from.value_or(0), pack.valid_to.value_or(0)));
  // Input checks the batch evaluator cannot make: string values outside a field's values, numbers
  // outside a field's range.
  // A table built by read_units() for this rule set was checked there (and reported every bad
  // value with its row): only tables built by hand are checked here.
  std::vector<RangeCheck> range_checks;
  if (deferred) range_checks = *deferred;  // the checks read_units() left to this run (assess_units)
  const bool validated = units->validated_for(*rules);
  for (const auto& f : pack.fields) {
    if (validated) break;
    if (f.type == Type::string) {
      if (units->column(f.name))
        throw_data_error("E502", fmt::format("field '{}' is a string, but the column holds numbers", f.name), f.name);
      if (const StringColumn* s = units->strings(f.name); s && !f.values.empty())
        for (const auto& v : s->dictionary)
          if (std::find(f.values.begin(), f.values.end(), v) == f.values.end())
            throw_data_error("E505", fmt::format("'{}' is not a value of field '{}' (expected one of: {})", v, f.name,
                                                 fmt::join(f.values, ", ")), f.name);
    } else if (units->strings(f.name)) {
      throw_data_error("E502", fmt::format("field '{}' is a {}, but the column holds text", f.name, to_string(f.type)),
                       f.name);
    } else if (auto v = units->column(f.name); v && (f.min || f.max || f.type == Type::boolean)) {
      // Checked chunk by chunk during the run (see Engine::run_chunk).
      range_checks.push_back({static_cast<std::size_t>(&f - pack.fields.data()), *v,
                              f.type == Type::boolean ? 0.0 : f.min.value_or(-HUGE_VAL),
                              f.type == Type::boolean ? 1.0 : f.max.value_or(HUGE_VAL), f.type == Type::boolean});
    }
  }
  for (const auto& p : pack.parameters)
    if (p.type == Type::string)
      throw_data_error("E510", fmt::format("parameter '{}' is a string: batch assessment supports number and bool "
                                           "parameters", p.name));
  for (const auto& t : pack.tables)
    if (t.type == Type::string)
      throw_data_error("E510", fmt::format("table '{}' gives strings: batch assessment supports number and bool "
                                           "tables", t.name));

  std::size_t nodes = d.nodes().size();
  // Not initialised: every chunk writes every node's statuses (first touched by the thread that
  // computes them, while they are in the cache).
  a.nodes_ = nodes;
  a.status_.reset(static_cast<Status*>(support::allocate_pages(nodes * a.rows_ * sizeof(Status))));
  // The value, gap and cost columns in one block of pages, not initialised either: every chunk
  // writes every column it has (NaN where nothing is computed).
  a.value_.assign(nodes, {});
  std::vector<double*> value_out(nodes, nullptr);
  std::vector<const double*> value_in(nodes, nullptr);
  a.gap_.assign(nodes, {});
  a.cost_.assign(nodes, {});
  {
    // Indicators without a value expression share one column of NaN (read-only, as every value
    // column is to callers) instead of each writing its own.
    auto no_value = [&](std::size_t i) {
      return d.compiled(i).kind == NodeKind::indicator && d.compiled(i).out_value < 0;
    };
    std::size_t columns = 0;
    bool missing_column = false;
    for (std::size_t i = 0; i < nodes; ++i) {
      const bool indicator = d.compiled(i).kind == NodeKind::indicator;
      if (options.values && indicator) value_in[i] = value_read_as_is(d.compiled(i), *units);
      missing_column = missing_column || (options.values && no_value(i));
      columns += (options.values && !value_in[i] && !no_value(i)) + (indicator && (options.gaps || options.costs)) +
                 (indicator && options.costs);
    }
    columns += missing_column;
    a.columns_.reset(static_cast<double*>(support::allocate_pages(columns * a.rows_ * sizeof(double))));
    double* next = a.columns_.get();
    auto take = [&] { return std::span<double>(std::exchange(next, next + a.rows_), a.rows_); };
    std::span<const double> missing;
    if (missing_column) {
      auto c = take();
      std::fill(c.begin(), c.end(), nan);
      missing = c;
    }
    for (std::size_t i = 0; i < nodes; ++i) {
      const bool indicator = d.compiled(i).kind == NodeKind::indicator;
      if (value_in[i]) {
        a.value_[i] = {value_in[i], a.rows_};
      } else if (options.values && no_value(i)) {
        a.value_[i] = missing;
      } else if (options.values) {
        auto c = take();
        a.value_[i] = c;
        value_out[i] = c.data();
      }
      if (indicator && (options.gaps || options.costs)) a.gap_[i] = take();
      if (indicator && options.costs) a.cost_[i] = take();
    }
  }
  a.threshold_name_.assign(nodes, {});
  a.threshold_param_.assign(nodes, -1);
  a.threshold_table_.assign(nodes, -1);
  for (std::size_t i = 0; i < nodes; ++i) {
    const auto& e = d.compiled(i);
    if (e.kind == NodeKind::indicator && e.out_rule >= 0) {
      const auto& ce = e.program.expression(static_cast<std::size_t>(e.out_rule));
      for (const auto& use : ce.uses) {
        const auto& sym = ce.symbols[use.slot];
        if (sym.kind == expr::SymbolKind::parameter && sym.name != "year") {
          if (const model::Parameter* p = pack.find_parameter(sym.name)) {
            a.threshold_param_[i] = static_cast<std::int32_t>(p - pack.parameters.data());
            a.threshold_name_[i] = sym.name;
          }
          break;
        }
        if (sym.kind == expr::SymbolKind::derived && pack.find_table(sym.name)) {
          if (auto pos = rules->node_position(sym.name); pos && options.values) {
            a.threshold_table_[i] = static_cast<std::int32_t>(*pos);
            a.threshold_name_[i] = sym.name;
          }
          break;
        }
      }
    }
  }
  a.key_codes_.assign(pack.keys.size(), std::vector<std::int32_t>(a.rows_, 0));
  for (const auto& p : pack.parameters) a.params_.push_back(plan_parameter(*rules, p, a.year_));
  // Levels a unit can reach, by depth of their requirement chain.
  std::vector<std::pair<int, std::size_t>> lv;
  for (std::size_t i = 0; i < nodes; ++i) {
    if (d.compiled(i).kind != NodeKind::level) continue;
    const model::Level& l = pack.levels[d.compiled(i).index];
    if (l.condition) continue;
    int depth = 0;
    for (const model::Level* x = &l; x && !x->requires_level.empty() && depth < 64; ++depth)
      x = pack.find_level(x->requires_level);
    lv.emplace_back(depth, i);
  }
  std::stable_sort(lv.begin(), lv.end());
  for (auto& [_, i] : lv) a.levels_.push_back(i);

  Engine engine(a, d, *units, options, a.params_, a.key_codes_, a.status_.get(), value_out, value_in, a.gap_, a.cost_,
                range_checks);
  std::size_t chunk = std::max<std::size_t>(options.chunk_rows, 1);
  std::size_t chunks = (a.rows_ + chunk - 1) / chunk;
  unsigned threads = options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(chunks, 1)));
  // Chunks handed out in order as threads come for them (not dealt in advance): a thread slowed
  // down (a busy core, a virtual CPU the host lends elsewhere) takes fewer, and the others do not
  // wait for it at the end. Which thread computes a chunk changes nothing in the results.
  std::atomic<std::size_t> next_chunk{0};
  auto work = [&](unsigned) {
    Scratch scratch(d.environment());
    for (std::size_t c; (c = next_chunk.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
      std::size_t r0 = c * chunk;
      engine.run_chunk(r0, std::min(chunk, a.rows_ - r0), scratch);
    }
  };
  std::vector<std::exception_ptr> errors(threads);
  auto guarded = [&](unsigned t) {
    try {
      work(t);
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  if (threads <= 1) {
    guarded(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(guarded, t);
    for (auto& th : pool) th.join();
  }
  // Input errors first (as if checked before the run), then the first thread's error.
  if (engine.range_error()) {
    if (range_failed) {
      *range_failed = true;  // the caller reports every bad value (and drops this result)
      return a;
    }
    throw_range_error(range_checks, pack, *units);
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  a.elapsed_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return a;
}

}  // namespace tieuchi::assess
