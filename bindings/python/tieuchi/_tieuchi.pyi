"""
tieuchi native core (use the `tieuchi` package, not this module directly)
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import tieuchi.frames
import tieuchi.graph
import tieuchi.planning
import typing
__all__: list[str] = ['Accessor', 'Assessment', 'CheckError', 'CheckedExpr', 'DataError', 'Diagnostic', 'Environment', 'Error', 'LimitError', 'NodeKind', 'Pack', 'PackError', 'ParseError', 'Plan', 'PlanError', 'Program', 'Severity', 'Status', 'Type', 'UnitTable', 'analyze', 'assess', 'assess_units', 'check_pack_text', 'compile', 'is_workbook_path', 'list_packs', 'load_pack', 'messages', 'parse_horizon', 'parse_pin', 'parse_target', 'parse_weight', 'plan', 'read_budgets_csv', 'read_budgets_csv_text', 'read_costs_csv', 'read_costs_csv_text', 'read_unit_list', 'read_unit_list_text', 'read_units', 'read_units_csv', 'read_units_csv_text', 'read_units_workbook', 'version']

class Error(Exception):
    """Base of every tieuchi error; has .diagnostics."""
    diagnostics: list[Diagnostic]

class ParseError(Error):
    """The text of an expression or pack is malformed (E1xx)."""

class CheckError(Error):
    """Names, types or references are wrong (E2xx)."""

class PackError(Error):
    """A rule pack is invalid (E3xx, E4xx)."""

class DataError(Error):
    """Input data is invalid (E5xx)."""

class PlanError(Error):
    """The planning problem is invalid (E6xx)."""

class LimitError(Error):
    """A resource limit was exceeded."""
class Type:
    """
    Static type of an expression or input field.
    
    Members:
    
      number
    
      boolean
    
      string
    
      list
    
      null
    """
    __members__: typing.ClassVar[dict[str, Type]]
    boolean: typing.ClassVar[Type]
    list: typing.ClassVar[Type]
    null: typing.ClassVar[Type]
    number: typing.ClassVar[Type]
    string: typing.ClassVar[Type]
    @typing.overload
    def __eq__(self, other: Type) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: Type) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class Status:
    """
    Outcome of a rule for one unit.
    
    Members:
    
      unmet
    
      met
    
      unknown
    
      not_applicable
    """
    __members__: typing.ClassVar[dict[str, Status]]
    met: typing.ClassVar[Status]
    not_applicable: typing.ClassVar[Status]
    unknown: typing.ClassVar[Status]
    unmet: typing.ClassVar[Status]
    @typing.overload
    def __eq__(self, other: Status) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: Status) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class Severity:
    """
    Members:
    
      error
    
      warning
    
      note
    """
    __members__: typing.ClassVar[dict[str, Severity]]
    error: typing.ClassVar[Severity]
    note: typing.ClassVar[Severity]
    warning: typing.ClassVar[Severity]
    @typing.overload
    def __eq__(self, other: Severity) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: Severity) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class Diagnostic:
    """
    One problem found in user input, with a stable code and location.
    """
    def __repr__(self) -> str:
        ...
    def format(self) -> str:
        """
        Rendered text with the source line and a caret.
        """
    def to_dict(self) -> dict:
        """
        Every field as a dict (code, severity, message, file, sheet, line, row, column, column_name, field, rule_id, hint, where, and text: format()), e.g. for a JSON answer; places stay structured, never only in the text.
        """
    @property
    def code(self) -> str:
        """
        Stable code, e.g. 'E201'.
        """
    @property
    def column(self) -> int:
        """
        1-based column: in code points of `line`, or the table column's position (0 if none).
        """
    @property
    def column_name(self) -> str:
        """
        The data column the problem is about, if any.
        """
    @property
    def field(self) -> str:
        """
        The pack input field the problem is about, if any.
        """
    @property
    def file(self) -> str:
        """
        The input's path or name (same as source).
        """
    @property
    def hint(self) -> str:
        """
        How to fix it, e.g. a suggestion.
        """
    @property
    def line(self) -> int:
        """
        1-based line (0 if none).
        """
    @property
    def message(self) -> str:
        """
        One sentence.
        """
    @property
    def row(self) -> int:
        """
        Tables: the 1-based row as a spreadsheet numbers it (CSV: the header is row 1; DataFrame: row 1 is .iloc[0]); 0 if none.
        """
    @property
    def rule_id(self) -> str:
        """
        The indicator, criterion or table the problem is about, if any.
        """
    @property
    def severity(self) -> Severity:
        """
        error, warning or note.
        """
    @property
    def sheet(self) -> str:
        """
        Workbooks: the sheet ('' if none).
        """
    @property
    def source(self) -> str:
        """
        File name, '<expr>', or the table's name ('DataFrame').
        """
    @property
    def where(self) -> str:
        """
        The place alone, as format() prints it.
        """
class Accessor:
    """
    What a reference to a pack node reads.
    
    Members:
    
      met
    
      value
    
      gap
    
      applicable
    """
    __members__: typing.ClassVar[dict[str, Accessor]]
    applicable: typing.ClassVar[Accessor]
    gap: typing.ClassVar[Accessor]
    met: typing.ClassVar[Accessor]
    value: typing.ClassVar[Accessor]
    @typing.overload
    def __eq__(self, other: Accessor) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: Accessor) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
class Environment:
    """
    The names an expression may use: fields, parameters and pack nodes.
    """
    def __getstate__(self) -> tuple[int, list]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def add_field(self, name: str, type: Type, unit: str = '') -> int:
        """
        Declare an input field; returns its slot.
        """
    def add_node(self, id: str, value_type: Type, unit: str = '') -> None:
        """
        Declare a pack node that met()/value()/gap()/applicable() may reference.
        """
    def add_parameter(self, name: str, type: Type, unit: str = '') -> int:
        """
        Declare a parameter; returns its slot.
        """
    def names(self) -> list[str]:
        """
        Declared field and parameter names.
        """
class CheckedExpr:
    """
    A parsed, resolved and typed expression.
    """
    def __getstate__(self) -> tuple[int, list, tuple]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def print(self) -> str:
        """
        Canonical fully parenthesised form.
        """
    @property
    def rule_id(self) -> str:
        """
        The rule id given to analyze (named in diagnostics).
        """
    @property
    def text(self) -> str:
        """
        The source text.
        """
    @property
    def type(self) -> Type:
        """
        The static type of the expression.
        """
class Program:
    """
    Compiled expressions (immutable, thread-safe).
    """
    def __getstate__(self) -> tuple[int, list, list, bool]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def disassemble(self) -> str:
        """
        Readable instruction listing.
        """
    def evaluate(self, env: Environment, inputs: dict) -> list:
        """
        Evaluate every output for one unit given as {name: value}; None is missing.
        """
    def evaluate_batch(self, env: Environment, columns: dict, threads: typing.SupportsInt | typing.SupportsIndex = 1, chunk_rows: typing.SupportsInt | typing.SupportsIndex = 1024) -> list:
        """
        Evaluate over columns {name: array}; returns [(values float64, status uint8 or None)] per output.
        """
    def gaps(self, env: Environment, inputs: dict, output: typing.SupportsInt | typing.SupportsIndex = 0) -> list:
        """
        Shortfalls of a failed boolean output for one unit (list of dicts).
        """
    def output_type(self, output: typing.SupportsInt | typing.SupportsIndex) -> Type:
        """
        The static type of an output.
        """
    @property
    def instruction_count(self) -> int:
        """
        Instructions after folding and deduplication.
        """
    @property
    def output_count(self) -> int:
        """
        Number of compiled expressions.
        """
class NodeKind:
    """
    What a node of the dependency graph stands for.
    
    Members:
    
      field
    
      key
    
      parameter
    
      table
    
      indicator
    
      criterion
    
      level
    """
    __members__: typing.ClassVar[dict[str, NodeKind]]
    criterion: typing.ClassVar[NodeKind]
    field: typing.ClassVar[NodeKind]
    indicator: typing.ClassVar[NodeKind]
    key: typing.ClassVar[NodeKind]
    level: typing.ClassVar[NodeKind]
    parameter: typing.ClassVar[NodeKind]
    table: typing.ClassVar[NodeKind]
    @typing.overload
    def __eq__(self, other: NodeKind) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: NodeKind) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class Pack:
    """
    A checked and compiled rule pack (immutable, thread-safe).
    """
    def __getstate__(self) -> tuple[int, list]:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def assess(self, df: typing.Any, year: int | None = None, **options: typing.Any) -> tieuchi.frames.AssessedFrame:
        """
        Assess every row of the DataFrame `df` against this pack for `year` (see
            :func:`tieuchi.assess_frame` for the options).
        """
    def column_title(self, column: str, lang: str = 'vi') -> str:
        """
        The title for people of a column of the assessment's tables in `lang`: its header from the catalogue, 'TC2. <name>' for a criterion, a level's name, else the column itself.
        """
    def dependencies(self, id: str) -> list[str]:
        """
        Everything the node depends on, transitively.
        """
    def dependents(self, id: str) -> list[str]:
        """
        Everything that depends on the node (what fixing it can unlock).
        """
    def describe(self) -> str:
        """
        The pack as JSON text (schema tieuchi.pack/1, docs/pack-format.md#description): identity, lineage, keys, fields, criteria and indicators, levels, parameters with every value's provenance and verification status, tables, threshold summary. The service's GET /v1/packs/{id} and `tieuchi show --json` give the same text.
        """
    def diff(self, newer: Pack, old_year: typing.SupportsInt | typing.SupportsIndex | None = None, new_year: typing.SupportsInt | typing.SupportsIndex | None = None, format: str = 'markdown') -> str:
        """
        What changed from this pack to `newer`, thresholds read for `old_year` and `new_year` (default: this pack's last year, the newer one's first): a Markdown report, or JSON (schema tieuchi.pack-diff/1) as `tieuchi diff --format json` writes it. DataError E506 for a year outside a pack's validity.
        """
    def evaluate(self, inputs: dict, year: typing.SupportsInt | typing.SupportsIndex | None = None) -> dict:
        """
        Assess one unit (scalar path, with reasons): {node id: {kind, status, value, gap, threshold, reasons}}.
        """
    def graph_edges(self) -> list:
        """
        Every edge ((kind, id) dependency, (kind, id) dependent, edge kind).
        """
    def lower(self, year: typing.SupportsInt | typing.SupportsIndex | None = None) -> typing.Any:
        """
        The rules for one assessment year as expression trees (parameters resolved per key, tables
        as if-chains), for translating them to other engines; see docs/pack-format.md#lowered-form.
        """
    def nodes(self) -> list:
        """
        Evaluable nodes in evaluation order: (kind, id, label).
        """
    def plan(self, df: typing.Any, year: int | None = None, **options: typing.Any) -> tieuchi.planning.PlanFrame:
        """
        Assess `df` (with costs) and plan its remediation (see :func:`tieuchi.plan` for the options,
            e.g. ``targets=["ntm:2024"]``).
        """
    def run_tests(self, inherited: bool = False) -> dict:
        """
        Run the pack's own tests.
        """
    def template(self, path: typing.Any, units: typing.Any = None, year: int | None = None, lang: str = 'vi', recognized_column: bool = True) -> None:
        """
        Write the input template of this pack (see :func:`tieuchi.write_template`).
        """
    def thresholds(self) -> dict:
        """
        Threshold values by verification status, and the parameters without a value.
        """
    def to_dot(self) -> str:
        """
        Graphviz DOT.
        """
    def write_template(self, path: str, ids: collections.abc.Sequence[str], names: collections.abc.Sequence[str], districts: collections.abc.Sequence[str], year: typing.SupportsInt | typing.SupportsIndex | None = None, lang: str = 'vi', recognized_column: bool = True, empty_rows: typing.SupportsInt | typing.SupportsIndex = 200) -> None:
        """
        Write the input template (io::write_template): what `tieuchi template` writes. Use Pack.template(path, units=...).
        """
    @property
    def criteria(self) -> list:
        """
        Criteria with their indicator ids.
        """
    @property
    def default_year(self) -> int:
        """
        The year used when none is given (the first year of the validity).
        """
    @property
    def fields(self) -> list:
        """
        Input fields: name, type, unit, description, allowed values, min and max (None when unbounded).
        """
    @property
    def graph(self) -> tieuchi.graph.DependencyGraph:
        """
        The dependency graph (networkx and DOT exports, transitive queries, plot).
        """
    @property
    def id(self) -> str:
        """
        Pack id.
        """
    @property
    def indicators(self) -> list:
        """
        Indicators with their rule text and provenance.
        """
    @property
    def levels(self) -> list:
        """
        Levels and conditions: id, name, requires, revokes, condition.
        """
    @property
    def lineage(self) -> list[str]:
        """
        Pack ids, base first (overlays extend their base).
        """
    @property
    def title(self) -> dict:
        """
        Title in Vietnamese and English.
        """
    @property
    def valid(self) -> tuple[typing.Any, typing.Any]:
        """
        Years the pack applies to (from, to).
        """
    @property
    def version(self) -> str:
        """
        Pack version.
        """
class Assessment:
    """
    Statuses, values and gaps of every node for every unit (immutable).
    """
    def __len__(self) -> int:
        """
        Number of units.
        """
    def annexes_json(self, lang: str = 'vi', recognized: str = 'recognized', plan_name: str = '', district: str = '', review_outcome: str = '') -> str:
        """
        The review annexes and the table of every unit as data (schema tieuchi.annexes/1, io::write_annexes_json): what the web page shows; `district` and `review_outcome` keep only those units (empty: all).
        """
    def base_criteria(self) -> list[str]:
        """
        Ids of the criteria of the planning table: those the lowest level requires (all criteria when the pack has no levels).
        """
    def cost(self, node: str) -> numpy.typing.NDArray[numpy.float64]:
        """
        Indicator remediation costs per unit when assessed with costs=True (0 met, NaN unknown or without a cost model); empty otherwise. A read-only view.
        """
    def explain(self, unit: str, node: str, lang: str = 'en', depth: typing.SupportsInt | typing.SupportsIndex = 1) -> str:
        """
        Why `node` has its status for `unit`, down to values and thresholds.
        """
    def gap(self, node: str) -> numpy.typing.NDArray[numpy.float64]:
        """
        Indicator gaps per unit (0 met, NaN unknown); a read-only view.
        """
    def highest_level(self) -> list:
        """
        The highest level each unit meets (None if none).
        """
    def levels(self) -> list[str]:
        """
        Ids of the levels a unit can reach, lowest first (conditions excluded).
        """
    def long_csv(self) -> str:
        """
        One row per unit and node (status, value, threshold, gap) as CSV text: assessment-long.csv of `tieuchi assess --format csv`.
        """
    def nodes(self) -> list:
        """
        (kind, id) of every node, in evaluation order.
        """
    def planning_table_csv(self, recognized: str = 'recognized') -> str:
        """
        The wide planning table as CSV text.
        """
    def status(self, node: str) -> numpy.typing.NDArray[numpy.uint8]:
        """
        Status codes of `node` per unit (uint8: 0 unmet, 1 met, 2 unknown, 3 not applicable); a read-only view.
        """
    def status_matrix(self, nodes: collections.abc.Sequence[str]) -> numpy.typing.NDArray[numpy.uint8]:
        """
        Status codes of `nodes` (ids) as a units x nodes uint8 array (column-major: pandas' layout), a copy the caller owns.
        """
    def summarize(self, recognized: str = 'recognized') -> dict:
        """
        The summary as data: criteria and levels counted for the province and each district, the review of every recognized unit (keeps / short_of / revocation / cannot_tell), unverified values read, and the inputs missing most.
        """
    def summary(self, lang: str = 'en', recognized: str = 'recognized') -> str:
        """
        The summary as `tieuchi assess` prints it.
        """
    def table(self, name: str, lang: str = 'en', recognized: str = 'recognized') -> list:
        """
        A typed table as columns (dicts: name, title, type, values, mask, labels, label_titles, ordered): 'planning' (assess::planning_table) or 'shortfalls' (assess::shortfalls_table); titles in `lang`. tieuchi.AssessedFrame.wide() and shortfalls() make DataFrames of them.
        """
    def threshold(self, node: str) -> numpy.typing.NDArray[numpy.float64]:
        """
        The threshold that applied to each unit (NaN if none).
        """
    def to_json(self, recognized: str = 'recognized') -> str:
        """
        The JSON report (schema tieuchi.assessment/1).
        """
    def value(self, node: str) -> numpy.typing.NDArray[numpy.float64]:
        """
        Values of `node` per unit (NaN missing); a read-only view.
        """
    def write_workbook(self, path: str, lang: str = 'vi', recognized: str = 'recognized', plan_name: str = '') -> None:
        """
        Write the review annexes (Biểu 01, 02: io::write_review_workbook) and the tables behind them to an .xlsx file: what `tieuchi assess --xlsx` writes.
        """
    @property
    def districts(self) -> list[str]:
        """
        Unit districts, in order (empty strings when none were given).
        """
    @property
    def elapsed_seconds(self) -> float:
        """
        Wall-clock seconds the C++ assessment took (excluding the Python conversion).
        """
    @property
    def ids(self) -> list[str]:
        """
        Unit ids, in order.
        """
    @property
    def names(self) -> list[str]:
        """
        Unit names, in order (empty strings when none were given).
        """
    @property
    def pack(self) -> Pack:
        """
        The pack assessed against.
        """
    @property
    def year(self) -> int:
        """
        The assessment year.
        """
class UnitTable:
    """
    Validated units (read_units); assess them with tieuchi.assess.
    """
    def __len__(self) -> int:
        """
        Number of units.
        """
    def numbers(self, name: str) -> list[float]:
        """
        A number or yes/no input as read (yes/no as 1.0/0.0, NaN missing), as a list.
        """
    @property
    def ids(self) -> list[str]:
        """
        Unit ids, in order.
        """
class Plan:
    """
    A remediation roadmap (see docs/planning.md).
    """
    def __len__(self) -> int:
        """
        Number of tasks.
        """
    def annexes_json(self, lang: str = 'vi', plan_name: str = '', district: str = '', review_outcome: str = '', plan_outcome: str = '') -> str:
        """
        The annexes (review and roadmap), the tasks per agency, the targets not met on time and the budgets as data (schema tieuchi.annexes/1, io::write_annexes_json): what the web page shows.
        """
    def budgets_csv(self) -> str:
        """
        Per budget and year: planned, limit, left.
        """
    def outcomes_csv(self, lang: str = 'en') -> str:
        """
        One row per unit and target: outcome, reached year, cost, reasons (in `lang`), extra budget: outcomes.csv of `tieuchi plan --lang`.
        """
    def roadmap_csv(self) -> str:
        """
        The roadmap table: unit rows, criterion columns, the planned year in each cell.
        """
    def summary(self, lang: str = 'en') -> str:
        """
        The summary as `tieuchi plan` prints it.
        """
    def table(self, name: str, lang: str = 'en') -> list:
        """
        A typed table as columns (see Assessment.table): 'tasks', 'roadmap', 'outcomes' or 'budgets' (tieuchi/plan/tables.hpp), titles, outcome and scope words and reasons in `lang`.
        """
    def tasks_csv(self) -> str:
        """
        Tasks: start_year, end_year, id, name, district, criterion, indicator, cost, agency, pinned.
        """
    def to_json(self, lang: str = 'en') -> str:
        """
        The whole plan as JSON (schema tieuchi.plan/1), reasons in `lang`: plan.json of `tieuchi plan --lang`.
        """
    def write_workbook(self, path: str, lang: str = 'vi', plan_name: str = '') -> None:
        """
        Write the annexes (review Biểu 01, 02 and roadmap Biểu 03, 04: io::write_plan_workbook) and the plan's tables to an .xlsx file: what `tieuchi plan --xlsx` writes.
        """
    @property
    def assessment(self) -> Assessment:
        """
        The assessment the plan was made from.
        """
    @property
    def bound(self) -> float:
        """
        The best upper bound known on the objective (the solver's, else the budget relaxation's).
        """
    @property
    def cost_unit(self) -> str:
        """
        E.g. 'million VND'.
        """
    @property
    def first_year(self) -> int:
        """
        First year of the horizon.
        """
    @property
    def gap(self) -> float:
        """
        (bound - objective) / bound: how far below the optimum the plan may be (0 when optimal).
        """
    @property
    def last_year(self) -> int:
        """
        Last year of the horizon.
        """
    @property
    def method(self) -> str:
        """
        'greedy' or 'exact' (small instances are solved exactly).
        """
    @property
    def objective(self) -> float:
        """
        Total value of the targets met on time.
        """
    @property
    def optimal(self) -> bool:
        """
        Whether the objective is proven optimal.
        """
    @property
    def policy(self) -> str:
        """
        The priority policy used.
        """
    @property
    def total_cost(self) -> float:
        """
        Cost of every task.
        """
def analyze(text: str, env: Environment, expected: Type | None = None, rule_id: str = '') -> CheckedExpr:
    """
    Parse and check an expression; raises ParseError or CheckError with .diagnostics.
    """
def assess(pack: Pack, units: UnitTable, year: typing.SupportsInt | typing.SupportsIndex | None = None, threads: typing.SupportsInt | typing.SupportsIndex = 0, values: bool = True, gaps: bool = True, costs: bool = False) -> Assessment:
    """
    Assess validated units (tieuchi.read_units) in `year`. `threads` = 0 uses every core (results do not depend on it). Numeric columns are read in place: do not modify them while the result is in use. Use tieuchi.assess_frame for pandas DataFrames.
    """
def assess_units(pack: Pack, columns: dict, file: str = 'DataFrame', id: str = 'id', name: str = 'name', district: str = 'district', attributes: collections.abc.Sequence[str] = [], optional_attributes: collections.abc.Sequence[str] = [], allow_missing_columns: bool = False, ignore_unknown_columns: bool = False, first_row: typing.SupportsInt | typing.SupportsIndex = 1, year: typing.SupportsInt | typing.SupportsIndex | None = None, threads: typing.SupportsInt | typing.SupportsIndex = 0, values: bool = True, gaps: bool = True, costs: bool = False) -> tuple[Assessment, list[Diagnostic]]:
    """
    read_units then assess in one call, with the same result and the same diagnostics (DataError listing every problem), the numbers' range checks made as the assessment reads each chunk. Returns (Assessment, warnings). Use tieuchi.assess_frame for pandas DataFrames.
    """
def check_pack_text(text: str, name: str = 'pack.yaml', pack_path: collections.abc.Sequence[str] = [], default_path: bool = True) -> tuple[Pack, list[Diagnostic]]:
    """
    Read, merge and build a pack given as YAML text; its `extends:` must be a pack id on the path (no file is read that the text names). Returns (pack or None, every diagnostic); never raises for a bad pack.
    """
def compile(exprs: collections.abc.Sequence[CheckedExpr], gaps: bool = False) -> Program:
    """
    Compile checked expressions into one Program.
    """
def is_workbook_path(path: str) -> bool:
    """
    Whether `path` ends in .xlsx, .xlsm, .xls or .ods (read as a workbook, not CSV).
    """
def list_packs(pack_path: collections.abc.Sequence[str] = [], default_path: bool = True) -> list[tuple[str, str]]:
    """
    The packs on the path as (id, file), sorted by id; an id in two folders once, from the first.
    """
def load_pack(name: str, pack_path: collections.abc.Sequence[str] = [], ids_only: bool = False, default_path: bool = True) -> tuple[Pack, list[Diagnostic]]:
    """
    Load a pack by id or path (with its `extends:` chain). Returns (pack, warnings); raises PackError with .diagnostics on errors. `ids_only`: `name` and every `extends:` must be pack ids found on the path, never file paths. `default_path`: search the built-in packs (and TIEUCHI_PACK_PATH) after `pack_path`.
    """
def messages(lang: str) -> dict:
    """
    The message catalogue in `lang` ('vi' or 'en'): message id -> text, e.g. 'status.met' -> 'Đạt'. Every word of the reports, the summary and the workbook headers comes from it; texts may hold '{}' placeholders.
    """
def parse_horizon(text: str, field: str = 'horizon') -> tuple[int, int]:
    """
    '2023-2025' or one year as (first, last); PlanError E612 names `field`.
    """
def parse_pin(text: str, field: str = 'pin') -> tuple[str, str, int]:
    """
    'UNIT:INDICATOR:YEAR' as (unit, indicator, year); PlanError E612 names `field`.
    """
def parse_target(text: str, field: str = 'target') -> tuple[str, int, bool]:
    """
    'level:year' or 'level:year:all' as (level, year, all_units); PlanError E612 names `field`.
    """
def parse_weight(text: str, field: str = 'weight') -> tuple[str, float]:
    """
    'ID=NUMBER' as (id, weight); PlanError E612 names `field`.
    """
def plan(assessment: Assessment, targets: collections.abc.Sequence[str], first_year: typing.SupportsInt | typing.SupportsIndex | None = None, last_year: typing.SupportsInt | typing.SupportsIndex | None = None, budgets: collections.abc.Sequence[tuple[typing.SupportsInt | typing.SupportsIndex, str, str, typing.SupportsFloat | typing.SupportsIndex]] = [], costs: collections.abc.Sequence[tuple[str, str, typing.SupportsFloat | typing.SupportsIndex | None, typing.SupportsFloat | typing.SupportsIndex | None, typing.SupportsFloat | typing.SupportsIndex | None, str]] = [], policy: str = 'protect_recognized', weights: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex] = {}, pins: collections.abc.Sequence[tuple[str, str, typing.SupportsInt | typing.SupportsIndex]] = [], recognized: str = 'recognized', method: str = 'auto', time_limit: typing.SupportsFloat | typing.SupportsIndex = 10.0, threads: typing.SupportsInt | typing.SupportsIndex = 1) -> Plan:
    """
    Plan the remediation of an assessment made with costs=True. method: auto, exact or greedy; time_limit: seconds for the MILP solver. targets: ['ntm:2024', ...]; budgets: [(year, scope, name, amount)]; costs: [(indicator, unit, fixed, per_gap, duration_months, agency)]; pins: [(unit, indicator, year)]. Use tieuchi.plan for DataFrames.
    """
def read_budgets_csv(path: str) -> list[tuple[int, str, str, float]]:
    """
    Budgets from CSV as (year, scope, name, amount); PlanError names bad cells (row, column).
    """
def read_budgets_csv_text(text: str, source: str = 'DataFrame', header_row: typing.SupportsInt | typing.SupportsIndex = 0) -> list[tuple[int, str, str, float]]:
    """
    Budgets from CSV text (a DataFrame's to_csv): the reader of read_budgets_csv, rows numbered from the header's `header_row` (0: the first row is row 1, as df.iloc[0]).
    """
def read_costs_csv(path: str) -> list[tuple[str, str, float | None, float | None, float | None, str]]:
    """
    Cost overrides from CSV as (indicator, unit, fixed, per_gap, duration_months, agency).
    """
def read_costs_csv_text(text: str, source: str = 'DataFrame', header_row: typing.SupportsInt | typing.SupportsIndex = 0) -> list[tuple[str, str, float | None, float | None, float | None, str]]:
    """
    Cost overrides from CSV text (a DataFrame's to_csv), as read_costs_csv reads a file.
    """
def read_unit_list(path: str) -> tuple[list[str], list[str], list[str]]:
    """
    A list of units from CSV (io::read_unit_list_csv: id or code, name or commune, district) as (ids, names, districts); raises DataError.
    """
def read_unit_list_text(text: str, file: str = 'units.csv') -> tuple[list[str], list[str], list[str]]:
    """
    read_unit_list from CSV text (io::read_unit_list_csv_text); diagnostics name `file`.
    """
def read_units(pack: Pack, columns: dict, file: str = 'DataFrame', id: str = 'id', name: str = 'name', district: str = 'district', attributes: collections.abc.Sequence[str] = [], optional_attributes: collections.abc.Sequence[str] = [], allow_missing_columns: bool = False, ignore_unknown_columns: bool = False, first_row: typing.SupportsInt | typing.SupportsIndex = 1) -> tuple[UnitTable, list[Diagnostic]]:
    """
    Validate a table of units against `pack` with the one unit validation the CSV reader uses, and return (UnitTable, warnings). `columns` maps each column name (in table order) to: a numeric array (NaN missing; read in place), ('masked', values, mask) with mask True = missing, ('coded', int32 codes, list of str) with -1 missing, ('arrow', int64 offsets, uint8 data), or a list of str (None missing); text is parsed as the CSV reader parses it. Raises DataError whose diagnostics name the row (`first_row` is the row of the first unit) and the column of every problem. Use tieuchi.assess_frame for pandas DataFrames.
    """
def read_units_csv(pack: Pack, path: str, id: str = 'id', name: str = 'name', district: str = 'district', attributes: collections.abc.Sequence[str] = [], optional_attributes: collections.abc.Sequence[str] = [], allow_missing_columns: bool = False, ignore_unknown_columns: bool = False) -> tuple[UnitTable, list[Diagnostic]]:
    """
    Read a CSV file of units with the CSV reader of `tieuchi assess` and validate it (the same diagnostics, rows numbered as a spreadsheet shows them). Returns (UnitTable, warnings); raises DataError.
    """
@typing.overload
def read_units_csv_text(pack: Pack, text: bytes, file: str = 'units.csv', id: str = 'id', name: str = 'name', district: str = 'district', attributes: collections.abc.Sequence[str] = [], optional_attributes: collections.abc.Sequence[str] = [], allow_missing_columns: bool = False, ignore_unknown_columns: bool = False) -> tuple[UnitTable, list[Diagnostic]]:
    """
    read_units_csv for CSV text (e.g. an uploaded file: str, or its bytes as they came); `file` is the name diagnostics give. The same reader, validation and diagnostics as `tieuchi assess` on a file with that text.
    """
@typing.overload
def read_units_csv_text(pack: Pack, text: str, file: str = 'units.csv', id: str = 'id', name: str = 'name', district: str = 'district', attributes: collections.abc.Sequence[str] = [], optional_attributes: collections.abc.Sequence[str] = [], allow_missing_columns: bool = False, ignore_unknown_columns: bool = False) -> tuple[UnitTable, list[Diagnostic]]:
    """
    read_units_csv for CSV text (e.g. an uploaded file: str, or its bytes as they came); `file` is the name diagnostics give. The same reader, validation and diagnostics as `tieuchi assess` on a file with that text.
    """
def read_units_workbook(pack: Pack, file: str, sheet_names: collections.abc.Sequence[str], load: typing.Any, open_error: str = '', leading_bytes: bytes = b'', sheet: str = '', id: str = 'id', name: str = 'name', district: str = 'district', attributes: collections.abc.Sequence[str] = [], optional_attributes: collections.abc.Sequence[str] = [], allow_missing_columns: bool = False, ignore_unknown_columns: bool = False) -> tuple[UnitTable, list[Diagnostic]]:
    """
    The workbook door's transport (use tieuchi.read_units(pack, path) or pack.assess(path)): the sheet names, load(index) -> (name, first_row, first_column, rows, merged ranges as 1-based (r1, c1, r2, c2)), or the reader's error and the file's first bytes. The library picks the sheet, finds the header and validates (io::read_units_workbook). Returns (UnitTable, warnings); raises DataError.
    """
def version() -> str:
    """
    The version of the native library.
    """
