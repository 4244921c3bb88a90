"""`noblock check --add-noqa`: every current finding suppressed where it is, and nothing else changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run

from noblock.add_noqa import add_noqa_comments
from noblock.findings import Finding, Location

SLEEPS = (
    "import time\n"
    "\n"
    "\n"
    "async def f(path):\n"
    "    time.sleep(1)\n"
    "    time.sleep(2)  # wait for the cache\n"
    "    time.sleep(3)  # noqa: E501\n"
    "    time.sleep(4); open(path)\n"
)
SLEEPS_SUPPRESSED = (
    "import time\n"
    "\n"
    "\n"
    "async def f(path):\n"
    "    time.sleep(1)  # noqa: NB101\n"
    "    time.sleep(2)  # wait for the cache  # noqa: NB101\n"
    "    time.sleep(3)  # noqa: E501, NB101\n"
    "    time.sleep(4); open(path)  # noqa: NB101, NB104\n"
)


def test_adds_one_directive_per_line_and_merges_with_existing_ones(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_cwd / "a.py").write_text(SLEEPS)
    status, out, err = run(["check", ".", "--add-noqa"], capsys)
    assert (status, out, err) == (0, "", "Added 4 noqa directives.\n")
    assert (tmp_cwd / "a.py").read_text() == SLEEPS_SUPPRESSED
    assert run(["check", "."], capsys)[:2] == (0, "No blocking calls found.\n")


def test_second_run_adds_nothing(tmp_cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_cwd / "a.py").write_text(SLEEPS)
    run(["check", ".", "--add-noqa"], capsys)
    assert run(["check", ".", "--add-noqa"], capsys) == (0, "", "Added 0 noqa directives.\n")
    assert (tmp_cwd / "a.py").read_text() == SLEEPS_SUPPRESSED


def test_respects_selection(tmp_cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_cwd / "a.py").write_text("import time\n\n\nasync def f(p):\n    time.sleep(1); open(p)\n")
    assert run(["check", "a.py", "--add-noqa", "--select", "NB104"], capsys)[0] == 0
    assert (tmp_cwd / "a.py").read_text().endswith("    time.sleep(1); open(p)  # noqa: NB104\n")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (SLEEPS.replace("\n", "\r\n").encode(), SLEEPS_SUPPRESSED.replace("\n", "\r\n").encode()),
        (b"\xef\xbb\xbf" + SLEEPS.encode(), b"\xef\xbb\xbf" + SLEEPS_SUPPRESSED.encode()),
        (
            ("# -*- coding: latin-1 -*-\n" + SLEEPS.replace("cache", "cach\xe9")).encode("latin-1"),
            ("# -*- coding: latin-1 -*-\n" + SLEEPS_SUPPRESSED.replace("cache", "cach\xe9")).encode(
                "latin-1"
            ),
        ),
    ],
    ids=["crlf", "bom", "latin-1"],
)
def test_keeps_line_endings_bom_and_encoding(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str], raw: bytes, expected: bytes
) -> None:
    (tmp_cwd / "a.py").write_bytes(raw)
    assert run(["check", "a.py", "--add-noqa"], capsys)[0] == 0
    assert (tmp_cwd / "a.py").read_bytes() == expected


def test_last_line_without_newline(tmp_cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_cwd / "a.py").write_text("import time\nasync def f():\n    time.sleep(1)")
    assert run(["check", "a.py", "--add-noqa"], capsys)[0] == 0
    assert (tmp_cwd / "a.py").read_text() == "import time\nasync def f():\n    time.sleep(1)  # noqa: NB101"


def test_line_ending_inside_a_string_is_refused_not_corrupted(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = (
        "import requests\n"
        "import time\n\n\n"
        "async def f(u):\n"
        '    requests.post(u, data="""\n'
        '    payload""")\n'
        "    time.sleep(1)\n"
    )
    (tmp_cwd / "a.py").write_text(source)
    status, _, err = run(["check", "a.py", "--add-noqa"], capsys)
    assert status == 1
    assert err == (
        "a.py:6: cannot add a `# noqa` comment: the line ends inside a string or continues on the next line\n"
        "Added 1 noqa directive.\n"
    )
    assert (tmp_cwd / "a.py").read_text() == source.replace(
        "time.sleep(1)\n", "time.sleep(1)  # noqa: NB101\n"
    )


def test_backslash_continuation_is_refused(tmp_cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = "import time\n\n\nasync def f():\n    x = time.sleep(1) + \\\n        2\n"
    (tmp_cwd / "a.py").write_text(source)
    status, _, err = run(["check", "a.py", "--add-noqa"], capsys)
    assert status == 1
    assert "a.py:5: cannot add a `# noqa` comment" in err
    assert (tmp_cwd / "a.py").read_text() == source


def test_call_in_an_open_bracket_gets_its_comment(tmp_cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = "import time\n\n\nasync def f():\n    x = [\n        time.sleep(1),\n    ]\n"
    (tmp_cwd / "a.py").write_text(source)
    assert run(["check", "a.py", "--add-noqa"], capsys)[0] == 0
    assert "        time.sleep(1),  # noqa: NB101\n" in (tmp_cwd / "a.py").read_text()
    assert run(["check", "a.py"], capsys)[0] == 0


@pytest.mark.parametrize("other", [["--fix"], ["--diff"], ["-"]])
def test_cannot_be_combined_with_fixing_or_standard_input(
    other: list[str], tmp_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_cwd / "a.py").write_text(SLEEPS)
    status, _, err = run(["check", "a.py", "--add-noqa", *other], capsys)
    assert status == 2
    assert "--add-noqa works on files" in err
    assert (tmp_cwd / "a.py").read_text() == SLEEPS


def test_unreadable_file_is_an_error_and_others_are_still_done(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_cwd / "a.py").write_text(SLEEPS)
    (tmp_cwd / "broken.py").write_text("async def f(:\n")
    status, _, err = run(["check", ".", "--add-noqa"], capsys)
    assert status == 2
    assert "broken.py: error: syntax error" in err
    assert (tmp_cwd / "a.py").read_text() == SLEEPS_SUPPRESSED


def test_comments_and_strings_that_look_like_noqa_are_left_alone() -> None:
    text = 'async def f():\n    g("# noqa: E501"); time.sleep(1)  # not a noqa: E501 one\n'
    finding = _finding(2, "NB101")
    edit = add_noqa_comments(text, [finding])
    assert edit.text == (
        'async def f():\n    g("# noqa: E501"); time.sleep(1)  # not a noqa: E501 one  # noqa: NB101\n'
    )


def test_nothing_to_add() -> None:
    assert add_noqa_comments("x = 1\n", []).added == 0


def _finding(row: int, code: str) -> Finding:
    return Finding(
        filename="a.py",
        location=Location(row, 5),
        end_location=Location(row, 18),
        code=code,
        message="",
        qualified_name=None,
        replacement="",
    )
