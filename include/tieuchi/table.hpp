#pragma once
/// @file table.hpp
/// A typed, columnar table: what the library's reports are made of (the planning table, the
/// shortfalls, the roadmap, tasks, outcomes, budgets). Each door renders the same table its own
/// way — the CSV writer (io::write_csv), the Python bindings (a pandas DataFrame with numbers as
/// numbers and statuses as ordered categoricals), a workbook — so the values are computed once.
///
/// A column has a machine `name` (the CSV header, never translated) and a `title` for people (in
/// the language the table was built in). Missing values are explicit: NaN for numbers, a mask for
/// integers and booleans, code -1 for categories, a mask for text.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/export.hpp"
#include "tieuchi/memory.hpp"

namespace tieuchi {

/// One column of a Table.
struct TIEUCHI_API Column {
  enum class Type : std::uint8_t {
    text,      ///< `text`
    integer,   ///< `integers` (+ `missing`)
    number,    ///< `numbers`, NaN = missing
    category,  ///< `codes` into `labels` (-1 = missing); `ordered` when the labels are ranked
    boolean,   ///< `flags` (+ `missing`)
  };
  std::string name;   ///< machine name: the CSV header, the DataFrame column
  std::string title;  ///< header for people, in the table's language
  Type type = Type::text;
  // The values (ColumnVector: a std::vector whose large buffers are recycled pages, see memory.hpp).
  ColumnVector<std::string> text;
  ColumnVector<std::int64_t> integers;
  ColumnVector<double> numbers;
  ColumnVector<std::int32_t> codes;
  ColumnVector<std::uint8_t> flags;
  ColumnVector<std::uint8_t> missing;     ///< per row, 1 = missing (text, integer, boolean); empty = none
  std::vector<std::string> labels;        ///< category labels (machine values), in order
  std::vector<std::string> label_titles;  ///< the labels for people (same size as `labels`)
  bool ordered = false;                   ///< category: the labels are ranked, lowest first
  /// integer, boolean, text: the column may have missing values, whether or not these rows do
  /// (so that its type does not depend on the data: Python gives a nullable Int64).
  bool nullable = false;
  /// integer: written "N/of" in CSV when `of` >= 0 (the planning table's "13/19").
  std::int64_t of = -1;
  /// number: significant digits in CSV (0: the shortest text that reads back to the same number).
  int digits = 0;
  /// boolean: how CSV writes true and false.
  std::string true_text = "true", false_text = "false";

  std::size_t size() const noexcept;
  bool is_missing(std::size_t row) const noexcept;
  /// The cell as CSV writes it (unquoted); "" when missing.
  std::string cell(std::size_t row) const;
  /// Appends the cell, unquoted, to `out` (nothing when missing): the one formatting of cells.
  void append_cell(std::string& out, std::size_t row) const;

  static Column make_text(std::string name, std::string title);
  static Column make_integer(std::string name, std::string title, bool nullable = false);
  static Column make_number(std::string name, std::string title, int digits = 0);
  static Column make_boolean(std::string name, std::string title);
  /// A category over `labels`, which must be distinct (titles default to the labels; titles
  /// that repeat, e.g. two levels named alike, get their label appended: "Tên (id)").
  static Column make_category(std::string name, std::string title, std::vector<std::string> labels,
                              bool ordered, std::vector<std::string> label_titles = {});

  /// Append a value (the column's type must match; a missing value of any type).
  void push_text(std::string v);
  void push_integer(std::int64_t v);
  void push_number(double v);
  void push_code(std::int32_t code);
  void push_flag(bool v);
  void push_missing();
};

/// Named columns of equal length.
struct TIEUCHI_API Table {
  std::deque<Column> columns;  ///< a deque: the reference add() returns stays valid as columns are added
  std::size_t rows() const noexcept { return columns.empty() ? 0 : columns.front().size(); }
  /// Throws std::logic_error unless every column has rows() values (and a mask, if any, as many).
  void check() const;
  /// The column named `name`, or nullptr.
  const Column* find(std::string_view name) const noexcept;
  /// Append a column; returns it (valid while the table lives).
  Column& add(Column c) {
    columns.push_back(std::move(c));
    return columns.back();
  }
};

}  // namespace tieuchi
