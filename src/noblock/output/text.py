"""The human format: one finding a line (`path:row:col: CODE message`), then a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from noblock.findings import FileError, Finding
from noblock.rules import RULES_BY_CODE


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(findings: Sequence[Finding]) -> str:
    """`Found 3 blocking calls in 2 files.`, or that there are none."""
    if not findings:
        return "No blocking calls found."
    files = len({finding.filename for finding in findings})
    return f"Found {_plural(len(findings), 'blocking call')} in {_plural(files, 'file')}."


def finding_lines(findings: Sequence[Finding]) -> list[str]:
    """The plain text of each finding."""
    return [f"{f.filename}:{f.location.row}:{f.location.column}: {f.code} {f.message}" for f in findings]


def statistics_lines(findings: Sequence[Finding]) -> list[str]:
    """Count per code, most frequent first."""
    counts = Counter(finding.code for finding in findings)
    width = len(str(max(counts.values()))) if counts else 1
    return [
        f"{count:>{width}}\t{code}\t{RULES_BY_CODE[code].name}"
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def error_lines(errors: Sequence[FileError]) -> list[str]:
    """One line per file that could not be checked."""
    return [f"{error.filename}: error: {error.reason}" for error in errors]


def write_text(
    findings: Sequence[Finding],
    stream: TextIO,
    *,
    color: bool,
    statistics: bool,
    quiet: bool,
) -> None:
    """Write findings (or statistics) and, unless quiet, the summary."""
    if color:
        _write_rich(findings, stream, statistics=statistics, quiet=quiet)
        return
    for line in statistics_lines(findings) if statistics else finding_lines(findings):
        stream.write(line + "\n")
    if not quiet:
        stream.write(summary_line(findings) + "\n")


def _write_rich(findings: Sequence[Finding], stream: TextIO, *, statistics: bool, quiet: bool) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=stream, highlight=False, soft_wrap=True)
    if statistics:
        for line in statistics_lines(findings):
            count, code, name = line.split("\t")
            console.print(f"{escape(count)}\t[bold red]{code}[/]\t{escape(name)}")
    else:
        for f in findings:
            console.print(
                f"[bold]{escape(f.filename)}[/]:{f.location.row}:{f.location.column}: "
                f"[bold red]{f.code}[/] {escape(f.message)}"
            )
    if not quiet:
        style = "bold red" if findings else "bold green"
        console.print(f"[{style}]{escape(summary_line(findings))}[/]")
