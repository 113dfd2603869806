// Assessment of a table of units from NumPy columns. Results come back as NumPy views on the C++
// arrays (no copy; each view keeps the assessment alive). The GIL is released while assessing.
#include <pybind11/numpy.h>

#include <limits>
#include <pybind11/stl.h>

#include <cmath>
#include <sstream>
#include <variant>

#include "register.hpp"
#include "tieuchi/assess/report.hpp"
#include "tieuchi/assess/tables.hpp"
#include "table.hpp"
#include "tieuchi/io/report_writers.hpp"
#include "tieuchi/assess/unit_input.hpp"
#include "tieuchi/io/units_csv.hpp"
#include "tieuchi/io/units_workbook.hpp"
#include "tieuchi/io/annexes.hpp"
#include "tieuchi/io/workbooks.hpp"
#include "tieuchi/error.hpp"

namespace py = pybind11;

namespace tieuchi::python {

namespace {

using AssessmentPtr = std::shared_ptr<assess::Assessment>;

template <class T>
py::array_t<T> view(const AssessmentPtr& a, std::span<const T> data) {
  // The capsule holds a reference to the assessment, which owns the data.
  auto* keep = new AssessmentPtr(a);
  py::capsule owner(keep, [](void* p) { delete static_cast<AssessmentPtr*>(p); });
  py::array_t<T> arr({static_cast<py::ssize_t>(data.size())}, {static_cast<py::ssize_t>(sizeof(T))}, data.data(), owner);
  py::detail::array_proxy(arr.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return arr;
}

std::size_t position(const assess::Assessment& a, const std::string& node) {
  auto p = a.position(node);
  if (!p) throw py::key_error("no node '" + node + "' in pack " + a.rules().pack().id);
  return *p;
}

assess::Lang lang_of(const std::string& s) {
  if (s == "vi") return assess::Lang::vi;
  if (s == "en") return assess::Lang::en;
  throw py::value_error("lang must be 'vi' or 'en'");
}

/// The summary's and the annexes' options of the workbook and the annexes' JSON.
struct AnnexSetup {
  assess::SummaryOptions summary;
  io::AnnexOptions annex;
};
AnnexSetup annex_setup(const std::string& lang, const std::string& recognized, const std::string& plan_name) {
  AnnexSetup o;
  o.annex.lang = lang_of(lang);
  o.summary.recognized_attribute = recognized;
  o.annex.plan_name = plan_name;
  return o;
}

py::dict counts_dict(const assess::Counts& c) {
  py::dict d;
  d["met"] = c.met;
  d["unmet"] = c.unmet;
  d["unknown"] = c.unknown;
  d["not_applicable"] = c.not_applicable;
  return d;
}

py::dict group_dict(const assess::Assessment& a, const assess::Summary& s, const assess::GroupSummary& g) {
  py::dict d;
  d["name"] = g.name;
  d["units"] = g.units;
  d["average_criteria_met"] = g.average_criteria_met;
  py::dict criteria, levels;
  for (std::size_t k = 0; k < s.criteria.size() && k < g.criteria.size(); ++k)
    criteria[py::str(a.nodes()[s.criteria[k]].id)] = counts_dict(g.criteria[k]);
  for (std::size_t k = 0; k < s.levels.size() && k < g.levels.size(); ++k)
    levels[py::str(a.nodes()[s.levels[k]].id)] = counts_dict(g.levels[k]);
  d["criteria"] = criteria;
  d["levels"] = levels;
  return d;
}

py::dict summary_dict(const assess::Assessment& a, const assess::Summary& s) {
  py::dict d;
  d["pack"] = s.pack;
  d["year"] = s.year;
  d["base_level"] = s.base_level < a.nodes().size() ? py::object(py::str(a.nodes()[s.base_level].id)) : py::none();
  std::vector<std::string> criteria, levels;
  for (auto c : s.criteria) criteria.push_back(a.nodes()[c].id);
  for (auto l : s.levels) levels.push_back(a.nodes()[l].id);
  d["criteria"] = criteria;
  d["levels"] = levels;
  d["province"] = group_dict(a, s, s.province);
  py::list districts;
  for (const auto& g : s.districts) districts.append(group_dict(a, s, g));
  d["districts"] = districts;
  py::list reviews;
  for (const auto& r : s.reviews) {
    py::dict x;
    x["unit"] = a.units().ids[r.unit];
    x["level"] = r.level;
    x["outcome"] = std::string(assess::to_string(r.outcome));
    x["criteria_unmet"] = r.criteria_unmet;
    x["criteria_unknown"] = r.criteria_unknown;
    x["indicators_unmet"] = r.indicators_unmet;
    reviews.append(x);
  }
  d["reviews"] = reviews;
  d["unverified_values"] = s.unverified_values;
  d["illustrative_count"] = s.illustrative_count;
  d["missing_inputs"] = s.missing_inputs;
  return d;
}

/// Whether `a` holds one byte per element that reads as 0/1 or a small count (bool, uint8).
bool is_bytes(const py::array& a) {
  const char k = a.dtype().kind();
  return (k == 'b' || k == 'u') && a.itemsize() == 1;
}

/// `a` as a contiguous array of bytes: itself when it is one (bool or uint8), else converted.
py::array bytes_of(const py::array& a) {
  if (is_bytes(a) && (a.flags() & py::array::c_style)) return a;
  return py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>::ensure(a);
}

/// Holds a reference to `o` for as long as a UnitTable reads its data (released under the GIL).
std::shared_ptr<const void> keep_alive(py::object o) {
  auto* ref = new py::object(std::move(o));
  return std::shared_ptr<const void>(ref, [](const void* p) {
    py::gil_scoped_acquire gil;
    delete static_cast<const py::object*>(p);
  });
}

/// A UnitTable's optional text column (names, districts), blank when the table has none.
std::vector<std::string> or_blank(const std::vector<std::string>& v, std::size_t rows) {
  return v.empty() ? std::vector<std::string>(rows) : v;
}

/// Arrow's string layout (offsets: int64 array of n + 1, data: uint8 array), which is how pandas'
/// Arrow-backed string columns hold text: no Python string per cell.
std::vector<std::string> arrow_strings(const std::string& name, const py::array& offsets_in, const py::array& data_in) {
  auto offsets = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(offsets_in);
  auto data = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>::ensure(data_in);
  if (!offsets || !data || offsets.ndim() != 1 || data.ndim() != 1 || offsets.size() < 1)
    throw py::value_error("column '" + name + "': offsets and data must be 1-d arrays (offsets of length n + 1)");
  const std::int64_t* o = offsets.data();
  const auto* d = reinterpret_cast<const char*>(data.data());
  const auto n = static_cast<std::size_t>(offsets.size() - 1);
  // Non-decreasing offsets from >= 0 to <= len(data) keep every cell inside the data: checked in
  // one branch-free pass (it vectorizes), the first bad offset looked for only when one is.
  bool bad = o[0] < 0 || o[n] > data.size();
  for (std::size_t i = 0; i < n; ++i) bad |= o[i + 1] < o[i];
  if (bad) {
    std::size_t i = 0;
    while (i < n && o[i] >= 0 && o[i + 1] >= o[i] && o[i + 1] <= data.size()) ++i;
    throw py::value_error("column '" + name + "': offset " + std::to_string(i + 1) +
                          " is outside the data (offsets must be non-decreasing and at most len(data))");
  }
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    out.emplace_back(d + o[i], static_cast<std::size_t>(o[i + 1] - o[i]));  // made in place, not assigned
  return out;
}

/// A DataFrame column as frames.py hands it over, for the one unit validation: this door only
/// unpacks the transport (arrays, masks, codes, text); every check is read_units()'s.
///   float64 / bool / uint8 / other numeric array      numbers, read in place (NaN missing)
///   ("masked", values, mask)                          pandas' nullable arrays (mask True = missing)
///   ("coded", int32 codes, list of str)               pandas.factorize / categoricals (-1 missing)
///   ("arrow", int64 offsets, uint8 data)              Arrow-backed strings
///   list of str or None                               text cells (None missing)
assess::InputColumn input_column(const std::string& name, std::uint32_t position, const py::handle& v) {
  assess::InputColumn col;
  col.name = name;
  col.position = position;
  if (py::isinstance<py::tuple>(v)) {
    auto t = py::reinterpret_borrow<py::tuple>(v);
    std::string tag = t.size() == 3 && py::isinstance<py::str>(t[0]) ? t[0].cast<std::string>() : std::string();
    if (tag == "masked") {
      py::array raw = py::array::ensure(t[1]);
      py::array mask_in = py::array::ensure(t[2]);
      if (!raw || !mask_in) throw py::type_error("column '" + name + "': values and mask must be arrays");
      py::array mask = bytes_of(mask_in);
      if (raw.ndim() != 1 || mask.ndim() != 1)
        throw py::value_error("column '" + name + "': expected values and mask as 1-d arrays");
      expr::ColumnView view;
      py::array data;
      if (is_bytes(raw)) {
        data = bytes_of(raw);
        view.bytes = {static_cast<const std::uint8_t*>(data.data()), static_cast<std::size_t>(data.size())};
      } else {
        data = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(raw);
        if (!data) throw py::type_error("column '" + name + "': values must be numeric");
        view.values = {static_cast<const double*>(data.data()), static_cast<std::size_t>(data.size())};
      }
      view.missing = {static_cast<const std::uint8_t*>(mask.data()), static_cast<std::size_t>(mask.size())};
      col.cells = assess::NumberCells{view, keep_alive(py::make_tuple(data, mask))};
      return col;
    }
    if (tag == "coded") {
      auto codes = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>::ensure(t[1]);
      if (!codes || codes.ndim() != 1) throw py::type_error("column '" + name + "': codes must be a 1-d int32 array");
      col.cells = assess::CodedCells{std::vector<std::int32_t>(codes.data(), codes.data() + codes.size()),
                                     t[2].cast<std::vector<std::string>>()};
      return col;
    }
    if (tag == "arrow") {
      col.cells = assess::TextCells{arrow_strings(name, py::array::ensure(t[1]), py::array::ensure(t[2]))};
      return col;
    }
    throw py::value_error("column '" + name + "': expected ('masked', values, mask), ('coded', codes, dictionary) "
                          "or ('arrow', offsets, data)");
  }
  if (py::isinstance<py::list>(v)) {
    assess::TextCells text;
    auto list = py::reinterpret_borrow<py::list>(v);
    text.cells.reserve(list.size());
    for (auto item : list) text.cells.push_back(item.is_none() ? std::string() : item.cast<std::string>());
    col.cells = std::move(text);
    return col;
  }
  py::array raw = py::array::ensure(v);
  if (!raw || raw.ndim() != 1) throw py::type_error("column '" + name + "' must be a 1-d array, a list of str or a tagged tuple");
  if (is_bytes(raw)) {
    py::array data = bytes_of(raw);
    expr::ColumnView view;
    view.bytes = {static_cast<const std::uint8_t*>(data.data()), static_cast<std::size_t>(data.size())};
    col.cells = assess::NumberCells{view, keep_alive(data)};
    return col;
  }
  auto arr = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(raw);
  if (!arr) throw py::type_error("column '" + name + "' must be numeric");
  // No copy: a float64 contiguous array is read in place (the table holds a reference to it,
  // released under the GIL); anything else was converted to one here.
  col.cells = assess::NumberCells{
      expr::ColumnView{std::span<const double>(arr.data(), static_cast<std::size_t>(arr.size()))}, keep_alive(arr)};
  return col;
}

/// The options of an assessment, as the Python functions take them.
assess::AssessOptions assess_options(std::optional<int> year, unsigned threads, bool values, bool gaps, bool costs) {
  assess::AssessOptions opt;
  opt.year = year;
  opt.threads = threads;
  opt.values = values;
  opt.gaps = gaps;
  opt.costs = costs;
  return opt;
}

/// The options of both readers of units, as the Python functions take them.
assess::UnitInputOptions unit_options(const std::string& id, const std::string& name, const std::string& district,
                                      std::vector<std::string> attributes, std::vector<std::string> optional_attributes,
                                      bool allow_missing_columns, bool ignore_unknown_columns) {
  assess::UnitInputOptions o;
  o.id_column = id;
  o.name_column = name;
  o.district_column = district;
  o.attributes = std::move(attributes);
  o.optional_attributes = std::move(optional_attributes);
  o.allow_missing_columns = allow_missing_columns;
  o.ignore_unknown_columns = ignore_unknown_columns;
  return o;
}

/// (UnitTable, warnings), or DataError with every diagnostic.
std::tuple<std::shared_ptr<assess::UnitTable>, std::vector<Diagnostic>> units_or_raise(assess::UnitsResult r) {
  if (!r.ok()) throw DataError(r.diagnostics);
  return {r.table, std::vector<Diagnostic>(r.diagnostics.begin(), r.diagnostics.end())};
}

/// The CSV reader (of a file or of text, `read`) with the options of read_units_csv, the GIL
/// released while it reads.
template <class Read>
std::tuple<std::shared_ptr<assess::UnitTable>, std::vector<Diagnostic>> read_csv_units(
    Read read, const std::string& id, const std::string& name, const std::string& district,
    std::vector<std::string> attributes, std::vector<std::string> optional_attributes, bool allow_missing_columns,
    bool ignore_unknown_columns) {
  io::CsvOptions o;
  static_cast<assess::UnitInputOptions&>(o) = unit_options(id, name, district, std::move(attributes),
                                                           std::move(optional_attributes), allow_missing_columns,
                                                           ignore_unknown_columns);
  assess::UnitsResult r;
  {
    py::gil_scoped_release release;
    r = read(o);
  }
  return units_or_raise(std::move(r));
}

std::size_t column_length(const assess::InputColumn& c) {
  return std::visit([](const auto& x) -> std::size_t {
    using T = std::decay_t<decltype(x)>;
    if constexpr (std::is_same_v<T, assess::TextCells>) return x.cells.size();
    else if constexpr (std::is_same_v<T, assess::NumberCells>) return x.view.size();
    else return x.codes.size();
  }, c.cells);
}

/// The columns of a DataFrame (see input_column) as the one unit validation reads them.
assess::UnitInput unit_input(const py::dict& columns, const std::string& file, std::uint32_t first_row) {
  assess::UnitInput in;
  in.file = file;
  in.first_row = first_row;
  std::uint32_t position = 0;
  for (auto [k, v] : columns) {
    in.columns.push_back(input_column(py::str(k).cast<std::string>(), ++position, v));
    in.rows = std::max(in.rows, column_length(in.columns.back()));
  }
  return in;
}

/// A sheet as python-calamine gives it (a list of rows of str, float, int, bool, date/time
/// values, "" for empty) into SheetCells: the transport only; every check is read_units_workbook's.
io::SheetCells sheet_cells(const py::tuple& t) {
  if (t.size() != 5) throw py::value_error("load() must return (name, first_row, first_column, rows, merged)");
  io::SheetCells s;
  s.name = t[0].cast<std::string>();
  s.first_row = t[1].cast<std::uint32_t>();
  s.first_column = t[2].cast<std::uint32_t>();
  py::list rows = t[3].cast<py::list>();
  std::size_t width = 0;
  for (auto row : rows) width = std::max<std::size_t>(width, py::len(row));
  s.width = static_cast<std::uint32_t>(width);
  s.cells.resize(width * rows.size());
  std::size_t r = 0;
  for (auto row : rows) {
    std::size_t c = 0;
    for (auto v : row) {
      auto& cell = s.cells[r * width + c++];
      PyObject* o = v.ptr();
      if (PyBool_Check(o)) {
        cell.kind = io::SheetCell::Kind::boolean;
        cell.number = o == Py_True ? 1 : 0;
      } else if (PyFloat_Check(o)) {
        cell.kind = io::SheetCell::Kind::number;
        cell.number = PyFloat_AS_DOUBLE(o);
      } else if (PyLong_Check(o)) {
        cell.kind = io::SheetCell::Kind::number;
        cell.number = PyLong_AsDouble(o);
        if (cell.number == -1.0 && PyErr_Occurred()) throw py::error_already_set();
      } else if (PyUnicode_Check(o)) {
        Py_ssize_t n = 0;
        const char* u = PyUnicode_AsUTF8AndSize(o, &n);
        if (!u) {
          // Lone surrogates: keep the bytes the reader cannot encode visible as U+FFFD.
          PyErr_Clear();
          py::object b = py::reinterpret_steal<py::object>(PyUnicode_AsEncodedString(o, "utf-8", "replace"));
          cell.text = b.cast<std::string>();
        } else {
          cell.text.assign(u, static_cast<std::size_t>(n));
        }
        cell.kind = cell.text.empty() ? io::SheetCell::Kind::empty : io::SheetCell::Kind::text;
      } else if (o == Py_None) {
        cell.kind = io::SheetCell::Kind::empty;
      } else if (py::hasattr(v, "isoformat")) {
        cell.kind = io::SheetCell::Kind::date;
        cell.text = py::str(v.attr("isoformat")()).cast<std::string>();
      } else {
        cell.kind = io::SheetCell::Kind::text;
        cell.text = py::str(v).cast<std::string>();
      }
    }
    ++r;
  }
  for (auto m : t[4].cast<py::list>()) {
    auto q = m.cast<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>>();
    s.merged.push_back({std::get<0>(q), std::get<1>(q), std::get<2>(q), std::get<3>(q)});
  }
  return s;
}

}  // namespace

void register_assess(py::module_& m) {
  py::class_<assess::Assessment, AssessmentPtr>(m, "Assessment",
                                                "Statuses, values and gaps of every node for every unit (immutable).")
      .def_property_readonly("pack", [](const assess::Assessment& a) {
        return std::const_pointer_cast<model::RuleSet>(a.shared_rules());
      }, "The pack assessed against.")
      .def_property_readonly("year", &assess::Assessment::year, "The assessment year.")
      .def_property_readonly("elapsed_seconds", &assess::Assessment::elapsed_seconds,
                             "Wall-clock seconds the C++ assessment took (excluding the Python conversion).")
      .def("__len__", &assess::Assessment::size, "Number of units.")
      .def_property_readonly("ids", [](const assess::Assessment& a) { return a.units().ids; }, "Unit ids, in order.")
      .def_property_readonly("names", [](const assess::Assessment& a) { return or_blank(a.units().names, a.size()); },
                             "Unit names, in order (empty strings when none were given).")
      .def_property_readonly("districts", [](const assess::Assessment& a) { return or_blank(a.units().districts, a.size()); },
                             "Unit districts, in order (empty strings when none were given).")
      .def("nodes", [](const assess::Assessment& a) {
        py::list out;
        for (const auto& n : a.nodes()) out.append(py::make_tuple(n.kind, n.id));
        return out;
      }, "(kind, id) of every node, in evaluation order.")
      .def("status", [](const AssessmentPtr& a, const std::string& node) {
        auto s = a->status(position(*a, node));
        return view<std::uint8_t>(a, {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
      }, py::arg("node"), "Status codes of `node` per unit (uint8: 0 unmet, 1 met, 2 unknown, 3 not applicable); a read-only view.")
      .def("status_matrix", [](const AssessmentPtr& a, const std::vector<std::string>& nodes) {
        std::vector<std::size_t> positions;
        for (const auto& n : nodes) positions.push_back(position(*a, n));
        assess::StatusBlock block;
        {
          py::gil_scoped_release release;
          block = a->status_block(positions);
        }
        // units x nodes, column-major (pandas' own block layout): the array owns the copy.
        const auto units = static_cast<py::ssize_t>(block.units), k = static_cast<py::ssize_t>(block.nodes);
        auto* data = reinterpret_cast<std::uint8_t*>(block.data.get());
        auto* owned = new assess::StatusBlock(std::move(block));
        py::capsule owner(owned, [](void* p) { delete static_cast<assess::StatusBlock*>(p); });
        return py::array_t<std::uint8_t>({units, k}, {py::ssize_t{1}, std::max<py::ssize_t>(units, 1)},
                                         data ? data : reinterpret_cast<std::uint8_t*>(owned), owner);
      }, py::arg("nodes"),
         "Status codes of `nodes` (ids) as a units x nodes uint8 array (column-major: pandas' layout), "
         "a copy the caller owns.")
      .def("value", [](const AssessmentPtr& a, const std::string& node) {
        return view<double>(a, a->value(position(*a, node)));
      }, py::arg("node"), "Values of `node` per unit (NaN missing); a read-only view.")
      .def("gap", [](const AssessmentPtr& a, const std::string& node) {
        return view<double>(a, a->gap(position(*a, node)));
      }, py::arg("node"), "Indicator gaps per unit (0 met, NaN unknown); a read-only view.")
      .def("threshold", [](const assess::Assessment& a, const std::string& node) {
        auto p = position(a, node);
        py::array_t<double> out(static_cast<py::ssize_t>(a.size()));
        auto w = out.mutable_unchecked<1>();
        for (std::size_t u = 0; u < a.size(); ++u) w(static_cast<py::ssize_t>(u)) = a.threshold(p, u);
        return out;
      }, py::arg("node"), "The threshold that applied to each unit (NaN if none).")
      .def("cost", [](const AssessmentPtr& a, const std::string& node) {
        return view<double>(a, a->cost(position(*a, node)));
      }, py::arg("node"), "Indicator remediation costs per unit when assessed with costs=True (0 met, NaN "
         "unknown or without a cost model); empty otherwise. A read-only view.")
      .def("base_criteria", [](const assess::Assessment& a) {
        std::vector<std::string> out;
        for (auto c : a.base_criteria()) out.push_back(a.nodes()[c].id);
        return out;
      }, "Ids of the criteria of the planning table: those the lowest level requires (all criteria "
         "when the pack has no levels).")
      .def("levels", [](const assess::Assessment& a) {
        std::vector<std::string> out;
        for (auto l : a.levels()) out.push_back(a.nodes()[l].id);
        return out;
      }, "Ids of the levels a unit can reach, lowest first (conditions excluded).")
      .def("highest_level", [](const assess::Assessment& a) {
        py::list out;
        for (std::size_t u = 0; u < a.size(); ++u) {
          auto h = a.highest_level(u);
          out.append(h ? py::object(py::str(a.nodes()[*h].id)) : py::none());
        }
        return out;
      }, "The highest level each unit meets (None if none).")
      .def("summary", [](const assess::Assessment& a, const std::string& lang, const std::string& recognized) {
        assess::SummaryOptions o;
        o.recognized_attribute = recognized;
        return assess::format_summary(a, assess::summarize(a, o), lang_of(lang));
      }, py::arg("lang") = "en", py::arg("recognized") = "recognized", "The summary as `tieuchi assess` prints it.")
      .def("summarize", [](const assess::Assessment& a, const std::string& recognized) {
        assess::SummaryOptions o;
        o.recognized_attribute = recognized;
        return summary_dict(a, assess::summarize(a, o));
      }, py::arg("recognized") = "recognized",
         "The summary as data: criteria and levels counted for the province and each district, the "
         "review of every recognized unit (keeps / short_of / revocation / cannot_tell), unverified "
         "values read, and the inputs missing most.")
      .def("explain", [](const assess::Assessment& a, const std::string& unit, const std::string& node,
                         const std::string& lang, int depth) {
        const auto& ids = a.units().ids;
        auto it = std::find(ids.begin(), ids.end(), unit);
        if (it == ids.end()) throw py::key_error("no unit '" + unit + "'");
        return assess::explain(a, static_cast<std::size_t>(it - ids.begin()), node, lang_of(lang), depth);
      }, py::arg("unit"), py::arg("node"), py::arg("lang") = "en", py::arg("depth") = 1,
         "Why `node` has its status for `unit`, down to values and thresholds.")
      .def("write_workbook", [](const assess::Assessment& a, const std::string& path, const std::string& lang,
                                const std::string& recognized, const std::string& plan_name) {
        auto o = annex_setup(lang, recognized, plan_name);
        py::gil_scoped_release release;
        io::write_review_workbook(path, a, assess::summarize(a, o.summary), o.annex);
      }, py::arg("path"), py::arg("lang") = "vi", py::arg("recognized") = "recognized", py::arg("plan_name") = "",
         "Write the review annexes (Biểu 01, 02: io::write_review_workbook) and the tables behind them to "
         "an .xlsx file: what `tieuchi assess --xlsx` writes.")
      .def("annexes_json", [](const assess::Assessment& a, const std::string& lang, const std::string& recognized,
                              const std::string& plan_name, const std::string& district,
                              const std::string& review_outcome) {
        auto o = annex_setup(lang, recognized, plan_name);
        io::AnnexFilter f;
        f.district = district;
        f.review_outcome = review_outcome;
        std::ostringstream out;
        {
          py::gil_scoped_release release;
          io::write_annexes_json(out, a, assess::summarize(a, o.summary), nullptr, o.annex, f);
        }
        return out.str();
      }, py::arg("lang") = "vi", py::arg("recognized") = "recognized", py::arg("plan_name") = "",
         py::arg("district") = "", py::arg("review_outcome") = "",
         "The review annexes and the table of every unit as data (schema tieuchi.annexes/1, "
         "io::write_annexes_json): what the web page shows; `district` and `review_outcome` keep only "
         "those units (empty: all).")
      .def("table", [](const assess::Assessment& a, const std::string& name, const std::string& lang,
                       const std::string& recognized) {
        auto l = lang_of(lang);
        if (name == "planning") {
          assess::SummaryOptions o;
          o.recognized_attribute = recognized;
          return table_columns(assess::planning_table(a, assess::summarize(a, o), l));
        }
        if (name == "shortfalls") return table_columns(assess::shortfalls_table(a, l));
        throw py::value_error("table must be 'planning' or 'shortfalls', not '" + name + "'");
      }, py::arg("name"), py::arg("lang") = "en", py::arg("recognized") = "recognized",
         "A typed table as columns (dicts: name, title, type, values, mask, labels, label_titles, "
         "ordered): 'planning' (assess::planning_table) or 'shortfalls' (assess::shortfalls_table); "
         "titles in `lang`. tieuchi.AssessedFrame.wide() and shortfalls() make DataFrames of them.")
      .def("to_json", [](const assess::Assessment& a, const std::string& recognized) {
        std::ostringstream out;
        assess::SummaryOptions o;
        o.recognized_attribute = recognized;
        {
          py::gil_scoped_release release;  // the result is immutable: other threads may run
          io::write_json(out, a, assess::summarize(a, o));
        }
        return out.str();
      }, py::arg("recognized") = "recognized", "The JSON report (schema tieuchi.assessment/1).")
      .def("planning_table_csv", [](const assess::Assessment& a, const std::string& recognized) {
        std::ostringstream out;
        assess::SummaryOptions o;
        o.recognized_attribute = recognized;
        {
          py::gil_scoped_release release;
          io::write_wide_csv(out, a, assess::summarize(a, o));
        }
        return out.str();
      }, py::arg("recognized") = "recognized", "The wide planning table as CSV text.")
      .def("long_csv", [](const assess::Assessment& a) {
        std::ostringstream out;
        {
          py::gil_scoped_release release;
          io::write_long_csv(out, a);
        }
        return out.str();
      }, "One row per unit and node (status, value, threshold, gap) as CSV text: assessment-long.csv of "
         "`tieuchi assess --format csv`.");

  py::class_<assess::UnitTable, std::shared_ptr<assess::UnitTable>>(
      m, "UnitTable", "Validated units (read_units); assess them with tieuchi.assess.")
      .def("__len__", &assess::UnitTable::rows, "Number of units.")
      .def_property_readonly("ids", [](const assess::UnitTable& t) { return t.ids; }, "Unit ids, in order.")
      .def("numbers", [](const assess::UnitTable& t, const std::string& name) {
        auto v = t.numbers(name);
        if (!v) throw py::key_error("no number or yes/no column '" + name + "'");
        return std::vector<double>(v->begin(), v->end());
      }, py::arg("name"), "A number or yes/no input as read (yes/no as 1.0/0.0, NaN missing), as a list.");

  m.def("read_units", [](std::shared_ptr<model::RuleSet> rules, const py::dict& columns, const std::string& file,
                         const std::string& id, const std::string& name, const std::string& district,
                         std::vector<std::string> attributes, std::vector<std::string> optional_attributes,
                         bool allow_missing_columns, bool ignore_unknown_columns, std::uint32_t first_row) {
    assess::UnitInput in = unit_input(columns, file, first_row);
    assess::UnitInputOptions o = unit_options(id, name, district, std::move(attributes), std::move(optional_attributes),
                                              allow_missing_columns, ignore_unknown_columns);
    assess::UnitsResult r;
    {
      py::gil_scoped_release release;
      r = assess::read_units(*rules, std::move(in), o);
    }
    return units_or_raise(std::move(r));
  }, py::arg("pack"), py::arg("columns"), py::arg("file") = "DataFrame", py::arg("id") = "id",
     py::arg("name") = "name", py::arg("district") = "district", py::arg("attributes") = std::vector<std::string>{},
     py::arg("optional_attributes") = std::vector<std::string>{}, py::arg("allow_missing_columns") = false,
     py::arg("ignore_unknown_columns") = false, py::arg("first_row") = 1,
     "Validate a table of units against `pack` with the one unit validation the CSV reader uses, and "
     "return (UnitTable, warnings). `columns` maps each column name (in table order) to: a numeric "
     "array (NaN missing; read in place), ('masked', values, mask) with mask True = missing, ('coded', "
     "int32 codes, list of str) with -1 missing, ('arrow', int64 offsets, uint8 data), or a list of str "
     "(None missing); text is parsed as the CSV reader parses it. Raises DataError whose diagnostics "
     "name the row (`first_row` is the row of the first unit) and the column of every problem. "
     "Use tieuchi.assess_frame for pandas DataFrames.");

  m.def("read_units_csv", [](std::shared_ptr<model::RuleSet> rules, const std::string& path, const std::string& id,
                             const std::string& name, const std::string& district, std::vector<std::string> attributes,
                             std::vector<std::string> optional_attributes, bool allow_missing_columns,
                             bool ignore_unknown_columns) {
    return read_csv_units([&](const io::CsvOptions& o) { return io::read_units_csv(path, *rules, o); }, id, name,
                          district, std::move(attributes), std::move(optional_attributes), allow_missing_columns,
                          ignore_unknown_columns);
  }, py::arg("pack"), py::arg("path"), py::arg("id") = "id", py::arg("name") = "name", py::arg("district") = "district",
     py::arg("attributes") = std::vector<std::string>{}, py::arg("optional_attributes") = std::vector<std::string>{},
     py::arg("allow_missing_columns") = false, py::arg("ignore_unknown_columns") = false,
     "Read a CSV file of units with the CSV reader of `tieuchi assess` and validate it (the same "
     "diagnostics, rows numbered as a spreadsheet shows them). Returns (UnitTable, warnings); raises "
     "DataError.");

  // CSV text as str, or as the bytes of an uploaded file (the reader checks their encoding: E517).
  auto csv_text = [](std::shared_ptr<model::RuleSet> rules, std::string text, const std::string& file,
                     const std::string& id, const std::string& name, const std::string& district,
                     std::vector<std::string> attributes, std::vector<std::string> optional_attributes,
                     bool allow_missing_columns, bool ignore_unknown_columns) {
    return read_csv_units([&](const io::CsvOptions& o) { return io::read_units_csv_text(file, text, *rules, o); }, id,
                          name, district, std::move(attributes), std::move(optional_attributes),
                          allow_missing_columns, ignore_unknown_columns);
  };
  const char* csv_text_doc =
      "read_units_csv for CSV text (e.g. an uploaded file: str, or its bytes as they came); `file` is "
      "the name diagnostics give. The same reader, validation and diagnostics as `tieuchi assess` on a "
      "file with that text.";
#define TIEUCHI_CSV_TEXT_ARGS                                                                                  \
  py::arg("pack"), py::arg("text"), py::arg("file") = "units.csv", py::arg("id") = "id", py::arg("name") = "name",   \
      py::arg("district") = "district", py::arg("attributes") = std::vector<std::string>{},                         \
      py::arg("optional_attributes") = std::vector<std::string>{}, py::arg("allow_missing_columns") = false,         \
      py::arg("ignore_unknown_columns") = false
  m.def("read_units_csv_text", [csv_text](std::shared_ptr<model::RuleSet> rules, const py::bytes& text,
                                          const std::string& file, const std::string& id, const std::string& name,
                                          const std::string& district, std::vector<std::string> attributes,
                                          std::vector<std::string> optional_attributes, bool allow_missing_columns,
                                          bool ignore_unknown_columns) {
    return csv_text(std::move(rules), std::string(text), file, id, name, district, std::move(attributes),
                    std::move(optional_attributes), allow_missing_columns, ignore_unknown_columns);
  }, TIEUCHI_CSV_TEXT_ARGS, csv_text_doc);
  m.def("read_units_csv_text", csv_text, TIEUCHI_CSV_TEXT_ARGS, csv_text_doc);
#undef TIEUCHI_CSV_TEXT_ARGS

  m.def("read_units_workbook", [](std::shared_ptr<model::RuleSet> rules, const std::string& file,
                                  std::vector<std::string> sheet_names, py::object load, const std::string& open_error,
                                  const py::bytes& leading_bytes, const std::string& sheet, const std::string& id,
                                  const std::string& name, const std::string& district,
                                  std::vector<std::string> attributes, std::vector<std::string> optional_attributes,
                                  bool allow_missing_columns, bool ignore_unknown_columns) {
    io::WorkbookCells wb;
    wb.file = file;
    wb.sheet_names = std::move(sheet_names);
    wb.open_error = open_error;
    wb.leading_bytes = std::string(leading_bytes);
    // The validation runs without the GIL; the one sheet it asks for is read (python-calamine)
    // and converted with it. A Python exception in load() becomes the library's E520.
    wb.load = [&load](std::size_t index) -> io::SheetCells {
      py::gil_scoped_acquire gil;
      try {
        return sheet_cells(load(index).cast<py::tuple>());
      } catch (py::error_already_set& e) {
        std::string what = e.what();
        e.restore();
        PyErr_Clear();
        throw std::runtime_error(what);
      } catch (const py::cast_error& e) {
        throw std::runtime_error(e.what());
      }
    };
    io::WorkbookOptions o;
    static_cast<assess::UnitInputOptions&>(o) = unit_options(id, name, district, std::move(attributes),
                                                             std::move(optional_attributes), allow_missing_columns,
                                                             ignore_unknown_columns);
    o.sheet = sheet;
    assess::UnitsResult r;
    {
      py::gil_scoped_release release;
      r = io::read_units_workbook(wb, *rules, o);
    }
    return units_or_raise(std::move(r));
  }, py::arg("pack"), py::arg("file"), py::arg("sheet_names"), py::arg("load"), py::arg("open_error") = "",
     py::arg("leading_bytes") = py::bytes(), py::arg("sheet") = "", py::arg("id") = "id", py::arg("name") = "name",
     py::arg("district") = "district", py::arg("attributes") = std::vector<std::string>{},
     py::arg("optional_attributes") = std::vector<std::string>{}, py::arg("allow_missing_columns") = false,
     py::arg("ignore_unknown_columns") = false,
     "The workbook door's transport (use tieuchi.read_units(pack, path) or pack.assess(path)): the sheet "
     "names, load(index) -> (name, first_row, first_column, rows, merged ranges as 1-based (r1, c1, r2, "
     "c2)), or the reader's error and the file's first bytes. The library picks the sheet, finds the "
     "header and validates (io::read_units_workbook). Returns (UnitTable, warnings); raises DataError.");
  m.def("is_workbook_path", [](const std::string& path) { return io::is_workbook_path(path); }, py::arg("path"),
        "Whether `path` ends in .xlsx, .xlsm, .xls or .ods (read as a workbook, not CSV).");

  m.def("assess", [](std::shared_ptr<model::RuleSet> rules, std::shared_ptr<assess::UnitTable> table,
                     std::optional<int> year, unsigned threads, bool values, bool gaps, bool costs) {
    const assess::AssessOptions opt = assess_options(year, threads, values, gaps, costs);
    std::shared_ptr<assess::Assessment> out;
    {
      py::gil_scoped_release release;
      out = std::make_shared<assess::Assessment>(assess::assess(rules, table, opt));
    }
    return out;
  }, py::arg("pack"), py::arg("units"), py::arg("year") = py::none(), py::arg("threads") = 0,
     py::arg("values") = true, py::arg("gaps") = true, py::arg("costs") = false,
     "Assess validated units (tieuchi.read_units) in `year`. `threads` = 0 uses every core (results do "
     "not depend on it). Numeric columns are read in place: do not modify them while the result is in "
     "use. Use tieuchi.assess_frame for pandas DataFrames.");

  m.def("assess_units", [](std::shared_ptr<model::RuleSet> rules, const py::dict& columns, const std::string& file,
                           const std::string& id, const std::string& name, const std::string& district,
                           std::vector<std::string> attributes, std::vector<std::string> optional_attributes,
                           bool allow_missing_columns, bool ignore_unknown_columns, std::uint32_t first_row,
                           std::optional<int> year, unsigned threads, bool values, bool gaps, bool costs) {
    assess::UnitInput in = unit_input(columns, file, first_row);
    assess::UnitInputOptions o = unit_options(id, name, district, std::move(attributes), std::move(optional_attributes),
                                              allow_missing_columns, ignore_unknown_columns);
    const assess::AssessOptions opt = assess_options(year, threads, values, gaps, costs);
    assess::AssessedUnits r;
    {
      py::gil_scoped_release release;
      r = assess::assess_units(rules, std::move(in), o, opt);
    }
    if (!r.ok()) throw DataError(r.diagnostics);
    return std::make_tuple(std::make_shared<assess::Assessment>(std::move(*r.assessment)),
                           std::vector<Diagnostic>(r.diagnostics.begin(), r.diagnostics.end()));
  }, py::arg("pack"), py::arg("columns"), py::arg("file") = "DataFrame", py::arg("id") = "id",
     py::arg("name") = "name", py::arg("district") = "district", py::arg("attributes") = std::vector<std::string>{},
     py::arg("optional_attributes") = std::vector<std::string>{}, py::arg("allow_missing_columns") = false,
     py::arg("ignore_unknown_columns") = false, py::arg("first_row") = 1, py::arg("year") = py::none(),
     py::arg("threads") = 0, py::arg("values") = true, py::arg("gaps") = true, py::arg("costs") = false,
     "read_units then assess in one call, with the same result and the same diagnostics (DataError "
     "listing every problem), the numbers' range checks made as the assessment reads each chunk. "
     "Returns (Assessment, warnings). Use tieuchi.assess_frame for pandas DataFrames.");
}

}  // namespace tieuchi::python
