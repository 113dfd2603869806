#include "tieuchi/assess/units.hpp"

#include "tieuchi/model/ruleset.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <unordered_map>

namespace tieuchi::assess {

UnitTable::UnitTable(std::size_t rows) : rows_(rows) {}

bool UnitTable::validated_for(const model::RuleSet& rules) const noexcept {
  return validated_for_ != 0 && validated_for_ == rules.serial();
}

void UnitTable::check(std::size_t n, std::string_view name) const {
  if (n != rows_)
    throw std::invalid_argument(fmt::format("column '{}' has {} values for {} units", name, n, rows_));
}

void UnitTable::set_numbers(std::string name, std::vector<double> values) {
  validated_for_ = 0;
  check(values.size(), name);
  strings_.erase(name);
  NumberColumn& c = numbers_[std::move(name)] = NumberColumn{};
  c.owned = std::move(values);
  c.view = expr::ColumnView{c.owned};
}

void UnitTable::set_numbers_view(std::string name, std::span<const double> values, std::shared_ptr<const void> owner) {
  validated_for_ = 0;
  check(values.size(), name);
  strings_.erase(name);
  NumberColumn& c = numbers_[std::move(name)] = NumberColumn{};
  c.view = expr::ColumnView{values};
  c.owner = std::move(owner);
}

void UnitTable::set_column_view(std::string name, expr::ColumnView column, std::shared_ptr<const void> owner) {
  validated_for_ = 0;
  if (const char* e = column.layout_error()) throw std::invalid_argument(fmt::format("column '{}': {}", name, e));
  check(column.size(), name);
  if (!column.valid.empty()) check(column.valid.size(), name);
  if (!column.missing.empty()) check(column.missing.size(), name);
  strings_.erase(name);
  NumberColumn& c = numbers_[std::move(name)] = NumberColumn{};
  c.view = column;
  c.owner = std::move(owner);
}

void UnitTable::set_strings(std::string name, const std::vector<std::string>& values) {
  validated_for_ = 0;
  check(values.size(), name);
  StringColumn col;
  col.codes.reserve(values.size());
  std::unordered_map<std::string, std::int32_t> index;
  for (const auto& v : values) {
    if (v.empty()) {
      col.codes.push_back(-1);
      continue;
    }
    auto [it, inserted] = index.emplace(v, static_cast<std::int32_t>(col.dictionary.size()));
    if (inserted) col.dictionary.push_back(v);
    col.codes.push_back(it->second);
  }
  numbers_.erase(name);
  strings_[std::move(name)] = std::move(col);
}

void UnitTable::set_codes(std::string name, std::vector<std::int32_t> codes, std::vector<std::string> dictionary) {
  validated_for_ = 0;
  check(codes.size(), name);
  const auto n = static_cast<std::int64_t>(dictionary.size());
  for (std::size_t r = 0; r < codes.size(); ++r) {
    if (codes[r] < -1 || codes[r] >= n)
      throw std::invalid_argument("column '" + name + "', row " + std::to_string(r) + ": code " +
                                  std::to_string(codes[r]) + " is outside the dictionary of " +
                                  std::to_string(n) + " values");
  }
  // An empty entry is missing, like an empty string in set_strings; equal entries are merged so
  // that one value has one code.
  std::unordered_map<std::string, std::int32_t> index;
  std::vector<std::int32_t> remap(dictionary.size(), -1);
  StringColumn col;
  for (std::size_t k = 0; k < dictionary.size(); ++k) {
    if (dictionary[k].empty()) continue;
    auto [it, inserted] = index.emplace(dictionary[k], static_cast<std::int32_t>(col.dictionary.size()));
    if (inserted) col.dictionary.push_back(std::move(dictionary[k]));
    remap[k] = it->second;
  }
  for (auto& c : codes)
    if (c >= 0) c = remap[static_cast<std::size_t>(c)];
  col.codes = std::move(codes);
  numbers_.erase(name);
  strings_[std::move(name)] = std::move(col);
}

void UnitTable::set_attribute(std::string name, std::vector<std::string> values) {
  validated_for_ = 0;
  check(values.size(), name);
  attributes_[std::move(name)] = std::move(values);
}

std::optional<std::span<const double>> UnitTable::numbers(std::string_view name) const {
  auto it = numbers_.find(name);
  if (it == numbers_.end()) return std::nullopt;
  const NumberColumn& c = it->second;
  if (c.view.plain()) return c.view.values;
  std::call_once(*c.as_float.flag, [&c, this] {
    c.as_float.values.resize(rows_);
    for (std::size_t i = 0; i < rows_; ++i) c.as_float.values[i] = c.view.at(i);
  });
  return std::span<const double>(c.as_float.values);
}

std::optional<expr::ColumnView> UnitTable::column(std::string_view name) const {
  auto it = numbers_.find(name);
  if (it == numbers_.end()) return std::nullopt;
  return it->second.view;
}
const StringColumn* UnitTable::strings(std::string_view name) const {
  auto it = strings_.find(name);
  return it == strings_.end() ? nullptr : &it->second;
}
const std::vector<std::string>* UnitTable::attribute(std::string_view name) const {
  auto it = attributes_.find(name);
  return it == attributes_.end() ? nullptr : &it->second;
}

std::vector<std::string> UnitTable::columns() const {
  std::vector<std::string> out;
  for (const auto& [k, _] : numbers_) out.push_back(k);
  for (const auto& [k, _] : strings_) out.push_back(k);
  return out;
}

}  // namespace tieuchi::assess
