// Version, shared enums, diagnostics, and one Python exception class per C++ error type, each
// carrying structured `.diagnostics` (never a string to parse).
#include <pybind11/stl.h>

#include "register.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/text/messages.hpp"
#include "tieuchi/value.hpp"
#include "tieuchi/version.hpp"

namespace py = pybind11;

namespace tieuchi::python {

namespace {

py::object make_exception_class(py::module_& m, const char* name, py::handle base, const char* doc) {
  std::string qualified = std::string("tieuchi.") + name;
  py::dict ns;
  ns["__doc__"] = doc;
  PyObject* cls = PyErr_NewException(qualified.c_str(), base.ptr(), ns.ptr());
  if (!cls) throw py::error_already_set();
  py::object obj = py::reinterpret_steal<py::object>(cls);
  m.attr(name) = obj;
  return obj;
}

void raise(const py::object& cls, const Error& e) {
  py::object inst = cls(e.what());
  py::list diags;
  for (const auto& d : e.diagnostics()) diags.append(py::cast(d));
  inst.attr("diagnostics") = diags;
  PyErr_SetObject(cls.ptr(), inst.ptr());
}

// Owned by the module (as its attributes); the translator below must be a plain function.
py::handle error_cls, parse_error_cls, check_error_cls, pack_error_cls, data_error_cls, plan_error_cls,
    limit_error_cls;

void translate(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const ParseError& e) {
    raise(py::reinterpret_borrow<py::object>(parse_error_cls), e);
  } catch (const CheckError& e) {
    raise(py::reinterpret_borrow<py::object>(check_error_cls), e);
  } catch (const PackError& e) {
    raise(py::reinterpret_borrow<py::object>(pack_error_cls), e);
  } catch (const DataError& e) {
    raise(py::reinterpret_borrow<py::object>(data_error_cls), e);
  } catch (const PlanError& e) {
    raise(py::reinterpret_borrow<py::object>(plan_error_cls), e);
  } catch (const LimitError& e) {
    raise(py::reinterpret_borrow<py::object>(limit_error_cls), e);
  } catch (const Error& e) {
    raise(py::reinterpret_borrow<py::object>(error_cls), e);
  }
}

}  // namespace

void register_core(py::module_& m) {
  m.def("version", [] { return std::string(version()); }, "The version of the native library.");
  m.def("messages", [](const std::string& lang) {
    if (lang != "vi" && lang != "en") throw py::value_error("lang must be 'vi' or 'en'");
    text::Lang l = lang == "vi" ? text::Lang::vi : text::Lang::en;
    py::dict out;
    for (const auto& msg : text::catalogue()) out[py::str(std::string(msg.id))] = py::str(std::string(msg.in(l)));
    return out;
  }, py::arg("lang"),
     "The message catalogue in `lang` ('vi' or 'en'): message id -> text, e.g. 'status.met' -> 'Đạt'. "
     "Every word of the reports, the summary and the workbook headers comes from it; texts may hold "
     "'{}' placeholders.");

  py::enum_<Type>(m, "Type", "Static type of an expression or input field.")
      .value("number", Type::number)
      .value("boolean", Type::boolean)
      .value("string", Type::string)
      .value("list", Type::list)
      .value("null", Type::null);
  py::enum_<Status>(m, "Status", "Outcome of a rule for one unit.")
      .value("unmet", Status::unmet)
      .value("met", Status::met)
      .value("unknown", Status::unknown)
      .value("not_applicable", Status::not_applicable);
  py::enum_<Severity>(m, "Severity").value("error", Severity::error).value("warning", Severity::warning).value("note", Severity::note);

  py::class_<Diagnostic>(m, "Diagnostic", "One problem found in user input, with a stable code and location.")
      .def_property_readonly("code", [](const Diagnostic& d) { return d.code; }, "Stable code, e.g. 'E201'.")
      .def_property_readonly("severity", [](const Diagnostic& d) { return d.severity; }, "error, warning or note.")
      .def_property_readonly("message", [](const Diagnostic& d) { return d.message; }, "One sentence.")
      .def_property_readonly("source", [](const Diagnostic& d) { return d.source ? d.source->name() : d.file; },
                             "File name, '<expr>', or the table's name ('DataFrame').")
      .def_property_readonly("file", [](const Diagnostic& d) { return d.source ? d.source->name() : d.file; },
                             "The input's path or name (same as source).")
      .def_property_readonly("sheet", [](const Diagnostic& d) { return d.sheet; }, "Workbooks: the sheet ('' if none).")
      .def_property_readonly("row", [](const Diagnostic& d) { return d.row; },
                             "Tables: the 1-based row as a spreadsheet numbers it (CSV: the header is row 1; "
                             "DataFrame: row 1 is .iloc[0]); 0 if none.")
      .def_property_readonly("field", [](const Diagnostic& d) { return d.field; },
                             "The pack input field the problem is about, if any.")
      .def_property_readonly("where", &Diagnostic::where, "The place alone, as format() prints it.")
      .def_property_readonly("line", [](const Diagnostic& d) { return d.location().line; }, "1-based line (0 if none).")
      .def_property_readonly("column", [](const Diagnostic& d) { return d.location().column; },
                             "1-based column: in code points of `line`, or the table column's position (0 if none).")
      .def_property_readonly("rule_id", [](const Diagnostic& d) { return d.rule_id; },
                             "The indicator, criterion or table the problem is about, if any.")
      .def_property_readonly("column_name", [](const Diagnostic& d) { return d.column_name; },
                             "The data column the problem is about, if any.")
      .def_property_readonly("hint", [](const Diagnostic& d) { return d.hint; }, "How to fix it, e.g. a suggestion.")
      .def("format", &Diagnostic::format, "Rendered text with the source line and a caret.")
      .def("to_dict", [](const Diagnostic& d) {
        static constexpr const char* severities[] = {"error", "warning", "note"};
        py::dict out;
        out["code"] = d.code;
        out["severity"] = severities[static_cast<int>(d.severity)];
        out["message"] = d.message;
        out["file"] = d.source ? d.source->name() : d.file;
        out["sheet"] = d.sheet;
        out["line"] = d.location().line;
        out["row"] = d.row;
        out["column"] = d.location().column;
        out["column_name"] = d.column_name;
        out["field"] = d.field;
        out["rule_id"] = d.rule_id;
        out["hint"] = d.hint;
        out["where"] = d.where();
        out["text"] = d.format();
        return out;
      }, "Every field as a dict (code, severity, message, file, sheet, line, row, column, column_name, "
         "field, rule_id, hint, where, and text: format()), e.g. for a JSON answer; places stay "
         "structured, never only in the text.")
      .def("__repr__", [](const Diagnostic& d) { return "<Diagnostic " + d.code + " " + d.where() + ": " + d.message + ">"; });

  auto error = make_exception_class(m, "Error", PyExc_Exception, "Base of every tieuchi error; has .diagnostics.");
  error_cls = error;
  parse_error_cls = make_exception_class(m, "ParseError", error, "The text of an expression or pack is malformed (E1xx).");
  check_error_cls = make_exception_class(m, "CheckError", error, "Names, types or references are wrong (E2xx).");
  pack_error_cls = make_exception_class(m, "PackError", error, "A rule pack is invalid (E3xx, E4xx).");
  data_error_cls = make_exception_class(m, "DataError", error, "Input data is invalid (E5xx).");
  plan_error_cls = make_exception_class(m, "PlanError", error, "The planning problem is invalid (E6xx).");
  limit_error_cls = make_exception_class(m, "LimitError", error, "A resource limit was exceeded.");
  py::register_exception_translator(&translate);
}

}  // namespace tieuchi::python
