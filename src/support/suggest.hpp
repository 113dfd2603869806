#pragma once
// "Did you mean": the one name suggester of the library (private to src/). Used for unknown
// fields, columns, keys, functions, nodes and pack sections alike.

#include <string>
#include <string_view>
#include <vector>

namespace tieuchi::support {

/// Levenshtein distance, ASCII letters compared without case.
std::size_t edit_distance(std::string_view a, std::string_view b);
/// Up to three candidates close to `name` (by edit distance, at most max(2, |name| / 3); a
/// candidate that ends with `.name` counts as distance 1), closest first.
std::vector<std::string> closest(std::string_view name, const std::vector<std::string>& candidates);
/// The closest candidate, or empty.
std::string suggest(std::string_view name, const std::vector<std::string>& candidates);
/// "did you mean 'a' or 'b'?", or empty when `names` is empty.
std::string did_you_mean(const std::vector<std::string>& names);

}  // namespace tieuchi::support
