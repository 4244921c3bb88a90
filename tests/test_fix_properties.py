"""Properties of every fix, over all fixtures and over generated code.

- positions: every finding the `ast` front-end reports is a libcst `Call` with exactly that range
  (a lock a `with` takes: the expression the `with` enters);
- the fixed output compiles, a second run changes nothing, and no applicable fix is left.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import libcst as cst
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from libcst.metadata import MetadataWrapper, PositionProvider

from noblock.config import Settings, load_settings
from noblock.fixes import FixOptions, OffloadStyle
from noblock.runner import analyse, fix_text, is_applicable, ruleset_for
from noblock.source import text_lines
from noblock.unused_noqa import UNUSED_NOQA

FIXTURES = Path(__file__).parent / "fixtures"
ALL_FIXTURES = sorted([*FIXTURES.glob("rules/*.py"), *FIXTURES.glob("fix/*.py")])


def _ranges(text: str, entered: bool = False) -> set[tuple[int, int, int, int]]:
    """The ranges of every call, or (`entered`) of every expression a `with` enters."""
    wrapper = MetadataWrapper(cst.parse_module(text))
    positions = wrapper.resolve(PositionProvider)
    if entered:
        nodes = [node.item for node in positions if isinstance(node, cst.WithItem)]
    else:
        nodes = [node for node in positions if isinstance(node, cst.Call)]
    return {
        (where.start.line, where.start.column, where.end.line, where.end.column)
        for where in (positions[node] for node in nodes)
    }


def _fixture_settings(path: Path) -> Settings:
    config = path.with_suffix(".toml")
    return load_settings(config if config.exists() else None, cwd=path.parent)


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=[f"{p.parent.name}/{p.name}" for p in ALL_FIXTURES])
def test_every_finding_is_a_libcst_call_at_the_same_range(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    settings = _fixture_settings(path)
    findings = analyse(text, path.name, settings, ruleset_for(settings))
    ranges = _ranges(text)
    assert findings or path.stem.startswith("file_noqa")
    # A lock a `with` takes is reported on the expression it enters, shown as "`with lock`".
    entered = [f for f in findings if f.message.startswith("`with ")]
    calls = [f for f in findings if f.code != UNUSED_NOQA and f not in entered]
    assert [f for f in calls if f.code_range not in ranges] == []
    assert all(f.fix is None for f in entered)  # the block would still hold it: never fixed
    items = _ranges(text, entered=True) if entered else set()
    assert [f for f in entered if f.code_range not in items] == []
    # An unused `noqa` code is reported on its comment, which the finding spans to the line's end.
    lines = text_lines(text)
    for finding in findings:
        if finding.code == UNUSED_NOQA:
            line = lines[finding.location.row - 1]
            assert (
                line[finding.location.column - 1 : finding.end_location.column - 1]
                == line[finding.location.column - 1 :].rstrip()
            )
            assert line[finding.location.column - 1] == "#"


CALLS = [
    "requests.get(url)",
    "requests.post(url, json={'a': 1}, timeout=3)",
    "time.sleep(0)",
    "os.listdir(path)",
    "os.path.exists(path)",
    "agent_graph.invoke(state, config)",
    "graph.stream(state)",
    "open(path)",
    "subprocess.run(['true'], check=False)",
    "sqlite3.connect(path)",
    "threading.Lock().acquire()",
    "Path(path).read_text()",
    "input()",
    "asyncio.run(other())",
]
# Each `{}` is where a call goes; templates nest.
EXPRESSIONS = [
    "{}",
    "{}.json()",
    "{}[0]",
    "{}.attr.method()",
    "print({})",
    "len({}) + 1",
    "not {}",
    "-{}",
    "[{} for _ in range(2)]",
    "({} for _ in range(2))",
    "{{'key': {}}}",
    "{} if flag else None",
    "(lambda: {})",
    "str({}) or {}",
    "({})",
    "[*{}]",
]
STATEMENTS = [
    "x = {}",
    "return {}",
    "yield {}",
    "{}",
    "for item in {}:\n        pass",
    "with {} as handle:\n        pass",
    "def inner(a={}):\n        return a",
    "class Inner:\n        attr = {}",
    "if {}:\n        pass",
    "x: int = {}",
    "assert {}",
]
HEADER = (
    "import asyncio\nimport os\nimport sqlite3\nimport subprocess\nimport threading\nimport time\n"
    "from pathlib import Path\n\nimport requests\nfrom langgraph.graph import StateGraph\n\n"
    "graph = StateGraph(dict).compile()\n\n\n"
)


def _compiles(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "generated.py", "exec")
    except SyntaxError:
        return False
    return True


@st.composite
def expressions(draw: st.DrawFn, depth: int = 2) -> str:
    template = draw(st.sampled_from(EXPRESSIONS))
    slots = template.count("{}")
    fillers = [
        draw(expressions(depth - 1)) if depth > 0 and draw(st.booleans()) else draw(st.sampled_from(CALLS))
        for _ in range(slots)
    ]
    return template.format(*fillers)


@st.composite
def modules(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        statement = draw(st.sampled_from(STATEMENTS))
        lines.append("    " + statement.format(draw(expressions())))
    body = "\n".join(lines)
    return f"{HEADER}async def handler(url, path, state, config, agent_graph, flag, other):\n{body}\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=modules(),
    offload=st.sampled_from(list(OffloadStyle)),
    prefer_twin=st.booleans(),
    unsafe=st.booleans(),
)
def test_generated_code_fixes_compile_and_are_idempotent(
    source: str, offload: OffloadStyle, prefer_twin: bool, unsafe: bool
) -> None:
    assume(_compiles(source))  # e.g. `return x` and `yield` in one coroutine
    options = Settings(
        root=Path.cwd(), fix_options=FixOptions(offload=offload, prefer_async_twin=prefer_twin)
    )
    ruleset = ruleset_for(options)
    findings = analyse(source, "generated.py", options, ruleset)
    assert not [f for f in findings if f.code_range not in _ranges(source)]
    fixed, _, remaining = fix_text(source, "generated.py", options, ruleset, unsafe)
    assert _compiles(fixed), fixed
    assert not [f for f in remaining if is_applicable(f, unsafe)]
    again, applied_again, _ = fix_text(fixed, "generated.py", options, ruleset, unsafe)
    assert (again, applied_again) == (fixed, [])
