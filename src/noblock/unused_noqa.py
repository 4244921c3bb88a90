"""NB900: `# noqa` codes on code that runs on the event loop that silence nothing there.

A code is judged only where noblock knows everything that could be reported on its line in the
file's own check: a direct rule the run selects, on a line of an `async def` body. `NB200` is
decided by the whole-project pass after every file is checked, and a `# noqa` in a plain function
stops NB200 chains rather than silencing a finding there: neither is judged.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from noblock.findings import Edit, Finding, Location
from noblock.fixes import FixPlan, Strategy
from noblock.noqa import FILE_NOQA, LINE_NOQA, codes_of
from noblock.rules import RULES, RULES_BY_CODE

UNUSED_NOQA = "NB900"
# Codes never judged in a suppression comment: NB200's findings are known only after the
# whole-project pass, and NB900 there silences this rule itself.
_NOT_JUDGED = frozenset({"NB200", UNUSED_NOQA})
_DIRECT_CODES = frozenset(rule.code for rule in RULES) - _NOT_JUDGED

_CODE = re.compile(r"[A-Z]+[0-9]+", re.IGNORECASE)
_FIX_TITLE = "Remove the unused `noqa` codes"


@dataclass(frozen=True)
class _Directive:
    """A `# noqa: CODES` comment: where the comment starts (0-based column), its text, and its codes."""

    row: int
    column: int
    comment: str
    codes: tuple[str, ...]


def may_have_unused(text: str) -> bool:
    """A quick test on the text: whether it holds a `noqa` comment naming a noblock code."""
    return ("noqa" in text or "NOQA" in text) and re.search(r"noqa:[^\n]*NB", text, re.IGNORECASE) is not None


def unused_noqa_findings(
    text: str,
    filename: str,
    tree: ast.Module,
    findings: Iterable[Finding],
    selected: Callable[[str], bool],
) -> list[Finding]:
    """One NB900 finding per `# noqa` comment on the event loop's lines that names noblock codes
    silencing nothing there: `findings` are the file's direct findings before suppressions, and
    `selected` tells the codes this run reports in this file (selection and per-file ignores)."""
    directives, whole_file = _directives(text)
    if not directives:
        return []
    on_loop = _loop_rows(tree)
    found = {(finding.noqa_row, finding.code) for finding in findings}
    unused_findings = []
    for directive in directives:
        if directive.row not in on_loop:
            continue
        unused = [
            code
            for code in directive.codes
            if _judged(code.upper(), whole_file, selected) and (directive.row, code.upper()) not in found
        ]
        if unused:
            unused_findings.append(_finding(filename, directive, unused))
    return unused_findings


def noqa_edit(line: str, finding: Finding) -> Edit:
    """The text edit that applies an NB900 finding's fix on its `line` (the row's text): the comment,
    which the finding spans, becomes the finding's `replacement`; a comment left empty goes, with
    the spaces before it."""
    if finding.replacement:
        return Edit(finding.replacement, finding.location, finding.end_location)
    start = len(line[: finding.location.column - 1].rstrip())
    end = finding.end_location.column - 1
    while end < len(line) and line[end] in " \t":
        end += 1
    return Edit("", Location(finding.location.row, start + 1), Location(finding.location.row, end + 1))


def apply_noqa_edits(text: str, findings: Sequence[Finding], lines: list[str]) -> str:
    """`text` with the fixes of these NB900 findings applied (one per comment; `lines` are its rows
    with their ends, as `text_lines_with_ends` gives them)."""
    edited = list(lines)
    for finding in sorted(findings, key=lambda finding: finding.location, reverse=True):
        row = finding.location.row
        line = edited[row - 1]
        edit = noqa_edit(line, finding)
        edited[row - 1] = (
            line[: edit.location.column - 1] + edit.content + line[edit.end_location.column - 1 :]
        )
    return "".join(edited)


def _judged(code: str, whole_file: frozenset[str] | None, selected: Callable[[str], bool]) -> bool:
    """Whether a code in a `# noqa` is judged: a direct rule the run selects, not silenced in the
    whole file already, or a code that names no noblock rule (it never silences anything)."""
    if not code.startswith("NB") or code in _NOT_JUDGED:
        return False
    if code not in RULES_BY_CODE:
        return True
    silenced_everywhere = whole_file is None or code in whole_file
    return code in _DIRECT_CODES and selected(code) and not silenced_everywhere


def _finding(filename: str, directive: _Directive, unused: list[str]) -> Finding:
    unknown = [code for code in unused if code.upper() not in RULES_BY_CODE]
    listed = ", ".join(unused)
    message = RULES_BY_CODE[UNUSED_NOQA].message.format(
        codes=listed,
        verb="silences" if len(unused) == 1 else "silence",
        them="it" if len(unused) == 1 else "them",
    )
    if unknown:
        message += f" ({', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} no noblock code)"
    end = directive.column + len(directive.comment)
    return Finding(
        filename=filename,
        location=Location(directive.row, directive.column + 1),
        end_location=Location(directive.row, end + 1),
        code=UNUSED_NOQA,
        message=message,
        qualified_name=None,
        replacement=_without(directive.comment, {code.upper() for code in unused}),
        fix=FixPlan(Strategy.REMOVE_NOQA, True, _FIX_TITLE),
    )


def _without(comment: str, unused: set[str]) -> str:
    """The comment with the `unused` codes taken out of its `# noqa:` directive, and the directive
    taken out when no code is left ("" when nothing is left of the comment)."""
    match = LINE_NOQA.search(comment)
    assert match is not None
    assert match.group("codes") is not None
    written = match.group("codes")
    kept = [code for code in _CODE.findall(written) if code.upper() not in unused]
    if kept:
        separator = ", " if "," in written else " "
        return comment[: match.start("codes")] + separator.join(kept) + comment[match.end("codes") :]
    before, after = comment[: match.start()].rstrip(), comment[match.end() :].strip()
    if before:  # another tool's directive before it, `type: ignore`
        return f"{before}  {after}" if after else before
    if not after:
        return ""
    return after if after.startswith("#") else f"# {after}"  # a reason written after the codes


def _directives(text: str) -> tuple[list[_Directive], frozenset[str] | None]:
    """The `# noqa: CODES` comments, and the codes a file-level `# noblock: noqa` silences (None:
    all of them)."""
    directives: list[_Directive] = []
    whole_file: frozenset[str] | None = frozenset()
    # Universal newlines: rows are counted as `ast` counts them, even with lone `\r` endings.
    readline = io.StringIO(text, newline=None).readline
    try:
        tokens = [token for token in tokenize.generate_tokens(readline) if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        return [], whole_file  # the file parsed, so this is a tokenizer corner case: nothing judged
    for token in tokens:
        comment = token.string.rstrip()
        file_match = FILE_NOQA.search(comment)
        if file_match is not None:
            codes = codes_of(file_match)
            whole_file = None if codes is None or whole_file is None else whole_file | codes
            continue
        match = LINE_NOQA.search(comment)
        # A code cut short by what follows it (`NB1O2`) is a typo, not a code to judge.
        if match is not None and match.group("codes") is not None and not _cut_short(comment, match):
            codes_written = tuple(_CODE.findall(match.group("codes")))
            directives.append(_Directive(token.start[0], token.start[1], comment, codes_written))
    return directives, whole_file


def _cut_short(comment: str, match: re.Match[str]) -> bool:
    end = match.end("codes")
    return end < len(comment) and (comment[end].isalnum() or comment[end] == "_")


def _loop_rows(tree: ast.Module) -> set[int]:
    """The rows of code that runs on the event loop: the bodies of `async def`s, without the nested
    plain functions and lambdas in them (their bodies run later, elsewhere). Walked breadth-first, so
    that an inner definition overrides the outer one."""
    rows: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.AsyncFunctionDef):
            end = node.end_lineno or node.body[-1].lineno
            rows.update(range(node.body[0].lineno, end + 1))
        elif isinstance(node, (ast.FunctionDef, ast.Lambda)):
            rows.difference_update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return rows
