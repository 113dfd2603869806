#pragma once
/// @file assess/report.hpp
/// What a planning office works from: counts per criterion and level (province and district),
/// the review of recognized units (keeps its level / short of some criteria / grounds for
/// revocation / cannot tell), explanations in Vietnamese and English, and progress between years.
/// The JSON and CSV reports of these are written by io/report_writers.hpp.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/memory.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/model/evaluate.hpp"
#include "tieuchi/text/messages.hpp"

namespace tieuchi::assess {

using Lang = text::Lang;  ///< the languages of the message catalogue

/// Status counts of one node over a group of units.
struct TIEUCHI_API Counts {
  std::size_t met = 0, unmet = 0, unknown = 0, not_applicable = 0;
  std::size_t total() const noexcept { return met + unmet + unknown + not_applicable; }
  /// met / (met + unmet + unknown): unknowns are not counted as met (NaN when empty).
  double share_met() const noexcept;
};

struct GroupSummary {
  std::string name;                  ///< "province" or the district
  std::size_t units = 0;
  std::vector<Counts> criteria;      ///< per criterion of the base level (Summary::criteria)
  std::vector<Counts> levels;        ///< per level (Summary::levels)
  double average_criteria_met = 0;   ///< of the base level's criteria
};

/// The review of a unit recognized at some level before this assessment.
struct Review {
  enum class Outcome : std::uint8_t {
    keeps,        ///< the level is met under the assessed pack
    short_of,     ///< recognized but no longer meeting the level (not grounds for revocation)
    revocation,   ///< the pack's revocation rule for the level holds
    cannot_tell,  ///< unknown (missing data or thresholds)
  };
  std::size_t unit;
  std::string level;                           ///< the recognized level
  Outcome outcome;
  std::vector<std::string> criteria_unmet;     ///< of the level and the levels it requires
  std::vector<std::string> criteria_unknown;
  std::vector<std::string> indicators_unmet;
};
TIEUCHI_API std::string_view to_string(Review::Outcome o) noexcept;

struct SummaryOptions {
  std::string recognized_attribute = "recognized";  ///< unit attribute naming a recognized level
};

struct Summary {
  std::string pack;
  int year = 0;
  std::string recognized_attribute;        ///< the attribute the review read (SummaryOptions)
  std::size_t base_level;                  ///< node position of the lowest level (e.g. ntm)
  std::vector<std::size_t> criteria;       ///< its criteria (node positions)
  std::vector<std::size_t> levels;         ///< levels, lowest first (node positions)
  GroupSummary province;
  std::vector<GroupSummary> districts;     ///< in order of first appearance
  std::vector<Review> reviews;             ///< one per recognized unit
  ColumnVector<std::size_t> criteria_met;      ///< per unit: criteria of the base level met
  ColumnVector<std::size_t> criteria_unknown;  ///< per unit
  /// Parameter values the assessment read that are not verified: "name[keys] = value (status)".
  std::vector<std::string> unverified_values;
  std::size_t illustrative_count = 0;
  /// Input fields with missing values, and in how many units (most first): what unknown results
  /// come from.
  std::vector<std::pair<std::string, std::size_t>> missing_inputs;
};

TIEUCHI_API Summary summarize(const Assessment& a, const SummaryOptions& options = {});

/// The summary as the CLI prints it (header with unverified/illustrative values, counts per
/// criterion, units per level, review outcomes).
TIEUCHI_API std::string format_summary(const Assessment& a, const Summary& s, Lang lang = Lang::en);

/// The inputs of one unit of the table, for the scalar path.
TIEUCHI_API model::UnitInputs unit_inputs(const Assessment& a, std::size_t unit);

/// Why `node` of `unit` has its status, down to values and thresholds, in `lang`; with
/// `depth` > 0 the members of a criterion or level are explained too.
TIEUCHI_API std::string explain(const Assessment& a, std::size_t unit, std::string_view node, Lang lang, int depth = 1);

/// Progress of the same units between two assessments (matched by unit id).
struct Change {
  std::string unit_id;
  std::string node;
  Status before, after;
};
struct TIEUCHI_API Progress {
  int year_before = 0, year_after = 0;
  std::vector<Change> gained;    ///< criteria and levels met now, not before
  std::vector<Change> lost;      ///< regressions: met before, not now
  std::vector<std::string> units_only_before, units_only_after;
  std::string format(Lang lang = Lang::en) const;
};
TIEUCHI_API Progress compare(const Assessment& before, const Assessment& after);

}  // namespace tieuchi::assess
