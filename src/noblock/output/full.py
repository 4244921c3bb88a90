"""The `full` format: each finding with its source lines, a caret under the call, and its fix as a diff."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence

from noblock.findings import Edit, Finding
from noblock.output.text import finding_line


def finding_block(finding: Finding, unsafe_fixes: bool) -> list[str]:
    """The text line of the finding, the quoted call with carets, the fix hunks, and a blank line."""
    rows = range(finding.location.row, finding.end_location.row + 1)
    quoted = [(row, text) for row in rows if (text := finding.line(row)) is not None]
    width = len(str(max([finding.end_location.row, *_edited_rows(finding)])))
    gutter = " " * width + " |"
    lines = [finding_line(finding, unsafe_fixes)]
    if quoted:
        lines.append(gutter)
        for row, text in quoted:
            lines.append(f"{row:>{width}} | {text}".rstrip())
            carets = _carets(finding, row, text)
            if carets:
                lines.append(f"{gutter} {carets}")
        lines.append(gutter)
    if finding.fix is not None:
        if finding.fix.safe:
            label = "safe"
        elif unsafe_fixes:
            label = "unsafe"
        else:
            label = "unsafe, applied only with `--unsafe-fixes`"
        lines.append(f"{' ' * width} = fix ({label}): {finding.fix.title}")
        lines += [f"{' ' * width}   {line}" for line in fix_hunks(finding)]
    lines.append("")
    return lines


def _carets(finding: Finding, row: int, text: str) -> str:
    """Carets under the part of `row` the call covers, lined up on a terminal (tabs, wide characters)."""
    start = finding.location.column - 1 if row == finding.location.row else len(text) - len(text.lstrip())
    end = finding.end_location.column - 1 if row == finding.end_location.row else len(text.rstrip())
    if end <= start:
        return ""
    indent = "".join("\t" if char == "\t" else " " * _cells(char) for char in text[:start])
    return indent + "^" * sum(_cells(char) for char in text[start:end])


def _cells(char: str) -> int:
    # East Asian wide and full-width characters (and most emoji) take two terminal cells.
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _edited_rows(finding: Finding) -> list[int]:
    return [row for edit in finding.edits for row in (edit.location.row, edit.end_location.row)]


def fix_hunks(finding: Finding) -> list[str]:
    """The fix's edits as unified-diff hunks (numbered as in the file), built from the attached lines."""
    hunks: list[str] = []
    offset = 0  # how many lines the hunks so far added
    for group in _groups(sorted(finding.edits, key=lambda edit: (edit.location, edit.end_location))):
        first = group[0].location.row
        last = max(_last_row(edit) for edit in group)
        texts = [finding.line(row) for row in range(first, last + 1)]
        if any(text is None for text in texts):
            return []  # the run did not attach the lines this fix touches
        old = [text for text in texts if text is not None]
        new = _apply(old, first, group)
        hunks.append(_header(first, len(old), first + offset, len(new)))
        for tag, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
            a=old, b=new, autojunk=False
        ).get_opcodes():
            if tag == "equal":
                hunks += [f" {line}" for line in old[old_start:old_end]]
                continue
            hunks += [f"-{line}" for line in old[old_start:old_end]]
            hunks += [f"+{line}" for line in new[new_start:new_end]]
        offset += len(new) - len(old)
    return hunks


def _last_row(edit: Edit) -> int:
    """The last row whose text the edit changes (an edit ending at column 1 changes nothing there)."""
    if edit.end_location.column == 1 and edit.end_location.row > edit.location.row:
        return edit.end_location.row - 1
    if edit.location == edit.end_location and edit.location.column == 1 and edit.content.endswith("\n"):
        return edit.location.row - 1  # whole lines inserted before this row
    return edit.end_location.row


def _groups(edits: Sequence[Edit]) -> list[list[Edit]]:
    """Edits on the same or adjacent rows, which one hunk shows together."""
    groups: list[list[Edit]] = []
    for edit in edits:
        if groups and edit.location.row <= max(_last_row(other) for other in groups[-1]) + 1:
            groups[-1].append(edit)
        else:
            groups.append([edit])
    return groups


def _apply(old: list[str], first: int, edits: Sequence[Edit]) -> list[str]:
    """The lines `old` (starting at row `first`) after the edits."""
    text = "".join(line + "\n" for line in old)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line) + 1)

    def offset(row: int, column: int) -> int:
        index = min(row - first, len(old))
        return starts[index] + column - 1

    for edit in sorted(edits, key=lambda edit: edit.location, reverse=True):
        start = offset(edit.location.row, edit.location.column)
        end = offset(edit.end_location.row, edit.end_location.column)
        text = text[:start] + edit.content.replace("\r\n", "\n").replace("\r", "\n") + text[end:]
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n") if text else []


def _header(old_start: int, old_count: int, new_start: int, new_count: int) -> str:
    # An empty side is numbered by the line before it, as unified diffs do.
    old_at = old_start if old_count else old_start - 1
    new_at = new_start if new_count else new_start - 1
    return f"@@ -{old_at},{old_count} +{new_at},{new_count} @@"


def full_lines(findings: Sequence[Finding], unsafe_fixes: bool) -> list[str]:
    """Every finding as a block."""
    return [line for finding in findings for line in finding_block(finding, unsafe_fixes)]
