"""The `gitlab` format: a GitLab Code Quality report (the Code Climate issue format GitLab reads)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from noblock.findings import Finding
from noblock.output import report_path


def fingerprint(finding: Finding, occurrence: int) -> str:
    """Stable across unrelated edits: the path, the code and the line's text, never its number.

    `occurrence` tells apart identical lines in one file (the same call made twice), which GitLab
    would otherwise merge into one issue.
    """
    line = finding.line(finding.location.row)
    anchor = line.strip() if line is not None else finding.message
    key = "\0".join((report_path(finding.filename), finding.code, anchor, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue(finding: Finding, occurrence: int) -> dict[str, Any]:
    """One finding as a Code Quality issue."""
    return {
        "type": "issue",
        "check_name": finding.code,
        "description": f"{finding.code} {finding.message}",
        "categories": ["Performance"],
        "severity": "major",
        "fingerprint": fingerprint(finding, occurrence),
        "location": {
            "path": report_path(finding.filename),
            "lines": {"begin": finding.location.row, "end": finding.end_location.row},
        },
    }


def render_gitlab(findings: Sequence[Finding]) -> str:
    """The report: a JSON array of issues (an empty array when there is nothing to report)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for finding in findings:
        line = finding.line(finding.location.row) or ""
        key = (finding.filename, finding.code, line.strip())
        issues.append(issue(finding, seen[key]))
        seen[key] += 1
    return json.dumps(issues, indent=2) + "\n"
