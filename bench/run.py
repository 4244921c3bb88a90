"""Benchmark noblock against its peers on the same corpus, in the same run.

    python bench/run.py [--runs 5] [--slow-runs 1] [--corpus /tmp/nb-corpus] [--skip-fixit] [--skip-slow]

Builds (or reuses) the corpus and the peers' virtualenv with `../shared/tools/make-corpus.sh`, runs
each command `--runs` times (the fast ones round-robin) and prints a Markdown table of median wall
times, their ratio to `ruff check --no-cache --isolated --select ASYNC`, and median CPU times (user
and system, of every process a command starts). It measures; it asserts nothing (CI runs tests,
not timings).
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import importlib.util
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_CORPUS = REPO.parent / "shared" / "tools" / "make-corpus.sh"
PEERS = Path("/tmp/nb-peers/bin")
# A realistic pre-commit input: one file with coroutines, from the corpus.
ONE_FILE = "starlette/starlette/routing.py"


@dataclass(frozen=True)
class Case:
    """One timed command; `setup` runs (untimed) before each timed run, e.g. to bring a cache up to
    date after another command changed a file."""

    label: str
    command: list[str]
    setup: list[str] | None = None
    slow: bool = False  # a peer that takes minutes per run: timed `--slow-runs` times
    one_file: bool = False  # compared with ruff on the same single file


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # user + system time of the command and every process it started


def _time(command: list[str]) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def _cases(corpus: Path, cache: Path, direct_only: Path, with_fixit: bool) -> list[Case]:
    noblock = [sys.executable, "-m", "noblock", "check", "--exit-zero", "-q"]
    one = str(corpus / ONE_FILE)
    touched = corpus / ONE_FILE
    ruff = [
        str(PEERS / "ruff"),
        "check",
        "--no-cache",
        "--isolated",
        "--select",
        "ASYNC",
        "--exit-zero",
        "-q",
    ]
    cases = [
        Case("ruff --select ASYNC (no cache)", [*ruff, str(corpus)]),
        Case(
            "noblock cold, direct findings only (no cache)",
            [*noblock, "--no-cache", "--config", str(direct_only), str(corpus)],
        ),
        Case("noblock cold, with the whole-project pass (no cache)", [*noblock, "--no-cache", str(corpus)]),
        Case(
            "noblock warm (cache, nothing changed)",
            [*noblock, "--cache-dir", str(cache), str(corpus)],
            setup=[*noblock, "--cache-dir", str(cache), str(corpus)],
        ),
        Case(
            "noblock warm, one file touched",
            [
                "sh",
                "-c",
                f"touch {touched} && echo >> {touched} && "
                + " ".join([*noblock, "--cache-dir", str(cache), str(corpus)]),
            ],
        ),
        Case(
            "noblock warm, one file touched, direct findings only",
            [
                "sh",
                "-c",
                f"touch {touched} && echo >> {touched} && "
                + " ".join(
                    [
                        *noblock,
                        "--cache-dir",
                        str(cache / "direct"),
                        "--config",
                        str(direct_only),
                        str(corpus),
                    ]
                ),
            ],
            setup=[*noblock, "--cache-dir", str(cache / "direct"), "--config", str(direct_only), str(corpus)],
        ),
        Case(
            "flake8 + flake8-async",
            [str(PEERS / "flake8"), "--select", "ASYNC", "--exit-zero", str(corpus)],
            slow=True,
        ),
        Case("ruff, one file", [*ruff, one], one_file=True),
        Case("noblock, one file", [*noblock, "--no-cache", one], one_file=True),
    ]
    if with_fixit:
        cases.append(
            Case("fixit lint (default rules)", [str(PEERS / "fixit"), "lint", str(corpus)], slow=True)
        )
    return cases


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow-runs", type=int, default=3, help="Runs of the peers that take minutes.")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/nb-corpus"))
    parser.add_argument(
        "--skip-fixit", action="store_true", help="Fixit parses everything with libcst: slow."
    )
    parser.add_argument(
        "--skip-slow", action="store_true", help="Leave out flake8 and Fixit (minutes per run)."
    )
    args = parser.parse_args(argv)
    if not (args.corpus.is_dir() and (PEERS / "ruff").exists()):
        subprocess.run(["bash", str(MAKE_CORPUS)], check=True)
    files = sum(1 for _ in args.corpus.rglob("*.py"))
    # An installed package has its bytecode; where none could be written (PYTHONDONTWRITEBYTECODE,
    # a read-only checkout), every run would compile noblock's modules first.
    spec = importlib.util.find_spec("noblock")
    if spec is None or not spec.submodule_search_locations:
        parser.error(f"noblock is not installed for {sys.executable}")
    compileall.compile_dir(spec.submodule_search_locations[0], quiet=1)
    cache = Path(tempfile.mkdtemp(prefix="noblock-bench-cache-"))
    direct_only = cache / "direct-only.toml"
    direct_only.write_text("[transitive]\nenabled = false\n")
    cases = [
        case
        for case in _cases(args.corpus, cache, direct_only, not (args.skip_fixit or args.skip_slow))
        if not (case.slow and args.skip_slow)
    ]
    timings: dict[str, list[Timing]] = {case.label: [] for case in cases}
    touched = args.corpus / ONE_FILE
    original = touched.read_bytes()  # the one-file case appends to it; it is restored afterwards
    try:
        # Round-robin over the fast commands, so that a machine that slows down or speeds up during
        # the run affects every command alike (ratios measured a minute apart drifted by 15 %).
        for _ in range(args.runs):
            for case in cases:
                if not case.slow:
                    if case.setup is not None:
                        subprocess.run(
                            case.setup, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
                        )
                    timings[case.label].append(_time(case.command))
        for case in cases:
            if case.slow:
                timings[case.label] = [_time(case.command) for _ in range(args.slow_runs)]
        for label, runs in timings.items():
            print(f"{label}: {' '.join(f'{t.wall:.2f}' for t in runs)} s", file=sys.stderr)
    finally:
        touched.write_bytes(original)
        shutil.rmtree(cache, ignore_errors=True)
    medians = {
        case.label: (
            statistics.median(t.wall for t in timings[case.label]),
            statistics.median(t.cpu for t in timings[case.label]),
            case.one_file,
        )
        for case in cases
    }
    ruff_all = medians["ruff --select ASYNC (no cache)"][0]
    ruff_one = medians["ruff, one file"][0]
    slow = "flake8 and Fixit left out" if args.skip_slow else f"{args.slow_runs} for flake8 and Fixit"
    print(f"Corpus: {args.corpus} ({files} files); medians of {args.runs} runs ({slow}).")
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{datetime.date.today().isoformat()}.\n"
    )
    print("| command | median wall time | ratio to ruff | median CPU time (all processes) |")
    print("|---|---:|---:|---:|")
    for label, (seconds, cpu, one_file) in medians.items():
        base = ruff_one if one_file else ruff_all
        print(f"| {label} | {seconds:.2f} s | {seconds / base:.1f}x | {cpu:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
