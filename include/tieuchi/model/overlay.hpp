#pragma once
/// @file model/overlay.hpp
/// Overlays: a pack that `extends:` another (a province on top of the national set).
///
/// The overlay may add keys, fields, parameters, tables, criteria, indicators and levels, fill in
/// parameter values the base leaves unset, and replace base elements that it marks
/// `override: true`. Anything else that redefines a base element is a conflict (E310): nothing
/// is silently resolved. A criterion entry that repeats a base id without `override` may only
/// list indicators, which are then added to that criterion.

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/model/pack.hpp"

namespace tieuchi::model {

/// Merges `overlay` onto `base` and returns the merged pack (id, title, version, legal basis
/// and validity of the overlay; lineage base first). Conflicts are added to `diagnostics`.
TIEUCHI_API Pack merge(Pack base, Pack overlay, Diagnostics& diagnostics);

}  // namespace tieuchi::model
