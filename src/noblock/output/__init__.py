"""Reporters: each turns the results of a run into one output format."""

from __future__ import annotations

import os
import tempfile

# `text`, `full` and `grouped` are for people (coloured on a terminal); the others are read by tools.
OUTPUT_FORMATS = (
    "text",
    "full",
    "grouped",
    "json",
    "json-lines",
    "github",
    "gitlab",
    "azure",
    "sarif",
    "junit",
    "pylint",
)
TERMINAL_FORMATS = frozenset({"text", "full", "grouped"})


def write_report_file(path: str, report: str) -> None:
    """Write a report in full or not at all: a CI step never uploads half a file."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".noblock-report-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(report)
        # mkstemp makes the file private; a report gets the permissions of any new file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def report_path(filename: str) -> str:
    """A checked file's path as CI tools want it: relative to the current folder if inside it, with `/`."""
    if filename == "-":
        return filename
    absolute = os.path.abspath(filename)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        relative = absolute
    path = absolute if relative.startswith("..") else relative
    return path.replace(os.sep, "/")
