"""The JSON formats, shaped like ruff's `--output-format json` so tools built for it can read them."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from noblock.findings import RUNS_NAMES, Finding
from noblock.rules import RULES_BY_CODE


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """One finding as ruff shapes a diagnostic (absolute filename, 1-based rows and columns); a
    finding of the whole-project pass also carries its `chain` of {name, filename, row, runs}:
    `runs` says how often the step before calls that step ("always", "sometimes", "on error")."""
    shaped: dict[str, Any] = {
        "cell": None,
        "code": finding.code,
        "end_location": {"column": finding.end_location.column, "row": finding.end_location.row},
        "filename": os.path.abspath(finding.filename) if finding.filename != "-" else "-",
        "fix": _fix_to_json(finding),
        "location": {"column": finding.location.column, "row": finding.location.row},
        "message": finding.message,
        "noqa_row": finding.noqa_row,
        "url": None,
    }
    if finding.chain:
        shaped["chain"] = [
            {"name": hop.name, "filename": hop.filename, "row": hop.row, "runs": RUNS_NAMES[hop.runs]}
            for hop in finding.chain
        ]
    return shaped


def _fix_to_json(finding: Finding) -> dict[str, Any] | None:
    if finding.fix is None:
        return None
    return {
        "applicability": "safe" if finding.fix.safe else "unsafe",
        "edits": [
            {
                "content": edit.content,
                "end_location": {"column": edit.end_location.column, "row": edit.end_location.row},
                "location": {"column": edit.location.column, "row": edit.location.row},
            }
            for edit in finding.edits
        ],
        "message": finding.fix.title,
    }


def render_json(findings: Sequence[Finding]) -> str:
    """The findings as one JSON array."""
    return json.dumps([finding_to_json(finding) for finding in findings], indent=2) + "\n"


def render_json_lines(findings: Sequence[Finding]) -> str:
    """`json-lines`: one finding per line, each a whole JSON object, so the output can be read as it comes."""
    return "".join(json.dumps(finding_to_json(finding), sort_keys=True) + "\n" for finding in findings)


def render_statistics_json(findings: Sequence[Finding], unsafe_fixes: bool) -> str:
    """`--statistics` with JSON output: count per code, most frequent first."""
    counts: dict[str, int] = {}
    fixable: dict[str, int] = {}
    for finding in findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
        if finding.fix is not None and (finding.fix.safe or unsafe_fixes):
            fixable[finding.code] = fixable.get(finding.code, 0) + 1
    rows = [
        {
            "code": code,
            "name": RULES_BY_CODE[code].name,
            "count": count,
            "fixable": fixable.get(code, 0) == count,
            "fixable_count": fixable.get(code, 0),
        }
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return json.dumps(rows, indent=2) + "\n"
