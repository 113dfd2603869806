// Assessment of a table of units from NumPy columns. Results come back as NumPy views on the C++
// arrays (no copy; each view keeps the assessment alive). The GIL is released while assessing.
#include <pybind11/numpy.h>

#include <limits>
#include <pybind11/stl.h>

#include <cmath>
#include <sstream>

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
      .def_property_readonly("names", [](const assess::Assessment& a) { return a.units().names; }, "Unit names, in order.")
      .def_property_readonly("districts", [](const assess::Assessment& a) { return a.units().districts; },
                             "Unit districts, in order.")
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
                     std::vector<std::string> ids, std::vector<std::string> names, std::vector<std::string> districts,
                     const py::dict& attributes, std::optional<int> year, unsigned threads, bool values, bool gaps,
                     bool costs) {
    auto table = std::make_shared<assess::UnitTable>(ids.size());
    table->ids = std::move(ids);
    table->names = names.empty() ? std::vector<std::string>(table->rows()) : std::move(names);
    table->districts = districts.empty() ? std::vector<std::string>(table->rows()) : std::move(districts);
    for (auto [k, v] : columns) {
      std::string name = k.cast<std::string>();
      if (py::isinstance<py::tuple>(v) && py::len(v) == 2 && py::isinstance<py::array>(v.cast<py::tuple>()[1])) {
        // Masked: (values, mask), as pandas' nullable arrays (boolean, Int64, Float64) hold them;
        // one pass here instead of a float copy and a masked fill in pandas.
        auto t = v.cast<py::tuple>();
        auto vals = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(t[0]);
        auto mask = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(t[1]);
        if (!vals || !mask || vals.ndim() != 1 || mask.ndim() != 1 || vals.size() != mask.size())
          throw py::value_error("column '" + name + "': expected (values, mask), two 1-d arrays of one length");
        std::vector<double> c(static_cast<std::size_t>(vals.size()));
        const double* x = vals.data();
        const bool* m = mask.data();
        for (std::size_t u = 0; u < c.size(); ++u) c[u] = m[u] ? std::numeric_limits<double>::quiet_NaN() : x[u];
        table->set_numbers(name, std::move(c));
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
        auto* ref = new py::object(arr);
        std::shared_ptr<const void> owner(ref, [](const void* p) {
          py::gil_scoped_acquire gil;
          delete static_cast<const py::object*>(p);
        });
        table->set_numbers_view(name, std::span<const double>(arr.data(), static_cast<std::size_t>(arr.size())),
                                std::move(owner));
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
     py::arg("year") = py::none(), py::arg("threads") = 1, py::arg("values") = true, py::arg("gaps") = true, py::arg("costs") = false,
     "Assess a table of units: `columns` maps field names to float64 arrays (NaN missing; booleans "
     "0/1), lists of str (None missing) or (int32 codes, list of str) pairs (-1 missing). Float64 arrays are read in place, not copied: do not modify "
     "them while the result is in use. Use tieuchi.assess_frame for pandas DataFrames.");
}

}  // namespace tieuchi::python
