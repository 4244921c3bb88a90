"""Builds fixes with libcst: rewrites the matched calls losslessly and adds the imports they need.

Findings come from the `ast` front-end; each is matched to the libcst `Call` node with exactly the
same range (libcst positions exclude the node's own parentheses, as `ast` does). Only the statements
that hold a finding are parsed with libcst: the innermost statement holding the call that is alone
on its lines (inside a function, a loop, a class, ...), else the statement around it; every other
line is kept as it is. Parsing and visiting a whole large module with libcst (and libcst's
`AddImportsVisitor`) took seconds per file, a whole method milliseconds, a statement less.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from noblock.findings import Edit, Finding, Location
from noblock.fixes import OffloadStyle, Strategy
from noblock.source import parse_quietly, text_lines_with_ends

_Range = tuple[int, int, int, int]  # as libcst counts: 1-based lines, 0-based columns
# What an import plan may refer to (see `_plan_imports`).
_PLANNED = ("asyncio", "functools", "functools.partial")
# The fields of a compound statement that hold blocks of statements (besides handlers and cases).
_BLOCKS = ("body", "orelse", "finalbody")
# The patterns of a `case` that bind a name (Python 3.10 and later).
_CAPTURES = frozenset({"MatchAs", "MatchStar", "MatchMapping"})


@dataclass(frozen=True)
class FixOutcome:
    """The rewritten source and the findings whose fix was applied."""

    text: str
    applied: tuple[Finding, ...]


@dataclass(frozen=True)
class _ImportPlan:
    """The names the fixes refer to, the imports to add (module, alias), and the line to add them at."""

    asyncio: str
    partial: str
    imports: tuple[tuple[str, str | None], ...]
    insert_at: int  # 0-based index of the line the imports go before

    def text(self, newline: str) -> str:
        return "".join(
            f"import {module}{f' as {alias}' if alias else ''}{newline}" for module, alias in self.imports
        )

    def used(self, partial: bool) -> _ImportPlan:
        """The plan without `import functools` when no fix used `partial` (a call without arguments
        is handed over as it is): an import nothing uses is a finding of its own in other linters."""
        if partial:
            return self
        return replace(self, imports=tuple(item for item in self.imports if item[0] != "functools"))


@dataclass(frozen=True)
class _Statement:
    """A statement holding findings: its lines (1-based, inclusive), its findings, and whether it is
    indented (inside a block): then its lines, as they are, follow a line `if 1:` so that libcst can
    parse them on their own."""

    first: int
    last: int
    findings: tuple[Finding, ...]
    indented: bool = False

    def header(self, newline: str) -> str:
        return f"if 1:{newline}" if self.indented else ""

    @property
    def offset(self) -> int:
        """Rows before the first row of the statement's own text (as libcst parses it)."""
        return self.first - 1 - self.indented

    def by_range(self) -> dict[_Range, Finding]:
        """The findings by their range within the statement's own text."""
        offset = self.offset
        ranges: dict[_Range, Finding] = {}
        for finding in self.findings:
            row, column, end_row, end_column = finding.code_range
            ranges[(row - offset, column, end_row - offset, end_column)] = finding
        return ranges


def apply_fixes(text: str, findings: Sequence[Finding]) -> FixOutcome:
    """Apply the fix of every finding given (each must carry a `fix`)."""
    names, lines, parsed = _parsed_statements(text, findings)
    plan = _plan_imports(names, findings)
    replacements: list[tuple[int, int, str]] = []
    applied: list[Finding] = []
    used_partial = False
    for statement, module in parsed:
        transformer = _FixTransformer(statement.by_range(), plan)
        fixed = MetadataWrapper(module, unsafe_skip_copy=True).visit(transformer).code
        used_partial |= transformer.used_partial
        if transformer.applied:
            header = statement.header(_newline(lines))
            assert fixed.startswith(header)
            replacements.append((statement.first - 1, statement.last, fixed[len(header) :]))
            applied.extend(transformer.applied)
    if not applied:
        return FixOutcome(text, ())
    plan = plan.used(used_partial)
    if plan.imports:
        replacements.append((plan.insert_at, plan.insert_at, plan.text(_newline(lines))))
    for start, end, replacement in sorted(replacements, reverse=True):
        if start == end and start > 0 and not lines[start - 1].endswith(("\n", "\r")):
            replacement = _newline(lines) + replacement  # the imports follow a last line without newline
        lines[start:end] = [replacement]
    return FixOutcome("".join(lines), tuple(applied))


def fix_edits(text: str, findings: Sequence[Finding]) -> dict[_Range, tuple[Edit, ...]]:
    """Each fix as text edits on `text`, independent of the others (as ruff's JSON carries them).

    Each is read off its statement fixed with that fix alone: the text before the call and after
    it is unchanged, so what lies between is the call as rewritten, in its place (continuation
    lines indented as the block around it is, which rewriting the call apart from its block cannot
    know)."""
    names, lines, parsed = _parsed_statements(text, findings)
    edits: dict[_Range, tuple[Edit, ...]] = {}
    for statement, module in parsed:
        original = module.code
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)  # positions are resolved once
        for key, finding in statement.by_range().items():
            plan = _plan_imports(names, [finding])
            transformer = _FixTransformer({key: finding}, plan)
            fixed = wrapper.visit(transformer).code
            found = _edits_between(original, fixed, key, statement.offset) if transformer.applied else None
            if found is not None:
                plan = plan.used(transformer.used_partial)
                where = Location(plan.insert_at + 1, 1)
                imports = (Edit(plan.text(_newline(lines)), where, where),) if plan.imports else ()
                edits[finding.code_range] = (*found, *imports)
    return edits


def _edits_between(original: str, fixed: str, key: _Range, rows: int) -> tuple[Edit, ...] | None:
    """The edits that turn `original` into `fixed`, where the call at `key` was rewritten and, for
    an `async for`, `async ` inserted before it; their rows moved down by `rows`."""
    lines = text_lines_with_ends(original)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    begin, end = starts[key[0] - 1] + key[1], starts[key[2] - 1] + key[3]
    tail = len(original) - end
    if fixed[len(fixed) - tail :] != original[end:]:
        return None
    prefix: tuple[Edit, ...] = ()
    if not fixed.startswith(original[:begin]):  # `async ` inserted before the call, at its `for`
        same = 0
        while original[same] == fixed[same]:
            same += 1
        inserted = "async "
        if fixed[same : same + len(inserted)] + original[same:begin] != fixed[same : begin + len(inserted)]:
            return None
        row = bisect.bisect_right(starts, same) - 1
        at = Location(row + 1 + rows, same - starts[row] + 1)
        prefix = (Edit(inserted, at, at),)
        begin += len(inserted)
    content = fixed[begin : len(fixed) - tail]
    start, stop = Location(key[0] + rows, key[1] + 1), Location(key[2] + rows, key[3] + 1)
    return (*prefix, Edit(content, start, stop))


def _parsed_statements(
    text: str, findings: Sequence[Finding]
) -> tuple[_ModuleNames, list[str], list[tuple[_Statement, cst.Module]]]:
    """What import plans are made from, the file's lines, and each statement holding fixable
    findings parsed with libcst (statements libcst cannot parse are left out)."""
    tree = parse_quietly(text)
    assert isinstance(tree, ast.Module)
    fixable = [finding for finding in findings if finding.fix is not None]
    lines = text_lines_with_ends(text)
    names = _ModuleNames.of(tree, lines)
    parsed = []
    statements = _statements(tree.body, fixable, lines)
    assert statements is not None  # top-level statements are never indented
    for statement in statements:
        header = statement.header(_newline(lines))
        module = _parse(header + "".join(lines[statement.first - 1 : statement.last]))
        if module is not None:
            parsed.append((statement, module))
    return names, lines, parsed


def _parse(snippet: str) -> cst.Module | None:
    """libcst's parse of a statement, or None for code CPython accepts but libcst does not (a line
    holding only `\\` before `finally:`): such a statement's calls are left unfixed, not broken."""
    try:
        return cst.parse_module(snippet)
    except cst.ParserSyntaxError:
        return None


def _newline(lines: list[str]) -> str:
    """The file's line ending (its first line's), as libcst would choose it."""
    for line in lines:
        for ending in ("\r\n", "\n", "\r"):
            if line.endswith(ending):
                return ending
    return "\n"


def _statements(
    body: list[ast.stmt], findings: Sequence[Finding], lines: list[str], indented: bool = False
) -> list[_Statement] | None:
    """The statements of `body` that hold the findings, each as small as it can be rebuilt alone: a
    statement inside a block (a method, a loop, a `with`) when it has its lines to itself, so that
    libcst parses the lines of the call's statement, not a whole class or function. None for an
    `indented` body where a statement holding findings shares its lines."""
    statements = []
    for node in body:
        first, last = _span(node)
        inside = tuple(f for f in findings if first <= f.location.row and f.end_location.row <= last)
        if not inside:
            continue
        if indented and not _alone(node, body, lines):
            return None
        inner = _inner_statements(node, inside, lines)
        if inner is not None:
            statements.extend(inner)
        else:
            statements.append(_Statement(first, last, inside, indented))
    return statements


def _inner_statements(
    node: ast.stmt, findings: tuple[Finding, ...], lines: list[str]
) -> list[_Statement] | None:
    """The findings of a compound statement, each in the statement of its blocks that holds it; None
    when one is in a header (the statement is rebuilt whole) or in a statement sharing its lines."""
    blocks = _blocks(node, lines)
    if not blocks:
        return None
    statements = []
    for block in blocks:
        inner = _statements(block, findings, lines, indented=True)
        if inner is None:
            return None
        statements.extend(inner)
    return statements if sum(len(statement.findings) for statement in statements) == len(findings) else None


def _blocks(node: ast.stmt, lines: list[str]) -> list[list[ast.stmt]]:
    """The blocks of statements a compound statement holds (an `elif`'s too: its own text starts
    with `elif`, so it cannot be rebuilt alone)."""
    blocks = [
        block
        for name in _BLOCKS
        for block in (getattr(node, name, None),)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt)
    ]
    blocks.extend(handler.body for handler in getattr(node, "handlers", ()))
    blocks.extend(case.body for case in getattr(node, "cases", ()))
    if isinstance(node, ast.If) and len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If):
        chained = node.orelse[0]
        if lines[chained.lineno - 1].lstrip().startswith("elif"):
            blocks.remove(node.orelse)
            blocks.extend(_blocks(chained, lines))
    return blocks


def _span(node: ast.stmt) -> tuple[int, int]:
    """A statement's first and last line, decorators included."""
    return (
        min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))]),
        node.end_lineno or node.lineno,
    )


def _alone(node: ast.stmt, body: list[ast.stmt], lines: list[str]) -> bool:
    """Whether a statement has its lines to itself: no other statement of its body shares them, and
    only indentation comes before it on its first line."""
    first, last = _span(node)
    line = lines[first - 1]
    indentation = len(line) - len(line.lstrip(" \t"))
    if not (line[indentation] == "@" if first < node.lineno else node.col_offset == indentation):
        return False
    spans = (_span(other) for other in body if other is not node)
    return all(other_last < first or last < other_first for other_first, other_last in spans)


def _import_line(tree: ast.Module) -> int:
    """After the module docstring, `__future__` imports and the imports that open the module."""
    line = 0
    body = list(tree.body)
    if ast.get_docstring(tree, clean=False) is not None:
        line = body.pop(0).end_lineno or 0
    for statement in body:
        if not isinstance(statement, (ast.Import, ast.ImportFrom)):
            break
        line = statement.end_lineno or line
    return line


@dataclass(frozen=True)
class _ModuleNames:
    """What a module's names are bound to, what its top-level imports import (target: name), and
    the line new imports go before: what import plans are made from."""

    bindings: dict[str, frozenset[str]]
    aliases: dict[str, str]
    insert_at: int

    @staticmethod
    def of(tree: ast.Module, lines: list[str]) -> _ModuleNames:
        aliases: dict[str, str] = {}
        for statement in tree.body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                for name, target in _imported(statement):
                    aliases.setdefault(target, name)
        # A plan names `asyncio`, `functools` (or either with `_`s added) or what the module's own
        # imports call them: only those names' bindings matter.
        own = [aliases[target] for target in _PLANNED if target in aliases]
        wanted = re.compile(
            r"\b(?:asyncio\w*|functools\w*" + "".join(f"|{re.escape(n)}" for n in own) + r")\b"
        )
        bound = {name: frozenset(targets) for name, targets in _bindings(tree, lines, wanted).items()}
        return _ModuleNames(bound, aliases, _import_line(tree))


def _plan_imports(names: _ModuleNames, findings: Sequence[Finding]) -> _ImportPlan:
    """Reuse the module's `import asyncio` / `from functools import partial` (or their aliases) when
    every binding of that name in the module is that same import; otherwise import under a name that
    nothing else binds."""
    bindings: defaultdict[str, frozenset[str]] = defaultdict(frozenset, names.bindings)
    aliases = dict(names.aliases)
    imports: list[tuple[str, str | None]] = []

    def reusable(target: str) -> str | None:
        name = aliases.get(target)
        return name if name is not None and bindings[name] == {target} else None

    def module_name(module: str) -> str:
        name = reusable(module)
        if name is None:
            name = module
            while not bindings[name] <= {module}:
                name += "_"
            imports.append((module, None if name == module else name))
            bindings[name] = frozenset({module})
            aliases[module] = name
        return name

    fixes = [finding.fix for finding in findings if finding.fix is not None]
    if any(fix.strategy is Strategy.OFFLOAD or (fix.twin or "").startswith("asyncio.") for fix in fixes):
        asyncio_name = module_name("asyncio")
    else:
        asyncio_name = "asyncio"
    partial_name = "functools.partial"
    if any(fix.strategy is Strategy.OFFLOAD and fix.offload is OffloadStyle.EXECUTOR for fix in fixes):
        partial_name = reusable("functools.partial") or f"{module_name('functools')}.partial"
    for fix in fixes:
        if fix.twin and "." in fix.twin and not fix.twin.startswith("asyncio."):
            module = fix.twin.rsplit(".", 1)[0]
            if module not in aliases:
                imports.append((module, None))
                aliases[module] = module
    return _ImportPlan(asyncio_name, partial_name, tuple(imports), names.insert_at)


def _imported(statement: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
    """(name bound, what it refers to) for each name an import statement binds."""
    if isinstance(statement, ast.Import):
        return [
            (alias.asname, alias.name)
            if alias.asname
            else (alias.name.split(".")[0], alias.name.split(".")[0])
            for alias in statement.names
        ]
    prefix = "." * statement.level + (statement.module or "")
    return [(alias.asname or alias.name, f"{prefix}.{alias.name}") for alias in statement.names]


def _bindings(tree: ast.Module, lines: list[str], wanted: re.Pattern[str]) -> dict[str, set[str]]:
    """What each name `wanted` matches is bound to anywhere in the module: an import's target, or ""
    for anything else. A binding spells its name, so only the statements whose lines mention one of
    those names are walked (walking every node of a large module took longer than parsing it)."""
    bound: defaultdict[str, set[str]] = defaultdict(set)
    # On a line that is not ASCII a name may be spelt another way (Python reads it as NFKC).
    mentioned = [row for row, line in enumerate(lines, 1) if not line.isascii() or wanted.search(line)]
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        statement = pending.pop()
        first, last = _span(statement)
        index = bisect.bisect_left(mentioned, first)
        if index == len(mentioned) or mentioned[index] > last:
            continue
        _bind(statement, bound)
        for name, value in ast.iter_fields(statement):
            if name in _BLOCKS and isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                pending.extend(value)
                continue
            parts = [
                part for part in (value if isinstance(value, list) else [value]) if isinstance(part, ast.AST)
            ]
            while parts:
                part = parts.pop()
                if isinstance(part, ast.stmt):  # in a handler's or a case's block
                    pending.append(part)
                else:
                    _bind(part, bound)
                    parts.extend(ast.iter_child_nodes(part))
    return {name: targets for name, targets in bound.items() if wanted.fullmatch(name)}


def _bind(node: ast.AST, bound: defaultdict[str, set[str]]) -> None:
    """Note the names `node` itself binds."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
        bound[node.id].add("")
    elif isinstance(node, ast.arg):
        bound[node.arg].add("")
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        bound[node.name].add("")
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        for name, target in _imported(node):
            bound[name].add(target)
    elif isinstance(node, ast.ExceptHandler) and node.name:
        bound[node.name].add("")
    elif type(node).__name__ in _CAPTURES:  # `case [*rest]`, `case {**rest}`, `case Point() as p`
        captured = getattr(node, "rest" if type(node).__name__ == "MatchMapping" else "name")
        if captured:
            bound[captured].add("")


class _FixTransformer(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, by_range: dict[_Range, Finding], plan: _ImportPlan) -> None:
        super().__init__()
        self._by_range = by_range
        self._plan = plan
        self._needs_parentheses: set[int] = set()  # ids of nodes that an `await` there must wrap
        self.applied: list[Finding] = []
        self.used_partial = False

    def _range(self, node: cst.CSTNode) -> _Range:
        code_range = self.get_metadata(PositionProvider, node)
        return (code_range.start.line, code_range.start.column, code_range.end.line, code_range.end.column)

    # `await x.y` would await the attribute: the receiver of `.attr`, `[...]` and `(...)` needs parentheses.
    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._needs_parentheses.add(id(node.value))

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self._needs_parentheses.add(id(node.value))

    def visit_Call(self, node: cst.Call) -> None:
        self._needs_parentheses.add(id(node.func))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        key = self._range(original_node)
        finding = self._by_range.get(key)
        if finding is None or finding.fix is None or finding.fix.strategy is Strategy.ASYNC_FOR:
            return updated_node
        awaited = self._awaited(finding, original_node, updated_node)
        if awaited is None:
            return updated_node
        self.applied.append(finding)
        return awaited

    def _awaited(self, finding: Finding, original: cst.Call, call: cst.Call) -> cst.Await | None:
        assert finding.fix is not None
        if finding.fix.strategy is Strategy.TWIN:
            replacement = self._twin_call(call, finding.fix.twin or "")
        elif finding.fix.offload is OffloadStyle.TO_THREAD:
            replacement = self._to_thread(call)
        else:
            replacement = self._run_in_executor(call)
        if replacement is None:
            return None
        lpar, rpar = list(original.lpar), list(original.rpar)
        if not lpar and id(original) in self._needs_parentheses:
            lpar, rpar = [cst.LeftParen()], [cst.RightParen()]
        return cst.Await(expression=replacement, lpar=lpar, rpar=rpar)

    def leave_For(self, original_node: cst.For, updated_node: cst.For) -> cst.For:
        iterable = self._async_iterable(original_node.iter, updated_node.iter)
        if iterable is None:
            return updated_node
        return updated_node.with_changes(asynchronous=cst.Asynchronous(), iter=iterable)

    def leave_CompFor(self, original_node: cst.CompFor, updated_node: cst.CompFor) -> cst.CompFor:
        iterable = self._async_iterable(original_node.iter, updated_node.iter)
        if iterable is None:
            return updated_node
        return updated_node.with_changes(asynchronous=cst.Asynchronous(), iter=iterable)

    def _async_iterable(
        self, original: cst.BaseExpression, updated: cst.BaseExpression
    ) -> cst.BaseExpression | None:
        if not isinstance(original, cst.Call) or not isinstance(updated, cst.Call):
            return None
        key = self._range(original)
        finding = self._by_range.get(key)
        if finding is None or finding.fix is None or finding.fix.strategy is not Strategy.ASYNC_FOR:
            return None
        replacement = self._twin_call(updated, finding.fix.twin or "")
        if replacement is None:
            return None
        self.applied.append(finding)
        return replacement

    def _twin_call(self, call: cst.Call, twin: str) -> cst.Call | None:
        bare = call.with_changes(lpar=[], rpar=[])
        if "." not in twin:
            if not isinstance(call.func, cst.Attribute):
                return None
            return bare.with_changes(func=call.func.with_changes(attr=cst.Name(twin)))
        if twin.startswith("asyncio."):
            twin = f"{self._plan.asyncio}.{twin.split('.', 1)[1]}"
        return bare.with_changes(func=cst.parse_expression(twin))

    def _to_thread(self, call: cst.Call) -> cst.Call:
        to_thread = cst.parse_expression(f"{self._plan.asyncio}.to_thread")
        return call.with_changes(
            func=to_thread, args=[_callee_argument(call), *_following_arguments(call)], lpar=[], rpar=[]
        )

    def _run_in_executor(self, call: cst.Call) -> cst.Call:
        runner = cst.parse_expression(f"{self._plan.asyncio}.get_running_loop().run_in_executor")
        work: cst.BaseExpression = call.func
        if call.args:
            self.used_partial = True
            partial = cst.parse_expression(self._plan.partial)
            work = call.with_changes(
                func=partial, args=[_callee_argument(call), *_following_arguments(call)], lpar=[], rpar=[]
            )
        return cst.Call(func=runner, args=[cst.Arg(cst.Name("None"), comma=_COMMA), cst.Arg(work)])


_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _following_arguments(call: cst.Call) -> list[cst.Arg]:
    """The call's arguments, to follow the callee's: a generator expression that was the only one
    (`f.writelines(line for line in lines)`) needs parentheses of its own then."""
    return [
        argument.with_changes(
            value=argument.value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        )
        if isinstance(argument.value, cst.GeneratorExp) and not argument.value.lpar
        else argument
        for argument in call.args
    ]


def _callee_argument(call: cst.Call) -> cst.Arg:
    """The called function as the first argument, laid out like the call's own first argument
    (on its own line in a multi-line call) but without that argument's trailing comment."""
    if not call.args:
        return cst.Arg(value=call.func)
    comma = call.args[0].comma
    if not isinstance(comma, cst.Comma):
        return cst.Arg(value=call.func, comma=_COMMA)
    after = comma.whitespace_after
    if isinstance(after, cst.ParenthesizedWhitespace):
        after = after.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])
    return cst.Arg(value=call.func, comma=comma.with_changes(whitespace_after=after))
