#pragma once
/// @file io/overlay_template.hpp
/// The overlay a province fills in with the thresholds a pack leaves unset (`tieuchi overlay
/// init`; docs/pack-format.md, "Supplying the thresholds a pack leaves unset").
///
/// The template is an ordinary overlay in the pack format: `extends:` the pack, one `sources:`
/// entry for the province's decision, and under `parameters:` one entry per key value and year
/// still without a value (model::unset_parameters), written `value: ~`. The format's `~` (YAML
/// null) means "no value", so the file loads as it is, and every entry left `~` stays unset:
/// rules that use it assess as unknown, `tieuchi check` lists it as `not set`, and `tieuchi check
/// --complete` fails naming it at its line. Typing the values is the only edit needed. Each
/// parameter carries, as YAML comments, the indicators that use it (name, rule, legal basis and
/// verification of the indicator), its unit, its description, the values it already has and the
/// levels that need it; each entry the name of its key value (e.g. the region's). Comments are in
/// the catalogue's language `lang` (names of indicators too, when the pack gives both), UTF-8.
///
/// ```cpp
/// tieuchi::io::OverlayTemplateOptions o;
/// o.id = "langson-2024";
/// tieuchi::io::write_overlay_template("langson-2024.yaml", *rules, o);
/// ```

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "tieuchi/export.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/model/ruleset.hpp"
#include "tieuchi/text/messages.hpp"

namespace tieuchi::io {

struct OverlayTemplateOptions {
  /// The overlay's pack id (`pack:`): a pack id (is_pack_id) other than the ids of the pack's
  /// lineage. Required.
  std::string id;
  /// Only the values a year needs: the parameters that vary by year get one entry for this year,
  /// and the overlay states `valid: {from: year, to: <the pack's last year>}` (so that its values
  /// apply from that year on). Default: one entry per year of the pack's validity, and the pack's
  /// validity.
  std::optional<int> year;
  /// What `extends:` names. Empty: the pack's id (write_overlay_template to a file chooses a path
  /// when the pack is not found by its id; see there).
  std::string extends;
  /// The language of the comments and of the title.
  text::Lang lang = text::Lang::vi;
};

/// Writes the overlay template of `rules` (see the file comment). Deterministic: the same pack and
/// options give the same bytes. Throws PackError (E311, `field` "id") when `options.id` is not a
/// pack id or is the id of a pack of the lineage, and DataError (E506, `field` "year") when
/// `options.year` is outside the pack's validity.
TIEUCHI_API void write_overlay_template(std::ostream& out, const model::RuleSet& rules,
                                        const OverlayTemplateOptions& options);
/// The same, as a string.
TIEUCHI_API std::string overlay_template(const model::RuleSet& rules, const OverlayTemplateOptions& options);

/// Writes the template to the file `path`. When `options.extends` is empty, `extends:` is the
/// pack's id if `search` finds the pack's own file by that id (so `tieuchi check` finds it the same
/// way), else the path of the pack's file relative to `path`'s folder (a pack read from a file
/// outside the search path). Throws as the stream form, and tieuchi::Error when the file cannot be
/// written (every byte is checked: a full disk is reported).
TIEUCHI_API void write_overlay_template(const std::filesystem::path& path, const model::RuleSet& rules,
                                        OverlayTemplateOptions options, const PackSearch& search = {});

}  // namespace tieuchi::io
