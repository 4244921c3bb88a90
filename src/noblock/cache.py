"""The results cache: per-file results keyed by content, reused while nothing that shapes them changed.

One JSON file per configuration in `.noblock_cache/<version>/`, named by a fingerprint of noblock's
version, the Python version and the effective settings, so a change to any of them starts afresh.
Inside, each checked path maps to the hash of the bytes it was checked with and its result. Beside
it, the record of the last whole run (`RunStore`, see `last_run`). Files are replaced atomically;
two runs racing each write a complete file and the last one wins. A cache that cannot be read or
parsed is ignored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from noblock import __version__
from noblock.config import Settings
from noblock.findings import Edit, FileError, FileResult, Finding, Hop, Location, SourceLine
from noblock.fixes import FixPlan, OffloadStyle, Strategy
from noblock.summary import summary_from_json, summary_to_json

DEFAULT_CACHE_DIR = ".noblock_cache"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by noblock.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def content_hash(data: bytes) -> str:
    """A short, fast digest of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """noblock's own source: an edited catalogue (say, in an editable install) must not reuse results."""
    digest = hashlib.blake2b(digest_size=12)
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def settings_fingerprint(settings: Settings) -> str:
    """Everything a file's result depends on besides its bytes and path."""
    relevant = repr(
        (
            __version__,
            _code_digest(),
            sys.version_info[:2],
            str(settings.root),
            sorted(settings.select),
            sorted(settings.ignore),
            sorted(settings.fixable),
            settings.per_file_ignores,
            settings.blocking_calls,
            settings.offload_functions,
            settings.fix_options,
            settings.transitive,
        )
    )
    return hashlib.blake2b(relevant.encode(), digest_size=12).hexdigest()


class ResultCache:
    """Results of earlier runs with the same fingerprint; `save` writes back what changed."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self._folder = folder
        self._file = folder / __version__ / f"{fingerprint}.json"
        self._entries: dict[str, tuple[str, dict[str, Any]]] = {}
        self._changed = False
        loaded = _read_json(self._file)
        try:
            if isinstance(loaded, dict):
                self._entries = {path: (entry[0], entry[1]) for path, entry in loaded.items()}
        except (TypeError, IndexError, KeyError):
            self._entries = {}

    def get(self, path: str, digest: str) -> FileResult | None:
        """The cached result for this path, if it was computed from the same bytes."""
        entry = self._entries.get(path)
        if entry is None or entry[0] != digest:
            return None
        try:
            return result_from_json(entry[1], path)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, path: str, digest: str, result: FileResult) -> None:
        """Remember a result (not kept: results of fixing, and internal errors)."""
        if result.fixed or (result.error is not None and "internal error" in result.error.reason):
            return
        self._entries[path] = (digest, result_to_json(result))
        self._changed = True

    def save(self) -> None:
        """Write the cache atomically; a cache that cannot be written is skipped silently."""
        if self._changed:
            _write_json(
                self._folder, self._file, {path: list(entry) for path, entry in self._entries.items()}
            )


class RunStore:
    """Where the record of the last whole run with a fingerprint is kept (see `last_run`): apart
    from the per-file results, so that a run that needs only the record reads only the record."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self._folder = folder
        self._file = folder / __version__ / f"{fingerprint}-run.json"

    def load(self) -> Any:
        """The stored JSON data; None if there is none or it cannot be read."""
        return _read_json(self._file)

    def save(self, data: Any) -> None:
        _write_json(self._folder, self._file, data)


def _read_json(file: Path) -> Any:
    """A cache file's JSON data; None if there is none or it cannot be read or parsed."""
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(folder: Path, file: Path, data: Any) -> None:
    """Write JSON atomically; a cache that cannot be written is skipped silently."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        _mark_cache_folder(folder)
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".tmp-", suffix=".json")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            # `dumps` encodes in C; `dump` to a stream goes through the pure-Python encoder
            # (measured: 1.1 s of a 1.4 s warm run on the benchmark corpus).
            stream.write(json.dumps(data))
        os.replace(temporary, file)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)  # a full disk must not leave half a cache file behind


def _mark_cache_folder(folder: Path) -> None:
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text(_CACHEDIR_TAG, encoding="utf-8")
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Created by noblock.\n*\n", encoding="utf-8")


def is_cache_folder(folder: Path) -> bool:
    """Whether a folder is a cache noblock made (its `CACHEDIR.TAG` says so): `noblock clean`
    removes nothing else."""
    try:
        return (folder / "CACHEDIR.TAG").read_text(encoding="utf-8") == _CACHEDIR_TAG
    except (OSError, UnicodeDecodeError):
        return False


def find_cache_folders(root: Path) -> list[Path]:
    """The caches noblock made in `root` and the folders below it (not inside `.git`)."""
    found = []
    for folder, subfolders, _ in os.walk(root):
        current = Path(folder)
        if is_cache_folder(current):
            found.append(current)
            subfolders.clear()
        else:
            subfolders[:] = [name for name in subfolders if name != ".git"]
    return found


def result_to_json(result: FileResult) -> dict[str, Any]:
    """A file result as plain JSON data."""
    return {
        "findings": [_finding_to_json(finding) for finding in result.findings],
        "error": None if result.error is None else result.error.reason,
        "summary": None if result.summary is None else summary_to_json(result.summary),
    }


def result_from_json(data: dict[str, Any], filename: str | None = None) -> FileResult:
    """The inverse of `result_to_json`."""
    findings = tuple(_finding_from_json(item) for item in data["findings"])
    name = filename if filename is not None else (findings[0].filename if findings else "")
    error = None if data["error"] is None else FileError(name, data["error"])
    summary = None if data.get("summary") is None else summary_from_json(data["summary"])
    return FileResult(name, findings, error, summary=summary)


def _finding_to_json(finding: Finding) -> dict[str, Any]:
    data = asdict(finding)
    if finding.fix is not None:
        data["fix"] = {
            **data["fix"],
            "strategy": finding.fix.strategy.value,
            "offload": finding.fix.offload.value,
        }
    return data


def _finding_from_json(data: dict[str, Any]) -> Finding:
    fields = dict(data)
    fields["location"] = Location(**data["location"])
    fields["end_location"] = Location(**data["end_location"])
    fix = data["fix"]
    if fix is not None:
        fields["fix"] = FixPlan(
            **{**fix, "strategy": Strategy(fix["strategy"]), "offload": OffloadStyle(fix["offload"])}
        )
    fields["edits"] = tuple(
        Edit(edit["content"], Location(**edit["location"]), Location(**edit["end_location"]))
        for edit in data["edits"]
    )
    fields["chain"] = tuple(Hop(**hop) for hop in data.get("chain", ()))
    fields["lines"] = tuple(SourceLine(**line) for line in data.get("lines", ()))
    return Finding(**fields)
