// The overlay template a province fills in (io/overlay_template.hpp): YAML in the pack format,
// one `value: ~` entry per key value and year the pack leaves without a value.

#include "tieuchi/io/overlay_template.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <ostream>
#include <sstream>
#include <system_error>

#include "text/format.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/model/completeness.hpp"

namespace tieuchi::io {

namespace {

using text::Lang;
using text::tr;

/// A YAML double-quoted scalar (UTF-8 kept as it is).
std::string yaml_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else out += c;
    }
  }
  return out + "\"";
}

/// A scalar written plain when YAML reads it back as the same string, else quoted.
std::string scalar(std::string_view s) {
  static constexpr std::string_view special[] = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"};
  bool plain = !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_');
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') plain = false;
  for (auto w : special) {
    if (s.size() != w.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < s.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(s[i])) != w[i]) same = false;
    if (same) plain = false;
  }
  return plain ? std::string(s) : yaml_quoted(s);
}

/// Text on one comment line: line breaks and runs of blanks become one space.
std::string one_line(std::string_view s) {
  std::string out;
  bool blank = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      blank = !out.empty();
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

std::string status_word(model::Verification v, Lang lang) {
  switch (v) {
    case model::Verification::verified: return tr("overlay.status.verified", lang);
    case model::Verification::unverified: return tr("overlay.status.unverified", lang);
    case model::Verification::illustrative: return tr("overlay.status.illustrative", lang);
  }
  return {};
}

/// `QD318 - Decision 318/QĐ-TTg (...), Appendix I, chưa đối chiếu (provisional reconstruction)`.
std::string provenance_text(const model::Pack& pack, const model::Provenance& p, Lang lang) {
  if (p.source.empty() && p.item.empty() && p.note.empty()) return tr("overlay.legal_none", lang);
  std::vector<std::string> parts;
  if (!p.source.empty()) {
    auto it = pack.sources.find(p.source);
    parts.push_back(it == pack.sources.end() || it->second.title.empty()
                        ? p.source
                        : fmt::format("{} - {}", p.source, it->second.title));
  }
  if (!p.item.empty()) parts.push_back(p.item);
  parts.push_back(status_word(p.status, lang));
  std::string out = fmt::format("{}", fmt::join(parts, ", "));
  if (!p.note.empty()) out += fmt::format(" ({})", p.note);
  return tr("overlay.legal", lang, out);
}

/// A value as a person types it in the pack: shares as percentages.
std::string value_text(const Value& v, const std::string& unit) {
  if (v.is_number()) {
    if (unit == "%") return fmt::format("{:.6g}%", v.as_number() * 100);
    return fmt::format("{:.6g}", v.as_number());
  }
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_string()) return yaml_quoted(v.as_string());
  return "~";
}

std::string keys_text(const model::Parameter& p, const std::map<std::string, std::string>& keys) {
  std::vector<std::string> parts;
  for (const auto& k : p.by) {
    auto it = keys.find(k);
    if (it != keys.end()) parts.push_back(fmt::format("{} {}", k, it->second));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

struct Writer {
  std::ostream& out;
  const model::RuleSet& rules;
  const model::Pack& pack;
  const OverlayTemplateOptions& o;
  Lang lang;

  void comment(int indent, std::string_view text) {
    out << std::string(static_cast<std::size_t>(indent), ' ') << "# " << one_line(text) << "\n";
  }

  /// The comment lines on what a parameter is: the nodes that read it, its unit, description,
  /// the values it has and the levels that need it.
  void describe(const model::Parameter& p, const model::UnsetParameter& u) {
    std::string unit = p.unit;
    for (const auto& id : u.readers) {
      if (const auto* ind = pack.find_indicator(id)) {
        const auto* c = pack.find_criterion(ind->criterion);
        comment(4, tr("overlay.indicator", lang, ind->id, ind->criterion, c ? c->name.in(lang) : std::string(),
                      ind->name.in(lang)));
        comment(6, tr("overlay.rule", lang, ind->rule.text()));
        comment(6, provenance_text(pack, ind->provenance, lang));
        if (unit.empty()) unit = ind->unit;
      } else if (const auto* t = pack.find_table(id)) {
        comment(4, tr("overlay.table", lang, t->name, t->description));
        comment(6, provenance_text(pack, t->provenance, lang));
      } else if (const auto* c = pack.find_criterion(id)) {
        comment(4, tr("overlay.criterion", lang, c->id, c->name.in(lang)));
        if (c->rule) comment(6, tr("overlay.rule", lang, c->rule->text()));
        comment(6, provenance_text(pack, c->provenance, lang));
      } else if (const auto* l = pack.find_level(id)) {
        comment(4, tr("overlay.level", lang, l->id, l->name.in(lang)));
        if (l->rule) comment(6, tr("overlay.rule", lang, l->rule->text()));
        comment(6, provenance_text(pack, l->provenance, lang));
      } else {
        comment(4, id);
      }
    }
    if (u.readers.empty()) comment(4, tr("overlay.no_reader", lang));
    if (unit == "%") comment(4, tr("overlay.unit_share", lang));
    else if (!unit.empty()) comment(4, tr("overlay.unit", lang, unit));
    if (!p.description.empty()) comment(4, tr("overlay.description", lang, p.description));
    std::vector<std::string> set;
    for (const auto& v : p.values) {
      if (v.value.is_missing()) continue;
      std::string where = keys_text(p, v.keys);
      if (where.empty()) where = tr("overlay.general", lang);
      if (v.year) where += " " + tr("overlay.from_year", lang, *v.year);
      std::string src = v.provenance.source.empty() ? status_word(v.provenance.status, lang)
                                                    : fmt::format("{}, {}", v.provenance.source,
                                                                  status_word(v.provenance.status, lang));
      set.push_back(fmt::format("{} = {} ({})", where, value_text(v.value, unit), src));
    }
    if (!set.empty()) comment(4, tr("overlay.already", lang, fmt::format("{}", fmt::join(set, "; "))));
    if (u.levels.empty()) comment(4, tr("overlay.no_level", lang));
    else comment(4, tr("overlay.needed_by", lang, fmt::format("{}", fmt::join(u.levels, ", "))));
  }

  void entry(const model::Parameter& p, const model::ThresholdHole& h, const std::string& source) {
    std::vector<std::string> lines;
    std::string label;
    for (const auto& k : p.by) {
      auto it = h.keys.find(k);
      if (it == h.keys.end()) continue;
      lines.push_back(fmt::format("{}: {}", k, scalar(it->second)));
      if (const auto* key = pack.find_key(k)) {
        auto l = key->labels.find(it->second);
        if (l != key->labels.end() && !l->second.in(lang).empty()) {
          if (!label.empty()) label += ", ";
          label += l->second.in(lang);
        }
      }
    }
    if (h.year) lines.push_back(fmt::format("year: {}", *h.year));
    lines.push_back("value: ~");
    lines.push_back(fmt::format("source: {}", scalar(source)));
    lines.push_back("status: unverified");
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out << (i == 0 ? "      - " : "        ") << lines[i];
      if (i == 0 && !label.empty()) out << "  # " << one_line(label);
      out << "\n";
    }
  }

  void write() {
    model::UnsetOptions uo;
    uo.year = o.year;
    const auto unset = model::unset_parameters(rules, uo);
    std::size_t partial = 0, holes = 0;
    for (const auto& u : unset) {
      partial += u.partial;
      holes += u.holes.size();
    }
    std::string source = "SOURCE";
    for (int n = 2; pack.sources.count(source); ++n) source = fmt::format("SOURCE_{}", n);
    std::optional<int> valid_from = o.year;
    std::optional<int> valid_to = pack.valid_to;

    comment(0, tr("overlay.header", lang, pack.id, pack.version));
    comment(0, tr("overlay.counts", lang, unset.size(), unset.size() - partial, partial, holes));
    if (o.year) comment(0, tr("overlay.year_only", lang, *o.year));
    comment(0, tr("overlay.how_value", lang));
    comment(0, tr("overlay.how_source", lang));
    comment(0, tr("overlay.how_unset", lang));
    comment(0, tr("overlay.how_check", lang));
    out << "pack: " << o.id << "\n";
    out << "extends: " << scalar(o.extends.empty() ? pack.id : o.extends) << "\n";
    out << "title:\n";
    out << "  vi: " << yaml_quoted(tr("overlay.title", Lang::vi, pack.title.in(Lang::vi))) << "\n";
    out << "  en: " << yaml_quoted(tr("overlay.title", Lang::en, pack.title.in(Lang::en))) << "\n";
    out << "version: 0.1.0\n";
    if (pack.unit_kind != "unit") out << "unit: " << scalar(pack.unit_kind) << "\n";
    out << "legal_basis: {source: " << scalar(source) << ", status: unverified}\n";
    if (valid_from) {
      out << "valid: {from: " << *valid_from;
      if (valid_to) out << ", to: " << *valid_to;
      out << "}\n";
    }
    out << "\nsources:\n";
    out << "  " << scalar(source) << ": {title: " << yaml_quoted(tr("overlay.source_title", lang))
        << ", url: \"\", date: \"\"}\n";
    if (unset.empty()) {
      out << "\n";
      comment(0, tr("overlay.none", lang));
      out << "parameters: {}\n";
      return;
    }
    out << "\nparameters:\n";
    bool first = true;
    for (const auto& u : unset) {
      const auto& p = pack.parameters[u.parameter];
      if (!first) out << "\n";
      first = false;
      out << "  " << p.name << ":\n";
      describe(p, u);
      out << "    values:\n";
      for (const auto& h : u.holes) entry(p, h, source);
    }
  }
};

void check_id(const model::Pack& pack, const std::string& id) {
  std::string message, hint;
  if (!is_pack_id(id)) {
    message = fmt::format("'{}' is not a pack id", id);
    hint = "an overlay's id is 1 to 128 letters, digits, '.', '_' or '-', not starting with '.'";
  } else if (std::find(pack.lineage.begin(), pack.lineage.end(), id) != pack.lineage.end()) {
    message = fmt::format("'{}' is the id of a pack the overlay extends ({})", id, fmt::join(pack.lineage, " <- "));
    hint = "give the overlay an id of its own, e.g. the province and the year";
  }
  if (message.empty()) return;
  Diagnostics ds;
  ds.add(Diagnostic{.code = "E311", .message = std::move(message), .hint = std::move(hint), .field = "id"});
  throw PackError(std::move(ds));
}

}  // namespace

void write_overlay_template(std::ostream& out, const model::RuleSet& rules, const OverlayTemplateOptions& options) {
  check_id(rules.pack(), options.id);
  std::ostringstream text;  // nothing is written when the year is refused
  Writer{text, rules, rules.pack(), options, options.lang}.write();
  out << text.str();
}

std::string overlay_template(const model::RuleSet& rules, const OverlayTemplateOptions& options) {
  std::ostringstream s;
  write_overlay_template(s, rules, options);
  return s.str();
}

void write_overlay_template(const std::filesystem::path& path, const model::RuleSet& rules,
                            OverlayTemplateOptions options, const PackSearch& search) {
  namespace fs = std::filesystem;
  const auto& pack = rules.pack();
  if (options.extends.empty()) {
    options.extends = pack.id;
    if (pack.origin.file && !pack.origin.file->name().empty()) {
      std::error_code ec;
      fs::path own = fs::weakly_canonical(fs::path(pack.origin.file->name()), ec);
      PackSearch ids = search;
      ids.ids_only = true;
      auto found = find_pack(pack.id, ids);
      bool by_id = found && fs::weakly_canonical(*found, ec) == own;
      if (!by_id && fs::is_regular_file(own, ec)) {
        fs::path folder = fs::weakly_canonical(fs::absolute(path, ec).parent_path(), ec);
        fs::path rel = own.lexically_relative(folder);
        // A path relative to the output's folder when the two share a folder below the root
        // (`../packs/x.yaml`), else the absolute path.
        auto top = [](const fs::path& p) {
          const fs::path below = p.relative_path();
          return below.empty() ? fs::path() : *below.begin();
        };
        bool shared = !top(own).empty() && top(own) == top(folder);
        options.extends = (rel.empty() || !shared ? own : rel).generic_string();
      }
    }
  }
  std::string text = overlay_template(rules, options);
  errno = 0;
  std::ofstream f(path, std::ios::binary);
  auto failed = [&](const char* what) {
    int err = errno;
    throw Error(fmt::format("cannot {} the overlay '{}': {}", what, path.string(),
                            err ? std::generic_category().message(err) : std::string("write error")));
  };
  if (!f) failed("create");
  f << text;
  f.close();
  if (!f) failed("write");
}

}  // namespace tieuchi::io
