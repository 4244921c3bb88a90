"""Opt-in rules (NB111): off by default and under prefixes, on by full code, `extend-select` or `ALL`."""

from __future__ import annotations

from pathlib import Path

import pytest

from noblock.config import load_settings
from noblock.rules import DEFAULT_CODES, RULES, resolve_selectors

SOURCE = (
    "import time\nimport zlib\n\n\nasync def f(body):\n    time.sleep(1)\n    return zlib.compress(body)\n"
)


def codes_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str | None, *argv: str
) -> list[str]:
    from noblock.cli import main

    (tmp_path / "app.py").write_text(SOURCE)
    if config is not None:
        (tmp_path / "noblock.toml").write_text(config)
        argv = (*argv, "--config", str(tmp_path / "noblock.toml"))
    main(["check", str(tmp_path / "app.py"), "-q", *argv])
    return sorted(line.split()[1] for line in capsys.readouterr().out.splitlines())


def test_opt_in_rules_are_not_default() -> None:
    assert "NB111" not in DEFAULT_CODES
    assert {rule.code for rule in RULES if rule.default} == DEFAULT_CODES
    assert load_settings(None, cwd=Path.cwd()).select == DEFAULT_CODES


@pytest.mark.parametrize(
    ("selectors", "selected"),
    [
        (["NB1"], False),  # a prefix leaves opt-in rules out
        (["NB11"], False),
        (["NB111"], True),  # the full code turns it on
        (["ALL"], True),  # ALL means every rule
    ],
)
def test_selecting(selectors: list[str], selected: bool) -> None:
    assert ("NB111" in resolve_selectors(selectors)) is selected


def test_a_prefix_ignores_opt_in_rules_too() -> None:
    assert "NB111" in resolve_selectors(["NB1"], opt_in=True)


@pytest.mark.parametrize(
    ("config", "argv", "expected"),
    [
        (None, (), ["NB101"]),
        ('select = ["NB111"]\n', (), ["NB111"]),
        ('extend-select = ["NB111"]\n', (), ["NB101", "NB111"]),
        ('select = ["ALL"]\n', (), ["NB101", "NB111"]),
        ('select = ["ALL"]\nignore = ["NB1"]\n', (), []),
        ('select = ["NB1"]\n', (), ["NB101"]),
        (None, ("--select", "NB101,NB111"), ["NB101", "NB111"]),
        ('extend-select = ["NB111"]\n[per-file-ignores]\n"app.py" = ["NB11"]\n', (), ["NB101"]),
    ],
)
def test_configuration(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    config: str | None,
    argv: tuple[str, ...],
    expected: list[str],
) -> None:
    assert codes_found(tmp_path, capsys, config, *argv) == expected
