#pragma once
/// @file text/messages.hpp
/// The one catalogue of user-visible text: report headings, status and review words,
/// explanations, planner outcomes and reasons, table and workbook headers. Each message has a
/// stable id (e.g. `status.met`, `review.revocation`) and a Vietnamese and an English text; C++
/// reports, the CLI, the Python tables and the service all read it, so a word is translated once.
/// Texts may hold `{}` placeholders (fmt syntax), filled in order by the private formatter.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "tieuchi/export.hpp"

namespace tieuchi::text {

/// The languages of the catalogue.
enum class Lang : std::uint8_t { vi, en };

/// `vi` or `en` (case-insensitive), else nullopt.
TIEUCHI_API std::optional<Lang> parse_lang(std::string_view s) noexcept;
/// `vi` or `en`.
TIEUCHI_API std::string_view to_string(Lang lang) noexcept;

/// One entry of the catalogue.
struct Message {
  std::string_view id;
  std::string_view vi;
  std::string_view en;
  std::string_view in(Lang lang) const noexcept { return lang == Lang::vi ? vi : en; }
};

/// The text of message `id` in `lang`. Throws std::out_of_range for an id the catalogue does
/// not have (a programming error: every id used in the library is tested to exist).
TIEUCHI_API std::string_view message(std::string_view id, Lang lang);
/// Whether the catalogue has `id`.
TIEUCHI_API bool has_message(std::string_view id) noexcept;
/// Every message, sorted by id.
TIEUCHI_API const std::vector<Message>& catalogue();

}  // namespace tieuchi::text
