"""What a check produces: findings and per-file errors, plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based row and column (columns count characters, not bytes)."""

    row: int
    column: int


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

    @property
    def noqa_row(self) -> int:
        """The line where a `# noqa` comment suppresses this finding."""
        return self.location.row


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
