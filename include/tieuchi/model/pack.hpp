#pragma once
/// @file model/pack.hpp
/// A criteria framework as data: the plain model a pack file is read into (see
/// docs/pack-format.md). Nothing here is checked or compiled yet; `model::build` (ruleset.hpp)
/// does that. Every element remembers where it was written (`Origin`) so that later phases
/// report problems at the right file, line and column.

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/text/messages.hpp"
#include "tieuchi/value.hpp"

namespace tieuchi::model {

/// How far a value is backed by its source.
enum class Verification : std::uint8_t {
  verified,      ///< read in the legal text or in official guidance
  unverified,    ///< from a secondary source, or not yet checked against the text
  illustrative,  ///< made up for examples and tests; never law
};
TIEUCHI_API std::string_view to_string(Verification v) noexcept;
TIEUCHI_API std::optional<Verification> verification_from_string(std::string_view s) noexcept;

/// Where an element is written: the pack file and the span of its YAML node.
struct Origin {
  SourcePtr file;  ///< the whole pack file (null for elements built in code)
  SourceSpan span;
};

/// An expression written in a pack. `source` holds only the expression's text but reports
/// locations in the coordinates of the pack file (see Source's offsets).
struct Expression {
  SourcePtr source;
  const std::string& text() const { return source->text(); }
};

/// Names in Vietnamese and English (either may be empty).
struct Name {
  std::string vi;
  std::string en;
  /// English if present, else Vietnamese.
  const std::string& best() const noexcept { return en.empty() ? vi : en; }
  /// The name in `lang`, else in the other language.
  const std::string& in(text::Lang lang) const noexcept {
    const std::string& want = lang == text::Lang::vi ? vi : en;
    return want.empty() ? (lang == text::Lang::vi ? en : vi) : want;
  }
};

/// A document a pack cites (a decision, a ministry guidance, a press report).
struct LegalSource {
  std::string key;    ///< e.g. `MARD_1680`
  std::string title;
  std::string url;
  std::string date;   ///< ISO date if known
  Origin origin;
};

/// Where a rule or a value comes from, and how far it is verified.
struct Provenance {
  std::string source;  ///< key into Pack::sources (may be empty when unknown)
  std::string item;    ///< appendix, article or item, e.g. "Appendix I, criterion 3, item 3.1"
  Verification status = Verification::unverified;
  std::string note;
  Origin source_origin;  ///< where `source` is written (for "unknown source" diagnostics)
};

/// An input the pack needs from every unit.
struct Field {
  std::string name;                 ///< dotted identifier, e.g. `roads.commune_paved_share`
  Type type = Type::number;
  std::string unit;
  std::string description;
  std::vector<std::string> values;  ///< strings: the allowed values (empty = any)
  std::optional<double> min, max;   ///< numbers: the valid range, if bounded
  std::string pack;                 ///< id of the pack that declared it
  Origin origin;
};

/// A dimension parameters vary by (besides the year), e.g. the region. Its value for a unit is
/// computed by an expression over the unit's fields (e.g. the rule that particularly
/// disadvantaged communes use the mountain region's thresholds).
struct Key {
  std::string name;
  std::vector<std::string> values;      ///< the values the pack knows (e.g. the 7 region codes)
  std::map<std::string, Name> labels;   ///< optional names of each value
  Expression from;                      ///< string expression giving the unit's value
  std::string pack;
  Origin origin;
};

/// One value of a parameter for a combination of keys, from a year on.
struct ParameterValue {
  std::map<std::string, std::string> keys;  ///< key name -> value; a key left out matches any
  std::optional<int> year;                  ///< applies from this year on (latest earlier wins)
  Value value;
  Provenance provenance;
  bool override_base = false;               ///< overlays: replaces a base value on purpose
  std::string pack;
  Origin origin;
};

/// A threshold or other constant that may vary by key and by year. A parameter may be declared
/// without any value: assessing a rule that needs it then gives `unknown` with the reason
/// "threshold not set".
struct Parameter {
  std::string name;
  Type type = Type::number;
  std::string unit;
  std::string description;
  std::vector<std::string> by;  ///< key names it varies by; `year` is the assessment year
  std::vector<Origin> by_origins;
  std::vector<ParameterValue> values;
  std::string pack;
  Origin origin;
};

/// One cell of a decision-table row.
struct Condition {
  enum class Kind : std::uint8_t { any, one_of, range, boolean };
  Kind kind = Kind::any;
  std::vector<std::string> one_of;  ///< strings
  double lo = -HUGE_VAL, hi = HUGE_VAL;
  bool lo_open = true, hi_open = true;  ///< range bounds are exclusive when open
  bool truth = false;               ///< boolean
  std::string text;                 ///< as written
  Origin origin;
};

enum class HitPolicy : std::uint8_t {
  first,   ///< the first matching row wins; rows never reached are reported
  unique,  ///< at most one row may match any input; overlapping rows are an error
};

struct TableRow {
  std::vector<Condition> when;  ///< one per input
  Value value;
  Origin origin;
};

/// A value chosen by several inputs through rows of conditions (e.g. the schools threshold by
/// region and number of schools). Rules use it by name like a parameter.
struct DecisionTable {
  std::string name;
  Type type = Type::number;
  std::string unit;
  std::string description;
  std::vector<std::string> inputs;  ///< field or key names
  HitPolicy hit = HitPolicy::first;
  std::vector<TableRow> rows;
  Provenance provenance;
  bool override_base = false;
  std::string pack;
  Origin origin;
};

/// What the planner needs to remedy an unmet indicator.
struct Remediation {
  std::optional<Expression> cost;      ///< number, over `gap("id")` and unit fields
  std::optional<double> duration_months;
  std::vector<std::string> prerequisites;  ///< indicator ids to be met first
  std::vector<Origin> prerequisite_origins;
  std::string agency;                  ///< who carries it out, if not the indicator's agency
  std::string cost_unit;               ///< e.g. "million VND"
  Origin origin;
};

/// The smallest judged item, e.g. `3.1` "share of farmland with active irrigation".
struct Indicator {
  std::string id;
  std::string criterion;               ///< the criterion it belongs to
  Name name;
  std::string unit;
  std::string description;
  Expression rule;                     ///< boolean
  std::optional<Expression> value;     ///< the measured value shown in reports and gaps
  std::optional<Expression> applies_if;///< boolean; false makes the result not-applicable
  std::string agency;
  double weight = 1.0;
  Provenance provenance;
  std::optional<Remediation> remediation;
  bool override_base = false;
  std::string pack;
  Origin origin;
};

/// A group of indicators, e.g. criterion 3 "Irrigation and disaster prevention".
struct Criterion {
  std::string id;
  Name name;
  std::string group;
  std::string agency;
  std::optional<Expression> rule;  ///< default: every applicable indicator met
  std::vector<std::string> indicators;
  Provenance provenance;
  bool override_base = false;
  std::string pack;
  Origin origin;
};

/// A recognition level, e.g. `ntm`, `ntm_nang_cao`, `kieu_mau`.
struct Level {
  std::string id;
  Name name;
  std::optional<Expression> rule;      ///< default: every applicable criterion listed met
  std::vector<std::string> criteria;   ///< default: the criteria of the pack declaring it
  std::string requires_level;          ///< the level this one requires, if any
  /// Set for a revocation condition rather than a level: when this "level" is met, recognition
  /// at level `revokes` is withdrawn (e.g. the rule of Decision 18/2022/QĐ-TTg). Such nodes are
  /// never a unit's "highest level".
  std::string revokes;
  /// A condition reported beside the levels (e.g. eligibility for recognition) rather than a
  /// rung of the ladder ntm -> ntm_nang_cao -> kieu_mau; true whenever `revokes` is set.
  bool condition = false;
  Provenance provenance;
  bool override_base = false;
  std::string pack;
  Origin origin;
};

/// One expectation of a pack test.
struct Expectation {
  std::string node;
  Status status;
  Origin origin;
};

/// A pack test: inputs for one unit and a year, and the expected status of named nodes.
struct PackTest {
  std::string name;
  std::optional<int> year;  ///< default: the first year of the pack's validity
  std::vector<std::pair<std::string, Value>> inputs;
  std::vector<Origin> input_origins;
  std::vector<Expectation> expect;
  std::string pack;
  Origin origin;
};

/// A rule pack after reading (and, for an overlay, after merging onto its base).
struct TIEUCHI_API Pack {
  std::string id;
  Name title;
  std::string version;
  std::string unit_kind = "unit";          ///< what is assessed, e.g. "commune"
  Provenance legal_basis;                  ///< the decision the pack encodes
  std::optional<int> valid_from, valid_to; ///< years the pack applies to (inclusive)
  std::vector<std::string> lineage;        ///< pack ids, base first, this pack last
  std::map<std::string, LegalSource> sources;
  std::vector<Key> keys;
  std::vector<Field> fields;
  std::vector<Parameter> parameters;
  std::vector<DecisionTable> tables;
  std::vector<Criterion> criteria;
  std::vector<Indicator> indicators;
  std::vector<Level> levels;
  std::vector<PackTest> tests;
  std::vector<SourcePtr> files;            ///< every file read, base first
  Origin origin;

  const Field* find_field(std::string_view name) const;
  const Parameter* find_parameter(std::string_view name) const;
  const DecisionTable* find_table(std::string_view name) const;
  const Key* find_key(std::string_view name) const;
  const Indicator* find_indicator(std::string_view key) const;
  const Criterion* find_criterion(std::string_view key) const;
  const Level* find_level(std::string_view key) const;
};

}  // namespace tieuchi::model
