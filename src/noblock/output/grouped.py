"""The `grouped` format: the findings of each file under its name, one `row:col CODE message` a line."""

from __future__ import annotations

from collections.abc import Sequence

from noblock.findings import Finding
from noblock.output.text import finding_marker


def grouped_lines(findings: Sequence[Finding], unsafe_fixes: bool) -> list[str]:
    """A file's name, its findings indented below it with their positions aligned, then a blank line."""
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.filename, []).append(finding)
    lines: list[str] = []
    for filename, found in by_file.items():
        positions = [f"{finding.location.row}:{finding.location.column}" for finding in found]
        width = max(map(len, positions))
        lines.append(f"{filename}:")
        for position, finding in zip(positions, found):
            marker = finding_marker(finding, unsafe_fixes)
            lines.append(f"  {position:<{width}} {finding.code}{marker} {finding.message}")
        lines.append("")
    return lines
