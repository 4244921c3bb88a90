"""What the last whole-project run knew, so that the next one only reads the files that changed.

The record keeps, for every file of the run, its size and modification time, the digest of its
bytes and its final result. For a file with coroutines it also keeps a signature of what the
whole-project pass learnt from it: its summary as the pass last saw it (the functions it explored
there included), with the positions of the coroutines' calls left out. And for every callee of those
calls that reached a blocking call, where it led (`project.Way`).

When a file with coroutines changed but its signature did not, the pass would explore the same
functions and find the same blocking ones: the file's calls are matched against the recorded ways,
and nothing else is read. The runner falls back to the full pass for anything else.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from noblock.cache import content_hash, result_from_json, result_to_json
from noblock.findings import FileResult, Hop
from noblock.project import Way
from noblock.summary import FunctionSummary, ModuleSummary

# Size and modification time (ns): a file whose stat is unchanged is taken as unchanged.
Stat = tuple[int, int]
# A file modified this shortly before a run may be modified again within the same tick of a coarse
# file-system clock, keeping its size: its stat is not kept, so the next run reads it again.
_RECENT_NS = 2_000_000_000


@dataclass(frozen=True)
class FileState:
    """One file as the last run left it."""

    stat: Stat | None  # None: the file could not be examined
    digest: str | None  # of the bytes checked; None: the file could not be read
    signature: str | None = None  # of what the pass learnt from it; None: no coroutines
    explored: tuple[str, ...] = ()  # its plain functions the pass explored, as dotted paths
    asked: bool = False  # a file without coroutines that the pass read to explore it


@dataclass(frozen=True)
class RunRecord:
    """The last run: its files in order, their states and final results, and the ways down; and
    the files checked again since the per-file results were last saved (path: digest, result before
    the whole-project pass), which a full pass then takes as they are."""

    paths: tuple[str, ...]
    files: tuple[FileState, ...]
    results: tuple[FileResult, ...]
    ways: dict[str, Way]
    rechecked: dict[str, tuple[str, FileResult]] = field(default_factory=dict)


# A signature no summary has: the file's summary was not the one the pass used (two files with
# one module name), so any change to it needs the full pass.
UNSURE = "?"


def file_stat(path: str) -> Stat | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns)


def trusted(stat: Stat | None, started_ns: int) -> Stat | None:
    """The stat to keep for a file examined by a run that started at `started_ns`."""
    return stat if stat is not None and stat[1] < started_ns - _RECENT_NS else None


def signature(summary: ModuleSummary) -> str:
    """A digest of what the whole-project pass learns from a summary, rows left out: lines added
    or removed above a function do not change which functions block (`ways_hold` checks the rows
    the recorded ways show). The order of a function's blocking calls is kept: the first counts."""
    data = [
        summary.module,
        summary.filename,
        [
            [
                function.qualname,
                function.is_async,
                function.explored,
                [
                    [leaf.code, leaf.call, list(leaf.needs), leaf.runs]
                    for leaf in sorted(function.leaves, key=lambda leaf: leaf.row)
                ],
                [
                    [
                        edge.callee,
                        edge.by_name,
                        list(edge.needs),
                        repr(edge.passed),
                        edge.on_self,
                        [list(pair) for pair in edge.forwards],
                        edge.runs,
                    ]
                    for edge in function.edges
                ],
                function.returns,
                function.generator,
                list(function.parameters),
                list(function.rebinds),
            ]
            # Functions found inside bodies join a summary in the order the bodies were read.
            for function in sorted(summary.functions, key=lambda function: function.qualname)
        ],
        [[cls.qualname, list(cls.bases), [list(pair) for pair in cls.attributes]] for cls in summary.classes],
        [list(pair) for pair in summary.aliases],
        [list(pair) for pair in summary.instances],
        [list(pair) for pair in summary.objects],
        sorted(
            {(site.callee, site.by_name, repr(site.passed), repr(site.built)) for site in summary.call_sites}
        ),
    ]
    return content_hash(json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogateescape"))


def ways_hold(summary: ModuleSummary, ways: dict[str, Way]) -> bool:
    """Whether every step the ways take through this module's file is still where they say: each
    function they name is still the only one of its name, on the same row, and the blocking call
    a way ends with is still on the same row, as the function's first blocking call or as its only
    one written so. (The file's `signature` is unchanged: its calls are the same, in the same
    order, and the ways taken are the same.)"""
    by_name: dict[str, list[FunctionSummary]] = {}
    for function in summary.functions:
        by_name.setdefault(function.qualname, []).append(function)
    for way in ways.values():
        chain = way.chain
        for position, hop in enumerate(chain):
            if hop.filename != summary.filename:
                continue
            if position == len(chain) - 1:  # the blocking call, made by the function before it
                owners = by_name.get(chain[position - 1].name, []) if position else []
                if len(owners) != 1 or not owners[0].leaves:
                    return False
                first = min(owners[0].leaves, key=lambda leaf: leaf.row)
                alike = [leaf for leaf in owners[0].leaves if leaf.call == hop.name]
                if (first.call, first.row) != (hop.name, hop.row) and (
                    len(alike) != 1 or alike[0].row != hop.row
                ):
                    return False
            else:
                found = by_name.get(hop.name, [])
                if len(found) != 1 or found[0].row != hop.row:
                    return False
    return True


def explored_functions(summary: ModuleSummary) -> tuple[str, ...]:
    """The plain functions of a summary that were explored, as the paths that explore them again."""
    return tuple(
        f"{summary.module}.{function.qualname}"
        for function in summary.functions
        if function.explored and not function.is_async
    )


def record_to_json(record: RunRecord) -> dict[str, Any]:
    return {
        "paths": list(record.paths),
        "files": [
            [state.stat, state.digest, state.signature, list(state.explored), state.asked]
            for state in record.files
        ],
        "results": [result_to_json(result) for result in record.results],
        "ways": {
            callee: [
                way.target,
                [[hop.name, hop.filename, hop.row, hop.runs] for hop in way.chain],
                way.generator,
                way.library,
                way.by_name,
            ]
            for callee, way in record.ways.items()
        },
        "rechecked": {
            path: [digest, result_to_json(result)] for path, (digest, result) in record.rechecked.items()
        },
    }


def record_from_json(data: Any) -> RunRecord | None:
    """The inverse of `record_to_json`; None for data of another shape."""
    try:
        paths = tuple(str(path) for path in data["paths"])
        files = tuple(
            FileState(None if stat is None else (stat[0], stat[1]), digest, sign, tuple(explored), asked)
            for stat, digest, sign, explored, asked in data["files"]
        )
        if not len(paths) == len(data["files"]) == len(data["results"]):
            return None
        results = tuple(result_from_json(result, path) for path, result in zip(paths, data["results"]))
        ways = {
            callee: Way(
                target,
                tuple(Hop(name, filename, row, runs) for name, filename, row, runs in chain),
                generator,
                library,
                by_name,
            )
            for callee, (target, chain, generator, library, by_name) in data["ways"].items()
        }
        rechecked = {
            path: (digest, result_from_json(result, path))
            for path, (digest, result) in data["rechecked"].items()
        }
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    return RunRecord(paths, files, results, ways, rechecked)
