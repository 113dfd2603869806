// Compiles checked expressions into one flat SSA program: names become slot loads, constants are
// folded, identical instructions are shared between outputs, and every temp gets a batch register.

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <stdexcept>
#include <tuple>

#include "kernels.hpp"
#include "program_data.hpp"
#include "tieuchi/expr/program.hpp"

namespace tieuchi::expr {

namespace {

using detail::Instr;
using detail::Op;
using detail::Operand;
using detail::ShortfallKind;

std::uint64_t bits(double v) {
  std::uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  if (std::isnan(v)) u = 0x7ff8000000000000ull;
  return u;
}

using OperandKey = std::pair<std::uint32_t, std::uint64_t>;
OperandKey key_of(const Operand& o) {
  return o.is_const ? OperandKey{UINT32_MAX, bits(o.value)} : OperandKey{o.temp, 0};
}

class Compiler {
 public:
  explicit Compiler(detail::ProgramData& p) : p_(p) {}

  Operand emit(Op op, Operand a = {}, Operand b = {}, Operand c = {}, std::uint32_t aux = 0) {
    if (op != Op::load && a.is_const && b.is_const && c.is_const) {
      return Operand::constant(detail::apply(op, aux, a.value, b.value, c.value));
    }
    auto key = std::make_tuple(static_cast<int>(op), aux, key_of(a), key_of(b), key_of(c));
    auto it = cse_.find(key);
    if (it != cse_.end()) return Operand::of_temp(it->second);
    Instr ins{op, aux, a, b, c, 0, 0};
    p_.code.push_back(ins);
    auto t = static_cast<std::uint32_t>(p_.code.size() - 1);
    cse_.emplace(key, t);
    return Operand::of_temp(t);
  }

  Operand emit_call(std::uint32_t fn, const std::vector<Operand>& args, bool pure_constant_ok) {
    bool all_const = std::all_of(args.begin(), args.end(), [](const Operand& o) { return o.is_const; });
    if (all_const && pure_constant_ok) {
      const auto& f = p_.functions->at(fn);
      std::vector<double> v;
      for (const auto& a : args) v.push_back(a.value);
      bool any_missing = std::any_of(v.begin(), v.end(), [](double x) { return std::isnan(x); });
      if (any_missing && f.missing == MissingPolicy::propagate) return Operand::constant(detail::nan);
      return Operand::constant(f.fn(v));
    }
    Instr ins{Op::call, fn, {}, {}, {}, static_cast<std::uint32_t>(p_.call_args.size()),
              static_cast<std::uint32_t>(args.size())};
    p_.call_args.insert(p_.call_args.end(), args.begin(), args.end());
    p_.code.push_back(ins);
    return Operand::of_temp(static_cast<std::uint32_t>(p_.code.size() - 1));
  }

  Operand load(std::uint32_t slot) { return emit(Op::load, {}, {}, {}, slot); }

  double string_id(const std::string& s) {
    auto it = p_.string_ids.find(s);
    if (it != p_.string_ids.end()) return it->second;
    auto id = static_cast<std::uint32_t>(p_.strings.size());
    p_.strings.push_back(s);
    p_.string_ids.emplace(s, id);
    return id;
  }

  Operand fold(Op op, const std::vector<Operand>& items) {
    Operand acc = items.front();
    for (std::size_t i = 1; i < items.size(); ++i) acc = emit(op, acc, items[i]);
    return acc;
  }

  void compile_output(const CheckedExpr& e, const CompileOptions& opt) {
    detail::OutputInfo out;
    out.type = e.type();
    const Ast& ast = e.ast;
    auto& val = out.node_value;
    val.assign(ast.nodes.size(), Operand::constant(detail::nan));
    // Items of a list argument (resolved through the list node).
    auto items = [&](NodeId list) {
      std::vector<Operand> r;
      for (NodeId i : std::get<List>(ast.nodes[list].kind).items) r.push_back(val[i]);
      return r;
    };
    auto args_or_list = [&](const Call& c, std::size_t skip = 0) {
      if (c.args.size() == skip + 1 && e.types[c.args[skip]] == Type::list) return items(c.args[skip]);
      std::vector<Operand> r;
      for (std::size_t i = skip; i < c.args.size(); ++i) r.push_back(val[c.args[i]]);
      return r;
    };
    for (NodeId id = 0; id < ast.nodes.size(); ++id) {
      const auto& kind = ast.nodes[id].kind;
      Operand r = Operand::constant(detail::nan);
      if (const auto* n = std::get_if<NumberLit>(&kind)) {
        r = Operand::constant(n->value);
      } else if (const auto* s = std::get_if<StringLit>(&kind)) {
        r = Operand::constant(string_id(s->value));
      } else if (const auto* b = std::get_if<BoolLit>(&kind)) {
        r = Operand::constant(b->value ? 1.0 : 0.0);
      } else if (std::holds_alternative<NullLit>(kind) || std::holds_alternative<List>(kind)) {
        r = Operand::constant(detail::nan);
      } else if (std::holds_alternative<Name>(kind)) {
        r = load(e.resolution[id].index);
      } else if (const auto* u = std::get_if<Unary>(&kind)) {
        r = emit(u->op == UnaryOp::negate ? Op::neg : Op::logical_not, val[u->operand]);
      } else if (const auto* bin = std::get_if<Binary>(&kind)) {
        static constexpr Op ops[] = {Op::add, Op::sub, Op::mul, Op::div, Op::lt,
                                     Op::le,  Op::gt,  Op::ge,  Op::eq,  Op::ne};
        r = emit(ops[static_cast<int>(bin->op)], val[bin->lhs], val[bin->rhs]);
      } else if (const auto* l = std::get_if<Logical>(&kind)) {
        std::vector<Operand> v;
        for (NodeId o : l->operands) v.push_back(val[o]);
        r = fold(l->op == LogicalOp::logical_and ? Op::logical_and : Op::logical_or, v);
      } else if (const auto* in = std::get_if<In>(&kind)) {
        std::vector<Operand> eqs;
        for (const Operand& item : items(in->list)) eqs.push_back(emit(Op::eq, val[in->value], item));
        // `x in []` is false, unless x is missing (then unknown).
        r = eqs.empty() ? emit(Op::select, emit(Op::is_missing, val[in->value]), Operand::constant(detail::nan),
                               Operand::constant(0.0))
                        : fold(Op::logical_or, eqs);
        if (in->negated) r = emit(Op::logical_not, r);
      } else if (const auto* i = std::get_if<If>(&kind)) {
        r = emit(Op::select, val[i->condition], val[i->then_branch], val[i->else_branch]);
      } else if (const auto* c = std::get_if<Call>(&kind)) {
        r = compile_call(e, id, *c, args_or_list, val);
      }
      val[id] = r;
    }
    out.result = val[ast.root];
    if (opt.gaps) collect_leaves(e, ast.root, out);
    if (opt.gap_totals && detail::is_truth(out.type)) {
      out.has_gap_total = true;
      gap_memo_.clear();
      gap_root_ = ast.root;
      out.gap_total = gap_of(e, ast.root, out.node_value, Operand::constant(0.0), false).total;
    }
    p_.outputs.push_back(std::move(out));
  }

  template <typename ArgsOrList>
  Operand compile_call(const CheckedExpr& e, NodeId id, const Call& c, ArgsOrList& args_or_list,
                       const std::vector<Operand>& val) {
    const auto& res = e.resolution[id];
    if (res.kind == Resolution::Kind::slot) return load(res.index);  // met("..") etc.
    const FunctionInfo& f = p_.functions->at(res.index);
    if (!f.builtin) {
      std::vector<Operand> args;
      for (NodeId a : c.args) args.push_back(val[a]);
      return emit_call(res.index, args, true);
    }
    auto arg = [&](std::size_t i) { return val[c.args[i]]; };
    switch (*f.builtin) {
      case Builtin::min: return fold(Op::min, args_or_list(c));
      case Builtin::max: return fold(Op::max, args_or_list(c));
      case Builtin::sum: return fold(Op::add, args_or_list(c));
      case Builtin::avg: {
        auto v = args_or_list(c);
        return emit(Op::div, fold(Op::add, v), Operand::constant(static_cast<double>(v.size())));
      }
      case Builtin::count: {
        auto v = args_or_list(c);
        if (v.empty()) return Operand::constant(0.0);
        std::vector<Operand> present;
        for (const auto& o : v) present.push_back(emit(Op::sub, Operand::constant(1.0), emit(Op::is_missing, o)));
        return fold(Op::add, present);
      }
      case Builtin::abs: return emit(Op::abs, arg(0));
      case Builtin::pct: return emit(Op::pct, arg(0));
      case Builtin::round: return emit(Op::round, arg(0), Operand::constant(c.args.size() == 2 ? arg(1).value : 0.0));
      case Builtin::clamp: return emit(Op::min, emit(Op::max, arg(0), arg(1)), arg(2));
      case Builtin::between: return emit(Op::logical_and, emit(Op::ge, arg(0), arg(1)), emit(Op::le, arg(0), arg(2)));
      case Builtin::ratio: return emit(Op::div, arg(0), arg(1));
      case Builtin::coalesce: {
        std::vector<Operand> v;
        for (NodeId a : c.args) v.push_back(val[a]);
        // coalesce(a, b, c) = coalesce(a, coalesce(b, c)): fold from the right.
        Operand acc = v.back();
        for (std::size_t i = v.size() - 1; i-- > 0;) acc = emit(Op::coalesce, v[i], acc);
        return acc;
      }
      case Builtin::is_missing: return emit(Op::is_missing, arg(0));
      case Builtin::all: {
        auto v = args_or_list(c);
        return v.empty() ? Operand::constant(1.0) : fold(Op::logical_and, v);
      }
      case Builtin::any: {
        auto v = args_or_list(c);
        return v.empty() ? Operand::constant(0.0) : fold(Op::logical_or, v);
      }
      case Builtin::count_met: {
        auto v = args_or_list(c);
        return v.empty() ? Operand::constant(0.0) : fold(Op::add, v);
      }
      case Builtin::at_least: {
        auto v = args_or_list(c, 1);
        std::vector<Operand> trues{Operand::constant(0.0)}, unknowns{Operand::constant(0.0)};
        for (const auto& o : v) {
          trues.push_back(emit(Op::is_true, o));
          unknowns.push_back(emit(Op::is_missing, o));
        }
        return emit(Op::at_least, fold(Op::add, trues), fold(Op::add, unknowns), arg(0));
      }
      case Builtin::lookup: {
        const auto& keys = std::get<List>(e.ast.nodes[c.args[1]].kind).items;
        const auto& vals = std::get<List>(e.ast.nodes[c.args[2]].kind).items;
        Operand acc = c.args.size() == 4 ? arg(3) : Operand::constant(detail::nan);
        for (std::size_t i = keys.size(); i-- > 0;) {
          // A missing key is unknown: select() of an unknown condition is missing.
          acc = emit(Op::select, emit(Op::eq, arg(0), val[keys[i]]), val[vals[i]], acc);
        }
        return acc;
      }
      case Builtin::met:
      case Builtin::value:
      case Builtin::gap:
      case Builtin::applicable: break;  // resolved to slots above
    }
    return Operand::constant(detail::nan);
  }

  /// The shortfalls of node n as gaps() (gap.cpp, GapWalker) finds them, as columns: `count`
  /// is the number of shortfalls (only computed when `need_count`: `or` compares branches by
  /// it) and `total` is `acc` plus their amounts, added one by one in the walker's order so that
  /// the double is the same as the scalar sum.
  struct GapCols {
    Operand count, total;
  };
  // Memoised by node, starting sum and need_count: an `or` asks each operand twice (alone, to
  // compare, and from the sum so far), which without it is exponential in the nesting depth.
  using GapKey = std::tuple<NodeId, bool, std::uint32_t, std::uint64_t, bool>;
  std::map<GapKey, GapCols> gap_memo_;
  NodeId gap_root_{};  // the root of the output whose gap total is being compiled
  GapCols gap_of(const CheckedExpr& e, NodeId n, const std::vector<Operand>& v, Operand acc, bool need_count) {
    std::uint64_t bits = 0;
    if (acc.is_const) std::memcpy(&bits, &acc.value, sizeof bits);
    const GapKey key{n, acc.is_const, acc.is_const ? 0 : acc.temp, bits, need_count};
    if (auto it = gap_memo_.find(key); it != gap_memo_.end()) return it->second;
    GapCols result = gap_walk(e, n, v, acc, need_count);
    gap_memo_.emplace(key, result);
    return result;
  }
  GapCols gap_walk(const CheckedExpr& e, NodeId n, const std::vector<Operand>& v, Operand acc, bool need_count) {
    const Ast& ast = e.ast;
    const auto& kind = ast.nodes[n].kind;
    const Operand one = Operand::constant(1.0), zero = Operand::constant(0.0);
    GapCols g{zero, acc};
    // A first shortfall is added to 0: its amount as is (never -0, so 0 + amount is amount).
    auto leaf_amount = [&](Operand amount) {
      g = {one, acc.is_const && acc.value == 0.0 && !std::signbit(acc.value) ? amount : emit(Op::add, acc, amount)};
    };
    bool masked = false;  // whether the total must be masked where the node holds (see below)
    if (const auto* l = std::get_if<Logical>(&kind); l && l->op == LogicalOp::logical_and) {
      // Every failed operand, left to right.
      Operand count = zero, total = acc;
      for (NodeId o : l->operands) {
        GapCols part = gap_of(e, o, v, total, need_count);
        total = part.total;
        if (need_count) count = emit(Op::add, count, part.count);
      }
      g = {count, total};
    } else if (l) {
      // or: the branch with the fewest shortfalls, then the smallest total (NaN amounts as
      // infinite), the first on a tie; its amounts are added to acc.
      const Operand inf = Operand::constant(std::numeric_limits<double>::infinity());
      GapCols best{}, best_from0{};
      bool first = true;
      for (NodeId o : l->operands) {
        GapCols alone = gap_of(e, o, v, zero, true);
        GapCols here = gap_of(e, o, v, acc, need_count);
        if (first) {
          best = here;
          best_from0 = alone;
          first = false;
          continue;
        }
        Operand t_new = emit(Op::coalesce, alone.total, inf), t_best = emit(Op::coalesce, best_from0.total, inf);
        Operand better = emit(Op::logical_or, emit(Op::lt, alone.count, best_from0.count),
                              emit(Op::logical_and, emit(Op::eq, alone.count, best_from0.count), emit(Op::lt, t_new, t_best)));
        best_from0 = {emit(Op::select, better, alone.count, best_from0.count),
                      emit(Op::select, better, alone.total, best_from0.total)};
        best = {need_count ? emit(Op::select, better, here.count, best.count) : zero,
                emit(Op::select, better, here.total, best.total)};
      }
      if (!first) g = best;
    } else if (const auto* i = std::get_if<If>(&kind)) {
      // The branch taken; an unknown condition is one shortfall of unknown amount.
      GapCols t = gap_of(e, i->then_branch, v, acc, need_count), f = gap_of(e, i->else_branch, v, acc, need_count);
      const Operand c = v[i->condition];
      g.total = emit(Op::select, c, t.total, f.total);
      if (need_count) g.count = emit(Op::coalesce, emit(Op::select, c, t.count, f.count), one);
    } else if (const auto* b = std::get_if<Binary>(&kind);
               b && is_comparison(b->op) && e.types[b->lhs] != Type::string && e.types[b->lhs] != Type::boolean &&
               e.types[b->rhs] != Type::string) {
      static constexpr ShortfallKind kinds[] = {ShortfallKind::lt, ShortfallKind::le, ShortfallKind::gt,
                                                ShortfallKind::ge, ShortfallKind::eq, ShortfallKind::ne};
      auto k = kinds[static_cast<int>(b->op) - static_cast<int>(BinaryOp::lt)];
      leaf_amount(emit(Op::shortfall, v[b->lhs], v[b->rhs], {}, static_cast<std::uint32_t>(k)));
      masked = k == ShortfallKind::eq;  // inf == inf holds, and |inf - inf| is NaN
    } else if (const auto* c = std::get_if<Call>(&kind);
               c && e.resolution[n].kind == Resolution::Kind::function &&
               p_.functions->at(e.resolution[n].index).builtin == Builtin::between) {
      leaf_amount(emit(Op::shortfall, v[c->args[0]], v[c->args[1]], v[c->args[2]],
                       static_cast<std::uint32_t>(ShortfallKind::between)));
    } else {
      // Any other node is one leaf: 0 if true (masked below), 1 if false, unknown if missing.
      leaf_amount(emit(Op::shortfall, v[n], {}, {}, static_cast<std::uint32_t>(ShortfallKind::boolean)));
    }
    // A node that holds has no shortfall. Its total is acc already: a leaf that holds adds 0
    // (each shortfall kind is 0 where its comparison holds, but `==` of two infinities, masked
    // here), and a node made of others that holds only adds the totals of operands that hold
    // (an `and`: all of them; an `if`: the branch taken; an `or`: a branch with no shortfall,
    // which is the fewest). The root needs no mask either: the batch evaluator writes a gap
    // total of 0 where the output holds (vm_batch.cpp, the outputs). The count is masked at every
    // node, since a leaf counts one whether it holds or not.
    const bool mask_total = masked && n != gap_root_;
    if (!need_count && !mask_total) return {zero, g.total};
    const Operand holds = emit(Op::is_true, v[n]);
    return {need_count ? emit(Op::select, holds, zero, g.count) : zero,
            mask_total ? emit(Op::select, holds, acc, g.total) : g.total};
  }

  void collect_leaves(const CheckedExpr& e, NodeId n, detail::OutputInfo& out) {
    const Ast& ast = e.ast;
    const auto& kind = ast.nodes[n].kind;
    if (const auto* l = std::get_if<Logical>(&kind)) {
      for (NodeId o : l->operands) collect_leaves(e, o, out);
      return;
    }
    if (const auto* i = std::get_if<If>(&kind)) {
      collect_leaves(e, i->then_branch, out);
      collect_leaves(e, i->else_branch, out);
      return;
    }
    if (e.types[n] != Type::boolean && e.types[n] != Type::null) return;
    const auto& v = out.node_value;
    Operand g;
    const auto* bin = std::get_if<Binary>(&kind);
    const auto* call = std::get_if<Call>(&kind);
    bool between = call && e.resolution[n].kind == Resolution::Kind::function &&
                   p_.functions->at(e.resolution[n].index).builtin == Builtin::between;
    if (bin && is_comparison(bin->op) && e.types[bin->lhs] != Type::string && e.types[bin->rhs] != Type::string &&
        e.types[bin->lhs] != Type::boolean) {
      static constexpr ShortfallKind kinds[] = {ShortfallKind::lt, ShortfallKind::le, ShortfallKind::gt,
                                                ShortfallKind::ge, ShortfallKind::eq, ShortfallKind::ne};
      auto k = kinds[static_cast<int>(bin->op) - static_cast<int>(BinaryOp::lt)];
      g = emit(Op::shortfall, v[bin->lhs], v[bin->rhs], {}, static_cast<std::uint32_t>(k));
    } else if (between) {
      g = emit(Op::shortfall, v[call->args[0]], v[call->args[1]], v[call->args[2]],
               static_cast<std::uint32_t>(ShortfallKind::between));
    } else {
      g = emit(Op::shortfall, v[n], {}, {}, static_cast<std::uint32_t>(ShortfallKind::boolean));
    }
    out.leaves.push_back({n, ast.nodes[n].span, std::string(ast.text(n))});
    out.leaf_gaps.push_back(g);
  }

  void finish() {
    // Slots read.
    std::vector<bool> used(p_.symbols.size(), false);
    for (const auto& ins : p_.code)
      if (ins.op == Op::load) used[ins.aux] = true;
    for (std::uint32_t s = 0; s < used.size(); ++s)
      if (used[s]) p_.input_slots.push_back(s);
    // Batch registers: linear scan over last uses.
    const auto n = static_cast<std::uint32_t>(p_.code.size());
    std::vector<std::uint32_t> last_use(n, 0);
    auto touch = [&](const Operand& o, std::uint32_t at) {
      if (!o.is_const) last_use[o.temp] = std::max(last_use[o.temp], at);
    };
    for (std::uint32_t i = 0; i < n; ++i) {
      last_use[i] = std::max(last_use[i], i);
      const auto& ins = p_.code[i];
      touch(ins.a, i);
      touch(ins.b, i);
      touch(ins.c, i);
      for (std::uint32_t k = 0; k < ins.args_count; ++k) touch(p_.call_args[ins.args_begin + k], i);
    }
    for (const auto& out : p_.outputs) {
      touch(out.result, n);
      for (const auto& g : out.leaf_gaps) touch(g, n);
      if (out.has_gap_total) touch(out.gap_total, n);
    }
    p_.reg_of_temp.assign(n, -1);
    std::vector<std::int32_t> free_regs;
    std::vector<std::vector<std::uint32_t>> expiring(n + 1);
    for (std::uint32_t i = 0; i < n; ++i) {
      // The result never shares a register with an operand: the batch kernels read their
      // operands and write their result through restrict pointers. Operands whose last use is
      // this instruction give their register back after it is allocated.
      std::int32_t r;
      if (!free_regs.empty()) {
        r = free_regs.back();
        free_regs.pop_back();
      } else {
        r = static_cast<std::int32_t>(p_.register_count++);
      }
      p_.reg_of_temp[i] = r;
      for (std::uint32_t t : expiring[i]) free_regs.push_back(p_.reg_of_temp[t]);
      if (last_use[i] < n) {
        // Freed when instruction last_use[i] runs (after its operands are read).
        if (last_use[i] == i) free_regs.push_back(r);
        else expiring[last_use[i]].push_back(i);
      }
    }
  }

 private:
  detail::ProgramData& p_;
  std::map<std::tuple<int, std::uint32_t, OperandKey, OperandKey, OperandKey>, std::uint32_t> cse_;
};

}  // namespace

Program compile(std::span<const CheckedExpr> exprs, const CompileOptions& options) {
  if (exprs.empty()) throw std::invalid_argument("compile: no expressions");
  auto data = std::make_shared<detail::ProgramData>();
  data->symbols = exprs.front().symbols;
  data->functions = exprs.front().functions;
  data->gaps = options.gaps;
  for (const auto& e : exprs) {
    if (e.symbols.size() != data->symbols.size() || e.functions != data->functions)
      throw std::invalid_argument("compile: expressions were checked against different environments");
  }
  Compiler compiler(*data);
  for (const auto& e : exprs) {
    data->exprs.push_back(e);
    compiler.compile_output(e, options);
  }
  compiler.finish();
  Program p;
  p.data_ = std::move(data);
  return p;
}

Program compile(const CheckedExpr& expr, const CompileOptions& options) {
  return compile(std::span<const CheckedExpr>(&expr, 1), options);
}

std::size_t Program::output_count() const noexcept { return data_ ? data_->outputs.size() : 0; }
Type Program::output_type(std::size_t output) const { return data_->outputs.at(output).type; }
const CheckedExpr& Program::expression(std::size_t output) const { return data_->exprs.at(output); }
const std::vector<std::uint32_t>& Program::input_slots() const noexcept {
  static const std::vector<std::uint32_t> none;
  return data_ ? data_->input_slots : none;
}
std::size_t Program::instruction_count() const noexcept { return data_ ? data_->code.size() : 0; }
bool Program::computes_gaps() const noexcept { return data_ && data_->gaps; }
bool Program::computes_gap_total(std::size_t output) const {
  return data_ && data_->outputs.at(output).has_gap_total;
}

std::string Program::disassemble() const {
  static constexpr const char* names[] = {
      "load", "neg", "not", "abs", "is_missing", "is_true", "pct", "add", "sub", "mul", "div", "lt", "le", "gt",
      "ge", "eq", "ne", "and", "or", "min", "max", "coalesce", "round", "select", "at_least", "shortfall", "call"};
  auto operand = [](const Operand& o) {
    return o.is_const ? fmt::format("{}", o.value) : fmt::format("%{}", o.temp);
  };
  std::string out;
  if (!data_) return out;
  const auto& p = *data_;
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const auto& ins = p.code[i];
    out += fmt::format("%{} = {}", i, names[static_cast<int>(ins.op)]);
    if (ins.op == Op::load) {
      out += fmt::format(" {}", p.symbols[ins.aux].name);
      if (p.symbols[ins.aux].kind == SymbolKind::reference)
        out += fmt::format(".{}", to_string(p.symbols[ins.aux].accessor));
    } else if (ins.op == Op::call) {
      out += " " + p.functions->at(ins.aux).name;
      for (std::uint32_t k = 0; k < ins.args_count; ++k) out += " " + operand(p.call_args[ins.args_begin + k]);
    } else {
      out += " " + operand(ins.a);
      if (!ins.b.is_const || !std::isnan(ins.b.value)) out += ", " + operand(ins.b);
      if (!ins.c.is_const || !std::isnan(ins.c.value)) out += ", " + operand(ins.c);
    }
    out += "\n";
  }
  for (std::size_t k = 0; k < p.outputs.size(); ++k) out += fmt::format("out{} = {}\n", k, operand(p.outputs[k].result));
  return out;
}

}  // namespace tieuchi::expr
