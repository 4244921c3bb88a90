"""Value needs: the tests of a parameter's value that a constant argument decides (`values.py`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from noblock.values import (
    NOT_A_CONSTANT,
    Parameter,
    ValueTest,
    forwarded,
    forwarding,
    may_hold,
    rebinding,
    truth_test,
    value_need,
    value_test_of,
)


def _test(source: str) -> ValueTest | None:
    expression = ast.parse(source, mode="eval").body
    return value_test_of(expression)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('name.startswith("oidc/")', ValueTest("name", "startswith", ("oidc/",))),
        ('name.startswith(("b", "a"))', ValueTest("name", "startswith", ("a", "b"))),
        ('mode == "slow"', ValueTest("mode", "equals", ("slow",))),
        ('"slow" == mode', ValueTest("mode", "equals", ("slow",))),
        ('mode != "fast"', ValueTest("mode", "equals", ("fast",), negated=True)),
        ('kind in ("file", "disk")', ValueTest("kind", "equals", ("disk", "file"))),
        ('kind not in ["file"]', ValueTest("kind", "equals", ("file",), negated=True)),
    ],
)
def test_the_tests_it_reads(source: str, expected: ValueTest) -> None:
    assert _test(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "name.startswith(prefix)",  # not a constant
        'self.name.startswith("x")',  # not a parameter's plain name
        'name.startswith("x", 1)',  # from a position
        'name.endswith("x")',
        "mode == 1",  # compared to no string
        'mode < "x"',
        'a == "x" == b',
        'kind in ("file", other)',
        'name == "x" or name == "y"',  # a boolean operator: not one test
    ],
)
def test_what_it_leaves_alone(source: str) -> None:
    assert _test(source) is None


def _need(source: str, defaults: tuple[object, ...] = (), rebindings: tuple[str, ...] = ()) -> str:
    found = _test(source)
    assert found is not None
    rebound = tuple(rebinding(found.name, ast.parse(text, mode="eval").body) for text in rebindings)
    assert None not in rebound
    need = value_need(found, Parameter(defaults, rebound))  # type: ignore[arg-type]
    assert need is not None
    return need


def test_a_constant_decides_and_anything_else_may_hold() -> None:
    need = _need('name.startswith("oidc/")')
    assert not may_hold(need, "API_KEY", given=True)
    assert may_hold(need, "oidc/google/x", given=True)
    assert may_hold(need, NOT_A_CONSTANT, given=True)
    assert not may_hold(need, None, given=True)  # `None.startswith()` raises
    assert may_hold(need, NOT_A_CONSTANT, given=False)  # no default: a call that passes nothing fails


def test_a_default_decides_when_nothing_is_passed() -> None:
    assert not may_hold(_need('mode == "slow"', defaults=("fast",)), NOT_A_CONSTANT, given=False)
    assert may_hold(_need('mode != "fast"', defaults=("slow",)), NOT_A_CONSTANT, given=False)
    # `None.startswith(...)` raises: what is under the test does not run, negated or not.
    assert not may_hold(_need('name.startswith("x")', defaults=(None,)), NOT_A_CONSTANT, given=False)
    negated = value_need(ValueTest("name", "startswith", ("x",), negated=True), Parameter((None,), ()))
    assert negated is not None
    assert not may_hold(negated, NOT_A_CONSTANT, given=False)
    assert may_hold(_need('mode != "x"', defaults=(None,)), NOT_A_CONSTANT, given=False)


def test_rebindings_are_tried_with_and_without() -> None:
    rebound = ('name.replace("os.environ/", "")',)
    need = _need('name.startswith("oidc/")', rebindings=rebound)
    assert not may_hold(need, "os.environ/API_KEY", given=True)
    assert may_hold(need, "os.environ/oidc/azure/x", given=True)
    lowered = _need('mode == "slow"', rebindings=("mode.lower()",))
    assert may_hold(lowered, "SLOW", given=True)
    assert not may_hold(lowered, "FAST", given=True)


def test_only_string_methods_of_constants_rebind() -> None:
    assert rebinding("name", ast.parse('name.strip("/")', mode="eval").body) == ("strip", ("/",))
    for text in ('other.strip("/")', "name.strip(chars)", 'name.format("x")', "name + 'x'", "f(name)"):
        assert rebinding("name", ast.parse(text, mode="eval").body) is None


def test_too_many_rebindings_make_no_need() -> None:
    found = _test('name == "x"')
    assert found is not None
    many = tuple(("strip", ()) for _ in range(4))
    assert value_need(found, Parameter((), many)) is None


def test_a_rebinding_that_would_raise_decides_nothing() -> None:
    need = _need('name == "x"', rebindings=('name.replace("a")',))  # one argument short
    assert may_hold(need, "y", given=True)


def test_a_need_passed_on_becomes_one_of_the_callers_parameter() -> None:
    callee_need = _need('secret_name.startswith("oidc/")', rebindings=("secret_name.strip()",))
    template = forwarding("name", Parameter(("API_KEY",), ()))
    assert template is not None
    carried = forwarded(callee_need, template)
    assert carried is not None
    assert not may_hold(carried, "API_KEY", given=True)
    assert not may_hold(carried, NOT_A_CONSTANT, given=False)  # the caller's default
    assert may_hold(carried, "  oidc/x", given=True)  # the callee's own rebinding still runs


def test_the_truth_of_a_parameter() -> None:
    estimate = value_need(truth_test("estimate"), Parameter((True,), ()))
    assert estimate is not None
    assert may_hold(estimate, NOT_A_CONSTANT, given=False)  # the default, `True`
    for false in (False, None, 0, 0.0, ""):
        assert not may_hold(estimate, false, given=True)
    assert may_hold(estimate, "yes", given=True)
    assert may_hold(estimate, NOT_A_CONSTANT, given=True)
    quiet = value_need(truth_test("quiet").negation(), Parameter((False,), ()))  # `if not quiet:`
    assert quiet is not None
    assert may_hold(quiet, NOT_A_CONSTANT, given=False)
    assert not may_hold(quiet, True, given=True)
    assert may_hold(quiet, 0, given=True)


def test_calls_keep_the_type_of_the_constants_they_pass() -> None:
    # `1`, `1.0` and `True` are equal: the summary must still say which one a call passed.
    from noblock.config import load_settings
    from noblock.runner import analyse_file, ruleset_for

    settings = load_settings(None, cwd=Path.cwd())
    calls = "".join(f"    f({value})\n" for value in ("1", "True", "1.0", "0", "False"))
    source = f"def f(x):\n    pass\n\n\nasync def main():\n{calls}"
    ruleset = ruleset_for(settings)
    _, summary = analyse_file(
        source, "calls.py", settings, ruleset, summarize=True, project=frozenset({"calls"})
    )
    assert summary is not None
    sites = sorted(summary.call_sites, key=lambda site: site.location.row)
    passed = [site.passed.constants[0][1] for site in sites if site.passed is not None]
    assert [(type(value), value) for value in passed] == [
        (int, 1),
        (bool, True),
        (float, 1.0),
        (int, 0),
        (bool, False),
    ]
