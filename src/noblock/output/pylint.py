"""The `pylint` format: `path:row: [CODE] message`, the line format tools that read pylint's parse."""

from __future__ import annotations

from collections.abc import Sequence

from noblock.findings import Finding
from noblock.output import report_path


def render_pylint(findings: Sequence[Finding]) -> str:
    """One line per finding."""
    return "".join(
        f"{report_path(finding.filename)}:{finding.location.row}: [{finding.code}] {finding.message}\n"
        for finding in findings
    )
