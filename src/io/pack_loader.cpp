// Finding packs by id or path, following `extends:` chains, merging and building.

#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <set>

#include "tieuchi/error.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/model/overlay.hpp"

namespace tieuchi::io {

namespace fs = std::filesystem;

std::vector<fs::path> default_pack_path() {
  std::vector<fs::path> out;
  if (const char* env = std::getenv("TIEUCHI_PACK_PATH"); env && *env) {
    std::string_view v(env);
    while (!v.empty()) {
      auto colon = v.find(':');
      auto part = v.substr(0, colon);
      if (!part.empty()) out.emplace_back(std::string(part));
      if (colon == std::string_view::npos) break;
      v.remove_prefix(colon + 1);
    }
  }
#ifdef TIEUCHI_INSTALL_PACK_DIR
  out.emplace_back(TIEUCHI_INSTALL_PACK_DIR);
#endif
#ifdef TIEUCHI_SOURCE_PACK_DIR
  out.emplace_back(TIEUCHI_SOURCE_PACK_DIR);
#endif
  return out;
}

namespace {

std::optional<fs::path> find_in(std::string_view name, const std::vector<fs::path>& dirs) {
  std::error_code ec;
  for (const auto& d : dirs) {
    for (const char* ext : {".yaml", ".yml", ""}) {
      fs::path p = d / (std::string(name) + ext);
      if (fs::is_regular_file(p, ec)) return p;
    }
  }
  return std::nullopt;
}

std::vector<fs::path> search_dirs(const PackSearch& search) {
  return search.paths.empty() ? default_pack_path() : search.paths;
}

Diagnostic not_found(std::string_view name, const std::vector<fs::path>& dirs, const model::Origin* at) {
  Diagnostic d;
  d.code = "E311";
  d.message = fmt::format("pack '{}' not found", name);
  std::vector<std::string> shown;
  for (const auto& p : dirs) shown.push_back(p.string());
  d.hint = shown.empty() ? "give a path to a pack file, or set TIEUCHI_PACK_PATH"
                         : fmt::format("searched: {} (set TIEUCHI_PACK_PATH to add folders)",
                                       fmt::join(shown, ", "));
  if (at) {
    d.source = at->file;
    d.span = at->span;
  }
  return d;
}

/// Tests may also live beside a pack, in `<name>.tests.yaml` (`pack: <id>` and `tests:`).
void read_beside_tests(const fs::path& path, model::Pack& pack, Diagnostics& diags) {
  fs::path beside = path;
  beside.replace_extension(".tests.yaml");
  std::error_code ec;
  if (!fs::is_regular_file(beside, ec)) return;
  PackFileResult tests = read_pack_file(beside);
  diags.append(tests.diagnostics);
  if (!tests.pack) return;
  const model::Pack& t = *tests.pack;
  if (t.id != pack.id) {
    Diagnostic d;
    d.code = "E305";
    d.message = fmt::format("'{}' holds tests for pack '{}', not '{}'", beside.string(), t.id, pack.id);
    d.source = t.origin.file;
    d.span = {0, 1};
    diags.add(std::move(d));
    return;
  }
  if (!t.criteria.empty() || !t.fields.empty() || !t.parameters.empty() || !t.levels.empty() ||
      !t.keys.empty() || !t.tables.empty()) {
    Diagnostic d;
    d.code = "E302";
    d.message = "a tests file may hold only `pack:` and `tests:`";
    d.source = t.origin.file;
    d.span = {0, 1};
    diags.add(std::move(d));
  }
  for (auto test : t.tests) {
    test.pack = pack.id;
    pack.tests.push_back(std::move(test));
  }
  pack.files.push_back(t.origin.file);
}

Diagnostic not_an_id(std::string_view name, const model::Origin* at) {
  Diagnostic d;
  d.code = "E311";
  d.message = fmt::format("'{}' is not a pack id", name);
  d.hint = "name a pack by its id (letters, digits, '.', '_', '-'), not by a path";
  if (at) {
    d.source = at->file;
    d.span = at->span;
  }
  return d;
}

/// The file an `extends:` names, or nullopt with a diagnostic: a file relative to the pack's
/// own, or a pack id on the search path (only the latter when names are ids only, and for a pack
/// given as text, which has no folder: `path` empty).
std::optional<fs::path> find_base(const PackFileResult& file, const fs::path& path, const PackSearch& search,
                                  Diagnostics& diags) {
  const bool ids = search.ids_only || path.empty();
  if (ids && !is_pack_id(file.extends)) {
    diags.add(not_an_id(file.extends, &file.extends_origin));
    return std::nullopt;
  }
  std::optional<fs::path> base;
  std::error_code ec;
  if (!ids) {
    fs::path rel = path.parent_path() / file.extends;
    if (fs::is_regular_file(rel, ec)) base = rel;
    else base = find_in(file.extends, {path.parent_path()});
  }
  if (!base) base = find_in(file.extends, search_dirs(search));
  if (!base) diags.add(not_found(file.extends, search_dirs(search), &file.extends_origin));
  return base;
}

std::optional<model::Pack> read_chain(const fs::path& path, const PackSearch& search, std::set<fs::path>& visiting,
                                      Diagnostics& diags);

/// `file` (read from `path`; empty for text) merged onto its bases.
std::optional<model::Pack> with_bases(PackFileResult file, const fs::path& path, const PackSearch& search,
                                      std::set<fs::path>& visiting, Diagnostics& diags) {
  if (file.extends.empty()) return std::move(file.pack);
  std::optional<fs::path> base = find_base(file, path, search, diags);
  if (!base) return std::move(file.pack);
  std::error_code ec;
  fs::path canon = fs::weakly_canonical(*base, ec);
  if (visiting.count(canon)) {
    Diagnostic d;
    d.code = "E311";
    d.message = fmt::format("'extends' chain comes back to '{}'", base->string());
    d.source = file.extends_origin.file;
    d.span = file.extends_origin.span;
    diags.add(std::move(d));
    return std::move(file.pack);
  }
  visiting.insert(canon);
  auto base_pack = read_chain(*base, search, visiting, diags);
  if (!base_pack) return std::move(file.pack);
  return model::merge(std::move(*base_pack), std::move(*file.pack), diags);
}

/// Reads `path` and its bases; returns the merged pack (or nothing when a file is unreadable).
std::optional<model::Pack> read_chain(const fs::path& path, const PackSearch& search, std::set<fs::path>& visiting,
                                      Diagnostics& diags) {
  PackFileResult file = read_pack_file(path);
  diags.append(file.diagnostics);
  if (!file.pack) return std::nullopt;
  read_beside_tests(path, *file.pack, diags);
  return with_bases(std::move(file), path, search, visiting, diags);
}

/// Builds a merged pack: checked even when reading found errors, so that one run reports every
/// problem; compiled only when it was read cleanly.
void build_into(LoadResult& result, model::Pack pack) {
  result.pack = pack;
  model::BuildOptions options;
  options.compile = !result.diagnostics.has_errors();
  auto built = model::build(std::move(pack), options);
  result.diagnostics.append(built.diagnostics);
  if (!result.diagnostics.has_errors()) result.rules = std::move(built.rules);
}

}  // namespace

bool is_pack_id(std::string_view name) noexcept {
  if (name.empty() || name.size() > 128 || name.front() == '.') return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-'))
      return false;
  return true;
}

std::optional<fs::path> find_pack(std::string_view name, const PackSearch& search) {
  if (search.ids_only) return is_pack_id(name) ? find_in(name, search_dirs(search)) : std::nullopt;
  std::error_code ec;
  fs::path direct{std::string(name)};
  if (fs::is_regular_file(direct, ec)) return direct;
  return find_in(name, search_dirs(search));
}

LoadResult load_pack(std::string_view name, const PackSearch& search) {
  LoadResult result;
  auto path = find_pack(name, search);
  if (!path) {
    result.diagnostics.add(search.ids_only && !is_pack_id(name) ? not_an_id(name, nullptr)
                                                                : not_found(name, search_dirs(search), nullptr));
    return result;
  }
  std::set<fs::path> visiting;
  std::error_code ec;
  visiting.insert(fs::weakly_canonical(*path, ec));
  auto pack = read_chain(*path, search, visiting, result.diagnostics);
  if (pack) build_into(result, std::move(*pack));
  return result;
}

LoadResult load_pack_text(std::string name, std::string text, const PackSearch& search) {
  LoadResult result;
  PackFileResult file = read_pack_text(std::move(name), std::move(text));
  result.diagnostics.append(file.diagnostics);
  if (!file.pack) return result;
  std::set<fs::path> visiting;
  auto pack = with_bases(std::move(file), fs::path(), search, visiting, result.diagnostics);
  if (pack) build_into(result, std::move(*pack));
  return result;
}

std::vector<PackEntry> list_packs(const PackSearch& search) {
  std::map<std::string, fs::path> found;
  for (const auto& dir : search_dirs(search)) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      const std::string file = p.filename().string();
      std::string id;
      for (std::string_view ext : {".yaml", ".yml"})
        if (file.size() > ext.size() && file.ends_with(ext)) id = file.substr(0, file.size() - ext.size());
      std::error_code kind;
      if (id.empty() || id.ends_with(".tests") || !is_pack_id(id) || !it->is_regular_file(kind)) continue;
      found.emplace(id, p);  // the first folder wins, as in find_pack
    }
  }
  std::vector<PackEntry> out;
  for (auto& [id, path] : found) out.push_back({id, path});
  return out;
}

std::shared_ptr<const model::RuleSet> load_pack_from_sources(std::span<const SourcePtr> files) {
  Diagnostics diags;
  std::optional<model::Pack> merged;
  for (const auto& f : files) {
    if (!f) continue;
    PackFileResult r = read_pack_text(f->name(), f->text());
    diags.append(r.diagnostics);
    if (!r.pack) continue;
    if (merged && r.pack->id == merged->id) {  // the tests file of the pack just read
      for (auto t : r.pack->tests) {
        t.pack = merged->id;
        merged->tests.push_back(std::move(t));
      }
      merged->files.push_back(r.pack->origin.file);
    } else if (!merged) {
      merged = std::move(r.pack);
    } else {
      merged = model::merge(std::move(*merged), std::move(*r.pack), diags);
    }
  }
  if (!merged) {
    Diagnostic d;
    d.code = "E311";
    d.message = "no pack in the sources given";
    diags.add(std::move(d));
    throw PackError(std::move(diags));
  }
  model::BuildOptions options;
  options.compile = !diags.has_errors();
  auto built = model::build(std::move(*merged), options);
  diags.append(built.diagnostics);
  if (diags.has_errors() || !built.rules) throw PackError(std::move(diags));
  return built.rules;
}

std::shared_ptr<const model::RuleSet> load_pack_or_throw(std::string_view name,
                                                         const PackSearch& search) {
  auto r = load_pack(name, search);
  if (!r.ok()) throw PackError(std::move(r.diagnostics));
  return r.rules;
}

}  // namespace tieuchi::io
