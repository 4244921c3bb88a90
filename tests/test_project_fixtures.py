"""Whole-project fixtures: blocking calls one or more calls away, across modules and classes.

Each folder under tests/fixtures/projects is a small project (its own pyproject.toml, if any, is its
configuration). A line expecting a finding carries `# NB200: COLUMN via name, name, ...`: the
column of the call and the names along the chain, down to the blocking call.
"""

from __future__ import annotations

import json
import os
import re
import sys
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from noblock import fixes
from noblock.config import find_config_file, load_settings
from noblock.discovery import discover
from noblock.runner import check_paths
from noblock.summary import ModuleSummary

PROJECTS = Path(__file__).parent / "fixtures" / "projects"
_EXPECTATION = re.compile(r"\b(NB\d{3}): (\d+)(?: via ([^#]+))?")


def _expected(root: Path) -> set[tuple[str, int, int, str, tuple[str, ...]]]:
    expected = set()
    for path in sorted(root.rglob("*.py")):
        for row, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            comment = line[line.index("#") :] if "#" in line else ""
            for code, column, chain in _EXPECTATION.findall(comment):
                hops = tuple(hop.strip() for hop in chain.split(",")) if chain else ()
                expected.add((path.relative_to(root).as_posix(), row, int(column), code, hops))
    return expected


@pytest.mark.parametrize("root", sorted(p for p in PROJECTS.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_project(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    settings = load_settings(find_config_file(root), cwd=root)
    files = discover(["."], settings).files
    results = list(check_paths(files, settings, jobs=1))
    assert [result.error for result in results if result.error] == []
    actual = {
        (f.filename, f.location.row, f.location.column, f.code, tuple(hop.name for hop in f.chain))
        for result in results
        for f in result.findings
    }
    expected = _expected(root)
    assert sorted(actual - expected) == [], "unexpected findings"
    assert sorted(expected - actual) == [], "missing findings"


def test_no_fix_hands_a_thread_what_fails_or_hangs_there(monkeypatch: pytest.MonkeyPatch) -> None:
    root = PROJECTS / "fixes_withheld"
    monkeypatch.chdir(root)
    settings = load_settings(find_config_file(root), cwd=root)
    results = check_paths(discover(["."], settings).files, settings, jobs=1)
    found = {
        (f.filename, f.location.row): (None if f.fix is None else f.fix.safe, f.no_fix_reason)
        for r in results
        for f in r.findings
    }
    in_thread = fixes.NEEDS_THE_LOOP.format
    assert found == {
        ("app/api.py", 14): (None, fixes.READS_THE_TERMINAL),
        ("app/api.py", 18): (None, in_thread("make_channel (app/helpers.py:16)")),
        ("app/api.py", 23): (None, in_thread("schedule_reload (app/helpers.py:22)")),
        ("app/api.py", 24): (None, in_thread("schedule_reload (app/helpers.py:22)")),
        ("app/api.py", 28): (True, None),  # `settings()` needs no loop: it only looks for one
        ("app/api.py", 32): (True, None),
        ("app/api.py", 40): (False, None),  # `log_later()` looks for a loop and, in a thread, logs nothing
        ("app/on_trio.py", 8): (None, fixes.ON_TRIO),
    }


@pytest.mark.parametrize("root", sorted(p for p in PROJECTS.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_a_file_checked_alone_finds_what_the_whole_run_finds_in_it(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a pre-commit run that passes only the changed file: the helpers it calls are read from the
    # folders beside it, and shown as the whole run shows them.
    monkeypatch.chdir(root)
    settings = load_settings(find_config_file(root), cwd=root)
    files = discover(["."], settings).files

    def found(paths: list[str]) -> dict[str, list[tuple[int, str, tuple[tuple[str, str, int], ...]]]]:
        return {
            result.filename: [
                (f.location.row, f.code, tuple((hop.name, hop.filename, hop.row) for hop in f.chain))
                for f in result.findings
            ]
            for result in check_paths(paths, settings, jobs=1)
        }

    whole = found(files)
    crossing = [
        path
        for path, findings in whole.items()
        for _, code, chain in findings
        if code == "NB200" and chain[-1][1] != path
    ]
    assert crossing or root.name in ("disabled", "depth_limit")  # most reach into another file
    for path in files:
        assert found([path]) == {path: whole[path]}, path


def test_an_excluded_helper_is_not_read_beside_a_checked_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "app" / "legacy").mkdir(parents=True)
    for folder in ("app", "app/legacy"):
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "app" / "legacy" / "files.py").write_text("def load(p):\n    return open(p).read()\n")
    (tmp_path / "app" / "api.py").write_text(
        "from app.legacy.files import load\n\n\nasync def handler(p):\n    return load(p)\n"
    )
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, cwd=tmp_path)
    (finding,) = [f for r in check_paths(["app/api.py"], settings, jobs=1) for f in r.findings]
    assert [hop.filename for hop in finding.chain] == ["app/legacy/files.py"] * 2
    (tmp_path / "pyproject.toml").write_text('[tool.noblock]\nextend-exclude = ["legacy"]\n')
    settings = load_settings(tmp_path / "pyproject.toml", cwd=tmp_path)
    assert [f for r in check_paths(["app/api.py"], settings, jobs=1) for f in r.findings] == []


def test_selecting_only_nb200_still_follows_every_blocking_call(monkeypatch: pytest.MonkeyPatch) -> None:
    root = PROJECTS / "basic"
    monkeypatch.chdir(root)
    settings = load_settings(None, cwd=root, select=["NB200"])
    found = [
        f.code for r in check_paths(discover(["."], settings).files, settings, jobs=1) for f in r.findings
    ]
    assert found == ["NB200"] * 5


def test_an_ignored_rule_does_not_make_helpers_block(monkeypatch: pytest.MonkeyPatch) -> None:
    root = PROJECTS / "basic"
    monkeypatch.chdir(root)
    settings = load_settings(None, cwd=root, ignore=["NB101"])
    found = [
        tuple(hop.name for hop in f.chain)
        for r in check_paths(discover(["."], settings).files, settings, jobs=1)
        for f in r.findings
    ]
    # The helpers that only sleep are fine now; the ones that open files still block.
    assert found == [
        ("load_profile", "open()"),
        ("load_profile", "open()"),
        ("profiles", "load_profile", "open()"),
    ]


@pytest.mark.parametrize("ignored", ["NB108", "NB1"])
def test_per_file_ignores_of_a_helper_apply_to_calls_found_by_the_pass(
    ignored: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The helpers' blocking calls are on objects of another module: the pass, not the helpers'
    # module, finds that they block; the helpers' file turns their rule off all the same.
    (tmp_path / "clients.py").write_text(
        "from openai import OpenAI\n\n\ndef build(): ...\n\n\nllm = OpenAI()\nchain = build()\n"
    )
    (tmp_path / "helpers.py").write_text(
        "from clients import chain, llm\n\n\ndef models():\n    return llm.models.list()\n\n\n"
        "def ask(q):\n    return chain.invoke(q)\n"
    )
    (tmp_path / "api.py").write_text(
        "from helpers import ask, models\n\n\nasync def handler(q):\n    models()\n    ask(q)\n"
    )
    monkeypatch.chdir(tmp_path)

    def chains(config: str) -> list[tuple[str, ...]]:
        (tmp_path / "pyproject.toml").write_text(f"[tool.noblock]\n{config}\n")
        settings = load_settings(tmp_path / "pyproject.toml", cwd=tmp_path)
        results = check_paths(["api.py", "clients.py", "helpers.py"], settings, jobs=1)
        return [tuple(hop.name for hop in f.chain) for r in results for f in r.findings]

    assert chains("") == [("models", "openai.OpenAI.models.list()"), ("ask", "chain.invoke()")]
    assert chains(f'per-file-ignores = {{ "helpers.py" = ["{ignored}"] }}') == []
    assert len(chains('per-file-ignores = { "api.py" = ["NB108"] }')) == 2


def test_json_output_carries_the_chain(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from noblock.cli import main

    monkeypatch.chdir(PROJECTS / "basic")
    assert (
        main(
            [
                "check",
                "app/api.py",
                "app/storage.py",
                "app/__init__.py",
                "--no-cache",
                "--output-format",
                "json",
            ]
        )
        == 1
    )
    first = json.loads(capsys.readouterr().out)[0]
    assert first["code"] == "NB200"
    assert first["chain"] == [
        {"name": "load_profile", "filename": "app/storage.py", "row": 5, "runs": "always"},
        {"name": "open()", "filename": "app/storage.py", "row": 6, "runs": "always"},
    ]


CONDITIONAL_STEPS = """import os
import time


def settings():
    if os.environ.get("SETTINGS"):
        return open("settings.toml")
    return ""


def retry():
    try:
        return settings()
    except OSError:
        time.sleep(1)
    return ""


async def handler():
    settings()
    retry()
"""


def test_a_chain_says_which_steps_run_only_sometimes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from noblock.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(CONDITIONAL_STEPS)
    outputs = []
    for _ in range(2):  # the second run reads the ways from the last run's record
        assert main(["check", "app.py", "--output-format", "json"]) == 1
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    by_row = {finding["location"]["row"]: finding for finding in outputs[0]}
    assert [hop["runs"] for hop in by_row[20]["chain"]] == ["always", "sometimes"]
    assert "open() (app.py:7, only sometimes)" in by_row[20]["message"]
    # `retry` reaches the file read too, in its `try` body: that way is shown, not the sleep.
    assert [(hop["name"], hop["runs"]) for hop in by_row[21]["chain"]] == [
        ("retry", "always"),
        ("settings", "always"),
        ("open()", "sometimes"),
    ]
    assert main(["check", "app.py", "--no-cache", "--select", "NB101,NB200", "--ignore", "NB104"]) == 1
    text = capsys.readouterr().out
    assert "time.sleep() (app.py:15, on an error path)" in text


def test_a_signal_handler_scheduled_by_a_helper_runs_only_sometimes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from noblock.cli import main

    monkeypatch.chdir(PROJECTS / "loop_callbacks")
    assert main(["check", "app/boot.py", "--no-cache", "--output-format", "json"]) == 1
    by_row = {finding["location"]["row"]: finding for finding in json.loads(capsys.readouterr().out)}
    # A callback `call_soon()` schedules runs; a signal's handler only when the signal comes.
    assert [hop["runs"] for hop in by_row[40]["chain"]][:2] == ["always", "always"]
    assert [(hop["name"], hop["runs"]) for hop in by_row[42]["chain"]] == [
        ("on_stop_signal", "always"),
        ("on_stop_signal.<locals>.stop", "sometimes"),
        ("time.sleep()", "always"),
    ]
    assert all(finding["fix"] is None for finding in by_row.values())


def test_a_step_written_over_several_lines_is_shown_on_one_without_its_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from noblock.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(
        "import sqlite3\n\nconn = sqlite3.connect('events.db')\n\n\n"
        "def since(flow_id):\n"
        "    return conn.execute(\n        '''\n        SELECT type FROM events\n"
        "        WHERE flow_id = ?\n        ''',\n        (flow_id,),\n    ).fetchall()\n\n\n"
        "async def handler(flow_id):\n    return since(flow_id)\n"
    )
    assert main(["check", "app.py", "--no-cache", "--output-format", "json"]) == 1
    [finding] = [f for f in json.loads(capsys.readouterr().out) if f["code"] == "NB200"]
    assert [hop["name"] for hop in finding["chain"]] == ["since", "conn.execute(...).fetchall()"]
    assert "conn.execute(...).fetchall() (app.py:7)" in finding["message"]


# A call through a project function, a call on a library object built in another module, and a
# call matched by its method name on an object of another module.
_HEAD = "import asyncio\nimport functools\n\n\nasync def handler(url):\n"
OFFLOADED = [
    (
        "import time\n\n\ndef pause(seconds):\n    time.sleep(seconds)\n",
        "from helpers import pause\n\n\nasync def handler(url):\n    pause(1)\n",
        "from helpers import pause\n"
        + _HEAD
        + "    await asyncio.get_running_loop().run_in_executor(None, functools.partial(pause, 1))\n",
    ),
    (
        "import requests\n\nhttp = requests.Session()\n",
        "from helpers import http\n\n\nasync def handler(url):\n    http.get(url)\n",
        "from helpers import http\n"
        + _HEAD
        + "    await asyncio.get_running_loop().run_in_executor(None, functools.partial(http.get, url))\n",
    ),
    (  # a method name's rule, on an object of the project whose class nothing knows
        "def build(): ...\n\n\nchain = build()\n",
        "from helpers import chain\n\n\nasync def handler(url):\n    chain.invoke(url)\n",
        "from helpers import chain\n"
        + _HEAD
        + "    await asyncio.get_running_loop().run_in_executor(None, functools.partial(chain.invoke, url))"
        + "\n",
    ),
]


@pytest.mark.parametrize(
    ("helpers", "api", "fixed"), OFFLOADED, ids=["project-function", "library-object", "method-name"]
)
def test_fix_offloads_a_call_that_blocks_in_another_module(
    helpers: str, api: str, fixed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from noblock.cli import main

    (tmp_path / "helpers.py").write_text(helpers)
    (tmp_path / "api.py").write_text(api)
    monkeypatch.chdir(tmp_path)
    assert main(["check", ".", "--fix", "--no-cache", "-q"]) == 0
    assert (tmp_path / "api.py").read_text() == fixed
    assert main(["check", ".", "--no-cache", "-q"]) == 0


def test_each_call_of_a_chain_on_another_modules_object_is_matched(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fixture's expectations are a set: two findings on one call's position read as one.
    root = PROJECTS / "library_chains"
    monkeypatch.chdir(root)
    settings = load_settings(find_config_file(root), cwd=root)
    lines = (root / "app" / "api.py").read_text(encoding="utf-8").splitlines()
    row = next(number for number, line in enumerate(lines, 1) if ".fetchall()" in line)
    found = [
        finding.qualified_name
        for result in check_paths(["app/api.py"], settings, jobs=1)
        for finding in result.findings
        if finding.location.row == row
    ]
    assert sorted(found) == ["sqlite3.Cursor.execute", "sqlite3.Cursor.fetchall"]


def test_a_generator_that_blocks_is_reported_without_a_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from noblock.cli import main

    helpers = (
        "import time\n\n\ndef ticks(n):\n    for i in range(n):\n        time.sleep(1)\n        yield i\n"
    )
    api = "from helpers import ticks\n\n\nasync def handler():\n    return list(ticks(3))\n"
    (tmp_path / "helpers.py").write_text(helpers)
    (tmp_path / "api.py").write_text(api)
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, cwd=tmp_path)
    (finding,) = [f for r in check_paths(["api.py", "helpers.py"], settings, jobs=1) for f in r.findings]
    assert (finding.code, finding.fix) == ("NB200", None)
    assert finding.no_fix_reason is not None
    assert "lazy iterator" in finding.no_fix_reason
    assert "an async generator" in finding.message
    # Offloading `ticks(3)` would hand back the generator and still sleep on the event loop.
    assert main(["check", ".", "--fix", "--unsafe-fixes", "--no-cache", "-q"]) == 1
    assert (tmp_path / "api.py").read_text() == api


def test_a_context_manager_made_by_a_helper_is_reported_without_a_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from noblock import fixes
    from noblock.cli import main

    helpers = (
        "import contextlib\n\n\n@contextlib.contextmanager\ndef timed(path):\n"
        "    with open(path, 'a') as log:\n        log.write('start')\n    yield\n"
    )
    # Offloading `timed(...)` would build the context manager in the thread; its body would still
    # run at the `with`, on the loop.
    api = (
        "import contextlib\n\nfrom helpers import timed\n\n\nasync def handler(path, enabled):\n"
        "    timer = timed(path) if enabled else contextlib.nullcontext()\n    with timer:\n"
        "        return path\n"
    )
    (tmp_path / "helpers.py").write_text(helpers)
    (tmp_path / "api.py").write_text(api)
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, cwd=tmp_path)
    (finding,) = [f for r in check_paths(["api.py", "helpers.py"], settings, jobs=1) for f in r.findings]
    assert (finding.code, finding.fix, finding.no_fix_reason) == ("NB200", None, fixes.MAKES_CONTEXT_MANAGER)
    assert main(["check", ".", "--fix", "--unsafe-fixes", "--no-cache", "-q"]) == 1
    assert (tmp_path / "api.py").read_text() == api


def test_a_property_read_is_reported_without_a_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from noblock.cli import main

    store = (
        "import os\n\n\nclass Store:\n    @property\n    def root(self):\n"
        "        os.makedirs('cache', exist_ok=True)\n        return 'cache'\n\n"
        "    def path(self, key):\n        return self.root + key\n\n"
        "    async def get(self, key):\n        return self.root, self.path(key)\n"
    )
    (tmp_path / "store.py").write_text(store)
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, cwd=tmp_path)
    read, called = [f for r in check_paths(["store.py"], settings, jobs=1) for f in r.findings]
    assert (read.code, read.location.column, read.fix) == ("NB200", 16, None)
    assert read.no_fix_reason is not None
    assert "reads a property" in read.no_fix_reason
    assert "`self.root` blocks" in read.message
    assert called.fix is not None  # the method that reads it is a call, offloaded as any other
    assert main(["check", ".", "--fix", "--no-cache", "-q"]) == 1
    fixed = (tmp_path / "store.py").read_text()
    assert "return self.root, await asyncio.get_running_loop().run_in_executor(" in fixed


@pytest.mark.parametrize("path", sorted(PROJECTS.rglob("*.py")), ids=lambda p: str(p.relative_to(PROJECTS)))
def test_direct_findings_do_not_depend_on_summarizing(path: Path) -> None:
    from noblock.runner import analyse_file, ruleset_for

    settings = load_settings(None, cwd=path.parent)
    text = path.read_text(encoding="utf-8")
    plain, _ = analyse_file(text, str(path), settings, ruleset_for(settings))
    summarized, _ = analyse_file(text, str(path), settings, ruleset_for(settings), summarize=True)
    assert plain == summarized


def test_only_modules_and_functions_on_the_way_are_explored(monkeypatch: pytest.MonkeyPatch) -> None:
    from noblock import runner

    root = PROJECTS / "reexports"
    monkeypatch.chdir(root)
    settings = load_settings(None, cwd=root)
    explored: list[tuple[str, tuple[str, ...]]] = []
    summaries: list[ModuleSummary] = []
    real = runner._explore_work

    def recording(work: tuple[str, tuple[str, ...], frozenset[str] | None], *args: Any) -> Any:
        explored.append(work[:2])
        result = real(work, *args)
        if result is not None:
            summaries.append(result[0])
        return result

    monkeypatch.setattr(runner, "_explore_work", recording)
    list(check_paths(discover(["."], settings).files, settings, jobs=1))
    assert "lib/unused.py" not in [filename for filename, _ in explored]
    walked = {(s.module, f.qualname) for s in summaries for f in s.functions if f.explored}
    assert ("lib.base", "BaseClient.fetch") in walked
    assert ("lib.base", "BaseClient.pause") not in walked  # never called by a coroutine


def test_star_imports_in_circles_and_lattices_are_searched_once_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from noblock.project import ProjectIndex

    # Each module star-imports the next three, and the last ones the first: searching down every
    # way, as deep as resolution goes (16), would take about 3 ** 16 steps for a name none has.
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for n in range(40):
        imports = "".join(f"from pkg.m{(n + step) % 40} import *\n" for step in (1, 2, 3))
        (package / f"m{n}.py").write_text(f"import time\n{imports}\n\ndef helper{n}():\n    time.sleep(1)\n")
    (tmp_path / "app.py").write_text(
        "from pkg import m0\n\n\nasync def main():\n    m0.missing()\n    m0.helper3()\n"
    )
    steps = 0
    resolve = ProjectIndex._resolve

    def counted(self: ProjectIndex, *args: Any, **kwargs: Any) -> Any:
        nonlocal steps
        steps += 1
        if steps > 1_000_000:
            raise RuntimeError("too many steps")  # fails the test rather than hanging it
        return resolve(self, *args, **kwargs)

    monkeypatch.setattr(ProjectIndex, "_resolve", counted)
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, cwd=tmp_path)
    results = list(check_paths(discover(["."], settings).files, settings, jobs=1))
    found = [(f.location.row, tuple(hop.name for hop in f.chain)) for r in results for f in r.findings]
    assert found == [(6, ("helper3", "time.sleep()"))]
    assert steps < 100_000


def test_exploring_walks_the_functions_a_path_leads_to_and_what_they_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from noblock.runner import analyse_file, ruleset_for

    root = PROJECTS / "reexports"
    monkeypatch.chdir(root)
    settings = load_settings(None, cwd=root)
    text = (root / "lib" / "files.py").read_text()
    _, summary = analyse_file(
        text, "lib/files.py", settings, ruleset_for(settings), explore=["lib.files.read_config"]
    )
    assert summary is not None
    assert {f.qualname: f.explored for f in summary.functions} == {"read_config": True, "_load": True}
    _, summary = analyse_file(
        text, "lib/files.py", settings, ruleset_for(settings), explore=["lib.files._load"]
    )
    assert summary is not None
    assert {f.qualname: f.explored for f in summary.functions} == {"read_config": False, "_load": True}


def test_calls_that_cannot_lead_into_the_project_are_left_out_of_summaries(tmp_path: Path) -> None:
    from noblock.runner import analyse_file, ruleset_for

    source = (
        "import json\nfrom app import helpers\nfrom app.db import Store\n\n\n"
        "class Cache(Store):\n    pass\n\n\n"
        "async def handler(x):\n    helpers.load(x)\n    return json.dumps(x)\n"
    )
    settings = load_settings(None, cwd=tmp_path)
    ruleset = ruleset_for(settings)
    _, everything = analyse_file(source, "api.py", settings, ruleset, summarize=True)
    _, in_project = analyse_file(
        source, "api.py", settings, ruleset, summarize=True, project=frozenset({"app", "api"})
    )
    assert everything is not None
    assert in_project is not None
    assert sorted(site.callee for site in everything.call_sites) == ["app.helpers.load", "json.dumps"]
    assert [site.callee for site in in_project.call_sites] == ["app.helpers.load"]
    assert dict(in_project.aliases) == {"helpers": "app.helpers", "Store": "app.db.Store"}
    assert [c.bases for c in in_project.classes] == [("app.db.Store",)]


def test_findings_do_not_depend_on_the_order_summaries_arrive_in(monkeypatch: pytest.MonkeyPatch) -> None:
    from noblock.project import ProjectIndex, transitive_findings
    from noblock.runner import analyse_file, makes_functions_block, ruleset_for

    root = PROJECTS / "layered"
    monkeypatch.chdir(root)
    settings = load_settings(find_config_file(root), cwd=root)
    ruleset = ruleset_for(settings)
    summaries = []
    expected = 0  # the NB200 expectations written in the fixture
    for path in discover(["."], settings).files:
        expected += Path(path).read_text().count("# NB200: ")
        _, summary = analyse_file(Path(path).read_text(), path, settings, ruleset, summarize=True)
        assert summary is not None
        # Every function explored: the order modules arrive in is the only thing that changes.
        everything = [f"{summary.module}.{f.qualname}" for f in summary.functions]
        _, explored = analyse_file(Path(path).read_text(), path, settings, ruleset, explore=everything)
        assert explored is not None
        summaries.append(summary.merged(explored))

    def found(order: list[ModuleSummary]) -> list[tuple[str, int, tuple[str, ...]]]:
        counts = partial(makes_functions_block, settings)
        by_file, _ = transitive_findings(ProjectIndex(order), settings.transitive, ruleset, counts)
        return sorted(
            (f.filename, f.location.row, tuple(hop.name for hop in f.chain))
            for findings in by_file.values()
            for f in findings
        )

    assert found(summaries) == found(summaries[::-1])
    assert len(found(summaries)) == expected > 0


@pytest.mark.parametrize("content", [b"def broken(:\n", b"\xff\xfe\x00binary", None])
def test_a_module_that_cannot_be_explored_is_skipped(tmp_path: Path, content: bytes | None) -> None:
    from noblock.runner import _explore_work, ruleset_for

    path = tmp_path / "helpers.py"
    if content is not None:
        path.write_bytes(content)
    settings = load_settings(None, cwd=tmp_path)
    assert _explore_work((str(path), ("helpers.pause",), None), settings, ruleset_for(settings)) is None


def test_an_internal_error_while_exploring_does_not_stop_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from noblock import runner

    (tmp_path / "helpers.py").write_text("import time\n\n\ndef pause():\n    time.sleep(1)\n")
    (tmp_path / "api.py").write_text("from helpers import pause\n\n\nasync def handler():\n    pause()\n")
    monkeypatch.chdir(tmp_path)
    real = runner.analyse_file

    def failing(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("explore") is not None:
            raise RuntimeError("bug")
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "analyse_file", failing)
    settings = load_settings(None, cwd=tmp_path)
    results = list(check_paths(["api.py", "helpers.py"], settings, jobs=1))
    assert [r.error for r in results] == [None, None]
    assert [f.code for r in results for f in r.findings] == []  # the helper could not be explored


def test_a_file_that_no_longer_parses_when_its_edits_are_built_keeps_its_findings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from noblock import runner
    from noblock.cli import main

    real = runner._with_edits

    def changed_since(text: str, findings: list[Any]) -> Any:
        if any(finding.code == "NB200" for finding in findings):  # as if edited since it was checked
            raise SyntaxError("invalid syntax")
        return real(text, findings)

    monkeypatch.setattr(runner, "_with_edits", changed_since)
    monkeypatch.chdir(PROJECTS / "basic")
    files = ["app/api.py", "app/storage.py", "app/__init__.py"]
    assert main(["check", *files, "--no-cache", "--output-format", "json", "--select", "NB200"]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    found = json.loads(captured.out)
    assert [finding["code"] for finding in found] == ["NB200"] * len(found)
    assert found
    assert all(finding["fix"] is None or finding["fix"]["edits"] == [] for finding in found)


@pytest.mark.parametrize("root", sorted(p for p in PROJECTS.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_summaries_come_back_whole_from_the_cache_format(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from noblock.runner import analyse_file, ruleset_for
    from noblock.summary import summary_from_json, summary_to_json

    monkeypatch.chdir(root)
    settings = load_settings(find_config_file(root), cwd=root)
    for path in discover(["."], settings).files:
        text = Path(path).read_text(encoding="utf-8")
        module = path.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
        functions = [f"{module}.{name}" for name in re.findall(r"^def (\w+)", text, re.MULTILINE)]
        for summary in (
            analyse_file(text, path, settings, ruleset_for(settings), summarize=True)[1],
            analyse_file(text, path, settings, ruleset_for(settings), explore=functions)[1],
        ):
            assert summary is not None
            assert summary_from_json(json.loads(json.dumps(summary_to_json(summary)))) == summary


@pytest.mark.parametrize("root", sorted(p for p in PROJECTS.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_a_warm_run_finds_what_a_cold_one_does(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from noblock.runner import RunOptions

    monkeypatch.chdir(root)
    settings = load_settings(find_config_file(root), cwd=root)
    files = discover(["."], settings).files
    options = RunOptions(cache_dir=tmp_path)
    runs = [list(check_paths(files, settings, options, jobs=1)) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2] == list(check_paths(files, settings, jobs=1))


@pytest.mark.parametrize(
    ("project", "filename", "before", "after"),
    [
        ("attributes", "app/clients.py", "self.http = requests.Session()", "self.http = httpx.AsyncClient()"),
        ("attributes", "app/clients.py", "    llm: OpenAI", "    llm: object"),
        (
            "attributes",
            "app/service.py",
            "self.session = requests.Session()",
            "self.session = httpx.AsyncClient()",
        ),
        ("arguments", "app/api.py", "    pause()\n", "    pause(seconds=3)\n"),
        (
            "arguments",
            "app/api.py",
            "quiet = Logger(1, verbose=True)",
            "quiet = Logger(1, 'q.log', verbose=True)",
        ),
        (
            "arguments",
            "app/log.py",
            "        self.log_file = log_file\n",
            "        self.log_file = 'all.log'\n",
        ),
        ("arguments", "app/api.py", "resolve(root, rel)  #", "resolve(root, rel, allow_absolute=True)  #"),
        ("arguments", "app/paths.py", "def pause(seconds=0):", "def pause(seconds=1):"),
        # A constant passed, a default tested, a parameter no longer passed on as it is.
        ("arguments", "app/api.py", 'get_secret("API_KEY")  #', 'get_secret("oidc/API_KEY")  #'),
        ("arguments", "app/secrets.py", 'def pause(mode="fast"):', 'def pause(mode="slow"):'),
        (
            "arguments",
            "app/secrets.py",
            "get_secret(secret_name=secret_name)",
            "get_secret(secret_name=str(secret_name))",
        ),
        ("arguments", "app/api.py", "return get_secret(key)", "return get_secret(str(key))"),
    ],
)
def test_a_warm_run_sees_what_an_edit_changes(
    project: str, filename: str, before: str, after: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What an attribute holds, what a call passes and what a parameter defaults to decide findings
    # in other files: an edit to them must not let a warm run reuse what it learnt before.
    import shutil

    from noblock.runner import RunOptions

    root = tmp_path / project
    shutil.copytree(PROJECTS / project, root)
    monkeypatch.chdir(root)
    settings = load_settings(None, cwd=root)
    files = discover(["."], settings).files
    options = RunOptions(cache_dir=tmp_path / "cache")
    warm_before = list(check_paths(files, settings, options, jobs=1))
    edited = root / filename
    text = edited.read_text()
    assert before in text
    edited.write_text(text.replace(before, after, 1))
    os.utime(edited, ns=(1, 1))  # a stat the record cannot mistake for the old one
    cold = list(check_paths(files, settings, jobs=1))
    assert cold != warm_before
    assert list(check_paths(files, settings, options, jobs=1)) == cold


def _summary(
    project: str, filename: str, monkeypatch: pytest.MonkeyPatch, explore: list[str] | None = None
) -> ModuleSummary:
    """A fixture file's summary (`explore`: with these functions walked), as the pass makes it."""
    from noblock.runner import analyse_file, ruleset_for

    root = PROJECTS / project
    monkeypatch.chdir(root)
    settings = load_settings(None, cwd=root)
    text = (root / filename).read_text()
    _, summary = analyse_file(
        text, filename, settings, ruleset_for(settings), summarize=explore is None, explore=explore
    )
    assert summary is not None
    return summary


def test_a_summary_says_which_calls_need_which_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    from noblock.summary import Passed

    paths = ["app.paths.resolve", "app.paths.save", "app.paths.rebinds", "app.paths.Store.write"]
    paths += ["app.paths.read_all"]
    summary = _summary("arguments", "app/paths.py", monkeypatch, paths)
    functions = {f.qualname: f for f in summary.functions}
    # A loop over `names or []` (or over `extra`) runs only for a true value the call passed.
    assert {(leaf.call, leaf.needs) for leaf in functions["read_all"].leaves} == {
        ("open()", ("names",)),
        ("file.read()", ("names",)),
        ("time.sleep()", ("extra",)),
        ("os.stat()", ()),
    }
    # Also needs on the values of `allow_absolute` (true) and `rel` (`rel.startswith("/")`), see
    # test_values.py.
    assert [leaf.needs for leaf in functions["resolve"].leaves] == [
        (
            "allow_absolute",
            'value:["allow_absolute","truthy",[],false,[false],[]]',
            'value:["rel","startswith",["/"],false,[],[]]',
        )
    ]
    assert functions["resolve"].parameters == ("root", "rel", "allow_absolute")
    # `open()` and the write of the file it gives back, under `if path is not None:`: `path` must be
    # passed, and not as `None`.
    not_none = 'value:["path","is None",[],true,[null],[]]'
    assert [leaf.needs for leaf in functions["save"].leaves] == [("path", not_none)] * 2
    assert [leaf.needs for leaf in functions["rebinds"].leaves] == [()]  # `flag` is assigned
    assert functions["rebinds"].parameters == ()  # nothing needs a parameter: none kept
    (edge,) = functions["Store.write"].edges
    assert (edge.needs, edge.passed) == (("path", not_none), Passed(2))
    assert functions["Store.write"].parameters == ("data", "path")  # `self` left out


def test_a_summary_says_what_built_an_object_and_what_its_methods_need(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from noblock.summary import Built, Passed, built_with

    paths = ["app.log.Logger._write", "app.log.Logger._log", "app.log.Reopens.flush"]
    summary = _summary("arguments", "app/log.py", monkeypatch, paths)
    functions = {f.qualname: f for f in summary.functions}
    # `log_file` is the second parameter a call of `Logger(...)` passes by position.
    need = "self:app.log.Logger:log_file:1"
    assert [leaf.needs for leaf in functions["Logger._write"].leaves] == [(need,), (need,)]  # open, write
    (edge,) = functions["Logger._log"].edges
    assert (edge.needs, edge.on_self) == ((), True)
    assert [leaf.needs for leaf in functions["Reopens.flush"].leaves] == [()]  # assigned elsewhere too
    logger = "app.log.Logger"
    assert not built_with(Built(logger, Passed(1)), (need,))
    assert built_with(Built(logger, Passed(2)), (need,))
    assert built_with(Built(logger, Passed(0, ("log_file",))), (need,))
    # A keyword-only parameter is passed by keyword alone.
    assert not built_with(Built(logger, Passed(5, ("x",))), ("self:app.log.Logger:verbose:-1",))
    assert built_with(None, (need,))  # not known how it was built
    assert built_with(Built("app.log.FileLogger", Passed(1)), (need,))  # its own `__init__` may set it

    summary = _summary("arguments", "app/api.py", monkeypatch)
    built = {site.call: site.built for site in summary.call_sites if site.call.endswith("info()")}
    assert built == {
        "quiet.info()": Built(logger, Passed(1, ("verbose",), (("0", 1), ("verbose", True)))),
        "to_file.info()": Built(logger, Passed(2, (), (("0", 1), ("1", "out.log")))),
        "to_file_by_name.info()": Built(logger, Passed(0, ("log_file",), (("log_file", "out.log"),))),
        "made.info()": None,  # a parameter: what built it is not known
        "Logger(2).info()": Built(logger, Passed(1, (), (("0", 2),))),
        'Logger(2, "x").info()': Built(logger, Passed(2, (), (("0", 2), ("1", "x")))),
        "default_logger.info()": None,  # built in another module
        'FileLogger("f.log").info()': Built("app.log.FileLogger", Passed(1, (), (("0", "f.log"),))),
    }


def test_a_summary_says_what_attributes_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    summary = _summary("attributes", "app/clients.py", monkeypatch)
    classes = {c.qualname: dict(c.attributes) for c in summary.classes}
    # Without project bases, only what is known is kept.
    assert classes["Clients"] == {
        "llm": "openai.OpenAI",
        "http": "requests.Session",
        "cache": "redis.Redis",
        "store": "app.store.Store",
    }
    assert classes["AsyncClients"] == {"http": "httpx.AsyncClient"}


# Blocks with one blocking call in them, and how often that call runs, of the function's runs,
# as `Edge.runs` says.
_HOW_OFTEN = [
    ("if DEBUG:\n    time.sleep(1)", "sometimes"),
    ("if DEBUG:\n    pass\nelse:\n    time.sleep(1)", "sometimes"),
    ("if time.sleep(1):\n    pass", "always"),  # the test itself always runs
    ("x = time.sleep(1) if DEBUG else None", "sometimes"),
    ("x = None if time.sleep(1) else None", "always"),
    ("while DEBUG:\n    time.sleep(1)", "sometimes"),
    ("while True:\n    time.sleep(1)", "always"),
    ("try:\n    pass\nexcept OSError:\n    time.sleep(1)", "on error"),
    ("try:\n    time.sleep(1)\nexcept OSError:\n    pass", "always"),
    ("try:\n    pass\nfinally:\n    time.sleep(1)", "always"),
    ("try:\n    pass\nexcept OSError:\n    pass\nelse:\n    time.sleep(1)", "always"),
    ("assert DEBUG, time.sleep(1)", "on error"),
    ("x = DEBUG or time.sleep(1)", "always"),  # mostly a guard: counted as run
    ("if not DEBUG:\n    return\ntime.sleep(1)", "always"),  # likewise
    ("for _ in DEBUG:\n    time.sleep(1)", "always"),
    ("with DEBUG:\n    time.sleep(1)", "always"),
    ("if DEBUG:\n    for _ in DEBUG:\n        x = [time.sleep(1) for _ in DEBUG]", "sometimes"),
    ("try:\n    pass\nexcept OSError:\n    if DEBUG:\n        time.sleep(1)", "on error"),
    # A lookup that misses is how the code asks (`try: return cache[key]`), not an error.
    ("try:\n    pass\nexcept KeyError:\n    time.sleep(1)", "sometimes"),
    ("try:\n    pass\nexcept (AttributeError, ImportError):\n    time.sleep(1)", "sometimes"),
    ("try:\n    pass\nexcept (KeyError, OSError):\n    time.sleep(1)", "on error"),
    ("try:\n    pass\nexcept:\n    time.sleep(1)", "on error"),
    (
        "try:\n    pass\nexcept OSError:\n    try:\n        pass\n"
        "    except KeyError:\n        time.sleep(1)",
        "on error",
    ),
    ("if DEBUG:\n    try:\n        pass\n    except OSError:\n        time.sleep(1)", "on error"),
    *(
        [
            ("match DEBUG:\n    case 1:\n        time.sleep(1)", "sometimes"),
            ("match time.sleep(1):\n    case _:\n        pass", "always"),
        ]
        if sys.version_info >= (3, 10)
        else []
    ),
    *(
        [
            ("try:\n    pass\nexcept* OSError:\n    time.sleep(1)", "on error"),
            ("try:\n    pass\nexcept* KeyError:\n    time.sleep(1)", "sometimes"),
        ]
        if sys.version_info >= (3, 11)
        else []
    ),
]


@pytest.mark.parametrize(("block", "how_often"), _HOW_OFTEN)
def test_a_summary_says_how_often_a_call_runs(block: str, how_often: str) -> None:
    from noblock.findings import ALWAYS, ON_ERROR, SOMETIMES
    from noblock.runner import analyse_file, ruleset_for

    runs = {"always": ALWAYS, "sometimes": SOMETIMES, "on error": ON_ERROR}[how_often]
    body = "".join(f"    {line}\n" for line in block.splitlines())
    text = f"import time\nfrom app.helpers import help\n\nDEBUG = None\n\n\ndef f():\n{body}    help()\n"
    settings = load_settings(None, cwd=Path.cwd())
    summary = analyse_file(text, "mod.py", settings, ruleset_for(settings), explore=["mod.f"])[1]
    assert summary is not None
    (function,) = [f for f in summary.functions if f.qualname == "f"]
    assert [(leaf.call, leaf.runs) for leaf in function.leaves] == [("time.sleep()", runs)]
    assert [(edge.callee, edge.runs) for edge in function.edges] == [("app.helpers.help", ALWAYS)]
