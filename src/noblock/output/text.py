"""The human format: one finding a line (`path:row:col: CODE [*] message`), then a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from noblock.findings import FileError, Finding
from noblock.rules import RULES_BY_CODE
from noblock.unused_noqa import UNUSED_NOQA


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 file`, `2 files`; `words` for a plural that is not the word with an `s`."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def counted(findings: Sequence[Finding]) -> str:
    """`3 blocking calls`, and the `noqa` comments with unused codes (NB900) apart: they are no calls."""
    stale = sum(finding.code == UNUSED_NOQA for finding in findings)
    calls = len(findings) - stale
    parts = [plural(calls, "blocking call")] if calls or not stale else []
    if stale:
        parts.append(plural(stale, "stale `noqa` comment"))
    return " and ".join(parts)


def _applicable(finding: Finding, unsafe_fixes: bool) -> bool:
    return finding.fix is not None and (finding.fix.safe or unsafe_fixes)


def finding_marker(finding: Finding, unsafe_fixes: bool) -> str:
    """` [*]` for a finding `--fix` would fix, else nothing."""
    return " [*]" if _applicable(finding, unsafe_fixes) else ""


def finding_line(finding: Finding, unsafe_fixes: bool) -> str:
    """`path:row:col: CODE [*] message`."""
    location = f"{finding.filename}:{finding.location.row}:{finding.location.column}"
    return f"{location}: {finding.code}{finding_marker(finding, unsafe_fixes)} {finding.message}"


def summary_lines(
    findings: Sequence[Finding],
    fixed: Sequence[Finding],
    *,
    fixing: bool,
    unsafe_fixes: bool,
    errors: int = 0,
) -> list[str]:
    """What was found, what was fixed, what `--fix` / `--unsafe-fixes` could still fix, and how
    many files could not be checked (their errors go to standard error, before the report)."""
    total = len(findings) + len(fixed)
    shown = "its error is" if errors == 1 else "errors are"
    unchecked = [f"{plural(errors, 'file')} could not be checked ({shown} shown above)."] if errors else []
    if total == 0:
        return ["No blocking calls found.", *unchecked]
    if fixing:
        lines = [f"Found {counted([*findings, *fixed])} ({len(fixed)} fixed, {len(findings)} remaining)."]
    else:
        files = len({finding.filename for finding in findings})
        lines = [f"Found {counted([*findings, *fixed])} in {plural(files, 'file')}."]
    lines += unchecked
    fixable = sum(_applicable(finding, unsafe_fixes) for finding in findings)
    hidden = (
        sum(finding.fix is not None and not finding.fix.safe for finding in findings)
        if not unsafe_fixes
        else 0
    )
    hint = (
        f" ({plural(hidden, 'hidden fix', 'hidden fixes')} can be enabled with the `--unsafe-fixes` option)"
        if hidden
        else ""
    )
    if fixable and not fixing:
        lines.append(f"[*] {fixable} fixable with the `--fix` option{hint}.")
    elif hidden:
        lines.append(f"No fixes available{hint}.")
    if not fixing:
        lines += shared_blocking_calls(findings)
    return lines


# How many findings must reach the same blocking call for the summary to name it, and how many
# such calls it names at most.
_SHARED_AT_LEAST = 10
_SHARED_SHOWN = 3


def shared_blocking_calls(findings: Sequence[Finding]) -> list[str]:
    """The blocking calls many whole-project findings reach through the project's own code: one
    `# noqa` on such a line (or its function in `non-blocking`) answers them at once."""
    counts = Counter(
        (finding.chain[-1].filename, finding.chain[-1].row, finding.chain[-1].name)
        for finding in findings
        if len(finding.chain) > 1
    )
    shared = [(count, leaf) for leaf, count in counts.items() if count >= _SHARED_AT_LEAST]
    shared.sort(key=lambda item: (-item[0], item[1]))
    advice = "a `# noqa` on that line stops their chains there"
    return [
        f"{count} of them end at `{name}` ({filename}:{row}): {advice}."
        for count, (filename, row, name) in shared[:_SHARED_SHOWN]
    ]


def fixed_lines(fixed: Sequence[Finding]) -> list[str]:
    """`--show-fixes`: what was fixed, per file and code."""
    if not fixed:
        return []
    lines = [f"Fixed {counted(fixed)}:"]
    by_file: dict[str, Counter[str]] = {}
    for finding in fixed:
        by_file.setdefault(finding.filename, Counter())[finding.code] += 1
    for filename, counts in by_file.items():
        lines.append(f"- {filename}:")
        for code, count in sorted(counts.items()):
            lines.append(f"    {count} × {code} ({RULES_BY_CODE[code].name})")  # noqa: RUF001 - as ruff prints it
    return lines


def statistics_lines(findings: Sequence[Finding], unsafe_fixes: bool) -> list[str]:
    """Count per code, most frequent first; `[*]` when every finding of the code is fixable."""
    counts = Counter(finding.code for finding in findings)
    fixable = Counter(finding.code for finding in findings if _applicable(finding, unsafe_fixes))
    width = len(str(max(counts.values()))) if counts else 1
    return [
        f"{count:>{width}}\t{code}\t{'[*]' if fixable[code] == count else '[ ]'} {RULES_BY_CODE[code].name}"
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def error_lines(errors: Sequence[FileError]) -> list[str]:
    """One line per file that could not be checked."""
    return [f"{error.filename}: error: {error.reason}" for error in errors]


def write_text(lines: Sequence[str], stream: TextIO, *, color: bool) -> None:
    """Write report lines, coloured by rich on a terminal."""
    if not color:
        for line in lines:
            stream.write(line + "\n")
        return
    from rich.console import Console

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for line in lines:
        console.print(_colored(line))


def _colored(line: str) -> str:
    from rich.markup import escape

    location, separator, rest = line.partition(": ")
    code, _, message = rest.partition(" ")
    if separator and code in RULES_BY_CODE:
        return f"[bold]{escape(location)}[/]: [bold red]{code}[/] {escape(message)}"
    position, _, rest = line.lstrip(" ").partition(" ")
    code, _, message = rest.partition(" ")
    if line.startswith("  ") and code in RULES_BY_CODE:  # a finding under its file (`grouped`)
        indent = line[: len(line) - len(line.lstrip(" "))]
        return f"{indent}[bold]{escape(position)}[/] [bold red]{code}[/] {escape(message)}"
    if line.startswith(("Found ", "Fixed ")):
        return f"[bold]{escape(line)}[/]"
    if line.startswith("No blocking calls"):
        return f"[bold green]{escape(line)}[/]"
    return escape(line)
