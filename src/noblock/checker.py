"""Walks the bodies of `async def`s and reports the calls the rule set says block the event loop."""

from __future__ import annotations

import ast
import functools
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Union

from noblock.catalog import CallRule
from noblock.findings import ALWAYS, ON_ERROR, SOMETIMES, Finding, Location
from noblock.fixes import (
    ENTERED_CONTEXT,
    HANDED_RESULT,
    IN_CLASS_BODY,
    IN_GENERATOR,
    IN_NESTED_COMPREHENSION,
    LOOP_CALLBACK,
    PROPERTY_READ,
    WITH_ITEM,
    FixDecision,
    foreign_loop,
    plan_fix,
)
from noblock.outline import aliases, class_summary, instances, listed_functions, objects
from noblock.project import ProjectIndex, in_project
from noblock.resolve import (
    Ref,
    Resolver,
    argument,
    handed_position,
    hides_arguments,
    is_none,
    last_name,
    names_a_class,
)
from noblock.rules import HELD_LOCK_CODE, NESTED_LOOP_CODE, call_message
from noblock.ruleset import COROUTINE_CONSUMER_METHODS, COROUTINE_CONSUMERS, RuleSet
from noblock.scopes import (
    COMPREHENSIONS,
    DEFINITIONS,
    OPAQUE,
    Binding,
    BindingKind,
    ClassInfo,
    ModuleScopes,
    Scope,
    collect_scopes,
    isinstance_test,
    item_of,
    leaves_block,
    lookup,
    loop_spans,
    own_nodes,
    self_class,
)
from noblock.source import between_bytes, text_lines
from noblock.summary import (
    ANY_ATTRIBUTE,
    AWAITED,
    FALSY,
    NONE,
    NOT_NONE,
    TRUTHY,
    Built,
    CallSite,
    Edge,
    FunctionSummary,
    Leaf,
    ModuleSummary,
    Passed,
    attribute_need,
    self_need,
)
from noblock.values import (
    Constant,
    Parameter,
    ValueTest,
    forwarding,
    none_test,
    on_disk_need,
    rebinding,
    truth_test,
    value_need,
    value_test_of,
)

_MAX_DISPLAY = 80


def check_module(tree: ast.Module, text: str, filename: str, ruleset: RuleSet) -> list[Finding]:
    """Every blocking call made directly in an `async def` of `tree`, before suppressions."""
    return analyse_module(tree, text, filename, ruleset).findings


@dataclass(frozen=True)
class ModuleAnalysis:
    """A module's direct findings and, when asked for, its summary for the whole-project pass."""

    findings: list[Finding]
    summary: ModuleSummary | None


def analyse_module(
    tree: ast.Module,
    text: str,
    filename: str,
    ruleset: RuleSet,
    *,
    module: str = "",
    is_package: bool = False,
    summarize: bool = False,
    explore: Sequence[str] | None = None,
    project: frozenset[str] | None = None,
    reached: Sequence[str] = (),
) -> ModuleAnalysis:
    """Direct findings (before suppressions) and, with `summarize`, the module's summary: what its
    coroutines call, and what the plain functions of this module those calls lead to call and block
    on. With `explore` (dotted paths), only the summary, with the plain functions the paths lead to
    explored instead: the whole-project pass asks for them when calls from elsewhere lead here.
    `project` (the top-level names of the project's modules) leaves out of the summary every call,
    import and base class that cannot lead into the project: most of them, in most modules.
    `reached` names more functions to explore with `summarize` (known to be reached from elsewhere)."""
    scopes = collect_scopes(tree, text)
    try:
        return _analyse(
            scopes, text, filename, ruleset, module, is_package, summarize, explore, project, reached
        )
    finally:
        scopes.release()


def _analyse(
    scopes: ModuleScopes,
    text: str,
    filename: str,
    ruleset: RuleSet,
    module: str,
    is_package: bool,
    summarize: bool,
    explore: Sequence[str] | None,
    project: frozenset[str] | None,
    reached: Sequence[str],
) -> ModuleAnalysis:
    summarize = summarize or explore is not None
    if not scopes.async_functions and not summarize:
        return ModuleAnalysis([], None)
    resolver = Resolver(ruleset, scopes, module, is_package)
    checker = _ModuleChecker(
        text, filename, ruleset, resolver, scopes.async_names, summarize, project, scopes.module.node
    )
    if explore is None:
        for function, scope in scopes.async_functions:
            scopes.prepare(scope)
            checker.check_function(function, scope)
    if not summarize:
        return ModuleAnalysis(checker.findings, None)
    outline = ModuleSummary(  # its functions are listed by `_explore`
        module=resolver.module_name,
        filename=filename,
        classes=tuple(class_summary(info, scopes, resolver, ruleset, project) for info in scopes.classes),
        aliases=aliases(scopes.module, resolver, project),
        instances=instances(scopes.module, resolver, project),
        objects=objects(scopes.module, resolver, ruleset, project),
        call_sites=tuple(checker.call_sites),
    )
    start = [*(site.callee for site in outline.call_sites), *reached] if explore is None else explore
    return ModuleAnalysis(
        checker.findings, _explore(checker, scopes, outline, start, resolver, ruleset, project)
    )


def _explore(
    checker: _ModuleChecker,
    scopes: ModuleScopes,
    outline: ModuleSummary,
    start: Sequence[str],
    resolver: Resolver,
    ruleset: RuleSet,
    project: frozenset[str] | None,
) -> ModuleSummary:
    """The outline with its functions listed and the plain ones the `start` paths lead to explored,
    then those their calls lead to within the module, and so on. Paths into other modules are left
    to the whole-project pass (most functions of a module are never reached, and walking them was
    most of that pass's time)."""
    functions: list[FunctionSummary] = []
    positions: dict[str, list[int]] = {}  # by full name, positions in `scopes.functions`

    def list_new_functions() -> ProjectIndex:
        # At first every function found so far; later the ones found inside a body just read.
        for position in range(len(functions), len(scopes.functions)):
            positions.setdefault(f"{outline.module}.{scopes.functions[position][1].qualname}", []).append(
                position
            )
        functions.extend(listed_functions(scopes.functions[len(functions) :], resolver, ruleset, project))
        return ProjectIndex([replace(outline, functions=tuple(functions))], project or frozenset())

    index = list_new_functions()
    seen: set[str] = set()
    pending = list(start)
    unknown: list[str] = []  # asked for before a body defining them was read
    while pending:
        asked = pending.pop()
        name = index.function(asked)
        if name is None:
            unknown.append(asked)
            continue
        if name in seen:
            continue
        seen.add(name)
        for position in positions.get(name, ()):
            definition, scope = scopes.functions[position]
            if isinstance(definition, ast.FunctionDef):
                scopes.prepare(scope)
                walked = checker.check_function(definition, scope)
                functions[position] = replace(walked, returns=functions[position].returns)
                pending.extend(edge.callee for edge in functions[position].edges)
        if len(scopes.functions) > len(functions):
            index = list_new_functions()
            pending.extend(unknown)  # a function defined in a body just read may be one of them
            unknown.clear()
    return replace(outline, functions=tuple(functions))


class _ModuleChecker:
    def __init__(
        self,
        text: str,
        filename: str,
        ruleset: RuleSet,
        resolver: Resolver,
        async_names: frozenset[str],
        summarize: bool,
        project: frozenset[str] | None,
        module: ast.AST,
    ) -> None:
        self._text = text
        self._module = module
        # The module-level names a function sets back to a constant, and per class the attributes a
        # method other than `__init__` does (`_config = None` in `reload()`): found when first asked.
        self._emptied_names: frozenset[str] | None = None
        # Whether a function may declare a name `global`: walking each function for one cost more
        # than all the rest of finding the values functions keep (measured).
        self._declares_globals = "global" in text and _GLOBAL_STATEMENT.search(text) is not None
        self._emptied_attributes: dict[int, frozenset[str]] = {}
        self._lines: list[str] | None = None
        self._filename = filename
        # Why no fix suits this module's coroutines (they run on trio), if so: every call in them
        # is then reported without one.
        self._foreign_loop = foreign_loop(text)
        self._ruleset = ruleset
        self._resolver = resolver
        self._async_names = async_names
        self._summarize = summarize
        # Per function and method, the receivers a call of the method set (`sock.setblocking(False)`).
        self._receivers_set: dict[tuple[int, str], dict[str, tuple[int, int]]] = {}
        self._project = project
        self.findings: list[Finding] = []
        self.call_sites: list[CallSite] = []

    def check_function(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope
    ) -> FunctionSummary:
        """Check the code of `function` that runs when it is called: in an `async def`, report its
        blocking calls; in a plain function, note them (and its other calls) for its summary."""
        is_async = isinstance(function, ast.AsyncFunctionDef)
        if not is_async and self._caches_its_result(function, scope):
            # It blocks on its first call (for each set of arguments) only: reporting every call of
            # it would bury the calls that block each time. Warm it before the loop starts.
            return FunctionSummary(scope.qualname, function.lineno, False, explored=True)
        if not is_async and self._decorated_with(function, scope, _THREAD_DECORATORS):
            # Its body runs in a worker thread: a call returns an awaitable or a handle at once.
            return FunctionSummary(scope.qualname, function.lineno, False, explored=True)
        self_name = _self_name(function, scope)
        if is_async:
            positions = _Positions({}, self_name)
        else:
            rebound_at: dict[str, tuple[int, int]] = {}
            optional = _tested_values(function, scope, self_name, self._resolver, rebound_at)
            positions = _Positions(
                optional,
                self_name,
                _ValuedParameters(function, scope, functools.partial(self._text_of, function)),
                function,
                rebound_at,
            )
            # Work done once, until a value the function keeps (a module-level name, an attribute
            # of its object) is set, blocks on the first call only, as a cached function's does.
            positions.not_blocking.update(
                _calls_run_once(
                    function,
                    # A class method keeps values on its class (`cls._instance`): once for all objects.
                    _receiver_parameter(function, scope),
                    functools.partial(self._emptied, scope),
                    functools.partial(_module_level, scope),
                    globals_declared=self._declares_globals,
                )
            )
        leaves: list[Leaf] = []
        edges: list[Edge] = []
        yields = False
        # Each node travels with its scope, the reason `await` cannot be used there (None: it can)
        # and how often it runs, of the function's runs (see `Edge.runs`).
        stack: list[tuple[ast.AST, Scope, str | None, int]] = [
            (statement, scope, self._foreign_loop if is_async else None, ALWAYS)
            for statement in function.body
        ]
        positions.after_guards(function.body)
        called: set[int] = set()  # the attributes called, not only read
        # The walk visits most nodes of a module: it avoids `ast.iter_child_nodes` and never stacks
        # names and constants, which cannot hold a call (measured: about twice as fast).
        while stack:
            node, where, no_await, runs = stack.pop()
            kind = type(node)
            if kind in _DEFINITIONS:
                if kind is ast.ClassDef:
                    assert isinstance(node, ast.ClassDef)
                    header = [
                        *node.decorator_list,
                        *node.bases,
                        *(keyword.value for keyword in node.keywords),
                    ]
                    stack.extend((child, where, no_await, runs) for child in header)
                    stack.extend((child, where, IN_CLASS_BODY, runs) for child in node.body)
                else:
                    # A nested function's body runs later, elsewhere; its decorators and defaults run now.
                    stack.extend(
                        (child, where, no_await, runs)
                        for child in _evaluated_at_definition(node)  # type: ignore[arg-type]
                    )
                continue
            if kind in _NOTED:
                nested = type(where.node) in COMPREHENSIONS  # inside a comprehension's own scope
                positions.note(node, nested=nested)
                if kind is ast.With:
                    leaves.extend(self._check_with(node, where, positions, is_async, runs))  # type: ignore[arg-type]
                    if self._summarize:
                        edges.extend(self._entered_objects(node, where, positions, is_async, runs))  # type: ignore[arg-type]
                if kind in COMPREHENSIONS:
                    stack.extend(
                        (child, inner, reason, runs)
                        for child, inner, reason in _comprehension_parts(node, where, no_await, nested=nested)  # type: ignore[arg-type]
                    )
                    continue
            elif kind is ast.Yield or kind is ast.YieldFrom:
                yields = True
            elif kind is ast.Call:
                assert isinstance(node, ast.Call)
                outcome = self._check_call(node, where, positions, no_await, is_async, runs)
                if isinstance(outcome, Leaf):
                    leaves.append(outcome)
                elif outcome is not None:
                    edges.append(outcome)
                if type(node.func) is ast.Attribute:
                    called.add(id(node.func))  # `self.prop()` is followed as a call already
            elif kind is ast.Attribute and self._summarize and id(node) not in called:
                assert isinstance(node, ast.Attribute)
                if node.attr in self._property_names:  # most attributes read are no property's
                    read = self._read_property(node, where, positions, no_await, is_async, runs)
                    if read is not None:
                        edges.append(read)
            branches = _BRANCHES.get(kind)
            if kind is ast.While and isinstance(node, ast.While) and _always_true(node.test):
                branches = None  # `while True:` runs its body
            for field in _CHILD_FIELDS.get(kind, ()):
                value: Any = getattr(node, field, None)
                inside = runs if branches is None else max(runs, branches.get(field, ALWAYS))
                if field == "handlers":
                    stack.extend(
                        (handler, where, no_await, max(runs, _handler_runs(handler))) for handler in value
                    )
                elif type(value) is list:
                    stack.extend(
                        (item, where, no_await, inside) for item in value if type(item) not in _LEAVES
                    )
                elif type(value) not in _LEAVES:
                    stack.append((value, where, no_await, inside))
        if is_async:
            return FunctionSummary(scope.qualname, function.lineno, True, explored=True)
        if (
            any(leaf.code == NESTED_LOOP_CODE for leaf in leaves) or any(map(self._may_start_a_loop, edges))
        ) and _checks_for_a_running_loop(function):
            # A helper that starts a loop only after looking for a running one (`if
            # loop.is_running(): loop.create_task(...)`, else `asyncio.run(...)`) takes the other
            # way when a coroutine calls it. The loop may come from a helper of the project
            # (`loop = self._ensure_loop()`), whose return the whole-project pass resolves later.
            leaves = [leaf for leaf in leaves if leaf.code != NESTED_LOOP_CODE]
            edges = [edge for edge in edges if not self._may_start_a_loop(edge)]
        conditional = any(leaf.needs for leaf in leaves) or any(edge.needs or edge.forwards for edge in edges)
        makes_context_manager = yields and self._makes_context_manager(function, scope)
        rebinds: tuple[str, ...] = ()
        if self_name is not None and any(edge.on_self for edge in edges):
            rebound = positions.rebound
            rebinds = (ANY_ATTRIBUTE,) if rebound is None else tuple(sorted(rebound))
        return FunctionSummary(
            scope.qualname,
            function.lineno,
            False,
            explored=True,
            leaves=tuple(leaves),
            edges=tuple(edges),
            generator=yields and not makes_context_manager,
            context_manager=makes_context_manager,
            parameters=_parameters(function, scope) if conditional else (),
            rebinds=rebinds,
            uses_loop=positions.uses_loop,
            checks_loop=bool(positions.uses_loop) and _copes_without_a_loop(function),
        )

    def _may_start_a_loop(self, edge: Edge) -> bool:
        """Whether a call on an object a project function returns (`loop.run_until_complete()`)
        starts an event loop if the object is one."""
        rule = self._ruleset.methods.get(edge.callee.rpartition(".")[2])
        return rule is not None and rule.code == NESTED_LOOP_CODE

    def _emptied(self, scope: Scope, key: str) -> bool:
        """Whether a value a function keeps (see `_calls_run_once`) is set back to a constant
        elsewhere, emptying the cache: a module-level name, in a function that declares it `global`
        (`_config = None` in `reload_config()`); an attribute (`.name`), in a method of the class
        other than its `__init__` (`self._client = None`, to look again). Not in a function that
        ends the object's or the program's use of it (`close()`, `_shutdown_telemetry()`): what
        comes after that is seldom served again. An item of a dictionary (`.state[...]`,
        `_clients[...]`): by a function that may take it out (see `_empties`)."""
        held_in, bracket, item = key.partition("[")
        resetters = self._resetters(scope, of_attribute=held_in.startswith("."))
        if resetters is None:
            return True
        if bracket:
            return any(_empties(function, held_in, item[:-1]) for function in resetters)
        if not key.startswith("."):
            if self._emptied_names is None:
                # Only the functions that hold a `global` statement are walked.
                rows = [
                    self._text.count("\n", 0, found.start()) + 1
                    for found in _GLOBAL_STATEMENT.finditer(self._text)
                ]
                self._emptied_names = frozenset(
                    name
                    for node in resetters
                    if any(node.lineno <= row <= (node.end_lineno or node.lineno) for row in rows)
                    for name in _set_to_constants(node, _declared_global(node))
                )
            return key in self._emptied_names
        owner = scope.owner
        assert owner is not None  # `_resetters` found its methods
        emptied = self._emptied_attributes.get(id(owner))
        if emptied is None:
            emptied = self._emptied_attributes[id(owner)] = frozenset(
                name for method in resetters for name in _set_to_constants(method, None)
            )
        return key[1:] in emptied

    def _resetters(
        self, scope: Scope, *, of_attribute: bool
    ) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef] | None:
        """The functions that may set back or empty a value a function of `scope` keeps: for an
        attribute of its object, the methods of its class but `__init__`; for a module-level
        name, the module's functions; not those that end its use (see `_tears_down`). None: the
        function has no class to look in."""
        if of_attribute:
            owner = scope.owner
            if owner is None:
                return None
            functions: Iterable[ast.AST] = (method.node for method in owner.methods)
        else:
            functions = self._module_functions()
        return (
            function
            for function in functions
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
            and not (of_attribute and function.name == "__init__")
            and not _tears_down(function)
        )

    def _module_functions(self) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
        """The functions and methods of the module, nested ones too, not the rest of its code."""
        pending: list[ast.AST] = [self._module]
        while pending:
            node = pending.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield child
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.stmt)):
                    pending.append(child)

    def _caches_its_result(self, function: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> bool:
        """Whether a function is decorated with `functools.cache` or `functools.lru_cache` (called
        or not; `lru_cache(maxsize=0)` keeps nothing)."""
        where = scope.parent or scope
        for decorator in function.decorator_list:
            called = decorator.func if isinstance(decorator, ast.Call) else decorator
            ref = self._resolver.resolve(called, where)
            if ref is None or ref.path not in _CACHING_DECORATORS:
                continue
            size = argument(decorator, "maxsize", 0) if isinstance(decorator, ast.Call) else None
            if not (isinstance(size, ast.Constant) and size.value == 0):
                return True
        return False

    def _makes_context_manager(self, function: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> bool:
        """Whether a generator is decorated into a context manager (its body runs in `with`)."""
        return self._decorated_with(function, scope, _CONTEXT_MANAGER_DECORATORS)

    def _decorated_with(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope, paths: frozenset[str]
    ) -> bool:
        """Whether one of a function's decorators, called or not, is one of these."""
        where = scope.parent or scope
        for decorator in function.decorator_list:
            called = decorator.func if isinstance(decorator, ast.Call) else decorator
            ref = self._resolver.resolve(called, where)
            if ref is not None and ref.path in paths:
                return True
        return False

    def _check_call(
        self,
        call: ast.Call,
        scope: Scope,
        positions: _Positions,
        no_await: str | None,
        is_async: bool,
        runs: int = ALWAYS,
    ) -> Leaf | Edge | None:
        """Report a blocking call (in a sync function: return it as a leaf), or note what else it
        calls, for the whole-project pass (in a sync function: return it as an edge)."""
        func = call.func
        ref = self._resolver.resolve(func, scope)
        if (
            not is_async
            and not positions.uses_loop
            and _needs_running_loop(func, ref)
            and id(call) not in positions.loop_probes
        ):
            positions.uses_loop = call.lineno
        if _consumes_coroutines(func, ref):
            positions.not_blocking.update(id(inner) for inner in _coroutine_arguments(call))
        handed = handed_position(func, ref)
        if handed is not None and len(call.args) > handed and isinstance(call.args[handed], ast.Call):
            positions.handed_results.add(id(call.args[handed]))  # `to_thread(f(x))`: `f(x)` runs here
        if handed is not None:
            # `to_thread(list, folder.glob("*.py"))`: the generator made here is run in the thread.
            positions.iterated_in_thread.update(id(value) for value in call.args[handed + 1 :])
        if isinstance(func, ast.Attribute) and func.attr == "enter_context" and call.args:
            # `ExitStack.enter_context(cm)` runs `cm.__enter__()` here, as a `with` block does.
            positions.entered.add(id(call.args[0]))
        if self._summarize and type(func) is ast.Attribute and func.attr in _LOOP_CALLBACKS:
            scheduled = self._scheduled(call, _LOOP_CALLBACKS[func.attr], scope)
            if scheduled is not None and is_async:
                callback, target = scheduled
                self.call_sites.append(
                    self._call_site(callback, target, self._written(callback), LOOP_CALLBACK, positions)
                )
            elif scheduled is not None:
                # Scheduled by a plain function a coroutine calls: it runs on the loop after it (a
                # signal's or a file's handler only when the signal comes or the file is ready).
                when = runs if func.attr.startswith("call_") else max(runs, SOMETIMES)
                return Edge(
                    scheduled[1], call.lineno, None, positions.needs_of(call), _NOTHING_PASSED, runs=when
                )
        if id(call) in positions.not_blocking:
            return None
        method = func.attr if isinstance(func, ast.Attribute) else None
        if self._ruleset.is_offload(ref.path if ref is not None else None, method):
            return None
        rule = None if ref is None else self._ruleset.calls.lookup(ref.path)
        if rule is None and ref is not None and ref.is_instance:
            rule = self._called_object(ref)
        matched = ref
        callee: str | None = None
        by_name = False
        if rule is None:
            # A method name matched: the receiver's type, when known, says which method it is.
            rule, matched = (
                self._match_method(call, scope),
                ref if ref is not None and ref.is_instance else None,
            )
            if rule is not None and self._project is not None and not (rule.unless or rule.built_with):
                # On an object of the project (`from app.host import host`, then `host.invoke()`),
                # the whole-project pass first looks for the method in the object's class.
                callee = self._callee(func, ref, scope)
                by_name = callee is not None and in_project(callee, self._project)
                if by_name:
                    rule = None
        if no_await is None and id(call) in positions.with_items:
            no_await = WITH_ITEM  # a call in a coroutine, reported here or by the pass, is fixed alike
        if no_await is None and id(call) in positions.entered:
            no_await = ENTERED_CONTEXT
        if no_await is None and id(call) in positions.handed_results:
            no_await = HANDED_RESULT
        if rule is not None:
            if rule.code is None or rule.code == HELD_LOCK_CODE or not self._may_wait(call, scope, rule):
                return None
            if rule.unless_receiver == "setblocking" and id(call) in positions.non_blocking_io:
                return None
            if id(call) in positions.iterated_in_thread and method in _GENERATORS:
                return None
            if not is_async:
                written = f"{self._written(func)}()"
                needs = positions.needs_of(call)
                on_disk = self._on_disk_need(call, scope, rule, positions)
                return Leaf(
                    rule.code, written, call.lineno, needs if on_disk is None else (*needs, on_disk), runs
                )
            decision = plan_fix(
                rule,
                self._ruleset.fix_options,
                no_await=no_await,
                loop_iterable=id(call) in positions.loop_iterables,
                nested_loop=id(call) in positions.nested_loop_iterables,
                streams=rule.streams_with is not None and _given(argument(call, *rule.streams_with)),
            )
            self.findings.append(self._finding(call, matched, rule, rule.code, decision))
            return None
        if not self._summarize:
            return None
        if not by_name:
            callee = self._callee(func, ref, scope)
        if callee is None or not in_project(callee, self._project):
            return None
        if method is not None and self._made_non_blocking(func, scope, call, method):
            return None
        if not is_async:
            return Edge(
                callee,
                call.lineno,
                f"{self._written(func)}()" if by_name else None,
                positions.needs_of(call),
                self._with_buffers(_passed(call), call, scope),
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == positions.self_name,
                () if positions.valued is None else positions.valued.forwards(call, scope),
                runs,
            )
        self.call_sites.append(
            self._call_site(
                call,
                callee,
                f"{self._written(func)}()",
                no_await,
                positions,
                by_name=by_name,
                passed=self._with_buffers(_passed(call), call, scope),
                built=self._built(func, scope),
            )
        )
        return None

    def _made_non_blocking(self, func: ast.expr, scope: Scope, call: ast.Call, method: str) -> bool:
        """Whether a method call on another module's object, which the whole-project pass may type
        as a socket, is one the catalogue's socket rows let go once the receiver is made
        non-blocking (`setblocking(False)`, or handed to `loop.sock_recv()`) in this function."""
        rule = self._ruleset.calls.lookup(f"socket.socket.{method}")
        return (
            rule is not None
            and rule.unless_receiver is not None
            and self._receiver_set(func, scope, call, rule.unless_receiver)
        )

    def _scheduled(self, call: ast.Call, position: int, scope: Scope) -> tuple[ast.expr, str] | None:
        """The project function a call schedules on the event loop (`loop.call_soon(self._ready, x)`,
        `call_later(5, partial(self._flush, now))`), which runs there when its time comes, and where
        it is named (or the one call a `lambda` makes): the whole-project pass follows it as a call,
        which no fix can offload."""
        if len(call.args) <= position:
            return None
        callback = call.args[position]
        if type(callback) is ast.Lambda and type(callback.body) is ast.Call:
            callback = callback.body.func  # `lambda: self._flush(True)`
        elif type(callback) is ast.Call and callback.args:
            partial = self._resolver.resolve(callback.func, scope)
            if partial is None or partial.path != "functools.partial":
                return None
            callback = callback.args[0]
        if not isinstance(callback, (ast.Name, ast.Attribute)):
            return None
        callee = self._callee(callback, self._resolver.resolve(callback, scope), scope)
        if callee is None or not in_project(callee, self._project):
            return None
        return callback, callee

    def _instance_class(self, value: ast.Name, scope: Scope) -> ClassInfo | None:
        """The class of this module a name holds an instance of (`config = TLSConfig(path)`, a
        parameter `config: TLSConfig`)."""
        ref = self._resolver.resolve(value, scope)
        if ref is None or not ref.is_instance or ref.owner is None:
            return None
        return self._resolver.class_info(ref.owner)

    @functools.cached_property
    def _property_names(self) -> frozenset[str]:
        """The names of the properties the classes of this module define (`@property`), as written:
        only an attribute read of one of these names may run a getter."""
        names = set()
        pending = [node for node in ast.iter_child_nodes(self._module) if isinstance(node, ast.ClassDef)]
        while pending:
            cls = pending.pop()
            for statement in cls.body:
                if isinstance(statement, ast.ClassDef):
                    pending.append(statement)
                elif isinstance(statement, ast.FunctionDef) and any(
                    last_name(decorator) == "property" for decorator in statement.decorator_list
                ):
                    names.add(statement.name)
        return frozenset(names)

    def _call_site(
        self,
        node: ast.expr,
        callee: str,
        shown: str,
        no_await: str | None,
        positions: _Positions,
        **more: Any,
    ) -> CallSite:
        """A call site of a coroutine for the whole-project pass, where `node` stands: a call, a
        property read, the context manager of a `with` block."""
        return CallSite(
            callee,
            shown,
            self._location(node.lineno, node.col_offset),
            self._location(node.end_lineno or node.lineno, node.end_col_offset or 0),
            no_await,
            id(node) in positions.loop_iterables,
            id(node) in positions.nested_loop_iterables,
            **more,
        )

    def _read_property(
        self,
        node: ast.Attribute,
        scope: Scope,
        positions: _Positions,
        no_await: str | None,
        is_async: bool,
        runs: int,
    ) -> Edge | None:
        """A read of a property of a class of this module (`self.cache_dir`, `config.cert_data` with
        `config = TLSConfig(path)`) runs its getter, as a call of it would: a coroutine's is noted
        for the whole-project pass, a plain function's is an edge to it (returned)."""
        value = node.value
        if (
            type(value) is not ast.Name
            or type(node.ctx) is not ast.Load
            or id(node) in positions.not_blocking  # `await self.ready`: the getter gives an awaitable
        ):
            return None
        on_self = value.id == positions.self_name
        owner = self_class(value, scope) if on_self else self._instance_class(value, scope)
        if owner is None or not self._resolver.is_plain_property(owner, node.attr):
            return None
        callee = f"{self._resolver.class_id(owner)}.{node.attr}"
        if not in_project(callee, self._project):
            return None
        if not is_async:
            return Edge(
                callee, node.lineno, None, positions.needs_of(node), _NOTHING_PASSED, on_self, (), runs
            )
        self.call_sites.append(
            self._call_site(
                node,
                callee,
                self._written(node),
                no_await or PROPERTY_READ,
                positions,
                passed=_NOTHING_PASSED,
            )
        )
        return None

    def _check_with(
        self, statement: ast.With, scope: Scope, positions: _Positions, is_async: bool, runs: int
    ) -> list[Leaf]:
        """The locks a `with` takes that make the loop wait: one whose taking waits (a file lock;
        reported in a coroutine, a leaf in a plain function), and a thread lock a coroutine holds
        while its block awaits or yields."""
        leaves: list[Leaf] = []
        suspends: bool | None = None  # found out only for a block that takes a thread lock
        for item in statement.items:
            held = item.context_expr
            ref = self._resolver.resolve(held, scope)
            if ref is None or not ref.is_instance:
                continue
            rule = self._ruleset.calls.lookup_special(ref.path, "__enter__")
            if rule is None or rule.code is None:
                continue
            if rule.code == HELD_LOCK_CODE:
                if not is_async or isinstance(held, ast.Call):
                    continue  # a plain function cannot await; a lock built here is not shared
                if suspends is None:
                    suspends = _suspends(statement.body)
                if not suspends:
                    continue
            elif rule.unless_built and self._built_to_try_once(held, None, scope, rule):
                continue
            written = self._written(held)
            shown = f"with {written}"
            if not is_async:
                leaves.append(Leaf(rule.code, shown, held.lineno, positions.needs_of(statement), runs))
                continue
            decision = FixDecision(None, rule.note)
            self.findings.append(
                self._finding_on(held, shown, written, ref, rule, rule.code, decision, rule.replacement)
            )
        return leaves

    def _entered_objects(
        self, statement: ast.With, scope: Scope, positions: _Positions, is_async: bool, runs: int
    ) -> list[Edge]:
        """A `with` block runs the `__enter__` and `__exit__` of an object of a project class
        (`with AssetServer():`): a coroutine's are noted for the whole-project pass, a plain
        function's are edges to them (returned)."""
        edges: list[Edge] = []
        for item in statement.items:
            held = item.context_expr
            ref = self._resolver.resolve(held, scope)
            if ref is None or not ref.is_instance:
                continue
            cls = ref.owner or ref.path
            if not in_project(cls, self._project):
                continue
            for method in ("__enter__", "__exit__"):
                callee = f"{cls}.{method}"
                if not is_async:
                    edges.append(
                        Edge(
                            callee,
                            held.lineno,
                            None,
                            positions.needs_of(statement),
                            _NOTHING_PASSED,
                            runs=runs,
                        )
                    )
                    continue
                shown = f"with {self._written(held)}"
                self.call_sites.append(
                    self._call_site(held, callee, shown, WITH_ITEM, positions, passed=_NOTHING_PASSED)
                )
        return edges

    def _callee(self, func: ast.expr, ref: Ref | None, scope: Scope) -> str | None:
        """What a call that no rule matched may reach in the project, as a dotted path."""
        if ref is not None and not ref.is_instance and not ref.is_module and not ref.is_local_class:
            return ref.path
        if ref is not None and ref.is_local_class and ref.owner is not None:
            return ref.owner  # a class of this module: the pass looks for its `__init__`
        if not isinstance(func, ast.Attribute):
            if (
                isinstance(func, ast.Name)
                and ref is not None
                and ref.owner is not None
                and ref.is_instance
                and self_class(func, scope) is None
            ):
                # Calling an object of a project class runs its `__call__`; `self()` and `cls()` aside
                # (in a class method, `cls()` builds an object).
                return f"{ref.owner}.__call__"
            return None
        if _calls_super(func.value):
            return self._inherited_method(func.attr, scope)
        receiver = self._resolver.resolve(func.value, scope)
        if receiver is not None and receiver.owner is not None:
            return f"{receiver.owner}.{func.attr}"
        if receiver is not None and receiver.is_instance:  # e.g. a parameter annotated with its class
            return f"{receiver.path}.{func.attr}"
        # `Store().load()`, `make_client().models.list()`, `store.table.read()` with `store = Store()`:
        # what built the object the attributes are read from.
        names = [func.attr]
        base = func.value
        constructor = self._constructor(base, scope)
        if constructor is None:
            constructor, base = self._built_below(base, names, scope)
        if constructor is None:
            constructor = self._inherited_attribute(base, names[-1], scope)
        return None if constructor is None else ".".join([constructor, *reversed(names)])

    def _built_below(self, node: ast.expr, names: list[str], scope: Scope) -> tuple[str | None, ast.expr]:
        """For `node`, whose own construction is not known, read as an attribute of an object built
        elsewhere (`store.table` with `store = Store()`): what built that object (see
        `_constructor`), the attributes read from it added to `names` (the outermost first), and the
        node the search stopped at."""
        constructor = None
        while constructor is None and isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
            constructor = self._constructor(node, scope)
        return constructor, node

    def _inherited_method(self, name: str, scope: Scope) -> str | None:
        """`super().name`: the method of the first base class of the enclosing method's class that
        is a project class (the whole-project pass looks in its bases in turn)."""
        while scope.owner is None:
            if scope.parent is None:
                return None
            scope = scope.parent
        owner = scope.owner
        for base in owner.bases:
            ref = self._resolver.resolve(base, owner.scope)
            if ref is not None and not ref.is_module and in_project(ref.owner or ref.path, self._project):
                return f"{ref.owner or ref.path}.{name}"
        return None

    def _inherited_attribute(self, node: ast.expr, name: str, scope: Scope) -> str | None:
        """The class of `self` when `self.name` is bound by none of its methods: then a base class
        sets it (`self.http.get()` in a subclass of another module's class), and the whole-project
        pass looks for what it holds from the class's name."""
        owner = self_class(node, scope)  # a walked method's class has all its methods read
        if owner is None or not owner.bases or name in owner.attributes:
            return None
        return self._resolver.class_id(owner)

    def _built(self, func: ast.expr, scope: Scope) -> Built | None:
        """The class call that built a method call's object (`logger = Logger(...)`, then
        `logger.info()`); None if that is not known (built by a function, or elsewhere)."""
        found = self._class_call(func.value, scope) if isinstance(func, ast.Attribute) else None
        if found is None:
            return None
        ref, call = found
        passed = _passed(call)
        if passed is None or (ref.owner is None and not names_a_class(ref.path)):
            return None
        return Built(ref.owner or ref.path, passed)

    def _class_construction(self, node: ast.expr, scope: Scope) -> ast.Call | None:
        """The call of a class the catalogue knows that built a value (see `_construction`); None
        when a factory, or something unknown, built it: its arguments are not the class's."""
        built = self._construction(node, scope)
        if built is None:
            return None
        construction, where = built
        ref = self._resolver.resolve(construction.func, where)
        if ref is None or ref.is_instance or not self._resolver.is_class(ref.path):
            return None
        return construction

    def _built_to_wait(self, func: ast.expr, scope: Scope, rule: CallRule) -> bool:
        """Whether the receiver of a method call was built with an argument of `rule.built_with`
        (`queue.Queue(maxsize=10)`) that is not a false constant."""
        construction = (
            self._class_construction(func.value, scope) if isinstance(func, ast.Attribute) else None
        )
        if construction is None:
            return False
        if hides_arguments(construction):
            return True  # `**options` or `*args` may hold it
        return any(_given(argument(construction, name, position)) for name, position in rule.built_with)

    def _built_to_try_once(
        self, receiver: ast.expr, call: ast.Call | None, scope: Scope, rule: CallRule
    ) -> bool:
        """Whether the receiver was built with an argument of `rule.unless_built` that is a false
        constant (`FileLock(path, timeout=0)`) and that the `call`, if any, does not pass again."""
        construction = self._class_construction(receiver, scope)
        if construction is None:
            return False
        passed_again = {
            name for name, position in rule.unless if call is not None and argument(call, name, position)
        }
        return any(
            _false_constant(argument(construction, name, position))
            for name, position in rule.unless_built
            if name not in passed_again
        )

    def _may_wait(self, call: ast.Call, scope: Scope, rule: CallRule) -> bool:
        """Whether a call its rule matched may wait here, as far as the rule's conditions on its
        arguments, its receiver and the file it is given tell."""
        func = call.func
        if _returns_at_once(call, rule):
            return False
        if rule.built_with and not self._built_to_wait(func, scope, rule):
            return False
        if (
            rule.unless_built
            and isinstance(func, ast.Attribute)
            and self._built_to_try_once(func.value, call, scope, rule)
        ):
            return False
        if rule.unless_receiver and self._receiver_set(func, scope, call, rule.unless_receiver):
            return False
        if rule.unless_flag and self._passes_flag(call, scope, rule.unless_flag):
            return False
        return not (rule.file_argument and self._in_memory(call, scope, rule.file_argument))

    def _passes_flag(self, call: ast.Call, scope: Scope, flag: tuple[str, int, str]) -> bool:
        """Whether an argument passes one of the flags, alone or among others joined by `|`, written
        out or through a name bound once to them (`NUMERIC = AI_NUMERICHOST | AI_NUMERICSERV`)."""
        keyword_name, position, names = flag
        flags = names.split()
        pending: list[tuple[ast.expr | None, Scope]] = [(argument(call, keyword_name, position), scope)]
        seen: set[int] = set()
        while pending:
            value, where = pending.pop()
            if value is None or id(value) in seen:
                continue
            seen.add(id(value))
            if isinstance(value, ast.BinOp) and isinstance(value.op, ast.BitOr):
                pending.extend(((value.left, where), (value.right, where)))
                continue
            ref = self._resolver.resolve(value, where)
            if ref is not None and ref.path in flags:
                return True
            bindings = self._resolver.bindings_of(value, where) if isinstance(value, ast.Name) else []
            if len(bindings) == 1:
                binding, bound_in = bindings[0]
                pending.append((binding.assigned, bound_in))
        return False

    def _in_memory(self, call: ast.Call, scope: Scope, file_argument: tuple[str, int]) -> bool:
        """Whether the file a call reads or writes is an in-memory buffer (`io.BytesIO(data)`), or,
        in a coroutine, may be one: a parameter annotated as any stream (`out: TextIO`) is not
        followed, as its own methods are not. In a plain function, the whole-project pass asks
        each caller what it passes (see `_on_disk_need`)."""
        value = argument(call, *file_argument)
        if value is None:
            return False
        ref = self._resolver.resolve(value, scope)
        return ref is not None and (
            _holds_buffer(ref) or (ref.is_instance and ref.path in _ANY_STREAM and _in_coroutine(scope))
        )

    def _on_disk_need(
        self, call: ast.Call, scope: Scope, rule: CallRule, positions: _Positions
    ) -> str | None:
        """For a call in a plain function that reads or writes the file a parameter names, the need
        that a caller passes no in-memory buffer for it (`def read(pdf): PdfReader(pdf)`)."""
        if rule.file_argument is None or positions.valued is None:
            return None
        value = argument(call, *rule.file_argument)
        if not isinstance(value, ast.Name) or positions.valued.scope is not scope:
            return None
        parameter = positions.valued(value.id)
        return None if parameter is None or parameter.rebindings else on_disk_need(value.id, parameter)

    def _with_buffers(self, passed: Passed | None, call: ast.Call, scope: Scope) -> Passed | None:
        """What a call passes, with the arguments that are in-memory buffers (`io.BytesIO(data)`,
        or a name bound once to one) marked."""
        if passed is None:
            return None
        buffers = tuple(key for key, value in _keyed_arguments(call) if self._is_buffer(value, scope))
        return replace(passed, in_memory=buffers) if buffers else passed

    def _is_buffer(self, value: ast.expr, scope: Scope) -> bool:
        if isinstance(value, ast.Name):
            bound = self._value_of(value, scope)
            if bound is None:
                return False
            value, scope = bound
        # Only a call named like a buffer class, or an attribute named like a standard stream, is
        # resolved: most arguments are neither.
        if isinstance(value, ast.Attribute):
            if value.attr not in _STREAM_NAMES:
                return False
        elif not isinstance(value, ast.Call) or last_name(value.func) not in _BUFFER_NAMES:
            return False
        ref = self._resolver.resolve(value, scope)
        return ref is not None and _holds_buffer(ref)

    def _receiver_set(self, func: ast.expr, scope: Scope, call: ast.Call, method: str) -> bool:
        """Whether the receiver of a method call was given a false constant by `method` earlier in
        the same function (`sock.setblocking(False)`)."""
        if not isinstance(func, ast.Attribute):
            return False
        while scope.parent is not None and not isinstance(
            scope.node, (ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            scope = scope.parent  # from a comprehension's scope to its function's
        key = (id(scope.node), method)
        given = self._receivers_set.get(key)
        if given is None:
            given = self._receivers_set[key] = _given_false(scope.node, method)
        first = given.get(ast.dump(func.value))
        return first is not None and first < (call.lineno, call.col_offset)

    def _constructor(self, node: ast.expr, scope: Scope) -> str | None:
        """The class a value was built from: `Store()`, or a name or `self.x` bound once to `Store(...)`;
        or the coroutine function whose call was awaited for it (`await db.connect()`: the path
        `app.db.connect.__await__`, which the whole-project pass follows to what its annotation names)."""
        found = self._class_call(node, scope)
        if found is not None:
            return found[0].owner or found[0].path
        divided = self._divided(node, scope)
        if divided is not None:
            return divided
        awaited = self._awaited_function(node, scope)
        if awaited is not None or not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            return awaited
        # `conn.cursor().execute(q)`, whose object nothing here types: the path of the call it is
        # made on, as the whole-project pass follows it (`app.db.conn.cursor.execute`).
        inner = node.func.value
        made_on = self._constructor(inner, scope) if isinstance(inner, ast.Call) else None
        return None if made_on is None else f"{made_on}.{node.func.attr}"

    def _divided(self, node: ast.expr, scope: Scope) -> str | None:
        """`root / "x"` (or a name bound once to it) where what `root` is was built elsewhere: the
        path of `root`, then `__truediv__`, as the whole-project pass follows it to the type `/`
        gives (`app.paths.storage_root.__truediv__`, for a `pathlib.Path`)."""
        bound = self._value_of(node, scope)
        if bound is None or not isinstance(bound[0], ast.BinOp) or not isinstance(bound[0].op, ast.Div):
            return None
        left, where = bound[0].left, bound[1]
        names = ["__truediv__"]
        made = self._constructor(left, where)
        if made is None:  # `CACHE_DIR / "tools"`, with `CACHE_DIR` imported from another module
            ref = self._resolver.resolve(left, where)
            if ref is not None and not (ref.is_instance or ref.is_module or ref.is_local_class):
                made = ref.path
        if made is None:  # `source.parent / "locks"`
            made, _ = self._built_below(left, names, where)
        return None if made is None else ".".join([made, *reversed(names)])

    def _awaited_function(self, node: ast.expr, scope: Scope) -> str | None:
        bound = self._value_of(node, scope)
        if bound is None:
            return None
        value, where = bound
        if not isinstance(value, ast.Await) or not isinstance(value.value, ast.Call):
            return None
        ref = self._resolver.resolve(value.value.func, where)
        if ref is None or ref.is_instance or ref.is_module or ref.is_local_class:
            return None
        return f"{ref.path}.{AWAITED}"

    def _class_call(self, node: ast.expr, scope: Scope) -> tuple[Ref, ast.Call] | None:
        """The call that built a value (see `_construction`) when it calls something that may be a
        class, with what it calls."""
        built = self._construction(node, scope)
        if built is None:
            return None
        call, where = built
        ref = self._resolver.resolve(call.func, where)
        if (ref is None or ref.is_instance) and isinstance(call.func, ast.Attribute):
            # `self.hook()` (or `Trigger().hook()`) where a base class defines `hook`: the
            # whole-project pass finds the method, and the class it returns, from the class's name.
            receiver = self._resolver.resolve(call.func.value, where)
            if receiver is not None and receiver.owner is not None:
                ref = Ref(f"{receiver.owner}.{call.func.attr}")
        if ref is None or ref.is_module or ref.is_instance:
            return None
        return ref, call

    def _construction(self, node: ast.expr, scope: Scope) -> tuple[ast.Call, Scope] | None:
        """The call that built a value: `node` itself, or what a name or `self.x` is bound to once
        (`x = Store(...)`, `x: Store = Store(...)`)."""
        bound = self._value_of(node, scope)
        if bound is None or not isinstance(bound[0], ast.Call):
            return None
        return bound[0], bound[1]

    def _value_of(self, node: ast.expr, scope: Scope) -> tuple[ast.expr, Scope] | None:
        """`node` itself, or the value a name or `self.x` is bound to once (with its scope); None
        when it is bound more than once, or to no value written out."""
        bindings = self._resolver.bindings_of(node, scope)
        if not bindings:
            return node, scope
        if len(bindings) != 1:
            return None
        binding, where = bindings[0]
        value = binding.assigned
        return None if value is None else (value, where)

    def _called_object(self, ref: Ref) -> CallRule | None:
        """The rule of calling an object of a library type (`chain(inputs)`, `chord(header)(body)`);
        not `self()` or `cls()`, nor an object of the project's classes (the pass follows those)."""
        if ref.owner is not None or (self._project is not None and in_project(ref.path, self._project)):
            return None
        return self._ruleset.calls.lookup_special(ref.path, "__call__")

    def _match_method(self, call: ast.Call, scope: Scope) -> CallRule | None:
        """A distinctive method name (`invoke`) matches on any receiver that is not a module."""
        func = call.func
        if not isinstance(func, ast.Attribute) or func.attr in self._async_names:
            # A method the module itself defines as `async def` is the project's coroutine.
            return None
        rule = self._ruleset.methods.get(func.attr)
        if rule is None or len(call.args) + len(call.keywords) < rule.min_arguments:
            return None
        receiver = self._resolver.resolve(func.value, scope)
        if receiver is None:
            # What `async with ... as client` gives is an async object: its methods are coroutines.
            bindings = self._resolver.bindings_of(func.value, scope)
            entered = bool(bindings) and all(b.kind is BindingKind.ASYNC_ENTERED for b, _ in bindings)
            return None if entered else rule
        if receiver.is_module:
            return None
        if receiver.is_instance and not self._ruleset.receiver_allowed(func.attr, receiver.path):
            return None
        return rule

    def _finding(
        self, call: ast.Call, ref: Ref | None, rule: CallRule, code: str, decision: FixDecision
    ) -> Finding:
        """`ref` is the qualified name the rule matched (for a method name, of a receiver of known
        type), or None when it is not known."""
        written = self._written(call.func)
        replacement = rule.replacement
        if "{receiver}" in replacement:
            # A method's receiver; a called object (`chain(inputs)`) is its own.
            receiver = call.func.value if isinstance(call.func, ast.Attribute) else call.func
            replacement = replacement.replace("{receiver}", self._written(receiver))
        return self._finding_on(call, f"{written}()", written, ref, rule, code, decision, replacement)

    def _finding_on(
        self,
        node: ast.expr,
        shown: str,
        written: str,
        ref: Ref | None,
        rule: CallRule,
        code: str,
        decision: FixDecision,
        replacement: str,
    ) -> Finding:
        """A finding on `node`, shown as `shown` (followed by what `ref` names when that is not
        what is `written`)."""
        shown = f"`{shown}`"
        if ref is not None and ref.path not in (written, f"builtins.{written}"):
            shown += f" (`{ref.path}`)"
        message = call_message(code, shown, replacement, rule.message, decision.reason)
        return Finding(
            filename=self._filename,
            location=self._location(node.lineno, node.col_offset),
            end_location=self._location(node.end_lineno or node.lineno, node.end_col_offset or 0),
            code=code,
            message=message,
            qualified_name=ref.path if ref is not None else None,
            replacement=replacement,
            fix=decision.plan,
            no_fix_reason=decision.reason,
        )

    def _text_of(self, node: ast.stmt) -> str:
        return "\n".join(self._line(row) for row in range(node.lineno, (node.end_lineno or node.lineno) + 1))

    def _line(self, row: int) -> str:
        if self._lines is None:
            self._lines = text_lines(self._text)
        return self._lines[row - 1] if 0 < row <= len(self._lines) else ""

    def _location(self, row: int, byte_column: int) -> Location:
        line = self._line(row)
        if line.isascii():
            return Location(row, byte_column + 1)
        # ast columns are UTF-8 byte offsets; editors and ruff count characters.
        return Location(row, len(between_bytes(line, 0, byte_column)) + 1)

    def _written(self, func: ast.expr) -> str:
        """The callee as written in the source, on one line."""
        if func.lineno == func.end_lineno:
            text = between_bytes(self._line(func.lineno), func.col_offset, func.end_col_offset)
        else:
            text = _compact(func)  # without the arguments of the calls it holds: long strings, often
        text = " ".join(text.split())
        return text if len(text) <= _MAX_DISPLAY else "..." + text[-_MAX_DISPLAY:]


def _compact(node: ast.expr) -> str:
    """A callee written over several lines, on one, its calls' arguments left out:
    `conn.execute(...).fetchall`."""
    if isinstance(node, ast.Attribute):
        return f"{_compact(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{_compact(node.func)}({'...' if node.args or node.keywords else ''})"
    if isinstance(node, ast.Subscript):
        return f"{_compact(node.value)}[...]"
    return ast.unparse(node)


class _Positions:
    """Calls in special positions of one coroutine, recorded by their parents before they are visited."""

    def __init__(
        self,
        optional: dict[str, tuple[str, bool]],
        self_name: str | None = None,
        valued: _ValuedParameters | None = None,
        method: ast.FunctionDef | ast.AsyncFunctionDef | None = None,
        rebound_at: dict[str, tuple[int, int]] | None = None,
    ) -> None:
        # What a test may name (`flag`, `self.log_file`) that a caller must have passed for it to be
        # true: the need it makes (see `Edge.needs`), and whether it defaults to `None`.
        self._optional = optional
        # Of those, the parameters the function binds again, and from where (see `_rebinding_start`).
        self._rebound_at = rebound_at or {}
        self.valued = valued  # the parameters whose value a test may read (see `values`)
        self._values = valued is not None  # whether tests of values are read (see `_if_true`)
        self.self_name = self_name  # a method's first parameter
        # The plain method whose tests of its object's attributes are read (see `attribute_need`).
        self._method = method
        self.needs: dict[int, set[str]] = {}  # calls that run only if these parameters are passed
        self.not_blocking: set[int] = set()  # awaited, `async with`/`async for`, or consumed as coroutines
        self.with_items: set[int] = set()  # the context managers of `with` blocks
        self.entered: set[int] = set()  # the context managers `stack.enter_context(...)` enters
        self.handed_results: set[int] = set()  # called in the place of the function a thread runs
        self.iterated_in_thread: set[int] = set()  # handed as an argument to the function a thread runs
        self.loop_iterables: set[int] = set()  # iterated by a `for` loop or a list/set/dict comprehension
        self.nested_loop_iterables: set[int] = set()  # iterated by a comprehension inside another one
        self.non_blocking_io: set[int] = set()  # in a `try` that catches `BlockingIOError`
        self.uses_loop = 0  # the row of the first call that needs the running loop (see `FunctionSummary`)
        self.loop_probes: set[int] = set()  # `asyncio.get_running_loop()` in a `try` for its `RuntimeError`

    def note(self, node: ast.AST, *, nested: bool) -> None:
        """Record the positions `node` sets up; `nested`: it is inside a comprehension's own scope."""
        if isinstance(node, ast.Await):
            self.not_blocking.add(id(node.value))
        elif isinstance(node, ast.AsyncWith):
            self.not_blocking.update(id(item.context_expr) for item in node.items)
        elif isinstance(node, ast.AsyncFor):
            self.not_blocking.add(id(node.iter))
            self._settle(node.body, _if_iterated(node.iter))
        elif isinstance(node, ast.With):
            self.with_items.update(id(item.context_expr) for item in node.items)
        elif isinstance(node, ast.For):
            self.loop_iterables.add(id(node.iter))
            self._settle(node.body, _if_iterated(node.iter))
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp)):
            # Before Python 3.11 a comprehension inside another one cannot become `async for`.
            iterables = self.nested_loop_iterables if nested else self.loop_iterables
            iterables.update(id(generator.iter) for generator in node.generators if not generator.is_async)
        elif isinstance(node, (ast.If, ast.While)):
            self._settle(node.body, self._if_true(node.test, self._values))
            if isinstance(node, ast.If):
                self._settle(node.orelse, self._if_false(node.test, self._values))
        # In a comprehension, a name may be its own variable, not the parameter of that name.
        elif isinstance(node, ast.IfExp):
            values = self._values and not nested
            self._settle([node.body], self._if_true(node.test, values))
            self._settle([node.orelse], self._if_false(node.test, values))
        elif isinstance(node, ast.Try) and any(map(_catches_would_block, node.handlers)):
            # A socket whose `BlockingIOError` the code catches is non-blocking: it raises rather
            # than waits (set so by another function, or made so: `socket.socket(...)` then
            # `setblocking(False)` elsewhere).
            self.non_blocking_io.update(
                id(inner) for inner in own_nodes(node.body) if isinstance(inner, ast.Call)
            )
        elif isinstance(node, ast.Try):
            probe = _loop_probe(node)
            if probe is not None:
                # On the loop (in a coroutine, or a function one calls) there is a running loop:
                # the `except RuntimeError:` way is for callers in other threads.
                self.loop_probes.add(id(probe))
                self.not_blocking.update(
                    id(inner)
                    for handler in node.handlers
                    if _catches_runtime_error(handler)
                    for inner in own_nodes(handler.body)
                    if isinstance(inner, ast.Call)
                )
        elif isinstance(node, ast.BoolOp):
            # `a and b` reaches `b` where `a` is true; `a or b` where `a` is false
            # (`not path or not os.path.exists(path)` tests the path only when one was given).
            values = self._values and not nested
            holds = self._if_true if isinstance(node.op, ast.And) else self._if_false
            facts: set[_Fact] = set()
            for value in node.values:
                self._settle([value], facts)
                facts |= holds(value, values)
        for field in _BLOCKS.get(type(node), ()):
            self.after_guards(getattr(node, field))

    def after_guards(self, statements: list[ast.stmt]) -> None:
        """In a block, what follows `if not future.done(): return` (or `raise`, `continue`,
        `break`), `assert future.done()` or `while not future.done(): ...` (without `break`) runs
        once the future is done; likewise for a queue that is not empty, and for a process once
        `process.communicate()` has returned (it waits for the process to end)."""
        facts: set[_Fact] = set()
        for position, statement in enumerate(statements):
            communicated = _communicated(statement)
            if communicated is not None:
                facts.add((communicated, _DONE))
            elif isinstance(statement, ast.If) and statement.body and leaves_block(statement.body[-1]):
                facts |= self._if_false(statement.test, self._values)
            elif isinstance(statement, ast.Assert):
                facts |= self._if_true(statement.test, self._values)
            elif isinstance(statement, ast.While) and not statement.orelse and not _breaks(statement.body):
                facts |= self._if_false(statement.test, self._values)
            else:
                continue
            self._settle(statements[position + 1 :], facts)

    def _if_true(self, test: ast.expr, values: bool) -> set[_Fact]:
        return self._read_at(test, _if_true(test, values))

    def _if_false(self, test: ast.expr, values: bool) -> set[_Fact]:
        return self._read_at(test, _if_false(test, values))

    def _read_at(self, test: ast.expr, facts: set[_Fact]) -> set[_Fact]:
        """What a test tells, as far as its place lets it tell what the call passed: a parameter
        the function binds again before the test (or in a loop that holds it) may hold another
        value there. Tests of values are left to `valued`, which knows the rebindings it follows."""
        if not self._rebound_at:
            return facts
        at = (test.lineno, test.col_offset)
        return {
            (name, kind)
            for name, kind in facts
            if isinstance(kind, ValueTest) or name not in self._rebound_at or at < self._rebound_at[name]
        }

    @functools.cached_property
    def rebound(self) -> frozenset[str] | None:
        """The attributes of its object the method binds or changes, whose tests say nothing of
        them at a call (see `_rebound_attributes`); found only when a test or a call of another
        method of the object asks. None: it may bind any, or tests of attributes are not read."""
        if self._method is None or self.self_name is None:
            return None
        return _rebound_attributes(self._method, self.self_name)

    def _reads_own(self, node: ast.AST) -> bool:
        """Whether a node reads an attribute of the method's object (`self.name`)."""
        return (
            type(node) is ast.Attribute and type(node.value) is ast.Name and node.value.id == self.self_name
        )

    def needs_of(self, call: ast.Call | ast.With | ast.Attribute) -> tuple[str, ...]:
        """The parameters a call of the function must pass for this call (or block, or property
        read) to run."""
        return tuple(sorted(self.needs.get(id(call), ())))

    def _settle(self, nodes: list[ast.stmt] | list[ast.expr], facts: set[_Fact]) -> None:
        """Mark the calls that return at once where these facts hold: every `result()` of a done
        future (it stays done), the first `get()` of a queue that is not empty (the next one may
        find it empty); and the calls that run only when a parameter was passed."""
        if not facts:
            return
        given = {
            self._optional[name][0]
            for name, kind in facts
            if name in self._optional and (kind == _TRUE or (kind == _NOT_NONE and self._optional[name][1]))
        }
        for name, kind in facts:
            if not isinstance(kind, ValueTest) or self.valued is None:
                continue
            parameter = self.valued(name)
            need = None if parameter is None else value_need(kind, parameter)
            if need is not None:
                given.add(need)
        if self._method is not None and self.self_name is not None:
            prefix = f"{self.self_name}."
            for name, kind in facts:
                state = _ATTRIBUTE_STATES.get(kind) if isinstance(kind, str) else None
                attribute = name[len(prefix) :] if name.startswith(prefix) else ""
                if state is not None and attribute:
                    rebound = self.rebound
                    if rebound is not None and attribute not in rebound:
                        given.add(attribute_need(attribute, state))
        if given:
            for node in nodes:
                for inner in ast.walk(node):
                    # A `with` may take a file lock; reading a property of `self` runs its getter.
                    if isinstance(inner, (ast.Call, ast.With)) or self._reads_own(inner):
                        self.needs.setdefault(id(inner), set()).update(given)
        if not any(kind in (_DONE, _HAS_ITEM) for _, kind in facts):
            return
        first_gets: dict[str, ast.Call] = {}
        for node in nodes:
            for inner in ast.walk(node):
                if not isinstance(inner, ast.Call) or not isinstance(inner.func, ast.Attribute):
                    continue
                method = inner.func.attr
                if method in _SETTLED_BY_DONE:
                    if (ast.dump(inner.func.value), _DONE) in facts:
                        self.not_blocking.add(id(inner))
                elif method == "get":
                    receiver = ast.dump(inner.func.value)
                    if (receiver, _HAS_ITEM) in facts:
                        earliest = first_gets.get(receiver)
                        if earliest is None or _position(inner) < _position(earliest):
                            first_gets[receiver] = inner
        self.not_blocking.update(id(call) for call in first_gets.values())


# What a test tells about an object (as its `ast.dump`) while it holds: a future is done, a queue
# holds an item; or about a parameter's value (`name.startswith("oidc/")`).
_Fact = tuple[str, Union[str, ValueTest]]  # a runtime alias: `|` needs Python 3.10
_DONE = "done"
_HAS_ITEM = "has an item"
_TRUE = "true"  # of a name (a parameter, when it counts): `if flag:`
_NOT_NONE = "not None"  # of a name: `if path is not None:`
_FALSE = "false"  # of an attribute: `if not self.content:`
_NONE = "None"  # of a name: `if path is None:`
# The states of an attribute of the method's object that its tests tell (see `attribute_need`).
_ATTRIBUTE_STATES = {_TRUE: TRUTHY, _FALSE: FALSY, _NONE: NONE, _NOT_NONE: NOT_NONE}
# Decorators that keep a function's results: it runs once for each set of arguments.
_CACHING_DECORATORS = frozenset(
    {
        "functools.cache",
        "functools.lru_cache",
        "toolz.memoize",
        "toolz.functoolz.memoize",
        "cytoolz.memoize",
        "tlz.memoize",  # toolz's alias that picks cytoolz when it is installed
        "cachetools.cached",
        *(
            f"cachetools.func.{name}"
            for name in ("fifo_cache", "lfu_cache", "lru_cache", "mru_cache", "rr_cache", "ttl_cache")
        ),
    }
)
# Decorators whose function runs in a worker thread: calling it returns an awaitable
# (`sync_to_async`) or a handle (tornado's future, textual's worker) without running the body.
# Textual's `work` takes a plain function only with `thread=True`, so any use on one counts.
_THREAD_DECORATORS = frozenset(
    {
        "asgiref.sync.sync_to_async",
        "asgiref.sync.SyncToAsync",
        "channels.db.database_sync_to_async",
        "channels.db.DatabaseSyncToAsync",
        "tornado.concurrent.run_on_executor",
        "textual.work",
        "textual._work_decorator.work",
        "asyncer.asyncify",
        "aiofiles.os.wrap",
        "aiofiles.ospath.wrap",
        "unsync.unsync",
    }
)
_CONTEXT_MANAGER_DECORATORS = frozenset({"contextlib.contextmanager"})
# `future.result()` and `future.exception()` wait only for a future that is not done, and
# `process.wait()` only for a process that has not ended.
_SETTLED_BY_DONE = frozenset({"result", "exception", "wait"})


def _if_true(test: ast.expr, values: bool = False) -> set[_Fact]:
    """What holds when a test is true: `f.done()`, `not q.empty()`, `q.qsize()`, `q.qsize() > 0`,
    `flag`, `path is not None`, with `values` `name == "x"` and the other tests of `values`, and
    any of them joined by `and`."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return {fact for value in test.values for fact in _if_true(value, values)}
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _if_false(test.operand, values)
    value_test = value_test_of(test) if values else None
    if value_test is not None:
        return {(value_test.name, value_test)}
    tested = _tested_name(test)
    if tested is not None:
        if values and isinstance(test, ast.Name):
            return {(tested, _TRUE), (tested, truth_test(tested))}
        return {(tested, _TRUE)}
    ended = _exited(test, ast.IsNot)  # `process.poll() is not None`, `process.returncode is not None`
    compared = _compared_to_none(test, ast.IsNot)
    if compared is not None:
        return {(compared, _NOT_NONE), *_none_tests(compared, values, negated=True), *ended}
    compared = _compared_to_none(test, ast.Is)
    if compared is not None:
        return {(compared, _NONE), *_none_tests(compared, values, negated=False)}
    if ended:
        return ended
    checked = _isinstance_of(test)
    if checked is not None:  # `isinstance(path, PathLike)` is false for `None`
        return _none_tests(checked, values, negated=True)
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.Gt, ast.NotEq))
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == 0
    ):
        test = test.left  # `q.qsize() > 0`
    called = _method_call(test)
    if called is None:
        return set()
    receiver, method = called
    if method == "done":
        return {(receiver, _DONE)}
    return {(receiver, _HAS_ITEM)} if method == "qsize" else set()


_HOLD_NONE = frozenset({"NoneType", "object", "Hashable"})  # classes `None` is an instance of


def _isinstance_of(test: ast.expr) -> str | None:
    """The name in `isinstance(name, X)` or `isinstance(name, (X, Y))`, whose classes are names or
    attributes (not `type(None)`), none of them one that `None` is an instance of."""
    tested = isinstance_test(test)
    if tested is None:
        return None
    name, classinfo = tested
    classes = classinfo.elts if isinstance(classinfo, ast.Tuple) else [classinfo]
    named = all(isinstance(cls, (ast.Name, ast.Attribute)) for cls in classes)
    return name.id if named and not any(last_name(cls) in _HOLD_NONE for cls in classes) else None


def _none_tests(name: str, values: bool, *, negated: bool) -> set[_Fact]:
    """With `values`, the test of a name against `None` (`negated`: it is not `None`), which a call
    passing `None` for the parameter decides (see `values`)."""
    if not values or "." in name:
        return set()
    test = none_test(name)
    return {(name, test.negation() if negated else test)}


def _caught(handler: ast.ExceptHandler) -> set[str | None]:
    """The last names of the exceptions an `except` clause names (`except (OSError, ssl.SSLError)`)."""
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught] if caught is not None else []
    return {last_name(name) for name in names}


def _catches_would_block(handler: ast.ExceptHandler) -> bool:
    """Whether an `except` clause catches `BlockingIOError` (or SSL's "want read" and "want
    write"), which only a non-blocking socket raises."""
    return not _WOULD_BLOCK.isdisjoint(_caught(handler))


_WOULD_BLOCK = frozenset({"BlockingIOError", "SSLWantReadError", "SSLWantWriteError"})


def _copes_without_a_loop(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a function looks for a running loop before it uses one, and so takes another way in
    a thread that has none: it asks whether a loop runs (`loop.is_running()`, `_get_running_loop()`)
    or asks for it in a `try` with an `except RuntimeError:`."""
    for node in own_nodes(function.body):
        if isinstance(node, ast.Call) and last_name(node.func) in ("is_running", "_get_running_loop"):
            return True
        if (
            isinstance(node, ast.Try)
            and any(map(_catches_runtime_error, node.handlers))
            and any(
                isinstance(inner, ast.Call) and last_name(inner.func) in _LOOP_GETTERS
                for inner in own_nodes(node.body)
            )
        ):
            return True
    return False


def _loop_probe(node: ast.Try) -> ast.Call | None:
    """The call of a `try` that only asks for the running loop (`asyncio.get_running_loop()` or
    `get_event_loop()`, or `loop = ...` of it), with an `except RuntimeError:` for when there is
    none: nothing else in the block may raise it."""
    if len(node.body) != 1 or not any(map(_catches_runtime_error, node.handlers)):
        return None
    statement = node.body[0]
    value = (
        statement.value
        if isinstance(statement, ast.Expr)
        or (isinstance(statement, ast.Assign) and all(isinstance(t, ast.Name) for t in statement.targets))
        else None
    )
    if not isinstance(value, ast.Call) or value.args or value.keywords:
        return None
    func = value.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "asyncio":
        name = func.attr
    elif isinstance(func, ast.Name):
        name = func.id
    else:
        return None
    return value if name in _LOOP_GETTERS else None


# On the loop's own thread both give the running loop; in another thread without a loop, both raise.
_LOOP_GETTERS = frozenset({"get_running_loop", "get_event_loop"})


def _handler_runs(handler: ast.ExceptHandler) -> int:
    """How often an `except` handler runs: on an error, unless it catches only a lookup that
    missed, which is how the code asks (`try: return cache[key]` / `except KeyError: build()`)."""
    caught = _caught(handler)
    return SOMETIMES if caught and caught <= _MISSES else ON_ERROR


# Exceptions raised by a lookup that finds nothing: a key, an index, an attribute, a file, a module.
_MISSES = frozenset(
    {
        "KeyError",
        "IndexError",
        "LookupError",
        "AttributeError",
        "StopIteration",
        "FileNotFoundError",
        "ImportError",
        "ModuleNotFoundError",
    }
)


def _catches_runtime_error(handler: ast.ExceptHandler) -> bool:
    return "RuntimeError" in _caught(handler)


def _checks_for_a_running_loop(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a function calls `asyncio.get_running_loop()` (or `_get_running_loop()`) or a loop's
    `is_running()`."""
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else None
            )
            if name in _LOOP_CHECKS:
                return True
    return False


_LOOP_CHECKS = frozenset({"get_running_loop", "_get_running_loop", "is_running"})


def _if_iterated(iterable: ast.expr) -> set[_Fact]:
    """What holds in the body of a loop over `paths` or `paths or []` (or `()`, `{}`, `""`): the
    loop runs only if `paths` is true."""
    if isinstance(iterable, ast.BoolOp) and isinstance(iterable.op, ast.Or):
        if not all(_is_empty(value) for value in iterable.values[1:]):
            return set()
        iterable = iterable.values[0]
    tested = _tested_name(iterable)
    return set() if tested is None else {(tested, _TRUE)}


def _is_empty(node: ast.expr) -> bool:
    """`[]`, `()`, `{}` or `""`, as written."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return not node.elts
    if isinstance(node, ast.Dict):
        return not node.keys
    return isinstance(node, ast.Constant) and node.value in ("", b"")


def _if_false(test: ast.expr, values: bool = False) -> set[_Fact]:
    """What holds when a test is false: `not f.done()`, `q.empty()`, with `values` the tests of
    `values` (`name != "x"`), and any of them joined by `or`."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return {fact for value in test.values for fact in _if_false(value, values)}
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _if_true(test.operand, values)
    value_test = value_test_of(test) if values else None
    if value_test is not None:
        return {(value_test.name, value_test.negation())}
    if values and isinstance(test, ast.Name):
        return {(test.id, truth_test(test.id).negation())}
    if isinstance(test, ast.Attribute):
        tested = _tested_name(test)
        if tested is not None:
            return {(tested, _FALSE)}
    ended = _exited(test, ast.Is)  # `process.poll() is None`, `process.returncode is None`, false
    compared = _compared_to_none(test, ast.Is)
    if compared is not None:
        return {(compared, _NOT_NONE), *_none_tests(compared, values, negated=True), *ended}
    compared = _compared_to_none(test, ast.IsNot)
    if compared is not None:
        return {(compared, _NONE), *_none_tests(compared, values, negated=False)}
    if ended:
        return ended
    called = _method_call(test)
    return {(called[0], _HAS_ITEM)} if called is not None and called[1] == "empty" else set()


def _exited(test: ast.expr, operator: type[ast.cmpop]) -> set[_Fact]:
    """With `operator` `ast.IsNot`, what `process.poll() is not None` or `process.returncode is not
    None` tells when true (with `ast.Is`, when `... is None` is false): the process has ended, so
    `process.wait()` returns its status at once."""
    compared = _none_compared(test, operator)
    if isinstance(compared, ast.Attribute) and compared.attr == "returncode":
        return {(ast.dump(compared.value), _DONE)}
    called = None if compared is None else _method_call(compared)
    return {(called[0], _DONE)} if called is not None and called[1] == "poll" else set()


def _communicated(statement: ast.stmt) -> str | None:
    """The process (as an `ast.dump`) whose `communicate()` a statement calls, alone or for its
    value (`out, err = proc.communicate(data)`), also in the `with` block it opens (`with
    path.open("rb") as f: proc.communicate(f.read())`)."""
    if isinstance(statement, (ast.Expr, ast.Assign, ast.AnnAssign)):
        value = statement.value
        if type(value) is ast.Call and type(value.func) is ast.Attribute and value.func.attr == "communicate":
            return ast.dump(value.func.value)
    elif isinstance(statement, (ast.With, ast.AsyncWith)):
        for inner in statement.body:
            found = _communicated(inner)
            if found is not None:
                return found
    return None


def _calls_super(node: ast.expr) -> bool:
    """`super()`, or `super(Class, self)`."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"


def _compared_to_none(test: ast.expr, operator: type[ast.cmpop]) -> str | None:
    """The name in `name is None` (`operator` `ast.Is`) or `name is not None` (`ast.IsNot`)."""
    compared = _none_compared(test, operator)
    return None if compared is None else _tested_name(compared)


def _none_compared(test: ast.expr, operator: type[ast.cmpop]) -> ast.expr | None:
    """What `... is None` (`operator` `ast.Is`) or `... is not None` (`ast.IsNot`) compares."""
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], operator)
        and is_none(test.comparators[0])
    ):
        return test.left
    return None


def _tested_name(node: ast.expr) -> str | None:
    """`flag`, or `self.flag` (any name's attribute), as a test may name them."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None


def _tested_values(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    scope: Scope,
    self_name: str | None,
    resolver: Resolver,
    rebound_at: dict[str, tuple[int, int]],
) -> dict[str, tuple[str, bool]]:
    """What a test in a plain function may name that is false unless a call passed it: its
    parameters that default to a false constant (those it binds again, with where from into
    `rebound_at`), and, in a method (whose object is `self_name`), the attributes of the object
    that only `__init__` binds, to such a parameter of its own (`self.log_file = log_file`)."""
    optional = _optional_parameters(function, scope, rebound_at)
    tested = {name: (name, is_none) for name, is_none in optional.items()}
    owner = scope.owner
    init = None if owner is None else owner.constructor()
    if self_name is None or owner is None or init is None or not isinstance(init.node, ast.FunctionDef):
        return tested
    optional = _optional_parameters(init.node, init)
    if not optional:
        return tested
    positions = [argument.arg for argument in (*init.node.args.posonlyargs, *init.node.args.args)][1:]
    for attribute, bindings in owner.attributes.items():
        if len(bindings) != 1:
            continue
        binding, where = bindings[0]
        value = binding.node
        if (
            where is init
            and binding.kind is BindingKind.VALUE
            and isinstance(value, ast.Name)
            and value.id in optional
        ):
            position = positions.index(value.id) if value.id in positions else -1
            need = self_need(resolver.class_id(owner), value.id, position)
            tested[f"{self_name}.{attribute}"] = (need, optional[value.id])
    return tested


def _calls_run_once(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    self_name: str | None,
    emptied: Callable[[str], bool],
    module_name: Callable[[str], bool],
    *,
    globals_declared: bool = True,
) -> list[int]:
    """The calls a function makes only until a value it keeps is set: a module-level name it
    declares `global`, an attribute of its object (`self._client`, in a method: once per object,
    as a `cached_property`'s getter runs; `cls._instance`, in a class method: once), or an item of
    a dictionary kept in either (`self.state["port"]`, `_clients[name]`, with a module-level name
    `module_name` tells; once per key, as a cached function runs once per argument). They are under
    `if not _ready:`, `if self._client is None:` or `if name not in _clients:` whose block sets it,
    or after `if _client is not None: return _client` (or `if _ready: return`) in a block that sets
    it further down. A value that something sets back to a constant, or a dictionary something
    empties (`emptied`), is not kept: the work runs again after each reset. Without
    `globals_declared`, the module holds no `global` statement."""
    names = _declared_global(function) if globals_declared else set()

    def attribute(node: ast.expr) -> str | None:
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == self_name
        ):
            return f".{node.attr}"
        return None

    def container(node: ast.expr) -> str | None:
        if isinstance(node, ast.Name):
            return node.id if node.id in names or module_name(node.id) else None
        return attribute(node)

    # These closures never refer to each other in a circle: such a cycle would keep the module's
    # scopes and tree alive until the cycle collector runs, which the analysis holds off (measured:
    # a sixth more CPU for a cold run).
    def kept(node: ast.expr | None) -> str | None:
        if isinstance(node, ast.Name):
            return node.id if node.id in names else None
        if isinstance(node, ast.Subscript):
            held_in = container(node.value)
            return None if held_in is None else f"{held_in}[{ast.dump(node.slice)}]"
        return None if node is None else attribute(node)

    once: list[ast.stmt] = []
    blocks = [function.body]
    while blocks:
        block = blocks.pop()
        # Local names holding a kept value read once (`config = _config`, `s = self._s`): a test of
        # one is a test of the value (the lock-free first check of double-checked locking).
        copies: dict[str, str] = {}

        def kept_or_copy(node: ast.expr | None, copies: dict[str, str] = copies) -> str | None:
            if isinstance(node, ast.Name) and node.id in copies:
                return copies[node.id]
            return kept(node)

        for position, statement in enumerate(block):
            _note_copies(statement, kept, copies)
            if isinstance(statement, (ast.With, ast.AsyncWith)):
                blocks.append(statement.body)  # `with _lock:` around the test
            if not isinstance(statement, ast.If):
                continue
            unset = _tested_value(statement.test, kept_or_copy, unset=True)
            if unset is not None and _sets(statement.body, unset, kept) and not emptied(unset):
                once.extend(statement.body)
            is_set = _tested_value(statement.test, kept_or_copy, unset=False)
            rest = block[position + 1 :]
            if (
                is_set is not None
                and leaves_block(statement.body[-1])
                and _sets(rest, is_set, kept)
                and not emptied(is_set)
            ):
                once.extend(rest)
    return [id(node) for node in own_nodes(once) if isinstance(node, ast.Call)]


def _note_copies(
    statement: ast.stmt, kept: Callable[[ast.expr | None], str | None], copies: dict[str, str]
) -> None:
    """Keep `copies` (local name to kept value, see `_calls_run_once`) up to date past a statement
    of the block that holds the test: `name = self._x` or `name = getattr(self, "_x", None)` makes
    a copy, any other binding of the name ends it."""
    if not copies and not isinstance(statement, ast.Assign):
        return
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        if isinstance(target, ast.Name):
            value = statement.value
            if (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id == "getattr"
                and len(value.args) in (2, 3)
                and isinstance(value.args[1], ast.Constant)
                and isinstance(value.args[1].value, str)
            ):
                value = ast.Attribute(value=value.args[0], attr=value.args[1].value, ctx=ast.Load())
            key = kept(value)
            if key is not None:
                copies[target.id] = key
                return
    for node in ast.walk(statement):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            copies.pop(node.id, None)


def _needs_running_loop(func: ast.expr, ref: Ref | None) -> bool:
    """Whether a call needs the event loop of the thread it runs in (a worker thread has none):
    it asks for the loop, schedules on it or makes an object bound to it."""
    if ref is not None and (ref.path in _NEEDS_RUNNING_LOOP or ref.path.startswith(_LOOP_BOUND_PACKAGES)):
        return True
    return isinstance(func, ast.Attribute) and func.attr in _LOOP_METHODS


# `asyncio.run_coroutine_threadsafe()` and `loop.call_soon_threadsafe()` are made for other
# threads, and `asyncio.run()` starts a loop of its own.
_NEEDS_RUNNING_LOOP = frozenset(
    {
        f"asyncio.{name}"
        for name in (
            "get_running_loop",
            "get_event_loop",
            "create_task",
            "ensure_future",
            "current_task",
            "all_tasks",
            "gather",
            "shield",
            "Future",
        )
    }
)
_LOOP_BOUND_PACKAGES = ("grpc.aio.",)  # its channels and servers bind to the loop they are made on
# The event loop's methods that schedule a plain function to run on it, and the position of the
# function among their arguments. (A `Future`'s `add_done_callback()` is left out: on a
# `concurrent.futures.Future` the callback runs in the thread that completes it.)
_LOOP_CALLBACKS = {
    "call_soon": 0,
    "call_soon_threadsafe": 0,
    "call_later": 1,
    "call_at": 1,
    "add_reader": 1,
    "add_writer": 1,
    "add_signal_handler": 1,
}
# The loop's methods that need the loop of the thread they run in: all of those but
# `call_soon_threadsafe()`, which is made for other threads.
_LOOP_METHODS = frozenset({"create_task", "create_future", *_LOOP_CALLBACKS} - {"call_soon_threadsafe"})


def _module_level(scope: Scope, name: str) -> bool:
    """Whether a name a function reads is a module-level one (not its own, nor an enclosing
    function's)."""
    found = lookup(name, scope)
    return found is not None and found[1].parent is None


def _tears_down(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a function's name says it ends the use of what it empties (`close`, `aclose`,
    `shutdown_telemetry`, `__exit__`)."""
    name = function.name
    return name in _TEARDOWN_METHODS or name.lstrip("_").startswith(_TEARDOWN_WORDS)


_GLOBAL_STATEMENT = re.compile(r"^[ \t]*global[ \t]", re.MULTILINE)
_TEARDOWN_METHODS = frozenset({"__exit__", "__aexit__", "__del__"})
_TEARDOWN_WORDS = ("close", "aclose", "shutdown", "stop", "dispose", "teardown", "cleanup")


def _declared_global(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The module-level names a function declares `global` (its nested functions' left out)."""
    return {name for node in own_nodes(function.body) if isinstance(node, ast.Global) for name in node.names}


def _empties(function: ast.FunctionDef | ast.AsyncFunctionDef, held_in: str, key: str) -> bool:
    """Whether a function may take the item `key` (as `ast.dump` gives it) out of a dictionary
    kept in an attribute of its object (`.state`) or in a module-level name (`_clients`): `del
    d[key]`, `d.pop(key)` (another constant key takes out another item), `d.clear()`,
    `d.popitem()`, or binding the name or attribute to an empty one (a module-level name only
    where it is declared `global`)."""
    attribute = held_in[1:] if held_in.startswith(".") else None
    rebinds = attribute is not None or held_in in _declared_global(function)
    constant = key.startswith("Constant(")

    def is_held(node: ast.expr) -> bool:
        if attribute is not None:
            return (
                isinstance(node, ast.Attribute)
                and node.attr == attribute
                and isinstance(node.value, ast.Name)
            )
        return isinstance(node, ast.Name) and node.id == held_in

    def may_be_key(node: ast.expr) -> bool:
        return not (constant and isinstance(node, ast.Constant)) or ast.dump(node) == key

    for node in own_nodes(function.body):
        if isinstance(node, ast.Delete):
            if any(
                isinstance(target, ast.Subscript) and is_held(target.value) and may_be_key(target.slice)
                for target in node.targets
            ):
                return True
        elif isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in _EMPTYING_METHODS
                and is_held(func.value)
                and (func.attr in ("clear", "popitem") or not node.args or may_be_key(node.args[0]))
            ):
                return True
        elif rebinds and isinstance(node, (ast.Assign, ast.AnnAssign)) and _empty_dictionary(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(is_held(target) for target in targets):
                return True
    return False


def _empty_dictionary(value: ast.expr | None) -> bool:
    """Whether a value bound to a dictionary's name makes it empty: `{}`, `dict()`,
    `defaultdict(list)`, or a constant (`None`). Another value (`self.state = state`, given by a
    caller) may be the dictionary kept before."""
    if isinstance(value, (ast.Dict, ast.Constant)):
        return True
    return isinstance(value, ast.Call) and last_name(value.func) in _DICTIONARY_TYPES


_DICTIONARY_TYPES = frozenset(
    {"dict", "OrderedDict", "defaultdict", "WeakValueDictionary", "WeakKeyDictionary"}
)


_EMPTYING_METHODS = frozenset({"pop", "popitem", "clear", "__delitem__"})


def _set_to_constants(function: ast.FunctionDef | ast.AsyncFunctionDef, names: set[str] | None) -> list[str]:
    """The names of `names` (or, with None, the attributes of any object: `self._client`) a
    function assigns a constant to (`None`, `False`)."""
    found = []
    for node in own_nodes(function.body):
        if not isinstance(node, (ast.Assign, ast.AnnAssign)) or not isinstance(node.value, ast.Constant):
            continue
        for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
            if names is not None and isinstance(target, ast.Name) and target.id in names:
                found.append(target.id)
            elif names is None and isinstance(target, ast.Attribute):
                found.append(target.attr)
    return found


def _tested_value(
    test: ast.expr, kept: Callable[[ast.expr | None], str | None], *, unset: bool
) -> str | None:
    """The kept value (see `_calls_run_once`) a test finds unset (`not name`, `name is None`, `key
    not in cache`) or, with `unset` false, set (`name`, `name is not None`, `key in cache`)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _tested_value(test.operand, kept, unset=not unset)
    if isinstance(test, (ast.Name, ast.Attribute)):
        return None if unset else kept(test)
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.In, ast.NotIn)):
        if isinstance(test.ops[0], ast.NotIn) != unset:
            return None
        return kept(ast.Subscript(value=test.comparators[0], slice=test.left, ctx=ast.Load()))
    return kept(_none_compared(test, ast.Is if unset else ast.IsNot))


def _sets(statements: list[ast.stmt], key: str, kept: Callable[[ast.expr | None], str | None]) -> bool:
    """Whether a block always sets a kept value to what its work made when it runs to its end
    (`name = make()`, `self.x: T = load()`), directly, in the `with` or `try` blocks it holds or
    in both branches of an `if` (`if loop.is_running(): ... else: ...`), not under one condition
    alone, and before any `return` (one that leaves first keeps nothing). A constant
    (`self._closed = True`) is a flag that makes a call such as `close()` or `start()` do its work
    once, and that first call is the one that matters."""
    for position, statement in enumerate(statements):
        if isinstance(statement, (ast.With, ast.AsyncWith, ast.Try)):
            found = _sets(statement.body, key, kept)
        elif isinstance(statement, ast.If):
            found = _sets(statement.body, key, kept) and _sets(statement.orelse, key, kept)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            made = statement.value is not None and not isinstance(statement.value, ast.Constant)
            found = made and any(kept(target) == key for target in targets)
        else:
            continue
        if found:
            return not any(isinstance(node, ast.Return) for node in own_nodes(statements[:position]))
    return False


def _rebound_attributes(
    function: ast.FunctionDef | ast.AsyncFunctionDef, self_name: str
) -> frozenset[str] | None:
    """The attributes of a method's object whose truth it may change: those it binds or deletes
    (`self.content = data`, `del self.cache`, `for self.item in ...`), and those whose value it
    may change in place (`self.items.pop()`, `self.items[key] = value`, `heapq.heappush(self.heap,
    item)`), in nested functions too; None when it may bind any (`setattr(self, ...)`,
    `self.__dict__`, `vars(self)`)."""

    def attribute(node: ast.expr) -> str | None:
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == self_name
        ):
            return node.attr
        return None

    bound: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Attribute) and attribute(node) is not None:
            if node.attr == "__dict__":
                return None
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                bound.add(node.attr)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
            changed = attribute(node.value)
            if changed is not None:
                bound.add(changed)
        elif isinstance(node, ast.Call):
            if (
                isinstance(node.func, ast.Name)
                and node.func.id in ("setattr", "delattr", "vars")
                and any(isinstance(argument, ast.Name) and argument.id == self_name for argument in node.args)
            ):
                return None
            receiver = attribute(node.func.value) if isinstance(node.func, ast.Attribute) else None
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            bound.update(name for name in (receiver, *map(attribute, arguments)) if name is not None)
    return frozenset(bound)


def _self_name(function: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> str | None:
    """The name of a method's object (`self`), when it has one (a class method's is the class)."""
    if _decorated(function, "classmethod"):
        return None
    return _receiver_parameter(function, scope)


def _receiver_parameter(function: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> str | None:
    """The parameter a call's receiver binds (`self`, `cls`): the first of a method, unless it is a
    static method."""
    arguments = [*function.args.posonlyargs, *function.args.args]
    if scope.owner is None or _decorated(function, "staticmethod") or not arguments:
        return None
    return arguments[0].arg


def _decorated(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Whether a function is decorated with this builtin (`staticmethod`), as written."""
    return any(
        isinstance(decorator, ast.Name) and decorator.id == name for decorator in function.decorator_list
    )


def _optional_parameters(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    scope: Scope,
    rebound_at: dict[str, tuple[int, int]] | None = None,
) -> dict[str, bool]:
    """The parameters that default to `None`, `False`, `0` or `""` and that the function never
    assigns (so a test of one tells what the call passed), with whether the default is `None`.
    With `rebound_at`, also those it assigns, with where a test stops telling (see
    `_rebinding_start`) put into it: `changed = self if changed is None else changed` below
    `if changed is not None:` leaves that test's meaning as it was."""
    optional = {}
    for parameter, default in _defaults(function):
        if not (isinstance(default, ast.Constant) and default.value in _FALSE_DEFAULTS):
            continue
        bindings = scope.bindings.get(parameter.arg, [])
        if len(bindings) != 1:
            if rebound_at is None:
                continue
            start = _rebinding_start(scope, bindings[1:])
            if start is None:
                continue
            rebound_at[parameter.arg] = start
        optional[parameter.arg] = default.value is None
    return optional


def _rebinding_start(scope: Scope, later: list[Binding]) -> tuple[int, int] | None:
    """Where a parameter of the function of `scope` may first hold another value than the one a
    call passed, given its bindings after the parameter's own: the earliest of them, or the start
    of a loop holding one (a test inside the loop reads the new value on its next turn). None when
    the place of one is not known (an unpacking, `del`)."""
    earliest: tuple[int, int] | None = None
    for binding in later:
        if binding.node is None:
            return None
        start = (binding.node.lineno, binding.node.col_offset)
        start = min([start, *(begin for begin, end in loop_spans(scope) if begin <= start <= end)])
        earliest = start if earliest is None else min(earliest, start)
    return earliest


_FALSE_DEFAULTS = (None, False, 0, "")


def _defaults(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[ast.arg, ast.expr]]:
    """Each parameter that has a default, with it."""
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    return [
        *zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults),
        *(
            (argument, default)
            for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults)
            if default is not None
        ),
    ]


class _ValuedParameters:
    """The parameters of a function whose value a test may read (see `values`), found when a test
    first asks: a parameter the function rebinds only with string methods of constants, with its
    default when that is a constant."""

    def __init__(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope, source: Callable[[], str]
    ) -> None:
        self._function = function
        self.scope = scope
        self._source = source  # the function's text
        arguments = function.args
        self._names = {
            parameter.arg for parameter in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
        }
        self._found: dict[str, Parameter | None] | None = None

    def __call__(self, name: str) -> Parameter | None:
        if name not in self._names:
            return None
        if self._found is None:
            self._found = self._collect()
        return self._found.get(name)

    def forwards(self, call: ast.Call, scope: Scope) -> tuple[tuple[str, str], ...]:
        """The arguments of a call made in the function's own body that pass on one of these
        parameters as it is (see `Edge.forwards`)."""
        if scope is not self.scope:
            return ()  # in a comprehension or lambda, a name may be a variable of its own
        found = []
        for key, value in _keyed_arguments(call):
            if not isinstance(value, ast.Name):
                continue
            parameter = self(value.id)
            template = None if parameter is None else forwarding(value.id, parameter)
            if template is not None:
                found.append((key, template))
        return tuple(found)

    def _collect(self) -> dict[str, Parameter | None]:
        defaults: dict[str, tuple[Constant, ...]] = dict.fromkeys(self._names, ())
        for parameter, written in _defaults(self._function):
            if isinstance(written, ast.Constant) and isinstance(written.value, _CONSTANT_TYPES):
                defaults[parameter.arg] = (written.value,)
        # Rebound other than by assignment (`name += "x"`, `(name := ...)`, `del name`): not read.
        changed = _changed_names(self._source())
        found: dict[str, Parameter | None] = {}
        for name, default_values in defaults.items():
            bindings = self.scope.bindings.get(name, [])
            rebindings = [
                rebinding(name, binding.node) if binding.kind is BindingKind.VALUE and binding.node else None
                for binding in bindings[1:]
            ]
            if name in changed or None in rebindings:
                found[name] = None
            else:
                found[name] = Parameter(default_values, tuple(r for r in rebindings if r is not None))
        return found


_CONSTANT_TYPES = (str, int, float, bool, type(None))  # those JSON holds
# How a name is changed other than by an assignment: `name += 1`, `(name := f())`, `del a, name`,
# `global name`. Read in the text (in strings and comments too, which only leaves more names out).
_CHANGES = re.compile(r"(?:[-+*/%&|^@]|<<|>>|\*\*|//)=(?!=)|:=|\b(?:del|global|nonlocal)\b([^\n;#]*)")
_NAME = re.compile(r"\w+")
_LAST_NAME = re.compile(r"(\w+)\s*$")


def _changed_names(text: str) -> set[str]:
    """The names a function's text may change other than by a plain assignment."""
    changed: set[str] = set()
    for match in _CHANGES.finditer(text):
        if match.group(1) is not None:  # `del`, `global`, `nonlocal` and the names after them
            changed.update(_NAME.findall(match.group(1)))
            continue
        before = _LAST_NAME.search(text, max(0, match.start() - 80), match.start())
        if before is not None:
            changed.add(before.group(1))
    return changed


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> tuple[str, ...]:
    """The parameters as a call passes them (`FunctionSummary.parameters`)."""
    arguments = function.args
    names = [argument.arg for argument in (*arguments.posonlyargs, *arguments.args)]
    if _receiver_parameter(function, scope) is not None:
        names = names[1:]  # `self` or `cls`, bound by the call's receiver
    return (*names, *(argument.arg for argument in arguments.kwonlyargs))


def _passed(call: ast.Call) -> Passed | None:
    """What a call passes (None: `*args` or `**kwargs` may pass anything)."""
    if hides_arguments(call):
        return None
    names = tuple(keyword.arg for keyword in call.keywords if keyword.arg is not None)
    constants = [
        (key, value.value)
        for key, value in _keyed_arguments(call)
        if type(value) is ast.Constant and isinstance(value.value, _CONSTANT_TYPES)
    ]
    return _shared_passed(len(call.args), names, tuple(constants))


def _keyed_arguments(call: ast.Call) -> list[tuple[str, ast.expr]]:
    """A call's arguments as `Passed` and `Edge.forwards` key them: by position (`"0"`), or by
    keyword name (`**kwargs` left out)."""
    keyed = [(str(position), value) for position, value in enumerate(call.args)]
    keyed += [(keyword.arg, keyword.value) for keyword in call.keywords if keyword.arg is not None]
    return keyed


def _shared_passed(
    positional: int, keywords: tuple[str, ...], constants: tuple[tuple[str, Constant], ...]
) -> Passed:
    """One object for each shape of arguments: most calls share a few, and summaries stay small."""
    # `1`, `1.0` and `True` are equal as keys: their types keep them apart.
    return _interned_passed(positional, keywords, constants, tuple(type(value) for _, value in constants))


@functools.lru_cache(maxsize=4096)
def _interned_passed(
    positional: int,
    keywords: tuple[str, ...],
    constants: tuple[tuple[str, Constant], ...],
    types: tuple[type, ...],
) -> Passed:
    return Passed(positional, keywords, constants)


_NOTHING_PASSED = _shared_passed(0, (), ())  # a property's getter is given its object only


def _method_call(node: ast.expr) -> tuple[str, str] | None:
    """`x.name()` without arguments, as (`x` as an `ast.dump`, `name`)."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and not node.args
        and not node.keywords
    ):
        return ast.dump(node.func.value), node.func.attr
    return None


def _position(node: ast.expr) -> tuple[int, int]:
    return node.lineno, node.col_offset


def _breaks(body: list[ast.stmt]) -> bool:
    """Whether a loop body may leave the loop by `break` (not one of an inner loop)."""
    pending: list[ast.AST] = list(body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Break):
            return True
        if not isinstance(node, (ast.For, ast.AsyncFor, ast.While, *DEFINITIONS)):
            pending.extend(ast.iter_child_nodes(node))
        else:
            pending.extend(getattr(node, "orelse", ()))  # a loop's `else` runs in this loop's turn
    return False


# The blocks of statements of the nodes `_Positions.note` sees (a function's own body is given it).
_BLOCKS: dict[type[ast.AST], tuple[str, ...]] = {
    ast.If: ("body", "orelse"),
    ast.For: ("body", "orelse"),
    ast.AsyncFor: ("body", "orelse"),
    ast.With: ("body",),
    ast.AsyncWith: ("body",),
    ast.While: ("body", "orelse"),
    ast.Try: ("body", "orelse", "finalbody"),
}


# The fields of nodes whose code runs only on some runs, or after an error (see `Edge.runs`; an
# `except` handler's, see `_handler_runs`). The operands of `and` and `or` after the first, and what
# follows `if ...: return`, count as run: they are mostly guards (`path is None or not
# path.exists()`), as likely to run as not.
_SOMETIMES_BOTH = {"body": SOMETIMES, "orelse": SOMETIMES}
_BRANCHES: dict[type[ast.AST], dict[str, int]] = {
    ast.If: _SOMETIMES_BOTH,
    ast.While: _SOMETIMES_BOTH,
    ast.IfExp: _SOMETIMES_BOTH,
    ast.Assert: {"msg": ON_ERROR},
}
if sys.version_info >= (3, 10):
    _BRANCHES[ast.Match] = {"cases": SOMETIMES}


_DEFINITIONS = frozenset(DEFINITIONS)
_NOTED = frozenset(
    {
        ast.Await,
        ast.AsyncWith,
        ast.AsyncFor,
        ast.With,
        ast.For,
        ast.If,
        ast.IfExp,
        ast.BoolOp,
        ast.While,
        ast.Try,
        *COMPREHENSIONS,
    }
)
# Nodes that never contain a call, and `None` (an absent optional child).
_LEAVES = frozenset({ast.Name, ast.Constant, type(None)})
# Fields that hold names, numbers, operators or contexts, never an expression or statement.
_NOT_CHILDREN = frozenset(
    {
        "ctx",
        "op",
        "ops",
        "id",
        "attr",
        "arg",
        "name",
        "names",
        "module",
        "level",
        "kind",
        "type_comment",
        "is_async",
        "conversion",
        "simple",
        "tag",
        "lineno",
        "n",
        "s",
    }
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {
    node: tuple(field for field in node._fields if field not in _NOT_CHILDREN)
    for node in (getattr(ast, name) for name in dir(ast))
    if isinstance(node, type) and issubclass(node, ast.AST) and node._fields
}


def _comprehension_parts(
    node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp,
    outer: Scope,
    no_await: str | None,
    *,
    nested: bool,
) -> list[tuple[ast.AST, Scope, str | None]]:
    """A comprehension has its own scope, where its loop variables shadow outer names; only its first
    iterable is evaluated outside it. A generator expression runs lazily, except that iterable.
    Before Python 3.11, a comprehension that awaits cannot be `nested` in another one's scope."""
    inner = Scope(node, outer)
    for generator in node.generators:
        if isinstance(generator.target, ast.Name):
            inner.bind(generator.target.id, item_of(generator.target, generator.iter))
            continue
        for target in ast.walk(generator.target):
            if isinstance(target, ast.Name):
                inner.bind(target.id, OPAQUE)
    if isinstance(node, ast.GeneratorExp):
        lazy: str | None = IN_GENERATOR
    elif no_await is None and nested:
        lazy = IN_NESTED_COMPREHENSION
    else:
        lazy = no_await
    results = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
    parts: list[tuple[ast.AST, Scope, str | None]] = [(result, inner, lazy) for result in results]
    for index, generator in enumerate(node.generators):
        parts.append((generator.iter, outer if index == 0 else inner, no_await if index == 0 else lazy))
        parts.extend((condition, inner, lazy) for condition in generator.ifs)
    return parts


def _always_true(test: ast.expr) -> bool:
    return isinstance(test, ast.Constant) and bool(test.value)


def _evaluated_at_definition(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[ast.expr]:
    arguments = node.args
    evaluated: list[ast.expr] = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]
    if not isinstance(node, ast.Lambda):
        evaluated.extend(node.decorator_list)
    return evaluated


def _returns_at_once(call: ast.Call, rule: CallRule) -> bool:
    """Whether an argument named in `rule.unless` is a false constant (`acquire(blocking=False)`),
    one named in `rule.unless_true` is `True` (`get(id, lazy=True)`), or the one named in
    `rule.only_with` is not given (`smtplib.SMTP()`)."""
    if any(_false_constant(argument(call, name, position)) for name, position in rule.unless):
        return True
    if any(_true_constant(argument(call, name, position)) for name, position in rule.unless_true):
        return True
    if rule.only_with is not None and not hides_arguments(call, rule.only_with[1]):
        return not _given(argument(call, *rule.only_with))
    return False


def _given(value: ast.expr | None) -> bool:
    """Whether an argument is passed with a value that may be true: not left out, and not a false
    constant (`None`, `False`, `0`, `""`); a variable may be anything."""
    return value is not None and not (isinstance(value, ast.Constant) and not value.value)


def _false_constant(value: ast.expr | None) -> bool:
    """`False` or zero, written as a constant (not `None`: an argument left at its default)."""
    return isinstance(value, ast.Constant) and value.value in (False, 0) and value.value is not None


def _true_constant(value: ast.expr | None) -> bool:
    """`True`, written as a constant."""
    return isinstance(value, ast.Constant) and value.value is True


# A spooled temporary file stays in memory until it outgrows its `max_size`.
_IN_MEMORY_FILES = frozenset({"io.BytesIO", "io.StringIO", "tempfile.SpooledTemporaryFile"})
_BUFFER_NAMES = frozenset(path.rpartition(".")[2] for path in _IN_MEMORY_FILES)
# Methods that give a generator, which does nothing until it is iterated (`Path.iterdir()` lists the
# folder when it is called, on Python 3.13).
_GENERATORS = frozenset({"glob", "rglob", "walk"})
# What a parameter annotated as any stream may be given: a file or an in-memory buffer.
_ANY_STREAM = frozenset(
    {
        f"{module}.{name}"
        for module in ("typing", "typing_extensions")
        for name in ("IO", "TextIO", "BinaryIO")
    }
    | {"io.IOBase", "io.TextIOBase", "io.BufferedIOBase", "io.RawIOBase"}
)
_STANDARD_OUTPUTS = frozenset(
    f"sys.{stream}{layer}"
    for stream in ("stdout", "stderr", "__stdout__", "__stderr__")
    for layer in ("", ".buffer")
)
_STREAM_NAMES = frozenset(path.rpartition(".")[2] for path in _STANDARD_OUTPUTS)


def _holds_buffer(ref: Ref) -> bool:
    """Whether a value is an in-memory buffer (`io.BytesIO(data)`, `io.StringIO()`), or the standard
    output or error stream, which noblock no more reports writing to than `print()`."""
    return (ref.is_instance and ref.path in _IN_MEMORY_FILES) or ref.path in _STANDARD_OUTPUTS


def _in_coroutine(scope: Scope) -> bool:
    """Whether a scope is an `async def`'s, or a comprehension's inside one."""
    while type(scope.node) in COMPREHENSIONS and scope.parent is not None:
        scope = scope.parent
    return type(scope.node) is ast.AsyncFunctionDef


def _given_false(function: ast.AST, method: str) -> dict[str, tuple[int, int]]:
    """The receivers (as `ast.dump`s) that a function's own code calls `method` on with a false
    constant (`sock.setblocking(False)`), with the position of the first such call. For
    `setblocking`, also the sockets it hands to the loop's socket methods (`loop.sock_recv(sock,
    n)`), which take only non-blocking ones: from the function's start (made so elsewhere)."""
    found: dict[str, tuple[int, int]] = {}
    for node in own_nodes(getattr(function, "body", ())):
        if (
            method == "setblocking"
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _LOOP_SOCKET_METHODS
            and node.args
        ):
            found[ast.dump(node.args[0])] = (0, 0)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == method
            and len(node.args) == 1
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in (False, 0)
            and node.args[0].value is not None
        ):
            receiver = ast.dump(node.func.value)
            position = (node.lineno, node.col_offset)
            found[receiver] = min(found.get(receiver, position), position)
    return found


_LOOP_SOCKET_METHODS = frozenset(
    {
        "sock_accept",
        "sock_connect",
        "sock_recv",
        "sock_recv_into",
        "sock_recvfrom",
        "sock_recvfrom_into",
        "sock_sendall",
        "sock_sendfile",
        "sock_sendto",
    }
)


def _suspends(body: list[ast.stmt]) -> bool:
    """Whether a coroutine's block may hand the event loop to other tasks: an `await`, `async for`
    or `async with` (or a `yield`, in an async generator) outside the functions it defines."""
    return any(type(node) in _SUSPENSIONS for node in own_nodes(body))


_SUSPENSIONS = frozenset({ast.Await, ast.AsyncFor, ast.AsyncWith, ast.Yield, ast.YieldFrom})


def _consumes_coroutines(func: ast.expr, ref: Ref | None) -> bool:
    if ref is not None and ref.path in COROUTINE_CONSUMERS:
        return True
    return isinstance(func, ast.Attribute) and func.attr in COROUTINE_CONSUMER_METHODS


def _coroutine_arguments(call: ast.Call) -> list[ast.Call]:
    """Calls passed as coroutines: directly, starred, or as the elements of a list or comprehension."""
    found: list[ast.Call] = []
    pending: list[ast.expr] = [*call.args, *(keyword.value for keyword in call.keywords)]
    while pending:
        argument = pending.pop()
        if isinstance(argument, ast.Call):
            found.append(argument)
        elif isinstance(argument, ast.Starred):
            pending.append(argument.value)
        elif isinstance(argument, (ast.List, ast.Tuple, ast.Set)):
            pending.extend(argument.elts)
        elif isinstance(argument, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            pending.append(argument.elt)
    return found
