"""Parsers compared on the files noblock parses: the standard library's `ast` and tree-sitter.

    pip install tree-sitter tree-sitter-python   # only for this script; noblock does not use them
    python bench/parsers.py [--corpus /tmp/nb-corpus] [--rounds 3]

Reads the corpus's files with `async def` (the ones a cold run parses) into memory, then, in each
round, times (process time, one process) `ast.parse` of all of them, tree-sitter's parse of all of
them, and finding every function body in tree-sitter's trees (what a skeleton parse would need).
Prints the median of each. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from noblock import runner
from noblock.config import load_settings
from noblock.discovery import discover
from noblock.source import read_bytes


def _files_with_coroutines(corpus: Path) -> list[bytes]:
    """The bytes of the files a cold run parses: the files it finds that pass its pre-filter."""
    settings = load_settings(None, cwd=Path.cwd())
    found = []
    for path in discover([str(corpus)], settings).files:
        data = read_bytes(path)
        if runner._ASYNC_DEF.search(data):
            found.append(data)
    return found


def _timed(step: Callable[[], object]) -> float:
    start = time.process_time()
    step()
    return time.process_time() - start


def _parse_all_with_ast(files: list[bytes]) -> None:
    for data in files:
        with contextlib.suppress(SyntaxError, ValueError):
            ast.parse(data)


def _tree_sitter_steps(files: list[bytes]) -> dict[str, Callable[[], object]]:
    """Parsing with tree-sitter, then finding every function body in its trees (what a skeleton
    parse needs); none when tree-sitter is not installed."""
    try:
        import tree_sitter
        import tree_sitter_python
    except ImportError:
        print("tree-sitter is not installed: timing `ast.parse` only")
        return {}
    language = tree_sitter.Language(tree_sitter_python.language())
    parser = tree_sitter.Parser(language)
    bodies = tree_sitter.Query(language, "(function_definition body: (block) @body)")
    trees: list[Any] = []

    def parse() -> None:
        trees[:] = [parser.parse(data) for data in files]

    def find_bodies() -> None:
        spans = []
        for tree in trees:
            for node in tree_sitter.QueryCursor(bodies).captures(tree.root_node).get("body", []):
                spans.append((node.start_byte, node.end_byte))

    return {"tree-sitter parse": parse, "tree-sitter: find every function body": find_bodies}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/nb-corpus"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    files = _files_with_coroutines(args.corpus)
    lines = sum(data.count(b"\n") for data in files)
    print(f"{len(files)} files with `async def`, {lines:,} lines")

    steps: dict[str, Callable[[], object]] = {"ast.parse": lambda: _parse_all_with_ast(files)}
    steps.update(_tree_sitter_steps(files))
    times: dict[str, list[float]] = {label: [] for label in steps}
    for _ in range(args.rounds):
        for label, step in steps.items():
            times[label].append(_timed(step))
    for label, seconds in times.items():
        median = statistics.median(seconds)
        speed = f"  ({lines / median / 1000:,.0f} klines/s)" if "parse" in label else ""
        print(f"{label:40} {median:6.2f} s{speed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
