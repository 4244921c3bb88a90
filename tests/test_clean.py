"""`noblock clean`: it removes the caches noblock made, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run

BAD = "import time\n\n\nasync def f():\n    time.sleep(1)\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "a.py").write_text(BAD)
    return tmp_path


def test_clean_removes_every_cache_below_the_paths(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["check", "app"], capsys)
    run(["check", "app", "--cache-dir", "app/.other_cache"], capsys)
    assert (project / ".noblock_cache").is_dir()
    assert (project / "app" / ".other_cache").is_dir()
    status, out, err = run(["clean"], capsys)
    assert (status, err) == (0, "")
    assert sorted(out.splitlines()) == ["Removed .noblock_cache", "Removed app/.other_cache"]
    assert not (project / ".noblock_cache").exists()
    assert not (project / "app" / ".other_cache").exists()
    assert (project / "app" / "a.py").read_text() == BAD
    assert run(["clean"], capsys) == (0, "No cache found.\n", "")


def test_clean_of_one_cache_folder(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["check", "app", "--cache-dir", "elsewhere"], capsys)
    run(["check", "app"], capsys)
    assert run(["clean", "--cache-dir", "elsewhere"], capsys) == (0, "Removed elsewhere\n", "")
    assert not (project / "elsewhere").exists()
    assert (project / ".noblock_cache").is_dir()  # only the folder named


def test_clean_leaves_a_folder_noblock_did_not_make(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "data").mkdir()
    (project / "data" / "keep.txt").write_text("keep")
    status, out, err = run(["clean", "--cache-dir", "data"], capsys)
    assert (status, out) == (2, "")
    assert "data: not a noblock cache" in err
    assert (project / "data" / "keep.txt").read_text() == "keep"
    # A folder named like a cache, without noblock's tag, is not one either.
    (project / ".noblock_cache").mkdir()
    assert run(["clean"], capsys) == (0, "No cache found.\n", "")
    assert (project / ".noblock_cache").is_dir()


def test_clean_does_not_look_inside_git(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["check", "app", "--cache-dir", ".git/kept"], capsys)
    assert run(["clean"], capsys) == (0, "No cache found.\n", "")
    assert (project / ".git" / "kept" / "CACHEDIR.TAG").exists()


def test_clean_of_a_missing_path_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["clean", "nowhere"], capsys)
    assert (status, out) == (2, "")
    assert err == "noblock: error: nowhere: no such file or folder\n"


def test_clean_reports_a_folder_it_cannot_remove(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(["check", "app"], capsys)

    def refuse(path: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("shutil.rmtree", refuse)
    status, out, err = run(["clean"], capsys)
    assert (status, out) == (2, "")
    assert err == "noblock: error: .noblock_cache: Permission denied\n"
