#pragma once
// The one CSV reader of the library (private to src/): libcsv with strict quoting, for unit
// tables, budgets and cost tables alike. Rows are numbered as a spreadsheet shows them (the
// header is row 1; a blank line is a row of its own and is skipped), so that a diagnostic's row
// is the one the user finds in Excel or LibreOffice.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tieuchi::support {

struct CsvRecord {
  std::uint32_t row = 0;   ///< 1-based, as a spreadsheet numbers it
  std::uint32_t line = 0;  ///< 1-based line of the file where the record starts
  std::vector<std::string> cells;
};

struct CsvTable {
  std::vector<CsvRecord> records;  ///< the header first; blank lines dropped
  /// Malformed text (an unclosed quote, a stray quote): what libcsv says, and the row and line
  /// of the record it was in. Empty when the text is well formed.
  std::string error;
  std::uint32_t error_row = 0, error_line = 0;
  bool ok() const noexcept { return error.empty(); }
};

/// Parses CSV text. A UTF-8 byte-order mark is skipped.
CsvTable parse_csv(std::string_view text, char delimiter = ',');

/// One CSV cell, quoted when it holds the delimiter, a quote or a line break.
std::string csv_cell(std::string_view s);

/// The bytes of a file, or why there are none.
struct FileText {
  enum class Problem : std::uint8_t { none, folder, cannot_open, cannot_read, too_big };
  std::optional<std::string> text;
  Problem problem = Problem::none;
  /// When text is empty, why: "is a folder", "cannot be opened", "cannot be read", "is larger
  /// than 64 MiB".
  std::string why;
};

/// Files readers take at most (a pack, a units table, a budget or cost table): a bigger file is
/// refused with a diagnostic instead of exhausting memory. A units table of every commune of
/// Vietnam (about 10,000 rows) is a few MiB.
inline constexpr std::uintmax_t kMaxPackBytes = 64ull << 20;
inline constexpr std::uintmax_t kMaxUnitsBytes = 1ull << 30;
inline constexpr std::uintmax_t kMaxPlanTableBytes = 64ull << 20;

/// The bytes of `path` (a file or a pipe), read up to `max_bytes`.
FileText read_file_text(const std::filesystem::path& path, std::uintmax_t max_bytes);

}  // namespace tieuchi::support
