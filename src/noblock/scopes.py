"""Collects what every name is bound to, per scope: module and class bodies at once, the bodies of
functions when a walk needs them."""

from __future__ import annotations

import ast
import bisect
import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from noblock.source import match_rows

# `try: ... except* E:` exists from Python 3.11; on older versions it cannot appear in a tree.
_TRY_NODES: tuple[type[ast.stmt], ...] = tuple(
    node for node in (ast.Try, getattr(ast, "TryStar", None)) if node is not None
)


class BindingKind(enum.Enum):
    IMPORT = "import"  # `from a import b`: `target` is `a.b`, a module or any object
    MODULE_IMPORT = "module"  # `import a.b`: `target` is certainly a module
    VALUE = "value"  # `x = expr`, `with expr as x`: `node` is the expression
    ANNOTATION = "annotation"  # `x: T`, `def f(x: T)`: `node` is the annotation
    SELF = "self"  # the first parameter of a method: `owner` is its class
    CLASS = "class"  # a class defined here: `owner` is its class
    FUNCTION = "function"  # a function defined here: `target` is its qualified name in the module,
    # `node` the return annotation of a plain function (a coroutine function returns a coroutine)
    ASYNC_ENTERED = "async-entered"  # `async with expr as x`: what `__aenter__` gives, not followed
    ITEM = "item"  # `for x in expr`, `[... for x in expr]`: `node` is what is iterated
    OPAQUE = "opaque"  # anything noblock does not follow (loop targets, defs, unpacking, ...)


@dataclass(frozen=True)
class Binding:
    """One place where a name receives a value."""

    kind: BindingKind
    target: str | None = None
    node: ast.expr | None = None
    owner: ClassInfo | None = None
    value: ast.expr | None = None  # the value of an annotated assignment (`x: Final = value`)
    decorators: tuple[ast.expr, ...] = ()  # of a function (`@property` makes it an attribute)
    # Of a coroutine function, its return annotation: what awaiting a call of it gives.
    awaited: ast.expr | None = None

    @property
    def assigned(self) -> ast.expr | None:
        """The expression assigned: `expr` in `x = expr` and in `x: T = expr` (None otherwise)."""
        if self.kind is BindingKind.VALUE:
            return self.node
        return self.value if self.kind is BindingKind.ANNOTATION else None


@dataclass(eq=False)
class ClassInfo:
    """A class body: its attributes, from the class body and from `self.x = ...` in its methods."""

    name: str
    qualname: str  # as Python's `__qualname__`: `Outer.Inner`, `factory.<locals>.Local`
    bases: list[ast.expr]
    scope: Scope  # where the class statement is, to resolve its bases
    attributes: dict[str, list[tuple[Binding, Scope]]] = field(default_factory=dict)
    methods: list[Scope] = field(default_factory=list)
    methods_read: bool = False  # whether `self.x = ...` in all its methods are in `attributes`

    def constructor(self) -> Scope | None:
        """The scope of its own `__init__`, if it has one."""
        return next(
            (method for method in self.methods if method.qualname == f"{self.qualname}.__init__"), None
        )


@dataclass(frozen=True)
class Narrowing:
    """Where `isinstance(name, cls)` (the call `test`) is known to hold in a function, as a type
    checker narrows a name's type: from `start` to `end` (row and column, as `ast` gives them), in
    the code `within` (to see that the name is not bound again there)."""

    test: ast.Call
    start: tuple[int, int]
    end: tuple[int, int]
    within: tuple[ast.AST, ...]

    def covers(self, node: ast.expr) -> bool:
        return self.start <= (node.lineno, node.col_offset) <= self.end


@dataclass(eq=False)
class Scope:
    """A module or function scope (class bodies do not take part in name lookup)."""

    node: ast.AST
    parent: Scope | None
    qualname: str = ""  # of the function (empty for the module)
    owner: ClassInfo | None = None  # the class a method belongs to
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    global_names: set[str] = field(default_factory=set)
    star_imports: list[str] = field(default_factory=list)
    # Per name, where an `isinstance` test tells its type (most functions have none: no dict then).
    narrowings: dict[str, list[Narrowing]] | None = None
    # The spans of the loops in a function's body, found when first needed (see `reaching`).
    loops: list[tuple[tuple[int, int], tuple[int, int]]] | None = None

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def narrow(self, name: str, narrowing: Narrowing) -> None:
        if self.narrowings is None:
            self.narrowings = {}
        self.narrowings.setdefault(name, []).append(narrowing)


class ModuleScopes:
    """The module scope, the functions found so far with their scopes (`async def`s also listed
    apart), and the names of all `async def`s.

    The bodies of plain functions are read when a walk needs them (`prepare`): most functions of a
    module are never walked, and collecting their bindings was most of the collection's time. A
    function that holds an `async def` is read at once, so that every coroutine is found."""

    def __init__(self, collector: _Collector) -> None:
        self._collector = collector
        self.module = collector.module
        self.classes = collector.classes
        self.functions = collector.functions
        self.async_functions = collector.async_functions
        self.async_names = frozenset(collector.async_names)

    def prepare(self, scope: Scope) -> None:
        """Collect what a walk of this function's body may look up: its bindings, those of the
        functions around it, and, for a method, the `self.x = ...` of every method of its class."""
        chain = []
        current: Scope | None = scope
        while current is not None:
            chain.append(current)
            current = current.parent
        for outer in reversed(chain):
            self._collector.read_body(outer)
            if outer.owner is not None:
                self.read_class(outer.owner)

    def read_constructor(self, info: ClassInfo) -> Scope | None:
        """Collect the `self.x = ...` of a class's `__init__`; its scope, if it has one."""
        init = info.constructor()
        if init is not None:
            self._collector.read_body(init)
        return init

    def read_class(self, info: ClassInfo) -> None:
        """Collect the `self.x = ...` of every method of a class (its `attributes` are then whole)."""
        if not info.methods_read:
            info.methods_read = True
            for method in list(info.methods):
                self._collector.read_body(method, nested=True)

    def release(self) -> None:
        """Break the cycles between classes and scopes (a class's attributes hold its methods'
        scopes, whose `self` binding holds the class), so the tree is freed by reference counting as
        soon as the analysis ends: left to the cycle collector, every tree still waiting for it is
        traversed again and again (measured: a fifth of a run)."""
        for info in self.classes:
            info.attributes.clear()
            info.methods.clear()
        self.module.bindings.clear()
        for _, scope in self.functions:
            scope.bindings.clear()
        self._collector.unread.clear()


# Comprehensions have scopes of their own (their loop variables), inside a function's.
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# What a block defines rather than runs: the bodies of its functions, lambdas and classes.
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def own_nodes(body: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """Every node of a block's code, in no set order, down to the definitions it makes but not into
    them: their bodies run later, elsewhere, and their returns and yields are their own."""
    stack = list(body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, DEFINITIONS):
            stack.extend(ast.iter_child_nodes(node))


OPAQUE = Binding(BindingKind.OPAQUE)


def item_of(target: ast.expr, iterable: ast.expr) -> Binding:
    """What a loop binds to a name target: an item of what it iterates (an unpacked one is not
    followed)."""
    return Binding(BindingKind.ITEM, node=iterable) if isinstance(target, ast.Name) else OPAQUE


ASYNC_ENTERED = Binding(BindingKind.ASYNC_ENTERED)
# `global` and `nonlocal` in a function rebind names outside it: such a module is read whole.
_REBINDS_OUTSIDE = re.compile(r"\b(?:global|nonlocal)\s+[A-Za-z_]")
_ASYNC_DEF = re.compile(r"async\s+def")
_WALRUS = re.compile(":=")


def collect_scopes(tree: ast.Module, text: str | None = None) -> ModuleScopes:
    """Walk the statements of `tree` and record every binding, leaving the bodies of plain functions
    that hold no `async def` for later (see `ModuleScopes`) when the module's `text` is given."""
    collector = _Collector(Scope(tree, None), _async_rows(text), _walrus_rows(tree, text))
    collector.read_statements(tree.body, collector.module)
    return ModuleScopes(collector)


_IMPORTS = frozenset({BindingKind.IMPORT, BindingKind.MODULE_IMPORT})
_OWN_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})


def _imported_names(body: list[ast.stmt]) -> set[str]:
    """The names the import statements of a block bind (not those nested in other statements)."""
    names = set()
    for statement in body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias in statement.names:
                names.add(alias.asname or alias.name.split(".", 1)[0])
    return names


def _catches_import_errors(handler: ast.ExceptHandler) -> bool:
    """Whether an `except` clause catches a failed import (`ImportError`, `ModuleNotFoundError`,
    or a tuple holding one)."""
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(isinstance(name, ast.Name) and name.id in _IMPORT_ERRORS for name in names)


def _comment_annotation(statement: ast.Assign | ast.For | ast.AsyncFor, near: ast.expr) -> ast.expr:
    """A type comment as the string annotation it stands for, placed where its statement's value
    is (a binding's place, see `reaching`)."""
    assert statement.type_comment is not None
    return ast.copy_location(ast.Constant(statement.type_comment), near)


def _walrus_rows(tree: ast.Module, text: str | None) -> list[int]:
    """The rows where `:=` may bind a name (in code, strings or comments alike): most modules have
    none, and only the statements that span one are searched for assignment expressions."""
    if text is None or "\r" in text:
        return sorted({node.lineno for node in ast.walk(tree) if isinstance(node, ast.NamedExpr)})
    return match_rows(_WALRUS, text)


def _async_rows(text: str | None) -> list[int] | None:
    """The rows where `async def` appears (in code, strings or comments alike); None when every
    function must be read at once."""
    if text is None or "\r" in text:
        return None
    # The substring test first: the regular expression alone takes ten times longer.
    if ("global" in text or "nonlocal" in text) and _REBINDS_OUTSIDE.search(text):
        return None
    return match_rows(_ASYNC_DEF, text)


class _Collector:
    def __init__(self, module: Scope, async_rows: list[int] | None, walrus_rows: list[int]) -> None:
        self.module = module
        self._walrus_rows = walrus_rows
        self.classes: list[ClassInfo] = []
        self.functions: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, Scope]] = []
        self.async_functions: list[tuple[ast.AsyncFunctionDef, Scope]] = []
        self.async_names: set[str] = set()
        self._async_rows = async_rows
        self.unread: dict[Scope, list[ast.stmt]] = {}  # function scopes whose body is not read yet

    def read_body(self, scope: Scope, *, nested: bool = False) -> None:
        """Collect the bindings of a function not read yet (with `nested`, of the functions inside
        it too)."""
        body = self.unread.pop(scope, None)
        if body is None:
            return
        found = len(self.functions)
        self.read_statements(body, scope)
        if nested:
            for _, inner in self.functions[found:]:
                self.read_body(inner, nested=True)

    def _read_now(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        if self._async_rows is None or isinstance(node, ast.AsyncFunctionDef):
            return True
        first = bisect.bisect_left(self._async_rows, node.lineno)
        return first < len(self._async_rows) and self._async_rows[first] <= (node.end_lineno or node.lineno)

    def bind(self, scope: Scope, cls: ClassInfo | None, name: str, binding: Binding) -> None:
        if cls is not None:
            cls.attributes.setdefault(name, []).append((binding, scope))
        elif name in scope.global_names:
            self.module.bind(name, binding)
        else:
            scope.bind(name, binding)

    def bind_target(self, target: ast.expr, scope: Scope, cls: ClassInfo | None, binding: Binding) -> None:
        if isinstance(target, ast.Name):
            self.bind(scope, cls, target.id, binding)
        elif isinstance(target, ast.Attribute):
            owner = self_class(target.value, scope)
            if owner is not None:
                owner.attributes.setdefault(target.attr, []).append((binding, scope))
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = _unpacked(target, binding)
            for position, element in enumerate(target.elts):
                each = OPAQUE if values is None else Binding(BindingKind.VALUE, node=values[position])
                self.bind_target(element, scope, cls, each)
        elif isinstance(target, ast.Starred):
            self.bind_target(target.value, scope, cls, OPAQUE)

    def read_statements(self, body: list[ast.stmt], scope: Scope) -> None:
        """Collect the bindings of a module's or a function's body."""
        self.statements(body, scope, None)
        if self._walrus_rows:
            self._bind_walruses(body, scope)

    def _bind_walruses(self, body: list[ast.stmt], scope: Scope) -> None:
        """Bind the names `:=` assigns in a body, in its comprehensions too (they bind in the
        enclosing scope), not in the functions, lambdas and classes defined inside it."""
        rows = self._walrus_rows

        def may_hold_one(node: ast.AST) -> bool:  # a statement that spans none cannot hold one
            if not isinstance(node, ast.stmt):
                return True
            first = bisect.bisect_left(rows, node.lineno)
            return first < len(rows) and rows[first] <= (node.end_lineno or node.lineno)

        pending: list[ast.AST] = [statement for statement in body if may_hold_one(statement)]
        while pending:
            node = pending.pop()
            if isinstance(node, ast.NamedExpr):
                self.bind_target(node.target, scope, None, Binding(BindingKind.VALUE, node=node.value))
            elif isinstance(node, _OWN_SCOPES):
                continue
            pending.extend(child for child in ast.iter_child_nodes(node) if may_hold_one(child))

    def statements(self, body: list[ast.stmt], scope: Scope, cls: ClassInfo | None) -> None:
        for statement in body:
            self.statement(statement, scope, cls)
            kind = type(statement)
            if (
                (kind is ast.If or kind is ast.Assert)
                and cls is None
                and type(scope.node) is ast.AsyncFunctionDef
            ):
                _note_narrowings(statement, body, scope)  # type: ignore[arg-type]

    def statement(self, node: ast.stmt, scope: Scope, cls: ClassInfo | None) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.function(node, scope, cls)
        elif isinstance(node, ast.ClassDef):
            info = ClassInfo(node.name, _qualname(node.name, scope, cls), node.bases, scope)
            self.classes.append(info)
            self.bind(scope, cls, node.name, Binding(BindingKind.CLASS, owner=info))
            self.statements(node.body, scope, info)
        elif isinstance(node, ast.Assign):
            binding = Binding(BindingKind.VALUE, node=node.value)
            if node.type_comment is not None and len(node.targets) == 1:
                # `x = None  # type: Client` declares `x` as `x: Client = None` does.
                binding = Binding(
                    BindingKind.ANNOTATION, node=_comment_annotation(node, node.value), value=node.value
                )
            for target in node.targets:
                self.bind_target(target, scope, cls, binding)
        elif isinstance(node, ast.AnnAssign):
            annotated = Binding(BindingKind.ANNOTATION, node=node.annotation, value=node.value)
            self.bind_target(node.target, scope, cls, annotated)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            each = item_of(node.target, node.iter)
            if node.type_comment is not None and each.kind is BindingKind.ITEM:
                each = Binding(BindingKind.ANNOTATION, node=_comment_annotation(node, node.iter))
            self.bind_target(node.target, scope, cls, each)
            self.statements(node.body, scope, cls)
            self.statements(node.orelse, scope, cls)
        elif isinstance(node, (ast.While, ast.If)):
            self.statements(node.body, scope, cls)
            self.statements(node.orelse, scope, cls)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    # `with x as y` usually binds `x` itself (`__enter__` returns self); an async
                    # context manager's `__aenter__` result is not followed.
                    binding = (
                        Binding(BindingKind.VALUE, node=item.context_expr)
                        if isinstance(node, ast.With)
                        else ASYNC_ENTERED
                    )
                    self.bind_target(item.optional_vars, scope, cls, binding)
            self.statements(node.body, scope, cls)
        elif isinstance(node, _TRY_NODES):
            try_node: ast.Try = node  # type: ignore[assignment]
            self.statements(try_node.body, scope, cls)
            imported = _imported_names(try_node.body) if cls is None else set()
            for handler in try_node.handlers:
                if handler.name:
                    self.bind(scope, cls, handler.name, OPAQUE)
                fallbacks = imported if _catches_import_errors(handler) else set()
                before = {fallback: len(scope.bindings.get(fallback, ())) for fallback in fallbacks}
                self.statements(handler.body, scope, cls)
                for fallback, count in before.items():
                    # `try: import sqlite3` / `except ImportError: from pysqlite2 import dbapi2 as
                    # sqlite3`: where the first import works, the fallback is never bound.
                    bound = scope.bindings.get(fallback, [])
                    bound[count:] = [OPAQUE if b.kind in _IMPORTS else b for b in bound[count:]]
            self.statements(try_node.orelse, scope, cls)
            self.statements(try_node.finalbody, scope, cls)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.bind(scope, cls, alias.asname, Binding(BindingKind.MODULE_IMPORT, alias.name))
                else:
                    top = alias.name.split(".", 1)[0]
                    self.bind(scope, cls, top, Binding(BindingKind.MODULE_IMPORT, top))
        elif isinstance(node, ast.ImportFrom):
            module = "." * (node.level or 0) + (node.module or "")
            for alias in node.names:
                if alias.name == "*":
                    scope.star_imports.append(module)
                    continue
                separator = "" if module.endswith(".") else "."
                binding = Binding(BindingKind.IMPORT, f"{module}{separator}{alias.name}")
                self.bind(scope, cls, alias.asname or alias.name, binding)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            # Both make the name refer to an outer binding; lookups then skip this scope.
            scope.global_names.update(node.names)
        elif type(node).__name__ == "Match":
            for case in node.cases:  # type: ignore[attr-defined]
                for child in ast.walk(case.pattern):
                    name = getattr(child, "name", None)
                    if isinstance(name, str):
                        self.bind(scope, cls, name, OPAQUE)
                self.statements(case.body, scope, cls)

    def function(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope, cls: ClassInfo | None
    ) -> None:
        qualname = _qualname(node.name, scope, cls)
        is_async = isinstance(node, ast.AsyncFunctionDef)
        returns = None if is_async else node.returns
        decorators = tuple(node.decorator_list)
        accessor = next(
            (
                decorator.attr
                for decorator in decorators
                if isinstance(decorator, ast.Attribute) and _is_accessor(decorator)
            ),
            None,
        )
        if accessor is not None:
            # Named apart (`Store.root.setter`): a path to the property means its getter.
            qualname = f"{qualname}.{accessor}"
        else:
            awaited = node.returns if is_async else None
            function = Binding(
                BindingKind.FUNCTION, target=qualname, node=returns, decorators=decorators, awaited=awaited
            )
            self.bind(scope, cls, node.name, function)
        inner = Scope(node, scope, qualname, cls)
        arguments = node.args
        positional = [*arguments.posonlyargs, *arguments.args]
        decorator_names = {
            decorator.id for decorator in node.decorator_list if isinstance(decorator, ast.Name)
        }
        # A class method's first parameter is the class: `cls(...)` builds an object of it.
        first = BindingKind.CLASS if "classmethod" in decorator_names else BindingKind.SELF
        for index, argument in enumerate([*positional, *arguments.kwonlyargs]):
            if (
                index == 0
                and cls is not None
                and "staticmethod" not in decorator_names
                and argument in positional
            ):
                inner.bind(argument.arg, Binding(first, owner=cls))
            elif argument.annotation is not None:
                inner.bind(argument.arg, Binding(BindingKind.ANNOTATION, node=argument.annotation))
            else:
                inner.bind(argument.arg, OPAQUE)
        for extra in (arguments.vararg, arguments.kwarg):
            if extra is not None:
                inner.bind(extra.arg, OPAQUE)
        self.functions.append((node, inner))
        if cls is not None:
            cls.methods.append(inner)
        if isinstance(node, ast.AsyncFunctionDef):
            self.async_functions.append((node, inner))
            self.async_names.add(node.name)
        if self._read_now(node):
            self.read_statements(node.body, inner)
        else:
            self.unread[inner] = node.body


def isinstance_test(node: ast.expr) -> tuple[ast.Name, ast.expr] | None:
    """`isinstance(name, classes)` on a plain name, as the name and the classes."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "isinstance"
        and len(node.args) == 2
        and not node.keywords
        and isinstance(node.args[0], ast.Name)
    ):
        return node.args[0], node.args[1]
    return None


def _note_narrowings(statement: ast.If | ast.Assert, block: list[ast.stmt], scope: Scope) -> None:
    """Where the `isinstance(name, cls)` tests of an `if` or an `assert` hold: in the `if`'s body
    and the tests after it in an `and` (`if isinstance(p, Path) and p.exists():`), and after an
    `assert` or a guard that leaves the block (`if not isinstance(p, Path): raise TypeError`)."""
    test = statement.test
    negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
    if negated:
        assert isinstance(test, ast.UnaryOp)
        operands = [test.operand]
    elif isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        operands = test.values
    else:
        operands = [test]
    for position, operand in enumerate(operands):
        tested = isinstance_test(operand)
        if tested is None or not isinstance(tested[1], (ast.Name, ast.Attribute)):
            continue
        name = tested[0].id
        assert isinstance(operand, ast.Call)  # as `isinstance_test` found
        if isinstance(statement, ast.If) and not negated:
            within: list[ast.AST] = [*operands[position + 1 :], *statement.body]
        elif (isinstance(statement, ast.Assert) and not negated) or (
            isinstance(statement, ast.If) and leaves_block(statement.body[-1])
        ):
            # After `assert isinstance(...)`, or after `if not isinstance(...): raise ...` (`assert
            # not isinstance(...)` tells only what it is not).
            within = [*operands[position + 1 :], *block[block.index(statement) + 1 :]]
        else:
            continue
        if within:
            last = within[-1]
            end = (last.end_lineno or last.lineno, last.end_col_offset or 0)  # type: ignore[attr-defined]
            start = (operand.end_lineno or operand.lineno, operand.end_col_offset or 0)
            scope.narrow(name, Narrowing(operand, start, end, tuple(within)))


def leaves_block(statement: ast.stmt) -> bool:
    """Whether a statement always leaves its block."""
    return isinstance(statement, (ast.Return, ast.Raise, ast.Continue, ast.Break))


def _unpacked(target: ast.Tuple | ast.List, binding: Binding) -> list[ast.expr] | None:
    """The values a tuple assignment gives each name, when it is written out item for item
    (`buffer, seen = io.BytesIO(), set()`); None otherwise."""
    value = binding.node if binding.kind is BindingKind.VALUE else None
    if (
        not isinstance(value, (ast.Tuple, ast.List))
        or len(value.elts) != len(target.elts)
        or any(isinstance(node, ast.Starred) for node in (*value.elts, *target.elts))
    ):
        return None
    return value.elts


def _is_accessor(decorator: ast.expr) -> bool:
    """`@name.setter` (or `.deleter`) adds to the property `name`; it does not rebind it."""
    return isinstance(decorator, ast.Attribute) and decorator.attr in ("setter", "deleter")


def _qualname(name: str, scope: Scope, cls: ClassInfo | None) -> str:
    if cls is not None:
        return f"{cls.qualname}.{name}"
    if scope.qualname:
        return f"{scope.qualname}.<locals>.{name}"
    return name


def lookup(name: str, scope: Scope | None) -> tuple[list[Binding], Scope] | None:
    """The bindings `name` refers to from `scope`, following Python's scoping; None if unbound."""
    while scope is not None:
        if name in scope.global_names:
            scope = scope.parent
            continue
        bindings = scope.bindings.get(name)
        if bindings is not None:
            return bindings, scope
        scope = scope.parent
    return None


def loop_spans(scope: Scope) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where each loop of a function starts and ends (row and column, as `ast` gives them), found
    when first asked and kept."""
    if scope.loops is None:
        scope.loops = [
            ((node.lineno, node.col_offset), (node.end_lineno or node.lineno, node.end_col_offset or 0))
            for node in ast.walk(scope.node)
            if isinstance(node, _LOOPS)
        ]
    return scope.loops


def reaching(bindings: list[Binding], owner: Scope, use: ast.Name, scope: Scope) -> list[Binding]:
    """The bindings of a function's name that can reach a use of it in the function's own code: an
    assignment or a loop written after the use binds the name only after it, unless a loop holds
    both (`path = Path(p)`, `path.exists()`, then `path = other.joinpath(...)`). Other bindings
    (parameters, declarations, which hold for the whole function, imports, definitions) are kept,
    as are all bindings for a use in a nested function, which may run later. Bindings written below
    the use that a loop brings to it come first."""
    while type(scope.node) in COMPREHENSIONS and scope is not owner:
        assert scope.parent is not None
        scope = scope.parent  # a comprehension runs where it is written
    if scope is not owner or not isinstance(owner.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return bindings
    at = (use.lineno, use.col_offset)
    later = {
        id(binding): _start(binding.node)
        for binding in bindings
        if binding.kind in _ORDERED and binding.node is not None and _start(binding.node) > at
    }
    if not later:
        return bindings
    around = [(start, end) for start, end in loop_spans(owner) if start <= at <= end]
    looped = [
        binding
        for binding in bindings
        if id(binding) in later and any(start <= later[id(binding)] <= end for start, end in around)
    ]
    # Those that reach the use through a loop first, as they ran earlier: the last one is then the
    # one written nearest above the use.
    return looped + [binding for binding in bindings if id(binding) not in later]


# Bindings whose place in the code is where they happen: `x = ...` (its value) and `for x in ...`
# (what it iterates).
_ORDERED = frozenset({BindingKind.VALUE, BindingKind.ITEM})
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def _start(node: ast.expr) -> tuple[int, int]:
    return (node.lineno, node.col_offset)


def self_class(node: ast.expr, scope: Scope) -> ClassInfo | None:
    """The class `node` is the instance of, when `node` is a method's `self` (or `cls`)."""
    if not isinstance(node, ast.Name):
        return None
    found = lookup(node.id, scope)
    if found is None:
        return None
    bindings, _ = found
    if len(bindings) == 1 and bindings[0].kind is BindingKind.SELF:
        return bindings[0].owner
    return None
