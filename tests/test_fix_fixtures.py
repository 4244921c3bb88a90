"""Golden fixes: `tests/fixtures/fix/NAME.py` becomes `NAME.py.fixed`.

`NAME.toml` beside a fixture is its configuration; a name ending in `_unsafe` also applies unsafe
fixes. Every golden pair is also checked for the fix properties: the output compiles, a second run
changes nothing, and no applicable fix is left behind.
"""

from __future__ import annotations

import ast
import difflib
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from noblock import fixer, fixes
from noblock.config import Settings, load_settings
from noblock.findings import Edit, Location
from noblock.runner import analyse, fix_text, is_applicable, ruleset_for
from noblock.source import text_lines_with_ends

FIXTURES = Path(__file__).parent / "fixtures" / "fix"
SOURCES = sorted(FIXTURES.glob("*.py"))


def _settings(path: Path) -> Settings:
    config = path.with_suffix(".toml")
    return load_settings(config if config.exists() else None, cwd=FIXTURES)


def _fix(path: Path, text: str) -> tuple[str, int]:
    settings = _settings(path)
    unsafe = path.stem.endswith("_unsafe")
    fixed, applied, remaining = fix_text(text, path.name, settings, ruleset_for(settings), unsafe)
    assert not [finding for finding in remaining if is_applicable(finding, unsafe)]
    return fixed, len(applied)


@pytest.mark.parametrize("path", SOURCES, ids=[path.stem for path in SOURCES])
def test_golden(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    expected = path.with_name(path.name + ".fixed").read_text(encoding="utf-8")
    fixed, _ = _fix(path, source)
    diff = "".join(
        difflib.unified_diff(expected.splitlines(True), fixed.splitlines(True), "expected", "actual")
    )
    assert fixed == expected, diff


@pytest.mark.parametrize("path", SOURCES, ids=[path.stem for path in SOURCES])
def test_fixed_output_compiles_and_is_idempotent(path: Path) -> None:
    fixed, _ = _fix(path, path.read_text(encoding="utf-8"))
    compile(fixed, str(path), "exec")
    again, applied = _fix(path, fixed)
    assert (again, applied) == (fixed, 0)


def test_every_golden_has_an_expected_output() -> None:
    assert SOURCES
    assert all(path.with_name(path.name + ".fixed").exists() for path in SOURCES)


def test_fixtures_without_fix_are_unchanged() -> None:
    path = FIXTURES / "no_fix.py"
    settings = _settings(path)
    findings = analyse(path.read_text(encoding="utf-8"), path.name, settings, ruleset_for(settings))
    assert len(findings) == 11
    assert all(finding.fix is None and finding.no_fix_reason for finding in findings)
    assert all("(no automatic fix: " in finding.message for finding in findings)


def test_a_module_on_trio_gets_no_asyncio_fix() -> None:
    path = FIXTURES / "no_fix_trio.py"
    text = path.read_text(encoding="utf-8")
    settings = _settings(path)
    findings = analyse(text, path.name, settings, ruleset_for(settings))
    assert sorted(finding.code for finding in findings) == ["NB101", "NB103"]
    assert {(finding.fix, finding.no_fix_reason) for finding in findings} == {(None, fixes.ON_TRIO)}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("import trio\n", fixes.ON_TRIO),
        ("import asyncio\nfrom trio import sleep\n", fixes.ON_TRIO),  # either may run it
        ("import asyncio\nimport trio_asyncio\n", None),
        ("import anyio\n", None),  # anyio applications run on asyncio nearly always
        ('"""Works with trio too."""\nimport asyncio\n', None),
    ],
)
def test_which_modules_run_on_trio(text: str, reason: str | None) -> None:
    assert fixes.foreign_loop(text) == reason


@pytest.mark.parametrize(
    "code", ["    await asyncio.to_thread(requests.get", "    await asyncio.get_running_loop()"]
)
def test_a_call_whose_result_is_handed_to_a_thread_is_not_offloaded(code: str) -> None:
    # Offloading it would hand the thread its result as before; the fix is to hand over the function.
    path = FIXTURES / "no_fix.py"
    text = path.read_text(encoding="utf-8")
    row = next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(code))
    settings = _settings(path)
    [finding] = [
        f for f in analyse(text, path.name, settings, ruleset_for(settings)) if f.location.row == row
    ]
    assert (finding.code, finding.fix, finding.no_fix_reason) == ("NB102", None, fixes.HANDED_RESULT)


def test_a_context_manager_entered_by_an_exit_stack_is_not_offloaded() -> None:
    # `enter_context()` runs its `__enter__` on the loop: offloading only the call building it would
    # leave a `@contextmanager` helper's body, or the file's opening, where it is.
    path = FIXTURES / "no_fix.py"
    text = path.read_text(encoding="utf-8")
    row = next(n for n, line in enumerate(text.splitlines(), 1) if "stack.enter_context(" in line)
    settings = _settings(path)
    [finding] = [
        f for f in analyse(text, path.name, settings, ruleset_for(settings)) if f.location.row == row
    ]
    assert (finding.code, finding.fix, finding.no_fix_reason) == ("NB104", None, fixes.ENTERED_CONTEXT)


@pytest.mark.parametrize(
    ("name", "code", "reason"),
    [
        ("no_fix.py", "    grid = [[requests.get(u)", fixes.IN_NESTED_COMPREHENSION),
        ("no_fix.py", "    nested = {u: {requests.head(u)", fixes.IN_NESTED_COMPREHENSION),
        ("twins_unsafe.py", "    twice = [[chunk for chunk in graph.stream", fixes.NESTED_ASYNC_FOR),
    ],
)
def test_no_await_or_async_for_in_a_comprehension_inside_another(name: str, code: str, reason: str) -> None:
    # Python 3.9 and 3.10 reject both ("asynchronous comprehension outside of an asynchronous function").
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    row = next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(code))
    settings = _settings(path)
    [finding] = [
        f for f in analyse(text, path.name, settings, ruleset_for(settings)) if f.location.row == row
    ]
    assert (finding.fix, finding.no_fix_reason) == (None, reason)


def _rebuilt(text: str) -> list[tuple[int, int, bool, int]]:
    """The statements libcst parses to fix `text`: first and last line, indented, findings."""
    settings = _settings(FIXTURES / "class_members.py")
    findings = [f for f in analyse(text, "module.py", settings, ruleset_for(settings)) if f.fix]
    statements = fixer._statements(ast.parse(text).body, findings, text_lines_with_ends(text))
    assert statements is not None
    return [(s.first, s.last, s.indented, len(s.findings)) for s in statements]


def test_only_the_statement_holding_a_call_is_rebuilt() -> None:
    # libcst parses a large class in seconds, a method in milliseconds, a statement in less.
    text = (FIXTURES / "class_members.py").read_text(encoding="utf-8")
    # `for url in urls: requests.get(url)` shares its line with the loop's header: the loop it is.
    statements = [(13, 16, True, 1), (24, 24, True, 1), (32, 32, True, 1), (36, 36, True, 1)]
    assert _rebuilt(text) == [*statements, (37, 37, True, 1), (45, 45, True, 1)]


def test_a_call_in_a_header_takes_its_whole_statement() -> None:
    text = (
        "import time\n\n\nasync def f(x):\n"
        "    if x:\n        pass\n    elif time.sleep(1):\n        pass\n"  # an `elif` cannot stand alone
        "    if x:\n        pass\n    elif x:\n        time.sleep(2)\n"
        "    for y in time.sleep(3):\n        time.sleep(4)\n"
    )
    assert _rebuilt(text) == [(5, 8, True, 1), (12, 12, True, 1), (13, 14, True, 2)]


def test_a_member_that_does_not_start_its_line_takes_its_whole_class() -> None:
    text = "import time\n\n\nclass A:\n\f    async def f(self):\n        time.sleep(1)\n"
    assert _rebuilt(text) == [(4, 6, False, 1)]


def _apply_edits(text: str, edits: tuple[Edit, ...]) -> str:
    lines = text_lines_with_ends(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(location: Location) -> int:
        return starts[location.row - 1] + location.column - 1

    for edit in sorted(edits, key=lambda edit: edit.location, reverse=True):
        text = text[: offset(edit.location)] + edit.content + text[offset(edit.end_location) :]
    return text


@pytest.mark.parametrize("path", SOURCES, ids=[path.stem for path in SOURCES])
def test_each_fix_as_edits_is_the_fix_applied_alone(path: Path) -> None:
    # JSON and SARIF carry each fix as edits, built apart from `--fix`: they must agree.
    text = path.read_text(encoding="utf-8")
    settings = _settings(path)
    fixable = [f for f in analyse(text, path.name, settings, ruleset_for(settings)) if f.fix is not None]
    edits = fixer.fix_edits(text, fixable)
    for finding in fixable:
        alone = fixer.apply_fixes(text, [finding])
        if alone.applied:
            assert _apply_edits(text, edits[finding.code_range]) == alone.text, finding


def _imported_names(tree: ast.Module) -> set[str]:
    return {
        (alias.asname or alias.name).split(".")[0]
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }


@pytest.mark.parametrize("path", SOURCES, ids=[path.stem for path in SOURCES])
def test_every_import_a_fix_adds_is_used(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    fixed, _ = _fix(path, source)
    tree = ast.parse(fixed)
    added = _imported_names(tree) - _imported_names(ast.parse(source))
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    assert added <= used


_BINDING_NAMES = """\
import asyncio as aio
from functools import partial as bind


def f(asyncio_=1, *functools, **kw):
    try:
        pass
    except OSError as asyncio:
        for functools_ in []:
            with open(x) as (aio, bind):
                pass
    [asyncio__ := 1 for functools__ in ()]
    del asyncio____


class asyncio_____:
    \uff46unctools____ = 1  # a fullwidth letter, which Python reads as its ASCII one (NFKC)
"""
# `match` needs Python 3.10: its captures are bindings too.
_CAPTURING = """\
match kw:
    case {"a": [*asyncio___], **functools___}:
        pass
    case str() as aio_:
        pass
"""
_BINDING_TEXTS = [
    _BINDING_NAMES,
    _BINDING_NAMES.replace("\uff46", "f"),
    *([_BINDING_NAMES + _CAPTURING] if sys.version_info >= (3, 10) else []),
]


@pytest.mark.parametrize(
    "text",
    [*_BINDING_TEXTS, *(p.read_text("utf-8") for p in SOURCES)],
    ids=lambda text: text.partition("\n")[0][:40],
)
def test_bindings_walk_only_what_mentions_the_names_and_miss_none(text: str) -> None:
    tree = ast.parse(text)
    lines = text_lines_with_ends(text)
    wanted = fixer._ModuleNames.of(tree, lines)
    everything: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        bound: defaultdict[str, set[str]] = defaultdict(set)
        fixer._bind(node, bound)
        for name, targets in bound.items():
            everything.setdefault(name, set()).update(targets)
    names = {name for name in everything if re.fullmatch(r"(?:asyncio|functools)\w*|aio|bind", name)}
    assert {name: frozenset(everything[name]) for name in names} == wanted.bindings


def test_a_name_a_case_captures_is_not_taken_for_an_import() -> None:
    text = (
        "import asyncio\nimport time\n\n\ndef f(x):\n    match x:\n        case asyncio:\n            pass\n"
        "\n\nasync def g():\n    time.sleep(1)\n"
    )
    settings = _settings(FIXTURES / "class_members.py")
    if sys.version_info < (3, 10):  # `match` is a syntax error there: nothing is fixed
        with pytest.raises(SyntaxError):
            fix_text(text, "module.py", settings, ruleset_for(settings), unsafe_fixes=False)
        return
    fixed, applied, _ = fix_text(text, "module.py", settings, ruleset_for(settings), unsafe_fixes=False)
    assert len(applied) == 1
    assert fixed == text.replace("import time\n", "import time\nimport asyncio as asyncio_\n").replace(
        "    time.sleep(1)", "    await asyncio_.sleep(1)"
    )
