"""Checks (and fixes) files: read, pre-filter, parse, analyse, suppress, select, fix, write."""

from __future__ import annotations

import contextlib
import difflib
import enum
import gc
import os
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from noblock.cache import ResultCache, RunStore, content_hash, settings_fingerprint
from noblock.checker import analyse_module
from noblock.config import Settings
from noblock.discovery import relative_to_root
from noblock.findings import FileError, FileResult, Finding, SourceLine
from noblock.last_run import (
    UNSURE,
    FileState,
    RunRecord,
    Stat,
    explored_functions,
    file_stat,
    record_from_json,
    record_to_json,
    signature,
    trusted,
    ways_hold,
)
from noblock.modules import ModuleFiles
from noblock.noqa import NO_SUPPRESSIONS, Suppressions, find_suppressions
from noblock.project import (
    TRANSITIVE_CODE,
    Exploration,
    ProjectIndex,
    Way,
    module_name,
    site_findings,
    transitive_findings,
)
from noblock.rules import DEFAULT_CODES
from noblock.ruleset import RuleSet, build_ruleset
from noblock.source import SourceError, decode, parse_module, read_bytes, text_lines
from noblock.summary import ModuleSummary, NoqaComment
from noblock.unused_noqa import (
    UNUSED_NOQA,
    apply_noqa_edits,
    judge_after_the_pass,
    may_have_unused,
    noqa_edit,
    undecided_rows,
    unused_noqa_findings,
)
from noblock.writer import WriteError, write_atomic

if TYPE_CHECKING:  # the pool is imported only when a run needs one
    from concurrent.futures import Future, ProcessPoolExecutor

# A file without this cannot hold a coroutine, so it cannot hold a finding: skip parsing it.
_ASYNC_DEF = re.compile(rb"async\s+def")
_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
# Below this many files to parse, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 24
_CHUNK_SIZE = 4
# Beyond this many changed files, the full whole-project pass (in worker processes) is as quick as
# checking them one by one against the last run's record.
_MAX_REDONE = 24
# Fixes of nested calls are applied together; a few more passes catch anything a fix exposes.
_MAX_FIX_PASSES = 8

_worker_state: tuple[Settings, RuleSet] | None = None


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
    with_lines: bool = False  # attach the source lines each finding and its fix touch (output quoting them)
    cache_dir: Path | None = None  # where results are cached; None: no cache
    summarize: bool = False  # also summarize the module for the whole-project pass
    project: frozenset[str] | None = None  # the project's top-level module names (see `analyse_module`)
    reached: tuple[str, ...] = ()  # functions to explore in a summary besides what its coroutines reach


class FixBug(Exception):
    """A fix produced code that does not parse: a bug in noblock, reported with the file name."""


def ruleset_for(settings: Settings) -> RuleSet:
    """The compiled rule set for these settings."""
    return build_ruleset(settings.blocking_calls, settings.offload_functions, settings.fix_options)


def analyse(
    text: str, filename: str, settings: Settings, ruleset: RuleSet, project: frozenset[str] | None = None
) -> list[Finding]:
    """The selected, unsuppressed findings of a decoded module (`project`: as the whole-project
    pass sees them, see `analyse_module`). Raises SyntaxError on bad source."""
    return analyse_file(text, filename, settings, ruleset, project=project)[0]


def analyse_file(
    text: str,
    filename: str,
    settings: Settings,
    ruleset: RuleSet,
    *,
    summarize: bool = False,
    explore: Sequence[str] | None = None,
    project: frozenset[str] | None = None,
    reached: Sequence[str] = (),
) -> tuple[list[Finding], ModuleSummary | None]:
    """Findings (selected, unsuppressed) and, with `summarize` or `explore`, the module's summary
    (see `analyse_module`), whose blocking calls obey the same selection and suppressions. Raises
    SyntaxError on bad source."""
    tree = parse_module(text, filename)
    # The module's own name takes part in resolution (its classes are `module.Class`), so a file's
    # findings must not depend on whether it is also summarized.
    module, is_package = module_name(filename) if filename.endswith((".py", ".pyi")) else ("", False)
    judging_noqa = UNUSED_NOQA in settings.select and explore is None and may_have_unused(text)
    analysis = analyse_module(
        tree,
        text,
        filename,
        ruleset,
        module=module,
        is_package=is_package,
        # The calls a summary notes are the ones the whole-project pass decides: NB900 leaves their
        # lines alone, whether this run makes the pass or not.
        summarize=summarize or judging_noqa,
        explore=explore,
        project=project,
        reached=reached,
    )
    summary = analysis.summary if summarize or explore is not None else None
    raw = analysis.findings
    if judging_noqa:
        sites = analysis.summary.call_sites if analysis.summary is not None else ()
        stale, deferred = unused_noqa_findings(
            text,
            filename,
            tree,
            raw,
            _reported(filename, settings),
            undecided_rows(sites, project),
            transitive=project is not None,
        )
        raw = raw + stale
        if summary is not None and deferred:
            # Judged after the pass (`_kept_work`); without the pass, their lines stay undecided.
            summary = replace(summary, noqa_comments=tuple(deferred))
    has_calls = summary is not None and any(
        function.leaves or function.edges for function in summary.functions
    )
    if not raw and not has_calls:
        return [], summary
    # Call sites are not filtered here: most never become findings, and suppressions may cost a
    # tokenization; the whole-project pass filters the few that do (`_kept_project_findings`).
    rows = {finding.noqa_row for finding in raw}
    if summary is not None:
        rows.update(leaf.row for function in summary.functions for leaf in function.leaves)
        rows.update(edge.row for function in summary.functions for edge in function.edges)
    suppressions = find_suppressions(text, rows)
    kept = _selection(suppressions, filename, settings)
    findings = _fixable_only(
        sorted(
            (finding for finding in raw if kept(finding.noqa_row, finding.code)),
            key=lambda finding: (finding.location, finding.code),
        ),
        settings,
    )
    if summary is not None and has_calls:
        blocks = _selection(suppressions, filename, settings, leaves=True)
        summary = replace(
            summary,
            ignored=tuple(sorted(_ignored_for(filename, settings))),
            functions=tuple(
                replace(
                    function,
                    leaves=tuple(leaf for leaf in function.leaves if blocks(leaf.row, leaf.code)),
                    edges=tuple(
                        edge for edge in function.edges if not suppressions.silences_noblock(edge.row)
                    ),
                )
                if function.leaves or function.edges
                else function  # most functions are listed, not walked: nothing to filter
                for function in summary.functions
            ),
        )
    return findings, summary


def _fixable_only(findings: list[Finding], settings: Settings) -> list[Finding]:
    """The findings with the fixes of the rules `unfixable` (or left out of `fixable`) taken away:
    still reported, never applied."""
    return [f if f.fix is None or f.code in settings.fixable else replace(f, fix=None) for f in findings]


def makes_functions_block(settings: Settings, code: str) -> bool:
    """Whether a rule's calls make a plain function block, for the whole-project pass: selected, or
    on by default and not ignored (so that `--select NB200` still sees every way down)."""
    return code in settings.select or (code in DEFAULT_CODES and code not in settings.ignore)


def _selection(
    suppressions: Suppressions, filename: str, settings: Settings, *, leaves: bool = False
) -> Callable[[int, str], bool]:
    """Whether a finding of a code on a row is reported: selected, not ignored for the file, not
    suppressed by a comment. For `leaves` (blocking calls inside plain functions, which the
    whole-project pass follows) a rule that is on by default counts unless it was ignored, so that
    `--select NB200` still sees every way down."""
    ignored = _ignored_for(filename, settings)

    def counted(code: str) -> bool:
        return code in settings.select or (leaves and makes_functions_block(settings, code))

    def kept(row: int, code: str) -> bool:
        return counted(code) and code not in ignored and not suppressions.suppresses(row, code)

    return kept


def _reported(filename: str, settings: Settings) -> Callable[[str], bool]:
    """Whether this run reports a code in this file (selected, not ignored for it), whatever the
    suppression comments say."""
    kept = _selection(NO_SUPPRESSIONS, filename, settings)
    return lambda code: kept(0, code)


def _ignored_for(filename: str, settings: Settings) -> frozenset[str]:
    """The codes `per-file-ignores` turns off in this file."""
    if not settings.per_file_ignores:
        return frozenset()
    return settings.ignored_for(relative_to_root(filename, settings))


def is_applicable(finding: Finding, unsafe_fixes: bool) -> bool:
    """Whether this run may apply the finding's fix."""
    return finding.fix is not None and (finding.fix.safe or unsafe_fixes)


def fix_text(
    text: str,
    filename: str,
    settings: Settings,
    ruleset: RuleSet,
    unsafe_fixes: bool,
    extra: Sequence[Finding] = (),
    project: frozenset[str] | None = None,
) -> tuple[str, list[Finding], list[Finding]]:
    """Apply fixes until none applies: the fixed text, the findings fixed, the findings left.

    `extra` findings (from the whole-project pass, over the `project`) join the first round; later
    rounds only see what this file alone shows."""
    # libcst is imported only when there is something to fix.
    from noblock.fixer import FixOutcome, apply_fixes

    fixed: list[Finding] = []
    findings = analyse(text, filename, settings, ruleset, project) + list(extra)
    unapplied_extra = list(extra)
    must_compile: bool | None = None  # whether the original compiles, known once there is a fix
    for _ in range(_MAX_FIX_PASSES):
        applicable = [finding for finding in findings if is_applicable(finding, unsafe_fixes)]
        if not applicable:
            break
        comments = [finding for finding in applicable if finding.code == UNUSED_NOQA]
        calls = [finding for finding in applicable if finding.code != UNUSED_NOQA]
        # Comments first: their edits change the ends of lines only, after the calls on them, whose
        # positions stay what the findings say.
        edited = apply_noqa_edits(text, comments) if comments else text
        outcome = apply_fixes(edited, calls) if calls else FixOutcome(edited, ())
        applied = (*comments, *outcome.applied)
        if not applied:
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
        fixed.extend(applied)
        unapplied_extra = [finding for finding in unapplied_extra if finding not in applied]
        findings = analyse(text, filename, settings, ruleset, project)
    return text, fixed, findings + (unapplied_extra if fixed else [])


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
    data: bytes,
    filename: str,
    settings: Settings,
    ruleset: RuleSet,
    options: RunOptions = RunOptions(),
    extra: Sequence[Finding] = (),
) -> FileResult:
    """Check (and, by `options`, fix) one file's bytes; `extra` are findings of the whole-project
    pass for this file. Never raises: problems become `error`."""
    try:
        source = decode(data)
    except SourceError as error:
        return FileResult(filename, error=FileError(filename, str(error)))
    if not options.summarize and not extra and not _ASYNC_DEF.search(data):
        return FileResult(filename)
    summary = None
    try:
        fixed: list[Finding] = []
        if options.mode is Mode.CHECK:
            text = source.text
            remaining, summary = analyse_file(
                text,
                filename,
                settings,
                ruleset,
                summarize=options.summarize,
                project=options.project,
                reached=options.reached,
            )
            remaining += extra
        else:
            text, fixed, remaining = fix_text(
                source.text, filename, settings, ruleset, options.unsafe_fixes, extra, options.project
            )
        if options.with_edits:
            remaining = _with_edits(text, remaining)
        if options.with_lines:
            remaining = _with_lines(text, remaining)
    except SyntaxError as error:
        # CPython reports an error at the end of the file at column 0; columns are 1-based.
        where = f" at {error.lineno}:{max(error.offset or 1, 1)}" if error.lineno else ""
        # The grammar is the running Python's: code written for a newer one fails here.
        message = f"syntax error{where}: {error.msg} (read as Python {_PYTHON})"
        return FileResult(filename, error=FileError(filename, message))
    except MemoryError:
        # The parser's own stack overflowed (e.g. thousands of unary operators in a row).
        return FileResult(filename, error=FileError(filename, "too deeply nested to parse"))
    except ValueError as error:
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
        return FileResult(filename, tuple(remaining), summary=summary)
    return FileResult(filename, tuple(remaining), fixed=tuple(fixed), fixed_text=text, diff=diff)


def _with_edits(text: str, findings: list[Finding]) -> list[Finding]:
    if not any(finding.fix is not None for finding in findings):
        return findings
    fixable = [finding for finding in findings if finding.fix is not None]
    calls = [finding for finding in fixable if finding.code != UNUSED_NOQA]
    edits = {}
    if calls:
        from noblock.fixer import fix_edits

        edits = fix_edits(text, calls)
    # An unused `noqa` code's fix edits its comment; the text's lines are split only for those.
    lines = text_lines(text) if len(calls) < len(fixable) else []

    def edited(finding: Finding) -> Finding:
        if finding.fix is None:
            return finding
        if finding.code == UNUSED_NOQA:
            return replace(finding, edits=(noqa_edit(lines[finding.location.row - 1], finding),))
        return replace(finding, edits=edits.get(finding.code_range, ()))

    return [edited(finding) for finding in findings]


def _with_lines(text: str, findings: list[Finding]) -> list[Finding]:
    if not findings:
        return findings
    lines = text_lines(text)
    attached = []
    for finding in findings:
        rows = {*range(finding.location.row, finding.end_location.row + 1)}
        for edit in finding.edits:
            rows.update(range(edit.location.row, edit.end_location.row + 1))
        attached.append(
            replace(
                finding,
                lines=tuple(SourceLine(row, lines[row - 1]) for row in sorted(rows) if row <= len(lines)),
            )
        )
    return attached


def check_path(
    path: str,
    settings: Settings,
    ruleset: RuleSet,
    options: RunOptions = RunOptions(),
    extra: Sequence[Finding] = (),
) -> FileResult:
    """Check (and fix) one file on disk. Never raises: an internal error is reported with the file name."""
    try:
        data = read_bytes(path)
    except SourceError as error:
        return FileResult(path, error=FileError(path, str(error)))
    try:
        result = check_source(data, path, settings, ruleset, options, extra)
        if options.mode is Mode.FIX and result.fixed and result.fixed_text is not None:
            write_atomic(path, data, result.fixed_text, decode(data).encoding)
    except WriteError as error:
        return FileResult(path, result.findings, FileError(path, str(error)))
    except Exception as error:  # one broken file must not stop the run
        return FileResult(path, error=FileError(path, f"internal error (please report this bug): {error!r}"))
    return replace(result, fixed_text=None)


def _init_worker(settings: Settings) -> None:
    global _worker_state
    _worker_state = (settings, ruleset_for(settings))


_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


def _in_worker(
    function: Callable[[_Item, Settings, RuleSet], _Result], chunk: Sequence[_Item]
) -> list[_Result]:
    assert _worker_state is not None
    return _without_collector(function, chunk, *_worker_state)


def _without_collector(
    function: Callable[[_Item, Settings, RuleSet], _Result],
    items: Sequence[_Item],
    settings: Settings,
    ruleset: RuleSet,
) -> list[_Result]:
    # The items allocate millions of tree nodes, freed by reference counting (`ModuleScopes.release`
    # breaks the cycles); the cycle collector would only traverse them. It runs after the items.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return [function(item, settings, ruleset) for item in items]
    finally:
        if collecting:
            gc.enable()


class _Workers:
    """Worker processes, started when a batch is large enough and kept for the rest of the run
    (the whole-project pass sends several batches)."""

    def __init__(self, settings: Settings, jobs: int | None) -> None:
        self.settings = settings
        self.ruleset = ruleset_for(settings)
        self._count = jobs if jobs is not None else (os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def map(
        self, function: Callable[[_Item, Settings, RuleSet], _Result], items: Iterable[_Item]
    ) -> Iterator[_Result]:
        """`function` over `items`; the results, in order, come lazily from the returned iterator.

        `items` is consumed before this returns. Once there are enough of them, they go to worker
        processes as they come, so that producing the next items (reading files) overlaps the work
        on the first ones; a few items are done in this process, when their results are asked for,
        unless the workers are started already (then they share them)."""
        waiting: list[_Item] = []
        futures: list[Future[list[_Result]]] = []
        for item in items:
            waiting.append(item)
            if self._count > 1 and (
                len(waiting) >= _PARALLEL_THRESHOLD or (futures and len(waiting) >= _CHUNK_SIZE)
            ):
                futures.extend(self._submit(function, waiting))
                waiting = []
        if not futures:
            if self._pool is None or len(waiting) < 2:
                return (
                    _without_collector(function, [item], self.settings, self.ruleset)[0] for item in waiting
                )
            chunk = min(_CHUNK_SIZE, -(-len(waiting) // self._count))
            futures.extend(self._submit(function, waiting, chunk))
        else:
            futures.extend(self._submit(function, waiting))
        return (result for future in futures for result in future.result())

    def _submit(
        self,
        function: Callable[[_Item, Settings, RuleSet], _Result],
        items: list[_Item],
        chunk: int = _CHUNK_SIZE,
    ) -> list[Future[list[_Result]]]:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                max_workers=self._count, initializer=_init_worker, initargs=(self.settings,)
            )
        pool = self._pool
        return [
            pool.submit(_in_worker, function, items[start : start + chunk])
            for start in range(0, len(items), chunk)
        ]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()


# One file's work: its path, what to do with it, and findings of the whole-project pass for it.
_Work = tuple[str, RunOptions, tuple[Finding, ...]]


def _check_work(work: _Work, settings: Settings, ruleset: RuleSet) -> FileResult:
    path, options, extra = work
    return check_path(path, settings, ruleset, options, extra)


def check_paths(
    paths: Sequence[str],
    settings: Settings,
    options: RunOptions = RunOptions(),
    jobs: int | None = None,
) -> Iterator[FileResult]:
    """Check (and fix) files; results come in the order of `paths`.

    Without the whole-project pass they stream as they are ready. With it, every file is checked and
    summarized first, the functions the coroutines' calls lead to are explored on demand, and the
    calls that reach blocking project functions are added (and fixed) before results come out."""
    workers = _Workers(settings, jobs)
    try:
        if settings.transitive.enabled and TRANSITIVE_CODE in settings.select:
            yield from _check_project(paths, options, workers)
        else:
            yield from _check_directly(paths, options, workers)
    finally:
        workers.close()


def _check_directly(paths: Sequence[str], options: RunOptions, workers: _Workers) -> Iterator[FileResult]:
    """Without the whole-project pass: results stream as they are ready."""
    last_run = _LastRun(paths, workers, options, options)
    if last_run.reused is not None:
        yield from last_run.reused.results
        return
    cache = _open_cache(workers.settings, options)
    last_run.hand_over(cache)
    digests: dict[str, str] = {}
    results = []
    for result in _check_files(paths, options, workers, cache, digests):
        results.append(result)
        yield result
    if cache is not None:
        cache.save()
    if last_run.recording:
        states = (FileState(stat, digests.get(path)) for path, stat in zip(paths, last_run.kept_stats()))
        last_run.save(RunRecord(tuple(paths), tuple(states), tuple(results), {}))


class _LastRun:
    """The record of the last run with these settings over these files (`last_run`): brought up to
    date when it can be, and replaced at the end of a run that could not use it."""

    def __init__(
        self, paths: Sequence[str], workers: _Workers, checking: RunOptions, options: RunOptions
    ) -> None:
        self.started = time.time_ns()
        self.reused: RunRecord | None = None
        self._store: RunStore | None = None
        self._stats: list[Stat | None] = []
        self._rechecked: dict[str, tuple[str, FileResult]] = {}
        if options.cache_dir is None or options.mode is not Mode.CHECK:
            return
        self._store = RunStore(options.cache_dir, _fingerprint(workers.settings, checking))
        self._stats = [file_stat(path) for path in paths]
        previous = record_from_json(self._store.load())
        if previous is not None:
            self.reused, self._rechecked = _reuse(
                previous, paths, self._stats, self.started, workers, checking, options
            )
            if self.reused is not None and self.reused != previous:
                self._store.save(record_to_json(self.reused))

    @property
    def recording(self) -> bool:
        """Whether this run leaves a record (it checks, with a cache)."""
        return self._store is not None

    def hand_over(self, cache: ResultCache | None) -> None:
        """Give the per-file cache the files checked again since it was saved."""
        if cache is not None:
            for path, (digest, result) in self._rechecked.items():
                cache.put(path, digest, result)

    def kept_stats(self) -> list[Stat | None]:
        """Each file's stat as the record keeps it (see `last_run.trusted`)."""
        return [trusted(stat, self.started) for stat in self._stats]

    def save(self, record: RunRecord) -> None:
        assert self._store is not None
        self._store.save(record_to_json(record))


def _check_files(
    paths: Sequence[str],
    options: RunOptions,
    workers: _Workers,
    cache: ResultCache | None = None,
    digests: dict[str, str] | None = None,
) -> Iterator[FileResult]:
    """Files without `async def` and files the cache knows are settled here; the rest is parsed.
    Without a `cache` given, the options' cache is opened (and saved) here. With a cache, the
    digest of every file read goes into `digests`."""
    settings, ruleset = workers.settings, workers.ruleset
    owned = cache is None
    if cache is None:
        cache = _open_cache(settings, options)
    settled: list[FileResult | None] = []
    if digests is None:
        digests = {}
    quick = replace(options, summarize=False)

    def to_parse() -> Iterator[_Work]:
        for path in paths:
            try:
                data = read_bytes(path)
            except SourceError as error:
                settled.append(FileResult(path, error=FileError(path, str(error))))
                continue
            if cache is not None:
                digests[path] = content_hash(data)
                hit = cache.get(path, digests[path])
                if hit is not None:
                    settled.append(replace(hit, filename=path))
                    continue
            if not _ASYNC_DEF.search(data):
                settled.append(check_source(data, path, settings, ruleset, quick))
                continue
            settled.append(None)
            yield (path, options, ())

    computed = workers.map(_check_work, to_parse())
    assert len(settled) == len(paths)  # every file was read before `map` returned
    for result in settled:
        if result is None:
            result = next(computed)
            if cache is not None:
                cache.put(result.filename, digests[result.filename], result)
        yield result
    if cache is not None and owned:
        cache.save()


def _open_cache(settings: Settings, options: RunOptions, suffix: str = "") -> ResultCache | None:
    if options.cache_dir is None or options.mode is not Mode.CHECK:
        return None
    return ResultCache(options.cache_dir, _fingerprint(settings, options) + suffix)


def _fingerprint(settings: Settings, options: RunOptions) -> str:
    wanted = (
        ("-edits", options.with_edits),
        ("-lines", options.with_lines),
        ("-summary", options.summarize),
    )
    fingerprint = settings_fingerprint(settings) + "".join(part for part, on in wanted if on)
    if options.project is not None:
        # Summaries leave out what cannot lead into the project: they depend on its top-level names.
        fingerprint += (
            "-" + content_hash("\0".join(sorted(options.project)).encode("utf-8", "surrogateescape"))[:12]
        )
    return fingerprint


def _check_project(paths: Sequence[str], options: RunOptions, workers: _Workers) -> Iterator[FileResult]:
    settings = workers.settings
    files = ModuleFiles(paths, settings)
    checking = replace(options, mode=Mode.CHECK, summarize=True, project=files.tops)
    last_run = _LastRun(paths, workers, checking, options)
    if last_run.reused is not None:
        yield from last_run.reused.results
        return
    cache = _open_cache(settings, checking)
    last_run.hand_over(cache)
    digests: dict[str, str] = {}
    results = list(_check_files(paths, checking, workers, cache, digests))
    known = [result.summary for result in results if result.summary is not None]
    # Summaries explored on demand depend on what other modules ask of them: kept apart.
    explored_cache = _open_cache(settings, checking, "-explored")
    summaries, asked = _summaries_on_demand(known, files, workers, explored_cache, checking.project)
    if explored_cache is not None:
        explored_cache.save()
    index = ProjectIndex(summaries, files.tops, workers.ruleset.returns, workers.ruleset.attribute_returns)
    found, ways = transitive_findings(
        index, settings.transitive, workers.ruleset, partial(makes_functions_block, settings)
    )
    pending = {summary.filename: summary.noqa_comments for summary in known if summary.noqa_comments}
    extra = _kept_project_findings(found, workers, options, pending)
    if options.mode is Mode.CHECK:
        final = [
            _with_project_findings(result, extra.get(result.filename, ()), options) for result in results
        ]
        if cache is not None:
            cache.save()
        # The record follows the checked files only: files read beside them could change unseen.
        if last_run.recording and not files.found:
            last_run.save(_record(paths, last_run.kept_stats(), digests, results, final, index, asked, ways))
        yield from final
        return
    if cache is not None:
        cache.save()
    fixing = replace(options, project=checking.project)  # the calls the pass decides are its own
    work = [
        (result.filename, fixing, tuple(extra.get(result.filename, ())))
        for result in results
        if any(
            is_applicable(f, options.unsafe_fixes)
            for f in (*result.findings, *extra.get(result.filename, ()))
        )
    ]
    fixed = workers.map(_check_work, work)
    to_fix = {path for path, _, _ in work}
    for result in results:
        if result.filename in to_fix:
            yield next(fixed)
        else:
            yield _with_project_findings(result, extra.get(result.filename, ()), options)


def _record(
    paths: Sequence[str],
    stats: list[Stat | None],
    digests: dict[str, str],
    checked: list[FileResult],
    final: list[FileResult],
    index: ProjectIndex,
    asked: set[str],
    ways: dict[str, Way],
) -> RunRecord:
    """What the next run needs to know of this one (see `last_run`)."""
    used = {summary.filename: summary for summary in index.modules.values()}
    states = []
    for path, stat, result in zip(paths, stats, checked):
        summary = used.get(path)
        if result.summary is None:
            states.append(FileState(stat, digests.get(path), asked=path in asked))
        elif summary is None:
            states.append(FileState(stat, digests.get(path), UNSURE))
        else:
            states.append(FileState(stat, digests.get(path), signature(summary), explored_functions(summary)))
    return RunRecord(tuple(paths), tuple(states), tuple(final), ways)


def _reuse(
    record: RunRecord,
    paths: Sequence[str],
    stats: list[Stat | None],
    started: int,
    workers: _Workers,
    checking: RunOptions,
    options: RunOptions,
) -> tuple[RunRecord | None, dict[str, tuple[str, FileResult]]]:
    """The last run's record brought up to date, when only a few files changed and the
    whole-project pass would learn nothing new from them (None when the full pass is needed); and
    the files checked again since the per-file results were saved, these included."""
    rechecked = dict(record.rechecked)
    if record.paths != tuple(paths):
        return None, rechecked
    files, results = list(record.files), list(record.results)
    changed: list[tuple[int, bytes, str]] = []
    for i, state in enumerate(record.files):
        if stats[i] is not None and stats[i] == state.stat:
            continue
        try:
            data = read_bytes(paths[i])
        except SourceError:
            return None, rechecked
        digest = content_hash(data)
        files[i] = replace(state, stat=trusted(stats[i], started))
        if digest != state.digest:
            changed.append((i, data, digest))
    if len(changed) > _MAX_REDONE:
        return None, rechecked
    for i, data, digest in changed:
        checked, final = _redo(paths[i], data, files[i], record.ways, workers, checking, options)
        if checked is not None:
            rechecked[paths[i]] = (digest, checked)
        if final is None:
            return None, rechecked
        files[i], results[i] = replace(files[i], digest=digest), final
    return replace(record, files=tuple(files), results=tuple(results), rechecked=rechecked), rechecked


def _redo(
    path: str,
    data: bytes,
    state: FileState,
    ways: dict[str, Way],
    workers: _Workers,
    checking: RunOptions,
    options: RunOptions,
) -> tuple[FileResult | None, FileResult | None]:
    """A changed file checked again: its result before the pass (None if it was not parsed), and
    its final result, its calls matched against the recorded ways (None when what the pass learns
    from the file is not what it learnt last time, or when it cannot tell)."""
    settings, ruleset = workers.settings, workers.ruleset
    if state.asked or state.signature == UNSURE:
        return None, None
    try:
        if not _ASYNC_DEF.search(data):
            if state.signature is not None:
                return None, None
            return None, check_source(data, path, settings, ruleset, replace(checking, summarize=False))
        checked = check_source(data, path, settings, ruleset, replace(checking, reached=state.explored))
        summary = checked.summary
        if (None if summary is None else signature(summary)) != state.signature:
            return checked, None
        if summary is not None and not ways_hold(summary, ways):
            return checked, None
        found = {path: site_findings(summary, ways, ruleset)} if summary is not None else {}
        pending = {path: summary.noqa_comments} if summary is not None and summary.noqa_comments else {}
        extra = _kept_project_findings(found, workers, options, pending).get(path, ())
    except Exception:  # the full pass reports whatever went wrong
        return None, None
    return checked, _with_project_findings(checked, extra, options)


def _summaries_on_demand(
    known: list[ModuleSummary],
    files: ModuleFiles,
    workers: _Workers,
    cache: ResultCache | None,
    project: frozenset[str] | None,
) -> tuple[list[ModuleSummary], set[str]]:
    """Explore the functions the coroutines' calls lead to, in whichever module they are, then the
    functions those call, and so on: only functions on the way are walked, and only modules on the
    way are read (most of a code base is neither). Each round asks every module concerned at once.
    Returns the summaries, and the files asked to explore something."""
    exploration = Exploration(project or frozenset())
    for summary in known:
        exploration.add(summary)
    asked: set[tuple[str, str]] = set()
    looked_up: set[str] = set()  # files whose cached exploration was merged already
    concerned: set[str] = set()
    while True:
        wanted = _wanted(exploration, files, asked)
        concerned.update(wanted)
        if not wanted:
            return list(exploration.index.modules.values()), concerned
        if cache is not None and not wanted.keys() <= looked_up:
            merged: set[str] = set()
            for filename in sorted(wanted.keys() - looked_up):
                looked_up.add(filename)
                cached = _cached_summary(cache, filename)
                if cached is not None and exploration.add(cached):
                    merged.add(filename)
            if merged:
                # The next round asks again what a cached summary did not explore; the files the
                # cache did not know are explored now (the paths that led to them are not found
                # again: the exploration reports a path leading nowhere once).
                asked.difference_update((filename, path) for filename in merged for path in wanted[filename])
                wanted = {filename: paths for filename, paths in wanted.items() if filename not in merged}
                if not wanted:
                    continue
        work = [(filename, tuple(sorted(paths)), project) for filename, paths in sorted(wanted.items())]
        for explored in workers.map(_explore_work, work):
            if explored is not None and exploration.add(explored[0]) and cache is not None:
                summary = exploration.index.modules[explored[0].module]
                cache.put(summary.filename, explored[1], FileResult(summary.filename, summary=summary))


def _wanted(exploration: Exploration, files: ModuleFiles, asked: set[tuple[str, str]]) -> dict[str, set[str]]:
    """Per file, the dotted paths to explore there next (each asked for once); marks them asked."""
    unexplored, dead_ends = exploration.frontier()
    index = exploration.index
    wanted: dict[str, set[str]] = {}
    for name in unexplored:
        wanted.setdefault(index.functions[name][1].filename, set()).add(name)
    for path in dead_ends:
        module = files.module_of(path)
        filename = None if module is None or module in index.modules else files.file(module)
        if filename is not None:
            wanted.setdefault(filename, set()).add(path)
    fresh: dict[str, set[str]] = {}
    for filename, paths in wanted.items():
        for path in paths:
            if (filename, path) not in asked:
                asked.add((filename, path))
                fresh.setdefault(filename, set()).add(path)
    return fresh


def _cached_summary(cache: ResultCache, filename: str) -> ModuleSummary | None:
    try:
        data = read_bytes(filename)
    except SourceError:
        return None
    hit = cache.get(filename, content_hash(data))
    return hit.summary if hit is not None else None


def _explore_work(
    work: tuple[str, tuple[str, ...], frozenset[str] | None], settings: Settings, ruleset: RuleSet
) -> tuple[ModuleSummary, str] | None:
    """The summary of a file with the functions these paths lead to explored, and the hash of the
    bytes it was made from; None if the file cannot be explored, for whatever reason (not reported:
    the file is not one the run checks for findings, or its error was reported already)."""
    filename, paths, project = work
    try:
        data = read_bytes(filename)
        summary = analyse_file(
            decode(data).text, filename, settings, ruleset, explore=paths, project=project
        )[1]
    except Exception:  # a module that cannot be explored (any reason) only leaves its calls unfollowed
        return None
    return None if summary is None else (summary, content_hash(data))


def _kept_project_findings(
    found: dict[str, list[Finding]],
    workers: _Workers,
    options: RunOptions,
    pending: dict[str, tuple[NoqaComment, ...]],
) -> dict[str, list[Finding]]:
    """The whole-project findings that survive suppressions and per-file ignores, with the edits and
    lines the output asks for (each file's by the workers: edits parse statements with libcst), and
    the unused `noqa` codes of the comments left `pending` for the pass (NB900)."""
    work = [
        (filename, tuple(found.get(filename, ())), pending.get(filename, ()), options)
        for filename in sorted(found.keys() | pending.keys())
    ]
    return {filename: survivors for filename, survivors in workers.map(_kept_work, work) if survivors}


def _kept_work(
    work: tuple[str, tuple[Finding, ...], tuple[NoqaComment, ...], RunOptions],
    settings: Settings,
    ruleset: RuleSet,
) -> tuple[str, list[Finding]]:
    filename, findings, comments, options = work
    try:
        text = decode(read_bytes(filename)).text
    except SourceError:
        return filename, []
    suppressions = find_suppressions(
        text, {finding.noqa_row for finding in findings} | {c.row for c in comments}
    )
    selected = _selection(suppressions, filename, settings)
    candidates = list(findings)
    if comments:
        candidates += judge_after_the_pass(
            filename,
            comments,
            findings,
            _reported(filename, settings),
            suppressions.silences_everywhere,
        )
    survivors = _fixable_only(
        [finding for finding in candidates if selected(finding.noqa_row, finding.code)], settings
    )
    if survivors and options.with_edits:
        # A file that no longer parses (changed since it was checked): its fixes carry no edits.
        with contextlib.suppress(SyntaxError, ValueError, RecursionError, MemoryError):
            survivors = _with_edits(text, survivors)
    if survivors and options.with_lines:
        survivors = _with_lines(text, survivors)
    return filename, survivors


def _with_project_findings(result: FileResult, extra: Sequence[Finding], options: RunOptions) -> FileResult:
    if not extra:
        return replace(result, summary=None)
    findings = sorted((*result.findings, *extra), key=lambda finding: (finding.location, finding.code))
    return replace(result, findings=tuple(findings), summary=None)
