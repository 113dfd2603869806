#pragma once
/// @file assess/shortfalls.hpp
/// The table offices plan from: one row per unit and criterion of the planning table that the
/// unit does not meet, with the indicators not met (and their gaps) and those unknown.

#include <cstddef>
#include <string>
#include <vector>

#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/export.hpp"

namespace tieuchi::assess {

/// One unit's shortfall on one criterion.
struct TIEUCHI_API Shortfall {
  std::size_t unit;       ///< row of the unit table
  std::size_t criterion;  ///< node position of the criterion
  struct Gap {
    std::size_t indicator;  ///< node position
    double gap;             ///< the shortfall (NaN when gaps were not computed)
  };
  std::vector<Gap> unmet;               ///< indicators not met, in the pack's order
  std::vector<std::size_t> unknown;     ///< indicators unknown (node positions)
  /// `2.1 (0.05); 2.2 (3)`: the unmet indicators with their gaps (4 significant digits).
  std::string unmet_text(const Assessment& a) const;
  /// `2.3; 2.4`: the unknown indicators.
  std::string unknown_text(const Assessment& a) const;
};

/// Every unit's shortfalls, unit by unit and in the order of Assessment::base_criteria().
TIEUCHI_API std::vector<Shortfall> shortfalls(const Assessment& a);

}  // namespace tieuchi::assess
