// Shortfalls of a failed rule for one unit (see gap.hpp for the rules).

#include "tieuchi/expr/gap.hpp"

#include <cmath>
#include <limits>

#include "kernels.hpp"
#include "program_data.hpp"

namespace tieuchi::expr {

namespace {

class GapWalker {
 public:
  GapWalker(const Program& program, std::size_t output, const Trace& trace)
      : e_(program.expression(output)), reg_(*program.data().functions), output_(output), trace_(trace) {}

  std::vector<Shortfall> walk(NodeId n) {
    if (is_true(n)) return {};
    const auto& kind = e_.ast.nodes[n].kind;
    if (const auto* l = std::get_if<Logical>(&kind)) {
      if (l->op == LogicalOp::logical_and) {
        std::vector<Shortfall> out;
        for (NodeId o : l->operands) {
          auto part = walk(o);
          out.insert(out.end(), part.begin(), part.end());
        }
        return out;
      }
      // or: the cheapest branch to fix.
      std::vector<Shortfall> best;
      bool have = false;
      for (NodeId o : l->operands) {
        auto part = walk(o);
        if (!have || better(part, best)) {
          best = std::move(part);
          have = true;
        }
      }
      return best;
    }
    if (const auto* i = std::get_if<If>(&kind)) {
      Value c = trace_.value_of(output_, i->condition);
      if (c.is_bool()) return walk(c.as_bool() ? i->then_branch : i->else_branch);
      return {leaf(i->condition)};
    }
    if (const auto* b = std::get_if<Binary>(&kind)) {
      Type lt = e_.types[b->lhs];
      if (is_comparison(b->op) && lt != Type::string && lt != Type::boolean && e_.types[b->rhs] != Type::string) {
        Shortfall s = leaf(n);
        s.comparison = true;
        s.op = b->op;
        s.lhs = trace_.value_of(output_, b->lhs);
        s.rhs = trace_.value_of(output_, b->rhs);
        double x = number(s.lhs), y = number(s.rhs);
        static constexpr detail::ShortfallKind kinds[] = {
            detail::ShortfallKind::lt, detail::ShortfallKind::le, detail::ShortfallKind::gt,
            detail::ShortfallKind::ge, detail::ShortfallKind::eq, detail::ShortfallKind::ne};
        s.amount = detail::shortfall(kinds[static_cast<int>(b->op) - static_cast<int>(BinaryOp::lt)], x, y, 0);
        s.strict = (b->op == BinaryOp::lt || b->op == BinaryOp::gt || b->op == BinaryOp::ne) && s.amount == 0.0;
        return {s};
      }
    }
    if (const auto* c = std::get_if<Call>(&kind)) {
      const auto& res = e_.resolution[n];
      if (res.kind == Resolution::Kind::function && reg_.at(res.index).builtin == Builtin::between) {
        Shortfall s = leaf(n);
        s.comparison = true;
        s.op = BinaryOp::ge;
        s.lhs = trace_.value_of(output_, c->args[0]);
        double x = number(s.lhs);
        double lo = number(trace_.value_of(output_, c->args[1]));
        double hi = number(trace_.value_of(output_, c->args[2]));
        // The bound that is violated is the threshold.
        bool below = !std::isnan(x) && !std::isnan(lo) && x < lo;
        s.op = below ? BinaryOp::ge : BinaryOp::le;
        s.rhs = trace_.value_of(output_, below ? c->args[1] : c->args[2]);
        s.amount = detail::shortfall(detail::ShortfallKind::between, x, lo, hi);
        return {s};
      }
    }
    return {leaf(n)};
  }

 private:
  static double number(const Value& v) { return v.is_number() ? v.as_number() : detail::nan; }
  bool is_true(NodeId n) const {
    Value v = trace_.value_of(output_, n);
    return v.is_bool() && v.as_bool();
  }
  static bool better(const std::vector<Shortfall>& a, const std::vector<Shortfall>& b) {
    if (a.size() != b.size()) return a.size() < b.size();
    auto total = [](const std::vector<Shortfall>& v) {
      double t = 0;
      for (const auto& s : v) t += std::isnan(s.amount) ? std::numeric_limits<double>::infinity() : s.amount;
      return t;
    };
    return total(a) < total(b);
  }
  Shortfall leaf(NodeId n) const {
    Shortfall s{};
    s.node = n;
    s.span = e_.ast.nodes[n].span;
    s.text = std::string(e_.ast.text(n));
    s.comparison = false;
    s.lhs = trace_.value_of(output_, n);
    s.rhs = Value(true);
    s.amount = s.lhs.is_bool() ? (s.lhs.as_bool() ? 0.0 : 1.0) : detail::nan;
    return s;
  }

  const CheckedExpr& e_;
  const FunctionRegistry& reg_;
  std::size_t output_;
  const Trace& trace_;
};

}  // namespace

std::vector<Shortfall> gaps(const Program& program, std::size_t output, const Trace& trace) {
  if (program.output_type(output) != Type::boolean) return {};
  if (trace.status(output) == Status::met) return {};
  GapWalker w(program, output, trace);
  return w.walk(program.expression(output).ast.root);
}

const std::vector<GapLeaf>& gap_leaves(const Program& program, std::size_t output) {
  return program.data().outputs.at(output).leaves;
}

}  // namespace tieuchi::expr
