"""`--add-noqa`: suppress every current finding with a `# noqa: CODE` comment on its line.

This is how a large code base adopts noblock: record what is there today, then burn the list down.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass

from noblock.findings import FileError, Finding
from noblock.noqa import CODED_NOQA
from noblock.source import SourceError, decode, read_bytes, text_lines_with_ends
from noblock.unused_noqa import UNUSED_NOQA
from noblock.writer import WriteError, write_atomic

_ENDING = re.compile(r"(?:\r\n|\r|\n)$")


@dataclass(frozen=True)
class NoqaEdit:
    """The text with the comments added, how many lines got one, and the rows where none can go."""

    text: str
    added: int
    refused: tuple[int, ...]


@dataclass(frozen=True)
class NoqaResult:
    """What `--add-noqa` did to one file."""

    filename: str
    added: int = 0
    refused: tuple[int, ...] = ()
    error: FileError | None = None


def _line_ends(text: str) -> tuple[set[int], dict[int, tokenize.TokenInfo]]:
    """Rows whose end is code (not inside a string or a backslash continuation), and their comments."""
    # Universal newlines, so rows are counted as `ast` counts them even with lone `\r` endings.
    readline = io.StringIO(text, newline=None).readline
    ends: set[int] = set()
    comments: dict[int, tokenize.TokenInfo] = {}
    for token in tokenize.generate_tokens(readline):
        if token.type in (tokenize.NEWLINE, tokenize.NL):
            ends.add(token.start[0])
        elif token.type == tokenize.COMMENT:
            comments[token.start[0]] = token
    return ends, comments


def add_noqa_comments(text: str, findings: Sequence[Finding]) -> NoqaEdit:
    """Add ` # noqa: CODES` on each finding's `noqa_row`, or the codes to a `# noqa: ...` already there.
    An unused `noqa` code (NB900) is not silenced: `--fix` removes it."""
    codes_by_row: dict[int, set[str]] = {}
    for finding in findings:
        if finding.code != UNUSED_NOQA:
            codes_by_row.setdefault(finding.noqa_row, set()).add(finding.code)
    if not codes_by_row:
        return NoqaEdit(text, 0, ())
    try:
        ends, comments = _line_ends(text)
    except (tokenize.TokenError, SyntaxError):
        return NoqaEdit(text, 0, tuple(sorted(codes_by_row)))
    lines = text_lines_with_ends(text)
    refused: list[int] = []
    added = 0
    for row, codes in sorted(codes_by_row.items()):
        # A row that does not end in a NEWLINE or NL token ends inside a string or continues with `\`:
        # a `#` there would be part of the string or a syntax error.
        if row not in ends or row > len(lines):
            refused.append(row)
            continue
        line = lines[row - 1]
        ending_match = _ENDING.search(line)
        ending = ending_match.group() if ending_match else ""
        content = line[: len(line) - len(ending)]
        listed = ", ".join(sorted(codes))
        comment = comments.get(row)
        existing = CODED_NOQA.search(comment.string) if comment is not None else None
        if comment is not None and existing is not None:
            at = comment.start[1] + existing.end()
            content = f"{content[:at]}, {listed}{content[at:]}"
        else:
            content = content.rstrip(" \t") + f"  # noqa: {listed}"
        lines[row - 1] = content + ending
        added += 1
    return NoqaEdit("".join(lines), added, tuple(refused))


def add_noqa_to_file(path: str, findings: Sequence[Finding]) -> NoqaResult:
    """Write `path` back with its findings suppressed (atomically, keeping encoding and line endings)."""
    try:
        data = read_bytes(path)
        source = decode(data)
    except SourceError as error:
        return NoqaResult(path, error=FileError(path, str(error)))
    edit = add_noqa_comments(source.text, findings)
    if edit.added:
        try:
            write_atomic(path, data, edit.text, source.encoding)
        except WriteError as error:
            return NoqaResult(path, refused=edit.refused, error=FileError(path, str(error)))
    return NoqaResult(path, edit.added, edit.refused)
