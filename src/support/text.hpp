#pragma once
// Text support shared by every layer (private to src/): the one UTF-8 check, trimming, the one
// number parser, the one reading of yes/no cells and missing-value markers, Unicode folding.
// Nothing here knows about packs or units.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tieuchi::support {

// ---- UTF-8 -------------------------------------------------------------------------------------

/// Length of the UTF-8 sequence that starts with `lead`, 0 if `lead` cannot start one.
std::size_t utf8_sequence_length(unsigned char lead) noexcept;
/// Byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates and code points
/// above U+10FFFF included), or nullopt when `s` is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view s) noexcept;
/// Appends code point `cp` encoded as UTF-8.
void append_utf8(std::string& out, unsigned cp);
/// `s` with every byte that is not part of a valid UTF-8 sequence written as `\xNN`: for text
/// quoted from elsewhere (a parser's message that cut a sequence) into a message, which must be
/// valid UTF-8 for every door (Python, JSON).
std::string escape_invalid_utf8(std::string_view s);

// ---- Trimming and folding ------------------------------------------------------------------

/// `s` without leading and trailing blanks: space, tab, CR, LF and the no-break space U+00A0
/// (which spreadsheets export around numbers).
std::string_view trim(std::string_view s) noexcept;
/// A key for comparing words the way a person reads them: Unicode case folded, NFC, and with
/// diacritics removed (`Đ`/`đ` become `d`), blanks trimmed and runs of blanks made one space. So
/// `CHƯA ĐẠT`, `chưa đạt` (composed or decomposed) and `chua dat` have one key. Invalid UTF-8
/// gives nullopt.
std::optional<std::string> fold_key(std::string_view s);

// ---- Cells ---------------------------------------------------------------------------------

/// A number as people write it in packs and tables: `80`, `0.8`, `-1.5e3`, `+2`, `80%` (= 0.8).
/// Blanks around it are ignored. Nullopt for anything else, and for values that are not finite
/// (`inf`, `nan`, `1e999`) or hexadecimal.
std::optional<double> parse_number(std::string_view s) noexcept;
/// A yes/no cell, compared by fold_key (case, composition and diacritics do not matter):
/// yes = `true`, `1`, `yes`, `có`, `đạt`, `Đ`; no = `false`, `0`, `no`, `không`, `không đạt`,
/// `chưa đạt`, `CĐ`. `1.0` and `0.0` are numbers, read as 1 and 0. Nullopt for anything else.
std::optional<bool> parse_bool(std::string_view s);
/// Whether a cell means "no value": empty (after trimming), `NA`, `N/A`, `null`, `NaN`, `-`,
/// `?` (case-insensitive). Such a cell is unknown, never 0 or false.
bool is_missing_marker(std::string_view s);

}  // namespace tieuchi::support
