// The pack as data: look-ups by name and id, provenance words.

#include "tieuchi/model/pack.hpp"

#include <algorithm>

namespace tieuchi::model {

std::string_view to_string(Verification v) noexcept {
  switch (v) {
    case Verification::verified: return "verified";
    case Verification::unverified: return "unverified";
    case Verification::illustrative: return "illustrative";
  }
  return "?";
}

std::optional<Verification> verification_from_string(std::string_view s) noexcept {
  if (s == "verified") return Verification::verified;
  if (s == "unverified") return Verification::unverified;
  if (s == "illustrative") return Verification::illustrative;
  return std::nullopt;
}

namespace {
template <class T, class M>
const T* find_by(const std::vector<T>& v, std::string_view key, M member) {
  auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return x.*member == key; });
  return it == v.end() ? nullptr : &*it;
}

}  // namespace

const Field* Pack::find_field(std::string_view n) const { return find_by(fields, n, &Field::name); }
const Parameter* Pack::find_parameter(std::string_view n) const { return find_by(parameters, n, &Parameter::name); }
const DecisionTable* Pack::find_table(std::string_view n) const { return find_by(tables, n, &DecisionTable::name); }
const Key* Pack::find_key(std::string_view n) const { return find_by(keys, n, &Key::name); }
const Indicator* Pack::find_indicator(std::string_view key) const { return find_by(indicators, key, &Indicator::id); }
const Criterion* Pack::find_criterion(std::string_view key) const { return find_by(criteria, key, &Criterion::id); }
const Level* Pack::find_level(std::string_view key) const { return find_by(levels, key, &Level::id); }


}  // namespace tieuchi::model
