#pragma once
// Reading a whole file for the readers (private to src/io).

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace tieuchi::io {

/// The bytes of `path`, or nullopt when it cannot be opened.
inline std::optional<std::string> read_file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace tieuchi::io
