"""NB900 from the command line: selection, ignores, file-level comments, output, `--fix`, `--add-noqa`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from cli_runner import run

HANDLER = (
    "import asyncio\n"
    "import time\n"
    "\n"
    "\n"
    "async def handler():\n"
    "    await asyncio.sleep(1)  # noqa: NB101\n"
    "    time.sleep(1)  # noqa: NB101\n"
)


@pytest.fixture
def handler(tmp_cwd: Path) -> Path:
    path = tmp_cwd / "app.py"
    path.write_text(HANDLER)
    return path


def test_off_by_default(handler: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "app.py", "--no-cache"], capsys) == (0, "No blocking calls found.\n", "")


@pytest.mark.parametrize("select", [["--extend-select", "NB900"], ["--select", "NB1,NB900"]])
def test_selected_with_or_without_the_whole_project_pass(
    handler: Path, select: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["check", "app.py", "--no-cache", *select], capsys)
    assert status == 1
    assert out == (
        "app.py:6:29: NB900 [*] NB101 in `# noqa` silences nothing on this line; remove it\n"
        "Found 1 stale `noqa` comment in 1 file.\n"
        "[*] 1 fixable with the `--fix` option.\n"
    )


def test_a_code_the_run_ignores_is_not_judged(handler: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["check", "app.py", "--no-cache", "--extend-select", "NB900", "--ignore", "NB101"], capsys
    )
    assert (status, out) == (0, "No blocking calls found.\n")


def test_per_file_ignores_and_suppressions_apply_to_nb900(
    handler: Path, tmp_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_cwd / "pyproject.toml").write_text(
        '[tool.noblock]\nextend-select = ["NB900"]\n[tool.noblock.per-file-ignores]\n"app.py" = ["NB900"]\n'
    )
    assert run(["check", "app.py", "--no-cache"], capsys)[:2] == (0, "No blocking calls found.\n")
    (tmp_cwd / "pyproject.toml").write_text('[tool.noblock]\nextend-select = ["NB900"]\n')
    handler.write_text(HANDLER.replace("# noqa: NB101\n", "# noqa: NB101, NB900\n", 1))
    assert run(["check", "app.py", "--no-cache"], capsys)[:2] == (0, "No blocking calls found.\n")


@pytest.mark.parametrize("file_noqa", ["# noblock: noqa: NB101\n", "# noblock: noqa\n"])
def test_codes_silenced_in_the_whole_file_are_not_judged(
    handler: Path, file_noqa: str, capsys: pytest.CaptureFixture[str]
) -> None:
    handler.write_text(file_noqa + HANDLER)
    status, out, _ = run(["check", "app.py", "--no-cache", "--extend-select", "NB900"], capsys)
    assert (status, out) == (0, "No blocking calls found.\n")


def test_json_carries_the_comment_edit(handler: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["check", "app.py", "--no-cache", "--extend-select", "NB900", "--output-format", "json"], capsys
    )
    (finding,) = json.loads(out)
    assert (status, finding["code"], finding["location"], finding["end_location"]) == (
        1,
        "NB900",
        {"row": 6, "column": 29},
        {"row": 6, "column": 42},
    )
    assert finding["fix"]["applicability"] == "safe"
    # The comment goes with the spaces before it.
    assert finding["fix"]["edits"] == [
        {"content": "", "location": {"row": 6, "column": 27}, "end_location": {"row": 6, "column": 42}}
    ]


def test_diff_and_fix_remove_the_unused_code(handler: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["check", "app.py", "--no-cache", "--extend-select", "NB900", "--diff"], capsys)
    assert (status, err) == (1, "Would fix 1 stale `noqa` comment.\n")
    assert "-    await asyncio.sleep(1)  # noqa: NB101\n+    await asyncio.sleep(1)\n" in out
    status, out, _ = run(
        ["check", "app.py", "--no-cache", "--extend-select", "NB900", "--fix", "--show-fixes"], capsys
    )
    assert status == 0
    assert "Fixed 1 stale `noqa` comment:\n- app.py:\n    1 × NB900 (unused-noqa)\n" in out  # noqa: RUF001
    assert handler.read_text() == HANDLER.replace("asyncio.sleep(1)  # noqa: NB101", "asyncio.sleep(1)")


def test_add_noqa_does_not_silence_unused_codes(handler: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["check", "app.py", "--no-cache", "--extend-select", "NB900", "--add-noqa"], capsys)
    assert (status, err, handler.read_text()) == (0, "Added 0 noqa directives.\n", HANDLER)


def test_nb200_codes_are_judged_after_the_whole_project_pass(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_cwd / "helpers.py").write_text(
        "import time\n\n\ndef pure():\n    return 1\n\n\ndef slow():\n    time.sleep(1)\n"
    )
    (tmp_cwd / "app.py").write_text(
        "from helpers import pure, slow\n\n\n"
        "async def handler():\n"
        "    slow()  # noqa: NB200\n"
        "    return pure()  # noqa: NB200\n"
    )
    status, out, _ = run(["check", ".", "--no-cache", "--extend-select", "NB900"], capsys)
    assert (status, out.splitlines()[0]) == (
        1,
        "app.py:6:20: NB900 [*] NB200 in `# noqa` silences nothing on this line; remove it",
    )
    assert "Found 1 stale `noqa` comment in 1 file." in out
    # Without the pass, NB200 is not reported, and its codes are not judged.
    status, out, _ = run(["check", ".", "--no-cache", "--select", "NB1,NB900"], capsys)
    assert (status, out) == (0, "No blocking calls found.\n")
    # `--fix` removes the stale one, with the pass; a run from the cache after it finds nothing.
    status, out, _ = run(["check", ".", "--extend-select", "NB900", "--fix"], capsys)
    assert status == 0
    assert (tmp_cwd / "app.py").read_text().endswith("    slow()  # noqa: NB200\n    return pure()\n")
    assert run(["check", ".", "--extend-select", "NB900"], capsys)[:2] == (0, "No blocking calls found.\n")


@pytest.mark.parametrize("select", [["--extend-select", "NB900"], ["--select", "NB1,NB900"]])
def test_a_call_the_whole_project_pass_decides_is_judged_after_it(
    tmp_cwd: Path, select: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # With the pass, `session.get` is NB102 (the session is built in another module) and the
    # comment silences it; without the pass nothing is reported there, and the comment, which the
    # pass would need, is not judged.
    (tmp_cwd / "clients.py").write_text("import requests\n\nsession = requests.Session()\n")
    (tmp_cwd / "app.py").write_text(
        "from clients import session\n\n\n"
        "async def handler(url):\n    return session.get(url)  # noqa: NB102\n"
    )
    status, out, _ = run(["check", ".", "--no-cache", *select], capsys)
    assert (status, out) == (0, "No blocking calls found.\n")
    (tmp_cwd / "app.py").write_text((tmp_cwd / "app.py").read_text().replace("  # noqa: NB102", ""))
    status, out, _ = run(["check", ".", "--no-cache", *select], capsys)
    assert status == (1 if "--extend-select" in select else 0)


def test_without_the_pass_a_standard_library_call_does_not_leave_its_line_undecided(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_cwd / "app.py").write_text(
        "import json\n\n\nasync def handler(state):\n    return json.dumps(state)  # noqa: NB104\n"
    )
    status, out, _ = run(["check", "app.py", "--no-cache", "--select", "NB1,NB900"], capsys)
    # Python 3.9 does not list its standard library: every call's line stays undecided there.
    listed = sys.version_info >= (3, 10)
    assert (status, "NB900" in out) == ((1, True) if listed else (0, False))


def test_a_warm_run_judges_nb200_codes_as_a_cold_one(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_cwd / "helpers.py").write_text("import time\n\n\ndef slow():\n    time.sleep(1)\n")
    app = tmp_cwd / "app.py"
    app.write_text("from helpers import slow\n\n\nasync def handler():\n    slow()  # noqa: NB200, NB101\n")
    stale = "app.py:5:13: NB900 [*] NB101 in `# noqa` silences nothing on this line; remove it"
    assert run(["check", ".", "--extend-select", "NB900"], capsys)[1].splitlines()[0] == stale
    # A changed file whose summary is the same: checked alone, its calls matched to the recorded ways.
    app.write_text(app.read_text() + "\n\nVERSION = 2\n")
    assert run(["check", ".", "--extend-select", "NB900"], capsys)[1].splitlines()[0] == stale
    # A helper that no longer blocks: the whole pass again, and both codes are unused.
    (tmp_cwd / "helpers.py").write_text("def slow():\n    return 1\n")
    status, out, _ = run(["check", ".", "--extend-select", "NB900"], capsys)
    assert (status, out.splitlines()[0]) == (
        1,
        "app.py:5:13: NB900 [*] NB200, NB101 in `# noqa` silence nothing on this line; remove them",
    )
