"""tieuchi: assess administrative units against a government criteria set.

The native core is ``tieuchi._tieuchi``; this package re-exports it. Expressions::

    import tieuchi
    env = tieuchi.Environment()
    env.add_field("irrigated_share", tieuchi.Type.number)
    rule = tieuchi.analyze("irrigated_share >= 80%", env, expected=tieuchi.Type.boolean)
    program = tieuchi.compile([rule])
    program.evaluate(env, {"irrigated_share": 0.72})   # [False]
"""

from ._tieuchi import (
    Accessor,
    CheckedExpr,
    CheckError,
    DataError,
    Diagnostic,
    Environment,
    Error,
    LimitError,
    PackError,
    ParseError,
    Program,
    Severity,
    Status,
    Type,
    analyze,
    compile,
    version,
)

__version__: str = version()

__all__ = [
    "Accessor",
    "CheckedExpr",
    "CheckError",
    "DataError",
    "Diagnostic",
    "Environment",
    "Error",
    "LimitError",
    "PackError",
    "ParseError",
    "Program",
    "Severity",
    "Status",
    "Type",
    "__version__",
    "analyze",
    "compile",
    "version",
]
