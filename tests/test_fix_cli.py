"""`--fix`, `--unsafe-fixes`, `--diff`, `--show-fixes`, and what fixing does to files on disk."""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path

import pytest
from cli_runner import run

from noblock import runner
from noblock.fixer import FixOutcome
from noblock.writer import WriteError, write_atomic

SLEEP = "import time\n\n\nasync def f():\n    time.sleep(1)\n"
SLEEP_FIXED = "import time\nimport asyncio\n\n\nasync def f():\n    await asyncio.sleep(1)\n"
SQLITE = "import sqlite3\n\n\nasync def f(conn: sqlite3.Connection):\n    conn.commit()\n"
MIXED = (
    "import time\n\n\nasync def f(path):\n    time.sleep(1)\n"
    "    with open(path) as h:\n        return h.name\n"
)


def test_fix_writes_and_exits_0_when_nothing_remains(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_cwd / "a.py").write_text(SLEEP)
    status, out, _ = run(["check", "a.py", "--fix"], capsys)
    assert (status, out) == (0, "Found 1 blocking call (1 fixed, 0 remaining).\n")
    assert (tmp_cwd / "a.py").read_text() == SLEEP_FIXED


def test_fix_reports_what_remains(tmp_cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_cwd / "a.py").write_text(MIXED)
    status, out, _ = run(["check", "a.py", "--fix"], capsys)
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith("a.py:7:10: NB104 `open()` does blocking file I/O")
    assert lines[0].endswith(
        "(no automatic fix: it opens a `with` block whose body would still block; "
        "use an async context manager)"
    )
    assert lines[1] == "Found 2 blocking calls (1 fixed, 1 remaining)."


def test_unsafe_fixes_are_hidden_until_enabled(tmp_cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_cwd / "a.py").write_text(SQLITE)
    status, out, _ = run(["check", "a.py"], capsys)
    assert status == 1
    assert "NB107 `conn.commit()`" in out
    assert "[*]" not in out.splitlines()[0]
    assert (
        out.splitlines()[-1]
        == "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option)."
    )
    status, out, _ = run(["check", "a.py", "--fix"], capsys)
    assert status == 1
    assert (tmp_cwd / "a.py").read_text() == SQLITE
    (tmp_cwd / "b.py").write_text(SQLITE.replace("conn.commit()", "conn.commit()\n    conn.rollback()"))
    _, out, _ = run(["check", "b.py"], capsys)
    assert out.splitlines()[-1].startswith("No fixes available (2 hidden fixes can be enabled")
    status, out, _ = run(["check", "a.py", "--unsafe-fixes"], capsys)
    assert "NB107 [*] `conn.commit()`" in out
    status, out, _ = run(["check", "a.py", "--fix", "--unsafe-fixes"], capsys)
    assert status == 0
    assert "run_in_executor(None, conn.commit)" in (tmp_cwd / "a.py").read_text()


def test_diff_prints_and_writes_nothing(tmp_cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_cwd / "a.py").write_text(SLEEP)
    status, out, err = run(["check", "a.py", "--diff"], capsys)
    assert status == 1
    assert out == (
        "--- a.py\n+++ a.py\n@@ -1,5 +1,6 @@\n import time\n+import asyncio\n \n \n async def f():\n"
        "-    time.sleep(1)\n+    await asyncio.sleep(1)\n"
    )
    assert err == "Would fix 1 blocking call.\n"
    assert (tmp_cwd / "a.py").read_text() == SLEEP


def test_diff_exits_0_when_nothing_to_fix(tmp_cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_cwd / "a.py").write_text("async def f():\n    pass\n")
    assert run(["check", "a.py", "--diff"], capsys) == (0, "", "Would fix 0 blocking calls.\n")


def test_show_fixes(tmp_cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_cwd / "a.py").write_text(SLEEP + "\n\nasync def g():\n    time.sleep(2)\n")
    _, out, _ = run(["check", "a.py", "--fix", "--show-fixes"], capsys)
    assert out.splitlines() == [
        "Fixed 2 blocking calls:",
        "- a.py:",
        "    2 × NB101 (blocking-sleep)",  # noqa: RUF001
        "Found 2 blocking calls (2 fixed, 0 remaining).",
    ]


def test_fix_on_standard_input(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(SLEEP.encode()))
    status, out, err = run(["check", "-", "--fix"], capsys)
    assert (status, out) == (0, SLEEP_FIXED)
    assert err == "Found 1 blocking call (1 fixed, 0 remaining).\n"


def test_diff_on_standard_input(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(SLEEP.encode()))
    status, out, _ = run(["check", "-", "--diff", "--stdin-filename", "piped.py"], capsys)
    assert status == 1
    assert out.startswith("--- piped.py\n+++ piped.py\n")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (SLEEP.replace("\n", "\r\n").encode(), SLEEP_FIXED.replace("\n", "\r\n").encode()),
        (b"\xef\xbb\xbf" + SLEEP.encode(), b"\xef\xbb\xbf" + SLEEP_FIXED.encode()),
        (
            ("# -*- coding: latin-1 -*-\n" + SLEEP.replace("(1)", "(1)  # d\xe9lai")).encode("latin-1"),
            ("# -*- coding: latin-1 -*-\n" + SLEEP_FIXED.replace("(1)", "(1)  # d\xe9lai")).encode("latin-1"),
        ),
    ],
    ids=["crlf", "bom", "latin-1"],
)
def test_fix_keeps_line_endings_bom_and_encoding(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str], raw: bytes, expected: bytes
) -> None:
    (tmp_cwd / "a.py").write_bytes(raw)
    assert run(["check", "a.py", "--fix"], capsys)[0] == 0
    assert (tmp_cwd / "a.py").read_bytes() == expected


def test_fix_keeps_permissions_and_leaves_no_temporary_file(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_cwd / "a.py"
    path.write_text(SLEEP)
    path.chmod(0o751)
    assert run(["check", "a.py", "--fix"], capsys)[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    assert sorted(os.listdir(tmp_cwd)) == [".noblock_cache", "a.py"]  # the results cache, nothing else


def test_read_only_file_is_an_error_for_that_file_only(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_cwd / "a.py").write_text(SLEEP)
    (tmp_cwd / "b.py").write_text(SLEEP)
    (tmp_cwd / "a.py").chmod(0o444)
    if os.geteuid() == 0:
        # Root may write any file; show noblock an ordinary user's view of the read-only one.
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda path, mode: not str(path).endswith("a.py") and real_access(path, mode)
        )
    status, _, err = run(["check", ".", "--fix"], capsys)
    assert status == 2
    assert "a.py: error: file is read-only; not fixed" in err
    assert (tmp_cwd / "a.py").read_text() == SLEEP
    assert (tmp_cwd / "b.py").read_text() == SLEEP_FIXED


def test_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("changed meanwhile\n")
    with pytest.raises(WriteError, match="changed on disk while noblock was running"):
        write_atomic(str(path), SLEEP.encode(), SLEEP_FIXED, "utf-8")
    assert path.read_text() == "changed meanwhile\n"
    assert os.listdir(tmp_path) == ["a.py"]


def test_fix_that_would_not_parse_is_reported_and_not_written(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import noblock.fixer

    def broken(text: str, findings: list[object]) -> FixOutcome:
        return FixOutcome("def (:\n", tuple(findings))  # type: ignore[arg-type]

    monkeypatch.setattr(noblock.fixer, "apply_fixes", broken)
    (tmp_cwd / "a.py").write_text(SLEEP)
    status, _, err = run(["check", "a.py", "--fix"], capsys)
    assert status == 2
    assert "a.py: error: internal error (please report this bug): the fixed code would not compile" in err
    assert (tmp_cwd / "a.py").read_text() == SLEEP


def test_internal_error_in_one_file_is_reported_and_the_run_goes_on(
    tmp_cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = runner.check_source

    def explode_on_a(data: bytes, filename: str, *args: object) -> object:
        if filename.endswith("a.py"):
            raise RuntimeError("boom")
        return real(data, filename, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "check_source", explode_on_a)
    (tmp_cwd / "a.py").write_text(SLEEP)
    (tmp_cwd / "b.py").write_text(SLEEP)
    status, out, err = run(["check", "."], capsys)
    assert status == 2
    assert "a.py: error: internal error (please report this bug): RuntimeError('boom')" in err
    assert "b.py:5:5: NB101" in out


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)
