"""Checks files: read, pre-filter, parse, analyse, apply suppressions and selection."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from noblock.checker import check_module
from noblock.config import Settings
from noblock.discovery import relative_to_root
from noblock.findings import FileError, FileResult
from noblock.noqa import find_suppressions
from noblock.ruleset import RuleSet, build_ruleset
from noblock.source import SourceError, decode, read_bytes

# A file without this cannot hold a coroutine, so it cannot hold a finding: skip parsing it.
_ASYNC_DEF = re.compile(rb"async\s+def")
# Below this many files to parse, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 48
_CHUNK_SIZE = 8

_worker_state: tuple[Settings, RuleSet] | None = None


def ruleset_for(settings: Settings) -> RuleSet:
    """The compiled rule set for these settings."""
    return build_ruleset(settings.blocking_calls, settings.offload_functions)


def check_source(data: bytes, filename: str, settings: Settings, ruleset: RuleSet) -> FileResult:
    """Check one file's bytes. Never raises: problems become the result's `error`."""
    try:
        source = decode(data)
    except SourceError as error:
        return FileResult(filename, error=FileError(filename, str(error)))
    if not _ASYNC_DEF.search(data):
        return FileResult(filename)
    try:
        tree = ast.parse(source.text, filename=filename)
    except SyntaxError as error:
        where = f" at {error.lineno}:{error.offset}" if error.lineno else ""
        return FileResult(filename, error=FileError(filename, f"syntax error{where}: {error.msg}"))
    except (ValueError, RecursionError, MemoryError) as error:
        return FileResult(filename, error=FileError(filename, f"cannot parse: {type(error).__name__}"))
    try:
        findings = check_module(tree, source.text, filename, ruleset)
    except RecursionError:
        return FileResult(filename, error=FileError(filename, "too deeply nested to analyse"))
    if not findings:
        return FileResult(filename)
    suppressions = find_suppressions(source.text)
    ignored = (
        settings.ignored_for(relative_to_root(filename, settings))
        if settings.per_file_ignores
        else frozenset()
    )
    kept = sorted(
        (
            finding
            for finding in findings
            if finding.code in settings.select
            and finding.code not in ignored
            and not suppressions.suppresses(finding.noqa_row, finding.code)
        ),
        key=lambda finding: (finding.location, finding.code),
    )
    return FileResult(filename, tuple(kept))


def check_path(path: str, settings: Settings, ruleset: RuleSet) -> FileResult:
    """Check one file on disk. Never raises: an internal error is reported as a bug in that file."""
    try:
        data = read_bytes(path)
    except SourceError as error:
        return FileResult(path, error=FileError(path, str(error)))
    try:
        return check_source(data, path, settings, ruleset)
    except Exception as error:
        return FileResult(path, error=FileError(path, f"internal error (please report this bug): {error!r}"))


def _init_worker(settings: Settings) -> None:
    global _worker_state
    _worker_state = (settings, ruleset_for(settings))


def _check_chunk(paths: Sequence[str]) -> list[FileResult]:
    assert _worker_state is not None
    settings, ruleset = _worker_state
    return [check_path(path, settings, ruleset) for path in paths]


def check_paths(paths: Sequence[str], settings: Settings, jobs: int | None = None) -> Iterator[FileResult]:
    """Check files, in parallel for large runs; results come back as they are ready."""
    ruleset = ruleset_for(settings)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(paths) < _PARALLEL_THRESHOLD:
        for path in paths:
            yield check_path(path, settings, ruleset)
        return
    chunks = [paths[start : start + _CHUNK_SIZE] for start in range(0, len(paths), _CHUNK_SIZE)]
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(settings,)) as pool:
        for results in pool.map(_check_chunk, chunks):
            yield from results
