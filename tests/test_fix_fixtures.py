"""Golden fixes: `tests/fixtures/fix/NAME.py` becomes `NAME.py.fixed`.

`NAME.toml` beside a fixture is its configuration; a name ending in `_unsafe` also applies unsafe
fixes. Every golden pair is also checked for the fix properties: the output compiles, a second run
changes nothing, and no applicable fix is left behind.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from noblock.config import Settings, load_settings
from noblock.runner import analyse, fix_text, is_applicable, ruleset_for

FIXTURES = Path(__file__).parent / "fixtures" / "fix"
SOURCES = sorted(FIXTURES.glob("*.py"))


def _settings(path: Path) -> Settings:
    config = path.with_suffix(".toml")
    return load_settings(config if config.exists() else None, cwd=FIXTURES)


def _fix(path: Path, text: str) -> tuple[str, int]:
    settings = _settings(path)
    unsafe = path.stem.endswith("_unsafe")
    fixed, applied, remaining = fix_text(text, path.name, settings, ruleset_for(settings), unsafe)
    assert not [finding for finding in remaining if is_applicable(finding, unsafe)]
    return fixed, len(applied)


@pytest.mark.parametrize("path", SOURCES, ids=[path.stem for path in SOURCES])
def test_golden(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    expected = path.with_name(path.name + ".fixed").read_text(encoding="utf-8")
    fixed, _ = _fix(path, source)
    diff = "".join(
        difflib.unified_diff(expected.splitlines(True), fixed.splitlines(True), "expected", "actual")
    )
    assert fixed == expected, diff


@pytest.mark.parametrize("path", SOURCES, ids=[path.stem for path in SOURCES])
def test_fixed_output_compiles_and_is_idempotent(path: Path) -> None:
    fixed, _ = _fix(path, path.read_text(encoding="utf-8"))
    compile(fixed, str(path), "exec")
    again, applied = _fix(path, fixed)
    assert (again, applied) == (fixed, 0)


def test_every_golden_has_an_expected_output() -> None:
    assert SOURCES
    assert all(path.with_name(path.name + ".fixed").exists() for path in SOURCES)


def test_fixtures_without_fix_are_unchanged() -> None:
    path = FIXTURES / "no_fix.py"
    settings = _settings(path)
    findings = analyse(path.read_text(encoding="utf-8"), path.name, settings, ruleset_for(settings))
    assert len(findings) == 6
    assert all(finding.fix is None and finding.no_fix_reason for finding in findings)
    assert all("(no automatic fix: " in finding.message for finding in findings)
