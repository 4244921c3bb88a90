"""Tests of a parameter's value that the constant a call passes decides.

In `def get_secret(name): ... if name.startswith("oidc/"): open(...)`, the file is read only for
names starting with `oidc/`: a call `get_secret("API_KEY")` never reads it; in `def result(x,
estimate=True): if estimate: price(x)`, a call `result(x, estimate=False)` prices nothing. Such a
test becomes a need of the calls under it (a string, as the other needs of `summary.Edge.needs`),
which holds for a call unless the constant it passes (or the parameter's default, when it passes
none) fails the test. The function may rebind the parameter only with string methods of constants
(`name = name.replace("os.environ/", "")`); the test is tried with and without each of them.
"""

from __future__ import annotations

import ast
import enum
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Union

VALUE_NEED = "value:"
# String methods a parameter may be rebound with (`name = name.strip()`): the test is tried on the
# constant a call passes as it is and as each of them makes it.
_STRING_METHODS = frozenset(
    {"replace", "strip", "lstrip", "rstrip", "lower", "upper", "casefold", "removeprefix", "removesuffix"}
)
_MAX_REBINDINGS = 3
_STARTSWITH = "startswith"
_EQUALS = "equals"
_TRUTHY = "truthy"
_IS_NONE = "is None"
# A file argument's need: the parameter is a path or a file on disk, not an in-memory buffer, which
# only `summary.Passed.in_memory` tells (a constant passed is a path: the need holds).
_ON_DISK = "on disk"

Constant = Union[str, int, float, bool, None]


class _Unknown(enum.Enum):
    VALUE = "a value that is no constant"


NOT_A_CONSTANT = _Unknown.VALUE  # what `may_hold` is told of an argument that is no constant


@dataclass(frozen=True)
class ValueTest:
    """How a test reads a parameter: `name.startswith(values)`, `name == value` / `name in values`,
    or its truth (`if name:`); `negated`: the test is false."""

    name: str
    operation: str
    values: tuple[str, ...]
    negated: bool = False

    def negation(self) -> ValueTest:
        return ValueTest(self.name, self.operation, self.values, not self.negated)


@dataclass(frozen=True)
class Parameter:
    """What a call that passes no constant leaves a parameter: its default (`defaults` holds it, or
    nothing when it has none that is a constant), and the string methods the function rebinds it
    with, in order."""

    defaults: tuple[Constant, ...]
    rebindings: tuple[tuple[str, tuple[str, ...]], ...]


def truth_test(name: str) -> ValueTest:
    """The test `if name:`."""
    return ValueTest(name, _TRUTHY, ())


def none_test(name: str) -> ValueTest:
    """The test `if name is None:`."""
    return ValueTest(name, _IS_NONE, ())


def value_test_of(test: ast.expr) -> ValueTest | None:
    """`name.startswith("a")`, `name.startswith(("a", "b"))`, `name == "a"`, `"a" == name`,
    `name in ("a", "b")` (and `!=`, `not in`), on a plain name."""
    if (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Attribute)
        and test.func.attr == _STARTSWITH
        and isinstance(test.func.value, ast.Name)
        and len(test.args) == 1
        and not test.keywords
    ):
        values = _strings(test.args[0])
        return None if values is None else ValueTest(test.func.value.id, _STARTSWITH, values)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    operator, left, right = test.ops[0], test.left, test.comparators[0]
    if isinstance(operator, (ast.Eq, ast.NotEq)) and isinstance(right, ast.Name):
        left, right = right, left
    if not isinstance(left, ast.Name):
        return None
    if isinstance(operator, (ast.Eq, ast.NotEq)):
        values = _strings(right, single=True)
    elif isinstance(operator, (ast.In, ast.NotIn)):
        values = _strings(right, single=False)
    else:
        return None
    if values is None:
        return None
    return ValueTest(left.id, _EQUALS, values, isinstance(operator, (ast.NotEq, ast.NotIn)))


def _strings(node: ast.expr, single: bool | None = None) -> tuple[str, ...] | None:
    """The string constants `node` is: one (`single`), a tuple, list or set of them (`single`
    false), or either (None)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and single is not False:
        return (node.value,)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts and single is not True:
        found = [
            element.value
            for element in node.elts
            if isinstance(element, ast.Constant) and isinstance(element.value, str)
        ]
        if len(found) == len(node.elts):
            return tuple(sorted(found))
    return None


def rebinding(name: str, value: ast.expr) -> tuple[str, tuple[str, ...]] | None:
    """`name.replace("a", "b")` (a string method of constants, on the name itself) as the method
    and its arguments; None for any other value."""
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in _STRING_METHODS
        and isinstance(value.func.value, ast.Name)
        and value.func.value.id == name
        and not value.keywords
    ):
        return None
    arguments = [
        argument.value
        for argument in value.args
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
    ]
    if len(arguments) != len(value.args):
        return None
    return value.func.attr, tuple(arguments)


def value_need(test: ValueTest, parameter: Parameter) -> str | None:
    """The need a test makes of the calls under it (None when the parameter is rebound too often
    to try every way)."""
    if len(parameter.rebindings) > _MAX_REBINDINGS:
        return None
    data = [
        test.name,
        test.operation,
        list(test.values),
        test.negated,
        list(parameter.defaults),
        [[method, list(arguments)] for method, arguments in parameter.rebindings],
    ]
    return VALUE_NEED + json.dumps(data, separators=(",", ":"))


def on_disk_need(name: str, parameter: Parameter) -> str | None:
    """The need a call that reads or writes the file a parameter names makes: that a caller passes
    no in-memory buffer for it (`io.BytesIO(data)`)."""
    return value_need(ValueTest(name, _ON_DISK, ()), parameter)


def is_on_disk_need(need: str) -> bool:
    """Whether a value need is one `on_disk_need` made."""
    return _parsed(need)[1] == _ON_DISK


def forwarding(name: str, parameter: Parameter) -> str | None:
    """What a call that passes the parameter `name` on as it is forwards (see `forwarded`)."""
    return value_need(ValueTest(name, "", ()), parameter)


def forwarded(need: str, forwarding: str) -> str | None:
    """A value need of a callee, on an argument the caller passes from its own parameter as
    `forwarding` describes it: the same test, of the caller's parameter (None when the rebindings
    on the way are too many to try)."""
    _, operation, values, negated, _, own_rebindings = _parsed(need)
    name, _, _, _, defaults, rebindings = _parsed(forwarding)
    # The caller's rebindings run before the call, the callee's after.
    return value_need(
        ValueTest(name, operation, values, negated), Parameter(defaults, rebindings + own_rebindings)
    )


def argument_key(name: str, parameters: tuple[str, ...], positional: int) -> str:
    """How a call that passes `positional` arguments by position gives the parameter `name` of a
    function whose parameters are `parameters`: its position (`"0"`), or its name (by keyword)."""
    return str(parameters.index(name)) if name in parameters[:positional] else name


def may_hold(need: str, passed: Constant | _Unknown, given: bool) -> bool:
    """Whether a value need may hold for a call that passes the constant `passed` for its parameter
    (`given`: the call passes it, a value that is no constant when `passed` is `NOT_A_CONSTANT`)."""
    _, operation, values, negated, defaults, rebindings = _parsed(need)
    if given:
        if passed is NOT_A_CONSTANT:
            return True
        candidates: Sequence[Constant] = (passed,)
    elif defaults:
        candidates = defaults
    else:
        return True  # a call that passes nothing for a parameter without a default fails anyway
    try:
        return any(
            _holds(value, operation, values, negated)
            for candidate in candidates
            for value in _rebound(candidate, rebindings)
        )
    except (TypeError, ValueError):  # a rebinding that would raise: the test cannot be decided
        return True


@lru_cache(maxsize=1024)
def _parsed(need: str) -> tuple[str, str, tuple[str, ...], bool, tuple[Constant, ...], tuple[Any, ...]]:
    name, operation, values, negated, defaults, rebindings = json.loads(need[len(VALUE_NEED) :])
    return (
        name,
        operation,
        tuple(values),
        negated,
        tuple(defaults),
        tuple((method, tuple(arguments)) for method, arguments in rebindings),
    )


def need_parameter(need: str) -> str:
    """The parameter a value need tests."""
    return _parsed(need)[0]


def _rebound(value: Constant, rebindings: tuple[tuple[str, tuple[str, ...]], ...]) -> list[Constant]:
    """The values a parameter may hold after any of its rebindings ran, in order."""
    if not isinstance(value, str):
        return [value]
    found: list[Constant] = []
    for count in range(len(rebindings) + 1):
        for chosen in itertools.combinations(rebindings, count):
            current = value
            for method, arguments in chosen:
                current = getattr(current, method)(*arguments)
            found.append(current)
    return found


def _holds(value: Constant, operation: str, values: tuple[str, ...], negated: bool) -> bool:
    if operation == _ON_DISK:
        return True
    if operation == _TRUTHY:
        return bool(value) != negated
    if operation == _IS_NONE:
        return (value is None) != negated
    if operation == _STARTSWITH:
        if not isinstance(value, str):
            return False  # `None.startswith(...)` raises: the code under the test does not run
        result = value.startswith(values)
    else:
        result = value in values
    return result != negated
