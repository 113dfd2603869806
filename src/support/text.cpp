#include "support/text.hpp"

#include <utf8proc.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace tieuchi::support {

std::size_t utf8_sequence_length(unsigned char lead) noexcept {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return lead >= 0xC2 ? 2 : 0;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return lead <= 0xF4 ? 4 : 0;
  return 0;
}

std::optional<std::size_t> first_invalid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {  // eight ASCII bytes at a time (ids, codes, numbers)
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {  // the common case, ASCII
      ++i;
      continue;
    }
    std::size_t n = utf8_sequence_length(c);
    if (n == 0 || i + n > s.size()) return i;
    unsigned cp = n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
    for (std::size_t k = 1; k < n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += n;
  }
  return std::nullopt;
}

std::string escape_invalid_utf8(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  while (auto bad = first_invalid_utf8(s)) {
    out.append(s.substr(0, *bad));
    const auto b = static_cast<unsigned char>(s[*bad]);
    out += "\\x";
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0xF]);
    s.remove_prefix(*bad + 1);
  }
  out.append(s);
  return out;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

bool blank_at_front(std::string_view s, std::size_t& len) {
  if (s.empty()) return false;
  char c = s.front();
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return len = 1, true;
  if (s.starts_with(kNoBreakSpace)) return len = 2, true;
  return false;
}

bool blank_at_back(std::string_view s, std::size_t& len) {
  if (s.empty()) return false;
  char c = s.back();
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return len = 1, true;
  if (s.ends_with(kNoBreakSpace)) return len = 2, true;
  return false;
}

}  // namespace

std::string_view trim(std::string_view s) noexcept {
  std::size_t n = 0;
  while (blank_at_front(s, n)) s.remove_prefix(n);
  while (blank_at_back(s, n)) s.remove_suffix(n);
  return s;
}

std::optional<std::string> fold_key(std::string_view s) {
  s = trim(s);
  if (first_invalid_utf8(s)) return std::nullopt;
  if (s.empty()) return std::string();
  // Case fold, decompose, drop the combining marks, compose again (utf8proc: Unicode's own data,
  // so every script folds, not only ASCII).
  utf8proc_uint8_t* mapped = nullptr;
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                                UTF8PROC_STRIPMARK | UTF8PROC_LUMP);
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                    static_cast<utf8proc_ssize_t>(s.size()), &mapped, options);
  if (n < 0) return std::nullopt;
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  std::string_view folded(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
  std::string out;
  out.reserve(folded.size());
  bool space = false;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    char c = folded[i];
    // `đ` (U+0111; `Đ` folds to it) is a letter of its own in Unicode, not d with a mark: read as d.
    if (c == '\xC4' && i + 1 < folded.size() && folded[i + 1] == '\x91') {
      c = 'd';
      ++i;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::optional<double> parse_number(std::string_view s) noexcept {
  s = trim(s);
  bool percent = !s.empty() && s.back() == '%';
  if (percent) s = trim(s.substr(0, s.size() - 1));
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') {
    s.remove_prefix(1);
    if (s.empty() || s.front() == '+' || s.front() == '-') return std::nullopt;
  }
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  if (ec != std::errc{} || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return percent ? v / 100.0 : v;
}

std::optional<bool> parse_bool(std::string_view s) {
  auto key = fold_key(s);
  if (!key) return std::nullopt;
  const std::string& k = *key;
  if (k == "true" || k == "yes" || k == "co" || k == "dat" || k == "d") return true;
  if (k == "false" || k == "no" || k == "khong" || k == "khong dat" || k == "chua dat" || k == "cd") return false;
  if (auto v = parse_number(k); v && !std::string_view(k).ends_with('%')) {
    if (*v == 1.0) return true;
    if (*v == 0.0) return false;
  }
  return std::nullopt;
}

bool is_missing_marker(std::string_view s) {
  s = trim(s);
  if (s.empty()) return true;
  if (s.size() > 4) return false;
  std::string l(s);
  for (char& c : l)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return l == "na" || l == "n/a" || l == "null" || l == "nan" || l == "-" || l == "?";
}

}  // namespace tieuchi::support
