"""Runs every fixture in tests/fixtures/rules and compares findings with the inline expectations.

A fixture line carries `# CODE: COLUMN` for each finding expected on it (1-based column of the call).
A fixture `NAME.py` may come with `NAME.toml`, read as its configuration.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_expectations import expected_findings

from noblock.config import load_settings
from noblock.runner import check_source, ruleset_for

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
FIXTURE_FILES = sorted(FIXTURES.glob("*.py"))


def _describe(path: Path, findings: set[tuple[int, int, str]]) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(
        f"  {row}:{column} {code}  | {lines[row - 1].strip()}" for row, column, code in sorted(findings)
    )


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[path.name for path in FIXTURE_FILES])
def test_fixture(path: Path) -> None:
    config = path.with_suffix(".toml")
    settings = load_settings(config if config.exists() else None, cwd=FIXTURES)
    result = check_source(path.read_bytes(), str(path), settings, ruleset_for(settings))
    assert result.error is None, result.error
    actual = {(f.location.row, f.location.column, f.code) for f in result.findings}
    expected = expected_findings(path)
    missing, unexpected = expected - actual, actual - expected
    report = []
    if missing:
        report.append(f"missing findings:\n{_describe(path, missing)}")
    if unexpected:
        report.append(f"unexpected findings:\n{_describe(path, unexpected)}")
    assert not report, "\n".join(report)


def test_every_rule_has_a_positive_fixture() -> None:
    from noblock.rules import RULES

    # Findings across modules (NB200) are promised by the whole-project fixtures.
    projects = sorted((FIXTURES.parent / "projects").rglob("*.py"))
    promised = {code for path in [*FIXTURE_FILES, *projects] for _, _, code in expected_findings(path)}
    assert {rule.code for rule in RULES} <= promised


def test_a_method_name_on_a_receiver_of_known_type_names_the_method() -> None:
    source = b"""\
from langchain_openai import ChatOpenAI

llm = ChatOpenAI()


async def ask(chain, question):
    llm.invoke(question)
    chain.invoke(question)
"""
    settings = load_settings(None, cwd=FIXTURES)
    result = check_source(source, "ask.py", settings, ruleset_for(settings))
    assert [finding.message.split(" calls ")[0] for finding in result.findings] == [
        "`llm.invoke()` (`langchain_openai.ChatOpenAI.invoke`)",
        "`chain.invoke()`",
    ]


def test_a_file_opened_in_either_mode_is_named_by_the_opening_nearest_above() -> None:
    source = b"""\
async def save(items):
    for path, data in items:
        if isinstance(data, str):
            with open(path, "w") as f:
                f.write(data)
        else:
            with open(path, "wb") as f:
                f.write(data)
"""
    settings = load_settings(None, cwd=FIXTURES)
    result = check_source(source, "save.py", settings, ruleset_for(settings))
    writes = [
        finding.message.split(" does ")[0] for finding in result.findings if finding.location.row in (5, 8)
    ]
    # In the loop both openings reach both writes; each is named by the one written above it.
    assert writes == ["`f.write()` (`io.TextIOWrapper.write`)", "`f.write()` (`io.BufferedWriter.write`)"]
