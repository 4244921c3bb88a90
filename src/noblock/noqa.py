"""Suppression comments: `# noqa`, `# noqa: NB102,NB104`, and file-level `# noblock: noqa`."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Collection
from dataclasses import dataclass

from noblock.source import match_rows

LINE_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
FILE_NOQA = re.compile(
    r"#\s*noblock:\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE
)
# A noqa comment that names codes (the kind `--add-noqa` adds codes to).
CODED_NOQA = re.compile(r"#\s*noqa:\s*[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*", re.IGNORECASE)
_CODE_SEPARATOR = re.compile(r"[\s,]+")

ALL = None  # a suppression without codes silences every code


@dataclass(frozen=True)
class Suppressions:
    """Per-line suppressed codes (None for all), and codes suppressed in the whole file."""

    lines: dict[int, frozenset[str] | None]
    whole_file: frozenset[str] | None
    has_file_noqa: bool

    def suppresses(self, row: int, code: str) -> bool:
        """Whether a finding of `code` on `row` is suppressed."""
        if self.silences_everywhere(code):
            return True
        if row not in self.lines:
            return False
        codes = self.lines[row]
        return codes is None or code in codes

    def silences_everywhere(self, code: str) -> bool:
        """Whether a file-level `# noblock: noqa` silences `code` in the whole file."""
        return self.has_file_noqa and (self.whole_file is None or code in self.whole_file)

    def silences_noblock(self, row: int) -> bool:
        """Whether `row` carries a suppression that silences noblock whatever the code: bare, or
        naming one of its codes (or a bare file-level one)."""
        if self.has_file_noqa and self.whole_file is None:
            return True
        if row not in self.lines:
            return False
        codes = self.lines[row]
        return codes is None or any(code.startswith("NB") for code in codes)


NO_SUPPRESSIONS = Suppressions({}, None, False)


def codes_of(match: re.Match[str]) -> frozenset[str] | None:
    """The codes a `LINE_NOQA` or `FILE_NOQA` match names, upper-case (None: bare, every code)."""
    codes = match.group("codes")
    return None if codes is None else frozenset(code.upper() for code in written_codes(codes))


def written_codes(codes: str) -> list[str]:
    """The codes of a match's `codes` group, in order, as written."""
    return [code for code in _CODE_SEPARATOR.split(codes) if code]


def widened(whole_file: frozenset[str] | None, file_match: re.Match[str]) -> frozenset[str] | None:
    """The codes file-level comments silence, with those of one more (a `FILE_NOQA` match; None:
    every code)."""
    codes = codes_of(file_match)
    return None if codes is None or whole_file is None else whole_file | codes


def find_suppressions(text: str, rows: Collection[int] | None = None) -> Suppressions:
    """Read the suppression comments of a module (comments only, not strings that look like them).

    With `rows`, only the comments on those rows (and the file-level ones) matter: a module whose
    `noqa` comments are all on other rows is not tokenized (tokenizing is slow, and many modules
    carry `noqa` comments for other linters)."""
    if "noqa" not in text and "NOQA" not in text:
        return NO_SUPPRESSIONS
    if (
        rows is not None
        and "\r" not in text
        and FILE_NOQA.search(text) is None
        and set(match_rows(LINE_NOQA, text)).isdisjoint(rows)
    ):
        return NO_SUPPRESSIONS
    lines: dict[int, frozenset[str] | None] = {}
    whole_file: frozenset[str] | None = frozenset()
    has_file_noqa = False
    for row, comment in _comments(text):
        file_match = FILE_NOQA.search(comment)
        if file_match is not None:
            has_file_noqa = True
            whole_file = widened(whole_file, file_match)
            continue
        line_match = LINE_NOQA.search(comment)
        if line_match is not None:
            lines[row] = codes_of(line_match)
    return Suppressions(lines, whole_file, has_file_noqa)


def _comments(text: str) -> list[tuple[int, str]]:
    try:
        return [
            (token.start[0], token.string)
            for token in tokenize.generate_tokens(io.StringIO(text).readline)
            if token.type == tokenize.COMMENT
        ]
    except (tokenize.TokenError, SyntaxError):
        # The file parsed, so this is a tokenizer corner case: fall back to reading lines.
        return [
            (row, line[line.index("#") :]) for row, line in enumerate(text.splitlines(), 1) if "#" in line
        ]
