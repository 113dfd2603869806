#pragma once
/// @file diagnostics.hpp
/// One vocabulary for every problem tieuchi reports: a source text, spans into it, and diagnostics
/// with a stable code. Every phase (parser, checker, pack reader, data reader) reports through it,
/// so a type error looks exactly like a syntax error.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/export.hpp"

namespace tieuchi {

/// Byte range `[begin, end)` into a Source's text. Byte offsets are the truth; lines and columns
/// are computed from them only for display.
struct SourceSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

/// A 1-based line and a 1-based column counted in Unicode code points (so that a caret lines up
/// under Vietnamese text whatever its byte length).
struct SourceLocation {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

/// A named text (a file, or `<expr>` for an expression given inline) with its line table.
/// Immutable after construction; shared between the diagnostics that point into it.
class TIEUCHI_API Source {
 public:
  /// `name` is what diagnostics print before the line number; `text` is copied.
  /// `line_offset` and `column_offset` place the text inside a larger file (an expression read
  /// from line 12, column 11 of a YAML pack has offsets 11 and 10), so that locations are
  /// reported in the coordinates of that file.
  Source(std::string name, std::string text, std::uint32_t line_offset = 0,
         std::uint32_t column_offset = 0);

  const std::string& name() const noexcept { return name_; }
  const std::string& text() const noexcept { return text_; }
  /// The location of a byte offset (clamped to the end of the text).
  SourceLocation location(std::uint32_t offset) const;
  /// The text of the 1-based line `line` of this source, without its line break.
  std::string_view line_text(std::uint32_t line) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
  std::uint32_t line_offset_;
  std::uint32_t column_offset_;
};

using SourcePtr = std::shared_ptr<const Source>;

/// How serious a diagnostic is. Errors stop the artefact from being produced; warnings do not.
enum class Severity : std::uint8_t { error, warning, note };

/// One problem found in user input. `code` is stable (documented in docs/errors.md) and never
/// changes meaning; `message` may be improved over time.
struct TIEUCHI_API Diagnostic {
  std::string code;          ///< e.g. "E201"
  Severity severity = Severity::error;
  std::string message;       ///< one sentence, no trailing period
  SourcePtr source;          ///< may be null for problems without a text (e.g. an empty column)
  SourceSpan span;           ///< where in `source`
  std::string rule_id;       ///< the indicator/criterion whose rule this is about, if any
  std::string column_name;   ///< the data column this is about, as its header reads, if any
  std::string hint;          ///< e.g. "did you mean `roads.paved_ratio`?"
  std::vector<std::pair<SourceSpan, std::string>> notes;  ///< secondary places in `source`

  // Where, for input that has no source text to point into (tables, bytes that are not text).
  // Every reader fills these rather than writing the place into `message`.
  std::string file;          ///< the input's path or name (a CSV, a workbook, "DataFrame")
  std::string sheet;         ///< workbooks: the sheet's name
  std::uint32_t line = 0;    ///< 1-based line of a text file, 0 when none
  std::uint32_t row = 0;     ///< 1-based row of a table as a spreadsheet numbers it (header = 1), 0 when none
  std::uint32_t column = 0;  ///< 1-based column: of `line` (code points) or of the table's `row`; 0 when none
  std::string field;         ///< the pack input field the problem is about, if any

  /// The start of `span` as line/column when there is a source; else `line`/`column` (0/0 when
  /// neither is known).
  SourceLocation location() const;
  /// The place alone: `file:line:col`, `file: row R, column 'C'`, for a workbook `file [sheet]: row R,
  /// column F 'C'` (the column's letters, then its header), or empty.
  std::string where() const;
  /// `file:line:col: error[E201]: message` (or `file: row 3, column 'x': error[E509]: ...`),
  /// then the source line and a caret line, then the hint and the notes, each on its own line.
  /// No trailing newline.
  std::string format() const;
};

/// All diagnostics of one operation, in the order they were found.
class TIEUCHI_API Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);
  bool has_errors() const noexcept;
  std::size_t error_count() const noexcept;
  bool empty() const noexcept { return items_.empty(); }
  std::size_t size() const noexcept { return items_.size(); }
  const std::vector<Diagnostic>& items() const noexcept { return items_; }
  auto begin() const noexcept { return items_.begin(); }
  auto end() const noexcept { return items_.end(); }
  const Diagnostic& operator[](std::size_t i) const { return items_[i]; }
  /// Every diagnostic's `format()`, separated by blank lines.
  std::string format() const;

 private:
  std::vector<Diagnostic> items_;
};

/// The 1-based column of a byte offset inside `line`, in code points (shared helper).
TIEUCHI_API std::uint32_t code_point_column(std::string_view line, std::size_t byte_offset);

}  // namespace tieuchi
