"""Reads the expectations written inline in fixture files: `requests.get(u)  # NB102: 5`."""

from __future__ import annotations

import re
from pathlib import Path

_EXPECTATION = re.compile(r"\b(NB\d{3}): (\d+)\b")


def expected_findings(path: Path) -> set[tuple[int, int, str]]:
    """Every (row, column, code) the fixture's comments promise."""
    expected = set()
    for row, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if "#" not in line:
            continue
        comment = line[line.index("#") :]
        for code, column in _EXPECTATION.findall(comment):
            expected.add((row, int(column), code))
    return expected
