"""The `azure` format: Azure Pipelines logging commands, which the pipeline shows as errors on the files."""

from __future__ import annotations

from collections.abc import Sequence

from noblock.findings import Finding
from noblock.output import report_path


def _escape_data(value: str) -> str:
    # The agent decodes these in a command's message; `%` first, so that no escape is escaped again.
    return value.replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    # In a property, `;` would end the value and `]` the properties.
    return _escape_data(value).replace(";", "%3B").replace("]", "%5D")


def log_issue(finding: Finding) -> str:
    """`##vso[task.logissue type=error;sourcepath=...;linenumber=...;columnnumber=...;code=...;]message`."""
    properties = {
        "type": "error",
        "sourcepath": report_path(finding.filename),
        "linenumber": str(finding.location.row),
        "columnnumber": str(finding.location.column),
        "code": finding.code,
    }
    joined = "".join(f"{name}={_escape_property(value)};" for name, value in properties.items())
    return f"##vso[task.logissue {joined}]{_escape_data(finding.message)}"


def render_azure(findings: Sequence[Finding]) -> str:
    """One logging command per finding."""
    return "".join(log_issue(finding) + "\n" for finding in findings)
