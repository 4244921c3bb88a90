"""The pre-commit hooks, end to end: pre-commit installs them from this repository and runs them.

Needs `git`, and the package index (pre-commit builds each hook's environment with pip).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pre_commit.clientlib import load_manifest

REPO_ROOT = Path(__file__).parent.parent
BAD = "import time\n\n\nasync def poll():\n    time.sleep(1)\n"
FIXED = "import time\nimport asyncio\n\n\nasync def poll():\n    await asyncio.sleep(1)\n"


def _git_environment(home: Path) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        # A test run from inside a git hook must not act on the outer repository.
        if not name.startswith("GIT_")
    }
    environment.update(
        GIT_AUTHOR_NAME="noblock tests",
        GIT_AUTHOR_EMAIL="tests@noblock.invalid",
        GIT_COMMITTER_NAME="noblock tests",
        GIT_COMMITTER_EMAIL="tests@noblock.invalid",
        # The user's git configuration (hooks, signing) stays out of the throwaway repositories.
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(home / "pre-commit"),
    )
    return environment


def _run(argv: list[str], cwd: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, cwd=cwd, env=environment, capture_output=True, text=True, check=False, timeout=600
    )


def _git(argv: list[str], cwd: Path, environment: dict[str, str]) -> str:
    completed = _run(["git", *argv], cwd, environment)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _git_environment(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, environment: dict[str, str]) -> tuple[Path, str]:
    """This working tree committed into a throwaway repository: pre-commit installs hooks from a commit."""
    listed = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO_ROOT, environment)
    copy = tmp_path_factory.mktemp("hook-repo")
    for name in listed.split("\0"):
        source = REPO_ROOT / name
        if name and source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    _git(["init", "-q"], copy, environment)
    _git(["add", "-A"], copy, environment)
    _git(["commit", "-q", "--no-verify", "-m", "noblock as it is now"], copy, environment)
    return copy, _git(["rev-parse", "HEAD"], copy, environment)


@pytest.fixture
def consumer(tmp_path: Path, environment: dict[str, str]) -> Path:
    """A project that uses the hooks, with a blocking call staged."""
    project = tmp_path / "consumer"
    project.mkdir()
    _git(["init", "-q"], project, environment)
    (project / "app.py").write_text(BAD)
    (project / "notes.txt").write_text("time.sleep(1) in a text file is not checked\n")
    _git(["add", "-A"], project, environment)
    return project


def _pre_commit(argv: list[str], cwd: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "pre_commit", *argv], cwd, environment)


def test_manifest_declares_both_hooks() -> None:
    hooks = {hook["id"]: hook for hook in load_manifest(str(REPO_ROOT / ".pre-commit-hooks.yaml"))}
    assert sorted(hooks) == ["noblock", "noblock-fix"]
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types_or"] == ["python", "pyi"]
        assert hook["pass_filenames"] is True
    assert hooks["noblock"]["entry"] == "noblock check"
    assert hooks["noblock-fix"]["entry"] == "noblock check --fix"


def test_try_repo_fails_on_a_finding_then_fixes_then_passes(
    hook_repo: tuple[Path, str], consumer: Path, environment: dict[str, str]
) -> None:
    repo, _ = hook_repo
    checked = _pre_commit(
        ["try-repo", str(repo), "noblock", "--files", "app.py", "notes.txt"], consumer, environment
    )
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "noblock" in checked.stdout
    assert "Failed" in checked.stdout
    assert "app.py:5:5: NB101 [*] `time.sleep()` sleeps on the event loop" in checked.stdout
    assert "notes.txt" not in checked.stdout

    fixed = _pre_commit(["try-repo", str(repo), "noblock-fix", "--files", "app.py"], consumer, environment)
    # pre-commit fails a hook that changed files, so that the change is reviewed before committing.
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "files were modified by this hook" in fixed.stdout
    assert (consumer / "app.py").read_text() == FIXED

    passed = _pre_commit(["try-repo", str(repo), "noblock", "--files", "app.py"], consumer, environment)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"noblock\.+Passed", passed.stdout)


def readme_pre_commit_config(repo: Path, rev: str) -> str:
    """The README's `.pre-commit-config.yaml`, pointed at `repo` and `rev` and otherwise as written."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    (snippet,) = [block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "repos:" in block]
    snippet, repos = re.subn(r"(?m)^(\s*- repo:\s*)\S+", rf"\g<1>{repo.as_posix()}", snippet)
    snippet, revs = re.subn(r"(?m)^(\s*rev:\s*)\S+", rf"\g<1>{rev}", snippet)
    assert (repos, revs) == (1, 1)
    return snippet


def test_readme_pre_commit_snippet_works(
    hook_repo: tuple[Path, str], consumer: Path, environment: dict[str, str]
) -> None:
    repo, rev = hook_repo
    (consumer / ".pre-commit-config.yaml").write_text(readme_pre_commit_config(repo, rev))
    _git(["add", "-A"], consumer, environment)
    failed = _pre_commit(["run", "--all-files"], consumer, environment)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "app.py:5:5: NB101" in failed.stdout

    (consumer / "app.py").write_text(FIXED)
    _git(["add", "-A"], consumer, environment)
    passed = _pre_commit(["run", "--all-files"], consumer, environment)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"noblock\.+Passed", passed.stdout)


def test_a_commit_of_one_file_follows_its_calls_into_unchanged_helpers(
    hook_repo: tuple[Path, str], consumer: Path, environment: dict[str, str]
) -> None:
    repo, rev = hook_repo
    (consumer / ".pre-commit-config.yaml").write_text(readme_pre_commit_config(repo, rev))
    (consumer / "app.py").write_text(FIXED)
    (consumer / "storage.py").write_text(
        "def load(path):\n    with open(path) as f:\n        return f.read()\n"
    )
    _git(["add", "-A"], consumer, environment)
    _git(["commit", "-q", "--no-verify", "-m", "helpers"], consumer, environment)
    (consumer / "api.py").write_text(
        "from storage import load\n\n\nasync def handler(path):\n    return load(path)\n"
    )
    _git(["add", "api.py"], consumer, environment)
    checked = _pre_commit(["run"], consumer, environment)  # the staged file only
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "api.py:5:12: NB200 [*] `load()` blocks through the project's own code: load (storage.py:1)" in (
        checked.stdout
    )
