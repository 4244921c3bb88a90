"""Turns the paths given on the command line into the Python files to check."""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass

from noblock.config import Settings
from noblock.findings import FileError

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
    try:
        with open(path, "rb") as handle:
            first_line = handle.readline(256)
    except OSError:
        return True  # let the reader report why it cannot be read
    return first_line.startswith(b"#!") and b"python" in first_line


def discover(paths: list[str], settings: Settings) -> Discovered:
    """Walk the paths: folders recursively for `*.py` / `*.pyi`, files as given. Excludes apply to both."""
    files: list[str] = []
    errors: list[FileError] = []
    excluder = Excluder(settings)
    for path in paths:
        if not os.path.lexists(path):
            errors.append(FileError(path, "no such file or directory"))
        elif os.path.isdir(path):
            if not excluder.excludes(path, check_parents=True) or path in (".", ".."):
                files.extend(_walk(path, excluder))
        elif excluder.excludes(path, check_parents=True):
            continue
        elif path.endswith(PYTHON_SUFFIXES) or _looks_like_python_script(path):
            files.append(path)
        elif not os.path.exists(path):
            errors.append(FileError(path, "broken symbolic link"))
        else:
            errors.append(FileError(path, "not a Python file (expected a .py or .pyi file)"))
    return Discovered(sorted(dict.fromkeys(files)), errors)


def _walk(top: str, excluder: Excluder) -> list[str]:
    found: list[str] = []
    for folder, subfolders, names in os.walk(top):
        subfolders[:] = sorted(
            name for name in subfolders if not excluder.excludes(os.path.join(folder, name))
        )
        for name in names:
            if name.endswith(PYTHON_SUFFIXES):
                path = os.path.join(folder, name)
                if not excluder.excludes(path):
                    found.append(os.path.normpath(path) if folder != "." else name)
    return found
