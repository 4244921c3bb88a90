"""Fixed code behaves like the original: same results, with the blocking work moved off the loop.

The snippets call a fake blocking module (`fakeblock`, declared blocking through a user rule), run
the original and the fixed source, and compare results and the threads the work ran on.
"""

from __future__ import annotations

import asyncio
import contextvars
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from noblock.catalog import CallRule
from noblock.config import Settings
from noblock.findings import Finding
from noblock.fixes import FixOptions, OffloadStyle
from noblock.runner import fix_text, ruleset_for

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="unset")

SNIPPET = """
import fakeblock
from fakeblock import REQUEST_ID


async def main(n):
    REQUEST_ID.set("req-42")
    values = [fakeblock.compute(i, scale=2) for i in range(n)]
    total = fakeblock.compute(sum(values)).bit_length()
    text = f"{fakeblock.compute(1)}"
    maybe = fakeblock.compute(3) if n else None
    seen = fakeblock.request_id()
    return values, total, text, maybe, seen
"""


class FakeGraph:
    def __init__(self, log: list[str]) -> None:
        self.log = log

    def invoke(self, state: dict[str, int], config: dict[str, int] | None = None) -> dict[str, Any]:
        self.log.append("invoke")
        return {"state": state, "config": config}

    async def ainvoke(self, state: dict[str, int], config: dict[str, int] | None = None) -> dict[str, Any]:
        self.log.append("ainvoke")
        return {"state": state, "config": config}


@pytest.fixture
def fakeblock() -> Iterator[types.ModuleType]:
    module = types.ModuleType("fakeblock")
    threads: list[int] = []

    def compute(value: int, scale: int = 1) -> int:
        threads.append(threading.get_ident())
        return value * scale

    def request_id() -> str:
        threads.append(threading.get_ident())
        return REQUEST_ID.get()

    module.compute = compute  # type: ignore[attr-defined]
    module.request_id = request_id  # type: ignore[attr-defined]
    module.REQUEST_ID = REQUEST_ID  # type: ignore[attr-defined]
    module.threads = threads  # type: ignore[attr-defined]
    sys.modules["fakeblock"] = module
    yield module
    del sys.modules["fakeblock"]


def _settings(offload: OffloadStyle = OffloadStyle.EXECUTOR, prefer_twin: bool = False) -> Settings:
    return Settings(
        root=Path.cwd(),
        blocking_calls=(CallRule("fakeblock.compute", "NB100"), CallRule("fakeblock.request_id", "NB100")),
        fix_options=FixOptions(offload=offload, prefer_async_twin=prefer_twin),
    )


def _fix(
    source: str, settings: Settings, unsafe_fixes: bool = False
) -> tuple[str, list[Finding], list[Finding]]:
    """The fixed source, the findings fixed and those left, as `noblock check --fix` gives them."""
    return fix_text(source, "snippet.py", settings, ruleset_for(settings), unsafe_fixes)


def _run(source: str, *args: object, **names: object) -> tuple[Any, int]:
    namespace: dict[str, Any] = dict(names)
    exec(compile(source, "snippet.py", "exec"), namespace)

    async def main() -> tuple[Any, int]:
        return await namespace["main"](*args), threading.get_ident()

    return asyncio.run(main())


@pytest.mark.parametrize("offload", list(OffloadStyle), ids=[style.value for style in OffloadStyle])
def test_offloaded_code_returns_the_same_and_runs_off_the_loop(
    fakeblock: types.ModuleType, offload: OffloadStyle
) -> None:
    fixed, applied, remaining = _fix(SNIPPET, _settings(offload))
    assert (len(applied), remaining) == (5, [])

    before, loop_thread = _run(SNIPPET, 3)
    assert set(fakeblock.threads) == {loop_thread}
    fakeblock.threads.clear()

    after, loop_thread = _run(fixed, 3)
    assert loop_thread not in fakeblock.threads
    assert after[:4] == before[:4] == ([0, 2, 4], 3, "1", 3)
    # asyncio.to_thread copies contextvars into the thread; run_in_executor does not.
    assert before[4] == "req-42"
    assert after[4] == ("req-42" if offload is OffloadStyle.TO_THREAD else "unset")


def test_async_twin_is_awaited_instead_of_the_sync_call() -> None:
    source = "async def main(agent_graph):\n    return agent_graph.invoke({'a': 1}, {'b': 2})\n"
    fixed, applied, _ = _fix(source, _settings(prefer_twin=True), unsafe_fixes=True)
    assert len(applied) == 1
    log: list[str] = []
    before, _ = _run(source, FakeGraph(log))
    after, _ = _run(fixed, FakeGraph(log))
    assert before == after == {"state": {"a": 1}, "config": {"b": 2}}
    assert log == ["invoke", "ainvoke"]


def test_sleep_twin_yields_to_other_tasks() -> None:
    source = (
        "import asyncio\nimport time\n\n\nasync def main(order):\n"
        "    async def other():\n        order.append('other')\n\n"
        "    task = asyncio.create_task(other())\n    time.sleep(0.01)\n    order.append('main')\n"
        "    await task\n    return order\n"
    )
    fixed, applied, _ = _fix(source, _settings())
    assert len(applied) == 1
    assert _run(source, [])[0] == ["main", "other"]  # the blocking sleep starved the other task
    assert _run(fixed, [])[0] == ["other", "main"]


def test_offloaded_file_objects_read_and_write_the_same(tmp_path: Path) -> None:
    source = (
        "async def main(source, target):\n"
        "    with open(source) as src:\n        first = src.readline()\n        rest = src.read()\n"
        "    out = open(target, 'w')\n    out.writelines(line.upper() for line in (first, rest))\n"
        "    out.flush()\n    out.close()\n    return first, rest\n"
    )
    fixed, applied, remaining = _fix(source, _settings())
    # The reads and writes, the flush, and the `open()` outside a `with` block (the one inside stays).
    assert (len(applied), [finding.code for finding in remaining]) == (5, ["NB104"])
    (tmp_path / "in.txt").write_text("one\ntwo\nthree\n")
    results = []
    for version, code in (("before", source), ("after", fixed)):
        target = tmp_path / f"{version}.txt"
        results.append((_run(code, str(tmp_path / "in.txt"), str(target))[0], target.read_text()))
    assert results[0] == results[1] == (("one\n", "two\nthree\n"), "ONE\nTWO\nTHREE\n")


def test_offloaded_listings_and_parsers_give_the_same(tmp_path: Path) -> None:
    source = (
        "import configparser\nimport filecmp\nimport glob\nimport xml.etree.ElementTree as ET\n\n\n"
        "async def main(folder):\n"
        "    names = sorted(glob.glob(folder + '/*.ini'))\n"
        "    parser = configparser.ConfigParser()\n    parser.read(names)\n"
        "    tree = ET.parse(folder + '/feed.xml')\n    tree.write(folder + '/copy.xml')\n"
        "    same = filecmp.cmp(folder + '/feed.xml', folder + '/copy.xml', shallow=False)\n"
        "    found = [name.rsplit('/', 1)[1] for name in names]\n"
        "    return found, parser['app']['port'], tree.getroot().tag, same\n"
    )
    fixed, applied, remaining = _fix(source, _settings())
    assert (len(applied), remaining) == (5, [])
    (tmp_path / "a.ini").write_text("[app]\nport = 80\n")
    (tmp_path / "b.ini").write_text("[app]\nport = 8080\n")
    (tmp_path / "feed.xml").write_text("<feed><item/></feed>")
    before, _ = _run(source, str(tmp_path))
    (tmp_path / "copy.xml").unlink()
    after, _ = _run(fixed, str(tmp_path))
    # `write` spells the empty element `<item />`: the copy differs from the original.
    assert before == after == (["a.ini", "b.ini"], "8080", "feed", False)


def test_names_bound_by_assignment_expressions_stay_bound_in_the_coroutine(tmp_path: Path) -> None:
    source = (
        "from pathlib import Path\n\n\nasync def main(folder, names):\n"
        "    if (marker := Path(folder) / 'marker').exists():\n        marker.unlink()\n"
        "    kept = [found.name for name in names if (found := Path(folder) / name).is_file()]\n"
        "    return kept, marker.exists(), found.name\n"
    )
    fixed, applied, remaining = _fix(source, _settings())
    assert (len(applied), remaining) == (4, [])
    assert "(found := Path(folder) / name).is_file)" in fixed  # bound in the coroutine, not the thread
    results = []
    for code in (source, fixed):
        (tmp_path / "marker").write_text("")
        (tmp_path / "a.txt").write_text("")
        results.append(_run(code, str(tmp_path), ["a.txt", "b.txt"])[0])
    assert results[0] == results[1] == (["a.txt"], False, "b.txt")
