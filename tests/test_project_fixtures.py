"""Whole-project fixtures: blocking calls one or more calls away, across modules and classes.

Each folder under tests/fixtures/projects is a small project (its own pyproject.toml, if any, is its
configuration). A line expecting a finding carries `# NB200: COLUMN via name, name, ...`: the
column of the call and the names along the chain, down to the blocking call.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from noblock.config import find_config_file, load_settings
from noblock.discovery import discover
from noblock.runner import check_paths

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


def test_selecting_only_nb200_still_follows_every_blocking_call(monkeypatch: pytest.MonkeyPatch) -> None:
    root = PROJECTS / "basic"
    monkeypatch.chdir(root)
    settings = load_settings(None, cwd=root, select=["NB200"])
    found = [
        f.code for r in check_paths(discover(["."], settings).files, settings, jobs=1) for f in r.findings
    ]
    assert found == ["NB200"] * 4


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
    assert found == [("load_profile", "open()"), ("load_profile", "open()")]


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
        {"name": "load_profile", "filename": "app/storage.py", "row": 5},
        {"name": "open()", "filename": "app/storage.py", "row": 6},
    ]


def test_fix_offloads_a_call_that_blocks_through_project_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from noblock.cli import main

    (tmp_path / "helpers.py").write_text("import time\n\n\ndef pause(seconds):\n    time.sleep(seconds)\n")
    (tmp_path / "api.py").write_text("from helpers import pause\n\n\nasync def handler():\n    pause(1)\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", ".", "--fix", "--no-cache", "-q"]) == 0
    assert (tmp_path / "api.py").read_text() == (
        "from helpers import pause\nimport asyncio\nimport functools\n\n\nasync def handler():\n"
        "    await asyncio.get_running_loop().run_in_executor(None, functools.partial(pause, 1))\n"
    )
    assert main(["check", ".", "--no-cache", "-q"]) == 0


@pytest.mark.parametrize("path", sorted(PROJECTS.rglob("*.py")), ids=lambda p: str(p.relative_to(PROJECTS)))
def test_direct_findings_do_not_depend_on_summarizing(path: Path) -> None:
    from noblock.runner import analyse_file, ruleset_for

    settings = load_settings(None, cwd=path.parent)
    text = path.read_text(encoding="utf-8")
    plain, _ = analyse_file(text, str(path), settings, ruleset_for(settings))
    summarized, _ = analyse_file(text, str(path), settings, ruleset_for(settings), summarize=True)
    assert plain == summarized
