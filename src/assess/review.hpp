#pragma once
// The review of recognized units (private to src/assess/): computed for summarize(), written by
// format_summary().

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/assess/report.hpp"

namespace tieuchi::assess {

/// One Review per unit whose attribute `attribute` names a recognized level (E516 when it names
/// something that is not a level of the pack; `levels` are listed in the message).
std::vector<Review> review_recognized(const Assessment& a, const std::vector<std::size_t>& levels,
                                      const std::string& attribute);

/// The review outcome as the summary, the planning table and the workbook name it, in `lang`.
std::string_view outcome_label(Review::Outcome o, Lang lang);

/// The review section of the summary: outcomes counted, then every unit that does not keep its
/// level (empty when no unit is recognized).
std::string format_reviews(const Assessment& a, const std::vector<Review>& reviews, Lang lang);

/// How many reviewed units meet `condition` (a node position) and are recognized at `level` or
/// at a level whose chain includes it; with an empty `level`, at any level.
std::size_t recognized_count(const Assessment& a, const std::vector<Review>& reviews, std::size_t condition,
                             std::string_view level);

}  // namespace tieuchi::assess
