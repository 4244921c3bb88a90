"""NB900: `# noqa` codes on code that runs on the event loop that silence nothing there.

A code is judged only on a line of an `async def` body, for a rule the run selects. A line holding
a call the whole-project pass decides is judged after the pass, which may report a call there
under any code; a `# noqa` in a plain function stops NB200 chains rather than silencing a finding
there, and is not judged.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace

from noblock.findings import Edit, Finding, Location
from noblock.fixes import FixPlan, Strategy
from noblock.noqa import FILE_NOQA, LINE_NOQA, Suppressions, widened, written_codes
from noblock.project import TRANSITIVE_CODE
from noblock.rules import RULES_BY_CODE
from noblock.source import between_bytes, text_lines, text_lines_with_ends
from noblock.summary import CallSite, NoqaComment

UNUSED_NOQA = "NB900"

# Python 3.9 does not list its modules: there, without the pass, every call's line stays undecided.
_STANDARD_LIBRARY: frozenset[str] = frozenset(getattr(sys, "stdlib_module_names", ()))
_FIX_TITLE = "Remove the unused `noqa` codes"


def may_have_unused(text: str) -> bool:
    """A quick test on the text: whether it holds a `noqa` comment naming a noblock code."""
    return ("noqa" in text or "NOQA" in text) and re.search(r"noqa:[^\n]*NB", text, re.IGNORECASE) is not None


def undecided_rows(sites: Iterable[CallSite], project: AbstractSet[str] | None) -> set[int]:
    """The rows of calls the whole-project pass decides: with the pass (`project`, its top-level
    names) the summary keeps only those; without it the project is not known, and only calls into
    the standard library are known to stay out of it (`json.loads(...)`, `Path(p).exists()`)."""
    return {
        site.location.row
        for site in sites
        if project is not None or site.callee.partition(".")[0] not in _STANDARD_LIBRARY
    }


def unused_noqa_findings(
    text: str,
    filename: str,
    tree: ast.Module,
    findings: Iterable[Finding],
    selected: Callable[[str], bool],
    undecided: AbstractSet[int] = frozenset(),
    *,
    transitive: bool = False,
) -> tuple[list[Finding], list[NoqaComment]]:
    """One NB900 finding per `# noqa` comment on the event loop's lines that names noblock codes
    silencing nothing there, and the comments on `undecided` rows, left for the whole-project pass
    to judge (`judge_after_the_pass`). `findings` are the file's direct findings before
    suppressions, `selected` tells the codes this run reports in this file (selection and per-file
    ignores), and `transitive` whether the pass runs (NB200 is judged only then)."""
    comments, file_level = _comments(text, tree)
    found = _codes_by_row(findings)
    silenced = file_level.silences_everywhere
    stale, deferred = [], []
    for comment in comments:
        here = found.get(comment.row, set())
        if comment.row in undecided:
            deferred.append(replace(comment, found=tuple(sorted(here))))
            continue
        judged = _judge(filename, comment, here, selected, silenced, transitive)
        if judged is not None:
            stale.append(judged)
    return stale, deferred


def judge_after_the_pass(
    filename: str,
    comments: Iterable[NoqaComment],
    findings: Iterable[Finding],
    selected: Callable[[str], bool],
    silenced: Callable[[str], bool],
) -> list[Finding]:
    """NB900 for the comments left to the whole-project pass: `findings` are the pass's findings in
    the file before suppressions, `silenced` tells the codes a file-level `# noblock: noqa`
    silences."""
    found = _codes_by_row(findings)
    judged = (
        _judge(filename, comment, {*comment.found, *found.get(comment.row, ())}, selected, silenced, True)
        for comment in comments
    )
    return [finding for finding in judged if finding is not None]


def _codes_by_row(findings: Iterable[Finding]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for finding in findings:
        found.setdefault(finding.noqa_row, set()).add(finding.code)
    return found


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


def apply_noqa_edits(text: str, findings: Sequence[Finding]) -> str:
    """`text` with the fixes of these NB900 findings applied (one per comment)."""
    edited = text_lines_with_ends(text)
    for finding in sorted(findings, key=lambda finding: finding.location, reverse=True):
        row = finding.location.row
        line = edited[row - 1]
        edit = noqa_edit(line, finding)
        edited[row - 1] = (
            line[: edit.location.column - 1] + edit.content + line[edit.end_location.column - 1 :]
        )
    return "".join(edited)


def _judge(
    filename: str,
    comment: NoqaComment,
    found: AbstractSet[str],
    selected: Callable[[str], bool],
    silenced: Callable[[str], bool],
    transitive: bool,
) -> Finding | None:
    """The NB900 finding for a comment whose judged codes include some that no finding on its line
    (`found`) has, if any."""
    unused = [
        code
        for code in comment.codes
        if _judged(code.upper(), selected, silenced, transitive) and code.upper() not in found
    ]
    return _finding(filename, comment, unused) if unused else None


def _judged(
    code: str, selected: Callable[[str], bool], silenced: Callable[[str], bool], transitive: bool
) -> bool:
    """Whether a code in a `# noqa` is judged: a rule the run selects (NB200 when the pass runs), not
    silenced in the whole file already, or a code that names no noblock rule (it never silences
    anything). NB900 there silences this rule itself."""
    if not code.startswith("NB") or code == UNUSED_NOQA:
        return False
    if code not in RULES_BY_CODE:
        return True
    if code == TRANSITIVE_CODE and not transitive:
        return False
    return selected(code) and not silenced(code)


def _finding(filename: str, directive: NoqaComment, unused: list[str]) -> Finding:
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
    kept = [code for code in written_codes(written) if code.upper() not in unused]
    if kept:
        separator = ", " if "," in written else " "
        return comment[: match.start("codes")] + separator.join(kept) + comment[match.end("codes") :]
    before, after = comment[: match.start()].rstrip(), comment[match.end() :].strip()
    if before:  # another tool's directive before it, `type: ignore`
        return f"{before}  {after}" if after else before
    if not after:
        return ""
    return after if after.startswith("#") else f"# {after}"  # a reason written after the codes


def _comments(text: str, tree: ast.Module) -> tuple[list[NoqaComment], Suppressions]:
    """The `# noqa: CODES` comments on the event loop's lines, and the file-level suppressions
    (`# noblock: noqa`). Only the lines that mention `noqa` are looked at, and the tree tells
    which of their `#` start a comment (the first one outside a string): tokenizing a whole module
    would cost more than checking it."""
    directives: list[NoqaComment] = []
    whole_file: frozenset[str] | None = frozenset()
    has_file_noqa = False
    lines = text_lines(text)
    for row, line in enumerate(lines, 1):
        if "noqa" not in line and "noqa" not in line.lower():
            continue
        strings: list[tuple[int, int, int, int]] = []
        states = _states(tree, None, row, strings) or {None}
        column = _comment_start(lines, row, strings)
        if column is None:
            continue
        comment = line[column:].rstrip()
        file_match = FILE_NOQA.search(comment)
        if file_match is not None:
            has_file_noqa = True
            whole_file = widened(whole_file, file_match)
            continue
        match = LINE_NOQA.search(comment)
        # A code cut short by what follows it (`NB1O2`) is a typo, not a code to judge.
        if (
            states == {_ON_LOOP}
            and match is not None
            and match.group("codes") is not None
            and not _cut_short(comment, match)
        ):
            codes_written = tuple(written_codes(match.group("codes")))
            directives.append(NoqaComment(row, column, comment, codes_written))
    return directives, Suppressions({}, whole_file, has_file_noqa)


def _cut_short(comment: str, match: re.Match[str]) -> bool:
    end = match.end("codes")
    return end < len(comment) and (comment[end].isalnum() or comment[end] == "_")


# Where a line's code runs, as `_states` tells it: on the event loop (an `async def` body), off it
# (a plain function's body), or None (module or class level).
_ON_LOOP = "on the loop"
_OFF_LOOP = "off the loop"


def _states(
    node: ast.AST, state: str | None, row: int, strings: list[tuple[int, int, int, int]]
) -> set[str | None]:
    """Where the code of `row` under `node` (whose code runs where `state` says) runs, once for each
    innermost node that holds the row (a line can hold a nested function's default value and its
    body); empty when no node under `node` holds it. A function's body runs where its kind says,
    its decorators and default values where it is defined; a lambda's body is never reported, so
    its line is read as its surroundings. Collects the strings that hold the row, as (row, byte
    column) spans, into `strings`."""
    body = set()
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        body = {id(statement) for statement in node.body}
    inner = _body_state(node)
    states: set[str | None] = set()
    for child in ast.iter_child_nodes(node):
        here = inner if id(child) in body else state
        lines = _lines(child)
        if lines is None:  # a node without a position (`arguments`): only what it holds counts
            states |= _states(child, here, row, strings)
            continue
        if not lines[0] <= row <= lines[1]:
            continue
        if isinstance(child, (ast.Constant, ast.JoinedStr)):
            if isinstance(child, ast.JoinedStr) or isinstance(child.value, (str, bytes)):
                strings.append(_span(child))
            states.add(here)
            continue  # a string holds no code (an f-string's parts are read as its whole)
        states |= _states(child, here, row, strings) or {_own_state(child, here, row)}
    return states


def _lines(node: ast.AST) -> tuple[int, int] | None:
    """The first and last rows of a node (a definition's decorators included), if it has any."""
    first = getattr(node, "lineno", None)
    if first is None:
        return None
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.decorator_list:
        first = min(first, *(decorator.lineno for decorator in node.decorator_list))
    return first, getattr(node, "end_lineno", None) or first


def _own_state(node: ast.AST, state: str | None, row: int) -> str | None:
    """Where a line of `node` that no node under it holds runs (a comment alone on its line)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and row >= node.body[0].lineno:
        return _body_state(node)
    return state


def _body_state(node: ast.AST) -> str:
    """Where the body of a function defined by `node` runs."""
    return _ON_LOOP if isinstance(node, ast.AsyncFunctionDef) else _OFF_LOOP


def _span(node: ast.expr) -> tuple[int, int, int, int]:
    return (node.lineno, node.col_offset, node.end_lineno or node.lineno, node.end_col_offset or 0)


def _comment_start(lines: list[str], row: int, strings: list[tuple[int, int, int, int]]) -> int | None:
    """The column (characters, 0-based) of the `#` that starts the row's comment: the first one
    outside every string (the tree counts columns in UTF-8 bytes). A string written in pieces on
    several lines (`f"..."  # noqa` then `f"..."` below it) is one node, whose span covers the
    comments between the pieces: those are found by tokenizing the node's lines."""
    line = lines[row - 1]
    between: dict[tuple[int, int, int, int], set[tuple[int, int]]] = {}

    def comments_in(span: tuple[int, int, int, int]) -> set[tuple[int, int]]:
        if span not in between:  # a span holding several `#` is tokenized once
            between[span] = _comments_between_pieces(lines, span)
        return between[span]

    column = line.find("#")
    while column != -1:
        offset = len(line[:column].encode("utf-8", "surrogateescape"))
        holding = [span for span in strings if (span[0], span[1]) <= (row, offset) < (span[2], span[3])]
        if not holding or all(span[0] != span[2] and (row, column) in comments_in(span) for span in holding):
            return column
        column = line.find("#", column + 1)
    return None


def _comments_between_pieces(lines: list[str], span: tuple[int, int, int, int]) -> set[tuple[int, int]]:
    """The (row, character column) of the comments inside a string node's span (see
    `_comment_start`); none when its text does not tokenize."""
    first, start, last, end = span
    pieces = [
        between_bytes(lines[row - 1], start if row == first else 0, end if row == last else None)
        for row in range(first, last + 1)
    ]
    shift = len(between_bytes(lines[first - 1], 0, start))  # where the node starts on its first row
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("(" + "\n".join(pieces) + ")\n").readline))
    except (tokenize.TokenError, SyntaxError):
        return set()
    return {
        (first + token_row - 1, token_column + (shift - 1 if token_row == 1 else 0))
        for kind, _, (token_row, token_column), _, _ in tokens
        if kind == tokenize.COMMENT
    }
