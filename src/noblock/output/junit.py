"""The `junit` format: JUnit XML, one test case per checked file, for CI test-report views."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from noblock.findings import FileError, Finding
from noblock.output import report_path
from noblock.output.text import counted, finding_line


def _classname(path: str) -> str:
    """`pkg/api/app.py` -> `pkg.api.app`, so report views group the files by package."""
    stem = os.path.splitext(path)[0]
    return stem.strip("/").replace("/", ".") or path


def render_junit(
    checked: Sequence[str], findings: Sequence[Finding], errors: Sequence[FileError] = ()
) -> str:
    """A `<testsuite>` named noblock: a file with findings fails, one that could not be checked errs."""
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.filename, []).append(finding)
    errors_by_file = {error.filename: error for error in errors}
    filenames = list(dict.fromkeys([*checked, *by_file, *errors_by_file]))
    suites = ET.Element("testsuites", name="noblock")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="noblock",
        tests=str(len(filenames)),
        failures=str(sum(1 for name in filenames if name in by_file and name not in errors_by_file)),
        errors=str(len(errors_by_file)),
        skipped="0",
    )
    suites.set("tests", suite.get("tests", "0"))
    suites.set("failures", suite.get("failures", "0"))
    suites.set("errors", suite.get("errors", "0"))
    for filename in filenames:
        path = report_path(filename)
        case = ET.SubElement(suite, "testcase", name=path, classname=_classname(path), file=path)
        error = errors_by_file.get(filename)
        if error is not None:
            element = ET.SubElement(case, "error", message=error.reason, type="error")
            element.text = f"{path}: error: {error.reason}"
            continue
        found = by_file.get(filename, [])
        if found:
            codes = sorted({finding.code for finding in found})
            element = ET.SubElement(case, "failure", message=counted(found), type=",".join(codes))
            element.text = "\n".join(finding_line(finding, unsafe_fixes=False) for finding in found)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
