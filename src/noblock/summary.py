"""What the whole-project pass needs to know of one module: its functions, what they call, what blocks.

A summary is plain data (it is cached and crosses process boundaries). Callees are dotted paths as
the module's imports and scopes resolve them (`app.storage.load_profile`, `app.db.Store.load`);
which of them are project functions is decided later, by `project.py`, across all summaries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from noblock.findings import ALWAYS, Location
from noblock.values import (
    NOT_A_CONSTANT,
    VALUE_NEED,
    Constant,
    argument_key,
    is_on_disk_need,
    may_hold,
    need_parameter,
)


@dataclass(frozen=True)
class Passed:
    """The arguments a call passes: how many by position, the names of those by keyword, and the
    constants among them (strings, numbers, `True`, `False`, `None`), by position (as `"0"`) or
    by keyword name; `in_memory`: the arguments that are in-memory buffers (`io.BytesIO(data)`)."""

    positional: int
    keywords: tuple[str, ...] = ()
    constants: tuple[tuple[str, Constant], ...] = ()
    in_memory: tuple[str, ...] = ()

    def gives(self, needs: Iterable[str], parameters: tuple[str, ...]) -> bool:
        """Whether a call with these arguments passes every parameter in `needs` of a function whose
        parameters are `parameters` (as `FunctionSummary.parameters`), and passes none a value
        need rules out (see `values`)."""
        given = {*parameters[: self.positional], *self.keywords}
        for need in needs:
            if not need.startswith(VALUE_NEED):
                if need not in given:
                    return False
                continue
            name = need_parameter(need)
            key = argument_key(name, parameters, self.positional)
            if is_on_disk_need(need):
                if key in self.in_memory:
                    return False
                continue
            constant = next((value for passed, value in self.constants if passed == key), NOT_A_CONSTANT)
            if not may_hold(need, constant, name in given):
                return False
        return True


def passes(
    passed: Passed | None, needs: tuple[str, ...] | frozenset[str], parameters: tuple[str, ...]
) -> bool:
    """Whether a call passes every parameter in `needs` (a call with `*args` or `**kwargs` may);
    needs of the object (`self:`) are left to `built_with`, and its attributes' states (`attr:`)
    to the methods of the same object that call (see `attribute_need`)."""
    wanted = [name for name in needs if not name.startswith((SELF_NEED, ATTRIBUTE_NEED))]
    return not wanted or passed is None or passed.gives(wanted, parameters)


@dataclass(frozen=True)
class Built:
    """How an object was built: the class called (as a dotted path), and what the call passed."""

    cls: str
    passed: Passed


def built_with(built: Built | None, needs: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether an object built as `built` says (None: not known) may have what the `self:` needs
    ask for. A need of another class's `__init__` (a subclass built, whose own `__init__` may set
    the attribute) is taken as met."""
    if built is None:
        return True
    for need in needs:
        if need.startswith(SELF_NEED):
            cls, name, position = need[len(SELF_NEED) :].split(":")
            passed = built.passed
            if (
                cls == built.cls
                and name not in passed.keywords
                and not 0 <= int(position) < passed.positional
            ):
                return False
    return True


def self_need(cls: str, parameter: str, position: int) -> str:
    """The need on an attribute that the `__init__` of `cls` binds to its `parameter` (see
    `Edge.needs`)."""
    return f"{SELF_NEED}{cls}:{parameter}:{position}"


SELF_NEED = "self:"

# A segment of a call site's path: what awaiting a call of the coroutine function before it gives
# (`conn = await db.connect()`, then `conn.execute()`: `app.db.connect.__await__.execute`).
AWAITED = "__await__"


def attribute_need(attribute: str, state: str) -> str:
    """The need that an attribute of the method's own object be in a state (`TRUTHY`, `FALSY`,
    `NONE`, `NOT_NONE`) for a call to run: the call is under `if self.content:`, in the `else` of
    `if self.content:`, or after `if self.content: return`. A method of the same object that
    calls it under a test saying otherwise (`if not self.content: self.encode()`) does not take
    that way (see `contradicts`)."""
    return f"{ATTRIBUTE_NEED}{attribute}:{state}"


def contradicts(needs: frozenset[str]) -> bool:
    """Whether needs ask one attribute of the object for states that cannot hold together."""
    states: dict[str, set[str]] = {}
    for need in needs:
        if need.startswith(ATTRIBUTE_NEED):
            attribute, _, state = need[len(ATTRIBUTE_NEED) :].rpartition(":")
            states.setdefault(attribute, set()).add(state)
    return any(pair <= held for held in states.values() if len(held) > 1 for pair in _EXCLUSIVE)


def needed_attribute(need: str) -> str | None:
    """The attribute an `attr:` need is about; None for another need."""
    if not need.startswith(ATTRIBUTE_NEED):
        return None
    return need[len(ATTRIBUTE_NEED) :].rpartition(":")[0]


ATTRIBUTE_NEED = "attr:"
ANY_ATTRIBUTE = "*"  # in `FunctionSummary.rebinds`: it may bind any (`setattr(self, ...)`)
STAR = "*"  # in `ModuleSummary.aliases`: a module whose names a star import brings
TRUTHY = "true"
FALSY = "false"
NONE = "none"
NOT_NONE = "not-none"
# States of one attribute that cannot hold at once (`None` is falsy; a truthy value is not `None`).
_EXCLUSIVE = (frozenset({TRUTHY, FALSY}), frozenset({TRUTHY, NONE}), frozenset({NONE, NOT_NONE}))


@dataclass(frozen=True)
class Leaf:
    """A blocking call made by a sync function (one the rules know, not suppressed)."""

    code: str
    call: str  # as written, e.g. `open()`
    row: int
    needs: tuple[str, ...] = ()  # parameters a call must pass for it to run (see `Edge.needs`)
    runs: int = ALWAYS  # as for `Edge.runs`


@dataclass(frozen=True)
class Edge:
    """A call from a sync function to something that may be a project function. `by_name` is the
    call as written (`host.invoke()`) when a method-name rule (`*.invoke`) matched it on an object
    of the project whose type the module does not know: the whole-project pass looks for the
    method in the object's class, and only where it finds none does the rule decide."""

    callee: str
    row: int
    by_name: str | None = None
    # Parameters of the calling function that a call of it must pass for this call to run: it is
    # under `if flag:`, `if path is not None:` or after `if not flag: return`, and the parameter
    # defaults to a false constant or `None`.
    # `self:CLASS:NAME:POSITION` for an attribute of the object (`if self.log_file:`) that only the
    # `__init__` of its CLASS binds, to its parameter NAME (at POSITION among those a call passes by
    # position, -1 for a keyword-only one): what built the object must have passed it.
    # `attr:NAME:STATE` for an attribute of the method's object that a test says is truthy, falsy,
    # `None` or not (`if self.content:`), for a method of the same object calling it (see
    # `attribute_need`).
    needs: tuple[str, ...] = ()
    passed: Passed | None = None  # what the call passes; None: anything (`*args`, `**kwargs`)
    on_self: bool = False  # a method of the same object (`self.flush()`): its `self:` needs carry over
    # The arguments (by position, as `"0"`, or by keyword) that are parameters of the calling
    # function whose value a test may read, each as a need on it with no test yet (see
    # `values.forwarded`): a value need of the callee on such an argument becomes the caller's.
    forwards: tuple[tuple[str, str], ...] = ()
    # Whether it runs on every run of the function, as far as the code shows (`ALWAYS`), only on
    # some (`SOMETIMES`) or after an error (`ON_ERROR`), for reasons `needs` does not capture. A
    # finding shows the way down that runs most often (see `_Cost` in `project.py`).
    runs: int = ALWAYS


@dataclass(frozen=True)
class FunctionSummary:
    """One function or method: where it is, and (for sync functions) its leaves and edges.

    Only the functions a coroutine's calls can lead to are worth walking: the others are listed
    (so that calls resolve to them) with `explored` false, and walked when a call leads there."""

    qualname: str
    row: int
    is_async: bool
    explored: bool
    leaves: tuple[Leaf, ...] = ()
    edges: tuple[Edge, ...] = ()
    returns: str | None = None  # the class its return annotation names: of the project, or a library's
    generator: bool = False  # its body yields: it runs while the result is iterated, not when called
    # Its parameters as a call passes them (positional ones first, a method's `self` left out); kept
    # only when one of its calls `needs` some.
    parameters: tuple[str, ...] = ()
    # The attributes of its object a method binds (`self.content = ...`), when it calls another
    # method of the object: that method's needs on them (`attr:`) are not its own.
    rebinds: tuple[str, ...] = ()
    # A generator decorated into a context manager (`@contextmanager`): its body runs when a `with`
    # block enters what a call gives.
    context_manager: bool = False
    # The row of its first call that needs the running event loop (`asyncio.get_running_loop()`, a
    # `grpc.aio` channel), 0 for none: a call of it handed to a worker thread would fail there,
    # unless it `checks_loop` (`loop.is_running()`, `except RuntimeError:`) and takes another way.
    uses_loop: int = 0
    checks_loop: bool = False


@dataclass(frozen=True)
class ClassSummary:
    """One class: its base classes as dotted paths, and what its attributes hold, as its body and
    `__init__` bind them (`self.http = requests.Session()`): an instance of a project class or an
    object of a library type the catalogue knows; None when the class binds the name to anything
    else (the name is then not looked for in its bases)."""

    qualname: str
    bases: tuple[str, ...]
    attributes: tuple[tuple[str, str | None], ...] = ()
    # Its first base class of a library the catalogue knows, as the type of its objects
    # (`class Store(shelve.DbfilenameShelf)`: `shelve.Shelf`): where a method it does not define,
    # nor its project bases, comes from.
    library_base: str | None = None


@dataclass(frozen=True)
class CallSite:
    """A call in an `async def` that no rule flagged but that may reach a blocking project function."""

    callee: str
    call: str  # as written, e.g. `load_profile()`
    location: Location
    end_location: Location
    no_await: str | None  # why the call cannot be awaited where it is, if it cannot
    loop_iterable: bool
    nested_loop: bool = False  # iterated by a comprehension inside another one
    by_name: bool = False  # a method-name rule matched it: as for `Edge.by_name`
    passed: Passed | None = None  # as for `Edge.passed`
    # For a method call, the class call that built the object (`logger = Logger(...)`, then
    # `logger.info()`); None when that is not known here.
    built: Built | None = None


@dataclass(frozen=True)
class NoqaComment:
    """A `# noqa: CODES` comment on a coroutine's line holding a call the whole-project pass
    decides, left for the pass to judge (NB900): where the comment starts (0-based column), its
    text, the codes it names as written, and the codes of the file's own findings on that line."""

    row: int
    column: int
    comment: str
    codes: tuple[str, ...]
    found: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModuleSummary:
    """A module as the whole-project pass sees it."""

    module: str
    filename: str
    functions: tuple[FunctionSummary, ...] = ()
    classes: tuple[ClassSummary, ...] = ()
    # Top-level name -> what it was imported as; `STAR` -> a module star-imported (one pair each).
    aliases: tuple[tuple[str, str], ...] = ()
    instances: tuple[tuple[str, str], ...] = ()  # top-level name -> the class it is an instance of
    objects: tuple[tuple[str, str], ...] = ()  # top-level name -> the library type it is an instance of
    call_sites: tuple[CallSite, ...] = ()
    # Codes `per-file-ignores` turns off in this file: a blocking call the pass finds in one of its
    # functions (on another module's object) does not make the function block by them.
    ignored: tuple[str, ...] = ()
    noqa_comments: tuple[NoqaComment, ...] = ()  # for NB900, when it is selected

    def merged(self, other: ModuleSummary) -> ModuleSummary:
        """This summary with the functions `other` (of the same module) explored as well, and the
        functions it found inside the bodies it read (a body is read when it is explored)."""
        walked = {(f.qualname, f.row): f for f in other.functions if f.explored}
        listed = {(f.qualname, f.row) for f in self.functions}
        return replace(
            self,
            functions=(
                *(walked.get((f.qualname, f.row), f) for f in self.functions),
                *(f for f in other.functions if (f.qualname, f.row) not in listed),
            ),
        )


def summary_to_json(summary: ModuleSummary) -> dict[str, Any]:
    """A summary as plain JSON data (for the cache)."""
    return {
        "module": summary.module,
        "filename": summary.filename,
        "functions": [
            [
                f.qualname,
                f.row,
                f.is_async,
                f.explored,
                [[x.code, x.call, x.row, list(x.needs), x.runs] for x in f.leaves],
                [
                    [
                        e.callee,
                        e.row,
                        e.by_name,
                        list(e.needs),
                        _passed_to_json(e.passed),
                        e.on_self,
                        [list(pair) for pair in e.forwards],
                        e.runs,
                    ]
                    for e in f.edges
                ],
                f.returns,
                f.generator,
                list(f.parameters),
                list(f.rebinds),
                f.context_manager,
                f.uses_loop,
                f.checks_loop,
            ]
            for f in summary.functions
        ],
        "classes": [
            [c.qualname, list(c.bases), [list(pair) for pair in c.attributes], c.library_base]
            for c in summary.classes
        ],
        "aliases": [list(pair) for pair in summary.aliases],
        "instances": [list(pair) for pair in summary.instances],
        "objects": [list(pair) for pair in summary.objects],
        "call_sites": [
            [
                s.callee,
                s.call,
                s.location.row,
                s.location.column,
                s.end_location.row,
                s.end_location.column,
                s.no_await,
                s.loop_iterable,
                s.nested_loop,
                s.by_name,
                _passed_to_json(s.passed),
                None if s.built is None else [s.built.cls, _passed_to_json(s.built.passed)],
            ]
            for s in summary.call_sites
        ],
        "ignored": list(summary.ignored),
        "noqa_comments": [
            [c.row, c.column, c.comment, list(c.codes), list(c.found)] for c in summary.noqa_comments
        ],
    }


def summary_from_json(data: dict[str, Any]) -> ModuleSummary:
    """The inverse of `summary_to_json`."""
    return ModuleSummary(
        module=data["module"],
        filename=data["filename"],
        functions=tuple(
            FunctionSummary(
                qualname,
                row,
                is_async,
                explored,
                tuple(Leaf(code, call, row, tuple(needs), runs) for code, call, row, needs, runs in leaves),
                tuple(
                    Edge(
                        callee,
                        row,
                        by_name,
                        tuple(needs),
                        _passed_from_json(passed),
                        on_self,
                        tuple((key, template) for key, template in forwards),
                        runs,
                    )
                    for callee, row, by_name, needs, passed, on_self, forwards, runs in edges
                ),
                returns,
                generator,
                tuple(parameters),
                tuple(rebinds),
                context_manager,
                uses_loop,
                checks_loop,
            )
            for (
                qualname,
                row,
                is_async,
                explored,
                leaves,
                edges,
                returns,
                generator,
                parameters,
                rebinds,
                context_manager,
                uses_loop,
                checks_loop,
            ) in data["functions"]
        ),
        classes=tuple(
            ClassSummary(
                qualname, tuple(bases), tuple((name, held) for name, held in attributes), library_base
            )
            for qualname, bases, attributes, library_base in data["classes"]
        ),
        aliases=tuple((name, target) for name, target in data["aliases"]),
        instances=tuple((name, target) for name, target in data["instances"]),
        objects=tuple((name, target) for name, target in data["objects"]),
        call_sites=tuple(
            CallSite(
                callee,
                call,
                Location(row, column),
                Location(end_row, end_column),
                no_await,
                loop_iterable,
                nested_loop,
                by_name,
                _passed_from_json(passed),
                None if built is None else Built(built[0], _passed_from_list(built[1])),
            )
            for (
                callee,
                call,
                row,
                column,
                end_row,
                end_column,
                no_await,
                loop_iterable,
                nested_loop,
                by_name,
                passed,
                built,
            ) in data["call_sites"]
        ),
        ignored=tuple(data["ignored"]),
        noqa_comments=tuple(
            NoqaComment(row, column, comment, tuple(codes), tuple(found))
            for row, column, comment, codes, found in data.get("noqa_comments", ())
        ),
    )


def _passed_to_json(passed: Passed | None) -> list[Any] | None:
    if passed is None:
        return None
    if passed.in_memory:
        constants = [list(pair) for pair in passed.constants]
        return [passed.positional, list(passed.keywords), constants, list(passed.in_memory)]
    if passed.constants:
        return [passed.positional, list(passed.keywords), [list(pair) for pair in passed.constants]]
    return [passed.positional, list(passed.keywords)]


def _passed_from_json(data: list[Any] | None) -> Passed | None:
    return None if data is None else _passed_from_list(data)


def _passed_from_list(data: list[Any]) -> Passed:
    constants = tuple((key, value) for key, value in data[2]) if len(data) > 2 else ()
    return Passed(data[0], tuple(data[1]), constants, tuple(data[3]) if len(data) > 3 else ())
