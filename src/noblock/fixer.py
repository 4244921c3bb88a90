"""Builds fixes with libcst: rewrites the matched calls losslessly and adds the imports they need.

Findings come from the `ast` front-end; each is matched to the libcst `Call` node with exactly the
same range (libcst positions exclude the node's own parentheses, as `ast` does).
"""

from __future__ import annotations

import ast
import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import MetadataWrapper, PositionProvider

from noblock.findings import Edit, Finding, Location
from noblock.fixes import OffloadStyle, Strategy

_Range = tuple[int, int, int, int]  # as libcst counts: 1-based lines, 0-based columns


@dataclass(frozen=True)
class FixOutcome:
    """The rewritten source and the findings whose fix was applied."""

    text: str
    applied: tuple[Finding, ...]


@dataclass(frozen=True)
class _ImportPlan:
    """The names the fixes refer to, and the imports to add for them."""

    asyncio: str
    partial: str
    imports: tuple[tuple[str, str | None, str | None], ...]  # (module, object, alias)


def apply_fixes(text: str, findings: Sequence[Finding]) -> FixOutcome:
    """Apply the fix of every finding given (each must carry a `fix`)."""
    by_range = {finding.code_range: finding for finding in findings if finding.fix is not None}
    if not by_range:
        return FixOutcome(text, ())
    plan = _plan_imports(text, list(by_range.values()))
    wrapper = MetadataWrapper(cst.parse_module(text))
    transformer = _FixTransformer(by_range, plan)
    fixed = wrapper.visit(transformer)
    if not transformer.applied:
        return FixOutcome(text, ())
    if plan.imports:
        context = CodemodContext()
        for module, obj, alias in plan.imports:
            AddImportsVisitor.add_needed_import(context, module, obj, alias)
        fixed = AddImportsVisitor(context).transform_module(fixed)
    return FixOutcome(fixed.code, tuple(transformer.applied))


def fix_edits(text: str, findings: Sequence[Finding]) -> dict[_Range, tuple[Edit, ...]]:
    """Each fix as text edits on `text`, independent of the others (as ruff's JSON carries them)."""
    by_range = {finding.code_range: finding for finding in findings if finding.fix is not None}
    if not by_range:
        return {}
    plan = _plan_imports(text, list(by_range.values()))
    module = cst.parse_module(text)
    transformer = _FixTransformer(by_range, plan, record=True)
    MetadataWrapper(module).visit(transformer)
    import_edit = _import_edit(module, plan)
    return {
        key: (*edits, *((import_edit,) if import_edit is not None else ()))
        for key, edits in transformer.edits.items()
    }


def _import_edit(module: cst.Module, plan: _ImportPlan) -> Edit | None:
    """The lines the imports add, as one insertion."""
    if not plan.imports:
        return None
    context = CodemodContext()
    for name, obj, alias in plan.imports:
        AddImportsVisitor.add_needed_import(context, name, obj, alias)
    before = module.code.splitlines(keepends=True)
    after = AddImportsVisitor(context).transform_module(module).code.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, start, _, new_start, new_end in matcher.get_opcodes():
        if tag == "insert":
            location = Location(start + 1, 1)
            return Edit("".join(after[new_start:new_end]), location, location)
    return None


def _plan_imports(text: str, findings: list[Finding]) -> _ImportPlan:
    """Reuse the module's `import asyncio` / `from functools import partial` (or their aliases)
    when nothing else rebinds those names; otherwise import under a name nothing else uses."""
    tree = ast.parse(text)
    bound = _bound_names(tree)
    aliases: dict[str, str] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                aliases.setdefault(alias.name, alias.asname or alias.name)
        elif (
            isinstance(statement, ast.ImportFrom) and statement.module == "functools" and not statement.level
        ):
            for alias in statement.names:
                if alias.name == "partial":
                    aliases.setdefault("functools.partial", alias.asname or "partial")
    imports: list[tuple[str, str | None, str | None]] = []

    def module_name(module: str) -> str:
        existing = aliases.get(module)
        if existing is not None and bound[existing] == 1:
            return existing
        name = module
        while bound[name]:
            name += "_"
        imports.append((module, None, None if name == module else name))
        bound[name] += 1
        aliases[module] = name
        return name

    needs_partial = any(
        f.fix is not None and f.fix.strategy is Strategy.OFFLOAD and f.fix.offload is OffloadStyle.EXECUTOR
        for f in findings
    )
    needs_asyncio = any(
        f.fix is not None
        and (f.fix.strategy is Strategy.OFFLOAD or (f.fix.twin or "").startswith("asyncio."))
        for f in findings
    )
    asyncio_name = module_name("asyncio") if needs_asyncio else "asyncio"
    partial_name = "functools.partial"
    if needs_partial:
        existing = aliases.get("functools.partial")
        if existing is not None and bound[existing] == 1:
            partial_name = existing
        else:
            partial_name = f"{module_name('functools')}.partial"
    for finding in findings:
        twin = finding.fix.twin if finding.fix is not None else None
        if twin and "." in twin and not twin.startswith("asyncio."):
            module = twin.rsplit(".", 1)[0]
            if module not in aliases:
                imports.append((module, None, None))
                aliases[module] = module
    return _ImportPlan(asyncio_name, partial_name, tuple(imports))


def _bound_names(tree: ast.Module) -> Counter[str]:
    """How many times each name is bound anywhere in the module."""
    bound: Counter[str] = Counter()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound[node.id] += 1
        elif isinstance(node, ast.arg):
            bound[node.arg] += 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[node.name] += 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound[alias.asname or alias.name.split(".", 1)[0]] += 1
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound[node.name] += 1
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
