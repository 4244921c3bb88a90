"""Where a cold run's time goes, by phase, in one process (process time; no profiler overhead).

    python bench/profile.py [--corpus /tmp/nb-corpus] [--direct-only]

Wraps the runner's steps (reading, decoding, parsing, analysis, the whole-project pass's
bookkeeping) with timers, runs `check_paths(..., jobs=1)` without a cache and prints each phase's
share. Phases nest: "collecting scopes" is part of "analysis".
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from noblock import checker, runner
from noblock.config import load_settings
from noblock.discovery import discover

_phase = ["main"]
_spent: dict[str, float] = {}


def _timed(name: str, function: Callable[..., Any], *, by_phase: bool = True) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            label = f"{_phase[0]}: {name}" if by_phase else name
            _spent[label] = _spent.get(label, 0.0) + time.process_time() - start

    return timed


def _in_phase(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def phased(*args: Any) -> Any:
        _phase[0] = name
        try:
            return function(*args)
        finally:
            _phase[0] = "main"

    return phased


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/nb-corpus"))
    parser.add_argument("--direct-only", action="store_true", help="Without the whole-project pass.")
    args = parser.parse_args(argv)
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)  # as `noblock` itself runs (`cli.run`)
    timed_steps = [
        (runner, "read_bytes", "read"),
        (runner, "decode", "decode"),
        (runner, "parse_module", "parse (ast)"),
        (runner, "analyse_module", "analysis"),
        (checker, "collect_scopes", "analysis: collecting scopes"),
        (runner, "find_suppressions", "suppressions"),
    ]
    for module, name, label in timed_steps:
        setattr(module, name, _timed(label, getattr(module, name)))
    for name, label in (("_wanted", "exploration bookkeeping"), ("transitive_findings", "chains")):
        setattr(runner, name, _timed(label, getattr(runner, name), by_phase=False))
    for name, label in (
        ("_check_work", "files with coroutines"),
        ("_explore_work", "modules explored on demand"),
    ):
        setattr(runner, name, _in_phase(label, getattr(runner, name)))
    settings = load_settings(None, cwd=Path.cwd(), select=["NB1"] if args.direct_only else None)
    files = discover([str(args.corpus)], settings).files
    start = time.process_time()
    findings = sum(len(result.findings) for result in runner.check_paths(files, settings, jobs=1))
    total = time.process_time() - start
    print(f"{len(files)} files, {findings} findings, {total:.2f} s of CPU in one process")
    for label, seconds in sorted(_spent.items()):
        print(f"  {label:55s} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
