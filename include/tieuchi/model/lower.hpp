#pragma once
/// @file model/lower.hpp
/// A rule set written out for one assessment year as plain expression trees, for tools that
/// translate the rules to another engine (see benchmarks/translate.py) or audit them.
///
/// Lowering resolves what the engine otherwise resolves at run time: every parameter becomes a
/// constant or a case list over its keys (including the "key unknown" case), `year` becomes a
/// number and every decision table becomes its `if ... then ... else null` chain. Node references
/// (`met("2.1")`, `value(..)`, `gap(..)`, `applicable(..)`) are kept: nodes come in evaluation
/// order, so a translator defines each before its first use.
///
/// The semantics a translator must reproduce are those of docs/language.md (Kleene logic, a
/// missing operand makes arithmetic and comparisons missing) and of docs/assessment.md:
///  - indicator status: `not_applicable` when `applies_if` is false, `unknown` when it is unknown,
///    else the rule's truth value (`unknown` when the rule is unknown);
///  - criterion/level with no `rule`: Kleene "all" of its applicable members (`unmet` if any is
///    unmet, else `unknown` if any is unknown, else `met`; `not_applicable` when none applies);
///    with a `rule`, the rule's truth value;
///  - then a level's `requires`: an unmet required level makes it unmet, an unknown one makes a
///    result that is not unmet unknown.

#include <string>

#include "tieuchi/export.hpp"
#include "tieuchi/model/ruleset.hpp"

namespace tieuchi::model {

/// The rule set for `year` as a JSON document (UTF-8, one line). Layout, with every expression
/// a tree `{"t": kind, "a": [children], ...}` described in docs/pack-format.md#lowered-form:
///
///     {"format": "tieuchi-lowered/1", "pack": "...", "year": 2024,
///      "fields": [{"name": "region", "type": "string", "values": [..]},
///                 {"name": "income.per_capita", "type": "number", "unit": "..", "min": 0}, ..],
///      "nodes": [{"kind": "key", "id": "threshold_region", "values": [..], "expr": tree},
///                {"kind": "table", "id": "..", "type": "number", "expr": tree},
///                {"kind": "indicator", "id": "2.1", "rule": tree, "applies_if": tree|null,
///                 "value": tree|null},
///                {"kind": "criterion"|"level", "id": "TC2", "members": ["2.1", ..],
///                 "rule": tree|null, "requires": "ntm"|null, "condition": false}, ..]}
///
/// Throws tieuchi::Error if an expression of the rule set cannot be parsed (it was checked when
/// the rule set was built, so this does not happen for a built rule set).
TIEUCHI_API std::string lower_to_json(const RuleSet& rules, int year);

}  // namespace tieuchi::model
