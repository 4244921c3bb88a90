"""Which of the paths a folder walk finds git ignores (`respect-gitignore`)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported only when a walk meets a `.gitignore`
    from pathspec import GitIgnoreSpec

# Folder -> the rules that apply in it, deepest `.gitignore` first: each with the folder its
# patterns are relative to.
_Rules = tuple[tuple[str, "GitIgnoreSpec"], ...]


class GitIgnore:
    """The ignore rules of git work trees, read once per folder.

    As in git, they apply only inside a work tree (a folder with `.git`, or under one): every
    `.gitignore` from the work tree's top down to the path's folder, then `.git/info/exclude`. The
    deepest file with a matching pattern decides, and in it the last matching pattern (`!` keeps
    a path). Git's global excludes file is not read.
    """

    def __init__(self) -> None:
        self._tops: dict[str, str | None] = {}
        self._rules: dict[str, _Rules] = {}

    def ignores(self, path: str, *, folder: bool) -> bool:
        """Whether git ignores `path`, a file or (`folder`) a folder found in a walk."""
        absolute = os.path.abspath(path)
        for base, spec in self._rules_in(os.path.dirname(absolute)):
            relative = os.path.relpath(absolute, base).replace(os.sep, "/")
            decision = spec.check_file(relative + "/" if folder else relative).include
            if decision is not None:
                return decision
        return False

    def _rules_in(self, folder: str) -> _Rules:
        # Iterative, like the walk: a tree may be deeper than the recursion limit.
        unknown: list[str] = []
        current, top = folder, self._top(folder)
        while current not in self._rules:
            if top is None:
                self._rules[current] = ()
                break
            unknown.append(current)
            if current == top:
                break
            current = os.path.dirname(current)
        for below in reversed(unknown):
            if below == top:
                info = _read_spec(os.path.join(below, ".git", "info", "exclude"))
                inherited: _Rules = () if info is None else ((below, info),)
            else:
                inherited = self._rules[os.path.dirname(below)]
            own = _read_spec(os.path.join(below, ".gitignore"))
            self._rules[below] = inherited if own is None else ((below, own), *inherited)
        return self._rules[folder]

    def _top(self, folder: str) -> str | None:
        """The top of the work tree `folder` is in: the nearest folder holding `.git` (a folder, or
        the file a submodule or linked work tree has)."""
        unknown: list[str] = []
        current = folder
        while current not in self._tops:
            unknown.append(current)
            if os.path.lexists(os.path.join(current, ".git")):
                self._tops[current] = current
                break
            parent = os.path.dirname(current)
            if parent == current:
                self._tops[current] = None
                break
            current = parent
        top = self._tops[current]
        for below in unknown:
            self._tops[below] = top
        return top


def _read_spec(path: str) -> GitIgnoreSpec | None:
    """The patterns of one ignore file; None if there is none. Git skips a file it cannot read and
    a pattern it cannot use; so does this."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except (OSError, ValueError):
        return None
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(lines)
    except ValueError:  # one bad pattern: keep the others
        return GitIgnoreSpec.from_lines([line for line in lines if _usable(line)])


def _usable(line: str) -> bool:
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True
