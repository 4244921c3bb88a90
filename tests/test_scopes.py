"""Function bodies are read only when a walk needs them: the findings and summaries must be exactly
those of reading every body at once."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from noblock import checker
from noblock.config import load_settings
from noblock.runner import analyse_file, ruleset_for
from noblock.scopes import collect_scopes
from noblock.summary import ModuleSummary

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = sorted([*(FIXTURES / "rules").glob("*.py"), *(FIXTURES / "projects").rglob("*.py")])


def _analysed(
    path: Path, *, eager: bool, monkeypatch: pytest.MonkeyPatch, everything: list[str] | None = None
) -> tuple[object, ...]:
    if eager:
        monkeypatch.setattr(checker, "collect_scopes", lambda tree, text=None: collect_scopes(tree))
    settings = load_settings(None, cwd=path.parent)
    text = path.read_text(encoding="utf-8")
    findings, summary = analyse_file(text, str(path), settings, ruleset_for(settings), summarize=True)
    assert isinstance(summary, ModuleSummary)
    if everything is None:
        everything = [f"{summary.module}.{function.qualname}" for function in summary.functions]
    _, explored = analyse_file(text, str(path), settings, ruleset_for(settings), explore=everything)
    assert isinstance(explored, ModuleSummary)
    monkeypatch.undo()
    return findings, _comparable(summary), _comparable(explored), everything


def _comparable(summary: ModuleSummary) -> ModuleSummary:
    """Functions defined inside a body are listed once that body is read, in the order bodies are
    read: the same functions, explored alike, in any order; those inside bodies never read (not
    explored) may be missing."""
    return replace(
        summary,
        functions=tuple(
            sorted(
                (f for f in summary.functions if f.explored or "<locals>" not in f.qualname),
                key=lambda f: (f.qualname, f.row),
            )
        ),
    )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_reading_bodies_when_needed_changes_nothing(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eager = _analysed(path, eager=True, monkeypatch=monkeypatch)
    everything = eager[-1]
    assert isinstance(everything, list)
    assert _analysed(path, eager=False, monkeypatch=monkeypatch, everything=everything) == eager


def test_plain_functions_are_not_read_until_needed() -> None:
    source = (
        "import time\n\n\ndef helper():\n    x = time.sleep\n\n\n"
        "def decorate(f):\n    async def wrapper():\n        time.sleep(1)\n    return wrapper\n"
    )
    scopes = collect_scopes(ast.parse(source), source)
    by_name = {scope.qualname: scope for _, scope in scopes.functions}
    # `helper` holds no coroutine: unread. `decorate` holds one: read, so the coroutine is found.
    assert by_name["helper"].bindings == {}
    assert "wrapper" in by_name["decorate"].bindings
    assert [scope.qualname for _, scope in scopes.async_functions] == ["decorate.<locals>.wrapper"]
    scopes.prepare(by_name["helper"])
    assert "x" in by_name["helper"].bindings


def test_a_walked_method_sees_the_attributes_set_in_the_other_methods(tmp_path: Path) -> None:
    source = (
        "import requests\n\n\nclass Client:\n"
        "    def __init__(self):\n        self.session = requests.Session()\n\n"
        "    async def fetch(self, url):\n        return self.session.get(url)\n"
    )
    settings = load_settings(None, cwd=tmp_path)
    findings, _ = analyse_file(source, "client.py", settings, ruleset_for(settings))
    assert [(f.code, f.location.row) for f in findings] == [("NB102", 9)]


def test_a_module_rebinding_names_from_functions_is_read_whole() -> None:
    source = "client = None\n\n\ndef setup():\n    global client\n    client = make()\n"
    scopes = collect_scopes(ast.parse(source), source)
    assert len(scopes.module.bindings["client"]) == 2
