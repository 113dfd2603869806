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
      }, "Declared field and parameter names.");

  py::class_<CheckedExpr>(m, "CheckedExpr", "A parsed, resolved and typed expression.")
      .def_property_readonly("type", &CheckedExpr::type, "The static type of the expression.")
      .def_property_readonly("text", [](const CheckedExpr& e) { return e.ast.source->text(); }, "The source text.")
      .def("print", [](const CheckedExpr& e) { return e.ast.print(); }, "Canonical fully parenthesised form.");

  m.def(
      "analyze",
      [](const std::string& text, const Environment& env, std::optional<Type> expected, const std::string& rule_id) {
        return analyze_or_throw(text, env, CheckOptions{expected, rule_id, {}});
      },
      py::arg("text"), py::arg("env"), py::arg("expected") = py::none(), py::arg("rule_id") = "",
      "Parse and check an expression; raises ParseError or CheckError with .diagnostics.");

  py::class_<Program>(m, "Program", "Compiled expressions (immutable, thread-safe).")
      .def_property_readonly("output_count", &Program::output_count, "Number of compiled expressions.")
      .def_property_readonly("instruction_count", &Program::instruction_count, "Instructions after folding and deduplication.")
      .def("output_type", &Program::output_type, py::arg("output"))
      .def("disassemble", &Program::disassemble, "Readable instruction listing.")
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
