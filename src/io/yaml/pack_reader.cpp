// Reading one pack file: YAML (yaml-cpp) -> model::Pack, with every structural problem reported at its file:line:column (codes E301-E309, E313, E315; see docs/errors.md).

#include "io/yaml/file_reader.hpp"

#include "support/csv_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace tieuchi::io::detail {

constexpr std::string_view kTopKeys[] = {
    "pack", "title", "version", "unit", "legal_basis", "valid", "extends", "description",
    "sources", "keys", "fields", "parameters", "tables", "criteria", "levels", "tests"};


PackFileResult FileReader::read() {
  PackFileResult result;
  YAML::Node root;
  try {
    root = YAML::Load(text_);
  } catch (const YAML::ParserException& e) {
    // yaml-cpp may quote one byte of a multi-byte character ("unknown escape character: \xC2").
    error("E301", span_at(e.mark), fmt::format("YAML syntax error: {}", support::escape_invalid_utf8(e.msg)));
    result.diagnostics = std::move(diags_);
    return result;
  }
  if (!root.IsMap()) {
    error("E304", root.IsDefined() && !root.IsNull() ? span_of(root) : SourceSpan{},
          "a pack file must be a mapping (`pack: <id>`, `criteria: [...]`, ...)");
    result.diagnostics = std::move(diags_);
    return result;
  }
  model::Pack pack;
  pack.origin = {file_, span_of(root)};
  pack.files.push_back(file_);
  check_keys(root, kTopKeys, "pack");

  if (auto id = required_scalar(root, "pack", "the pack")) {
    pack.id = *id;
    if (!is_pack_id(pack.id))
      error("E305", span_of(root["pack"]),
            fmt::format("pack id '{}' must be 1 to 128 letters, digits, '-', '_' or '.', not starting with '.'",
                        pack.id));
  }
  pack_id_ = pack.id;
  if (auto t = root["title"]) pack.title = name(t);
  if (auto v = root["version"]) pack.version = scalar(v, "version").value_or("");
  if (auto u = root["unit"]) pack.unit_kind = scalar(u, "unit").value_or("unit");
  if (auto lb = root["legal_basis"]) pack.legal_basis = provenance(lb, "legal_basis");
  if (auto v = root["valid"]) read_valid(v, pack);
  if (auto e = root["extends"]) {
    result.extends = scalar(e, "extends").value_or("");
    result.extends_origin = origin(e);
  }
  if (auto s = root["sources"]) read_sources(s, pack);
  if (auto k = root["keys"]) read_keys(k, pack);
  if (auto f = root["fields"]) read_fields(f, pack);
  if (auto p = root["parameters"]) read_parameters(p, pack);
  if (auto t = root["tables"]) read_tables(t, pack);
  if (auto c = root["criteria"]) read_criteria(c, pack);
  if (auto l = root["levels"]) read_levels(l, pack);
  if (auto t = root["tests"]) read_tests(t, pack);
  pack.lineage = {pack.id};

  result.pack = std::move(pack);
  result.diagnostics = std::move(diags_);
  return result;
}

}  // namespace tieuchi::io::detail

namespace tieuchi::io {


PackFileResult read_pack_text(std::string name, std::string text) {
  // Packs are rules, not data: a bound on their size bounds the parser's time and memory.
  constexpr std::size_t kMaxPackBytes = 16u << 20;
  if (text.size() > kMaxPackBytes) {
    PackFileResult r;
    Diagnostic d;
    d.code = "E315";
    d.file = name;
    d.message = fmt::format("the pack file is {} bytes; the limit is {} (16 MiB)", text.size(), kMaxPackBytes);
    d.hint = "packs hold rules and thresholds; keep data in unit tables";
    r.diagnostics.add(std::move(d));
    return r;
  }
  if (auto bad = support::first_invalid_utf8(text)) {
    const std::size_t at = *bad;
    PackFileResult r;
    Diagnostic d;
    d.code = "E301";
    d.file = name;
    d.line = 1 + static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    auto line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
    std::size_t first = line_start == std::string::npos || at == 0 ? 0 : line_start + 1;
    d.column = code_point_column(std::string_view(text).substr(first), at - first);
    d.message = fmt::format("the pack is not UTF-8 (byte 0x{:02X})", static_cast<unsigned char>(text[at]));
    d.hint = "save the file as UTF-8";
    r.diagnostics.add(std::move(d));
    return r;
  }
  detail::FileReader reader(std::move(name), std::move(text));
  return reader.read();
}

PackFileResult read_pack_file(const std::filesystem::path& path) {
  auto file = support::read_file_text(path, support::kMaxPackBytes);
  if (!file.text) {
    PackFileResult r;
    Diagnostic d;
    d.code = "E311";
    d.file = path.string();
    using Problem = support::FileText::Problem;
    d.message = file.problem == Problem::folder        ? "is a folder, not a pack file"
                : file.problem == Problem::cannot_open ? "cannot open the pack file"
                                                       : fmt::format("the pack file {}", file.why);
    r.diagnostics.add(std::move(d));
    return r;
  }
  return read_pack_text(path.string(), std::move(*file.text));
}

}  // namespace tieuchi::io
