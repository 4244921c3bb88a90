"""Checks (and fixes) files: read, pre-filter, parse, analyse, suppress, select, fix, write."""

from __future__ import annotations

import ast
import difflib
import enum
import os
import re
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

from noblock.checker import check_module
from noblock.config import Settings
from noblock.discovery import relative_to_root
from noblock.findings import FileError, FileResult, Finding
from noblock.noqa import find_suppressions
from noblock.ruleset import RuleSet, build_ruleset
from noblock.source import SourceError, decode, read_bytes
from noblock.writer import WriteError, write_atomic

# A file without this cannot hold a coroutine, so it cannot hold a finding: skip parsing it.
_ASYNC_DEF = re.compile(rb"async\s+def")
# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 48
_CHUNK_SIZE = 8
# Fixes of nested calls are applied together; a few more passes catch anything a fix exposes.
_MAX_FIX_PASSES = 8

_worker_state: tuple[Settings, RuleSet, RunOptions] | None = None


class Mode(enum.Enum):
    """What a run does with fixable findings."""

    CHECK = "check"
    FIX = "fix"  # write the fixed files (or print the fixed source for standard input)
    DIFF = "diff"  # show the fixes as a unified diff, write nothing


@dataclass(frozen=True)
class RunOptions:
    """How a run treats fixes."""

    mode: Mode = Mode.CHECK
    unsafe_fixes: bool = False
    with_edits: bool = False  # attach each fix's text edits to the findings (JSON output)


class FixBug(Exception):
    """A fix produced code that does not parse: a bug in noblock, reported with the file name."""


def ruleset_for(settings: Settings) -> RuleSet:
    """The compiled rule set for these settings."""
    return build_ruleset(settings.blocking_calls, settings.offload_functions, settings.fix_options)


def analyse(text: str, filename: str, settings: Settings, ruleset: RuleSet) -> list[Finding]:
    """The selected, unsuppressed findings of a decoded module. Raises SyntaxError on bad source."""
    tree = ast.parse(text, filename=filename)
    findings = check_module(tree, text, filename, ruleset)
    if not findings:
        return []
    suppressions = find_suppressions(text)
    ignored = (
        settings.ignored_for(relative_to_root(filename, settings))
        if settings.per_file_ignores
        else frozenset()
    )
    return sorted(
        (
            finding
            for finding in findings
            if finding.code in settings.select
            and finding.code not in ignored
            and not suppressions.suppresses(finding.noqa_row, finding.code)
        ),
        key=lambda finding: (finding.location, finding.code),
    )


def is_applicable(finding: Finding, unsafe_fixes: bool) -> bool:
    """Whether this run may apply the finding's fix."""
    return finding.fix is not None and (finding.fix.safe or unsafe_fixes)


def fix_text(
    text: str, filename: str, settings: Settings, ruleset: RuleSet, unsafe_fixes: bool
) -> tuple[str, list[Finding], list[Finding]]:
    """Apply fixes until none applies: the fixed text, the findings fixed, the findings left."""
    from noblock.fixer import apply_fixes  # libcst is imported only when there is something to fix

    fixed: list[Finding] = []
    findings = analyse(text, filename, settings, ruleset)
    must_compile: bool | None = None  # whether the original compiles, known once there is a fix
    for _ in range(_MAX_FIX_PASSES):
        applicable = [finding for finding in findings if is_applicable(finding, unsafe_fixes)]
        if not applicable:
            break
        outcome = apply_fixes(text, applicable)
        if not outcome.applied:
            break
        if must_compile is None:
            must_compile = _compile_error(text) is None
        error = _compile_error(outcome.text) if must_compile else None
        if error is not None:
            raise FixBug(
                f"internal error (please report this bug): the fixed code would not compile "
                f"({error.msg} at {error.lineno}:{error.offset}); the file was not changed"
            )
        text = outcome.text
        fixed.extend(outcome.applied)
        findings = analyse(text, filename, settings, ruleset)
    return text, fixed, findings


def _compile_error(text: str) -> SyntaxError | None:
    """Compiling (not only parsing) also catches a misplaced `await` or `yield`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<fixed>", "exec", dont_inherit=True)
    except SyntaxError as error:
        return error
    return None


def check_source(
    data: bytes, filename: str, settings: Settings, ruleset: RuleSet, options: RunOptions = RunOptions()
) -> FileResult:
    """Check (and, by `options`, fix) one file's bytes. Never raises: problems become `error`."""
    try:
        source = decode(data)
    except SourceError as error:
        return FileResult(filename, error=FileError(filename, str(error)))
    if not _ASYNC_DEF.search(data):
        return FileResult(filename)
    try:
        fixed: list[Finding] = []
        if options.mode is Mode.CHECK:
            text, remaining = source.text, analyse(source.text, filename, settings, ruleset)
        else:
            text, fixed, remaining = fix_text(source.text, filename, settings, ruleset, options.unsafe_fixes)
        if options.with_edits:
            remaining = _with_edits(text, remaining)
    except SyntaxError as error:
        where = f" at {error.lineno}:{error.offset}" if error.lineno else ""
        return FileResult(filename, error=FileError(filename, f"syntax error{where}: {error.msg}"))
    except (ValueError, MemoryError) as error:
        return FileResult(filename, error=FileError(filename, f"cannot parse: {error}"))
    except RecursionError:
        return FileResult(filename, error=FileError(filename, "too deeply nested to analyse"))
    except FixBug as error:
        return FileResult(filename, error=FileError(filename, str(error)))
    diff = None
    if options.mode is Mode.DIFF and fixed:
        diff = "".join(
            difflib.unified_diff(
                source.text.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=filename,
                tofile=filename,
            )
        )
    if options.mode is Mode.CHECK:
        return FileResult(filename, tuple(remaining))
    return FileResult(filename, tuple(remaining), fixed=tuple(fixed), fixed_text=text, diff=diff)


def _with_edits(text: str, findings: list[Finding]) -> list[Finding]:
    if not any(finding.fix is not None for finding in findings):
        return findings
    from noblock.fixer import fix_edits

    edits = fix_edits(text, findings)
    return [
        replace(finding, edits=edits.get(finding.code_range, ())) if finding.fix is not None else finding
        for finding in findings
    ]


def check_path(
    path: str, settings: Settings, ruleset: RuleSet, options: RunOptions = RunOptions()
) -> FileResult:
    """Check (and fix) one file on disk. Never raises: an internal error is reported with the file name."""
    try:
        data = read_bytes(path)
    except SourceError as error:
        return FileResult(path, error=FileError(path, str(error)))
    try:
        result = check_source(data, path, settings, ruleset, options)
        if options.mode is Mode.FIX and result.fixed and result.fixed_text is not None:
            write_atomic(path, data, result.fixed_text, decode(data).encoding)
    except WriteError as error:
        return FileResult(path, result.findings, FileError(path, str(error)))
    except Exception as error:  # one broken file must not stop the run
        return FileResult(path, error=FileError(path, f"internal error (please report this bug): {error!r}"))
    return replace(result, fixed_text=None)


def _init_worker(settings: Settings, options: RunOptions) -> None:
    global _worker_state
    _worker_state = (settings, ruleset_for(settings), options)


def _check_chunk(paths: Sequence[str]) -> list[FileResult]:
    assert _worker_state is not None
    settings, ruleset, options = _worker_state
    return [check_path(path, settings, ruleset, options) for path in paths]


def check_paths(
    paths: Sequence[str], settings: Settings, options: RunOptions = RunOptions(), jobs: int | None = None
) -> Iterator[FileResult]:
    """Check files, in parallel for large runs; results come back in the order of `paths`."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(paths) < _PARALLEL_THRESHOLD:
        ruleset = ruleset_for(settings)
        for path in paths:
            yield check_path(path, settings, ruleset, options)
        return
    chunks = [paths[start : start + _CHUNK_SIZE] for start in range(0, len(paths), _CHUNK_SIZE)]
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(settings, options)
    ) as pool:
        for results in pool.map(_check_chunk, chunks):
            yield from results
