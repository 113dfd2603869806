// Packs: loading (with every diagnostic), the model's contents, the dependency graph, pack tests,
// scalar evaluation of one unit, and diffs. Thin: every call is the C++ API.
#include <pybind11/stl.h>

#include "tieuchi/assess/tables.hpp"
#include "register.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/io/pack_writers.hpp"
#include "tieuchi/io/workbooks.hpp"
#include "tieuchi/model/diff.hpp"
#include "tieuchi/model/lower.hpp"
#include "tieuchi/model/evaluate.hpp"
#include "tieuchi/model/pack_test.hpp"

namespace py = pybind11;

namespace tieuchi::python {

namespace {

// pybind11 holders cannot be pointers to const; a RuleSet is immutable whatever the pointer says.
using RuleSetPtr = std::shared_ptr<model::RuleSet>;

py::object to_python(const Value& v) {
  if (v.is_missing()) return py::none();
  if (v.is_bool()) return py::bool_(v.as_bool());
  if (v.is_number()) return py::float_(v.as_number());
  return py::str(v.as_string());
}

Value from_python(const py::handle& h) {
  if (h.is_none()) return Value::missing();
  if (py::isinstance<py::bool_>(h)) return Value(h.cast<bool>());
  if (py::isinstance<py::int_>(h) || py::isinstance<py::float_>(h)) {
    double d = h.cast<double>();
    return std::isnan(d) ? Value::missing() : Value(d);
  }
  if (py::isinstance<py::str>(h)) return Value(h.cast<std::string>());
  throw py::type_error("input values must be None, bool, int, float or str");
}

py::dict name_dict(const model::Name& n) {
  py::dict d;
  d["vi"] = n.vi;
  d["en"] = n.en;
  return d;
}

py::dict provenance_dict(const model::Provenance& p) {
  py::dict d;
  d["source"] = p.source;
  d["item"] = p.item;
  d["status"] = std::string(model::to_string(p.status));
  d["note"] = p.note;
  return d;
}

}  // namespace

namespace {

/// The search path of the Python functions: `paths`, then (unless `default_path` is false) the
/// built-in packs and TIEUCHI_PACK_PATH.
io::PackSearch search_of(const std::vector<std::string>& paths, bool ids_only, bool default_path) {
  if (paths.empty() && !default_path) throw py::value_error("no folder to search: give pack_path, or default_path=True");
  io::PackSearch s;
  s.ids_only = ids_only;
  for (const auto& p : paths) s.paths.emplace_back(p);
  if (default_path) {
    auto d = io::default_pack_path();
    s.paths.insert(s.paths.end(), d.begin(), d.end());
  }
  return s;
}

}  // namespace

void register_model(py::module_& m) {
  m.def("read_unit_list", [](const std::string& path) {
    io::UnitListResult r;
    {
      py::gil_scoped_release release;
      r = io::read_unit_list_csv(path);
    }
    if (!r.ok()) throw DataError(r.diagnostics);
    return py::make_tuple(r.units.ids, r.units.names, r.units.districts);
  }, py::arg("path"),
     "A list of units from CSV (io::read_unit_list_csv: id or code, name or commune, district) as "
     "(ids, names, districts); raises DataError.");
  m.def("read_unit_list_text", [](const std::string& text, const std::string& file) {
    io::UnitListResult r;
    {
      py::gil_scoped_release release;
      r = io::read_unit_list_csv_text(text, file);
    }
    if (!r.ok()) throw DataError(r.diagnostics);
    return py::make_tuple(r.units.ids, r.units.names, r.units.districts);
  }, py::arg("text"), py::arg("file") = "units.csv",
     "read_unit_list from CSV text (io::read_unit_list_csv_text); diagnostics name `file`.");
  py::enum_<graph::NodeKind>(m, "NodeKind", "What a node of the dependency graph stands for.")
      .value("field", graph::NodeKind::field)
      .value("key", graph::NodeKind::key)
      .value("parameter", graph::NodeKind::parameter)
      .value("table", graph::NodeKind::table)
      .value("indicator", graph::NodeKind::indicator)
      .value("criterion", graph::NodeKind::criterion)
      .value("level", graph::NodeKind::level);

  py::class_<model::RuleSet, RuleSetPtr>(m, "Pack", "A checked and compiled rule pack (immutable, thread-safe).")
      .def_property_readonly("id", [](const model::RuleSet& r) { return r.pack().id; }, "Pack id.")
      .def_property_readonly("title", [](const model::RuleSet& r) { return name_dict(r.pack().title); },
                             "Title in Vietnamese and English.")
      .def_property_readonly("version", [](const model::RuleSet& r) { return r.pack().version; }, "Pack version.")
      .def_property_readonly("lineage", [](const model::RuleSet& r) { return r.pack().lineage; },
                             "Pack ids, base first (overlays extend their base).")
      .def_property_readonly("valid", [](const model::RuleSet& r) {
        return py::make_tuple(r.pack().valid_from ? py::cast(*r.pack().valid_from) : py::none(),
                              r.pack().valid_to ? py::cast(*r.pack().valid_to) : py::none());
      }, "Years the pack applies to (from, to).")
      .def_property_readonly("default_year", &model::RuleSet::default_year,
                             "The year used when none is given (the first year of the validity).")
      .def_property_readonly("fields", [](const model::RuleSet& r) {
        py::list out;
        for (const auto& f : r.pack().fields) {
          py::dict d;
          d["name"] = f.name;
          d["type"] = f.type;
          d["unit"] = f.unit;
          d["description"] = f.description;
          d["values"] = f.values;
          d["min"] = f.min ? py::object(py::float_(*f.min)) : py::none();
          d["max"] = f.max ? py::object(py::float_(*f.max)) : py::none();
          out.append(d);
        }
        return out;
      }, "Input fields: name, type, unit, description, allowed values, min and max (None when unbounded).")
      .def_property_readonly("criteria", [](const model::RuleSet& r) {
        py::list out;
        for (const auto& c : r.pack().criteria) {
          py::dict d;
          d["id"] = c.id;
          d["name"] = name_dict(c.name);
          d["agency"] = c.agency;
          d["indicators"] = c.indicators;
          d["provenance"] = provenance_dict(c.provenance);
          out.append(d);
        }
        return out;
      }, "Criteria with their indicator ids.")
      .def_property_readonly("indicators", [](const model::RuleSet& r) {
        py::list out;
        for (const auto& i : r.pack().indicators) {
          py::dict d;
          d["id"] = i.id;
          d["criterion"] = i.criterion;
          d["name"] = name_dict(i.name);
          d["unit"] = i.unit;
          d["rule"] = i.rule.text();
          d["agency"] = i.agency;
          d["provenance"] = provenance_dict(i.provenance);
          out.append(d);
        }
        return out;
      }, "Indicators with their rule text and provenance.")
      .def_property_readonly("levels", [](const model::RuleSet& r) {
        py::list out;
        for (const auto& l : r.pack().levels) {
          py::dict d;
          d["id"] = l.id;
          d["name"] = name_dict(l.name);
          d["requires"] = l.requires_level;
          d["revokes"] = l.revokes;
          d["condition"] = l.condition;
          out.append(d);
        }
        return out;
      }, "Levels and conditions: id, name, requires, revokes, condition.")
      .def("column_title", [](const model::RuleSet& r, const std::string& column, const std::string& lang) {
        if (lang != "vi" && lang != "en") throw py::value_error("lang must be 'vi' or 'en'");
        return assess::column_title(r, column, *text::parse_lang(lang));
      }, py::arg("column"), py::arg("lang") = "vi",
         "The title for people of a column of the assessment's tables in `lang`: its header from the "
         "catalogue, 'TC2. <name>' for a criterion, a level's name, else the column itself.")
      .def("thresholds", [](const model::RuleSet& r) {
        auto t = r.thresholds();
        py::dict d;
        d["verified"] = t.verified;
        d["unverified"] = t.unverified;
        d["illustrative"] = t.illustrative;
        d["missing"] = t.missing;
        d["unverified_ids"] = t.unverified_ids;
        d["illustrative_ids"] = t.illustrative_ids;
        return d;
      }, "Threshold values by verification status, and the parameters without a value.")
      .def("lower", [](const model::RuleSet& r, std::optional<int> year) {
        return py::module_::import("json").attr("loads")(model::lower_to_json(r, year.value_or(r.default_year())));
      }, py::arg("year") = py::none(),
         "The rules for one assessment year as expression trees (parameters resolved per key, tables\n"
         "as if-chains), for translating them to other engines; see docs/pack-format.md#lowered-form.")
      .def("nodes", [](const model::RuleSet& r) {
        py::list out;
        for (const auto& n : r.nodes()) out.append(py::make_tuple(n.kind, n.id, n.label));
        return out;
      }, "Evaluable nodes in evaluation order: (kind, id, label).")
      .def("dependencies", [](const model::RuleSet& r, const std::string& id) {
        const auto& g = r.graph();
        auto n = g.find(id);
        if (!n) throw py::key_error("no node '" + id + "' in pack " + r.pack().id);
        std::vector<std::string> out;
        for (auto d : g.dependencies(*n)) out.push_back(g.node(d).id);
        return out;
      }, py::arg("id"), "Everything the node depends on, transitively.")
      .def("dependents", [](const model::RuleSet& r, const std::string& id) {
        const auto& g = r.graph();
        auto n = g.find(id);
        if (!n) throw py::key_error("no node '" + id + "' in pack " + r.pack().id);
        std::vector<std::string> out;
        for (auto d : g.dependents(*n)) out.push_back(g.node(d).id);
        return out;
      }, py::arg("id"), "Everything that depends on the node (what fixing it can unlock).")
      .def("graph_edges", [](const model::RuleSet& r) {
        const auto& g = r.graph();
        py::list out;
        for (std::size_t e = 0; e < g.edge_count(); ++e) {
          const auto& x = g.edge(e);
          out.append(py::make_tuple(py::make_tuple(g.node(x.from).kind, g.node(x.from).id),
                                    py::make_tuple(g.node(x.to).kind, g.node(x.to).id),
                                    std::string(graph::to_string(x.kind))));
        }
        return out;
      }, "Every edge ((kind, id) dependency, (kind, id) dependent, edge kind).")
      .def("to_dot", [](const model::RuleSet& r) { return r.graph().to_dot(r.pack().id); }, "Graphviz DOT.")
      .def("evaluate", [](const model::RuleSet& r, const py::dict& inputs, std::optional<int> year) {
        model::UnitInputs in;
        for (auto [k, v] : inputs) in.emplace_back(k.cast<std::string>(), from_python(v));
        model::UnitResult res;
        {
          py::gil_scoped_release release;
          res = model::evaluate(r, in, year);
        }
        py::dict out;
        for (const auto& n : res.nodes) {
          py::dict d;
          d["kind"] = n.kind;
          d["status"] = n.status;
          d["value"] = to_python(n.value);
          d["gap"] = std::isnan(n.gap) ? py::none() : py::object(py::float_(n.gap));
          d["threshold"] = to_python(n.threshold);
          d["reasons"] = n.reasons;
          out[py::str(n.id)] = d;
        }
        return out;
      }, py::arg("inputs"), py::arg("year") = py::none(),
         "Assess one unit (scalar path, with reasons): {node id: {kind, status, value, gap, threshold, reasons}}.")
      .def("run_tests", [](const model::RuleSet& r, bool inherited) {
        auto rep = model::run_tests(r, inherited);
        py::dict d;
        d["tests"] = rep.tests;
        d["expectations"] = rep.expectations;
        py::list failures;
        for (const auto& f : rep.failures) failures.append(f.format());
        d["failures"] = failures;
        d["ok"] = rep.ok();
        return d;
      }, py::arg("inherited") = false, "Run the pack's own tests.")
      .def("write_template", [](const model::RuleSet& r, const std::string& path, std::vector<std::string> ids,
                                std::vector<std::string> names, std::vector<std::string> districts,
                                std::optional<int> year, const std::string& lang, bool recognized_column,
                                std::size_t empty_rows) {
        auto l = text::parse_lang(lang);
        if (!l) throw py::value_error("lang must be 'vi' or 'en'");
        if (names.size() != ids.size() || districts.size() != ids.size())
          throw py::value_error("ids, names and districts must have the same length");
        io::UnitList units{std::move(ids), std::move(names), std::move(districts)};
        io::TemplateOptions o;
        o.year = year.value_or(0);
        o.lang = *l;
        o.recognized_column = recognized_column;
        o.empty_rows = empty_rows;
        py::gil_scoped_release release;
        io::write_template(path, r, units, o);
      }, py::arg("path"), py::arg("ids"), py::arg("names"), py::arg("districts"), py::arg("year") = py::none(),
         py::arg("lang") = "vi", py::arg("recognized_column") = true, py::arg("empty_rows") = 200,
         "Write the input template (io::write_template): what `tieuchi template` writes. Use "
         "Pack.template(path, units=...).")
      .def("describe", [](const model::RuleSet& r) { return io::pack_json(r); },
           "The pack as JSON text (schema tieuchi.pack/1, docs/pack-format.md#description): identity, "
           "lineage, keys, fields, criteria and indicators, levels, parameters with every value's "
           "provenance and verification status, tables, threshold summary. The service's "
           "GET /v1/packs/{id} and `tieuchi show --json` give the same text.")
      .def("diff", [](const model::RuleSet& a, const model::RuleSet& b, std::optional<int> old_year,
                      std::optional<int> new_year, const std::string& format) {
        if (format != "markdown" && format != "json") throw py::value_error("format must be 'markdown' or 'json'");
        model::DiffOptions o;
        o.old_year = old_year;
        o.new_year = new_year;
        auto d = model::diff(a, b, o);
        return format == "json" ? io::diff_json(d) : d.format();
      }, py::arg("newer"), py::arg("old_year") = py::none(), py::arg("new_year") = py::none(),
         py::arg("format") = "markdown",
         "What changed from this pack to `newer`, thresholds read for `old_year` and `new_year` (default: "
         "this pack's last year, the newer one's first): a Markdown report, or JSON (schema "
         "tieuchi.pack-diff/1) as `tieuchi diff --format json` writes it. DataError E506 for a year "
         "outside a pack's validity.")
      .def("__repr__", [](const model::RuleSet& r) { return "<tieuchi.Pack " + r.pack().id + ">"; })
      .def(py::pickle(
          [](const model::RuleSet& r) {
            // The texts of the files it was read from: the receiving process needs no file.
            py::list files;
            for (const auto& f : r.pack().files)
              if (f) files.append(py::make_tuple(f->name(), py::bytes(f->text())));
            return py::make_tuple(1, files);
          },
          [](const py::tuple& state) {
            if (state.size() != 2 || state[0].cast<int>() != 1) throw std::runtime_error("unsupported Pack pickle");
            std::vector<SourcePtr> files;
            for (auto item : state[1].cast<py::list>()) {
              auto t = item.cast<py::tuple>();
              files.push_back(std::make_shared<Source>(t[0].cast<std::string>(), t[1].cast<std::string>()));
            }
            return std::const_pointer_cast<model::RuleSet>(io::load_pack_from_sources(files));
          }));

  m.def("load_pack", [](const std::string& name, const std::vector<std::string>& paths, bool ids_only,
                        bool default_path) {
    io::PackSearch s = search_of(paths, ids_only, default_path);
    io::LoadResult r;
    {
      py::gil_scoped_release release;
      r = io::load_pack(name, s);
    }
    if (!r.ok()) throw PackError(std::move(r.diagnostics));
    return std::make_pair(std::const_pointer_cast<model::RuleSet>(r.rules), [&] {
      std::vector<Diagnostic> w(r.diagnostics.begin(), r.diagnostics.end());
      return w;
    }());
  }, py::arg("name"), py::arg("pack_path") = std::vector<std::string>{}, py::arg("ids_only") = false,
     py::arg("default_path") = true,
     "Load a pack by id or path (with its `extends:` chain). Returns (pack, warnings); raises PackError "
     "with .diagnostics on errors. `ids_only`: `name` and every `extends:` must be pack ids found on "
     "the path, never file paths. `default_path`: search the built-in packs (and TIEUCHI_PACK_PATH) "
     "after `pack_path`.");

  m.def("check_pack_text", [](const std::string& text, const std::string& name, const std::vector<std::string>& paths,
                              bool default_path) {
    io::PackSearch s = search_of(paths, true, default_path);
    io::LoadResult r;
    {
      py::gil_scoped_release release;
      r = io::load_pack_text(name, text, s);
    }
    std::vector<Diagnostic> found(r.diagnostics.begin(), r.diagnostics.end());
    auto pack = r.ok() ? std::const_pointer_cast<model::RuleSet>(r.rules) : nullptr;
    return std::make_pair(pack, found);
  }, py::arg("text"), py::arg("name") = "pack.yaml", py::arg("pack_path") = std::vector<std::string>{},
     py::arg("default_path") = true,
     "Read, merge and build a pack given as YAML text; its `extends:` must be a pack id on the path "
     "(no file is read that the text names). Returns (pack or None, every diagnostic); never raises "
     "for a bad pack.");

  m.def("list_packs", [](const std::vector<std::string>& paths, bool default_path) {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& e : io::list_packs(search_of(paths, true, default_path))) out.emplace_back(e.id, e.path.string());
    return out;
  }, py::arg("pack_path") = std::vector<std::string>{}, py::arg("default_path") = true,
     "The packs on the path as (id, file), sorted by id; an id in two folders once, from the first.");
}

}  // namespace tieuchi::python
