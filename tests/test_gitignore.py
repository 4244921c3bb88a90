"""`respect-gitignore`: a folder walk leaves out what git ignores, as git decides it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import run

from noblock.config import load_settings
from noblock.discovery import discover

BAD = "import time\n\n\nasync def f():\n    time.sleep(1)\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git work tree (`.git` is all git needs to find its top) with one file of each kind."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    for name in ("app.py", "gen/api_pb2.py", "gen/keep_pb2.py", "pkg/sub/deep.py", "local.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(BAD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def checked(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """The files reported, each once, with `/` separators."""
    status, out, err = run(["check", *argv, "-q", "--no-cache"], capsys)
    assert (status, err) in ((0, ""), (1, ""))
    return sorted({line.split(":")[0].replace(os.sep, "/") for line in out.splitlines()})


def test_gitignore_patterns_negations_and_nested_files(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".gitignore").write_text("# generated\n*_pb2.py\n!keep_pb2.py\n/local.py\n")
    (repo / "pkg" / ".gitignore").write_text("sub/\n")
    assert checked(capsys, ".") == ["app.py", "gen/keep_pb2.py"]


def test_a_deeper_gitignore_overrides_a_higher_one(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".gitignore").write_text("*_pb2.py\n")
    (repo / "gen" / ".gitignore").write_text("!api_pb2.py\n")
    assert checked(capsys, ".") == ["app.py", "gen/api_pb2.py", "local.py", "pkg/sub/deep.py"]


def test_rules_of_parent_folders_apply_to_a_walk_started_below(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".gitignore").write_text("deep.py\n")
    assert checked(capsys, "pkg") == []
    os.chdir(repo / "pkg")
    assert checked(capsys, ".") == []


def test_info_exclude_is_read(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".git" / "info" / "exclude").write_text("gen\nlocal.py\n")
    assert checked(capsys, ".") == ["app.py", "pkg/sub/deep.py"]


def test_a_named_file_or_folder_is_checked_even_if_ignored(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As `git add -f`: naming a path is asking for it (pre-commit names only tracked files).
    (repo / ".gitignore").write_text("gen/\nlocal.py\n")
    assert checked(capsys, "local.py", "gen") == ["gen/api_pb2.py", "gen/keep_pb2.py", "local.py"]


def test_outside_a_work_tree_gitignore_files_mean_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".git" / "info").rmdir()
    (repo / ".git").rmdir()
    (repo / ".gitignore").write_text("*.py\n")
    assert len(checked(capsys, ".")) == 5


def test_a_nested_work_tree_has_its_own_rules(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A submodule's `.git` is a file; the outer `.gitignore` does not reach into it.
    (repo / ".gitignore").write_text("deep.py\n")
    (repo / "pkg" / "sub" / ".git").write_text("gitdir: ../../.git/modules/sub\n")
    assert "pkg/sub/deep.py" in checked(capsys, ".")


@pytest.mark.parametrize(
    ("setting", "argv"),
    [
        ("respect-gitignore = false", []),
        ("", ["--no-respect-gitignore"]),
        ("respect-gitignore = true", ["--no-respect-gitignore"]),
    ],
)
def test_turned_off(repo: Path, capsys: pytest.CaptureFixture[str], setting: str, argv: list[str]) -> None:
    (repo / "pyproject.toml").write_text(f"[tool.noblock]\n{setting}\n")
    (repo / ".gitignore").write_text("*.py\n")
    assert len(checked(capsys, ".", *argv)) == 5


def test_command_line_turns_it_back_on(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text("[tool.noblock]\nrespect-gitignore = false\n")
    (repo / ".gitignore").write_text("*.py\n")
    assert checked(capsys, ".", "--respect-gitignore") == []


def test_bad_value_is_a_configuration_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text('[tool.noblock]\nrespect-gitignore = "yes"\n')
    status, _, err = run(["check", "."], capsys)
    assert status == 2
    assert "respect-gitignore" in err
    assert "true or false" in err


def test_unusable_ignore_files_and_patterns_are_skipped(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Git goes on without a pattern it cannot use, or an ignore file it cannot read.
    (repo / ".gitignore").write_bytes(b"\\\n*_pb2.py\n\xff\xfe\n")
    (repo / "pkg" / ".gitignore").mkdir()
    assert checked(capsys, ".") == ["app.py", "local.py", "pkg/sub/deep.py"]


# Tricky corners of git's rules: anchors, `**`, folder-only patterns, re-included files and
# folders, escapes, trailing spaces, and rules split over nested files and info/exclude.
TREE = {
    ".gitignore": (
        "/rooted.py\n**/gen/\n*_tmp.py\n!keep_tmp.py\nbuild\n\\#hash.py\nspaced.py   \nold/\n"
        "out*\n!output/\ndocs/*/\n!docs/api/\n"
    ),
    ".git/info/exclude": "scratch_*.py\n",
    "tools/.gitignore": "!old/\n",
    "pkg/.gitignore": "!app_tmp.py\nsub/**/*_keep.py\n",
}
FILES = [
    "rooted.py", "pkg/rooted.py", "a/gen/x.py", "gen/y.py", "lib/gen.py", "app.py", "app_tmp.py",
    "keep_tmp.py", "build/b.py", "#hash.py", "spaced.py", "scratch_1.py", "tools/old/was.py",
    "pkg/old/z.py", "pkg/app_tmp.py", "pkg/sub/a/b/c_keep.py", "pkg/sub/d_keep.py", "pkg/api.py",
    "output/kept.py", "outer/gone.py", "out.py", "docs/conf.py", "docs/api/kept.py", "docs/old/gone.py",
]  # fmt: skip


def test_the_walk_agrees_with_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git = shutil.which("git")
    assert git is not None, "git is needed to compare against"
    for name, text in {**dict.fromkeys(FILES, BAD), **TREE}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    home = tmp_path / "home"  # no global excludes file: noblock does not read it
    home.mkdir()
    environment = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run([git, "init", "-q", "."], cwd=tmp_path, check=True, env=environment)
    (tmp_path / ".git" / "info" / "exclude").write_text(TREE[".git/info/exclude"])
    listed = subprocess.run(
        [git, "ls-files", "--others", "--exclude-standard", "-z"],
        cwd=tmp_path,
        check=True,
        env=environment,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    monkeypatch.chdir(tmp_path)
    walked = discover(["."], load_settings(None, cwd=tmp_path)).files
    expected = sorted(name for name in listed if name.endswith(".py"))
    assert sorted(Path(name).as_posix() for name in walked) == expected
    assert 3 < len(expected) < len(FILES) - 3  # both sides of the rules are exercised
