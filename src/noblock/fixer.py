"""Builds fixes with libcst: rewrites the matched calls losslessly and adds the imports they need.

Findings come from the `ast` front-end; each is matched to the libcst `Call` node with exactly the
same range (libcst positions exclude the node's own parentheses, as `ast` does). Only the top-level
statements that hold a finding are parsed with libcst; every other line is kept as it is. Parsing
and visiting a whole large module with libcst (and libcst's `AddImportsVisitor`) took seconds per
file; a statement takes milliseconds.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from noblock.findings import Edit, Finding, Location
from noblock.fixes import OffloadStyle, Strategy
from noblock.source import parse_quietly

_Range = tuple[int, int, int, int]  # as libcst counts: 1-based lines, 0-based columns
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")  # lines as `ast` counts them, with their ends


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


@dataclass(frozen=True)
class _Statement:
    """A top-level statement holding findings: its lines (1-based, inclusive) and its findings."""

    first: int
    last: int
    findings: tuple[Finding, ...]

    def by_range(self) -> dict[_Range, Finding]:
        """The findings by their range within the statement's own text (its first line is line 1)."""
        offset = self.first - 1
        ranges: dict[_Range, Finding] = {}
        for finding in self.findings:
            row, column, end_row, end_column = finding.code_range
            ranges[(row - offset, column, end_row - offset, end_column)] = finding
        return ranges


def apply_fixes(text: str, findings: Sequence[Finding]) -> FixOutcome:
    """Apply the fix of every finding given (each must carry a `fix`)."""
    plan, lines, visited = _transformed_statements(text, findings, record=False)
    replacements: list[tuple[int, int, str]] = []
    applied: list[Finding] = []
    for statement, transformer, fixed in visited:
        if transformer.applied:
            replacements.append((statement.first - 1, statement.last, fixed.code))
            applied.extend(transformer.applied)
    if not applied:
        return FixOutcome(text, ())
    if plan.imports:
        replacements.append((plan.insert_at, plan.insert_at, plan.text(_newline(lines))))
    for start, end, replacement in sorted(replacements, reverse=True):
        if start == end and start > 0 and not lines[start - 1].endswith(("\n", "\r")):
            replacement = _newline(lines) + replacement  # the imports follow a last line without newline
        lines[start:end] = [replacement]
    return FixOutcome("".join(lines), tuple(applied))


def fix_edits(text: str, findings: Sequence[Finding]) -> dict[_Range, tuple[Edit, ...]]:
    """Each fix as text edits on `text`, independent of the others (as ruff's JSON carries them)."""
    plan, lines, visited = _transformed_statements(text, findings, record=True)
    import_edits: tuple[Edit, ...] = ()
    if plan.imports:
        where = Location(plan.insert_at + 1, 1)
        import_edits = (Edit(plan.text(_newline(lines)), where, where),)
    edits: dict[_Range, tuple[Edit, ...]] = {}
    for statement, transformer, _ in visited:
        by_range = statement.by_range()
        for key, recorded in transformer.edits.items():
            moved = tuple(_moved(edit, statement.first - 1) for edit in recorded)
            edits[by_range[key].code_range] = (*moved, *import_edits)
    return edits


def _transformed_statements(
    text: str, findings: Sequence[Finding], *, record: bool
) -> tuple[_ImportPlan, list[str], list[tuple[_Statement, _FixTransformer, cst.Module]]]:
    """The import plan, the file's lines, and each top-level statement holding fixable findings
    with its transformer run over it (statements libcst cannot parse are left out)."""
    tree = parse_quietly(text)
    assert isinstance(tree, ast.Module)
    fixable = [finding for finding in findings if finding.fix is not None]
    plan = _plan_imports(tree, fixable)
    lines = _LINE.findall(text)
    visited = []
    for statement in _statements(tree, fixable):
        module = _parse("".join(lines[statement.first - 1 : statement.last]))
        if module is None:
            continue
        transformer = _FixTransformer(statement.by_range(), plan, record=record)
        visited.append(
            (statement, transformer, MetadataWrapper(module, unsafe_skip_copy=True).visit(transformer))
        )
    return plan, lines, visited


def _parse(snippet: str) -> cst.Module | None:
    """libcst's parse of a statement, or None for code CPython accepts but libcst does not (a line
    holding only `\\` before `finally:`): such a statement's calls are left unfixed, not broken."""
    try:
        return cst.parse_module(snippet)
    except cst.ParserSyntaxError:
        return None


def _moved(edit: Edit, rows: int) -> Edit:
    return Edit(
        edit.content,
        Location(edit.location.row + rows, edit.location.column),
        Location(edit.end_location.row + rows, edit.end_location.column),
    )


def _newline(lines: list[str]) -> str:
    """The file's line ending (its first line's), as libcst would choose it."""
    for line in lines:
        for ending in ("\r\n", "\n", "\r"):
            if line.endswith(ending):
                return ending
    return "\n"


def _statements(tree: ast.Module, findings: list[Finding]) -> list[_Statement]:
    """The top-level statements that hold the findings (decorators included)."""
    spans = [
        (
            min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))]),
            node.end_lineno or node.lineno,
        )
        for node in tree.body
    ]
    statements = []
    for first, last in spans:
        inside = tuple(f for f in findings if first <= f.location.row and f.end_location.row <= last)
        if inside:
            statements.append(_Statement(first, last, inside))
    return statements


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


def _plan_imports(tree: ast.Module, findings: list[Finding]) -> _ImportPlan:
    """Reuse the module's `import asyncio` / `from functools import partial` (or their aliases) when
    every binding of that name in the module is that same import; otherwise import under a name that
    nothing else binds."""
    bindings = _bindings(tree)
    aliases: dict[str, str] = {}
    for statement in tree.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for name, target in _imported(statement):
                aliases.setdefault(target, name)
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
            bindings[name] = {module}
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
    return _ImportPlan(asyncio_name, partial_name, tuple(imports), _import_line(tree))


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


def _bindings(tree: ast.Module) -> defaultdict[str, set[str]]:
    """What each name is bound to anywhere in the module: an import's target, or "" for anything else."""
    bound: defaultdict[str, set[str]] = defaultdict(set)
    for node in ast.walk(tree):
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
    return bound


class _FixTransformer(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, by_range: dict[_Range, Finding], plan: _ImportPlan, *, record: bool = False) -> None:
        super().__init__()
        self._by_range = by_range
        self._plan = plan
        self._needs_parentheses: set[int] = set()  # ids of nodes that an `await` there must wrap
        self._record = record
        self.applied: list[Finding] = []
        self.edits: dict[_Range, tuple[Edit, ...]] = {}

    def _range(self, node: cst.CSTNode) -> _Range:
        code_range = self.get_metadata(PositionProvider, node)
        return (code_range.start.line, code_range.start.column, code_range.end.line, code_range.end.column)

    def _finding_at(self, node: cst.CSTNode) -> Finding | None:
        return self._by_range.get(self._range(node))

    def _record_edit(self, key: _Range, node: cst.CSTNode, *extra: Edit) -> None:
        if self._record:
            start, end = Location(key[0], key[1] + 1), Location(key[2], key[3] + 1)
            self.edits[key] = (*extra, Edit(_EMPTY.code_for_node(node), start, end))

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
        if self._record:
            # Each recorded edit stands alone, so it is built from the original call.
            alone = self._awaited(finding, original_node, original_node) or awaited
            if original_node.lpar:  # the edit's range lies inside the call's own parentheses
                alone = alone.with_changes(lpar=[], rpar=[])
            self._record_edit(key, alone)
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
        iterable = self._async_iterable(original_node, original_node.iter, updated_node.iter)
        if iterable is None:
            return updated_node
        return updated_node.with_changes(asynchronous=cst.Asynchronous(), iter=iterable)

    def leave_CompFor(self, original_node: cst.CompFor, updated_node: cst.CompFor) -> cst.CompFor:
        iterable = self._async_iterable(original_node, original_node.iter, updated_node.iter)
        if iterable is None:
            return updated_node
        return updated_node.with_changes(asynchronous=cst.Asynchronous(), iter=iterable)

    def _async_iterable(
        self, loop: cst.CSTNode, original: cst.BaseExpression, updated: cst.BaseExpression
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
        if self._record:
            start = self.get_metadata(PositionProvider, loop).start
            prefix = Location(start.line, start.column + 1)
            alone = self._twin_call(original, finding.fix.twin or "") or replacement
            self._record_edit(key, alone, Edit("async ", prefix, prefix))
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
        return call.with_changes(func=to_thread, args=[_callee_argument(call), *call.args], lpar=[], rpar=[])

    def _run_in_executor(self, call: cst.Call) -> cst.Call:
        runner = cst.parse_expression(f"{self._plan.asyncio}.get_running_loop().run_in_executor")
        work: cst.BaseExpression = call.func
        if call.args:
            partial = cst.parse_expression(self._plan.partial)
            work = call.with_changes(
                func=partial, args=[_callee_argument(call), *call.args], lpar=[], rpar=[]
            )
        return cst.Call(func=runner, args=[cst.Arg(cst.Name("None"), comma=_COMMA), cst.Arg(work)])


_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
_EMPTY = cst.Module(body=[])


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
