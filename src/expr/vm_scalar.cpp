// Scalar evaluation: one unit, one pass over the instructions with the scalar kernels.

#include <fmt/format.h>

#include <unordered_map>

#include "data_errors.hpp"
#include "kernels.hpp"
#include "program_data.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/expr/program.hpp"

namespace tieuchi::expr {

using detail::Op;
using detail::Operand;

namespace {

std::string_view value_kind(const Value& v) {
  return v.is_number() ? "number" : v.is_bool() ? "bool" : v.is_string() ? "string" : "null";
}

Value to_value(double d, Type t, const std::vector<std::string>& strings) {
  if (std::isnan(d)) return {};
  switch (t) {
    case Type::number: return Value(d);
    case Type::boolean: return Value(d == 1.0);
    case Type::string: {
      auto id = static_cast<std::size_t>(d);
      return id < strings.size() ? Value(strings[id]) : Value();
    }
    default: return {};
  }
}

}  // namespace

Record::Record(const Environment& env) : env_(&env), values_(env.slot_count()) {}

Record& Record::set(std::string_view name, Value v) {
  const Symbol* s = env_->find(name);
  if (!s) {
    detail::throw_data_error("E501", fmt::format("unknown field '{}'", name), std::string(name));
  }
  return set_slot(s->slot, std::move(v));
}

Record& Record::set_reference(std::string_view node_id, Accessor accessor, Value v) {
  const Symbol* s = env_->find_reference(node_id, accessor);
  if (!s) {
    detail::throw_data_error("E501", fmt::format("unknown node '{}'", node_id));
  }
  return set_slot(s->slot, std::move(v));
}

Record& Record::set_slot(std::uint32_t slot, Value v) {
  const Symbol& s = env_->symbols().at(slot);
  if (!detail::value_fits(v, s.type)) {
    detail::throw_data_error("E502", fmt::format("'{}' is declared {} but was given a {} ({})", s.name,
                                                 to_string(s.type), value_kind(v), v.to_string()),
                             s.name);
  }
  values_[slot] = std::move(v);
  return *this;
}

Trace Program::trace(const Record& record) const {
  const auto& p = *data_;
  if (record.environment().slot_count() != p.symbols.size())
    throw std::invalid_argument("Program::trace: the record belongs to another environment");
  Trace t;
  t.program_ = data_;
  t.strings_ = p.strings;
  std::unordered_map<std::string, double> extra;  // input strings that are not literals
  auto as_double = [&](const Value& v) -> double {
    if (v.is_missing()) return detail::nan;
    if (v.is_number()) return v.as_number();
    if (v.is_bool()) return v.as_bool() ? 1.0 : 0.0;
    const std::string& s = v.as_string();
    if (auto it = p.string_ids.find(s); it != p.string_ids.end()) return it->second;
    auto [it, fresh] = extra.emplace(s, static_cast<double>(t.strings_.size()));
    if (fresh) t.strings_.push_back(s);
    return it->second;
  };
  t.temps_.resize(p.code.size());
  std::vector<double> args;
  auto get = [&](const Operand& o) { return o.is_const ? o.value : t.temps_[o.temp]; };
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const auto& ins = p.code[i];
    double r;
    if (ins.op == Op::load) {
      r = as_double(record.get(ins.aux));
    } else if (ins.op == Op::call) {
      const auto& f = p.functions->at(ins.aux);
      args.clear();
      bool any_missing = false;
      for (std::uint32_t k = 0; k < ins.args_count; ++k) {
        args.push_back(get(p.call_args[ins.args_begin + k]));
        any_missing = any_missing || std::isnan(args.back());
      }
      r = any_missing && f.missing == MissingPolicy::propagate ? detail::nan : f.fn(args);
      if (f.result == Type::boolean && !std::isnan(r)) r = r != 0.0 ? 1.0 : 0.0;
    } else {
      r = detail::apply(ins.op, ins.aux, get(ins.a), get(ins.b), get(ins.c));
    }
    t.temps_[i] = r;
  }
  return t;
}

std::vector<Value> Program::evaluate(const Record& record) const {
  Trace t = trace(record);
  std::vector<Value> out;
  out.reserve(data_->outputs.size());
  for (std::size_t k = 0; k < data_->outputs.size(); ++k) out.push_back(t.output(k));
  return out;
}

Value Trace::value_of(std::size_t output, NodeId node) const {
  const auto& o = program_->outputs.at(output);
  const Operand& op = o.node_value.at(node);
  double d = op.is_const ? op.value : temps_[op.temp];
  Type t = program_->exprs[output].types.at(node);
  return to_value(d, t, strings_);
}

Value Trace::output(std::size_t output) const {
  const auto& o = program_->outputs.at(output);
  double d = o.result.is_const ? o.result.value : temps_[o.result.temp];
  return to_value(d, o.type, strings_);
}

Status Trace::status(std::size_t output) const {
  Value v = this->output(output);
  if (v.is_missing() || !v.is_bool()) return Status::unknown;
  return v.as_bool() ? Status::met : Status::unmet;
}

}  // namespace tieuchi::expr
