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

/// Unit ids from a list of str, or from Arrow's string layout (offsets: int32/int64 array of
/// n + 1, data: uint8 array), which is how pandas' Arrow-backed string columns hold them: no
/// Python string per unit.
using IdBuffers = std::pair<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>,
                            py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>>;

std::vector<std::string> unit_ids(std::variant<std::vector<std::string>, IdBuffers>& ids) {
  if (auto* list = std::get_if<std::vector<std::string>>(&ids)) return std::move(*list);
  auto& [offsets, data] = std::get<IdBuffers>(ids);
  if (offsets.ndim() != 1 || data.ndim() != 1 || offsets.size() < 1)
    throw py::value_error("ids: offsets and data must be 1-d arrays (offsets of length n + 1)");
  const std::int64_t* o = offsets.data();
  const auto* d = reinterpret_cast<const char*>(data.data());
  const auto n = static_cast<std::size_t>(offsets.size() - 1);
  std::vector<std::string> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (o[i] < 0 || o[i + 1] < o[i] || o[i + 1] > data.size())
      throw py::value_error("ids: offset " + std::to_string(i + 1) + " is outside the data (offsets must be "
                            "non-decreasing and at most len(data))");
    out[i].assign(d + o[i], static_cast<std::size_t>(o[i + 1] - o[i]));
  }
  return out;
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
      .def("to_json", [](const assess::Assessment& a, const std::string& recognized) {
        std::ostringstream out;
        assess::SummaryOptions o;
        o.recognized_attribute = recognized;
        assess::write_json(out, a, assess::summarize(a, o));
        return out.str();
      }, py::arg("recognized") = "recognized", "The JSON report (schema tieuchi.assessment/1).")
      .def("planning_table_csv", [](const assess::Assessment& a, const std::string& recognized) {
        std::ostringstream out;
        assess::SummaryOptions o;
        o.recognized_attribute = recognized;
        assess::write_wide_csv(out, a, assess::summarize(a, o));
        return out.str();
      }, py::arg("recognized") = "recognized", "The wide planning table as CSV text.");

  m.def("assess", [](std::shared_ptr<model::RuleSet> rules, const py::dict& columns,
                     std::variant<std::vector<std::string>, IdBuffers> ids, std::vector<std::string> names, std::vector<std::string> districts,
                     const py::dict& attributes, std::optional<int> year, unsigned threads, bool values, bool gaps,
                     bool costs) {
    auto unit_id = unit_ids(ids);
    auto table = std::make_shared<assess::UnitTable>(unit_id.size());
    table->ids = std::move(unit_id);
    // Names and districts may be empty (every reader of a UnitTable allows it).
    auto fits = [&](const std::vector<std::string>& v, const char* what) {
      if (!v.empty() && v.size() != table->rows())
        throw py::value_error(std::string(what) + ": " + std::to_string(v.size()) + " given for " +
                              std::to_string(table->rows()) + " units");
    };
    fits(names, "names");
    fits(districts, "districts");
    table->names = std::move(names);
    table->districts = std::move(districts);
    for (auto [k, v] : columns) {
      std::string name = k.cast<std::string>();
      if (py::isinstance<py::tuple>(v) && py::len(v) == 2 && py::isinstance<py::array>(v.cast<py::tuple>()[1])) {
        // Masked: (values, mask), as pandas' nullable arrays (boolean, Int64, Float64) hold them
        // (mask True = missing). Read in place: bool/uint8 values as bytes, float64 as they are;
        // other dtypes (int64, float32) are converted to float64 once here.
        auto t = v.cast<py::tuple>();
        py::array raw = py::array::ensure(t[0]);
        if (!raw) throw py::type_error("column '" + name + "': values must be an array");
        py::array mask = bytes_of(py::reinterpret_borrow<py::array>(t[1]));
        if (raw.ndim() != 1 || mask.ndim() != 1 || raw.size() != mask.size())
          throw py::value_error("column '" + name + "': expected (values, mask), two 1-d arrays of one length");
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
        table->set_column_view(name, view, keep_alive(py::make_tuple(data, mask)));
      } else if (py::isinstance<py::tuple>(v)) {
        // Dictionary-encoded: (int32 codes, list of str), as pandas.factorize gives them.
        auto t = v.cast<py::tuple>();
        if (t.size() != 2) throw py::value_error("column '" + name + "': expected (codes, dictionary)");
        auto codes = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>::ensure(t[0]);
        if (!codes || codes.ndim() != 1) throw py::type_error("column '" + name + "': codes must be a 1-d int32 array");
        std::vector<std::int32_t> c(codes.data(), codes.data() + codes.size());
        table->set_codes(name, std::move(c), t[1].cast<std::vector<std::string>>());
      } else if (py::isinstance<py::list>(v)) {
        std::vector<std::string> strings;
        for (auto item : v.cast<py::list>()) strings.push_back(item.is_none() ? std::string() : item.cast<std::string>());
        table->set_strings(name, strings);
      } else {
        auto arr = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(v);
        if (!arr) throw py::type_error("column '" + name + "' must be a numeric array or a list of str");
        if (arr.ndim() != 1) throw py::value_error("column '" + name + "' must be one-dimensional");
        // No copy: the table reads the array in place and holds a reference to it (released under
        // the GIL). A float64 contiguous array is used as is; anything else was converted above.
        table->set_numbers_view(name, std::span<const double>(arr.data(), static_cast<std::size_t>(arr.size())),
                                keep_alive(arr));
      }
    }
    for (auto [k, v] : attributes) table->set_attribute(k.cast<std::string>(), v.cast<std::vector<std::string>>());
    assess::AssessOptions opt;
    opt.year = year;
    opt.threads = threads;
    opt.values = values;
    opt.gaps = gaps;
    opt.costs = costs;
    std::shared_ptr<assess::Assessment> out;
    {
      py::gil_scoped_release release;
      out = std::make_shared<assess::Assessment>(assess::assess(rules, table, opt));
    }
    return out;
  }, py::arg("pack"), py::arg("columns"), py::arg("ids"), py::arg("names") = std::vector<std::string>{},
     py::arg("districts") = std::vector<std::string>{}, py::arg("attributes") = py::dict(),
     py::arg("year") = py::none(), py::arg("threads") = 0, py::arg("values") = true, py::arg("gaps") = true, py::arg("costs") = false,
     "Assess a table of units: `columns` maps field names to float64 arrays (NaN missing; booleans "
     "0/1), lists of str (None missing), (int32 codes, list of str) pairs (-1 missing) or (float64 values, "
     "bool mask) pairs (True missing). `ids` is a list of str or Arrow's string layout (int64 offsets, uint8 "
     "data). `threads` = 0 uses every core (results do not depend on it). Float64 arrays are read in place, not copied: do not modify "
     "them while the result is in use. Use tieuchi.assess_frame for pandas DataFrames.");
}

}  // namespace tieuchi::python
