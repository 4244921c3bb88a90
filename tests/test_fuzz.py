"""Fuzzing: generated programs and random bytes never crash the checker or the fixer.

hypothesmith writes programs from Python's grammar (`from_grammar`) and from libcst's node types
(`from_node`). Each program is checked twice: as a module, and indented into the body of an
`async def` between blocking calls, so that the checker walks it as coroutine code and the fixer has
calls to rewrite around it. The example count comes from the Hypothesis profile (tests/conftest.py):
`HYPOTHESIS_PROFILE=long` for a long session.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import hypothesmith
from hypothesis import assume, event, given
from hypothesis import strategies as st

from noblock.config import Settings
from noblock.fixes import FixOptions, OffloadStyle
from noblock.runner import Mode, RunOptions, analyse, analyse_file, check_source, fix_text, ruleset_for
from noblock.source import parse_quietly, text_lines_with_ends

_BEFORE = (
    "import time\nimport requests\n\n\nasync def _fuzzed(url, graph, state):\n"
    "    time.sleep(0)\n    data = requests.get(url).json()\n"
)
_AFTER = "    graph.invoke(state)\n    return requests.post(url, json=data)\n"
_VALID = (_BEFORE + _AFTER).encode()

programs = st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node())
fix_settings = st.builds(
    lambda offload, twin: Settings(
        root=Path.cwd(), fix_options=FixOptions(offload=offload, prefer_async_twin=twin)
    ),
    st.sampled_from(list(OffloadStyle)),
    st.booleans(),
)


def _parses(text: str) -> bool:
    try:
        parse_quietly(text)  # the generated code's own warnings (`1if x`) are not the test's
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _compiles(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "fuzzed.py", "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def _variants(program: str) -> Iterator[str]:
    """The program as a module, and inside a coroutine; only the variants `ast` accepts."""
    as_module = program + "\n\nasync def _coroutine():\n    pass\n"
    body = "".join(f"    {line}" for line in text_lines_with_ends(program))
    in_coroutine = _BEFORE + body + ("" if body.endswith(("\n", "\r")) else "\n") + _AFTER
    return (text for text in (as_module, in_coroutine) if _parses(text))


@given(program=programs, settings=fix_settings, unsafe=st.booleans())
def test_generated_programs_never_crash_and_fixes_compile_and_are_idempotent(
    program: str, settings: Settings, unsafe: bool
) -> None:
    ruleset = ruleset_for(settings)
    variants = list(_variants(program))
    assume(variants)
    event(f"variants that parse: {len(variants)}")
    for text in variants:
        analyse(text, "fuzzed.py", settings, ruleset)
        # The whole-project pass's views of the module: summarized, and every function explored.
        _, summary = analyse_file(text, "fuzzed.py", settings, ruleset, summarize=True)
        assert summary is not None
        everything = [f"{summary.module}.{function.qualname}" for function in summary.functions]
        _, explored = analyse_file(text, "fuzzed.py", settings, ruleset, explore=everything)
        assert explored is not None
        fixed, applied, _ = fix_text(text, "fuzzed.py", settings, ruleset, unsafe)
        event(f"calls fixed: {'some' if applied else 'none'}")
        assert _compiles(fixed) if _compiles(text) else _parses(fixed), fixed
        again, applied_again, _ = fix_text(fixed, "fuzzed.py", settings, ruleset, unsafe)
        assert (again, applied_again) == (fixed, [])


def _assert_reported_or_checked(data: bytes, mode: Mode, unsafe: bool) -> None:
    settings = Settings(root=Path.cwd())
    options = RunOptions(mode=mode, unsafe_fixes=unsafe, with_edits=True)
    result = check_source(data, "fuzzed.py", settings, ruleset_for(settings), options)
    if result.error is not None:
        assert result.error.reason
        assert "\n" not in result.error.reason
        assert "internal error" not in result.error.reason
    elif result.fixed:
        assert result.fixed_text is not None or result.diff
        if result.fixed_text is not None:
            assert _parses(result.fixed_text)


@given(data=st.binary(max_size=4000), mode=st.sampled_from(list(Mode)), unsafe=st.booleans())
def test_random_bytes_are_reported_never_raised(data: bytes, mode: Mode, unsafe: bool) -> None:
    # Prefixed so that the `async def` pre-filter lets every sample through to the parser.
    _assert_reported_or_checked(b"async def f():\n    " + data, mode, unsafe)
    _assert_reported_or_checked(data, mode, unsafe)


@given(
    noise=st.binary(min_size=1, max_size=24),
    where=st.integers(0, len(_VALID)),
    cut=st.integers(0, 24),
    mode=st.sampled_from(list(Mode)),
)
def test_corrupted_source_is_reported_never_raised(noise: bytes, where: int, cut: int, mode: Mode) -> None:
    # Noise spliced into real code: mostly near-valid programs, the inputs a parser handles worst.
    _assert_reported_or_checked(_VALID[:where] + noise + _VALID[where + cut :], mode, True)


@given(text=st.text(max_size=400), mode=st.sampled_from(list(Mode)))
def test_random_text_in_a_coroutine_is_reported_never_raised(text: str, mode: Mode) -> None:
    _assert_reported_or_checked(_BEFORE.encode() + text.encode("utf-8", "surrogatepass"), mode, True)
