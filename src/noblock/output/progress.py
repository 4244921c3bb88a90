"""A progress bar for long runs, drawn by rich on a terminal and erased when the run ends."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")
_REDRAW_EVERY = 0.1  # seconds


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
    # Drawn from this thread, not by rich's refresh thread: worker processes are forked during the run,
    # and a process that runs other threads when it forks can leave its children deadlocked.
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("check", total=total)
        drawn = time.monotonic()
        for item in items:
            yield item
            progress.advance(task)
            if time.monotonic() - drawn >= _REDRAW_EVERY:
                progress.refresh()
                drawn = time.monotonic()
