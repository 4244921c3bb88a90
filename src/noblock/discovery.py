"""Turns the paths given on the command line into the Python files to check."""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass

from noblock.config import Settings
from noblock.findings import FileError
from noblock.gitignore import GitIgnore

PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass(frozen=True)
class Discovered:
    """The files to check, in a stable order, and the paths that could not be used."""

    files: list[str]
    errors: list[FileError]


def relative_to_root(path: str, settings: Settings) -> str:
    """`path` relative to the configuration's folder, with `/` separators, for pattern matching."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, settings.root)
    except ValueError:  # another drive on Windows
        relative = absolute
    return relative.replace(os.sep, "/")


class Excluder:
    """Decides which paths `exclude` / `extend-exclude` remove.

    A pattern without `/` matches a file or folder name anywhere (`build`); one with `/` matches the
    path relative to the configuration's folder (`src/legacy/*`).
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._names = _combined([p.rstrip("/") for p in settings.exclude if "/" not in p.rstrip("/")])
        self._paths = _combined([p.rstrip("/") for p in settings.exclude if "/" in p.rstrip("/")])

    def excludes(self, path: str, *, check_parents: bool = False) -> bool:
        """Whether the path is excluded; `check_parents` also tests its folders (for paths given by name)."""
        relative = relative_to_root(path, self._settings) if self._paths or check_parents else ""
        if self._paths is not None and self._paths.match(relative):
            return True
        if self._names is None:
            return False
        names = relative.split("/") if check_parents and not relative.startswith("..") else []
        names.append(os.path.basename(os.path.normpath(path)))
        return any(self._names.match(name) for name in names)


def _combined(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns)) if patterns else None


def _looks_like_python_script(path: str) -> bool:
    """A `#!...python` first line; anything that cannot be looked at goes on to the reader, which says why."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True  # never open a named pipe or a device here: reading one could hang
        with open(path, "rb") as handle:
            first_line = handle.readline(256)
    except OSError:
        return True
    return first_line.startswith(b"#!") and b"python" in first_line


def discover(paths: list[str], settings: Settings) -> Discovered:
    """Walk the paths: folders recursively for `*.py` / `*.pyi`, files as given. Excludes apply to
    both; what git ignores (`respect-gitignore`) is left out of folders, not out of the paths named."""
    files: list[str] = []
    errors: list[FileError] = []
    excluder = Excluder(settings)
    gitignore = GitIgnore() if settings.respect_gitignore else None
    for path in paths:
        if not os.path.lexists(path):
            errors.append(FileError(path, "no such file or directory"))
        elif os.path.isdir(path):
            if not excluder.excludes(path, check_parents=True) or path in (".", ".."):
                # A folder named though git ignores it is asked for, with all it holds.
                asked = gitignore is not None and gitignore.ignores(path, folder=True)
                files.extend(_walk(path, excluder, None if asked else gitignore, errors))
        elif excluder.excludes(path, check_parents=True):
            continue
        elif path.endswith(PYTHON_SUFFIXES) or _looks_like_python_script(path):
            files.append(path)
        else:
            errors.append(FileError(path, "not a Python file (expected a .py or .pyi file)"))
    return Discovered(sorted(dict.fromkeys(files)), errors)


def _walk(top: str, excluder: Excluder, gitignore: GitIgnore | None, errors: list[FileError]) -> list[str]:
    """Python files under `top`. A folder that cannot be listed is an error; links to folders are
    not followed (so a link loop cannot trap the walk), links to files are. Iterative: a tree
    deeper than the recursion limit is walked too."""
    found: list[str] = []
    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            errors.append(FileError(os.path.normpath(folder), f"cannot list folder: {_reason(error)}"))
            continue
        subfolders = []
        parent = os.path.abspath(folder) if gitignore is not None else ""
        for entry in entries:
            if _is_folder(entry):
                if not entry.is_symlink() and not _skipped(entry, parent, excluder, gitignore, folder=True):
                    subfolders.append(entry.path)
            elif entry.name.endswith(PYTHON_SUFFIXES) and not _skipped(
                entry, parent, excluder, gitignore, folder=False
            ):
                # Broken links, link loops and named pipes are kept: the reader reports each one.
                found.append(os.path.normpath(entry.path))
        pending.extend(sorted(subfolders, reverse=True))
    return found


def _skipped(
    entry: os.DirEntry[str], parent: str, excluder: Excluder, gitignore: GitIgnore | None, *, folder: bool
) -> bool:
    """Whether the settings leave out an entry of the folder `parent` (absolute) found in a walk."""
    if excluder.excludes(entry.path):
        return True
    return gitignore is not None and gitignore.ignores_entry(parent, entry.name, folder=folder)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link loop
        return False


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)
