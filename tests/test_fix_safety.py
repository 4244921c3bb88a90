"""Fixing never loses data: atomic writes, no write over a file that changed or vanished meanwhile,
read-only files refused, links, owner and permissions kept, nothing left behind when interrupted.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from noblock import runner
from noblock.cli import main
from noblock.writer import WriteError, write_atomic

SLEEP = "import time\n\n\nasync def f():\n    time.sleep(1)\n"
SLEEP_FIXED = "import time\nimport asyncio\n\n\nasync def f():\n    await asyncio.sleep(1)\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "a.py").write_text(SLEEP)
    (tmp_path / "b.py").write_text(SLEEP)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fix(capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, str]:
    status = main(["check", *(paths or ("a.py", "b.py")), "--fix"])
    return status, capsys.readouterr().err


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".noblock-"))


def test_a_failed_write_leaves_the_original_whole(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_disk(descriptor: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", failing_disk)
    status, err = fix(capsys, "a.py")
    assert (status, err) == (2, f"a.py: error: cannot write: {os.strerror(errno.EIO)}\n")
    assert (project / "a.py").read_text() == SLEEP
    assert leftovers(project) == []


def test_an_interrupted_write_leaves_the_original_whole(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    status, err = fix(capsys, "a.py")
    assert status == 130
    assert err.strip() == "noblock: interrupted"
    assert (project / "a.py").read_text() == SLEEP
    assert leftovers(project) == []


def _meanwhile(monkeypatch: pytest.MonkeyPatch, change: object) -> None:
    """Run `change` on a.py while noblock works on it: after it was read and fixed, before it is written."""
    real = runner.check_source

    def check_source(data: bytes, filename: str, *args: object, **kwargs: object) -> object:
        result = real(data, filename, *args, **kwargs)  # type: ignore[arg-type]
        if filename.endswith("a.py") and result.fixed:
            change(Path(filename))  # type: ignore[operator]
        return result

    monkeypatch.setattr(runner, "check_source", check_source)


def test_a_file_edited_during_the_run_is_not_overwritten(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _meanwhile(monkeypatch, lambda path: path.write_text(SLEEP + "# saved by the editor\n"))
    status, err = fix(capsys)
    assert (status, err) == (
        2,
        "a.py: error: file changed on disk while noblock was running; not overwritten\n",
    )
    assert (project / "a.py").read_text() == SLEEP + "# saved by the editor\n"
    assert (project / "b.py").read_text() == SLEEP_FIXED
    assert leftovers(project) == []


def test_a_file_removed_during_the_run_is_not_recreated(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _meanwhile(monkeypatch, Path.unlink)
    status, err = fix(capsys)
    assert (status, err) == (2, "a.py: error: file was removed while noblock was running; not written\n")
    assert not (project / "a.py").exists()
    assert (project / "b.py").read_text() == SLEEP_FIXED
    assert leftovers(project) == []


def test_read_only_file_is_refused_even_for_root(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "a.py").chmod(0o444)
    status, err = fix(capsys)
    assert (status, err) == (2, "a.py: error: file is read-only; not fixed\n")
    assert (project / "a.py").read_text() == SLEEP
    assert (project / "b.py").read_text() == SLEEP_FIXED


def test_a_symbolic_link_stays_a_link(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "lib").mkdir()
    (project / "a.py").rename(project / "lib" / "real.py")
    (project / "a.py").symlink_to(Path("lib", "real.py"))
    assert fix(capsys, "a.py") == (0, "")
    assert (project / "a.py").is_symlink()
    assert (project / "lib" / "real.py").read_text() == SLEEP_FIXED
    assert leftovers(project) == leftovers(project / "lib") == []


def test_owner_group_and_mode_are_kept(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "a.py"
    if os.geteuid() == 0:
        os.chown(path, 12345, 23456)  # root fixing someone else's file
    before = path.stat()
    path.chmod(0o4751)
    assert fix(capsys, "a.py") == (0, "")
    after = path.stat()
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert stat.S_IMODE(after.st_mode) == 0o4751
    assert after.st_ino != before.st_ino  # replaced in one step, not rewritten in place


def test_a_fix_the_file_encoding_cannot_hold_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    original = "# -*- coding: latin-1 -*-\nx = 1\n".encode("latin-1")
    path.write_bytes(original)
    with pytest.raises(WriteError, match="the fix cannot be encoded as latin-1"):
        write_atomic(str(path), original, "# -*- coding: latin-1 -*-\nx = '\u65e5'\n", "latin-1")
    assert path.read_bytes() == original
    assert leftovers(tmp_path) == []
