"""A progress bar for long runs, drawn by rich on a terminal and erased when the run ends."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def with_progress(items: Iterable[T], total: int, stream: TextIO) -> Iterator[T]:
    """Yield `items`, advancing a bar of `total` steps on `stream` for each."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=stream)
    columns = (
        TextColumn("Checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("check", total=total)
        for item in items:
            yield item
            progress.advance(task)
