"""The `sarif` format: SARIF 2.1.0, as GitHub code scanning and other analysis viewers read it."""

from __future__ import annotations

import json
import os
import pathlib
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from noblock import __version__
from noblock.findings import Edit, FileError, Finding, Location
from noblock.output import report_path
from noblock.rules import RULES, Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A rule's metadata: names, descriptions, and help with the bad and good examples and the fix."""
    bad = "\n".join(f"    {line}" for line in rule.bad.splitlines())
    good = "\n".join(f"    {line}" for line in rule.good.splitlines())
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": f"{rule.why}\n\nExample:\n{bad}\n\nUse instead:\n{good}\n\nFix: {rule.fix}",
            "markdown": (
                f"{rule.why}\n\n**Example**\n\n```python\n{rule.bad}\n```\n\n"
                f"**Use instead**\n\n```python\n{rule.good}\n```\n\n**Fix:** {rule.fix}"
            ),
        },
        "defaultConfiguration": {"level": "error"},
    }


def _artifact(filename: str) -> dict[str, str]:
    path = report_path(filename)
    if os.path.isabs(path):
        return {"uri": pathlib.Path(path).as_uri()}
    return {"uri": quote(path), "uriBaseId": SOURCE_ROOT}


def _region(start: Location, end: Location) -> dict[str, int]:
    # SARIF's end column, like noblock's, is the column just after the last character.
    return {
        "startLine": start.row,
        "startColumn": start.column,
        "endLine": end.row,
        "endColumn": end.column,
    }


def _replacement(edit: Edit) -> dict[str, Any]:
    return {
        "deletedRegion": _region(edit.location, edit.end_location),
        "insertedContent": {"text": edit.content},
    }


def result(finding: Finding, rule_index: int) -> dict[str, Any]:
    """One finding as a SARIF result, with its fix when the run attached the fix's edits."""
    entry: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(finding.filename),
                    "region": _region(finding.location, finding.end_location),
                }
            }
        ],
    }
    if finding.fix is not None and finding.edits:
        safety = "" if finding.fix.safe else " (unsafe: it may change behaviour)"
        entry["fixes"] = [
            {
                "description": {"text": finding.fix.title + safety},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(finding.filename),
                        "replacements": [
                            _replacement(edit)
                            for edit in sorted(finding.edits, key=lambda edit: edit.location)
                        ],
                    }
                ],
            }
        ]
    return entry


def _notification(error: FileError) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": f"{report_path(error.filename)}: {error.reason}"},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(error.filename)}}],
    }


def render_sarif(findings: Sequence[Finding], errors: Sequence[FileError] = ()) -> str:
    """A SARIF log with one run: the tool and its rules, the results, and the files that were not checked."""
    # The rules the results refer to, in the rule table's order.
    found = {finding.code for finding in findings}
    rules = [rule for rule in RULES if rule.code in found]
    index = {rule.code: position for position, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "noblock",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(rule) for rule in rules],
            }
        },
        "originalUriBaseIds": {SOURCE_ROOT: {"uri": pathlib.Path.cwd().as_uri().rstrip("/") + "/"}},
        # Columns count characters, as Python strings index them; SARIF's default is UTF-16 code units.
        "columnKind": "unicodeCodePoints",
        "results": [result(finding, index[finding.code]) for finding in findings],
        "invocations": [
            {
                "executionSuccessful": not errors,
                "toolExecutionNotifications": [_notification(error) for error in errors],
            }
        ],
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, indent=2) + "\n"
