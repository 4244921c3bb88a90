"""Runs the command line in-process and captures what it printed."""

from __future__ import annotations

import pytest

from noblock.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The exit status, standard output and standard error of `noblock ARGV`."""
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err
