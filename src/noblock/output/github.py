"""The `github` format: GitHub Actions workflow commands, which the runner turns into annotations."""

from __future__ import annotations

from collections.abc import Sequence

from noblock.findings import Finding
from noblock.output import report_path


def _escape_data(value: str) -> str:
    # The runner decodes these three in a command's message; anything else is taken as it is.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    # In a property, `:` and `,` would end the value, so they are encoded too.
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """`::error title=...,file=...,line=...,col=...,endLine=...,endColumn=...::message`."""
    properties = {
        "title": f"noblock ({finding.code})",
        "file": report_path(finding.filename),
        "line": str(finding.location.row),
        "col": str(finding.location.column),
        "endLine": str(finding.end_location.row),
        "endColumn": str(finding.end_location.column),
    }
    joined = ",".join(f"{name}={_escape_property(value)}" for name, value in properties.items())
    return f"::error {joined}::{_escape_data(finding.message)}"


def render_github(findings: Sequence[Finding]) -> str:
    """One annotation line per finding."""
    return "".join(annotation(finding) + "\n" for finding in findings)
