"""noblock reads code and never runs it: no import of checked files, no network, no process started,
and no file written except the ones it fixes (and its own cache folder).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from noblock.cli import main

CACHE_FOLDER = ".noblock_cache"
FIXABLE = "import time\n\n\nasync def f():\n    time.sleep(1)\n"
NOT_FIXABLE = "import os\n\n\nasync def f():\n    for entry in os.walk('.'):\n        print(entry)\n"
CLEAN = "import asyncio\n\n\nasync def f():\n    await asyncio.sleep(1)\n"


def _hostile(marker: Path) -> str:
    """A module that leaves a marker, then kills the process, if anything imports or runs it."""
    return (
        "import os\nimport requests\n\n"
        f"open({str(marker)!r}, 'w').close()\n"
        "os._exit(99)\n\n\n"
        "async def handler(url):\n    return requests.get('https://example.invalid/' + url)\n\n\n"
        "if __name__ == '__main__':\n    raise SystemExit('executed')\n"
    )


@pytest.fixture
def hostile_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "project"
    (project / "pkg").mkdir(parents=True)
    marker = tmp_path / "MARKER"
    # Names an importer would pick up by itself: package and test configuration, build scripts,
    # start-up hooks, and modules that shadow what noblock imports.
    for name in (
        "pkg/__init__.py",
        "pkg/__main__.py",
        "pkg/app.py",
        "conftest.py",
        "setup.py",
        "sitecustomize.py",
        "usercustomize.py",
        "libcst.py",
        "click.py",
        "asyncio.py",
    ):
        (project / name).write_text(_hostile(marker))
    monkeypatch.chdir(tmp_path)
    return project


def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("noblock opened a network connection")

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)


def _no_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("noblock started a process")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    monkeypatch.setattr(os, "system", refuse)


@pytest.mark.parametrize(
    ("extra", "status"),
    [([], 1), (["--diff"], 1), (["--fix", "--unsafe-fixes"], 0), (["--output-format", "json"], 1)],
)
def test_checked_code_is_never_imported_or_run(
    hostile_project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    status: int,
) -> None:
    _no_network(monkeypatch)
    _no_processes(monkeypatch)
    assert main(["check", "project", *extra]) == status
    capsys.readouterr()
    assert not (hostile_project.parent / "MARKER").exists()
    loaded_from_project = [
        name
        for name, module in list(sys.modules.items())
        if str(getattr(module, "__file__", None) or "").startswith(str(hostile_project))
    ]
    assert loaded_from_project == []


def test_checked_code_is_never_run_by_python_dash_m(hostile_project: Path) -> None:
    # `python -m` puts the current folder first on sys.path: noblock takes it off before importing
    # anything, so the project's own `click.py` and `libcst.py` stay unread.
    completed = subprocess.run(
        [sys.executable, "-m", "noblock", "check", ".", "--no-cache"],
        cwd=hostile_project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (completed.returncode, completed.stderr) == (1, "")
    assert "NB102" in completed.stdout
    assert not (hostile_project.parent / "MARKER").exists()


def test_checked_code_is_never_run_by_the_installed_command(hostile_project: Path) -> None:
    # As the console script starts: its own folder, not the current one, is first on sys.path.
    command = [sys.executable, "-c", "import sys; del sys.path[0]; from noblock.cli import run; run()"]
    for extra in ([], ["--fix", "--unsafe-fixes"]):
        completed = subprocess.run(
            [*command, "check", ".", *extra],
            cwd=hostile_project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode in (0, 1), completed.stderr
        assert "Traceback" not in completed.stderr
        assert not (hostile_project.parent / "MARKER").exists()


def _tree(top: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under `top` (its cache folder aside): content, modification time and mode."""
    found = {}
    for folder, subfolders, names in os.walk(top):
        subfolders[:] = [name for name in subfolders if name != CACHE_FOLDER]
        for name in names:
            path = Path(folder, name)
            status = path.lstat()
            found[str(path.relative_to(top))] = (path.read_bytes(), status.st_mtime_ns, status.st_mode)
    return found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "project"
    (project / "src" / "pkg").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[tool.noblock]\nselect = ['NB1']\n")
    (project / "src" / "pkg" / "__init__.py").write_text("")
    (project / "src" / "pkg" / "fixable.py").write_text(FIXABLE)
    (project / "src" / "pkg" / "not_fixable.py").write_text(NOT_FIXABLE)
    (project / "src" / "pkg" / "clean.py").write_text(CLEAN)
    (project / "src" / "pkg" / "broken.py").write_text("async def f(:\n")
    (project / "notes.txt").write_text("async def f(): time.sleep(1)\n")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # the current folder must stay untouched too
    return project


@pytest.mark.parametrize(
    "extra",
    [[], ["--diff"], ["--output-format", "json"], ["--statistics"], ["--unsafe-fixes"], ["--exit-zero"]],
)
def test_a_run_without_fix_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    before = _tree(project.parent)
    main(["check", str(project), *extra])
    capsys.readouterr()
    assert _tree(project.parent) == before


def test_fix_writes_only_the_files_it_fixes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(project.parent)
    assert main(["check", str(project), "--fix"]) == 2  # broken.py
    capsys.readouterr()
    after = _tree(project.parent)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert changed == {os.path.join("project", "src", "pkg", "fixable.py")}
    # A second run finds nothing to fix and writes nothing.
    main(["check", str(project), "--fix"])
    capsys.readouterr()
    assert _tree(project.parent) == after
