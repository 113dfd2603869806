#pragma once
/// @file io/pack_writers.hpp
/// A built pack described as JSON (schema `tieuchi.pack/1`, docs/pack-format.md#description):
/// what a provincial application needs to show a pack or to build a form for its inputs. The
/// HTTP service's `GET /v1/packs/{id}`, `tieuchi show` and `Pack.describe()` in Python all give
/// this text, so they agree byte for byte.

#include <iosfwd>
#include <string>

#include "tieuchi/export.hpp"
#include "tieuchi/model/diff.hpp"
#include "tieuchi/model/ruleset.hpp"

namespace tieuchi::io {

/// The pack's identity (id, title, version, validity, lineage, legal basis, sources), its keys
/// and input fields (type, unit, allowed values, range, description), criteria with their
/// indicators (names, agency, rule text, provenance), levels (requires, condition, revokes),
/// parameters with every value and its provenance and verification status, decision tables,
/// and the threshold summary. Objects keep the pack's order.
TIEUCHI_API void write_pack_json(std::ostream& out, const model::RuleSet& rules);
/// The same, as a string.
TIEUCHI_API std::string pack_json(const model::RuleSet& rules);

/// What changed between two packs (model::diff) as JSON (schema `tieuchi.pack-diff/1`): the two
/// ids and the years read, the key thresholds are compared by, criteria and indicators added and
/// removed, indicators whose name or rule changed (old and new), and per indicator and key value
/// the old and new threshold texts. `tieuchi diff --format json`, `Pack.diff(..., format="json")`
/// and the service's `GET /v1/packs/{a}/diff/{b}` give this text.
TIEUCHI_API void write_diff_json(std::ostream& out, const model::PackDiff& d);
/// The same, as a string.
TIEUCHI_API std::string diff_json(const model::PackDiff& d);

}  // namespace tieuchi::io
