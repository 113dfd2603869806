// The complete results of an assessment as JSON (schema tieuchi.assessment/1).

#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

#include "tieuchi/io/report_writers.hpp"

namespace tieuchi::io {

using assess::Assessment;
using assess::GroupSummary;
using assess::Summary;
using graph::NodeKind;

void write_json(std::ostream& out, const Assessment& a, const Summary& s) {
  using json = nlohmann::ordered_json;
  const model::Pack& pack = a.rules().pack();
  auto status_json = [](Status st) { return std::string(to_string(st)); };
  auto num = [](double x) { return std::isnan(x) ? json(nullptr) : json(x); };
  json j;
  j["schema"] = "tieuchi.assessment/1";
  j["pack"] = {{"id", pack.id}, {"version", pack.version}, {"lineage", pack.lineage}};
  j["year"] = a.year();
  j["unverified_values"] = s.unverified_values;
  json summary;
  summary["units"] = a.size();
  summary["base_level"] = s.base_level == SIZE_MAX ? json(nullptr) : json(a.nodes()[s.base_level].id);
  auto group_json = [&](const GroupSummary& g) {
    json gj;
    gj["name"] = g.name;
    gj["units"] = g.units;
    gj["average_criteria_met"] = g.average_criteria_met;
    json crit = json::object();
    for (std::size_t k = 0; k < s.criteria.size(); ++k) {
      const auto& c = g.criteria[k];
      crit[a.nodes()[s.criteria[k]].id] = {{"met", c.met}, {"unmet", c.unmet}, {"unknown", c.unknown},
                                           {"not_applicable", c.not_applicable}, {"share_met", num(c.share_met())}};
    }
    gj["criteria"] = crit;
    json lv = json::object();
    for (std::size_t k = 0; k < s.levels.size(); ++k) {
      const auto& c = g.levels[k];
      lv[a.nodes()[s.levels[k]].id] = {{"met", c.met}, {"unmet", c.unmet}, {"unknown", c.unknown}};
    }
    gj["levels"] = lv;
    return gj;
  };
  summary["province"] = group_json(s.province);
  summary["districts"] = json::array();
  for (const auto& d : s.districts) summary["districts"].push_back(group_json(d));
  j["summary"] = summary;
  j["reviews"] = json::array();
  for (const auto& r : s.reviews)
    j["reviews"].push_back({{"unit", a.units().ids[r.unit]}, {"level", r.level}, {"outcome", to_string(r.outcome)},
                            {"criteria_unmet", r.criteria_unmet}, {"criteria_unknown", r.criteria_unknown},
                            {"indicators_unmet", r.indicators_unmet}});
  json units = json::array();
  units.get_ref<json::array_t&>().reserve(a.size());
  const auto& t = a.units();
  for (std::size_t u = 0; u < a.size(); ++u) {
    json uj;
    uj["id"] = t.ids[u];
    uj["name"] = u < t.names.size() ? t.names[u] : "";
    uj["district"] = u < t.districts.size() ? t.districts[u] : "";
    uj["criteria_met"] = s.criteria_met[u];
    uj["criteria_unknown"] = s.criteria_unknown[u];
    auto h = a.highest_level(u);
    uj["highest_level"] = h ? json(a.nodes()[*h].id) : json(nullptr);
    json nodes = json::object();
    // Node ids are unique: appended directly (ordered_json's operator[] searches the keys so far,
    // which made this loop quadratic in the nodes).
    auto& node_list = nodes.get_ref<json::object_t&>();
    node_list.reserve(a.nodes().size());
    for (std::size_t n = 0; n < a.nodes().size(); ++n) {
      const auto& info = a.nodes()[n];
      if (info.kind == NodeKind::key) continue;
      json nj;
      nj["kind"] = graph::to_string(info.kind);
      nj["status"] = status_json(a.status(n)[u]);
      if (!a.value(n).empty()) nj["value"] = num(a.value(n)[u]);
      if (info.kind == NodeKind::indicator) {
        nj["threshold"] = num(a.threshold(n, u));
        if (!a.gap(n).empty()) nj["gap"] = num(a.gap(n)[u]);
      }
      node_list.emplace_back(info.id, std::move(nj));
    }
    uj["nodes"] = std::move(nodes);
    units.push_back(std::move(uj));
  }
  j["units"] = std::move(units);
  out << j.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}


}  // namespace tieuchi::io
