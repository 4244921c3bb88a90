"""Answers "what does this expression refer to?" as a dotted path, through imports, scopes and types.

A path is either what a name denotes (`requests.get`, `time.sleep`) or, for values whose provenance is
known, the type they are an instance of, followed by the attributes read from it
(`sqlite3.Connection.execute`, `openai.OpenAI.chat.completions.create`).
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

from noblock.ruleset import RuleSet
from noblock.scopes import (
    COMPREHENSIONS,
    Binding,
    BindingKind,
    ClassInfo,
    ModuleScopes,
    Scope,
    isinstance_test,
    lookup,
    own_nodes,
    reaching,
    self_class,
)
from noblock.source import parse_quietly

_BUILTIN_NAMES = frozenset(dir(builtins))
_OPTIONAL_WRAPPERS = frozenset({"typing.Optional", "typing_extensions.Optional"})
_UNION_WRAPPERS = frozenset({"typing.Union", "typing_extensions.Union"})
_ANNOTATED_WRAPPERS = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
# `x: Final = value` and `x: ClassVar = value` say nothing of the type: the value does.
_QUALIFIERS = frozenset(
    {"typing.Final", "typing_extensions.Final", "typing.ClassVar", "typing_extensions.ClassVar"}
)
# `x: Any = Client()`: the annotation says nothing of what the value is.
_UNINFORMATIVE = frozenset({"typing.Any", "typing_extensions.Any", "builtins.object"})
# Calls that declare a field in a class body (its default, validation, ...), not its value.
_FIELD_DECLARATIONS = frozenset(
    {
        "pydantic.Field",
        "pydantic.fields.Field",
        "pydantic.PrivateAttr",
        "pydantic.fields.PrivateAttr",
        "pydantic.v1.Field",
        "dataclasses.field",
        "attr.ib",
        "attr.attrib",
        "attr.field",
        "attrs.field",
        "sqlmodel.Field",
        "msgspec.field",
    }
)
# Decorators that make a method an attribute holding what the method returns.
_PROPERTIES = frozenset(
    {"builtins.property", "functools.cached_property", "django.utils.functional.cached_property"}
)
_PLAIN_PROPERTY = frozenset({"builtins.property"})
_CASTS = frozenset({"typing.cast", "typing_extensions.cast"})
_MAX_DEPTH = 24
# Bindings that say nothing of a value noblock does not know (a parameter, a loop variable, an
# annotation naming no type it knows): left out when the others agree (`path = Path(path)`).
# An assignment of an unknown value is not: it may bind something else (`client = make()`).
_SAYS_NOTHING = frozenset({BindingKind.OPAQUE, BindingKind.ANNOTATION, BindingKind.ITEM})
# Annotations of containers whose items are all of the type they name (`Sequence[Image]`); a
# `tuple[Path, ...]` too.
_CONTAINERS = frozenset(
    {
        *(f"builtins.{name}" for name in ("list", "set", "frozenset")),
        *(
            f"{module}.{name}"
            for module in ("typing", "typing_extensions", "collections.abc")
            for name in (
                "Iterable",
                "Iterator",
                "Collection",
                "Sequence",
                "MutableSequence",
                "AbstractSet",
                "Set",
                "MutableSet",
                "Generator",
                "AsyncIterable",
                "AsyncIterator",
                "AsyncGenerator",
            )
        ),
        *(f"typing.{name}" for name in ("List", "FrozenSet", "Deque")),
        "collections.deque",
    }
)
_TUPLES = frozenset({"builtins.tuple", "typing.Tuple"})
_TYPE_OF = frozenset({"builtins.type", "typing.Type", "typing_extensions.Type"})
# Builtins whose result holds the items of the iterable they are given.
_KEEPING_ITEMS = frozenset(f"builtins.{name}" for name in ("sorted", "reversed", "list", "tuple", "set"))
# Functions that call their argument at this position in a worker thread and give back its result.
_HANDED_TO_A_THREAD = {
    "asyncio.to_thread": 0,
    "anyio.to_thread.run_sync": 0,
    "starlette.concurrency.run_in_threadpool": 0,
    "fastapi.concurrency.run_in_threadpool": 0,
}


def last_name(node: ast.expr) -> str | None:
    """The last name of a dotted name (`BytesIO` for `io.BytesIO`); None for any other expression."""
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def handed_position(func: ast.expr, ref: Ref | None) -> int | None:
    """The position of the function a call of `func` (which refers to `ref`) runs in a worker thread:
    1 for `loop.run_in_executor(None, f, ...)`, 0 for `asyncio.to_thread(f, ...)`; None for any other."""
    if isinstance(func, ast.Attribute) and func.attr == "run_in_executor":
        return 1
    return None if ref is None else _HANDED_TO_A_THREAD.get(ref.path)


@dataclass(frozen=True)
class Ref:
    """What an expression refers to.

    `is_module`: certainly a module (`import x`). `is_instance`: a value whose type is known (the path
    starts with its class), as opposed to a name that was imported or defined. `is_local_class`: a
    class defined in this module, named by its first resolvable base class or `module.Name`; `owner`
    then names the class itself (`module.Name`). Functions defined here are `module.qualname`.
    """

    path: str
    is_module: bool = False
    is_instance: bool = False
    is_local_class: bool = False
    owner: str | None = None  # the class defined in this project it is (or is an instance of)


# What a self-referring binding resolves to while it is being resolved (`p = p.resolve()` reads the
# previous `p`): such a binding adds nothing, and the name takes the type of its other bindings.
_CYCLE = Ref("<cycle>")


def names_a_class(path: str) -> bool:
    """Whether a dotted name's last part is written as a class's (`AsyncClient`, a private
    `_TemporaryFileWrapper`; not `connect` or `MAX_SIZE`)."""
    name = path.rpartition(".")[2].lstrip("_")
    return name[:1].isupper() and not name.isupper()


class Resolver:
    """Resolves expressions of one module. Results are memoised per (node, scope)."""

    def __init__(
        self, ruleset: RuleSet, scopes: ModuleScopes, module_name: str = "", is_package: bool = False
    ) -> None:
        self._ruleset = ruleset
        self._scopes = scopes
        self._module = scopes.module
        self.module_name = module_name or "<module>"
        self._own_prefix = f"{self.module_name}."  # the paths of this module's own definitions
        self._classes = scopes.classes  # grows as function bodies are read
        self._classes_by_id: dict[str, ClassInfo] = {}
        self._classes_indexed = 0
        # What `from . import x` is relative to.
        self._package = module_name if is_package else module_name.rpartition(".")[0]
        self._cache: dict[tuple[int, int], Ref | None] = {}
        self._in_progress: set[tuple[int, int]] = set()
        self._string_annotations: dict[int, ast.expr | None] = {}
        self._functions_by_name: dict[str, tuple[ast.FunctionDef, Scope]] = {}
        self._functions_indexed = 0

    def resolve(self, node: ast.expr, scope: Scope) -> Ref | None:
        """The path `node` refers to, or None when it cannot be known statically."""
        result = self._lookup(node, scope)
        return None if result is _CYCLE else result

    def _lookup(self, node: ast.expr, scope: Scope) -> Ref | None:
        key = (id(node), id(scope))
        if key in self._cache:
            return self._cache[key]
        if key in self._in_progress:
            return _CYCLE
        if len(self._in_progress) > _MAX_DEPTH:
            return None
        self._in_progress.add(key)
        try:
            result = self._resolve(node, scope)
        finally:
            self._in_progress.discard(key)
        if result is not _CYCLE:  # it depends on a binding still being resolved
            self._cache[key] = result
        return result

    def _resolve(self, node: ast.expr, scope: Scope) -> Ref | None:
        if isinstance(node, ast.Name):
            ref = self.resolve_name(node.id, scope, node)
            if ref is None or ref.path in _UNINFORMATIVE:
                return self._narrowed(node, scope) or ref
            return ref
        if isinstance(node, ast.Attribute):
            return self._resolve_attribute(node, scope)
        if isinstance(node, ast.Call):
            return self._result_of(node.func, scope, node)
        if isinstance(node, ast.Await) and isinstance(node.value, ast.Call):
            # `await asyncio.to_thread(f, ...)` gives what `f(...)` does: a fix must not hide it.
            # Any other awaited call gives what its coroutine function's annotation names.
            handed = self._handed_to_a_thread(node.value, scope)
            if handed is None:
                return self._awaited(node.value.func, scope)
            return self._result_of(handed.func, scope, handed)
        if isinstance(node, ast.Subscript):
            base = self._lookup(node.value, scope)
            if base is None or base is _CYCLE:
                return base
            if base.is_module:
                return None
            if base.is_local_class or (not base.is_instance and self.is_class(base.path)):
                return base  # `Queue[int]`, a generic class with its parameters, is the class
            return Ref(f"{base.path}[]", is_instance=base.is_instance)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            base = self._lookup(node.left, scope)
            if base is None or base is _CYCLE:
                return base
            row = self._ruleset.returns.lookup(f"{base.path}.__truediv__")
            return None if row is None else Ref(row.returns or base.path, is_instance=True)
        if isinstance(node, ast.IfExp):
            # `Path(d) / "key" if d else None`: a value or nothing is that value's type.
            if is_none(node.orelse):
                return self._lookup(node.body, scope)
            if is_none(node.body):
                return self._lookup(node.orelse, scope)
            body, orelse = self._ensured(node, scope)
            return body if body == orelse else None
        if isinstance(node, ast.NamedExpr):
            return self._lookup(node.value, scope)  # `(path := Path(name)).exists()`
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            # `client or AsyncClient()`, with `client: AsyncClient | None`: either value is one.
            first, *others = (self._lookup(value, scope) for value in node.values)
            return first if all(other == first for other in others) else None
        return None

    def _ensured(self, node: ast.IfExp, scope: Scope) -> tuple[Ref | None, Ref | None]:
        """What the two values of `a if test else b` are, the name an `isinstance` test holds for
        taken as an instance of its class (`path if isinstance(path, Path) else Path(path)`)."""
        values = [node.body, node.orelse]
        test, holds = node.test, 0  # the branch where the test holds
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            test, holds = test.operand, 1
        tested = isinstance_test(test)
        if tested is not None and not isinstance(tested[1], ast.Tuple):
            value = values[holds]
            if isinstance(value, ast.Name) and value.id == tested[0].id:
                ref = self._result_of(tested[1], scope)
                if ref is not None and ref is not _CYCLE and ref.is_instance:
                    other = self._lookup(values[1 - holds], scope)
                    return (ref, other) if holds == 0 else (other, ref)
        return self._lookup(node.body, scope), self._lookup(node.orelse, scope)

    def _result_of(self, func: ast.expr, scope: Scope, call: ast.Call | None = None) -> Ref | None:
        """What a call of `func` (with the arguments of `call`, when known) gives back."""
        callee = self._lookup(func, scope)
        if callee is None or callee is _CYCLE:
            return callee
        if callee.path == "contextlib.closing" and call is not None and call.args:
            return self._lookup(call.args[0], scope)  # `closing(conn)` gives `conn` back when entered
        if callee.path in _CASTS and call is not None and len(call.args) == 2:
            # `cast(Index, load())` is what a type checker takes it for; `cast(Any, x)` is `x`.
            ref = self.resolve_annotation(call.args[0], scope)
            if ref is not None and ref is not _CYCLE and ref.path in _UNINFORMATIVE:
                return self._lookup(call.args[1], scope)
            return ref
        row = self._ruleset.returns.lookup(callee.path)
        if row is None and callee.is_instance:
            # A call of an object (`chord(header)(body)`) gives what its class's `__call__` does.
            row = self._ruleset.returns.lookup_special(callee.path, "__call__")
        if row is not None:
            if row.mode is not None and call is not None:
                return Ref(_opened_class(call, row.mode, row.returns or callee.path), is_instance=True)
            if row.returns is None and callee.is_local_class:
                # A class of this module under a library's name (its base's, or its package's): an
                # object of it is still one of this module's classes.
                return Ref(callee.path, is_instance=True, owner=callee.owner)
            return Ref(row.returns or callee.path, is_instance=True)
        if callee.is_local_class:
            return Ref(callee.path, is_instance=True, owner=callee.owner)
        returned = self._returned(func, scope)
        if (
            returned is None
            and not callee.is_instance
            and names_a_class(callee.path)
            and self._imported(func, scope)
        ):
            # `firestore.AsyncClient()`, `MagicMock()`: an instance of a class the catalogue does not
            # know is still not one of the classes whose methods its rules name.
            return Ref(callee.path, is_instance=True)
        return returned

    def _handed_to_a_thread(self, call: ast.Call, scope: Scope) -> ast.Call | None:
        """The call a call hands to a worker thread (`to_thread(f, x)` and `partial(f, x)` hand
        `f(x)`), as a new node: a resolution of it must not be cached by its `id`."""
        executor = isinstance(call.func, ast.Attribute) and call.func.attr == "run_in_executor"
        ref = None if executor else self._lookup(call.func, scope)
        position = handed_position(call.func, None if ref is _CYCLE else ref)
        if position is None or len(call.args) <= position or isinstance(call.args[position], ast.Starred):
            return None
        handed = call.args[position]
        keywords = [] if executor else call.keywords  # `run_in_executor` passes no keywords on
        handed_call = ast.Call(func=handed, args=call.args[position + 1 :], keywords=keywords)
        if isinstance(handed, ast.Call) and handed.args and not isinstance(handed.args[0], ast.Starred):
            ref = self._lookup(handed.func, scope)
            if ref is not None and ref is not _CYCLE and ref.path == "functools.partial":
                return ast.Call(
                    func=handed.args[0],
                    args=[*handed.args[1:], *handed_call.args],
                    keywords=[*handed.keywords, *keywords],
                )
        return handed_call

    def bindings_of(self, node: ast.expr, scope: Scope) -> list[tuple[Binding, Scope]]:
        """Where a name is bound, or an attribute of `self`, of a class of this module or of an
        instance of one (with the scope each binding is in)."""
        if isinstance(node, ast.Name):
            found = lookup(node.id, scope)
            return [(binding, found[1]) for binding in found[0]] if found is not None else []
        if isinstance(node, ast.Attribute):
            owner = self_class(node.value, scope)
            if owner is None:
                receiver = self._lookup(node.value, scope)
                owner = None if receiver is None or receiver.owner is None else self._class(receiver.owner)
            if owner is not None:
                return owner.attributes.get(node.attr, [])
        return []

    def _returned(self, func: ast.expr, scope: Scope) -> Ref | None:
        """What a call of a plain function or method defined in this module gives back, as its
        return annotation says (`def open_session() -> requests.Session`), or, without one, as
        its `return` statements do (see `_inferred_return`)."""
        found = self._function_binding(func, scope)
        if found is None:
            return None
        binding, where = found
        if binding.node is not None:
            return self.resolve_annotation(binding.node, where)
        return self._inferred_return(binding)

    def _awaited(self, func: ast.expr, scope: Scope) -> Ref | None:
        """What awaiting a call of a coroutine function or method defined in this module gives, as
        its return annotation says (`async def connect() -> sqlite3.Connection`)."""
        found = self._function_binding(func, scope)
        if found is None or found[0].awaited is None:
            return None
        return self.resolve_annotation(found[0].awaited, found[1])

    def _as_decorated(self, func: ast.expr, scope: Scope) -> Ref | None:
        """What the function of this module that `func` names is, when a catalogue decorator made it
        an object (`@app.task`: a Celery task)."""
        found = self._function_binding(func, scope)
        return None if found is None else self.decorated(*found)

    def decorated(self, binding: Binding, scope: Scope) -> Ref | None:
        """The object a function definition is, as the catalogue's decorators make it (`@app.task`,
        `@app.task(bind=True)`: a `celery.app.task.Task`); None for any other function."""
        for decorator in binding.decorators:
            ref = self._lookup(decorator.func if isinstance(decorator, ast.Call) else decorator, scope)
            row = None if ref is None or ref is _CYCLE else self._ruleset.decorator_returns.lookup(ref.path)
            if row is not None and row.returns is not None:
                return Ref(row.returns, is_instance=True)
        return None

    def _function_binding(self, func: ast.expr, scope: Scope) -> tuple[Binding, Scope] | None:
        """The one definition of a function or method of this module that `func` names."""
        bindings = self.bindings_of(func, scope)
        if len(bindings) != 1 or bindings[0][0].kind is not BindingKind.FUNCTION:
            return None
        return bindings[0]

    def _inferred_return(self, binding: Binding) -> Ref | None:
        """What an unannotated plain function of this module gives back when every `return` of a
        value gives an instance of one type (`def connect(): return sqlite3.connect(PATH)`; a
        `return None` besides says nothing). Not for a coroutine function or a generator."""
        found = self._function_named(binding.target)
        if found is None:
            return None
        function, inner = found
        values = _returned_values(function)
        if not values:
            return None
        self._scopes.prepare(inner)
        return self._one_instance(values, inner)

    def _function_named(self, qualname: str | None) -> tuple[ast.FunctionDef, Scope] | None:
        """The plain function of this module with this qualified name, and its scope."""
        for function, inner in self._scopes.functions[self._functions_indexed :]:
            if isinstance(function, ast.FunctionDef):
                self._functions_by_name.setdefault(inner.qualname, (function, inner))
        self._functions_indexed = len(self._scopes.functions)
        return None if qualname is None else self._functions_by_name.get(qualname)

    def _imported(self, func: ast.expr, scope: Scope) -> bool:
        """Whether a called name or attribute comes from an import, not from a binding of this
        module (`Client = make_client_class()`, `self.factory`)."""
        return all(
            binding.kind in (BindingKind.IMPORT, BindingKind.MODULE_IMPORT)
            for binding, _ in self.bindings_of(func, scope)
        )

    def _is_property(self, binding: Binding, scope: Scope, kinds: frozenset[str] = _PROPERTIES) -> bool:
        """Whether a function binding is a property (`@property`, `cached_property`), or one of
        `kinds` of them."""
        return any(
            (ref := self._lookup(decorator, scope)) is not None and ref.path in kinds
            for decorator in binding.decorators
        )

    def _defines_method(self, class_id: str, name: str) -> bool:
        """Whether the body of a class of this module defines a method of this name."""
        info = self._class(class_id)
        return info is not None and any(
            binding.kind is BindingKind.FUNCTION for binding, _ in _in_class_body(info, name)
        )

    def is_plain_property(self, owner: ClassInfo, name: str) -> bool:
        """Whether an attribute of a class is a plain `@property`, whose getter runs at every read
        (a cached one runs once per object, and is left out as cached functions are). A property
        is a data descriptor: `self.name = value` in a method runs its setter, it does not rebind it."""
        in_body = _in_class_body(owner, name)
        return bool(in_body) and all(
            binding.kind is BindingKind.FUNCTION and self._is_property(binding, scope, _PLAIN_PROPERTY)
            for binding, scope in in_body
        )

    def class_info(self, class_id: str) -> ClassInfo | None:
        """The class of this module with this id (`module.Qualname`), its attributes whole."""
        return self._class(class_id)

    def _class(self, class_id: str) -> ClassInfo | None:
        """The class of this module with this id, the `self.x = ...` of all its methods collected."""
        for info in self._classes[self._classes_indexed :]:
            self._classes_by_id.setdefault(self.class_id(info), info)
        self._classes_indexed = len(self._classes)
        found = self._classes_by_id.get(class_id)
        if found is not None:
            self._scopes.read_class(found)
        return found

    def is_class(self, path: str) -> bool:
        """Whether the catalogue knows `path` as a class (a call of it builds an instance of it)."""
        row = self._ruleset.returns.lookup(path)
        return row is not None and row.returns is None

    def resolve_name(self, name: str, scope: Scope, use: ast.Name | None = None) -> Ref | None:
        """What a name refers to from `scope` (at `use`, when given: see `reaching`)."""
        found = lookup(name, scope)
        if found is None:
            return self._resolve_unbound(name)
        bindings, owner = found
        if use is not None and len(bindings) > 1:
            bindings = reaching(bindings, owner, use, scope)
        return self._resolve_bindings([(binding, owner) for binding in bindings])

    def _narrowed(self, node: ast.Name, scope: Scope) -> Ref | None:
        """The instance an `isinstance(name, cls)` test around `node` says a name of unknown type is
        (`if isinstance(file, Path): file.exists()`, with `file: Path | IO[bytes]`); the innermost
        test holds. Not when the name is bound again where the test holds, and only in an `async
        def`: in a plain function the test picks one of the types its callers may pass, and the
        whole-project pass cannot tell which they do."""
        while type(scope.node) in COMPREHENSIONS and node.id not in scope.bindings:
            assert scope.parent is not None
            scope = scope.parent  # a comprehension reads the names of the function around it
        if scope.narrowings is None or type(scope.node) is not ast.AsyncFunctionDef:
            return None
        held = [narrowing for narrowing in scope.narrowings.get(node.id, ()) if narrowing.covers(node)]
        for narrowing in sorted(held, key=lambda narrowing: narrowing.start, reverse=True):
            if self.resolve(narrowing.test.func, scope) != Ref("builtins.isinstance") or _binds(
                node.id, narrowing.within
            ):
                continue
            ref = self.resolve_annotation(narrowing.test.args[1], scope)
            if ref is not None and ref is not _CYCLE and ref.is_instance:
                return ref
        return None

    def _resolve_unbound(self, name: str) -> Ref | None:
        for module in self._module.star_imports:
            if module.startswith("."):
                continue  # the project's own modules: the whole-project pass follows them
            candidate = f"{module}.{name}"
            if self._ruleset.is_known(candidate):
                return Ref(candidate)
        if name in _BUILTIN_NAMES:
            return Ref(f"builtins.{name}")
        if self._module.star_imports and self.module_name != "<module>":
            # A name a star import may bring (`from .helpers import *`): as this module's, which
            # the whole-project pass looks up through the module's star imports.
            return Ref(f"{self.module_name}.{name}")
        return None

    def _resolve_attribute(self, node: ast.Attribute, scope: Scope) -> Ref | None:
        owner = self_class(node.value, scope)
        if owner is not None:
            bindings = owner.attributes.get(node.attr)
            return None if bindings is None else self._resolve_bindings(bindings)
        base = self._lookup(node.value, scope)
        if base is None or base is _CYCLE:
            return base
        if not base.is_instance and base.path.startswith(self._own_prefix):
            base = self._as_decorated(node.value, scope) or base  # `send_report.delay` of a Celery task
        if (
            base.is_local_class
            and base.owner is not None
            and base.path != base.owner
            and self._defines_method(base.owner, node.attr)
        ):
            # `Worker.walk(path)`: the class's own method, though the class is known by its base's
            # path (`class Worker(Actor)` is a kind of `Actor`).
            return Ref(f"{base.owner}.{node.attr}")
        info = self._class(base.owner) if base.is_instance and base.owner is not None else None
        if info is not None:  # an instance of a class of this module: what its attributes hold
            bindings = info.attributes.get(node.attr)
            # A method keeps the path of the class's base (`Future.result` of a `Future` subclass is
            # still a wait): the whole-project pass follows the class's own methods by its name.
            if bindings is not None and not all(
                binding.kind is BindingKind.FUNCTION and not self._is_property(binding, where)
                for binding, where in bindings
            ):
                return self._resolve_bindings(bindings)
        path = f"{base.path}.{node.attr}"
        row = self._ruleset.attribute_returns.lookup(path)
        if row is None:
            return Ref(path, is_instance=base.is_instance)
        return Ref(row.returns or path, is_instance=True)

    def resolve_bindings(self, bindings: list[tuple[Binding, Scope]]) -> Ref | None:
        """What a name or attribute bound by these bindings refers to (see `_resolve_bindings`)."""
        result = self._resolve_bindings(bindings)
        return None if result is _CYCLE else result

    def _resolve_bindings(self, bindings: list[tuple[Binding, Scope]]) -> Ref | None:
        """A name bound several times is known when the bindings whose value is known agree (`None`,
        self-references and values noblock cannot tell aside: `path = Path(path)` makes a
        parameter a path, unannotated or annotated `Any`), or when its declared type says what
        every value is (`state: TrainStop | None = None`, then `state = states[0]`), as a type
        checker reads it."""
        if len(bindings) > 1:
            declared = {
                self._declared_type(binding, scope)
                for binding, scope in bindings
                if binding.kind is BindingKind.ANNOTATION and binding.node is not None
            }
            if len(declared) == 1 and None not in declared:
                return declared.pop()
        result: Ref | None = None
        vague: Ref | None = None  # `x: Any`: what the name is when nothing else says more
        for binding, scope in bindings:
            if binding.kind is BindingKind.VALUE and is_none(binding.node):
                continue
            ref = self._resolve_binding(binding, scope)
            if ref is _CYCLE:
                continue
            if binding.kind in _SAYS_NOTHING:
                if ref is None:
                    continue
                if ref.path in _UNINFORMATIVE:
                    vague = ref
                    continue
            if result is not None and ref is not None and ref != result and _both_files(ref, result):
                # `open(p, "w")` here, `open(p, "wb")` there: a file object either way, shown as
                # the one bound nearest above.
                result = ref
                continue
            if ref is None or (result is not None and ref != result):
                return None
            result = ref
        return result if result is not None else vague

    def _declared_type(self, binding: Binding, scope: Scope) -> Ref | None:
        """The type an annotation declares (`x: Client | None`); None for one that says nothing
        (`Any`, `Final`, a name noblock does not know)."""
        assert binding.node is not None
        ref = self.resolve_annotation(binding.node, scope)
        if ref is None or ref is _CYCLE or ref.path in _UNINFORMATIVE or ref.path in _QUALIFIERS:
            return None
        return ref

    def _resolve_binding(self, binding: Binding, scope: Scope) -> Ref | None:
        kind = binding.kind
        if kind is BindingKind.MODULE_IMPORT and binding.target is not None:
            return Ref(binding.target, is_module=True)
        if kind is BindingKind.IMPORT and binding.target is not None:
            return Ref(self.absolute(binding.target))
        if kind is BindingKind.FUNCTION and binding.target is not None:
            if self._is_property(binding, scope):
                if binding.node is None:
                    return self._inferred_return(binding)  # what its getter's returns give
                return self.resolve_annotation(binding.node, scope)
            return Ref(f"{self.module_name}.{binding.target}")
        if kind is BindingKind.VALUE and binding.node is not None:
            return self._lookup(binding.node, scope)
        if kind is BindingKind.ANNOTATION and binding.node is not None:
            ref = self.resolve_annotation(binding.node, scope)
            if (
                binding.value is not None
                and (ref is None or ref.path in _UNINFORMATIVE)
                and not self._declares_a_field(binding.value, scope)
            ):
                return self._lookup(binding.value, scope)
            if ref is not None and ref.path in _QUALIFIERS:
                return None if binding.value is None else self._lookup(binding.value, scope)
            return ref
        if kind is BindingKind.CLASS and binding.owner is not None:
            return Ref(
                self.class_path(binding.owner), is_local_class=True, owner=self.class_id(binding.owner)
            )
        if kind is BindingKind.SELF and binding.owner is not None:
            return Ref(self.class_path(binding.owner), is_instance=True, owner=self.class_id(binding.owner))
        if kind is BindingKind.ITEM and binding.node is not None:
            return self._item(binding.node, scope)
        return None

    def _declares_a_field(self, value: ast.expr, scope: Scope) -> bool:
        """Whether a class-level default declares a field of a model or dataclass
        (`client: Any = Field(default=None)`), which is not what its objects hold."""
        if not isinstance(value, ast.Call):
            return False
        ref = self._lookup(value.func, scope)
        return ref is not None and ref.path in _FIELD_DECLARATIONS

    def _item(self, iterable: ast.expr, scope: Scope) -> Ref | None:
        """An item of what a loop iterates, when that is a name declared a container of one type
        (`images: Sequence[Image]`, `paths: list[Path] | None`), or such a name `or []`."""
        if (
            isinstance(iterable, ast.BoolOp)
            and isinstance(iterable.op, ast.Or)
            and len(iterable.values) == 2
            and isinstance(iterable.values[1], (ast.List, ast.Tuple, ast.Set))
            and not iterable.values[1].elts
        ):
            iterable = iterable.values[0]
        node = scope.node
        if isinstance(node, COMPREHENSIONS) and iterable is node.generators[0].iter:
            scope = scope.parent or scope  # a comprehension's first iterable is read outside it
        if isinstance(iterable, ast.Call):
            return self._item_of_call(iterable, scope)
        if isinstance(iterable, (ast.List, ast.Tuple, ast.Set)):
            # `for path in [cache_dir, log_dir]`; an unpacked item (`[*paths]`) is not followed.
            if any(isinstance(item, ast.Starred) for item in iterable.elts):
                return None
            return self._one_instance(iterable.elts, scope)
        if not isinstance(iterable, ast.Name):
            return None
        bindings = self.bindings_of(iterable, scope)
        if len(bindings) != 1 or bindings[0][0].kind is not BindingKind.ANNOTATION:
            return None
        binding, where = bindings[0]
        return None if binding.node is None else self._items_of(binding.node, where)

    def _item_of_call(self, call: ast.Call, scope: Scope) -> Ref | None:
        """An item of what a call gives, as the catalogue says (`folder.iterdir()`: a `Path`), also
        sorted, reversed or collected first (`sorted(folder.glob("*.json"))`)."""
        callee = self.resolve(call.func, scope)
        if callee is None:
            return None
        if callee.path in _KEEPING_ITEMS and len(call.args) == 1 and isinstance(call.args[0], ast.Call):
            return self._item_of_call(call.args[0], scope)
        row = self._ruleset.item_returns.lookup(callee.path)
        return None if row is None or row.returns is None else Ref(row.returns, is_instance=True)

    def _one_instance(self, values: list[ast.expr], scope: Scope) -> Ref | None:
        """The type all of `values` are instances of (the items of a list written out, the values
        a function returns); None when there are none, or one is unknown or of another type."""
        if not values:
            return None
        first, *others = (self._lookup(value, scope) for value in values)
        if first is None or first is _CYCLE or not first.is_instance:
            return None
        return first if all(other == first for other in others) else None

    def _items_of(self, annotation: ast.expr, scope: Scope) -> Ref | None:
        """The type of the items of the container an annotation names (see `_unwrapped`)."""
        found = self._unwrapped(annotation, scope)
        if found is None:
            return None
        node, container = found
        if container is None or container is _CYCLE or not isinstance(node, ast.Subscript):
            return None
        inner = node.slice
        if container.path in _CONTAINERS and not isinstance(inner, ast.Tuple):
            return self.resolve_annotation(inner, scope)
        if (
            container.path in _CONTAINERS
            and container.path.endswith("Generator")
            and isinstance(inner, ast.Tuple)
        ):
            return self.resolve_annotation(inner.elts[0], scope) if inner.elts else None
        if (
            container.path in _TUPLES
            and isinstance(inner, ast.Tuple)
            and len(inner.elts) == 2
            and isinstance(inner.elts[1], ast.Constant)
            and inner.elts[1].value is Ellipsis
        ):
            return self.resolve_annotation(inner.elts[0], scope)
        return None

    def class_id(self, info: ClassInfo) -> str:
        """The class's own name in the project: `module.Qualname`."""
        return f"{self.module_name}.{info.qualname}"

    def absolute(self, target: str) -> str:
        """`..models.User` imported in package `app.api` is `app.models.User`."""
        if not target.startswith(".") or not self._package:
            return target  # absolute, or the module's package is unknown: leave it relative
        rest = target.lstrip(".")
        parts = self._package.split(".")
        up = len(target) - len(rest) - 1
        if up >= len(parts):
            return target  # beyond the top-level package: leave it unresolved
        base = ".".join(parts[: len(parts) - up])
        return f"{base}.{rest}" if base else rest

    def class_path(self, info: ClassInfo) -> str:
        """A class defined here is known by its first base class that resolves (`class Agent(Runnable)`
        is a kind of `Runnable`), or else as `<local>.Name`."""
        for base in info.bases:
            ref = self.resolve(base, info.scope)
            if ref is not None and not ref.is_module:
                return ref.path
        return self.class_id(info)

    def resolve_annotation(self, node: ast.expr, scope: Scope) -> Ref | None:
        """The type an annotation names, looking through `Optional`, `Union[..., None]`, `| None`
        and a generic class's parameters (`Queue[int]` is a Queue)."""
        found = self._unwrapped(node, scope)
        if found is None:
            return None
        node, generic = found
        if isinstance(node, ast.Subscript) and generic is not None:
            if generic.path in _TYPE_OF:
                # `type[Store]`: the class itself, whose class methods a call runs. A class of the
                # catalogue stays a `type`: its rows name the methods of its instances.
                cls = self.resolve(node.slice, scope)
                if cls is not None and not cls.is_instance and not self._ruleset.knows_type(cls.path):
                    return cls
            # `Queue[int]`: a Queue
            path = self._instance_path(node.value, generic.path)
            return Ref(path, is_instance=True, owner=generic.owner)
        ref = self.resolve(node, scope)
        if ref is None:
            return None
        path = self._instance_path(node, ref.path)
        return Ref(path, is_instance=ref.path not in _QUALIFIERS, owner=ref.owner)

    def _unwrapped(self, node: ast.expr, scope: Scope) -> tuple[ast.expr, Ref | None] | None:
        """What an annotation declares once a string is parsed and `Optional`, `Union[..., None]`,
        `| None`, `Annotated` and `Final` / `ClassVar` are looked through; with, for a
        subscript (`Queue[int]`, `Sequence[Image]`), what it subscripts. None when it is a union
        of several types, or subscripts something unknown."""
        while True:
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                parsed = self._string_annotation(node)
                if parsed is None:
                    return None
                node = parsed
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
                members = [side for side in (node.left, node.right) if not is_none(side)]
                if len(members) != 1:
                    return None
                node = members[0]
            elif isinstance(node, ast.Subscript):
                wrapper = self.resolve(node.value, scope)
                if wrapper is None:
                    return None
                inner = node.slice
                if wrapper.path in _OPTIONAL_WRAPPERS or wrapper.path in _QUALIFIERS:
                    node = inner
                elif wrapper.path in _ANNOTATED_WRAPPERS and isinstance(inner, ast.Tuple) and inner.elts:
                    node = inner.elts[0]
                elif wrapper.path in _UNION_WRAPPERS and isinstance(inner, ast.Tuple):
                    members = [member for member in inner.elts if not is_none(member)]
                    if len(members) != 1:
                        return None
                    node = members[0]
                else:
                    return node, wrapper
            else:
                return node, None

    def _instance_path(self, written: ast.expr, path: str) -> str:
        """The type of an instance of the class an annotation names, as the catalogue knows it: what
        calling the class gives (`ThreadPoolExecutor` is a `concurrent.futures.Executor`, and so is
        a parameter annotated with it). An annotation written as a function's or a method's name
        (`"redis.Redis.ft"`) is left as it is."""
        name = last_name(written)
        if name is None or not names_a_class(name):
            return path
        row = self._ruleset.returns.lookup(path)
        return row.returns if row is not None and row.returns is not None else path

    def _string_annotation(self, node: ast.Constant) -> ast.expr | None:
        """The expression a string annotation holds, parsed once and kept as long as the tree: results
        are cached by node identity, which a freed node would hand on to the next one parsed."""
        key = id(node)
        if key not in self._string_annotations:
            try:
                expression = parse_quietly(str(node.value), mode="eval")
                assert isinstance(expression, ast.Expression)
                self._string_annotations[key] = expression.body
            except (SyntaxError, ValueError):
                self._string_annotations[key] = None
        return self._string_annotations[key]


# The classes of the file objects `open()` and its kin give, by mode (see `_opened_class`), and the
# unbuffered file beneath them.
_TEXT_FILE, _RANDOM_ACCESS_FILE = "io.TextIOWrapper", "io.BufferedRandom"
_READ_FILE, _WRITE_FILE = "io.BufferedReader", "io.BufferedWriter"
_FILE_OBJECTS = frozenset({_TEXT_FILE, _RANDOM_ACCESS_FILE, _READ_FILE, _WRITE_FILE, "io.FileIO"})


def _both_files(one: Ref, other: Ref) -> bool:
    """Whether two values are file objects on disk, of whichever mode: what is called on a name
    bound to either reads or writes the file, so the bindings agree on that much."""
    return one.is_instance and other.is_instance and one.path in _FILE_OBJECTS and other.path in _FILE_OBJECTS


def _returned_values(function: ast.FunctionDef) -> list[ast.expr]:
    """The values a function's own `return` statements give (`None` left out); none for a
    generator, whose call gives a generator."""
    values: list[ast.expr] = []
    for node in own_nodes(function.body):
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return []
        if isinstance(node, ast.Return) and node.value is not None and not is_none(node.value):
            values.append(node.value)
    return values


def _binds(name: str, code: tuple[ast.AST, ...]) -> bool:
    """Whether `code` binds `name` again (or deletes it)."""
    return any(
        isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load)
        for part in code
        for node in ast.walk(part)
    )


def is_none(node: ast.expr | None) -> bool:
    """Whether a node is the constant `None`."""
    return isinstance(node, ast.Constant) and node.value is None


def argument(call: ast.Call, keyword_name: str, position: int) -> ast.expr | None:
    """The value a call passes for a parameter, by keyword or by position (None: not passed, or
    not known because of a `*args` before it)."""
    value = next((keyword.value for keyword in call.keywords if keyword.arg == keyword_name), None)
    if value is None and position < len(call.args) and not _unpacks(call, position):
        value = call.args[position]
    return value


def hides_arguments(call: ast.Call, position: int | None = None) -> bool:
    """Whether a call's `**kwargs`, or a `*args` (up to `position`, when given), may pass an
    argument it does not name."""
    return any(keyword.arg is None for keyword in call.keywords) or _unpacks(call, position)


def _unpacks(call: ast.Call, position: int | None) -> bool:
    """Whether a `*args` comes among a call's positional arguments (up to `position`)."""
    passed = call.args if position is None else call.args[: position + 1]
    return any(isinstance(value, ast.Starred) for value in passed)


def _opened_class(call: ast.Call, mode: tuple[str, int, str], default_class: str) -> str:
    """The class of the file object an opener gives back for the mode `call` passes (`"rb"`:
    `io.BufferedReader`); `default_class` when that mode is not a constant."""
    keyword, position, default = mode
    given = argument(call, keyword, position)
    if given is None and hides_arguments(call, position):
        return default_class
    if given is None:
        text = default
    elif isinstance(given, ast.Constant) and isinstance(given.value, str):
        text = given.value
    else:
        return default_class
    if "b" not in text:
        return _TEXT_FILE
    if "+" in text:
        return _RANDOM_ACCESS_FILE
    return _READ_FILE if "r" in text else _WRITE_FILE


def _in_class_body(info: ClassInfo, name: str) -> list[tuple[Binding, Scope]]:
    """The bindings of a class's attribute made in its body (its methods, class-level values), not
    the `self.name = ...` of its methods."""
    return [(binding, scope) for binding, scope in info.attributes.get(name, ()) if scope.owner is not info]
