"""What a module's summary says before any function in it is walked: its functions (with the class
a plain one is annotated to return), classes, imports and top-level objects."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from noblock.project import in_project
from noblock.resolve import Resolver, is_none
from noblock.ruleset import RuleSet
from noblock.scopes import Binding, BindingKind, ClassInfo, ModuleScopes, Scope
from noblock.summary import STAR, ClassSummary, FunctionSummary


def listed_functions(
    functions: Sequence[tuple[ast.FunctionDef | ast.AsyncFunctionDef, Scope]],
    resolver: Resolver,
    ruleset: RuleSet,
    project: frozenset[str] | None,
) -> tuple[FunctionSummary, ...]:
    """Functions as the outline of a summary lists them, not explored (coroutines need not be),
    with the class one is annotated to return: a project class (`def get_repo() -> Repository`) or
    a library type the catalogue knows (`def get_llm() -> OpenAI`). For a coroutine function, that
    is what awaiting a call of it gives."""
    return tuple(
        FunctionSummary(
            scope.qualname,
            function.lineno,
            is_async,
            explored=is_async or (function.name == "__init__" and _calls_nothing(function)),
            returns=_returned_class(function, scope, resolver, ruleset, project),
        )
        for function, scope in functions
        for is_async in (isinstance(function, ast.AsyncFunctionDef),)
    )


def _calls_nothing(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a function makes no call and enters no `with` block: walking it would find nothing
    (an `__init__` that only keeps its arguments, the most common kind, needs no second reading)."""
    return not any(isinstance(node, (ast.Call, ast.With)) for node in ast.walk(function))


def _returned_class(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    scope: Scope,
    resolver: Resolver,
    ruleset: RuleSet,
    project: frozenset[str] | None,
) -> str | None:
    returns = function.returns
    if (
        returns is None
        or scope.parent is None
        or "<locals>" in scope.qualname  # no path from another module leads to a nested function
        or (isinstance(returns, ast.Constant) and not isinstance(returns.value, str))  # `-> None`
        or _names_no_class(returns)
    ):
        return None
    ref = resolver.resolve_annotation(returns, scope.parent)
    if ref is None or ref.is_module:
        return None
    path = ref.owner or ref.path
    return path if in_project(path, project) or ruleset.knows_type(path) else None


# Names of return annotations that give no class worth knowing (`-> str`, `-> list[Item]`,
# `-> Iterator[Row]`), not resolved: a module that rebinds one of them is rare enough.
_NOT_A_CLASS = frozenset(
    [
        "str",
        "int",
        "bool",
        "float",
        "bytes",
        "object",
        "dict",
        "list",
        "tuple",
        "set",
        "frozenset",
        "type",
        "Dict",
        "List",
        "Tuple",
        "Set",
        "FrozenSet",
        "Type",
        "Iterator",
        "Iterable",
        "Generator",
        "AsyncIterator",
        "AsyncGenerator",
        "Sequence",
        "Mapping",
        "MutableMapping",
        "Callable",
        "Awaitable",
        "Coroutine",
        "Literal",
        "Any",
    ]
)


def _names_no_class(annotation: ast.expr) -> bool:
    head = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    if isinstance(head, ast.Attribute):  # `typing.Iterator[...]`
        return head.attr in _NOT_A_CLASS
    return isinstance(head, ast.Name) and head.id in _NOT_A_CLASS


def class_summary(
    info: ClassInfo,
    scopes: ModuleScopes,
    resolver: Resolver,
    ruleset: RuleSet,
    project: frozenset[str] | None,
) -> ClassSummary:
    """A class with its project base classes, its first base class of a library the catalogue knows,
    and what its attributes hold (see `ClassSummary`)."""
    bases = []
    library_base = None
    for base in info.bases:
        ref = resolver.resolve(base, info.scope)
        if ref is None or ref.is_module:
            continue
        path = ref.owner or ref.path
        if in_project(path, project):
            bases.append(path)
        elif library_base is None:
            row = ruleset.returns.lookup(path)  # `shelve.DbfilenameShelf()` gives a `shelve.Shelf`
            instance = path if row is None or row.returns is None else row.returns
            library_base = instance if ruleset.knows_type(instance) else None
    return ClassSummary(
        info.qualname,
        tuple(bases),
        _held(info, scopes, resolver, ruleset, project, bool(bases)),
        library_base,
    )


def _held(
    info: ClassInfo,
    scopes: ModuleScopes,
    resolver: Resolver,
    ruleset: RuleSet,
    project: frozenset[str] | None,
    has_bases: bool,
) -> tuple[tuple[str, str | None], ...]:
    """What the attributes declared in a class's body (`http: HomeAssistantHTTP`) and bound in its
    `__init__` (`self.http = requests.Session()`, `self.db = db`) hold, as a type checker infers an
    attribute's type. The other methods are not read (walking a method reads them all, and most
    classes are never walked), nor are names the body assigns without a declaration (class
    constants, ORM and form fields). Names bound to something else are listed only when the class
    has project bases, where they would otherwise be looked for."""
    init = scopes.read_constructor(info)
    held: list[tuple[str, str | None]] = []
    for name, bindings in info.attributes.items():
        own = [
            (binding, scope)
            for binding, scope in bindings
            if scope is init or (scope.owner is not info and binding.kind is BindingKind.ANNOTATION)
        ]
        if not own:
            continue
        ref = None if any(_holds_no_object(binding) for binding, _ in own) else resolver.resolve_bindings(own)
        path = None if ref is None or not ref.is_instance else ref.owner or ref.path
        if path is not None and (in_project(path, project) or ruleset.knows_type(path)):
            held.append((name, path))
        elif has_bases:
            held.append((name, None))
    return tuple(held)


# Values that are no object a method could be called on to block (`None` aside: it is a placeholder).
_NO_OBJECT_VALUES = (
    ast.Constant,
    ast.JoinedStr,
    ast.List,
    ast.Tuple,
    ast.Dict,
    ast.Set,
    ast.ListComp,
    ast.DictComp,
    ast.SetComp,
    ast.GeneratorExp,
    ast.Compare,
    ast.Lambda,
)
# Annotations of plain data: most declared attributes, which resolving would only confirm.
_PLAIN_TYPES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "set", "tuple", "List", "Dict"}
)


def _holds_no_object(binding: Binding) -> bool:
    """Whether a binding plainly gives no object (`self.items = []`, `name: str`), so that its
    attribute need not be resolved: the attributes of every class of every module summarized are."""
    node = binding.node
    if binding.kind is BindingKind.VALUE:
        return isinstance(node, _NO_OBJECT_VALUES) and not is_none(node)
    if binding.kind is BindingKind.ANNOTATION:
        if isinstance(node, ast.Subscript):
            node = node.value
        return isinstance(node, ast.Name) and node.id in _PLAIN_TYPES
    return binding.kind is BindingKind.OPAQUE


def aliases(module: Scope, resolver: Resolver, project: frozenset[str] | None) -> tuple[tuple[str, str], ...]:
    """Top-level names bound only by imports (`from .storage import load_profile`), and, named
    `STAR`, the project modules whose names a star import brings (`from .common import *`)."""
    aliases = []
    for name, bindings in module.bindings.items():
        targets = {b.target for b in bindings if b.kind in (BindingKind.IMPORT, BindingKind.MODULE_IMPORT)}
        if len(bindings) == len(targets) == 1 and bindings[0].target is not None:
            target = resolver.absolute(bindings[0].target)
            if in_project(target, project):
                aliases.append((name, target))
    for imported in module.star_imports:
        target = resolver.absolute(imported)
        if not target.startswith(".") and in_project(target, project):
            aliases.append((STAR, target))
    return tuple(aliases)


def objects(
    module: Scope, resolver: Resolver, ruleset: RuleSet, project: frozenset[str] | None
) -> tuple[tuple[str, str], ...]:
    """Top-level names that are instances of a library type the catalogue knows (`llm = OpenAI()`, a
    function a catalogue decorator makes an object: `@app.task`), so that calls on them from other
    modules can be matched against its rules."""
    objects = []
    for name, bindings in module.bindings.items():
        if len(bindings) == 1 and bindings[0].kind is BindingKind.FUNCTION and bindings[0].decorators:
            decorated = resolver.decorated(bindings[0], module)
            if decorated is not None:
                objects.append((name, decorated.path))
            continue
        if not all(_may_build_an_object(binding) for binding in bindings):
            continue  # imports, functions, classes, constants: resolving them would be wasted
        ref = resolver.resolve_name(name, module)
        if ref is not None and ref.is_instance and ref.owner is None and ruleset.knows_type(ref.path):
            objects.append((name, ref.path))
    return tuple(objects)


_BUILDING_EXPRESSIONS = (ast.Call, ast.BinOp, ast.Attribute)  # `Client()`, `BASE / "x"`, `db.engine`


def _may_build_an_object(binding: Binding) -> bool:
    """Whether a binding may give an object of a library type (`x = Client()`, `x: Client = ...`)."""
    if binding.kind is BindingKind.ANNOTATION:
        return True
    return binding.kind is BindingKind.VALUE and isinstance(binding.node, _BUILDING_EXPRESSIONS)


def instances(
    module: Scope, resolver: Resolver, project: frozenset[str] | None
) -> tuple[tuple[str, str], ...]:
    """Top-level names bound once to a call of a class (`store = Store()`, `host: Final = Host()`:
    the object is of the class called, whatever the annotation says)."""
    instances = []
    for name, bindings in module.bindings.items():
        value = bindings[0].assigned if len(bindings) == 1 else None
        if not isinstance(value, ast.Call):
            continue
        ref = resolver.resolve(value.func, module)
        if (
            ref is not None
            and not ref.is_module
            and not ref.is_instance
            and in_project(ref.owner or ref.path, project)
        ):
            instances.append((name, ref.owner or ref.path))
    return tuple(instances)
