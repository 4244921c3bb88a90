"""Which file holds a module of the project: the checked files first, then the folders they are in.

A pre-commit run passes only the changed files, yet their calls lead into helpers that did not
change. The whole-project pass reads those from the package folders of the checked files (a module
`app.storage` next to a checked `app/api.py`), as an import would find them, unless the settings
exclude them. Findings are reported only for the checked files.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from noblock.config import Settings
from noblock.discovery import Excluder
from noblock.gitignore import GitIgnore
from noblock.project import (
    below_namespaces,
    in_project,
    module_in,
    module_name,
    namespace_spellings,
    package_of,
)


class ModuleFiles:
    """The file of each module the pass may read: a checked one, or one found beside them."""

    def __init__(self, checked: Sequence[str], settings: Settings) -> None:
        self._files: dict[str, str | None] = {}
        # The folders above the checked files' top-level modules, each with whether the files there
        # were named relatively; then, per top-level name, the folders that hold one of that name.
        roots: dict[str, bool] = {}
        by_folder: dict[str, list[str]] = {}  # a warm run does this for every file: per folder
        for path in checked:
            by_folder.setdefault(os.path.dirname(path), []).append(path)
        for folder, paths in by_folder.items():
            absolute = os.path.abspath(folder)
            package = package_of(absolute)
            root = absolute
            for _ in range(package.count(".") + 1 if package else 0):
                root = os.path.dirname(root)
            roots.setdefault(root, not os.path.isabs(folder or "."))
            for path in paths:
                self._files.setdefault(module_in(package, os.path.basename(path))[0], path)
        self._roots: dict[str, dict[str, bool]] = {}
        for module in self._files:
            self._roots.setdefault(module.partition(".")[0], {})
        spellings: set[str] = set()
        for root, named_relatively in roots.items():
            names = _top_level_names(root)
            for top in names:
                self._roots.setdefault(top, {})[root] = named_relatively
            spellings |= namespace_spellings(root, names)
        # The project: every top-level module or package a checked file is in or can import from
        # beside it, and how imports may spell them through the folders above. Calls into anything
        # else (the standard library, installed packages) are left out of summaries.
        self.tops = frozenset(self._roots) | spellings
        self._excluder = Excluder(settings)
        self._gitignore = GitIgnore() if settings.respect_gitignore else None
        self.found: set[str] = set()  # files found beside the checked ones (not checked themselves)

    def module_of(self, path: str) -> str | None:
        """The module a dotted path is in: the longest prefix naming a module that has a file (the
        folders above a top-level package, namespace packages, are left out of module names)."""
        for candidate in (path, below_namespaces(path, self.tops)):
            if not candidate or not in_project(candidate, self.tops):
                continue
            parts = candidate.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                prefix = ".".join(parts[:cut])
                if self.file(prefix) is not None:
                    return prefix
        return None

    def file(self, module: str) -> str | None:
        """The file of a module (after `module_of`, or for a module of a checked file)."""
        if module not in self._files:
            self._files[module] = self._beside(module)
        return self._files[module]

    def _beside(self, module: str) -> str | None:
        relative = module.replace(".", os.sep)
        for root, named_relatively in self._roots.get(module.partition(".")[0], {}).items():
            for candidate in (
                os.path.join(root, relative + ".py"),
                os.path.join(root, relative, "__init__.py"),
            ):
                if os.path.isfile(candidate) and self._usable(candidate, module):
                    # Shown like the checked files: relative to the current folder if they are.
                    found = os.path.relpath(candidate) if named_relatively else candidate
                    self.found.add(found)
                    return found
        return None

    def _usable(self, candidate: str, module: str) -> bool:
        """A file is its module only inside the packages (`__init__.py`) its name goes through, and
        only if the settings do not leave it out."""
        if module_name(candidate)[0] != module:
            return False
        if self._excluder.excludes(candidate, check_parents=True):
            return False
        return self._gitignore is None or not self._gitignore.ignores(candidate, folder=False)


def _top_level_names(folder: str) -> list[str]:
    """The modules (`name.py`) and packages (`name/__init__.py`) directly in a folder."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return []
    names = []
    for entry in entries:
        name, dot, suffix = entry.name.partition(".")
        if not name.isidentifier():
            continue
        module = suffix == "py" if dot else os.path.isfile(os.path.join(entry.path, "__init__.py"))
        if module:
            names.append(name)
    return names
