"""Every exit status of `noblock check`, option by option (0 clean, 1 findings, 2 errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from noblock.cli import main

SLEEP = "import time\n\n\nasync def f():\n    time.sleep(1)\n"  # fixable, safely
OPEN = "async def f(p):\n    with open(p) as h:\n        return h.name\n"  # no fix
CLEAN = "import asyncio\n\n\nasync def f():\n    await asyncio.sleep(1)\n"
BROKEN = "async def f(:\n"


@pytest.mark.parametrize(
    ("files", "argv", "status"),
    [
        ({"a.py": CLEAN}, [], 0),
        ({"a.py": SLEEP}, [], 1),
        ({"a.py": BROKEN}, [], 2),
        ({"a.py": SLEEP}, ["--exit-zero"], 0),
        ({"a.py": SLEEP, "b.py": BROKEN}, ["--exit-zero"], 2),
        ({"a.py": SLEEP}, ["--fix"], 0),
        ({"a.py": SLEEP}, ["--fix", "--exit-non-zero-on-fix"], 1),
        ({"a.py": SLEEP}, ["--fix", "--exit-non-zero-on-fix", "--exit-zero"], 0),
        ({"a.py": CLEAN}, ["--fix", "--exit-non-zero-on-fix"], 0),
        ({"a.py": OPEN}, ["--fix", "--exit-non-zero-on-fix"], 1),
        ({"a.py": OPEN}, ["--fix"], 1),
        ({"a.py": SLEEP}, ["--exit-non-zero-on-fix"], 1),
        ({"a.py": CLEAN}, ["--exit-non-zero-on-fix"], 0),
        ({"a.py": SLEEP}, ["--diff"], 1),
        ({"a.py": OPEN}, ["--diff"], 0),
        ({"a.py": SLEEP}, ["--diff", "--exit-zero"], 0),
        ({"a.py": SLEEP}, ["--statistics"], 1),
        ({"a.py": SLEEP}, ["--statistics", "--output-format", "junit"], 2),
        ({"a.py": SLEEP}, ["--output-format", "sarif", "--output-file", "out.sarif"], 1),
        ({"a.py": CLEAN}, ["--output-format", "junit", "--output-file", "out.xml"], 0),
        ({"a.py": SLEEP}, ["--output-format", "yaml"], 2),
        ({"a.py": SLEEP}, ["--add-noqa"], 0),
        ({"a.py": SLEEP}, ["--add-noqa", "--fix"], 2),
        ({"a.py": SLEEP, "pyproject.toml": "[tool.noblock]\noutput-format = 1\n"}, [], 2),
    ],
)
def test_exit_status(
    files: dict[str, str],
    argv: list[str],
    status: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    assert main(["check", ".", *argv]) == status
    capsys.readouterr()


def test_exit_non_zero_on_fix_still_writes_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.py").write_text(SLEEP)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "a.py", "--fix", "--exit-non-zero-on-fix"]) == 1
    assert "await asyncio.sleep(1)" in (tmp_path / "a.py").read_text()
    assert capsys.readouterr().out == "Found 1 blocking call (1 fixed, 0 remaining).\n"
    assert main(["check", "a.py", "--fix", "--exit-non-zero-on-fix"]) == 0
