// Columnar evaluation. Units are processed in chunks that stay in the CPU cache; each instruction
// runs as one vectorized loop over the chunk (no per-unit dispatch, no allocation per unit),
// compiled for the CPU it runs on (support/dispatch.hpp). Input columns without a mask are read in place. Semantics match kernels.hpp exactly.

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <memory>
#include <thread>
#include <unordered_map>

#include "data_errors.hpp"
#include "kernels.hpp"
#include "support/unmask.hpp"
#include "program_data.hpp"
#include "support/dispatch.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/expr/batch.hpp"

namespace tieuchi::expr {

using detail::nan;
using detail::Op;
using detail::Operand;
using detail::ShortfallKind;

using detail::throw_data_error;

// ---------------------------------------------------------------------------------------------
// Batch (bindings)

Batch::Batch(const Environment& env, std::size_t rows) : env_(&env), rows_(rows), bindings_(env.slot_count()) {}

void Batch::reset(std::size_t rows) noexcept {
  rows_ = rows;
  for (auto& b : bindings_) b.kind = Binding::Kind::unbound;
}

const Symbol& Batch::lookup(std::string_view name) const {
  const Symbol* s = env_->find(name);
  if (!s) throw_data_error("E501", fmt::format("unknown field '{}'", name), std::string(name));
  return *s;
}

void Batch::check_rows(std::size_t n, std::string_view name) const {
  if (n != rows_)
    throw_data_error("E503", fmt::format("column '{}' has {} rows, expected {}", name, n, rows_), std::string(name));
}

Batch& Batch::set(std::string_view name, ColumnView column) {
  const Symbol& s = lookup(name);
  if (s.type == Type::string)
    throw_data_error("E502", fmt::format("'{}' is a string field; bind it with a StringColumnView", name), std::string(name));
  return set_slot(s.slot, column);
}

Batch& Batch::set_slot(std::uint32_t slot, ColumnView column) {
  const Symbol& s = env_->symbols().at(slot);
  if (const char* e = column.layout_error()) throw std::invalid_argument(fmt::format("column '{}': {}", s.name, e));
  check_rows(column.size(), s.name);
  if (!column.valid.empty()) check_rows(column.valid.size(), s.name);
  if (!column.missing.empty()) check_rows(column.missing.size(), s.name);
  auto& b = bindings_.at(slot);
  b = Binding{};
  b.kind = Binding::Kind::column;
  b.column = column;
  return *this;
}

Batch& Batch::set(std::string_view name, StringColumnView column) {
  const Symbol& s = lookup(name);
  if (s.type != Type::string)
    throw_data_error("E502", fmt::format("'{}' is declared {}, not string", name, to_string(s.type)), std::string(name));
  check_rows(column.codes.size(), name);
  auto& b = bindings_[s.slot];
  b = Binding{};
  b.kind = Binding::Kind::strings;
  b.strings = column;
  return *this;
}

Batch& Batch::set_constant(std::string_view name, Value v) {
  const Symbol& s = lookup(name);
  if (!detail::value_fits(v, s.type))
    throw_data_error("E502", fmt::format("'{}' is declared {} but was given {}", name, to_string(s.type), v.to_string()),
               std::string(name));
  auto& b = bindings_[s.slot];
  b = Binding{};
  b.kind = Binding::Kind::constant;
  b.constant = std::move(v);
  return *this;
}

Batch& Batch::set_keyed(std::string_view name, std::span<const double> table, std::span<const std::int32_t> keys) {
  const Symbol& s = lookup(name);
  if (s.type == Type::string)
    throw_data_error("E502", fmt::format("'{}' is a string; keyed tables hold numbers or booleans", name), std::string(name));
  check_rows(keys.size(), name);
  auto& b = bindings_[s.slot];
  b = Binding{};
  b.kind = Binding::Kind::keyed;
  b.table = table;
  b.keys = keys;
  return *this;
}

Batch& Batch::set_reference(std::string_view node_id, Accessor accessor, ColumnView column) {
  const Symbol* s = env_->find_reference(node_id, accessor);
  if (!s) throw_data_error("E501", fmt::format("unknown node '{}'", node_id));
  return set_slot(s->slot, column);
}

// ---------------------------------------------------------------------------------------------
// Kernels

namespace {

using Arr = Eigen::ArrayXd;
using Map = Eigen::Map<Arr>;
using CMap = Eigen::Map<const Arr>;
using Idx = Eigen::Index;
using ConstArr = Eigen::CwiseNullaryOp<Eigen::internal::scalar_constant_op<double>, Arr>;

/// Element loops over one or two operands (a column, or a constant broadcast). The hot kernels
/// are these plain restrict loops rather than Eigen expressions: Eigen picks its vector width
/// when the library is compiled (SSE2 for a portable build), whereas these loops are inlined
/// into run_range and vectorized for the CPU it is dispatched to (support/dispatch.hpp).
template <typename F>
[[gnu::always_inline]] inline void ew1(double* __restrict dst, const Operand& a, const double* __restrict pa, Idx n, F f) {
  if (a.is_const) {
    const double x = f(a.value);
    for (Idx i = 0; i < n; ++i) dst[i] = x;
  } else {
    for (Idx i = 0; i < n; ++i) dst[i] = f(pa[i]);
  }
}
template <typename F>
[[gnu::always_inline]] inline void ew2(double* __restrict dst, const Operand& a, const Operand& b, const double* __restrict pa,
                const double* __restrict pb, Idx n, F f) {
  if (!a.is_const && !b.is_const) {
    for (Idx i = 0; i < n; ++i) dst[i] = f(pa[i], pb[i]);
  } else if (!a.is_const) {
    const double y = b.value;
    for (Idx i = 0; i < n; ++i) dst[i] = f(pa[i], y);
  } else if (!b.is_const) {
    const double x = a.value;
    for (Idx i = 0; i < n; ++i) dst[i] = f(x, pb[i]);
  } else {
    const double z = f(a.value, b.value);
    for (Idx i = 0; i < n; ++i) dst[i] = z;
  }
}

/// Calls f(R, A) with A a column view or a broadcast constant.
template <typename F>
void unary(double* dst, const Operand& a, const double* pa, Idx n, F&& f) {
  Map r(dst, n);
  if (a.is_const) f(r, Arr::Constant(n, a.value));
  else f(r, CMap(pa, n));
}

// Comparisons: unknown when either side is missing.
template <typename Cmp>
inline constexpr auto compare = [](double x, double y) {
  const double m = Cmp{}(x, y) ? 1.0 : 0.0;
  return ((x != x) | (y != y)) ? nan : m;
};
struct Lt { template <class A, class B> auto operator()(const A& a, const B& b) const { return a < b; } };
struct Le { template <class A, class B> auto operator()(const A& a, const B& b) const { return a <= b; } };
struct Gt { template <class A, class B> auto operator()(const A& a, const B& b) const { return a > b; } };
struct Ge { template <class A, class B> auto operator()(const A& a, const B& b) const { return a >= b; } };
struct Eq { template <class A, class B> auto operator()(const A& a, const B& b) const { return a == b; } };
struct Ne { template <class A, class B> auto operator()(const A& a, const B& b) const { return a != b; } };

/// What each load does in this call.
struct LoadPlan {
  enum class Kind : std::uint8_t { alias, masked, constant, keyed, strings } kind;
  const double* values = nullptr;       // float64 values, or
  const std::uint8_t* bytes = nullptr;  // uint8 values
  const std::uint8_t* valid = nullptr;  // 0 = missing, or
  const std::uint8_t* missing = nullptr;  // nonzero = missing
  double constant = nan;
  std::span<const double> table;
  const std::int32_t* keys = nullptr;
  const std::int32_t* codes = nullptr;
  std::vector<double> code_ids;  // dictionary index -> string id
};

struct Plan {
  const detail::ProgramData* p;
  std::vector<LoadPlan> loads;       // parallel to p->input_slots
  std::vector<std::string> extra;    // input strings that are not literals: ids p->strings.size() + i
  /// The load of `slot` (one of p->input_slots; programs read few slots).
  const LoadPlan& load(std::uint32_t slot) const {
    auto it = std::find(p->input_slots.begin(), p->input_slots.end(), slot);
    return loads[static_cast<std::size_t>(it - p->input_slots.begin())];
  }
};

// Built once per call, so kept cheap: no copy of the program's string table unless a string is
// bound (ids of literals come from the program, others are appended).
Plan make_plan(const detail::ProgramData& p, const Batch& batch) {
  Plan plan{&p, {}, {}};
  plan.loads.reserve(p.input_slots.size());
  std::unordered_map<std::string, double> extra_ids;  // only when a string that is no literal is bound
  auto id_of = [&](const std::string& s) -> double {
    if (auto it = p.string_ids.find(s); it != p.string_ids.end()) return static_cast<double>(it->second);
    auto [it, fresh] = extra_ids.try_emplace(s, static_cast<double>(p.strings.size() + plan.extra.size()));
    if (fresh) plan.extra.push_back(s);
    return it->second;
  };
  for (std::uint32_t slot : p.input_slots) {
    const auto& b = batch.binding(slot);
    const Symbol& s = p.symbols[slot];
    LoadPlan lp{};
    switch (b.kind) {
      case Batch::Binding::Kind::unbound: {
        std::string what = s.kind == SymbolKind::reference
                               ? fmt::format("{}(\"{}\")", to_string(s.accessor), s.name)
                               : fmt::format("'{}'", s.name);
        throw_data_error("E504", fmt::format("no column bound for {}, which the program reads", what), s.name);
      }
      case Batch::Binding::Kind::column:
        lp.kind = b.column.plain() ? LoadPlan::Kind::alias : LoadPlan::Kind::masked;
        lp.values = b.column.values.empty() ? nullptr : b.column.values.data();
        lp.bytes = b.column.bytes.empty() ? nullptr : b.column.bytes.data();
        lp.valid = b.column.valid.empty() ? nullptr : b.column.valid.data();
        lp.missing = b.column.missing.empty() ? nullptr : b.column.missing.data();
        break;
      case Batch::Binding::Kind::constant: {
        lp.kind = LoadPlan::Kind::constant;
        const Value& v = b.constant;
        lp.constant = v.is_missing() ? nan
                      : v.is_number() ? v.as_number()
                      : v.is_bool()   ? (v.as_bool() ? 1.0 : 0.0)
                                      : id_of(v.as_string());
        break;
      }
      case Batch::Binding::Kind::keyed:
        lp.kind = LoadPlan::Kind::keyed;
        lp.table = b.table;
        lp.keys = b.keys.data();
        break;
      case Batch::Binding::Kind::strings:
        lp.kind = LoadPlan::Kind::strings;
        lp.codes = b.strings.codes.data();
        for (const auto& str : b.strings.dictionary) lp.code_ids.push_back(id_of(str));
        break;
    }
    plan.loads.push_back(std::move(lp));
  }
  return plan;
}

struct OutTarget {
  double* values;
  Status* status;
  std::vector<double*> gaps;
  double* gap_total = nullptr;
};

void load_masked(const LoadPlan& lp, std::size_t i0, Idx n, double* dst) {
  const std::uint8_t* m = lp.valid ? lp.valid + i0 : lp.missing ? lp.missing + i0 : nullptr;
  const auto count = static_cast<std::size_t>(n);
  if (lp.bytes) support::unmask_into(lp.bytes + i0, m, lp.valid != nullptr, count, dst);
  else support::unmask_into(lp.values + i0, m, lp.valid != nullptr, count, dst);
}

void load_chunk(const LoadPlan& lp, std::size_t i0, Idx n, double* dst, const double*& ptr) {
  switch (lp.kind) {
    case LoadPlan::Kind::alias: ptr = lp.values + i0; return;
    case LoadPlan::Kind::masked: load_masked(lp, i0, n, dst); break;
    case LoadPlan::Kind::constant: Map(dst, n).setConstant(lp.constant); break;
    case LoadPlan::Kind::keyed:
      for (Idx k = 0; k < n; ++k) {
        std::int32_t key = lp.keys[i0 + static_cast<std::size_t>(k)];
        dst[k] = key >= 0 && static_cast<std::size_t>(key) < lp.table.size() ? lp.table[static_cast<std::size_t>(key)] : nan;
      }
      break;
    case LoadPlan::Kind::strings:
      for (Idx k = 0; k < n; ++k) {
        std::int32_t code = lp.codes[i0 + static_cast<std::size_t>(k)];
        dst[k] = code >= 0 && static_cast<std::size_t>(code) < lp.code_ids.size()
                     ? lp.code_ids[static_cast<std::size_t>(code)]
                     : nan;
      }
      break;
  }
  ptr = dst;
}

/// met = 1, unmet = 0, unknown = 2; branch-free over restrict pointers so that GCC vectorizes it.
[[gnu::always_inline]] inline void to_status(const double* __restrict v, std::uint8_t* __restrict s, Idx n) {
  for (Idx j = 0; j < n; ++j) {
    const double x = v[j];
    s[j] = x == 0.0 ? std::uint8_t{0} : (x == 1.0 ? std::uint8_t{1} : std::uint8_t{2});
  }
}

/// A gap total where the output `v` is false: 0 where it holds, NaN where it is unknown.
[[gnu::always_inline]] inline void gap_where_false(const double* __restrict v, const double* __restrict total,
                                                   double* __restrict out, Idx n) {
  for (Idx j = 0; j < n; ++j) out[j] = v[j] == 0.0 ? total[j] : (v[j] == 1.0 ? 0.0 : nan);
}
[[gnu::always_inline]] inline void gap_where_false(const double* __restrict v, double* __restrict total, Idx n) {
  for (Idx j = 0; j < n; ++j) total[j] = v[j] == 0.0 ? total[j] : (v[j] == 1.0 ? 0.0 : nan);
}
[[gnu::always_inline]] inline void gap_where_false(const double* __restrict v, double total, double* __restrict out,
                                                   Idx n) {
  for (Idx j = 0; j < n; ++j) out[j] = v[j] == 0.0 ? total : (v[j] == 1.0 ? 0.0 : nan);
}

struct Workspace {
  std::unique_ptr<double[]> data;
  std::size_t size = 0;
  std::vector<double*> direct;  // per instruction: the output buffer it writes, or null
  std::vector<std::uint32_t> uses;
  std::vector<const double*> ptr;
  std::vector<const LoadPlan*> load_of;
  double* doubles(std::size_t n) {
    if (n > size) {
      data = std::make_unique_for_overwrite<double[]>(n);
      size = n;
    }
    return data.get();
  }
};

TIEUCHI_KERNEL
void run_range(const Plan& plan, std::size_t chunk_rows, std::size_t rows, std::size_t c0, std::size_t c1,
               const std::vector<OutTarget>& targets) {
  const auto& p = *plan.p;
  const std::size_t ncode = p.code.size();
  // The registers and scratch rows live in a per-thread workspace that only grows: the batch
  // engine calls this once per node and chunk, and zeroing fresh registers each time cost more
  // than the kernels on small chunks. Every register is written before it is read.
  // A native function that evaluates another program on this thread gets a workspace of its own.
  thread_local Workspace shared;
  thread_local int depth = 0;
  Workspace nested;
  Workspace& ws = depth == 0 ? shared : nested;
  struct Depth {
    int& d;
    explicit Depth(int& x) : d(x) { ++d; }
    ~Depth() { --d; }
  } in_use(depth);
  double* regs = ws.doubles(std::max<std::size_t>(1, p.register_count) * chunk_rows + 3 * chunk_rows);
  double* scratch = regs + std::max<std::size_t>(1, p.register_count) * chunk_rows;
  ws.ptr.assign(ncode, nullptr);
  ws.load_of.assign(ncode, nullptr);
  auto& ptr = ws.ptr;
  auto& load_of = ws.load_of;
  for (std::size_t i = 0; i < ncode; ++i)
    if (p.code[i].op == Op::load) load_of[i] = &plan.load(p.code[i].aux);
  // An instruction whose result is one output's values or gap total, and nothing else's, writes
  // straight into that output's buffer instead of a register (no copy at the end of the chunk);
  // later instructions read it there. Constants and input columns read as they are still copy.
  auto& direct = ws.direct;
  direct.assign(ncode, nullptr);
  {
    auto& uses = ws.uses;
    uses.assign(ncode, 0);
    auto use = [&](const Operand& o) {
      if (!o.is_const) ++uses[o.temp];
    };
    for (const auto& o : p.outputs) {
      use(o.result);
      if (o.has_gap_total) use(o.gap_total);
      for (const auto& g : o.leaf_gaps) use(g);
    }
    auto claim = [&](const Operand& o, double* target) {
      if (target && !o.is_const && uses[o.temp] == 1) direct[o.temp] = target;
    };
    for (std::size_t k = 0; k < p.outputs.size(); ++k) {
      claim(p.outputs[k].result, targets[k].values);
      if (p.outputs[k].has_gap_total) claim(p.outputs[k].gap_total, targets[k].gap_total);
    }
  }
  std::vector<double> args;

  for (std::size_t ch = c0; ch < c1; ++ch) {
    const std::size_t i0 = ch * chunk_rows;
    const auto n = static_cast<Idx>(std::min(chunk_rows, rows - i0));
    auto src = [&](const Operand& o) { return o.is_const ? nullptr : ptr[o.temp]; };
    // Ternary operands: constants are broadcast into scratch rows.
    auto materialize = [&](const Operand& o, int which) -> const double* {
      if (!o.is_const) return ptr[o.temp];
      double* s = scratch + static_cast<std::size_t>(which) * chunk_rows;
      Map(s, n).setConstant(o.value);
      return s;
    };
    for (std::size_t i = 0; i < ncode; ++i) {
      const auto& ins = p.code[i];
      double* dst = direct[i] ? direct[i] + i0 : regs + static_cast<std::size_t>(p.reg_of_temp[i]) * chunk_rows;
      const Operand &a = ins.a, &b = ins.b;
      switch (ins.op) {
        case Op::load: load_chunk(*load_of[i], i0, n, dst, ptr[i]); continue;
        case Op::neg: ew1(dst, a, src(a), n, [](double x) { return -x; }); break;
        case Op::logical_not: ew1(dst, a, src(a), n, [](double x) { return 1.0 - x; }); break;
        case Op::abs: ew1(dst, a, src(a), n, [](double x) { return std::abs(x); }); break;
        case Op::is_missing: ew1(dst, a, src(a), n, [](double x) { return x != x ? 1.0 : 0.0; }); break;
        case Op::is_true: ew1(dst, a, src(a), n, [](double x) { return x == 1.0 ? 1.0 : 0.0; }); break;
        case Op::pct: ew1(dst, a, src(a), n, [](double x) { return x / 100.0; }); break;
        case Op::add: ew2(dst, a, b, src(a), src(b), n, [](double x, double y) { return x + y; }); break;
        case Op::sub: ew2(dst, a, b, src(a), src(b), n, [](double x, double y) { return x - y; }); break;
        case Op::mul: ew2(dst, a, b, src(a), src(b), n, [](double x, double y) { return x * y; }); break;
        case Op::div: ew2(dst, a, b, src(a), src(b), n, [](double x, double y) { return y == 0.0 ? nan : x / y; }); break;
        case Op::lt: ew2(dst, a, b, src(a), src(b), n, compare<Lt>); break;
        case Op::le: ew2(dst, a, b, src(a), src(b), n, compare<Le>); break;
        case Op::gt: ew2(dst, a, b, src(a), src(b), n, compare<Gt>); break;
        case Op::ge: ew2(dst, a, b, src(a), src(b), n, compare<Ge>); break;
        case Op::eq: ew2(dst, a, b, src(a), src(b), n, compare<Eq>); break;
        case Op::ne: ew2(dst, a, b, src(a), src(b), n, compare<Ne>); break;
        case Op::logical_and:
          ew2(dst, a, b, src(a), src(b), n, [](double x, double y) { return ((x == 0.0) | (y == 0.0)) ? 0.0 : x * y; });
          break;
        case Op::logical_or:
          ew2(dst, a, b, src(a), src(b), n, [](double x, double y) { return ((x == 1.0) | (y == 1.0)) ? 1.0 : x + y; });
          break;
        case Op::min:
          ew2(dst, a, b, src(a), src(b), n,
              [](double x, double y) { return ((x != x) | (y != y)) ? nan : (y < x ? y : x); });
          break;
        case Op::max:
          ew2(dst, a, b, src(a), src(b), n,
              [](double x, double y) { return ((x != x) | (y != y)) ? nan : (x < y ? y : x); });
          break;
        case Op::coalesce: ew2(dst, a, b, src(a), src(b), n, [](double x, double y) { return x != x ? y : x; }); break;
        case Op::round: {
          const double scale = std::pow(10.0, b.value);
          unary(dst, a, src(a), n, [scale](auto& r, const auto& x) { r = (x * scale).round() / scale; });
          break;
        }
        case Op::select: {
          const double* __restrict c = materialize(a, 0);
          const double* __restrict t = materialize(b, 1);
          const double* __restrict e = materialize(ins.c, 2);
          double* __restrict r = dst;
          for (Idx k = 0; k < n; ++k) r[k] = c[k] == 1.0 ? t[k] : (c[k] == 0.0 ? e[k] : nan);
          break;
        }
        case Op::at_least: {
          CMap t(materialize(a, 0), n), u(materialize(b, 1), n), k(materialize(ins.c, 2), n);
          Map(dst, n) = (t >= k).select(1.0, (t + u < k).select(Arr::Zero(n), Arr::Constant(n, nan)));
          break;
        }
        case Op::shortfall: {
          // The semantics of detail::shortfall (kernels.hpp), one loop per kind.
          auto kind = static_cast<ShortfallKind>(ins.aux);
          const double* __restrict x = materialize(a, 0);
          double* __restrict r = dst;
          if (kind == ShortfallKind::boolean) {
            for (Idx k = 0; k < n; ++k) r[k] = x[k] != x[k] ? nan : (x[k] == 1.0 ? 0.0 : 1.0);
            break;
          }
          const double* __restrict y = materialize(b, 1);
          auto unknown = [&](Idx k) { return (x[k] != x[k]) | (y[k] != y[k]); };
          switch (kind) {
            case ShortfallKind::ge:
            case ShortfallKind::gt:
              for (Idx k = 0; k < n; ++k) r[k] = unknown(k) ? nan : (y[k] - x[k] > 0.0 ? y[k] - x[k] : 0.0);
              break;
            case ShortfallKind::le:
            case ShortfallKind::lt:
              for (Idx k = 0; k < n; ++k) r[k] = unknown(k) ? nan : (x[k] - y[k] > 0.0 ? x[k] - y[k] : 0.0);
              break;
            case ShortfallKind::eq:
              for (Idx k = 0; k < n; ++k) r[k] = unknown(k) ? nan : std::abs(x[k] - y[k]);
              break;
            case ShortfallKind::ne:
              for (Idx k = 0; k < n; ++k) r[k] = unknown(k) ? nan : 0.0;
              break;
            case ShortfallKind::between: {
              const double* __restrict z = materialize(ins.c, 2);
              for (Idx k = 0; k < n; ++k) {
                // std::max({0, below, above}) as kernels.hpp takes it: the first largest.
                const double below = y[k] - x[k], above = x[k] - z[k];
                double m = 0.0;
                m = m < below ? below : m;
                m = m < above ? above : m;
                r[k] = (unknown(k) | (z[k] != z[k])) ? nan : m;
              }
              break;
            }
            case ShortfallKind::boolean: break;
          }
          break;
        }
        case Op::call: {
          const auto& f = p.functions->at(ins.aux);
          args.resize(ins.args_count);
          for (Idx k = 0; k < n; ++k) {
            bool any_missing = false;
            for (std::uint32_t j = 0; j < ins.args_count; ++j) {
              const Operand& o = p.call_args[ins.args_begin + j];
              args[j] = o.is_const ? o.value : ptr[o.temp][k];
              any_missing = any_missing || std::isnan(args[j]);
            }
            double v = any_missing && f.missing == MissingPolicy::propagate ? nan : f.fn(args);
            if (f.result == Type::boolean && !std::isnan(v)) v = v != 0.0 ? 1.0 : 0.0;
            dst[k] = v;
          }
          break;
        }
      }
      ptr[i] = dst;
    }
    // Outputs.
    for (std::size_t k = 0; k < p.outputs.size(); ++k) {
      const auto& o = p.outputs[k];
      const OutTarget& t = targets[k];
      const double* v = o.result.is_const ? nullptr : ptr[o.result.temp];
      if (t.values) {
        if (!v) std::fill(t.values + i0, t.values + i0 + n, o.result.value);
        else if (v != t.values + i0) std::copy(v, v + n, t.values + i0);
      }
      if (t.status) {
        auto* s = reinterpret_cast<std::uint8_t*>(t.status + i0);
        if (v) {
          to_status(v, s, n);
        } else {
          double x = o.result.value;
          std::fill(s, s + n, static_cast<std::uint8_t>(x == 1.0 ? 1 : (x == 0.0 ? 0 : 2)));
        }
      }
      if (t.gap_total) {
        // 0 where the output holds, the total where it does not, NaN where it is unknown.
        const Operand& go = o.gap_total;
        double* __restrict out = t.gap_total + i0;
        if (v) {
          const double* total = go.is_const ? nullptr : ptr[go.temp];
          if (total == out) gap_where_false(v, out, n);
          else if (total) gap_where_false(v, total, out, n);
          else gap_where_false(v, go.value, out, n);
        } else if (const double x = o.result.value; x == 0.0 && !go.is_const) {
          if (ptr[go.temp] != out) std::copy(ptr[go.temp], ptr[go.temp] + n, out);
        } else {
          std::fill(out, out + n, x == 1.0 ? 0.0 : x == 0.0 ? go.value : nan);
        }
      }
      for (std::size_t g = 0; g < t.gaps.size(); ++g) {
        const Operand& go = o.leaf_gaps[g];
        if (go.is_const) std::fill(t.gaps[g] + i0, t.gaps[g] + i0 + n, go.value);
        else std::copy(ptr[go.temp], ptr[go.temp] + n, t.gaps[g] + i0);
      }
    }
  }
}

void run(const Program& program, const Batch& batch, const std::vector<OutTarget>& targets, const BatchOptions& opt,
         std::vector<std::string>* strings_out) {
  const auto& p = program.data();
  if (batch.environment().slot_count() != p.symbols.size())
    throw std::invalid_argument("evaluate: the batch belongs to another environment");
  Plan plan = make_plan(p, batch);
  if (strings_out) {
    *strings_out = p.strings;
    strings_out->insert(strings_out->end(), plan.extra.begin(), plan.extra.end());
  }
  const std::size_t rows = batch.rows();
  const std::size_t chunk = std::max<std::size_t>(1, opt.chunk_rows);
  const std::size_t nchunks = (rows + chunk - 1) / chunk;
  unsigned threads = opt.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : opt.threads;
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, nchunks)));
  if (threads <= 1) {
    run_range(plan, chunk, rows, 0, nchunks, targets);
    return;
  }
  // Static partition into contiguous ranges of chunks: each unit is computed exactly as in the
  // single-threaded run, so the results do not depend on the thread count.
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(threads);
  for (unsigned t = 0; t < threads; ++t) {
    std::size_t c0 = nchunks * t / threads, c1 = nchunks * (t + 1) / threads;
    pool.emplace_back([&, t, c0, c1] {
      try {
        run_range(plan, chunk, rows, c0, c1, targets);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace

BatchResult evaluate(const Program& program, const Batch& batch, const BatchOptions& options) {
  const auto& p = program.data();
  BatchResult result;
  result.outputs.resize(p.outputs.size());
  std::vector<OutTarget> targets(p.outputs.size());
  const std::size_t rows = batch.rows();
  for (std::size_t k = 0; k < p.outputs.size(); ++k) {
    auto& o = result.outputs[k];
    auto& t = targets[k];
    t.values = nullptr;
    t.status = nullptr;
    if (options.values) {
      o.values.resize(rows);
      t.values = o.values.data();
    }
    if (options.statuses && detail::is_truth(p.outputs[k].type)) {
      o.status.resize(rows);
      t.status = o.status.data();
    }
    if (p.gaps) {
      o.gaps.assign(p.outputs[k].leaves.size(), std::vector<double>(rows));
      for (auto& g : o.gaps) t.gaps.push_back(g.data());
    }
    if (p.outputs[k].has_gap_total) {
      o.gap_total.resize(rows);
      t.gap_total = o.gap_total.data();
    }
  }
  run(program, batch, targets, options, &result.strings);
  return result;
}

void evaluate_into(const Program& program, const Batch& batch, std::span<const OutputSpan> out,
                   const BatchOptions& options) {
  const auto& p = program.data();
  if (out.size() != p.outputs.size())
    throw std::invalid_argument(fmt::format("evaluate_into: {} outputs given, the program has {}", out.size(),
                                            p.outputs.size()));
  std::vector<OutTarget> targets;
  for (std::size_t k = 0; k < out.size(); ++k)
    targets.push_back({out[k].values, detail::is_truth(p.outputs[k].type) ? out[k].status : nullptr, {},
                       p.outputs[k].has_gap_total ? out[k].gap : nullptr});
  run(program, batch, targets, options, nullptr);
}

}  // namespace tieuchi::expr
