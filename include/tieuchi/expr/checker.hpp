#pragma once
/// @file expr/checker.hpp
/// Static checking: every name resolved, every type and arity checked, before anything runs.
///
/// The Environment declares what an expression may refer to: input fields (with dotted names),
/// parameters (thresholds whose value the caller resolves per unit, e.g. by region and year)
/// and nodes of a pack (for `met("2.1")`, `value("10")`, `gap("2.1")`, `applicable("6.3")`).
/// Each declared symbol gets a *slot*: the index through which evaluation receives its value.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/expr/ast.hpp"
#include "tieuchi/expr/functions.hpp"
#include "tieuchi/expr/parser.hpp"
#include "tieuchi/value.hpp"

namespace tieuchi::expr {

/// What a symbol is.
enum class SymbolKind : std::uint8_t {
  field,      ///< an input of the unit
  parameter,  ///< a value the caller supplies per unit or batch (thresholds)
  reference,  ///< `met("id")` etc.: the result of another node
  derived,    ///< a named value computed by the embedder before the rules that read it (a
              ///< pack's keys and decision tables); looked up by plain name like a field
};

/// Whether `name` may be declared as a field, parameter or derived value: identifiers joined by
/// dots (`roads.paved_ratio`), each a letter or `_` followed by letters, digits or `_`, none a
/// keyword of the language (`and`, `or`, `not`, `in`, `if`, `then`, `else`, `true`, `false`, `null`).
TIEUCHI_API bool is_identifier(std::string_view name) noexcept;

/// The accessors a reference to a pack node offers.
enum class Accessor : std::uint8_t {
  met,         ///< `met("id")`: boolean, unknown when the node is unknown
  value,       ///< `value("id")`: the node's value (type declared with the node)
  gap,         ///< `gap("id")`: the node's shortfall, a number
  applicable,  ///< `applicable("id")`: boolean, false when not applicable
};
TIEUCHI_API std::string_view to_string(Accessor a) noexcept;

/// A declared name.
struct Symbol {
  SymbolKind kind;
  Type type;
  std::uint32_t slot;
  std::string name;    ///< field/parameter name, or the node id for references
  Accessor accessor = Accessor::value;  ///< references only
  std::string unit;    ///< e.g. "%", "km", "million VND/person/year"; informational
};

/// The names an expression may use. Build it once, check many expressions against it; it must
/// outlive nothing (checked expressions copy what they need). Not thread-safe while being built.
class TIEUCHI_API Environment {
 public:
  explicit Environment(std::shared_ptr<const FunctionRegistry> functions = FunctionRegistry::builtins());

  /// Declares an input field. Returns its slot. Throws std::invalid_argument on a duplicate name
  /// or a name that is not a (dotted) identifier.
  std::uint32_t add_field(std::string name, Type type, std::string unit = {});
  /// Declares a parameter (a value the caller supplies per unit or per batch).
  std::uint32_t add_parameter(std::string name, Type type, std::string unit = {});
  /// Declares a derived value (see SymbolKind::derived). Returns its slot.
  std::uint32_t add_derived(std::string name, Type type, std::string unit = {});
  /// Declares a pack node that expressions may reference; `value_type` is the type of
  /// `value("id")`. Creates one slot per accessor.
  void add_node(std::string id, Type value_type, std::string unit = {});

  /// A field or parameter by name, or null.
  const Symbol* find(std::string_view name) const;
  /// A node reference slot, or null when the node is not declared.
  const Symbol* find_reference(std::string_view node_id, Accessor accessor) const;
  /// Every symbol, indexed by slot.
  const std::vector<Symbol>& symbols() const noexcept { return symbols_; }
  std::size_t slot_count() const noexcept { return symbols_.size(); }
  const FunctionRegistry& functions() const noexcept { return *functions_; }
  const std::shared_ptr<const FunctionRegistry>& function_registry() const noexcept { return functions_; }

  /// Up to three declared names close to `name` (edit distance), best first.
  std::vector<std::string> suggest(std::string_view name) const;
  /// Up to three declared node ids close to `id`.
  std::vector<std::string> suggest_node(std::string_view id) const;

 private:
  std::uint32_t add_symbol(Symbol s);
  std::uint32_t add_named(SymbolKind kind, std::string name, Type type, std::string unit);
  std::shared_ptr<const FunctionRegistry> functions_;
  std::vector<Symbol> symbols_;
  std::map<std::string, std::uint32_t, std::less<>> by_name_;
  std::map<std::string, std::uint32_t, std::less<>> nodes_;  // id -> first slot
};

/// How a node of the AST was resolved by the checker.
struct Resolution {
  enum class Kind : std::uint8_t { none, slot, function };
  Kind kind = Kind::none;
  std::uint32_t index = 0;  ///< slot (names, references) or function index in the registry
};

/// A use of a symbol in an expression (for dependency graphs and "missing field" reports).
struct SymbolUse {
  std::uint32_t slot;
  SourceSpan span;
};

/// An AST whose names are resolved and whose every node is typed. Immutable.
struct CheckedExpr {
  Ast ast;
  std::vector<Type> types;             ///< per node
  std::vector<Resolution> resolution;  ///< per node
  std::vector<SymbolUse> uses;         ///< in source order
  std::shared_ptr<const FunctionRegistry> functions;
  std::vector<Symbol> symbols;         ///< copy of the environment's symbols (slot-indexed)
  std::string rule_id;
  Type type() const { return types.at(ast.root); }
};

/// Options for checking.
struct CheckOptions {
  std::optional<Type> expected;  ///< e.g. boolean for an indicator rule (E211 otherwise)
  std::string rule_id;           ///< copied into every diagnostic
  Limits limits;                 ///< used by `analyze`
};

struct CheckResult {
  std::optional<CheckedExpr> expr;
  Diagnostics diagnostics;  ///< errors and warnings (e.g. W201)
  bool ok() const noexcept { return expr.has_value() && !diagnostics.has_errors(); }
};

/// Checks a parsed expression. Reports every problem found, not only the first.
TIEUCHI_API CheckResult check(Ast ast, const Environment& env, const CheckOptions& options = {});
/// Parses then checks.
TIEUCHI_API CheckResult analyze(SourcePtr source, const Environment& env, const CheckOptions& options = {});
TIEUCHI_API CheckResult analyze(std::string_view text, const Environment& env, const CheckOptions& options = {});
/// Parses and checks; throws ParseError or CheckError.
TIEUCHI_API CheckedExpr analyze_or_throw(std::string_view text, const Environment& env,
                             const CheckOptions& options = {});

}  // namespace tieuchi::expr
