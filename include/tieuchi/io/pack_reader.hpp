#pragma once
/// @file io/pack_reader.hpp
/// Reading rule packs from YAML files (format: docs/pack-format.md).
///
/// Reading never stops at the first problem: every diagnostic of a file is collected, each with
/// the file, line and column and a stable code (E3xx for the pack schema, E2xx for rules, E4xx
/// for the graph). `load_pack` reads a pack, follows its `extends:` chain, merges the overlays
/// and builds the rule set; `read_pack_file` only reads one file.
///
/// ```cpp
/// auto loaded = tieuchi::io::load_pack("vn-ntm-2021-2025");
/// if (!loaded.ok()) std::cerr << loaded.diagnostics.format();
/// ```

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/model/pack.hpp"
#include "tieuchi/model/ruleset.hpp"

namespace tieuchi::io {

/// Where packs named by id (rather than by path) are looked for.
struct PackSearch {
  /// Folders searched in order for `<id>.yaml`. Empty: `default_pack_path()`.
  std::vector<std::filesystem::path> paths;
  /// Names are pack ids only (is_pack_id), found in these folders: never a path to a file, and
  /// every `extends:` of the chain is resolved the same way. For services, where a request must
  /// not make the server read a file it names.
  bool ids_only = false;
};

/// Whether `name` can be a pack id: 1 to 128 ASCII letters, digits, '.', '_' or '-', not
/// starting with '.' (so never a path: no '/', '\\', "..").
TIEUCHI_API bool is_pack_id(std::string_view name) noexcept;

/// The default search path: the folders of the `TIEUCHI_PACK_PATH` environment variable
/// (separated by ':'), then the built-in packs of this build or installation.
TIEUCHI_API std::vector<std::filesystem::path> default_pack_path();

/// Finds a pack by path (when `name` names an existing file) or by id. Null when not found.
TIEUCHI_API std::optional<std::filesystem::path> find_pack(std::string_view name, const PackSearch& search = {});

/// The result of reading one file: the pack (also when it has errors, as far as it could be
/// read, so that tools can show it) and every diagnostic.
struct PackFileResult {
  std::optional<model::Pack> pack;
  std::string extends;  ///< the `extends:` value, if any
  model::Origin extends_origin;
  Diagnostics diagnostics;
  bool ok() const noexcept { return pack.has_value() && !diagnostics.has_errors(); }
};

/// Reads and validates the structure of one pack file (no merge, no rule checking).
TIEUCHI_API PackFileResult read_pack_file(const std::filesystem::path& path);
/// Same, from text already in memory; `name` is used in diagnostics.
TIEUCHI_API PackFileResult read_pack_text(std::string name, std::string text);

/// The result of loading a pack: the merged pack built into a rule set, and every diagnostic of
/// every file read (errors and warnings).
struct LoadResult {
  std::shared_ptr<const model::RuleSet> rules;  ///< null when there are errors
  std::optional<model::Pack> pack;             ///< the merged pack, when it could be merged
  Diagnostics diagnostics;
  bool ok() const noexcept { return rules != nullptr && !diagnostics.has_errors(); }
};

/// Reads `name` (a path or a pack id), its bases, merges them and builds the rule set.
TIEUCHI_API LoadResult load_pack(std::string_view name, const PackSearch& search = {});
/// Same for a pack given as text (`name` is used in diagnostics): its `extends:` is a pack id
/// looked for on `search` (never a file relative to the text, which has no folder). Used to
/// check a pack or overlay sent to a service (`POST /v1/packs/check`).
TIEUCHI_API LoadResult load_pack_text(std::string name, std::string text, const PackSearch& search = {});

/// A pack found on a search path.
struct PackEntry {
  std::string id;               ///< the file name without `.yaml` / `.yml`
  std::filesystem::path path;
};
/// The packs of the search path's folders (`*.yaml` and `*.yml`, not `*.tests.yaml`), sorted by
/// id; an id in two folders is listed once, from the first (as load_pack finds it). Files are
/// listed, not read: load each to check it.
TIEUCHI_API std::vector<PackEntry> list_packs(const PackSearch& search = {});
/// Rebuilds a pack from the texts of the files it was loaded from (`RuleSet::pack().files`, base
/// first, each pack file followed by its tests file if any), with no file access: used to send a
/// pack to another process (pickling). Throws PackError on errors.
TIEUCHI_API std::shared_ptr<const model::RuleSet> load_pack_from_sources(std::span<const SourcePtr> files);

/// Same, but throws PackError (or CheckError) with every diagnostic when there is an error.
TIEUCHI_API std::shared_ptr<const model::RuleSet> load_pack_or_throw(std::string_view name,
                                                         const PackSearch& search = {});

}  // namespace tieuchi::io
