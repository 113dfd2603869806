// tieuchi::expr: environments, analysis, compiled programs, scalar and columnar evaluation.
// Numeric columns cross as NumPy float64 arrays without copies; the GIL is released while the
// batch evaluator runs.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <unordered_map>

#include "register.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/expr/batch.hpp"
#include "tieuchi/expr/gap.hpp"

namespace py = pybind11;

namespace tieuchi::python {

namespace {

using namespace tieuchi::expr;

Value to_value(const py::handle& o) {
  if (o.is_none()) return {};
  if (py::isinstance<py::bool_>(o)) return Value(o.cast<bool>());
  if (py::isinstance<py::int_>(o) || py::isinstance<py::float_>(o)) {
    double d = o.cast<double>();
    return std::isnan(d) ? Value() : Value(d);
  }
  if (py::isinstance<py::str>(o)) return Value(o.cast<std::string>());
  // NumPy scalars and anything else numeric.
  if (py::hasattr(o, "__float__")) {
    double d = o.cast<double>();
    return std::isnan(d) ? Value() : Value(d);
  }
  throw py::type_error("cannot use a value of type " + std::string(py::str(py::type::handle_of(o).attr("__name__"))) +
                       " as input; expected None, bool, int, float or str");
}

py::object from_value(const Value& v) {
  if (v.is_missing()) return py::none();
  if (v.is_bool()) return py::bool_(v.as_bool());
  if (v.is_number()) return py::float_(v.as_number());
  return py::str(v.as_string());
}

/// Owns what a Batch views while it is evaluated.
struct BoundColumns {
  std::vector<py::array_t<double, py::array::c_style | py::array::forcecast>> numeric;
  std::vector<std::vector<std::int32_t>> codes;
  std::vector<std::vector<std::string>> dictionaries;
};

std::size_t length_of(const py::handle& col) { return py::len(col); }

void bind_column(Batch& batch, const Environment& env, const std::string& name, const py::handle& col,
                 BoundColumns& keep) {
  const Symbol* s = env.find(name);
  if (!s) {
    batch.set(name, ColumnView{});  // raises DataError E501 naming the column
    return;
  }
  if (s->type == Type::string) {
    std::vector<std::int32_t> codes;
    std::vector<std::string> dict;
    std::unordered_map<std::string, std::int32_t> index;
    for (auto item : py::iter(col)) {
      if (item.is_none() || (py::isinstance<py::float_>(item) && std::isnan(item.cast<double>()))) {
        codes.push_back(-1);
        continue;
      }
      auto str = py::str(item).cast<std::string>();
      auto [it, fresh] = index.emplace(str, static_cast<std::int32_t>(dict.size()));
      if (fresh) dict.push_back(str);
      codes.push_back(it->second);
    }
    keep.codes.push_back(std::move(codes));
    keep.dictionaries.push_back(std::move(dict));
    batch.set(name, StringColumnView{keep.codes.back(), keep.dictionaries.back()});
    return;
  }
  auto arr = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(col);
  if (!arr) throw py::type_error("column '" + name + "' cannot be converted to float64");
  if (arr.ndim() != 1) throw py::value_error("column '" + name + "' must be one-dimensional");
  keep.numeric.push_back(arr);
  const auto& a = keep.numeric.back();
  batch.set(name, ColumnView{std::span<const double>(a.data(), static_cast<std::size_t>(a.shape(0)))});
}

// ---- Pickling ------------------------------------------------------------------------------
// Environments, checked expressions and programs pickle as their declarations and source texts;
// the receiving process checks and compiles them again (the same C++ calls), so a pickle can never
// smuggle in instructions the checker has not seen.
constexpr int kPickleVersion = 1;

py::list symbols_state(const std::vector<Symbol>& symbols) {
  py::list out;
  for (const auto& s : symbols)
    out.append(py::make_tuple(static_cast<int>(s.kind), static_cast<int>(s.type), s.name,
                              static_cast<int>(s.accessor), s.unit));
  return out;
}

Environment environment_from_state(const py::list& state) {
  Environment env;
  std::vector<std::tuple<int, int, std::string, int, std::string>> symbols;
  for (auto item : state) symbols.push_back(item.cast<std::tuple<int, int, std::string, int, std::string>>());
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const auto& [kind, type, name, accessor, unit] = symbols[i];
    switch (static_cast<SymbolKind>(kind)) {
      case SymbolKind::field: env.add_field(name, static_cast<Type>(type), unit); break;
      case SymbolKind::parameter: env.add_parameter(name, static_cast<Type>(type), unit); break;
      case SymbolKind::derived: env.add_derived(name, static_cast<Type>(type), unit); break;
      case SymbolKind::reference:
        // add_node declares the four accessors of a node in a row: met, value, gap, applicable.
        if (static_cast<Accessor>(accessor) != Accessor::met || i + 3 >= symbols.size() ||
            std::get<2>(symbols[i + 1]) != name || std::get<2>(symbols[i + 3]) != name)
          throw std::runtime_error("corrupt Environment pickle: node '" + name + "' is not declared whole");
        env.add_node(name, static_cast<Type>(std::get<1>(symbols[i + 1])), std::get<4>(symbols[i + 1]));
        i += 3;
        break;
      default: throw std::runtime_error("corrupt Environment pickle: unknown symbol kind");
    }
  }
  if (env.slot_count() != symbols.size()) throw std::runtime_error("corrupt Environment pickle: slot count differs");
  return env;
}

py::tuple expr_state(const CheckedExpr& e) {
  return py::make_tuple(e.ast.source->text(), static_cast<int>(e.type()), e.rule_id);
}

CheckedExpr expr_from_state(const py::handle& state, const Environment& env) {
  auto [text, type, rule_id] = state.cast<std::tuple<std::string, int, std::string>>();
  return analyze_or_throw(text, env, CheckOptions{static_cast<Type>(type), rule_id, {}});
}

}  // namespace

void register_expr(py::module_& m) {
  py::enum_<Accessor>(m, "Accessor", "What a reference to a pack node reads.")
      .value("met", Accessor::met)
      .value("value", Accessor::value)
      .value("gap", Accessor::gap)
      .value("applicable", Accessor::applicable);

  py::class_<Environment>(m, "Environment", "The names an expression may use: fields, parameters and pack nodes.")
      .def(py::init<>())
      .def("add_field", &Environment::add_field, py::arg("name"), py::arg("type"), py::arg("unit") = "",
           "Declare an input field; returns its slot.")
      .def("add_parameter", &Environment::add_parameter, py::arg("name"), py::arg("type"), py::arg("unit") = "",
           "Declare a parameter; returns its slot.")
      .def("add_node", &Environment::add_node, py::arg("id"), py::arg("value_type"), py::arg("unit") = "",
           "Declare a pack node that met()/value()/gap()/applicable() may reference.")
      .def("names", [](const Environment& env) {
        std::vector<std::string> out;
        for (const auto& s : env.symbols())
          if (s.kind != SymbolKind::reference) out.push_back(s.name);
        return out;
      }, "Declared field and parameter names.")
      .def(py::pickle([](const Environment& env) { return py::make_tuple(kPickleVersion, symbols_state(env.symbols())); },
                      [](const py::tuple& t) {
                        if (t.size() != 2 || t[0].cast<int>() != kPickleVersion)
                          throw std::runtime_error("unsupported Environment pickle");
                        return environment_from_state(t[1].cast<py::list>());
                      }));

  py::class_<CheckedExpr>(m, "CheckedExpr", "A parsed, resolved and typed expression.")
      .def_property_readonly("type", &CheckedExpr::type, "The static type of the expression.")
      .def_property_readonly("text", [](const CheckedExpr& e) { return e.ast.source->text(); }, "The source text.")
      .def_property_readonly("rule_id", [](const CheckedExpr& e) { return e.rule_id; },
                             "The rule id given to analyze (named in diagnostics).")
      .def("print", [](const CheckedExpr& e) { return e.ast.print(); }, "Canonical fully parenthesised form.")
      .def(py::pickle([](const CheckedExpr& e) {
                        return py::make_tuple(kPickleVersion, symbols_state(e.symbols), expr_state(e));
                      },
                      [](const py::tuple& t) {
                        if (t.size() != 3 || t[0].cast<int>() != kPickleVersion)
                          throw std::runtime_error("unsupported CheckedExpr pickle");
                        return expr_from_state(t[2], environment_from_state(t[1].cast<py::list>()));
                      }));

  m.def(
      "analyze",
      [](const py::str& text, const Environment& env, std::optional<Type> expected, const std::string& rule_id) {
        // Encoded here so that text that cannot be UTF-8 (lone surrogates, as surrogateescape
        // leaves for undecodable bytes) raises UnicodeEncodeError naming the position, rather
        // than pybind11's "incompatible function arguments".
        auto utf8 = text.attr("encode")("utf-8").cast<std::string>();
        return analyze_or_throw(utf8, env, CheckOptions{expected, rule_id, {}});
      },
      py::arg("text"), py::arg("env"), py::arg("expected") = py::none(), py::arg("rule_id") = "",
      "Parse and check an expression; raises ParseError or CheckError with .diagnostics.");

  py::class_<Program>(m, "Program", "Compiled expressions (immutable, thread-safe).")
      .def_property_readonly("output_count", &Program::output_count, "Number of compiled expressions.")
      .def_property_readonly("instruction_count", &Program::instruction_count, "Instructions after folding and deduplication.")
      .def("output_type", &Program::output_type, py::arg("output"), "The static type of an output.")
      .def("disassemble", &Program::disassemble, "Readable instruction listing.")
      .def(py::pickle(
          [](const Program& p) {
            py::list exprs;
            for (std::size_t k = 0; k < p.output_count(); ++k) exprs.append(expr_state(p.expression(k)));
            return py::make_tuple(kPickleVersion, symbols_state(p.expression(0).symbols), exprs, p.computes_gaps());
          },
          [](const py::tuple& t) {
            if (t.size() != 4 || t[0].cast<int>() != kPickleVersion) throw std::runtime_error("unsupported Program pickle");
            Environment env = environment_from_state(t[1].cast<py::list>());
            std::vector<CheckedExpr> exprs;
            for (auto item : t[2].cast<py::list>()) exprs.push_back(expr_from_state(item, env));
            return compile(exprs, CompileOptions{t[3].cast<bool>()});
          }))
      .def(
          "evaluate",
          [](const Program& p, const Environment& env, const py::dict& inputs) {
            Record rec(env);
            for (auto [k, v] : inputs) rec.set(py::str(k).cast<std::string>(), to_value(v));
            py::list out;
            for (const auto& v : p.evaluate(rec)) out.append(from_value(v));
            return out;
          },
          py::arg("env"), py::arg("inputs"),
          "Evaluate every output for one unit given as {name: value}; None is missing.")
      .def(
          "gaps",
          [](const Program& p, const Environment& env, const py::dict& inputs, std::size_t output) {
            Record rec(env);
            for (auto [k, v] : inputs) rec.set(py::str(k).cast<std::string>(), to_value(v));
            py::list out;
            for (const auto& s : gaps(p, output, p.trace(rec))) {
              py::dict d;
              d["text"] = s.text;
              d["comparison"] = s.comparison;
              d["value"] = from_value(s.lhs);
              d["threshold"] = from_value(s.rhs);
              d["amount"] = s.amount;
              d["strict"] = s.strict;
              out.append(d);
            }
            return out;
          },
          py::arg("env"), py::arg("inputs"), py::arg("output") = 0,
          "Shortfalls of a failed boolean output for one unit (list of dicts).")
      .def(
          "evaluate_batch",
          [](const Program& p, const Environment& env, const py::dict& columns, unsigned threads,
             std::size_t chunk_rows) {
            if (columns.empty()) throw py::value_error("no columns given");
            std::size_t rows = length_of(*columns.begin()->second);
            Batch batch(env, rows);
            BoundColumns keep;
            for (auto [k, v] : columns) bind_column(batch, env, py::str(k).cast<std::string>(), v, keep);
            py::list results;
            std::vector<py::array_t<double>> values;
            std::vector<py::array_t<std::uint8_t>> statuses;
            std::vector<OutputSpan> spans;
            for (std::size_t k = 0; k < p.output_count(); ++k) {
              values.emplace_back(static_cast<py::ssize_t>(rows));
              statuses.emplace_back(static_cast<py::ssize_t>(rows));
              spans.push_back({values.back().mutable_data(),
                               reinterpret_cast<Status*>(statuses.back().mutable_data())});
            }
            {
              py::gil_scoped_release release;
              evaluate_into(p, batch, spans, BatchOptions{threads, chunk_rows, true, true});
            }
            for (std::size_t k = 0; k < p.output_count(); ++k) {
              if (p.output_type(k) == Type::boolean) results.append(py::make_tuple(values[k], statuses[k]));
              else results.append(py::make_tuple(values[k], py::none()));
            }
            return results;
          },
          py::arg("env"), py::arg("columns"), py::arg("threads") = 1, py::arg("chunk_rows") = 1024,
          "Evaluate over columns {name: array}; returns [(values float64, status uint8 or None)] per output.");

  m.def(
      "compile",
      [](const std::vector<CheckedExpr>& exprs, bool gaps) { return compile(exprs, CompileOptions{gaps}); },
      py::arg("exprs"), py::arg("gaps") = false, "Compile checked expressions into one Program.");
}

}  // namespace tieuchi::python
