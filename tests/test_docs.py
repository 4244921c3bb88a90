"""docs/rules.md is generated from the rule table and the catalogue; the two must not drift apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from noblock.catalog import builtin_catalogue
from noblock.docs import REGENERATE, render_rules_reference
from noblock.rules import RULES

RULES_DOC = Path(__file__).parent.parent / "docs" / "rules.md"


def test_rules_reference_is_up_to_date() -> None:
    committed = RULES_DOC.read_text(encoding="utf-8")
    assert committed == render_rules_reference(), f"docs/rules.md is out of date: run `{REGENERATE}`"


def test_every_rule_has_a_row_and_a_section() -> None:
    text = render_rules_reference()
    for rule in RULES:
        assert f"| [{rule.code}](#{rule.code.lower()}-{rule.name}) | {rule.name} |" in text
        assert f"\n## {rule.code}: {rule.name}\n" in text
        assert f"**Fix.** {rule.fix}\n" in text
        assert rule.bad in text
        assert rule.good in text
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(sections) == len(RULES)


def test_every_known_call_is_listed_under_its_rule() -> None:
    text = render_rules_reference()
    calls, _ = builtin_catalogue()
    for row in calls:
        if row.code is None:
            continue
        section = text.split(f"\n## {row.code}: ", 1)[1].split("\n## ", 1)[0]
        assert f"`{row.pattern}`" in section, (row.code, row.pattern)


def test_python_dash_m_prints_the_reference() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "noblock.docs"], capture_output=True, text=True, check=True, encoding="utf-8"
    )
    assert completed.stdout == render_rules_reference()
