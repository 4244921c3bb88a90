"""The JSON format, shaped like ruff's `--output-format json` so tools built for it can read it."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any, TextIO

from noblock.findings import Finding


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """One finding as ruff shapes a diagnostic (absolute filename, 1-based rows and columns)."""
    return {
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


def write_json(findings: Sequence[Finding], stream: TextIO) -> None:
    """Write the findings as one JSON array."""
    json.dump([finding_to_json(finding) for finding in findings], stream, indent=2)
    stream.write("\n")
