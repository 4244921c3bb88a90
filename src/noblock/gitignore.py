"""Which of the paths a folder walk finds git ignores (`respect-gitignore`)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported only when a walk meets a `.gitignore`
    from pathspec import GitIgnoreSpec


@dataclass(frozen=True)
class _IgnoreFile:
    """The patterns of one ignore file, and the folder they are relative to.

    Trying each pattern costs about 0.35 us, 50 us a path for a typical `.gitignore`, and most paths
    match none: `any_name` and `any_path` say first whether any pattern may match. A pattern without
    a `/` inside (`*.log`, `build/`) matches a name at any depth; tried on the entry's name alone
    (the walk does not enter a folder it ignores), they make one `match` on a short string. The
    others are tried on the whole path. None: try each pattern."""

    folder: str
    spec: GitIgnoreSpec
    any_name: re.Pattern[str] | None
    any_path: re.Pattern[str] | None

    def may_match(self, name: str, path: str) -> bool:
        if self.any_name is None or self.any_path is None:
            return True
        return self.any_name.match(name) is not None or self.any_path.search(path) is not None


# Folder -> the ignore files that apply in it, deepest first.
_Rules = tuple[_IgnoreFile, ...]


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
        # Per folder, the ignore files that apply in it, each with the folder's path from theirs
        # (`a/b/`, or empty): a walk asks about every entry of a folder in turn.
        self._prefixes: dict[str, tuple[tuple[_IgnoreFile, str], ...]] = {}

    def ignores(self, path: str, *, folder: bool) -> bool:
        """Whether git ignores `path`, a file or (`folder`) a folder, or a folder it is in."""
        absolute = os.path.abspath(path)
        top = self._top(os.path.dirname(absolute))
        if top is None:
            return False
        steps = []
        current = absolute
        while current != top and os.path.dirname(current) != current:
            steps.append(current)
            current = os.path.dirname(current)
        return any(
            self.ignores_entry(
                os.path.dirname(step), os.path.basename(step), folder=step != absolute or folder
            )
            for step in reversed(steps)
        )

    def ignores_entry(self, parent: str, name: str, *, folder: bool) -> bool:
        """Whether git ignores the entry `name` of the folder `parent` (an absolute path), as a walk
        that did not leave `parent` out meets it."""
        prefixes = self._prefixes.get(parent)
        if prefixes is None:
            prefixes = tuple(
                (rules, "" if rules.folder == parent else _posix(os.path.relpath(parent, rules.folder)) + "/")
                for rules in self._rules_in(parent)
            )
            self._prefixes[parent] = prefixes
        entry = name + "/" if folder else name
        for rules, prefix in prefixes:
            relative = prefix + entry
            if not rules.may_match(entry, relative):
                continue
            decision = rules.spec.check_file(relative).include
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
                info = _read_rules(below, os.path.join(below, ".git", "info", "exclude"))
                inherited: _Rules = () if info is None else (info,)
            else:
                inherited = self._rules[os.path.dirname(below)]
            own = _read_rules(below, os.path.join(below, ".gitignore"))
            self._rules[below] = inherited if own is None else (own, *inherited)
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


def _posix(path: str) -> str:
    return path.replace(os.sep, "/")


def _read_rules(folder: str, path: str) -> _IgnoreFile | None:
    spec = _read_spec(path)
    if spec is None:
        return None
    return _IgnoreFile(folder, spec, *_any_pattern(spec))


# How pathspec begins the regex of a pattern that matches at any depth.
_AT_ANY_DEPTH = "^(?:.+/)?"
# Named groups may repeat across patterns; in one regex of them all they must not.
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _any_pattern(spec: GitIgnoreSpec) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """A regex matching a name where a pattern of any depth matches, and one matching a path where
    another pattern does (None, None: they cannot be built)."""
    names, paths = [], []
    for pattern in spec.patterns:
        if pattern.include is None:  # a blank line or a comment
            continue
        regex = getattr(pattern, "regex", None)
        if not isinstance(regex, re.Pattern):
            return None, None
        text = _NAMED_GROUP.sub("(?:", regex.pattern)
        if text.startswith(_AT_ANY_DEPTH):
            names.append(text[len(_AT_ANY_DEPTH) :])
        else:
            paths.append(text)
    try:
        return re.compile("|".join(names) or "(?!)"), re.compile("|".join(paths) or "(?!)")
    except re.error:
        return None, None


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
