"""The whole-project pass: which project functions block, and which coroutines call them.

Every module's summary lists its functions, the blocking calls they make (leaves) and the other
calls they make (edges, as dotted paths). This module resolves those paths to project functions
through imports, re-exports, module-level instances and base classes, finds the ways from each
function down to a blocking call (the shortest, and those that run more often), and reports the
calls in coroutines that start such a way, showing the way that runs most often.
"""

from __future__ import annotations

import enum
import json
import os
from collections import deque
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Union

from noblock.catalog import CallRule, Offload, Returns
from noblock.findings import ALWAYS, ON_ERROR, RUNS_NOTES, SOMETIMES, Finding, Hop
from noblock.fixes import MAKES_CONTEXT_MANAGER, NEEDS_THE_LOOP, READS_THE_TERMINAL, FixDecision, plan_fix
from noblock.rules import HELD_LOCK_CODE, NESTED_LOOP_CODE, TERMINAL_CODE, call_message
from noblock.ruleset import PatternTable, RuleSet
from noblock.summary import (
    ANY_ATTRIBUTE,
    AWAITED,
    SELF_NEED,
    STAR,
    Built,
    CallSite,
    ClassSummary,
    Edge,
    FunctionSummary,
    Leaf,
    ModuleSummary,
    Passed,
    built_with,
    contradicts,
    needed_attribute,
    passes,
)
from noblock.values import VALUE_NEED, argument_key, forwarded, need_parameter

TRANSITIVE_CODE = "NB200"
# The end of a library method's path that names a call of the object itself (`llm(prompt)`).
_CALLED = ".__call__"
# The end of the path of a class's `__init__`, which a call of the class runs (`Store(path)`).
_INIT = ".__init__"
# What to do instead of calling a generator function whose body blocks, in a coroutine.
_ITERATE_IN_A_THREAD = "an async generator, or `await asyncio.to_thread(list, ...)` to iterate it in a thread"
_MAX_RESOLUTION_DEPTH = 16


@dataclass(frozen=True)
class TransitiveOptions:
    """`[tool.noblock.transitive]`: on or off, how deep to look, and functions known not to block."""

    enabled: bool = True
    max_depth: int = 8  # functions on the way down, the called one included
    non_blocking: tuple[str, ...] = ()  # patterns of function names (`app.cache.*`, `*.get_config`)


DEFAULT_TRANSITIVE = TransitiveOptions()


_PACKAGES: dict[str, str] = {}  # by folder, what `package_of` found


def package_of(folder: str) -> str:
    """The dotted package a folder is, from the `__init__` files above it ("" if it is none). A
    folder without one inside a package is part of it, as Python imports it (`litellm/types/`
    in `litellm/` is `litellm.types`)."""
    pending: list[str] = []  # the folder and those above it not known yet, nearest first
    current = folder
    while current not in _PACKAGES:
        pending.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    package = _PACKAGES.get(current, "")
    for path in reversed(pending):  # from the top down: no recursion, however deep the folder
        package = _package_in(package, path)
        _PACKAGES[path] = package
    return _PACKAGES[folder]


def _package_in(parent: str, folder: str) -> str:
    """The package a folder is, in a folder that is the package `parent` (or none: "")."""
    name = os.path.basename(folder)
    if os.path.isfile(os.path.join(folder, "__init__.py")) or os.path.isfile(
        os.path.join(folder, "__init__.pyi")
    ):
        return f"{parent}.{name}" if parent else name
    return f"{parent}.{name}" if parent and name.isidentifier() else ""


@lru_cache(maxsize=65536)
def module_name(path: str) -> tuple[str, bool]:
    """The dotted module name of a file, from its package folders, and whether it is a package.

    `src/app/api.py` (with `src/app/__init__.py`) is `app.api`; `src/app/__init__.py` is `app`.
    """
    folder, filename = os.path.split(os.path.abspath(path))
    return module_in(package_of(folder), filename)


def module_in(package: str, filename: str) -> tuple[str, bool]:
    """The module a file of a package's folder (`""`: of a folder that is no package) is, and
    whether it is the package itself."""
    stem = filename.rsplit(".", 1)[0]
    if stem == "__init__":
        return package, True
    return (f"{package}.{stem}" if package else stem), False


def in_project(path: str, tops: AbstractSet[str] | None) -> bool:
    """Whether a dotted path may lead into the project whose top-level names are `tops` (None: any
    path may). The folders above a top-level package may be spelled too, as `tops` lists them
    (`langgraph.checkpoint` for the package `checkpoint` in the namespace package `langgraph`;
    see `namespace_spellings`)."""
    if tops is None:
        return True
    first = path.partition(".")[0]
    return first in tops or (first + "." in tops and below_namespaces(path, tops) is not None)


_MAX_NAMESPACE_FOLDERS = 4


def namespace_spellings(root: str, tops: Iterable[str]) -> set[str]:
    """How an import may spell the top-level modules of a folder through the folders it is in
    (`airflow.providers.amazon` for the package `amazon` in `airflow/providers/`, folders without
    `__init__.py`): each spelling, and each spelling's first name with a dot after it, which tells
    `in_project` a path may be one."""
    folders: list[str] = []
    folder = os.path.abspath(root)
    while len(folders) < _MAX_NAMESPACE_FOLDERS:
        folder, name = os.path.split(folder)
        if not name.isidentifier():
            break
        folders.insert(0, name)
    spellings: set[str] = set()
    for first in range(len(folders)):
        prefix = ".".join(folders[first:])
        spellings.add(folders[first] + ".")
        spellings.update(f"{prefix}.{top}" for top in tops)
    return spellings


def below_namespaces(path: str, tops: AbstractSet[str]) -> str | None:
    """A path spelled through the folders above a top-level module (see `namespace_spellings`),
    from that module on (`airflow.providers.amazon.aws.hooks` is `amazon.aws.hooks`)."""
    parts = path.split(".", _MAX_NAMESPACE_FOLDERS + 1)
    for cut in range(1, len(parts)):
        if ".".join(parts[: cut + 1]) in tops:
            return path.split(".", cut)[cut]
    return None


class _Kind(enum.Enum):
    MODULE = "module"
    CLASS = "class"
    INSTANCE = "instance"
    FUNCTION = "function"
    LIBRARY = "library"  # an object of a library type, or an attribute of one (`openai.OpenAI.chat`)


@dataclass(frozen=True)
class _Target:
    kind: _Kind
    name: str


class ProjectIndex:
    """Every module, class and function of the checked files, and how names lead to them."""

    def __init__(
        self,
        summaries: Iterable[ModuleSummary],
        namespaces: AbstractSet[str] = frozenset(),
        returns: PatternTable[Returns] | None = None,
        attribute_returns: PatternTable[Returns] | None = None,
    ) -> None:
        # What calls of library paths give (`sqlite3.Connection.cursor`: a `sqlite3.Cursor`), so that
        # a chain on an object of another module follows it (`conn.cursor().execute(...)`); and
        # what reading their attributes gives (`pathlib.Path.parent`).
        self._returns = returns
        self._attribute_returns = attribute_returns
        self.modules: dict[str, ModuleSummary] = {}
        self.functions: dict[str, tuple[FunctionSummary, ModuleSummary]] = {}
        self.classes: dict[str, ClassSummary] = {}
        self._aliases: dict[str, dict[str, str]] = {}
        self._star_imports: dict[str, list[str]] = {}
        self._star_searched: set[str] | None = None  # during a search through star imports
        self._instances: dict[str, dict[str, str]] = {}
        self._objects: dict[str, dict[str, str]] = {}
        self._attributes: dict[str, dict[str, str | None]] = {}  # by class
        # The first names of module names, and the spellings of top-level modules through the
        # folders above them (`namespace_spellings`): what `in_project` is given.
        self._tops: set[str] = {name for name in namespaces if "." in name}
        self._functions_found: dict[str, str | None] = {}
        for summary in summaries:
            self.add(summary)

    def _library_result(self, path: str) -> str:
        """The type a call of a library path gives, or reading it as an attribute (a path does not
        say which it was: the catalogue's attributes are properties, never called), as the
        catalogue says; else the path itself (a call or an attribute the catalogue does not type)."""
        row = None if self._returns is None else self._returns.lookup(path)
        if row is None and self._attribute_returns is not None:
            row = self._attribute_returns.lookup(path)
        return path if row is None or row.returns is None else row.returns

    def add(self, summary: ModuleSummary) -> None:
        """Add a module, or replace the summary of one (with more of its functions explored)."""
        known = self.modules.get(summary.module)
        if known is None or len(known.functions) != len(summary.functions):
            self._functions_found.clear()  # a new module or function may complete a path that led nowhere
        self.modules[summary.module] = summary
        self._aliases[summary.module] = {name: target for name, target in summary.aliases if name != STAR}
        self._star_imports[summary.module] = [target for name, target in summary.aliases if name == STAR]
        self._instances[summary.module] = dict(summary.instances)
        self._objects[summary.module] = dict(summary.objects)
        for function in summary.functions:
            self.functions[f"{summary.module}.{function.qualname}"] = (function, summary)
        for cls in summary.classes:
            self.classes[f"{summary.module}.{cls.qualname}"] = cls
            self._attributes[f"{summary.module}.{cls.qualname}"] = dict(cls.attributes)
        self._tops.add(summary.module.split(".", 1)[0])

    def function(self, path: str) -> str | None:
        """The project function a dotted path leads to, if any."""
        if path not in self._functions_found:
            target = self._target(path)
            if target is not None and target.kind is _Kind.INSTANCE:
                # Calling an object of a project class (`reader(path)`) runs its class's `__call__`.
                target = self._method(target.name, "__call__", 1, None)
            elif target is not None and target.kind is _Kind.CLASS:
                # Calling a project class (`Store(path)`) runs its `__init__`.
                target = self._method(target.name, "__init__", 1, None)
            found = target.name if target is not None and target.kind is _Kind.FUNCTION else None
            self._functions_found[path] = found
        return self._functions_found[path]

    def _target(self, path: str) -> _Target | None:
        """What a dotted path names, spelled from a top-level module or from the folders above one."""
        return self._resolve(path, 0)

    def _resolve(
        self, path: str, depth: int, trail: list[str] | None = None, read: bool = False
    ) -> _Target | None:
        """What a dotted path names; `trail` collects the paths it was followed to on the way
        (imports, instances' classes, base classes' methods, what attributes hold). `read`: the
        path names an object something is read from (`clients.http` in `clients.http.get`), so an
        attribute of a project object counts by what it holds."""
        if depth > _MAX_RESOLUTION_DEPTH:
            return None
        if path.partition(".")[0] + "." in self._tops:  # spelled through namespace folders
            path = below_namespaces(path, self._tops) or path
        if path in self.functions:
            return _Target(_Kind.FUNCTION, path)
        if path in self.classes:
            return _Target(_Kind.CLASS, path)
        if path in self.modules and (depth > 0 or not self._rebound_by_package(path, trail)):
            return _Target(_Kind.MODULE, path)
        owner_path, _, name = path.rpartition(".")
        owner = self._resolve(owner_path, depth + 1, trail, read=True) if owner_path else None
        if owner is None:
            return None
        if owner.kind is _Kind.LIBRARY:
            return _Target(_Kind.LIBRARY, f"{self._library_result(owner.name)}.{name}")
        if owner.kind is _Kind.MODULE:
            alias = self._aliases[owner.name].get(name)
            if alias is not None:
                if trail is not None:
                    trail.append(alias)
                return self._resolve(alias, depth + 1, trail)
            library_type = self._objects[owner.name].get(name)
            if library_type is not None:  # `llm = OpenAI()`
                return _Target(_Kind.LIBRARY, library_type)
            instance_of = self._instances[owner.name].get(name)
            if instance_of is None:
                return self._star_imported(owner.name, name, depth, trail)
            if trail is not None:
                trail.append(instance_of)
            cls = self._resolve(instance_of, depth + 1, trail)
            if cls is not None and cls.kind is _Kind.FUNCTION:  # `repo = get_repository()`
                cls = self._returned(cls.name, depth + 1, trail)
            if cls is not None and cls.kind is _Kind.LIBRARY:
                return cls
            return _Target(_Kind.INSTANCE, cls.name) if cls is not None and cls.kind is _Kind.CLASS else None
        if owner.kind is _Kind.FUNCTION:
            module, _, function = owner.name.rpartition(".")
            decorated = self._objects.get(module, {}).get(function)
            if decorated is not None:  # `send_report.delay`, of a function `@app.task` made a task
                return _Target(_Kind.LIBRARY, f"{decorated}.{name}")
            if name == AWAITED:  # `await connect()`
                returned = self._returned(owner.name, depth + 1, trail, awaited=True)
                if returned is not None and returned.kind is _Kind.CLASS:
                    return _Target(_Kind.INSTANCE, returned.name)
                return returned
            # `get_repository().save`
            returned = self._returned(owner.name, depth + 1, trail)
            if returned is not None and returned.kind is _Kind.LIBRARY:
                return _Target(_Kind.LIBRARY, f"{returned.name}.{name}")
            return None if returned is None else self._method(returned.name, name, depth + 1, trail, read)
        if owner.kind in (_Kind.CLASS, _Kind.INSTANCE):
            return self._method(owner.name, name, depth + 1, trail, read)
        return None

    def _rebound_by_package(self, path: str, trail: list[str] | None) -> bool:
        """Whether a module's package binds the module's name to something else, which is then what
        the name gives (`from .launch import launch` in `app/__init__.py`: `app.launch` is the
        function). Asked of a path that is called, which a module cannot be; a package not read
        yet is put on the `trail`, to be read."""
        package, _, name = path.rpartition(".")
        if package not in self.modules:
            if package and trail is not None:
                trail.append(package)
            return False
        rebound = self._aliases[package].get(name)
        if rebound is not None:
            return rebound != path
        # `from .launch import *`, where `launch.py` defines `launch()`
        found = self._star_imported(package, name, 1, trail)
        return found is not None and found != _Target(_Kind.MODULE, path)

    def _star_imported(self, module: str, name: str, depth: int, trail: list[str] | None) -> _Target | None:
        """What a name a module does not bind itself names through its star imports, the first that
        has it (`from .common import *` in a package's `__init__`); a star import brings no name
        that starts with `_`."""
        if name.startswith("_") or not self._star_imports[module]:
            return None
        outermost = self._star_searched is None
        searched = self._star_searched = set() if self._star_searched is None else self._star_searched
        try:
            # Each module once per search: star imports may form circles, or reach one module by
            # many ways (a search down each would take exponential time).
            for imported in self._star_imports[module]:
                path = f"{imported}.{name}"
                if path in searched:
                    continue
                searched.add(path)
                if trail is not None:
                    trail.append(path)
                found = self._resolve(path, depth + 1, trail)
                if found is not None:
                    return found
            return None
        finally:
            if outermost:
                self._star_searched = None

    def _returned(
        self, function: str, depth: int, trail: list[str] | None, awaited: bool = False
    ) -> _Target | None:
        """The class a function is annotated to return: a project class, or a library type. A
        coroutine function's annotation is what awaiting a call of it gives (`awaited`); a call not
        awaited gives a coroutine."""
        summary = self.functions[function][0]
        returns = summary.returns
        if returns is None or summary.is_async != awaited:
            return None
        if trail is not None:
            trail.append(returns)
        cls = self._resolve(returns, depth + 1, trail)
        if cls is None and not in_project(returns, self._tops):
            return _Target(_Kind.LIBRARY, returns)
        return cls if cls is not None and cls.kind is _Kind.CLASS else None

    def library_call(self, path: str) -> str | None:
        """The method of a library type a dotted path leads to, if any (`app.clients.llm.models.list`,
        where `llm = OpenAI()`, is `openai.OpenAI.models.list`)."""
        target = self._target(path)
        return target.name if target is not None and target.kind is _Kind.LIBRARY else None

    def _method(
        self, class_name: str, name: str, depth: int, trail: list[str] | None, read: bool = False
    ) -> _Target | None:
        """A method of a class or of its project base classes, in order; with `read`, also what an
        attribute holds (see `_held`)."""
        if depth > _MAX_RESOLUTION_DEPTH:
            return None
        if f"{class_name}.{name}" in self.functions:
            return _Target(_Kind.FUNCTION, f"{class_name}.{name}")
        if read and name in self._attributes[class_name]:
            return self._held(self._attributes[class_name][name], depth + 1, trail)
        cls = self.classes[class_name]
        for base in cls.bases:
            resolved = self._resolve(base, depth + 1, trail)
            if resolved is not None and resolved.kind is _Kind.CLASS:
                found = self._method(resolved.name, name, depth + 1, trail, read)
                if found is not None:
                    return found
            elif resolved is None and trail is not None:
                trail.append(f"{base}.{name}")
        # `class Store(shelve.DbfilenameShelf)`: `store.close()`. A project base not read yet may
        # define the method: a path that leads to no project function is followed further (its
        # dead ends are read), and found again once that base is known.
        if cls.library_base is not None:
            return _Target(_Kind.LIBRARY, f"{cls.library_base}.{name}")
        return None

    def _held(self, held: str | None, depth: int, trail: list[str] | None) -> _Target | None:
        """What an attribute holds (`ClassSummary.attributes`): an instance of a project class, or an
        object of a library type."""
        if held is None:
            return None
        if trail is not None:
            trail.append(held)
        target = self._resolve(held, depth + 1, trail)
        if target is not None and target.kind is _Kind.CLASS:
            return _Target(_Kind.INSTANCE, target.name)
        if target is None and not in_project(held, self._tops):
            return _Target(_Kind.LIBRARY, held)
        return None

    def dead_ends(self, path: str) -> list[str]:
        """The paths an unresolved path was followed to (itself included): one of them may be in a
        module not summarized yet."""
        trail = [path]
        self._resolve(path, 0, trail)
        return trail


class Exploration:
    """Follows the coroutines' calls through the project while module summaries arrive, and says
    where to look next: which functions to explore, which paths lead to modules not read yet."""

    def __init__(self, namespaces: AbstractSet[str] = frozenset()) -> None:
        self.index = ProjectIndex((), namespaces)
        self._pending: list[str] = []  # paths to follow
        self._reached: set[str] = set()
        self._unexplored: set[str] = set()  # reached, not explored yet
        self._unresolved: dict[str, list[str]] = {}  # path -> the paths it was followed to
        self._grown: set[str] = set()  # modules added, or with new functions, since the last frontier

    def add(self, summary: ModuleSummary) -> bool:
        """Take a module's summary, or more explored functions of a module already known; whether
        anything new was learnt."""
        known = self.index.modules.get(summary.module)
        if known is None:
            self.index.add(summary)
            self._pending.extend(site.callee for site in summary.call_sites)
            self._grown.add(summary.module)
            return True
        if known.filename != summary.filename:  # two files with one module name: the first one counts
            return False
        merged = known.merged(summary)
        if merged == known:
            return False
        self.index.add(merged)
        if len(merged.functions) != len(known.functions):
            self._grown.add(summary.module)
        return True

    def frontier(self) -> tuple[set[str], set[str]]:
        """Follow what is known as far as it goes. Returns the functions reached but not explored,
        and the paths (as far as they could be followed) newly found to lead to nothing known."""
        index = self.index
        if self._grown:
            retried = [
                path
                for path, trail in self._unresolved.items()
                if any(_within(candidate, self._grown) for candidate in trail)
            ]
            for path in retried:
                del self._unresolved[path]
            self._pending.extend(retried)
            self._grown.clear()
        for done in [name for name in self._unexplored if index.functions[name][0].explored]:
            self._unexplored.discard(done)
            self._pending.extend(edge.callee for edge in index.functions[done][0].edges)
        dead_ends: set[str] = set()
        while self._pending:
            path = self._pending.pop()
            name = index.function(path)
            if name is None:
                if path not in self._unresolved:
                    self._unresolved[path] = index.dead_ends(path)
                    dead_ends.update(self._unresolved[path])
            elif name not in self._reached:
                self._reached.add(name)
                function = index.functions[name][0]
                if function.explored:
                    self._pending.extend(edge.callee for edge in function.edges)
                else:
                    self._unexplored.add(name)
        return set(self._unexplored), dead_ends


def _within(path: str, modules: set[str]) -> bool:
    """Whether a dotted path names one of `modules` or something inside one."""
    prefix = path
    while prefix:
        if prefix in modules:
            return True
        prefix = prefix.rpartition(".")[0]
    return False


@dataclass(frozen=True)
class Way:
    """Where a callee leads when it reaches a blocking call: the project function, the way down,
    and whether that function is a generator (its body runs while the result is iterated: handing
    the call to a thread would not take the blocking off the event loop). With `library`, the
    callee is a blocking method of a library object of another module (`target`, as
    `openai.OpenAI.models.list`), and there is no way down. With `by_name`, the callee is a method
    of a project object whose class has no such method, and `target` the method-name rule's name
    (`invoke`) that the call is reported by, as in a module alone."""

    target: str
    chain: tuple[Hop, ...]
    generator: bool = False
    library: bool = False
    by_name: bool = False
    context_manager: bool = False  # the function makes a context manager (see `FunctionSummary`)
    terminal: bool = False  # the way down ends in reading the terminal
    # Where the function, or one it calls, needs the running loop (see `FunctionSummary.uses_loop`).
    loop_use: LoopUse | None = None


@dataclass(frozen=True)
class LoopUse:
    """A call that needs the running loop, and whether its function checks for one first."""

    where: Hop
    checked: bool


def library_rule(ruleset: RuleSet, path: str, *, by_name: bool = False) -> CallRule | None:
    """The rule a library method blocks by, when its call is known only as a dotted path, or (with
    `by_name`) the rule of a method name (`invoke`). The arguments that would make it return at
    once, and how its object was built, are not known: such rules are left out."""
    if by_name:
        rule = ruleset.methods.get(path)
    elif path.endswith(_CALLED):  # a call of a library object (`llm(prompt)`)
        owner, _, method = path.rpartition(".")
        rule = ruleset.calls.lookup_special(owner, method)
    else:
        rule = ruleset.calls.lookup(path)
    if rule is None or rule.code is None or rule.unless or rule.built_with:
        return None
    if rule.code == HELD_LOCK_CODE:
        return None  # a thread lock's `with` holds up the loop only across an `await` in its block
    return rule


def blocking_ways(
    index: ProjectIndex, options: TransitiveOptions, ruleset: RuleSet, counts: Callable[[str], bool]
) -> dict[str, Way]:
    """For every callee of the coroutines' calls that reaches a blocking call through project
    functions: the function it names and the way down from it; or the blocking method of a library
    object it is. `counts` says whether a rule's calls make a function block."""

    def library_method(path: str) -> tuple[str, str] | None:
        """The blocking library method a path leads to, and the code of its rule: a method, or the
        `__call__` of a library object (`llm(prompt)`, with `llm = ChatOpenAI()` in another module)."""
        method = index.library_call(path)
        if method is None:
            return None
        rule = library_rule(ruleset, method)
        if rule is None:
            method += _CALLED
            rule = library_rule(ruleset, method)
        return None if rule is None or rule.code is None else (method, rule.code)

    def by_name(callee: str) -> CallRule | None:
        """The method-name rule of a call the module left to the pass (its class has no such method)."""
        return library_rule(ruleset, callee.rpartition(".")[2], by_name=True)

    def library_leaf(edge: Edge) -> Leaf | None:
        found = library_method(edge.callee)
        if found is not None:
            if not counts(found[1]):
                return None
            return Leaf(found[1], f"{found[0]}()", edge.row, edge.needs, edge.runs)
        rule = None if edge.by_name is None else by_name(edge.callee)
        if rule is None or rule.code is None or not counts(rule.code):
            return None
        return Leaf(rule.code, edge.by_name or "", edge.row, edge.needs, edge.runs)

    blocking, loop_users = _blocking_functions(index, options, library_leaf)
    ways: dict[str, Way] = {}
    for summary in index.modules.values():
        for site in summary.call_sites:
            key = way_key(site)
            if key in ways:
                continue
            target = index.function(site.callee)
            if target is not None and target in blocking:
                function = index.functions[target][0]
                taken = [
                    down
                    for down in blocking[target]
                    if passes(site.passed, down.needs, function.parameters)
                    and built_with(site.built or _building(target, site.passed), down.needs)
                    and (not _is_constructor(target) or _runs_always(down))
                ]
                if taken:  # the way that costs least (see `_Down`); of those, the shortest
                    shown = min(taken, key=lambda down: down.cost)
                    ways[key] = Way(
                        target,
                        _chain(index, target, shown),
                        function.generator,
                        context_manager=function.context_manager,
                        terminal=_last_leaf(shown).code == TERMINAL_CODE,
                        loop_use=loop_users.get(target),
                    )
            elif target is None:
                found = library_method(site.callee)
                if found is not None:
                    ways[key] = Way(found[0], (), library=True)
                elif site.by_name and by_name(site.callee) is not None:
                    method = site.callee.rpartition(".")[2]
                    ways[key] = Way(method, (), library=True, by_name=True)
    return ways


def way_key(site: CallSite) -> str:
    """What a call's way down depends on: its callee, and what it passes (a function may block
    only when given a parameter, or a value, see `Edge.needs`)."""
    shown = [
        "*"
        if passed is None
        else f"{passed.positional};{','.join(passed.keywords)}{_shown_constants(passed)}"
        for passed in (site.passed, None if site.built is None else site.built.passed)
    ]
    if site.built is None:
        return f"{site.callee}({shown[0]})"
    return f"{site.callee}({shown[0]})@{site.built.cls}({shown[1]})"


def _shown_constants(passed: Passed) -> str:
    constants = f";{json.dumps(passed.constants)}" if passed.constants else ""
    return constants + (f";in memory:{','.join(passed.in_memory)}" if passed.in_memory else "")


def transitive_findings(
    index: ProjectIndex, options: TransitiveOptions, ruleset: RuleSet, counts: Callable[[str], bool]
) -> tuple[dict[str, list[Finding]], dict[str, Way]]:
    """Per file, the calls in coroutines that reach a blocking call through project functions or
    are blocking calls of library objects of other modules; and the ways those calls' callees lead
    down (see `blocking_ways`)."""
    ways = blocking_ways(index, options, ruleset, counts)
    findings: dict[str, list[Finding]] = {}
    for summary in index.modules.values():
        found = site_findings(summary, ways, ruleset)
        if found:
            findings[summary.filename] = found
    return findings, ways


def site_findings(summary: ModuleSummary, ways: dict[str, Way], ruleset: RuleSet) -> list[Finding]:
    """The findings of a module's calls in coroutines whose callees lead down one of `ways`."""
    found: list[Finding] = []
    for site in summary.call_sites:
        way = ways.get(way_key(site))
        finding = None if way is None else _finding(summary, site, way, ruleset)
        if finding is not None and not (
            found and (found[-1].location, found[-1].code) == (finding.location, TRANSITIVE_CODE)
        ):
            # One finding for one place: `with Store(path):` runs `Store.__enter__`, `__exit__` and
            # `__init__` there, and the first of them that blocks is shown.
            found.append(finding)
    return found


# A way's next step down: its blocking call, or (the function it calls that blocks, the callee's
# way down, how often the call runs: see `Edge.runs`).
_Step = Union[Leaf, tuple[str, "_Down", int]]  # a runtime alias: `|` needs Python 3.10


# What makes a way down a poorer one to show, most telling first: it ends at an event loop started
# (from a coroutine that raises rather than waits), the calls on it that run only after an error,
# and those that run only on some runs of their function (see `Edge.runs`).
_Cost = tuple[int, int, int]


# What a way down ends at when its last function makes several blocking calls that cost as much
# to show: a file system query only when the function makes nothing heavier.
_MILD_CODE = "NB105"


def _leaf_cost(leaf: Leaf) -> _Cost:
    return (int(leaf.code == NESTED_LOOP_CODE), int(leaf.runs == ON_ERROR), int(leaf.runs == SOMETIMES))


def _edge_cost(down: _Down, edge: Edge) -> _Cost:
    loop, errors, sometimes = down.cost
    return (loop, errors + (edge.runs == ON_ERROR), sometimes + (edge.runs == SOMETIMES))


@dataclass(frozen=True)
class _Down:
    """One way down from a blocking function: what a call of it must pass for the way to be taken
    (see `Edge.needs`; most need nothing), what it costs to show (see `_Cost`), and its next
    step."""

    needs: frozenset[str]
    cost: _Cost
    step: _Step


def _blocking_functions(
    index: ProjectIndex, options: TransitiveOptions, library_leaf: Callable[[Edge], Leaf | None]
) -> tuple[dict[str, list[_Down]], dict[str, LoopUse]]:
    """For each blocking sync function, its ways down, shortest first. The shortest ways are found
    breadth-first from the blocking calls up; a way is kept only if no shorter one needs less and
    costs no more to show (so that a finding can show a way taken on every run, where there is
    one, however long). And for each sync function that needs the running loop, or calls one that
    does, where (see `FunctionSummary.uses_loop`)."""

    non_blocking = PatternTable([(pattern, True) for pattern in options.non_blocking])

    def excluded(name: str) -> bool:
        return non_blocking.lookup(name) is not None

    callers: dict[str, list[tuple[str, Edge]]] = {}
    ways: dict[str, list[_Down]] = {}
    queue: deque[tuple[str, _Down, int]] = deque()  # a function, a way down from it, its length

    def add(name: str, down: _Down, level: int) -> None:
        known = ways.setdefault(name, [])
        if not any(earlier.needs <= down.needs and earlier.cost <= down.cost for earlier in known):
            known.append(down)
            queue.append((name, down, level))

    # In name order, so that among ways of the same length the one chosen does not depend on the
    # order in which modules were summarized.
    for name in sorted(index.functions):
        function = index.functions[name][0]
        if function.is_async or not function.explored or excluded(name):
            continue
        leaves = list(function.leaves)
        ignored = index.functions[name][1].ignored
        for edge in function.edges:
            callee = index.function(edge.callee)
            if callee is None:
                leaf = library_leaf(edge)
                if leaf is not None and leaf.code not in ignored:
                    leaves.append(leaf)
            elif callee != name:
                callers.setdefault(callee, []).append((name, edge))
        # The first blocking call that needs nothing passed and costs least: an event loop started
        # here comes last (a helper that starts one checks for a running loop first, and the call
        # that waits is another one: `executor.submit(...).result()`), and a file system query
        # (`os.path.exists()`) after a read, a request or a process the same function makes.
        for leaf in sorted(
            leaves, key=lambda leaf: (len(leaf.needs), _leaf_cost(leaf), leaf.code == _MILD_CODE, leaf.row)
        ):
            if not contradicts(frozenset(leaf.needs)):
                add(name, _Down(frozenset(leaf.needs), _leaf_cost(leaf), leaf), 1)
    loop_users = _loop_users(index, callers)
    while queue:
        name, down, level = queue.popleft()
        if level >= options.max_depth:
            continue
        parameters = index.functions[name][0].parameters
        for caller, edge in callers.get(name, ()):
            if index.functions[caller][0].is_async or excluded(caller):
                continue
            if (
                passes(edge.passed, down.needs, parameters)
                and built_with(_building(name, edge.passed), down.needs)
                and (not _is_constructor(name) or (edge.runs == ALWAYS and _runs_always(down)))
            ):
                # The object's needs stay the caller's when it calls a method of the same object
                # (its attributes' states too, unless the caller binds them itself); an object the
                # caller holds may have been built either way, and be in any state.
                carried = _on_the_object(down.needs, index.functions[caller][0]) if edge.on_self else set()
                carried |= _forwarded(edge, down.needs, parameters)
                needs = frozenset(edge.needs).union(carried)
                if not contradicts(needs):
                    add(caller, _Down(needs, _edge_cost(down, edge), (name, down, edge.runs)), level + 1)
    return ways, loop_users


def _loop_users(index: ProjectIndex, callers: dict[str, list[tuple[str, Edge]]]) -> dict[str, LoopUse]:
    """The functions that need the running loop (`FunctionSummary.uses_loop`) or call, however far
    down, one that does, each with such a call: one that fails without a loop where there is one,
    else one that takes another way (handed to a worker thread, they fail, or behave otherwise)."""
    users: dict[str, LoopUse] = {}
    found = [name for name in sorted(index.functions) if index.functions[name][0].uses_loop]
    for checked in (False, True):
        queue: deque[str] = deque()
        for name in found:
            function, summary = index.functions[name]
            if function.checks_loop == checked and name not in users:
                users[name] = LoopUse(Hop(function.qualname, summary.filename, function.uses_loop), checked)
                queue.append(name)
        while queue:
            name = queue.popleft()
            for caller, _ in callers.get(name, ()):
                if caller not in users:
                    users[caller] = users[name]
                    queue.append(caller)
    return users


def _is_constructor(function: str) -> bool:
    return function.endswith(_INIT)


def _last_leaf(down: _Down) -> Leaf:
    step = down.step
    while not isinstance(step, Leaf):
        step = step[1].step
    return step


def _runs_always(down: _Down) -> bool:
    """Whether every step of a way down runs whenever its function does. A class's `__init__` is
    followed only down such ways: the options it is built with choose among its branches, and a
    call site seldom says which (of a sample of the review sets' findings, 17 of 38 through a branch
    of an `__init__` were false, 1 of 22 through ways without one)."""
    step = down.step
    while not isinstance(step, Leaf):
        _, down, runs = step
        if runs != ALWAYS:
            return False
        step = down.step
    return step.runs == ALWAYS


def _building(function: str, passed: Passed | None) -> Built | None:
    """A call of an `__init__` (`Store(path)`) builds an object of its class with what it passes:
    the ways down its attributes' tests rule out are not taken (see `built_with`)."""
    if passed is None or not _is_constructor(function):
        return None
    return Built(function.removesuffix(_INIT), passed)


def _on_the_object(needs: frozenset[str], caller: FunctionSummary) -> set[str]:
    """The needs of a method's way down that stay needs of a method of the same object calling it:
    how the object was built, and the states of the attributes the caller does not bind."""
    return {
        need
        for need in needs
        if need.startswith(SELF_NEED)
        or (
            (attribute := needed_attribute(need)) is not None
            and attribute not in caller.rebinds
            and ANY_ATTRIBUTE not in caller.rebinds
        )
    }


def _forwarded(edge: Edge, needs: frozenset[str], parameters: tuple[str, ...]) -> set[str]:
    """The callee's value needs on arguments the caller passes on from its own parameters, as
    needs of the caller (see `values`)."""
    if not edge.forwards or edge.passed is None:
        return set()
    forwards = dict(edge.forwards)
    carried = set()
    for need in needs:
        if need.startswith(VALUE_NEED):
            template = forwards.get(argument_key(need_parameter(need), parameters, edge.passed.positional))
            found = None if template is None else forwarded(need, template)
            if found is not None:
                carried.add(found)
    return carried


def _chain(index: ProjectIndex, start: str, down: _Down) -> tuple[Hop, ...]:
    hops = []
    name, runs = start, ALWAYS
    while True:
        function, summary = index.functions[name]
        hops.append(Hop(function.qualname, summary.filename, function.row, runs))
        step = down.step
        if isinstance(step, Leaf):
            hops.append(Hop(step.call, summary.filename, step.row, step.runs))
            return tuple(hops)
        name, down, runs = step


def _finding(summary: ModuleSummary, site: CallSite, way: Way, ruleset: RuleSet) -> Finding | None:
    if way.library:
        return _library_finding(summary, site, way, ruleset)
    target, chain = way.target, way.chain
    rule = (
        CallRule(target, TRANSITIVE_CODE, _ITERATE_IN_A_THREAD, iterates=True)
        if way.generator
        else CallRule(target, TRANSITIVE_CODE)
    )
    if way.context_manager and site.no_await is None:
        # Offloading the call would only build the context manager; its body runs at the `with`.
        decision = FixDecision(None, MAKES_CONTEXT_MANAGER)
    elif way.terminal and site.no_await is None:
        decision = FixDecision(None, READS_THE_TERMINAL)
    elif way.loop_use is not None and not way.loop_use.checked and site.no_await is None:
        where = way.loop_use.where
        decision = FixDecision(None, NEEDS_THE_LOOP.format(f"{where.name} ({where.filename}:{where.row})"))
    else:
        if way.loop_use is not None:
            # In a worker thread it finds no loop and takes another way (`asyncio.run()`, or none).
            rule = replace(rule, offload=Offload.UNSAFE)
        decision = _site_fix(rule, site, ruleset)
    shown = " -> ".join(f"{hop.name} ({hop.filename}:{hop.row}{RUNS_NOTES[hop.runs]})" for hop in chain)
    message = call_message(
        TRANSITIVE_CODE, f"`{site.call}`", rule.replacement, None, decision.reason, chain=shown
    )
    return Finding(
        filename=summary.filename,
        location=site.location,
        end_location=site.end_location,
        code=TRANSITIVE_CODE,
        message=message,
        qualified_name=target,
        replacement=rule.replacement,
        fix=decision.plan,
        no_fix_reason=decision.reason,
        chain=chain,
    )


def _library_finding(summary: ModuleSummary, site: CallSite, way: Way, ruleset: RuleSet) -> Finding | None:
    """A call in a coroutine of a blocking method of a library object built in another module, as
    the checker reports one of an object built in the same module; or of a method name's rule, as
    the checker reports one on an object of unknown type."""
    rule = library_rule(ruleset, way.target, by_name=way.by_name)
    if rule is None or rule.code is None or (way.by_name and not site.by_name):
        return None  # the ways of a last run with other rules, or a site the module decided itself
    decision = _site_fix(rule, site, ruleset)
    called = site.call.removesuffix("()")
    # A method's receiver; a called object (`llm(prompt)`, its class's `__call__`) is its own.
    receiver = called if way.target.endswith(_CALLED) else called.rpartition(".")[0]
    replacement = rule.replacement.replace("{receiver}", receiver)
    method = None if way.by_name else way.target.removesuffix(_CALLED)
    shown = f"`{site.call}`" if method is None else f"`{site.call}` (`{method}`)"
    return Finding(
        filename=summary.filename,
        location=site.location,
        end_location=site.end_location,
        code=rule.code,
        message=call_message(rule.code, shown, replacement, rule.message, decision.reason),
        qualified_name=method,
        replacement=replacement,
        fix=decision.plan,
        no_fix_reason=decision.reason,
    )


def _site_fix(rule: CallRule, site: CallSite, ruleset: RuleSet) -> FixDecision:
    """How a call in a coroutine is fixed, from where it stands (as the checker decides it)."""
    return plan_fix(
        rule,
        ruleset.fix_options,
        no_await=site.no_await,
        loop_iterable=site.loop_iterable,
        nested_loop=site.nested_loop,
    )
