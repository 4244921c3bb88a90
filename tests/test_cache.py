"""The results cache: hits, misses, invalidation, corruption, races, and what a warm run re-parses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from noblock import runner
from noblock.cache import ResultCache, settings_fingerprint
from noblock.config import Settings, load_settings
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
    """Record which files are parsed: cache misses go through `check_path`, modules the
    whole-project pass explores on demand through `_explore_work`."""
    seen: list[str] = []
    check, explore = runner.check_path, runner._explore_work

    def checking(path: str, *args: object, **kwargs: object) -> object:
        seen.append(path)
        return check(path, *args, **kwargs)  # type: ignore[arg-type]

    def exploring(work: tuple[str, ...], *args: object) -> object:
        seen.append(work[0])
        return explore(work, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "check_path", checking)
    monkeypatch.setattr(runner, "_explore_work", exploring)
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
