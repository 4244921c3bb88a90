"""Parsers compared on the files noblock parses: the standard library's `ast` and tree-sitter.

    pip install tree-sitter tree-sitter-python   # only for this script; noblock does not use them
    python bench/parsers.py [--corpus /tmp/nb-corpus] [--rounds 3]

Reads the corpus's files with `async def` (the ones a cold run parses) into memory, then, in each
round, times (process time, one process) `ast.parse` of all of them, a visit of every node of
their trees, tree-sitter's parse of all of them, finding every function body in tree-sitter's
trees (what a skeleton parse would need) and a visit of every node of those. Prints the median of
each. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import gc
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
    # Without the cycle collector, as noblock parses: it would traverse every tree kept here.
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        step()
        return time.process_time() - start
    finally:
        gc.enable()


def _ast_steps(files: list[bytes]) -> dict[str, Callable[[], object]]:
    """Parsing with `ast`, then visiting every node of the trees (the least any analysis does)."""
    trees: list[ast.AST] = []

    def parse() -> None:
        trees.clear()
        for data in files:
            with contextlib.suppress(SyntaxError, ValueError):
                trees.append(ast.parse(data))

    def visit() -> None:
        for tree in trees:
            for _ in ast.walk(tree):
                pass

    return {"ast.parse": parse, "ast: visit every node": visit}


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

    def visit() -> None:
        for tree in trees:
            cursor = tree.walk()
            descending = True
            while True:
                if descending and cursor.goto_first_child():
                    continue
                if cursor.goto_next_sibling():
                    descending = True
                    continue
                if not cursor.goto_parent():
                    break
                descending = False

    return {
        "tree-sitter parse": parse,
        "tree-sitter: find every function body": find_bodies,
        "tree-sitter: visit every node": visit,
    }


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

    steps = _ast_steps(files)
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
