// The catalogue's data: one .inc file per layer that writes text (each line
// `{"id", "vietnamese", "english"},`), sorted once at start-up and checked for duplicates.

#include "tieuchi/text/messages.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace tieuchi::text {

namespace {

const Message kMessages[] = {
#include "text/messages_assess.inc"
#include "text/messages_plan.inc"
#include "text/messages_io.inc"
#include "text/messages_overlay.inc"
};

std::vector<Message> sorted() {
  std::vector<Message> v(std::begin(kMessages), std::end(kMessages));
  std::sort(v.begin(), v.end(), [](const Message& a, const Message& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < v.size(); ++i)
    if (v[i].id == v[i - 1].id) throw std::logic_error("message id '" + std::string(v[i].id) + "' is defined twice");
  return v;
}

}  // namespace

const std::vector<Message>& catalogue() {
  static const std::vector<Message> all = sorted();
  return all;
}

std::optional<Lang> parse_lang(std::string_view s) noexcept {
  if (s == "vi" || s == "VI" || s == "Vi") return Lang::vi;
  if (s == "en" || s == "EN" || s == "En") return Lang::en;
  return std::nullopt;
}

std::string_view to_string(Lang lang) noexcept { return lang == Lang::vi ? "vi" : "en"; }

bool has_message(std::string_view id) noexcept {
  const auto& all = catalogue();
  auto it = std::lower_bound(all.begin(), all.end(), id, [](const Message& m, std::string_view k) { return m.id < k; });
  return it != all.end() && it->id == id;
}

std::string_view message(std::string_view id, Lang lang) {
  const auto& all = catalogue();
  auto it = std::lower_bound(all.begin(), all.end(), id, [](const Message& m, std::string_view k) { return m.id < k; });
  if (it == all.end() || it->id != id) throw std::out_of_range("no message '" + std::string(id) + "' in the catalogue");
  return it->in(lang);
}

}  // namespace tieuchi::text
