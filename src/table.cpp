// The typed table of the reports (tieuchi/table.hpp).
#include "tieuchi/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>

#include "support/pages.hpp"

namespace tieuchi {

void* allocate_large_buffer(std::size_t bytes) { return support::allocate_pages(bytes); }
void free_large_buffer(void* p) noexcept { support::free_pages(p); }

namespace {

Column make(std::string name, std::string title, Column::Type type) {
  Column c;
  c.name = std::move(name);
  c.title = std::move(title);
  c.type = type;
  return c;
}

void expect(const Column& c, Column::Type t) {
  if (c.type != t) throw std::logic_error("tieuchi::Column '" + c.name + "': a value of another type");
}

}  // namespace

std::size_t Column::size() const noexcept {
  switch (type) {
    case Type::text: return text.size();
    case Type::integer: return integers.size();
    case Type::number: return numbers.size();
    case Type::category: return codes.size();
    case Type::boolean: return flags.size();
  }
  return 0;
}

bool Column::is_missing(std::size_t row) const noexcept {
  switch (type) {
    case Type::number: return std::isnan(numbers[row]);
    case Type::category: return codes[row] < 0;
    default: return !missing.empty() && missing[row] != 0;
  }
}

std::string Column::cell(std::size_t row) const {
  std::string out;
  append_cell(out, row);
  return out;
}

void Column::append_cell(std::string& out, std::size_t row) const {
  if (is_missing(row)) return;
  switch (type) {
    case Type::text: out += text[row]; return;
    case Type::integer: {
      const fmt::format_int v(integers[row]);
      out.append(v.data(), v.size());
      if (of >= 0) {
        const fmt::format_int o(of);
        out += '/';
        out.append(o.data(), o.size());
      }
      return;
    }
    case Type::number: {
      // Through a stack buffer (a cell of a million-row table must not grow a string twice).
      char b[64];
      const auto r = digits ? fmt::format_to_n(b, sizeof b, "{:.{}g}", numbers[row], digits)
                            : fmt::format_to_n(b, sizeof b, "{}", numbers[row]);
      out.append(b, std::min(r.size, sizeof b));
      return;
    }
    case Type::category: out += labels[static_cast<std::size_t>(codes[row])]; return;
    case Type::boolean: out += flags[row] ? true_text : false_text; return;
  }
}

Column Column::make_text(std::string name, std::string title) {
  return make(std::move(name), std::move(title), Type::text);
}
Column Column::make_integer(std::string name, std::string title, bool nullable) {
  Column c = make(std::move(name), std::move(title), Type::integer);
  c.nullable = nullable;
  return c;
}
Column Column::make_number(std::string name, std::string title, int digits) {
  Column c = make(std::move(name), std::move(title), Type::number);
  c.digits = digits;
  return c;
}
Column Column::make_boolean(std::string name, std::string title) {
  return make(std::move(name), std::move(title), Type::boolean);
}
Column Column::make_category(std::string name, std::string title, std::vector<std::string> labels, bool ordered,
                             std::vector<std::string> label_titles) {
  Column c = make(std::move(name), std::move(title), Type::category);
  if (label_titles.empty()) label_titles = labels;
  if (label_titles.size() != labels.size())
    throw std::logic_error("tieuchi::Column '" + c.name + "': label titles do not match the labels");
  for (std::size_t i = 0; i < labels.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      if (labels[i] == labels[j]) throw std::logic_error("tieuchi::Column '" + c.name + "': label '" + labels[i] + "' twice");
      if (label_titles[i] == label_titles[j]) label_titles[i] += " (" + labels[i] + ")";
    }
  c.labels = std::move(labels);
  c.label_titles = std::move(label_titles);
  c.ordered = ordered;
  return c;
}

void Column::push_text(std::string v) {
  expect(*this, Type::text);
  text.push_back(std::move(v));
  if (nullable || !missing.empty()) missing.resize(text.size(), 0);
}
void Column::push_integer(std::int64_t v) {
  expect(*this, Type::integer);
  integers.push_back(v);
  if (nullable || !missing.empty()) missing.resize(integers.size(), 0);
}
void Column::push_number(double v) {
  expect(*this, Type::number);
  numbers.push_back(v);
}
void Column::push_code(std::int32_t code) {
  expect(*this, Type::category);
  if (code < -1 || code >= static_cast<std::int32_t>(labels.size()))
    throw std::logic_error("tieuchi::Column '" + name + "': code out of range");
  codes.push_back(code);
}
void Column::push_flag(bool v) {
  expect(*this, Type::boolean);
  flags.push_back(v ? 1 : 0);
  if (nullable || !missing.empty()) missing.resize(flags.size(), 0);
}
void Column::push_missing() {
  switch (type) {
    case Type::number: numbers.push_back(std::nan("")); return;
    case Type::category: codes.push_back(-1); return;
    default: break;
  }
  const std::size_t n = size();
  if (missing.size() < n) missing.resize(n, 0);
  missing.push_back(1);
  switch (type) {
    case Type::text: text.emplace_back(); break;
    case Type::integer: integers.push_back(0); break;
    case Type::boolean: flags.push_back(0); break;
    default: break;
  }
}

void Table::check() const {
  const std::size_t n = rows();
  for (const auto& c : columns) {
    if (c.size() != n)
      throw std::logic_error("tieuchi::Table: column '" + c.name + "' has " + std::to_string(c.size()) + " rows, not " +
                             std::to_string(n));
    if (!c.missing.empty() && c.missing.size() != n)
      throw std::logic_error("tieuchi::Table: column '" + c.name + "' has a mask of another length");
  }
}

const Column* Table::find(std::string_view name) const noexcept {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace tieuchi
