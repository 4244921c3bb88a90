"""Every `--output-format` on the same fixture project: exact golden output, and each format's own spec.

The goldens live in tests/fixtures/output/expected/. After an intended change of output, regenerate them
with `python tests/test_output_formats.py` and review the diff.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_runner import run

from noblock import __version__
from noblock.cli import main
from noblock.findings import Edit, Finding, Location, SourceLine
from noblock.output.azure import log_issue
from noblock.output.full import fix_hunks
from noblock.output.github import annotation
from noblock.output.gitlab import fingerprint
from noblock.output.grouped import grouped_lines
from noblock.output.progress import with_progress
from noblock.output.sarif import rule_descriptor
from noblock.output.text import write_text
from noblock.rules import RULES_BY_CODE

FIXTURES = Path(__file__).parent / "fixtures" / "output"
PROJECT = FIXTURES / "project"
EXPECTED = FIXTURES / "expected"
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
GOLDEN_FILES = {
    "text": "text.txt",
    "full": "full.txt",
    "grouped": "grouped.txt",
    "json": "json.json",
    "json-lines": "json-lines.jsonl",
    "github": "github.txt",
    "gitlab": "gitlab.json",
    "sarif": "sarif.json",
    "junit": "junit.xml",
    "azure": "azure.txt",
    "pylint": "pylint.txt",
}
CHECKED_FILES = ["clean.py", "nested/sync_only.py", "service.py"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture project (away from any pyproject.toml), as the current folder."""
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy)
    monkeypatch.chdir(copy)
    monkeypatch.delenv("CI", raising=False)
    return copy


def normalised(output: str, project: Path, output_format: str) -> str:
    """The output with what differs between machines (the project's folder, the version) replaced.

    SARIF rule descriptors are checked here against the rule table and kept in the golden by id only,
    so that editing a rule's documentation does not change every golden.
    """
    output = output.replace(project.as_uri(), "file://<project>").replace(str(project), "<project>")
    output = output.replace(f'"{__version__}"', '"<version>"')
    if output_format != "sarif":
        return output
    log = json.loads(output)
    for sarif_run in log["runs"]:
        descriptors = sarif_run["tool"]["driver"]["rules"]
        for descriptor in descriptors:
            assert descriptor == rule_descriptor(RULES_BY_CODE[descriptor["id"]])
        sarif_run["tool"]["driver"]["rules"] = [{"id": descriptor["id"]} for descriptor in descriptors]
    return json.dumps(log, indent=2) + "\n"


def report(output_format: str, project: Path, capsys: pytest.CaptureFixture[str]) -> str:
    status, out, _ = run(["check", ".", "--output-format", output_format], capsys)
    assert status == 1
    return normalised(out, project, output_format)


@pytest.mark.parametrize("output_format", list(GOLDEN_FILES))
def test_output_matches_golden(output_format: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = (EXPECTED / GOLDEN_FILES[output_format]).read_text(encoding="utf-8")
    assert report(output_format, project, capsys) == expected


# SARIF


def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def sarif_log(capsys: pytest.CaptureFixture[str]) -> Any:
    """The SARIF log of the fixture project, as written (not normalised)."""
    status, out, _ = run(["check", ".", "--output-format", "sarif"], capsys)
    assert status == 1
    return json.loads(out)


def test_sarif_validates_against_the_official_schema(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = sarif_log(capsys)
    sarif_validator().validate(log)
    assert log["version"] == "2.1.0"


def test_sarif_schema_check_can_fail() -> None:
    # The validator must reject what the schema forbids, or the test above proves nothing.
    bad = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "noblock"}}, "results": [{"level": "x"}]}],
    }
    assert list(sarif_validator().iter_errors(bad))


def test_sarif_file_errors_validate_too(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "broken.py").write_text("async def f(:\n")
    status, out, _ = run(["check", ".", "--output-format", "sarif"], capsys)
    assert status == 2
    log = json.loads(out)
    sarif_validator().validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == (
        f"broken.py: syntax error at 1:13: invalid syntax (read as Python {python})"
    )


def test_sarif_results_point_at_their_rules(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sarif_run = sarif_log(capsys)["runs"][0]
    rules = sarif_run["tool"]["driver"]["rules"]
    # The rules the results use, in the rule table's order.
    assert [rule["id"] for rule in rules] == ["NB101", "NB102", "NB104", "NB107"]
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert all("```python" in rule["help"]["markdown"] for rule in rules)
    # Fixes: a safe one, an unsafe one (marked so), none for the `with open(...)` call.
    fixes = {
        result["locations"][0]["physicalLocation"]["region"]["startLine"]: result.get("fixes")
        for result in sarif_run["results"]
    }
    assert fixes[25] is None
    assert fixes[21][0]["description"]["text"].endswith("(unsafe: it may change behaviour)")
    assert fixes[10][0]["artifactChanges"][0]["replacements"][-1] == {
        "deletedRegion": {"startLine": 10, "startColumn": 5, "endLine": 10, "endColumn": 18},
        "insertedContent": {"text": "await asyncio.sleep(1)"},
    }


def test_sarif_columns_count_code_points(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `print("🙂"); time.sleep(2)`: the emoji is one code point but two UTF-16 code units.
    sarif_run = sarif_log(capsys)["runs"][0]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    regions = [result["locations"][0]["physicalLocation"]["region"] for result in sarif_run["results"]]
    assert {"startLine": 30, "startColumn": 17, "endLine": 30, "endColumn": 30} in regions


# GitLab Code Quality


def test_gitlab_report_has_the_fields_gitlab_requires(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issues = json.loads(report("gitlab", project, capsys))
    assert isinstance(issues, list)
    assert len(issues) == 7
    for issue in issues:
        assert isinstance(issue["description"], str)
        assert issue["description"]
        assert re.fullmatch(r"NB1\d\d", issue["check_name"])
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == "service.py"
        lines = issue["location"]["lines"]
        assert isinstance(lines["begin"], int)
        assert lines["begin"] <= lines["end"]
    # Two identical `time.sleep(1)` lines still get distinct fingerprints.
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_gitlab_fingerprints_survive_unrelated_edits(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {issue["fingerprint"] for issue in json.loads(report("gitlab", project, capsys))}
    service = project / "service.py"
    service.write_text("# A comment that moves every line down.\n\n" + service.read_text(encoding="utf-8"))
    after = json.loads(report("gitlab", project, capsys))
    assert {issue["fingerprint"] for issue in after} == before
    assert after[0]["location"]["lines"]["begin"] == 12


def test_gitlab_fingerprint_changes_with_the_line() -> None:
    finding = _finding("app.py", "NB101", "    time.sleep(1)")
    assert fingerprint(finding, 0) != fingerprint(_finding("app.py", "NB101", "    time.sleep(2)"), 0)
    assert fingerprint(finding, 0) != fingerprint(_finding("lib.py", "NB101", "    time.sleep(1)"), 0)
    assert fingerprint(finding, 0) != fingerprint(finding, 1)
    assert fingerprint(finding, 0) == fingerprint(_finding("app.py", "NB101", "time.sleep(1)  "), 0)


# GitHub Actions


_WORKFLOW_COMMAND = re.compile(
    r"::error title=noblock \(NB1\d\d\),file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+::[^\r\n]+"
)


def test_github_lines_are_workflow_commands(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = report("github", project, capsys).splitlines()
    assert len(lines) == 7
    for line in lines:
        assert _WORKFLOW_COMMAND.fullmatch(line), line


def test_github_escapes_properties_and_message() -> None:
    finding = Finding(
        filename="a,b:c%.py",
        location=Location(1, 2),
        end_location=Location(1, 9),
        code="NB101",
        message="100% blocking\r\nreally",
        qualified_name="time.sleep",
        replacement="",
    )
    assert annotation(finding) == (
        "::error title=noblock (NB101),file=a%2Cb%3Ac%25.py,line=1,col=2,endLine=1,endColumn=9"
        "::100%25 blocking%0D%0Areally"
    )


# JUnit


def test_junit_has_one_test_case_per_checked_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = ET.fromstring(report("junit", project, capsys))
    assert root.tag == "testsuites"
    (suite,) = root
    assert (suite.tag, suite.get("name"), suite.get("tests"), suite.get("failures")) == (
        "testsuite",
        "noblock",
        "3",
        "1",
    )
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert sorted(cases) == CHECKED_FILES
    assert list(cases["clean.py"]) == []
    assert list(cases["nested/sync_only.py"]) == []
    (failure,) = cases["service.py"]
    assert failure.tag == "failure"
    assert failure.get("message") == "7 blocking calls"
    assert (failure.text or "").count("\n") == 6


def test_junit_reports_files_that_could_not_be_checked_as_errors(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "broken.py").write_text("async def f(:\n")
    status, out, _ = run(["check", ".", "--output-format", "junit"], capsys)
    assert status == 2
    suite = ET.fromstring(out)[0]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "1", "1")
    (case,) = [case for case in suite.iter("testcase") if case.get("name") == "broken.py"]
    assert case[0].tag == "error"


def test_junit_when_clean(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check", "clean.py", "--output-format", "junit"], capsys)
    assert status == 0
    suite = ET.fromstring(out)[0]
    assert (suite.get("tests"), suite.get("failures")) == ("1", "0")


# JSON lines and JSON


def test_json_lines_hold_the_json_objects_one_per_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = json.loads(report("json", project, capsys))
    lines = report("json-lines", project, capsys).splitlines()
    assert [json.loads(line) for line in lines] == whole


def test_json_statistics(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check", ".", "--output-format", "json", "--statistics"], capsys)
    assert status == 1
    assert json.loads(out)[0] == {
        "code": "NB101",
        "name": "blocking-sleep",
        "count": 3,
        "fixable": True,
        "fixable_count": 3,
    }


def test_statistics_with_other_machine_formats_is_an_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["check", ".", "--output-format", "sarif", "--statistics"], capsys)
    assert (status, out) == (2, "")
    assert "--statistics works with the text, full, grouped, json output formats" in err


_CLEAN_REPORTS = {"json": "[]\n", "json-lines": "", "gitlab": "[]\n", "github": "", "azure": "", "pylint": ""}


@pytest.mark.parametrize("output_format", sorted(_CLEAN_REPORTS))
def test_machine_formats_when_clean(
    output_format: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["check", "clean.py", "--output-format", output_format], capsys)
    assert status == 0
    assert out == _CLEAN_REPORTS[output_format]


# Azure Pipelines


_LOG_ISSUE = re.compile(
    r"##vso\[task\.logissue type=error;sourcepath=[^;\]]+;linenumber=\d+;columnnumber=\d+;code=NB1\d\d;\]"
    r"[^\r\n]+"
)


def test_azure_lines_are_logging_commands(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = report("azure", project, capsys).splitlines()
    assert len(lines) == 7
    for line in lines:
        assert _LOG_ISSUE.fullmatch(line), line


def test_azure_escapes_properties_and_message() -> None:
    finding = Finding(
        filename="a;b]c%.py",
        location=Location(1, 2),
        end_location=Location(1, 9),
        code="NB101",
        message="100% blocking\r\nreally; [sic]",
        qualified_name="time.sleep",
        replacement="",
    )
    assert log_issue(finding) == (
        "##vso[task.logissue type=error;sourcepath=a%3Bb%5Dc%AZP25.py;linenumber=1;columnnumber=2;"
        "code=NB101;]100%AZP25 blocking%0D%0Areally; [sic]"
    )


# grouped


def test_grouped_puts_findings_under_their_file_with_aligned_positions() -> None:
    findings = [
        Finding("b.py", Location(9, 5), Location(9, 9), "NB101", "sleeps", "time.sleep", ""),
        Finding("a.py", Location(120, 13), Location(120, 20), "NB102", "fetches", "requests.get", ""),
        Finding("b.py", Location(10, 1), Location(10, 9), "NB104", "reads", "builtins.open", ""),
    ]
    assert grouped_lines(findings, unsafe_fixes=False) == [
        "b.py:",
        "  9:5  NB101 sleeps",
        "  10:1 NB104 reads",
        "",
        "a.py:",
        "  120:13 NB102 fetches",
        "",
    ]


def test_grouped_colours_positions_and_codes_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich colours a stream that is not a terminal only then
    stream = io.StringIO()
    write_text(["service.py:", "  10:5 NB101 sleeps"], stream, color=True)
    assert "\x1b[1m10:5\x1b[0m \x1b[1;31mNB101\x1b[0m sleeps" in stream.getvalue()


# full


def test_full_diff_hunks_number_lines_as_in_the_file() -> None:
    # Imports inserted before row 2 shift the call's hunk by two lines in the new file.
    edits = (
        Edit("await asyncio.sleep(1)", Location(5, 5), Location(5, 18)),
        Edit("import asyncio\r\nimport functools\r\n", Location(2, 1), Location(2, 1)),
    )
    finding = _finding("a.py", "NB101", "    time.sleep(1)", row=5, edits=edits)
    assert fix_hunks(finding) == [
        "@@ -1,0 +2,2 @@",
        "+import asyncio",
        "+import functools",
        "@@ -5,1 +7,1 @@",
        "-    time.sleep(1)",
        "+    await asyncio.sleep(1)",
    ]


def test_full_keeps_tabs_under_the_caret(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "tabs.py").write_text("import time\n\n\nasync def f():\n\tx = 1; time.sleep(1)\n")
    _, out, _ = run(["check", "tabs.py", "--output-format", "full"], capsys)
    assert "5 | \tx = 1; time.sleep(1)\n  | \t       ^^^^^^^^^^^^^\n" in out


# --output-file and the configuration


@pytest.mark.parametrize("output_format", list(GOLDEN_FILES))
def test_output_file_gets_the_report_and_the_terminal_the_summary(
    output_format: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        ["check", ".", "--output-format", output_format, "--output-file", "report.out"], capsys
    )
    assert status == 1
    expected = (EXPECTED / GOLDEN_FILES[output_format]).read_text(encoding="utf-8")
    written = (project / "report.out").read_text(encoding="utf-8")
    assert normalised(written, project, output_format) == expected
    assert out == (
        "Found 7 blocking calls in 1 file.\n"
        "[*] 5 fixable with the `--fix` option "
        "(1 hidden fix can be enabled with the `--unsafe-fixes` option).\n"
    )


def test_output_file_quiet_prints_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        ["check", ".", "--output-format", "sarif", "--output-file", "r.sarif", "-q"], capsys
    )
    assert (status, out, err) == (1, "", "")
    assert json.loads((project / "r.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_output_file_that_cannot_be_written_is_an_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(["check", ".", "--output-file", "no/such/folder/report.txt"], capsys)
    assert status == 2
    assert "no/such/folder/report.txt" in err


def test_output_format_from_configuration_and_the_flag_wins(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.noblock]\noutput-format = "github"\n')
    _, out, _ = run(["check", "."], capsys)
    assert out.startswith("::error title=noblock (NB101),file=service.py,")
    _, out, _ = run(["check", ".", "--output-format", "text"], capsys)
    assert out.startswith("service.py:10:5: NB101 [*] ")


def test_unknown_output_format_in_configuration_is_an_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.noblock]\noutput-format = "xml"\n')
    status, out, err = run(["check", "."], capsys)
    assert (status, out) == (2, "")
    assert "[tool.noblock]: output-format: expected one of 'text', 'full', 'grouped', 'json'" in err
    assert "got str 'xml'" in err


def test_show_fixes_with_a_machine_format_goes_to_standard_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        ["check", "service.py", "--fix", "--show-fixes", "--output-format", "json"], capsys
    )
    assert status == 1
    assert [finding["code"] for finding in json.loads(out)] == ["NB107", "NB104"]
    assert err.startswith("Fixed 5 blocking calls:\n- service.py:\n")


# The progress bar


def _many_files(project: Path, count: int) -> None:
    for index in range(count):
        (project / f"module_{index}.py").write_text("async def f():\n    pass\n")


def as_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the captured standard output claim to be a terminal (call it in the test body, after capsys)."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_progress_bar_on_a_terminal_for_large_runs(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_terminal(monkeypatch)
    _many_files(project, 120)
    _, out, _ = run(["check", "."], capsys)
    assert "Checking" in out
    assert "/123" in out


def test_the_progress_bar_runs_no_thread_of_its_own() -> None:
    # Worker processes are forked while the bar is drawn; forking a process with other threads running
    # can deadlock the child (Python 3.12 warns about it).
    threads = threading.active_count()
    seen = [threading.active_count() for _ in with_progress(range(3), 3, io.StringIO())]
    assert seen == [threads] * 3


@pytest.mark.parametrize(
    "argv",
    [["--output-format", "json"], ["--output-format", "github"], ["-q"]],
    ids=["json", "github", "quiet"],
)
def test_no_progress_bar_in_machine_formats(
    argv: list[str], project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_terminal(monkeypatch)
    _many_files(project, 120)
    _, out, _ = run(["check", ".", *argv], capsys)
    assert "Checking" not in out


def test_no_progress_bar_in_ci(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_terminal(monkeypatch)
    monkeypatch.setenv("CI", "true")
    _many_files(project, 120)
    _, out, _ = run(["check", "."], capsys)
    assert "Checking" not in out


def test_no_progress_bar_when_piped_or_small(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _many_files(project, 120)
    _, out, _ = run(["check", "."], capsys)  # captured output is not a terminal
    assert "Checking" not in out
    for path in project.glob("module_*.py"):
        path.unlink()
    as_terminal(monkeypatch)
    _, out, _ = run(["check", "."], capsys)
    assert "Checking" not in out


def _finding(filename: str, code: str, line: str, *, row: int = 1, edits: tuple[Edit, ...] = ()) -> Finding:
    column = len(line) - len(line.lstrip()) + 1
    return Finding(
        filename=filename,
        location=Location(row, column),
        end_location=Location(row, len(line.rstrip()) + 1),
        code=code,
        message="`time.sleep()` sleeps on the event loop; use `await asyncio.sleep()`",
        qualified_name="time.sleep",
        replacement="`await asyncio.sleep()`",
        edits=edits,
        lines=(SourceLine(row, line),),
    )


def _regenerate() -> None:
    """Write the goldens from the current output (review the diff before committing it)."""
    import contextlib
    import io
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "project"
        shutil.copytree(PROJECT, copy)
        os.chdir(copy)
        for output_format, name in GOLDEN_FILES.items():
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                main(["check", ".", "--output-format", output_format])
            (EXPECTED / name).write_text(normalised(buffer.getvalue(), copy, output_format), encoding="utf-8")


if __name__ == "__main__":
    EXPECTED.mkdir(exist_ok=True)
    _regenerate()
