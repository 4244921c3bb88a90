"""The results cache and the last run's record: hits, misses, invalidation, corruption, races, and what a
warm run reads and re-parses."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from noblock import cache as cache_module
from noblock import runner
from noblock.cache import ResultCache, settings_fingerprint
from noblock.config import Settings, load_settings
from noblock.last_run import RunRecord, record_from_json
from noblock.project import Way
from noblock.runner import RunOptions, check_paths

BAD = "import time\n\n\nasync def f():\n    time.sleep(1)\n"
HELPER = "import time\n\n\ndef pause():\n    time.sleep(1)\n"
CALLER = "from helpers import pause\n\n\nasync def g():\n    pause()\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text(BAD)
    (tmp_path / "b.py").write_text(BAD.replace("(1)", "(2)"))
    (tmp_path / "helpers.py").write_text(HELPER)
    (tmp_path / "caller.py").write_text(CALLER)
    return tmp_path


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record which files are parsed (in this process: the tests run with one job)."""
    seen: list[str] = []
    parse = runner.parse_module

    def parsing(text: str, filename: str) -> object:
        seen.append(filename)
        return parse(text, filename)

    monkeypatch.setattr(runner, "parse_module", parsing)
    return seen


def _run(project: Path, settings: Settings | None = None) -> list[tuple[str, str]]:
    settings = settings or load_settings(None, cwd=project)
    files = ["a.py", "b.py", "caller.py", "helpers.py"]
    options = RunOptions(cache_dir=project / ".noblock_cache")
    return [(f.filename, f.code) for r in check_paths(files, settings, options, jobs=1) for f in r.findings]


def test_warm_run_parses_nothing_and_gives_the_same_findings(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _run(project)
    assert cold == [("a.py", "NB101"), ("b.py", "NB101"), ("caller.py", "NB200")]
    parsed = _parsed(monkeypatch)
    assert _run(project) == cold
    # The coroutine files come from the cache; the helper module is summarized from the cache too.
    assert parsed == []


def test_touching_one_file_reparses_only_that_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(project)
    (project / "a.py").write_text(BAD + "\n\nasync def h():\n    time.sleep(3)\n")
    parsed = _parsed(monkeypatch)
    assert _run(project).count(("a.py", "NB101")) == 2
    assert parsed == ["a.py"]


def test_a_config_change_is_a_miss(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(project)
    parsed = _parsed(monkeypatch)
    (project / "pyproject.toml").write_text('[tool.noblock]\nignore = ["NB101"]\n')
    settings = load_settings(project / "pyproject.toml", cwd=project)
    # Sleeping is accepted now, so the helper that sleeps no longer blocks either.
    assert _run(project, settings) == []
    assert sorted(parsed) == ["a.py", "b.py", "caller.py", "helpers.py"]


def test_unfixable_rules_leave_cached_findings_without_their_fix(project: Path) -> None:
    def fixable(settings: Settings) -> list[tuple[str, str, bool]]:
        options = RunOptions(cache_dir=project / ".noblock_cache")
        files = ["a.py", "caller.py", "helpers.py"]
        results = check_paths(files, settings, options, jobs=1)
        return [(f.filename, f.code, f.fix is not None) for r in results for f in r.findings]

    everything = load_settings(None, cwd=project)
    assert fixable(everything) == [("a.py", "NB101", True), ("caller.py", "NB200", True)]
    (project / "pyproject.toml").write_text('[tool.noblock]\nunfixable = ["NB101", "NB200"]\n')
    unfixable = load_settings(project / "pyproject.toml", cwd=project)
    assert fixable(unfixable) == [("a.py", "NB101", False), ("caller.py", "NB200", False)]
    assert fixable(everything) == [("a.py", "NB101", True), ("caller.py", "NB200", True)]


def test_corrupt_cache_is_ignored_and_rewritten(project: Path) -> None:
    cold = _run(project)
    cache_files = list((project / ".noblock_cache").rglob("*.json"))
    assert cache_files
    for cache_file in cache_files:
        cache_file.write_text("{not json")
    assert _run(project) == cold
    assert all(json.loads(cache_file.read_text()) for cache_file in cache_files)  # rewritten whole


def test_cache_entry_of_another_shape_is_a_miss(project: Path) -> None:
    settings = load_settings(None, cwd=project)
    cache = ResultCache(project / ".noblock_cache", settings_fingerprint(settings))
    cache._entries["a.py"] = ("digest", {"findings": [{"unexpected": 1}], "error": None})
    assert cache.get("a.py", "digest") is None


def test_cache_folder_is_tagged_and_ignored_by_git(project: Path) -> None:
    _run(project)
    folder = project / ".noblock_cache"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").read_text().endswith("*\n")


def test_a_fixed_file_is_checked_afresh(project: Path) -> None:
    _run(project)
    settings = load_settings(None, cwd=project)
    options = RunOptions(mode=runner.Mode.FIX, cache_dir=project / ".noblock_cache")
    list(check_paths(["a.py"], settings, options, jobs=1))
    assert "await asyncio.sleep(1)" in (project / "a.py").read_text()
    assert ("a.py", "NB101") not in _run(project)


def test_two_runs_racing_both_leave_a_valid_cache(project: Path) -> None:
    settings = load_settings(None, cwd=project)
    first = ResultCache(project / ".noblock_cache", settings_fingerprint(settings))
    second = ResultCache(project / ".noblock_cache", settings_fingerprint(settings))
    results = list(check_paths(["a.py"], settings, jobs=1))
    first.put("a.py", "1", results[0])
    second.put("b.py", "2", results[0])
    first.save()
    second.save()
    (cache_file,) = (project / ".noblock_cache").rglob("*.json")
    assert set(json.loads(cache_file.read_text())) == {"b.py"}  # the last complete write wins


def test_a_new_top_level_module_is_seen_by_unchanged_callers(project: Path) -> None:
    # Summaries leave out calls that cannot lead into the project: when the project grows a new
    # top-level module, the cached summaries of the files calling into it must not be reused.
    (project / "caller.py").write_text(CALLER + "\n\nasync def h():\n    extra.pause()\n")
    (project / "caller.py").write_text("import extra\n" + (project / "caller.py").read_text())
    settings = load_settings(None, cwd=project)
    options = RunOptions(cache_dir=project / ".noblock_cache")
    files = ["a.py", "b.py", "caller.py", "helpers.py"]

    def nb200_rows(files: list[str]) -> list[int]:
        results = check_paths(files, settings, options, jobs=1)
        return [f.location.row for r in results for f in r.findings if f.code == "NB200"]

    assert nb200_rows(files) == [6]
    (project / "extra.py").write_text(HELPER)
    assert nb200_rows([*files, "extra.py"]) == [6, 10]


# The last run's record: a run after a few files changed reads and parses only them, and gives
# what a run without a cache gives.

MIXED = """import time
from helpers import pause

import requests

session = requests.Session()


def wait():
    time.sleep(1)


def idle():
    return None


def relay():
    return 0


class Base:
    def run(self):
        time.sleep(1)


class Job:
    pass


async def tick():
    wait()
    idle()
    relay()
    Job().run()


def unused():
    return 1


class Local:
    def invoke(self, value):
        return value


def build(): ...


chain = build()
"""
USES_MIXED = (
    "from mixed import chain, session, wait\n\n\nasync def h():\n"
    '    wait()\n    session.get("u")\n    chain.invoke("q")\n'
)
FILES = ["a.py", "b.py", "caller.py", "helpers.py", "mixed.py", "uses_mixed.py"]


def _full(
    project: Path, cache: bool = True, select: list[str] | None = None
) -> list[tuple[str, int, int, str, str]]:
    settings = load_settings(None, cwd=project, select=select)
    options = RunOptions(cache_dir=project / ".noblock_cache" if cache else None)
    results = check_paths(FILES, settings, options, jobs=1)
    return [
        (f.filename, f.location.row, f.location.column, f.code, f.message)
        for r in results
        for f in r.findings
    ]


def _passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record each time the whole-project pass explores (it does not when the record suffices)."""
    runs: list[int] = []
    explore = runner._summaries_on_demand

    def exploring(*args: Any) -> Any:
        runs.append(1)
        return explore(*args)

    monkeypatch.setattr(runner, "_summaries_on_demand", exploring)
    return runs


@pytest.fixture
def grown(project: Path) -> Path:
    (project / "mixed.py").write_text(MIXED)
    (project / "uses_mixed.py").write_text(USES_MIXED)
    return project


def _edit(path: Path, text: str) -> None:
    path.write_text(text)


@dataclass(frozen=True)
class Edit:
    what: str
    filename: str
    change: Callable[[str], str]
    reusable: bool  # the record is enough; otherwise the whole-project pass runs again
    # The files parsed: the edited one if it has coroutines or the pass explores it, and any the
    # pass explores for the first time.
    parsed: tuple[str, ...]


EDITS = [
    Edit("the coroutine's calls move", "caller.py", lambda text: "# down\n" + text, True, ("caller.py",)),
    Edit(
        "one more call, same helper", "caller.py", lambda text: text + "    pause()\n", True, ("caller.py",)
    ),
    Edit("a direct finding", "a.py", lambda text: text.replace("(1)", "(10)"), True, ("a.py",)),
    Edit(
        "a new coroutine",
        "caller.py",
        lambda text: text + "\n\nasync def k():\n    other()\n",
        False,
        ("caller.py",),
    ),
    Edit(
        "an explored helper",
        "helpers.py",
        lambda text: text.replace("time.sleep(1)", "pass"),
        False,
        ("helpers.py",),
    ),
    Edit(
        "it blocks again",
        "helpers.py",
        lambda text: text.replace("pass", "time.sleep(1)"),
        False,
        ("helpers.py",),
    ),
    Edit(
        "a function never reached",
        "mixed.py",
        lambda text: text.replace("return 1", "time.sleep(2)"),
        True,
        ("mixed.py",),
    ),
    Edit(
        "a reached function calls one elsewhere that blocks",
        "mixed.py",
        lambda text: text.replace("return 0", "return pause()"),
        False,
        ("mixed.py",),
    ),
    Edit(
        "a class gets a base that blocks",
        "mixed.py",
        lambda text: text.replace("class Job:", "class Job(Base):"),
        False,
        ("mixed.py",),
    ),
    Edit(
        "a reached function calls one that blocks",
        "mixed.py",
        lambda text: text.replace("return pause()", "return unused()"),
        False,
        ("mixed.py",),
    ),
    Edit(
        "a reached function blocks now",
        "mixed.py",
        lambda text: text.replace("return None", "time.sleep(3)"),
        False,
        ("mixed.py",),
    ),
    Edit("a new import", "caller.py", lambda text: "import mixed\n" + text, False, ("caller.py",)),
    Edit(
        "a call that now leads there",
        "caller.py",
        lambda text: text + "    mixed.unused()\n",
        False,
        ("caller.py",),
    ),
    Edit("a way's rows move", "mixed.py", lambda text: "# down\n" + text, False, ("mixed.py",)),
    Edit(
        "a suppression on the way",
        "mixed.py",
        lambda text: text.replace("(1)", "(1)  # noqa: NB101"),
        False,
        ("mixed.py",),
    ),
    Edit("no coroutine left", "b.py", lambda text: text.replace("async def f", "def f"), False, ()),
    Edit(
        "a call on another module's object moves",
        "uses_mixed.py",
        lambda text: "# down\n" + text,
        True,
        ("uses_mixed.py",),
    ),
    Edit(
        "another module's object gets a class with the method named",
        "mixed.py",
        lambda text: text.replace("chain = build()", "chain = Local()"),
        False,
        ("mixed.py", "mixed.py"),  # checked, then `Local.invoke` explored
    ),
    Edit(
        "another module's object changes type",
        "mixed.py",
        lambda text: text.replace("requests.Session()", "None"),
        False,
        ("mixed.py",),
    ),
]


@pytest.mark.parametrize("last", range(len(EDITS)), ids=[edit.what for edit in EDITS])
def test_each_edit_gives_what_a_run_without_cache_gives(
    grown: Path, monkeypatch: pytest.MonkeyPatch, last: int
) -> None:
    # The edits are made in turn; each test checks the run after its own edit.
    _full(grown)
    passes, parsed = _passes(monkeypatch), _parsed(monkeypatch)
    for edit in EDITS[: last + 1]:
        path = grown / edit.filename
        _edit(path, edit.change(path.read_text()))
        passes.clear()
        parsed.clear()
        warm = _full(grown)
    assert (passes == [], tuple(parsed)) == (edit.reusable, edit.parsed)
    assert warm == _full(grown, cache=False)


SKIPS_A_CONDITIONAL_CALL = (
    "import os\nimport time\n\n\ndef pause():\n"
    "    if os.environ.get('SLOW'):\n        open('flag').read()\n    time.sleep(1)\n\n\n"
    "async def g():\n    pause()\n"
)


@pytest.mark.parametrize(
    ("edit", "reusable"),
    [
        # Below the blocking call the way shows: it is still where the record says.
        (lambda text: text.replace("(1)\n", "(1)\n    return None\n"), True),
        # Above it: its row moved.
        (lambda text: text.replace("def pause():\n", "def pause():\n    # slow\n"), False),
        # It now runs only on some calls too: the other one, first, is shown.
        (lambda text: text.replace("    time.sleep(1)", "    if os.environ: time.sleep(1)"), False),
    ],
    ids=["below", "above", "conditional"],
)
def test_a_way_that_skips_a_conditional_call_is_reused_while_it_holds(
    grown: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[str], str], reusable: bool
) -> None:
    # The way shown ends with the helper's second blocking call, not its first: the first runs
    # only on some calls.
    caller = grown / "caller.py"
    _edit(caller, SKIPS_A_CONDITIONAL_CALL)
    messages = [message for filename, _, _, _, message in _full(grown) if filename == "caller.py"]
    assert len(messages) == 1
    assert "-> time.sleep() (caller.py:8)" in messages[0]
    passes = _passes(monkeypatch)
    _edit(caller, edit(caller.read_text()))
    assert (_full(grown), passes == []) == (_full(grown, cache=False), reusable)


def _age(project: Path) -> None:
    """Files modified an hour ago: a record trusts their size and time."""
    long_ago = time.time() - 3600
    for filename in FILES:
        os.utime(project / filename, (long_ago, long_ago))


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record which files are read."""
    reads: list[str] = []
    read = runner.read_bytes

    def reading(path: str) -> bytes:
        reads.append(path)
        return read(path)

    monkeypatch.setattr(runner, "read_bytes", reading)
    return reads


STATEFUL = """class Audio:
    def __init__(self, content=None, path=None):
        self.content = content
        self.path = path

    def data(self):
        if self.content:
            return self.content
        return open(self.path, "rb").read()

    def to_dict(self):
        if self.content:
            return {"data": self.data()}
        return {}


async def serialize(audio: Audio):
    return audio.to_dict()
"""


@pytest.mark.parametrize(
    ("edit", "found"),
    [
        # The test before the call no longer says anything of the content it reads.
        (
            lambda text: text.replace('return {"data"', 'self.content = None\n            return {"data"'),
            True,
        ),
        # It still holds content: nothing to report.
        (lambda text: text.replace("return {}", "return {'empty': True}"), False),
    ],
    ids=["rebinds", "unrelated"],
)
def test_a_warm_run_follows_what_a_method_does_to_its_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[str], str], found: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "media.py"
    source.write_text(STATEFUL)
    settings = load_settings(None, cwd=tmp_path)

    def findings(cache: bool) -> list[tuple[int, str]]:
        options = RunOptions(cache_dir=tmp_path / ".noblock_cache" if cache else None)
        results = check_paths(["media.py"], settings, options, jobs=1)
        return [(f.location.row, f.code) for r in results for f in r.findings]

    assert findings(cache=True) == []
    _edit(source, edit(STATEFUL))
    warm = findings(cache=True)
    assert warm == findings(cache=False)
    assert bool(warm) is found


def test_a_run_where_nothing_changed_reads_no_file(grown: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _age(grown)
    cold = _full(grown)
    reads = _reads(monkeypatch)
    assert _full(grown) == cold
    assert reads == []
    os.utime(grown / "a.py")  # touched, not changed: read again, not parsed
    parsed = _parsed(monkeypatch)
    assert _full(grown) == cold
    assert (reads, parsed) == (["a.py"], [])


def test_files_modified_just_before_a_run_are_read_again(
    grown: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Their size and time may not change at the next edit, on a file system with a coarse clock.
    cold = _full(grown)
    parsed = _parsed(monkeypatch)
    assert _full(grown) == cold
    assert parsed == []
    record = _record(grown)
    assert [state.stat for state in record.files] == [None] * len(FILES)


def test_many_changed_files_go_through_the_full_pass(grown: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _full(grown)
    monkeypatch.setattr(runner, "_MAX_REDONE", 1)
    _edit(grown / "a.py", "# 1\n" + BAD)
    _edit(grown / "b.py", "# 2\n" + BAD)
    passes = _passes(monkeypatch)
    warm = _full(grown)
    assert passes == [1]
    assert warm == _full(grown, cache=False)


def test_the_record_keeps_what_the_pass_learnt(grown: Path) -> None:
    _full(grown)
    record = _record(grown)
    states = dict(zip(record.paths, record.files))
    assert states["helpers.py"].asked
    assert states["helpers.py"].signature is None
    assert states["mixed.py"].explored == ("mixed.wait", "mixed.idle", "mixed.relay")
    assert states["caller.py"].signature is not None
    assert not states["caller.py"].asked
    # Keyed by the callee and what the call passes (by position; by keyword; its string constants).
    assert set(record.ways) == {
        "helpers.pause(0;)",
        "mixed.wait(0;)",
        'mixed.session.get(1;;[["0", "u"]])',
        'mixed.chain.invoke(1;;[["0", "q"]])',
    }
    assert record.ways['mixed.session.get(1;;[["0", "u"]])'] == Way("requests.Session.get", (), library=True)
    assert record.ways['mixed.chain.invoke(1;;[["0", "q"]])'] == Way("invoke", (), library=True, by_name=True)


def test_a_run_that_read_files_beside_the_checked_ones_leaves_no_record(project: Path) -> None:
    # `helpers.py` is read because `caller.py` calls it, not checked: a record of the checked files
    # would not see it change.
    settings = load_settings(None, cwd=project)
    options = RunOptions(cache_dir=project / ".noblock_cache")

    def found() -> list[tuple[str, str]]:
        return [
            (f.filename, f.code)
            for r in check_paths(["caller.py"], settings, options, jobs=1)
            for f in r.findings
        ]

    assert found() == [("caller.py", "NB200")]
    assert list((project / ".noblock_cache").rglob("*-run.json")) == []
    _edit(project / "helpers.py", HELPER.replace("time.sleep(1)", "pass"))
    assert found() == []
    _run(project)  # with every file checked, the run is recorded
    assert len(list((project / ".noblock_cache").rglob("*-run.json"))) == 1


def _record(project: Path) -> RunRecord:
    (stored,) = (project / ".noblock_cache").rglob("*-run.json")
    record = record_from_json(json.loads(stored.read_text()))
    assert record is not None
    return record


@pytest.mark.parametrize(
    "data",
    [None, [], {}, {"paths": ["a.py"], "files": [], "results": [], "ways": {}}, {"paths": 1}],
    ids=["none", "list", "empty", "lengths", "paths"],
)
def test_a_record_of_another_shape_is_ignored(data: object) -> None:
    assert record_from_json(data) is None


def test_a_cache_that_cannot_be_written_leaves_no_temporary_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot_replace(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.os, "replace", cannot_replace)
    cold = _run(project)
    monkeypatch.undo()
    assert cold == [("a.py", "NB101"), ("b.py", "NB101"), ("caller.py", "NB200")]
    written = sorted(path.name for path in (project / ".noblock_cache").rglob("*") if path.is_file())
    assert written == [".gitignore", "CACHEDIR.TAG"]


def test_without_the_pass_a_warm_run_reads_only_what_changed(
    grown: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    direct = ["NB1"]  # NB200 not selected: no whole-project pass
    _age(grown)
    cold = _full(grown, select=direct)
    assert {code for *_, code, _ in cold} == {"NB101", "NB108"}
    reads, parsed = _reads(monkeypatch), _parsed(monkeypatch)
    assert _full(grown, select=direct) == cold
    assert (reads, parsed) == ([], [])
    _edit(grown / "a.py", "# down\n" + BAD)
    warm = _full(grown, select=direct)
    assert (reads, parsed) == (["a.py"], ["a.py"])
    assert warm == _full(grown, cache=False, select=direct)
    assert warm != cold


def test_a_warm_run_after_one_of_two_helpers_changed_follows_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pass looks up the helpers' explored summaries in the cache: one is there (unchanged), the
    # other is not (edited). It used to go on with the first only, and lose the second's findings.
    (tmp_path / "one.py").write_text("import time\n\n\ndef pause():\n    time.sleep(1)\n")
    (tmp_path / "two.py").write_text("def load(path):\n    return open(path).read()\n")
    (tmp_path / "api.py").write_text(
        "from one import pause\nfrom two import load\n\n\nasync def handler(path):\n"
        "    pause()\n    return load(path)\n"
    )
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, cwd=tmp_path)
    files = ["api.py", "one.py", "two.py"]
    options = RunOptions(cache_dir=tmp_path / ".noblock_cache")

    def codes(cache: RunOptions) -> list[tuple[str, int, str]]:
        results = check_paths(files, settings, cache, jobs=1)
        return [(f.filename, f.location.row, f.code) for r in results for f in r.findings]

    assert codes(options) == [("api.py", 6, "NB200"), ("api.py", 7, "NB200")]
    (tmp_path / "two.py").write_text("def load(path):\n    return open(path, 'rb').read()\n")
    assert codes(options) == codes(RunOptions()) == [("api.py", 6, "NB200"), ("api.py", 7, "NB200")]
