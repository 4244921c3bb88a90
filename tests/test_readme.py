"""The README documents every configuration key and every `check` option, with examples that load."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from noblock.cli import check
from noblock.config import _BLOCKING_CALL_KEYS, _FIX_KEYS, _KNOWN_KEYS, _TRANSITIVE_KEYS, load_settings

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```toml\n(.*?)```", README, re.S)


def _noblock_tables() -> list[dict[str, Any]]:
    return [tomllib.loads(example)["tool"]["noblock"] for example in EXAMPLES]


def test_every_example_loads(tmp_path: Path) -> None:
    assert len(EXAMPLES) >= 2
    for example in EXAMPLES:
        (tmp_path / "pyproject.toml").write_text(example)
        load_settings(tmp_path / "pyproject.toml", cwd=tmp_path)  # raises ConfigError when wrong


def test_every_configuration_key_is_in_an_example() -> None:
    tables = _noblock_tables()
    keys = {key for table in tables for key in table}
    assert keys == _KNOWN_KEYS
    nested = {key: {sub for table in tables for sub in table.get(key, {})} for key in ("fix", "transitive")}
    assert nested == {"fix": _FIX_KEYS, "transitive": _TRANSITIVE_KEYS}
    # Each declared call shows some keys; together they show all of them.
    declared = {sub for table in tables for row in table.get("blocking-calls", []) for sub in row}
    assert declared == _BLOCKING_CALL_KEYS


def test_every_check_option_is_in_the_table() -> None:
    table = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    flags = [
        flag
        for parameter in check.params
        if isinstance(parameter, click.Option)
        for flag in (*parameter.opts, *parameter.secondary_opts)
        if flag != "--help"
    ]
    assert len(flags) >= 20
    assert [flag for flag in flags if f"`{flag}" not in table] == []
