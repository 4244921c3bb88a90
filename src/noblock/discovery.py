"""Turns the paths given on the command line into the Python files to check."""

from __future__ import annotations

import fnmatch
import os
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


def is_excluded(path: str, settings: Settings) -> bool:
    """Whether a pattern of `exclude` / `extend-exclude` matches the path or its name.

    A pattern without `/` matches a file or folder name anywhere (`build`); one with `/` matches the
    path relative to the configuration's folder (`src/legacy/*`).
    """
    name = os.path.basename(os.path.normpath(path))
    relative = relative_to_root(path, settings)
    for pattern in settings.exclude:
        target = relative if "/" in pattern else name
        if fnmatch.fnmatchcase(target, pattern.rstrip("/")):
            return True
    return False


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
    for path in paths:
        if not os.path.lexists(path):
            errors.append(FileError(path, "no such file or directory"))
        elif os.path.isdir(path):
            if not is_excluded(path, settings) or path in (".", ".."):
                files.extend(_walk(path, settings))
        elif is_excluded(path, settings):
            continue
        elif path.endswith(PYTHON_SUFFIXES) or _looks_like_python_script(path):
            files.append(path)
        elif not os.path.exists(path):
            errors.append(FileError(path, "broken symbolic link"))
        else:
            errors.append(FileError(path, "not a Python file (expected a .py or .pyi file)"))
    return Discovered(sorted(dict.fromkeys(files)), errors)


def _walk(top: str, settings: Settings) -> list[str]:
    found: list[str] = []
    for folder, subfolders, names in os.walk(top):
        subfolders[:] = sorted(
            name for name in subfolders if not is_excluded(os.path.join(folder, name), settings)
        )
        for name in names:
            if name.endswith(PYTHON_SUFFIXES):
                path = os.path.join(folder, name)
                if not is_excluded(path, settings):
                    found.append(os.path.normpath(path) if folder != "." else name)
    return found
