// The review of units recognized at some level before this assessment: keeps its level, short of
// some criteria, grounds for revocation, or cannot tell; and its section of the summary.

#include "assess/review.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "expr/data_errors.hpp"
#include "text/format.hpp"

namespace tieuchi::assess {

using text::tr;

std::string_view to_string(Review::Outcome o) noexcept {
  switch (o) {
    case Review::Outcome::keeps: return "keeps";
    case Review::Outcome::short_of: return "short_of";
    case Review::Outcome::revocation: return "revocation";
    case Review::Outcome::cannot_tell: return "cannot_tell";
  }
  return "?";
}

std::vector<Review> review_recognized(const Assessment& a, const std::vector<std::size_t>& levels,
                                      const std::string& attribute) {
  std::vector<Review> reviews;
  const auto* rec = a.units().attribute(attribute);
  if (!rec) return reviews;
  const model::Pack& pack = a.rules().pack();
  for (std::size_t u = 0; u < a.size(); ++u) {
    const std::string& level = (*rec)[u];
    if (level.empty()) continue;
    const model::Level* l = pack.find_level(level);
    auto pos = a.position(level);
    if (!l || !pos || !l->revokes.empty()) {
      std::vector<std::string> ids;
      for (auto lp : levels) ids.push_back(a.nodes()[lp].id);
      tieuchi::expr::detail::throw_data_error(
          "E516", fmt::format("unit '{}' is recognized at '{}', which is not a level of pack {} (levels: {})",
                              a.units().ids[u], level, pack.id, fmt::join(ids, ", ")),
          attribute);
    }
    Review r;
    r.unit = u;
    r.level = level;
    Status st = a.status(*pos)[u];
    std::optional<Status> revocation;
    for (const auto& other : pack.levels)
      if (other.revokes == level)
        if (auto rp = a.position(other.id)) revocation = a.status(*rp)[u];
    if (st == Status::met) r.outcome = Review::Outcome::keeps;
    else if (revocation == Status::met) r.outcome = Review::Outcome::revocation;
    else if (st == Status::unmet) r.outcome = Review::Outcome::short_of;
    else r.outcome = Review::Outcome::cannot_tell;
    // The criteria of the level and of every level it requires.
    for (auto c : a.rules().requirements(*pos)) {
      Status cs = a.status(c)[u];
      if (cs == Status::unmet) {
        r.criteria_unmet.push_back(a.nodes()[c].id);
        for (auto i : a.rules().members(c))
          if (a.status(i)[u] == Status::unmet) r.indicators_unmet.push_back(a.nodes()[i].id);
      } else if (cs == Status::unknown) {
        r.criteria_unknown.push_back(a.nodes()[c].id);
      }
    }
    reviews.push_back(std::move(r));
  }
  return reviews;
}

std::string_view outcome_label(Review::Outcome o, Lang lang) {
  switch (o) {
    case Review::Outcome::keeps: return text::message("review.keeps", lang);
    case Review::Outcome::short_of: return text::message("review.short_of", lang);
    case Review::Outcome::revocation: return text::message("review.revocation", lang);
    case Review::Outcome::cannot_tell: return text::message("review.cannot_tell", lang);
  }
  return "?";
}

std::string format_reviews(const Assessment& a, const std::vector<Review>& reviews, Lang lang) {
  if (reviews.empty()) return {};
  std::map<Review::Outcome, std::size_t> by;
  for (const auto& r : reviews) ++by[r.outcome];
  std::string out = "\n" + tr("review.heading", lang, reviews.size(), by[Review::Outcome::keeps],
                              by[Review::Outcome::short_of], by[Review::Outcome::revocation],
                              by[Review::Outcome::cannot_tell]) + "\n";
  const auto& u = a.units();
  for (const auto& r : reviews) {
    if (r.outcome == Review::Outcome::keeps) continue;
    out += fmt::format("  {:<24} {:<8} {:<28} {:<22} {}: {}{}\n", outcome_label(r.outcome, lang), u.ids[r.unit],
                       r.unit < u.names.size() ? u.names[r.unit] : "", r.unit < u.districts.size() ? u.districts[r.unit] : "",
                       r.level, r.criteria_unmet.empty() ? "-" : fmt::format("{}", fmt::join(r.criteria_unmet, " ")),
                       r.criteria_unknown.empty()
                           ? ""
                           : tr("review.criteria_unknown", lang, fmt::format("{}", fmt::join(r.criteria_unknown, " "))));
  }
  return out;
}

std::size_t recognized_count(const Assessment& a, const std::vector<Review>& reviews, std::size_t condition,
                             std::string_view level) {
  std::size_t n = 0;
  for (const auto& r : reviews) {
    if (a.status(condition)[r.unit] != Status::met) continue;
    if (level.empty()) {
      ++n;
      continue;
    }
    // Recognized at `level` or at a level that requires it (ntm_nang_cao is also ntm).
    for (auto l : a.rules().level_chain(*a.position(r.level)))
      if (a.nodes()[l].id == level) {
        ++n;
        break;
      }
  }
  return n;
}

}  // namespace tieuchi::assess
