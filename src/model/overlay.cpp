#include "tieuchi/model/overlay.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tieuchi::model {

namespace {

class Merger {
 public:
  Merger(Pack& out, Diagnostics& diags) : out_(out), diags_(diags) {}

  void conflict(const Origin& at, std::string message, const Origin& base, std::string hint) {
    Diagnostic d;
    d.code = "E310";
    d.message = std::move(message);
    d.source = at.file;
    d.span = at.span;
    if (base.file) {
      auto loc = base.file->location(base.span.begin);
      d.hint = fmt::format("{} (the base defines it at {}:{}:{})", hint, base.file->name(), loc.line,
                           loc.column);
    } else {
      d.hint = std::move(hint);
    }
    diags_.add(std::move(d));
  }

  template <class T, class Key>
  static T* find(std::vector<T>& v, const Key& key, std::string T::*member) {
    auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return x.*member == key; });
    return it == v.end() ? nullptr : &*it;
  }

  void merge_sources(std::map<std::string, LegalSource>& sources) {
    for (auto& [key, s] : sources) {
      auto it = out_.sources.find(key);
      if (it == out_.sources.end()) {
        out_.sources.emplace(key, std::move(s));
      } else if (it->second.title != s.title || it->second.url != s.url) {
        conflict(s.origin, fmt::format("source '{}' is already defined differently by the base", key),
                 it->second.origin, "use another key for a different document");
      }
    }
  }

  void merge_keys(std::vector<Key>& keys) {
    for (auto& k : keys) {
      if (auto* b = find(out_.keys, k.name, &Key::name)) {
        conflict(k.origin, fmt::format("key '{}' is already defined by the base pack '{}'", k.name, b->pack),
                 b->origin, "keys cannot be redefined by an overlay");
      } else {
        out_.keys.push_back(std::move(k));
      }
    }
  }

  void merge_fields(std::vector<Field>& fields) {
    for (auto& f : fields) {
      if (auto* b = find(out_.fields, f.name, &Field::name)) {
        if (b->type != f.type || (b->unit != f.unit && !f.unit.empty()))
          conflict(f.origin,
                   fmt::format("field '{}' is declared {} ({}) by the base, {} ({}) here", f.name,
                               to_string(b->type), b->unit, to_string(f.type), f.unit),
                   b->origin, "an overlay may repeat a field only with the same type and unit");
        // An identical redeclaration is harmless.
      } else {
        out_.fields.push_back(std::move(f));
      }
    }
  }

  void merge_parameters(std::vector<Parameter>& params) {
    for (auto& p : params) {
      Parameter* b = find(out_.parameters, p.name, &Parameter::name);
      if (!b) {
        out_.parameters.push_back(std::move(p));
        continue;
      }
      // Repeating the declaration is allowed only when it agrees with the base.
      if (b->type != p.type || (!p.by.empty() && p.by != b->by)) {
        conflict(p.origin,
                 fmt::format("parameter '{}' is declared differently by the base (type or 'by')", p.name),
                 b->origin, "an overlay may only add values to a base parameter");
        continue;
      }
      for (auto& v : p.values) {
        auto same = std::find_if(b->values.begin(), b->values.end(), [&](const ParameterValue& x) {
          return x.keys == v.keys && x.year == v.year;
        });
        if (same == b->values.end()) {
          b->values.push_back(std::move(v));
        } else if (v.override_base) {
          *same = std::move(v);
        } else {
          conflict(v.origin,
                   fmt::format("parameter '{}' already has a value{} in the base pack '{}' ({})", p.name,
                               describe(v), same->pack, same->value.to_string()),
                   same->origin, "add `override: true` to replace it on purpose");
        }
      }
    }
  }

  static std::string describe(const ParameterValue& v) {
    std::string s;
    for (const auto& [k, x] : v.keys) s += fmt::format(" {}={}", k, x);
    if (v.year) s += fmt::format(" from {}", *v.year);
    return s.empty() ? s : " for" + s;
  }

  void merge_tables(std::vector<DecisionTable>& tables) {
    for (auto& t : tables) {
      if (auto* b = find(out_.tables, t.name, &DecisionTable::name)) {
        if (t.override_base) *b = std::move(t);
        else conflict(t.origin, fmt::format("table '{}' is already defined by the base pack '{}'", t.name, b->pack),
                      b->origin, "add `override: true` to replace it on purpose");
      } else {
        out_.tables.push_back(std::move(t));
      }
    }
  }

  void merge_criteria(Pack& overlay) {
    for (auto& c : overlay.criteria) {
      Criterion* b = find(out_.criteria, c.id, &Criterion::id);
      if (!b) {
        out_.criteria.push_back(c);
        continue;
      }
      bool redefines = !c.name.vi.empty() || !c.name.en.empty() || c.rule || !c.agency.empty() ||
                       !c.group.empty();
      if (redefines && !c.override_base) {
        conflict(c.origin,
                 fmt::format("criterion '{}' is already defined by the base pack '{}'", c.id, b->pack),
                 b->origin,
                 "add `override: true` to replace its name/rule, or give only `id` and `indicators` "
                 "to add indicators to it");
        continue;
      }
      if (c.override_base) {
        if (!c.name.vi.empty() || !c.name.en.empty()) b->name = c.name;
        if (c.rule) b->rule = c.rule;
        if (!c.agency.empty()) b->agency = c.agency;
        if (!c.group.empty()) b->group = c.group;
        if (!c.provenance.source.empty()) b->provenance = c.provenance;
        b->pack = c.pack;
      }
      for (const auto& id : c.indicators)
        if (std::find(b->indicators.begin(), b->indicators.end(), id) == b->indicators.end())
          b->indicators.push_back(id);
    }
    for (auto& i : overlay.indicators) {
      Indicator* b = find(out_.indicators, i.id, &Indicator::id);
      if (!b) {
        out_.indicators.push_back(std::move(i));
        continue;
      }
      if (!i.override_base) {
        conflict(i.origin,
                 fmt::format("indicator '{}' is already defined by the base pack '{}'", i.id, b->pack),
                 b->origin, "add `override: true` to replace it on purpose");
        continue;
      }
      // Override: what the overlay states replaces the base; the rest is kept.
      if (!i.rule.text().empty()) b->rule = i.rule;
      if (!i.name.vi.empty() || !i.name.en.empty()) b->name = i.name;
      if (!i.unit.empty()) b->unit = i.unit;
      if (!i.description.empty()) b->description = i.description;
      if (i.value) b->value = i.value;
      if (i.applies_if) b->applies_if = i.applies_if;
      if (!i.agency.empty()) b->agency = i.agency;
      if (i.remediation) b->remediation = i.remediation;
      if (!i.provenance.source.empty() || !i.provenance.note.empty()) b->provenance = i.provenance;
      b->pack = i.pack;
      b->origin = i.origin;
    }
  }

  void merge_levels(std::vector<Level>& levels) {
    for (auto& l : levels) {
      if (auto* b = find(out_.levels, l.id, &Level::id)) {
        if (l.override_base) *b = std::move(l);
        else conflict(l.origin, fmt::format("level '{}' is already defined by the base pack '{}'", l.id, b->pack),
                      b->origin, "add `override: true` to replace it on purpose");
      } else {
        out_.levels.push_back(std::move(l));
      }
    }
  }

 private:
  Pack& out_;
  Diagnostics& diags_;
};

}  // namespace

Pack merge(Pack base, Pack overlay, Diagnostics& diagnostics) {
  Pack out = std::move(base);
  Merger m(out, diagnostics);
  out.id = overlay.id;
  if (!overlay.title.vi.empty() || !overlay.title.en.empty()) out.title = overlay.title;
  out.version = overlay.version;
  if (overlay.unit_kind != "unit") out.unit_kind = overlay.unit_kind;
  out.legal_basis = overlay.legal_basis;
  if (overlay.valid_from) out.valid_from = overlay.valid_from;
  if (overlay.valid_to) out.valid_to = overlay.valid_to;
  out.lineage.push_back(overlay.id);
  out.origin = overlay.origin;
  m.merge_sources(overlay.sources);
  m.merge_keys(overlay.keys);
  m.merge_fields(overlay.fields);
  m.merge_parameters(overlay.parameters);
  m.merge_tables(overlay.tables);
  m.merge_criteria(overlay);
  m.merge_levels(overlay.levels);
  for (auto& t : overlay.tests) out.tests.push_back(std::move(t));
  for (auto& f : overlay.files) out.files.push_back(std::move(f));
  return out;
}

}  // namespace tieuchi::model
