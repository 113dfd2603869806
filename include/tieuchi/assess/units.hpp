#pragma once
/// @file assess/units.hpp
/// Units (communes) as columns: identity (id, name, district), the pack's input fields, and any
/// other attribute (e.g. the level a unit was recognized at). Missing values are NaN (numbers,
/// booleans as 0/1) or a negative code (strings): never 0.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/export.hpp"
#include "tieuchi/expr/batch.hpp"

namespace tieuchi::model {
class RuleSet;
}

namespace tieuchi::assess {

struct UnitsResult;
struct AssessedUnits;
struct AssessOptions;
struct UnitInput;
struct UnitInputOptions;

/// A dictionary-encoded string column: `codes[i]` indexes `dictionary`, -1 is missing.
struct StringColumn {
  std::vector<std::int32_t> codes;
  std::vector<std::string> dictionary;
};

class TIEUCHI_API UnitTable {
 public:
  UnitTable() = default;
  explicit UnitTable(std::size_t rows);
  std::size_t rows() const noexcept { return rows_; }

  std::vector<std::string> ids;        ///< unique per unit (required by reports)
  std::vector<std::string> names;      ///< may be empty
  std::vector<std::string> districts;  ///< may be empty

  /// Sets a number or boolean column (booleans 0/1, NaN missing). Throws std::invalid_argument
  /// when the length differs from rows().
  void set_numbers(std::string name, std::vector<double> values);
  /// Same, without a copy: the table reads `values` in place, and keeps `owner` (which must keep
  /// the data alive and unchanged) for as long as the table lives.
  void set_numbers_view(std::string name, std::span<const double> values, std::shared_ptr<const void> owner);
  /// Same, for any layout of expr::ColumnView (float64 or uint8 values, with a validity or a
  /// missing mask): the way pandas' nullable arrays hold booleans and numbers. The assessment
  /// converts it chunk by chunk; numbers() converts it once, on first use. Throws
  /// std::invalid_argument when a length differs from rows().
  void set_column_view(std::string name, expr::ColumnView column, std::shared_ptr<const void> owner);
  /// Sets a string column from text (an empty string is missing).
  void set_strings(std::string name, const std::vector<std::string>& values);
  /// Sets a string column that is already dictionary-encoded (as pandas categoricals and
  /// factorized columns are): `codes[i]` indexes `dictionary`, -1 is missing, and so is an empty
  /// dictionary entry. Throws std::invalid_argument when the length differs from rows() or a code
  /// is out of range (naming the column and the row).
  void set_codes(std::string name, std::vector<std::int32_t> codes, std::vector<std::string> dictionary);
  /// Sets an attribute that is not a pack input (e.g. `recognized`).
  void set_attribute(std::string name, std::vector<std::string> values);

  /// The number or boolean column `name` as float64 (NaN missing), or nullopt. A column set in
  /// another layout (set_column_view) is converted on the first call (thread-safe).
  std::optional<std::span<const double>> numbers(std::string_view name) const;
  /// The number or boolean column `name` as stored, or nullopt.
  std::optional<expr::ColumnView> column(std::string_view name) const;
  const StringColumn* strings(std::string_view name) const;
  const std::vector<std::string>* attribute(std::string_view name) const;
  /// Names of every numeric and string column.
  std::vector<std::string> columns() const;

  /// Whether read_units() built this table from input it validated against `rules`, and no column
  /// was set since (the assessment then skips its own input checks).
  bool validated_for(const model::RuleSet& rules) const noexcept;

 private:
  friend UnitsResult read_units(const model::RuleSet&, UnitInput, const UnitInputOptions&);
  friend AssessedUnits assess_units(std::shared_ptr<const model::RuleSet>, UnitInput, const UnitInputOptions&,
                                    const AssessOptions&);
  std::uint64_t validated_for_ = 0;  // RuleSet::serial(), 0 when not validated
  std::size_t rows_ = 0;
  struct NumberColumn {
    std::vector<double> owned;
    expr::ColumnView view;
    std::shared_ptr<const void> owner;
    // numbers() of a column that is not plain float64: converted once, on first use. A copy of
    // the table converts again on its own (it gets a fresh flag).
    struct Converted {
      std::unique_ptr<std::once_flag> flag = std::make_unique<std::once_flag>();
      std::vector<double> values;
      Converted() = default;
      Converted(const Converted&) : Converted() {}
      Converted& operator=(const Converted&) {
        flag = std::make_unique<std::once_flag>();
        values.clear();
        return *this;
      }
      Converted(Converted&&) = default;
      Converted& operator=(Converted&&) = default;
      ~Converted() = default;
    };
    mutable Converted as_float;
  };
  std::map<std::string, NumberColumn, std::less<>> numbers_;
  std::map<std::string, StringColumn, std::less<>> strings_;
  std::map<std::string, std::vector<std::string>, std::less<>> attributes_;
  void check(std::size_t n, std::string_view name) const;
};

}  // namespace tieuchi::assess
