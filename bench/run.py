"""Benchmark noblock against its peers on the same corpus, in the same run.

    python bench/run.py [--runs 3] [--slow-runs 1] [--corpus /tmp/nb-corpus] [--skip-fixit]

Builds (or reuses) the corpus and the peers' virtualenv with `../shared/tools/make-corpus.sh`, runs
each command `--runs` times and prints a Markdown table of median wall times and their ratio to
`ruff check --no-cache --isolated --select ASYNC`. It measures; it asserts nothing (CI runs tests,
not timings).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
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
    """One timed command; `setup` runs once before the timed runs (e.g. to fill a cache)."""

    label: str
    command: list[str]
    setup: list[str] | None = None
    slow: bool = False  # a peer that takes minutes per run: timed `--slow-runs` times
    one_file: bool = False  # compared with ruff on the same single file


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


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
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slow-runs", type=int, default=3, help="Runs of the peers that take minutes.")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/nb-corpus"))
    parser.add_argument(
        "--skip-fixit", action="store_true", help="Fixit parses everything with libcst: slow."
    )
    args = parser.parse_args(argv)
    if not (args.corpus.is_dir() and (PEERS / "ruff").exists()):
        subprocess.run(["bash", str(MAKE_CORPUS)], check=True)
    files = sum(1 for _ in args.corpus.rglob("*.py"))
    cache = Path(tempfile.mkdtemp(prefix="noblock-bench-cache-"))
    direct_only = cache / "direct-only.toml"
    direct_only.write_text("[transitive]\nenabled = false\n")
    medians: dict[str, tuple[float, bool]] = {}
    touched = args.corpus / ONE_FILE
    original = touched.read_bytes()  # the one-file case appends to it; it is restored afterwards
    try:
        for case in _cases(args.corpus, cache, direct_only, not args.skip_fixit):
            if case.setup is not None:
                subprocess.run(case.setup, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times = [_time(case.command) for _ in range(args.slow_runs if case.slow else args.runs)]
            medians[case.label] = (statistics.median(times), case.one_file)
            print(f"{case.label}: {' '.join(f'{t:.2f}' for t in times)} s", file=sys.stderr)
    finally:
        touched.write_bytes(original)
        shutil.rmtree(cache, ignore_errors=True)
    ruff_all = medians["ruff --select ASYNC (no cache)"][0]
    ruff_one = medians["ruff, one file"][0]
    print(
        f"Corpus: {args.corpus} ({files} files); medians of {args.runs} runs "
        f"({args.slow_runs} for flake8 and Fixit)."
    )
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{datetime.date.today().isoformat()}.\n"
    )
    print("| command | median wall time | ratio to ruff |")
    print("|---|---:|---:|")
    for label, (seconds, one_file) in medians.items():
        base = ruff_one if one_file else ruff_all
        print(f"| {label} | {seconds:.2f} s | {seconds / base:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
