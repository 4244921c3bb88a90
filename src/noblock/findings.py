"""What a check produces: findings and per-file errors, plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from noblock.fixes import FixPlan

if TYPE_CHECKING:
    from noblock.summary import ModuleSummary


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based row and column (columns count characters, not bytes)."""

    row: int
    column: int


@dataclass(frozen=True)
class Edit:
    """Replace the text from `location` to `end_location` (exclusive) with `content`."""

    content: str
    location: Location
    end_location: Location


# How often a call runs, of the runs of the function that makes it (`summary.Edge.runs`, `Hop.runs`).
ALWAYS = 0
SOMETIMES = 1  # in the body of an `if` or `while` (not `while True:`), a branch of `x if c else y`, a `case`
ON_ERROR = 2  # in an `except` handler or an `assert`'s message
# As JSON output names them, and as the text of a chain says them (nothing for `ALWAYS`).
RUNS_NAMES = ("always", "sometimes", "on error")
RUNS_NOTES = ("", ", only sometimes", ", on an error path")


@dataclass(frozen=True)
class Hop:
    """One step of the way from a call to a blocking call: a function, or the blocking call itself,
    and how often the step before it calls it (`ALWAYS` for the first: the coroutine's call)."""

    name: str
    filename: str
    row: int
    runs: int = ALWAYS


@dataclass(frozen=True)
class SourceLine:
    """One physical line of the checked file, without its line ending."""

    row: int
    text: str


@dataclass(frozen=True)
class Finding:
    """One blocking call inside an `async def`."""

    filename: str
    location: Location
    end_location: Location
    code: str
    message: str
    qualified_name: str | None
    replacement: str
    fix: FixPlan | None = None
    no_fix_reason: str | None = None
    edits: tuple[Edit, ...] = ()  # the fix as text edits, filled in only for output that shows them
    chain: tuple[Hop, ...] = ()  # for a call that blocks through project functions: the way down
    # The lines the call and its fix's edits touch, filled in only for output that quotes the source.
    lines: tuple[SourceLine, ...] = ()

    @property
    def code_range(self) -> tuple[int, int, int, int]:
        """Start and end as (row, column) pairs with 0-based columns, as libcst positions count."""
        return (
            self.location.row,
            self.location.column - 1,
            self.end_location.row,
            self.end_location.column - 1,
        )

    @property
    def noqa_row(self) -> int:
        """The line where a `# noqa` comment suppresses this finding."""
        return self.location.row

    def line(self, row: int) -> str | None:
        """The text of source line `row`, when the run attached it."""
        return next((line.text for line in self.lines if line.row == row), None)


@dataclass(frozen=True)
class FileError:
    """A file that could not be checked, and why."""

    filename: str
    reason: str


@dataclass(frozen=True)
class FileResult:
    """Everything one file produced: findings, or the error that stopped it."""

    filename: str
    findings: tuple[Finding, ...] = ()
    error: FileError | None = None
    fixed: tuple[Finding, ...] = ()  # findings whose fix was applied (or, with --diff, would be)
    fixed_text: str | None = None  # the fixed source, for standard input
    diff: str | None = None  # a unified diff of the fix, with --diff
    summary: ModuleSummary | None = None  # for the whole-project pass, when it runs
