"""The command line: every option and every exit status, through `main(argv)`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run

from noblock import __version__
from noblock.rules import DEFAULT_CODES, RULES

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

BAD = "import time\n\n\nasync def f():\n    time.sleep(1)\n"
GOOD = "import asyncio\n\n\nasync def f():\n    await asyncio.sleep(1)\n"
HTTP = "import requests\n\n\nasync def g(u):\n    return requests.get(u)\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "bad.py").write_text(BAD)
    (tmp_path / "pkg" / "good.py").write_text(GOOD)
    (tmp_path / "pkg" / "http.py").write_text(HTTP)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_findings_exit_1_with_path_row_column(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check", "pkg"], capsys)
    assert status == 1
    assert out.splitlines() == [
        "pkg/bad.py:5:5: NB101 [*] `time.sleep()` sleeps on the event loop; use `await asyncio.sleep()`",
        "pkg/http.py:5:12: NB102 [*] `requests.get()` makes a blocking HTTP request; "
        "use `httpx.AsyncClient` / `aiohttp`",
        "Found 2 blocking calls in 2 files.",
        "[*] 2 fixable with the `--fix` option.",
    ]


def test_clean_exit_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check", "pkg/good.py"], capsys)
    assert status == 0
    assert out == "No blocking calls found.\n"


def test_default_path_is_current_folder(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check"], capsys)
    assert status == 1
    assert "Found 2 blocking calls in 2 files." in out


def test_exit_zero(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check", "pkg", "--exit-zero"], capsys)
    assert status == 0
    assert "NB101" in out


def test_quiet_omits_summary(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check", "pkg", "-q"], capsys)
    assert status == 1
    assert len(out.splitlines()) == 2
    assert "Found" not in out
    assert "fixable" not in out


def test_statistics(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pkg" / "more.py").write_text(BAD + "\n\nasync def h():\n    time.sleep(2)\n")
    status, out, _ = run(["check", "pkg", "--statistics"], capsys)
    assert status == 1
    assert out.splitlines() == [
        "3\tNB101\t[*] blocking-sleep",
        "1\tNB102\t[*] blocking-http",
        "Found 4 blocking calls in 3 files.",
        "[*] 4 fixable with the `--fix` option.",
    ]


def test_select_and_ignore(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", "pkg", "--select", "NB102", "-q"], capsys)
    assert [line.split()[1] for line in out.splitlines()] == ["NB102"]
    _, out, _ = run(["check", "pkg", "--ignore", "NB101,NB102", "-q"], capsys)
    assert out == ""
    _, out, _ = run(["check", "pkg", "--select", "NB1", "--ignore", "NB101", "-q"], capsys)
    assert [line.split()[1] for line in out.splitlines()] == ["NB102"]


def test_unknown_code_on_command_line_is_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["check", "pkg", "--select", "XY123"], capsys)
    assert status == 2
    assert "command line: --select: unknown rule code or prefix 'XY123'" in err


def test_json_output_has_ruffs_shape(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check", "pkg/bad.py", "--output-format", "json"], capsys)
    assert status == 1
    assert json.loads(out) == [
        {
            "cell": None,
            "code": "NB101",
            "end_location": {"column": 18, "row": 5},
            "filename": str(project / "pkg" / "bad.py"),
            "fix": {
                "applicability": "safe",
                "edits": [
                    {
                        "content": "await asyncio.sleep(1)",
                        "end_location": {"column": 18, "row": 5},
                        "location": {"column": 5, "row": 5},
                    },
                    {
                        "content": "import asyncio\n",
                        "end_location": {"column": 1, "row": 2},
                        "location": {"column": 1, "row": 2},
                    },
                ],
                "message": "Use `await asyncio.sleep()`",
            },
            "location": {"column": 5, "row": 5},
            "message": "`time.sleep()` sleeps on the event loop; use `await asyncio.sleep()`",
            "noqa_row": 5,
            "url": None,
        }
    ]


def test_json_output_when_clean_is_empty_list(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check", "pkg/good.py", "--output-format", "json"], capsys)
    assert (status, json.loads(out)) == (0, [])


def test_stdin(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _BytesStdin(BAD.encode()))
    status, out, _ = run(["check", "-", "--stdin-filename", "pkg/piped.py", "-q"], capsys)
    assert status == 1
    assert out.startswith("pkg/piped.py:5:5: NB101 ")


def test_stdin_without_filename(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _BytesStdin(GOOD.encode()))
    status, out, _ = run(["check", "-"], capsys)
    assert (status, out) == (0, "No blocking calls found.\n")


def test_summary_counts_the_files_that_could_not_be_checked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "one.py").write_text("async def f(:\n")
    (project / "two.py").write_text("async def g(:\n")
    assert run(["check", "one.py", "two.py"], capsys)[:2] == (
        2,
        "No blocking calls found.\n2 files could not be checked (errors are shown above).\n",
    )
    assert run(["check", "one.py", "-q"], capsys)[:2] == (2, "")


def test_missing_path_is_error_and_others_still_checked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["check", "nope.py", "pkg/bad.py"], capsys)
    assert status == 2
    assert "nope.py: error: no such file or directory" in err
    assert "pkg/bad.py:5:5: NB101" in out


def test_syntax_error_is_reported_with_position(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pkg" / "broken.py").write_text("async def f(:\n    pass\n")
    status, out, err = run(["check", "pkg"], capsys)
    assert status == 2
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert f"pkg/broken.py: error: syntax error at 1:13: invalid syntax (read as Python {python})" in err
    assert out.splitlines()[-3:] == [
        "Found 2 blocking calls in 2 files.",
        "1 file could not be checked (its error is shown above).",
        "[*] 2 fixable with the `--fix` option.",
    ]


def test_undecodable_file_is_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pkg" / "latin.py").write_bytes(b"x = '\xe9'\nasync def f(): pass\n")
    status, _, err = run(["check", "pkg/latin.py"], capsys)
    assert status == 2
    assert "pkg/latin.py: error: not valid UTF-8 (byte 0xe9 at 1:6) and no coding declaration" in err


def test_coding_cookie_is_honoured(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = "# -*- coding: latin-1 -*-\nimport time\nasync def f():\n    x = '\xe9'; time.sleep(1)\n"
    (project / "pkg" / "latin.py").write_bytes(source.encode("latin-1"))
    status, out, _ = run(["check", "pkg/latin.py", "-q"], capsys)
    assert status == 1
    assert out == (
        "pkg/latin.py:4:14: NB101 [*] `time.sleep()` sleeps on the event loop; use `await asyncio.sleep()`\n"
    )


def test_non_python_file_given_explicitly(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "notes.txt").write_text("hello")
    status, _, err = run(["check", "notes.txt"], capsys)
    assert status == 2
    assert "notes.txt: error: not a Python file" in err


def test_python_script_without_suffix_is_checked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "tool").write_text("#!/usr/bin/env python3\n" + BAD)
    status, out, _ = run(["check", "tool", "-q"], capsys)
    assert status == 1
    assert out.startswith("tool:6:5: NB101")


def test_default_excludes_skip_virtualenvs(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".venv" / "lib").mkdir(parents=True)
    (project / ".venv" / "lib" / "bad.py").write_text(BAD)
    (project / "build").mkdir()
    (project / "build" / "bad.py").write_text(BAD)
    _, out, _ = run(["check", ".", "-q"], capsys)
    assert ".venv" not in out
    assert "build" not in out


def test_exclude_options_replace_or_extend_the_configured_excludes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.noblock]\nextend-exclude = ["generated"]\n')
    for folder in ("generated", "legacy", "build"):
        (project / folder).mkdir()
        (project / folder / "bad.py").write_text(BAD)

    def reported(*options: str) -> set[str]:
        _, out, _ = run(["check", ".", "-q", *options], capsys)
        return {line.split("/")[0] for line in out.splitlines()}

    assert reported() == {"pkg", "legacy"}
    assert reported("--extend-exclude", "legacy,pkg") == set()
    # `--exclude` replaces the configured and default ones; the configured extension still holds.
    assert reported("--exclude", "legacy") == {"pkg", "build"}
    assert reported("--exclude", "legacy", "--extend-exclude", "build/bad.py") == {"pkg"}


def test_isolated_reads_no_configuration(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text('[tool.noblock]\nignore = ["NB101"]\nselect = ["NB9"]\n')
    assert run(["check", "pkg/bad.py", "-q"], capsys)[0] == 0
    status, out, _ = run(["check", "pkg/bad.py", "-q", "--isolated"], capsys)
    assert (status, out.split(":")[0]) == (1, "pkg/bad.py")
    assert "config-file" not in _shown_settings(capsys, "--isolated")
    (project / "pyproject.toml").write_text("[tool.noblock]\nno-such-key = 1\n")
    assert run(["check", "pkg/bad.py", "-q", "--isolated"], capsys)[0] == 1  # the bad file is not read


def test_isolated_with_a_config_file_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "noblock.toml").write_text("")
    status, out, err = run(["check", "pkg/bad.py", "--isolated", "--config", "noblock.toml"], capsys)
    assert (status, out) == (2, "")
    assert err == "noblock: error: --config and --isolated cannot be used together\n"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["--version"], capsys)
    assert (status, out) == (0, f"noblock, version {__version__}\n")


def test_unknown_option_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["check", "--no-such-option"], capsys)
    assert status == 2
    assert "No such option" in err


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["rules"], capsys)
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == [rule.code for rule in RULES]


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_rule_explains_with_bad_and_good_example(rule: object, capsys: pytest.CaptureFixture[str]) -> None:
    code = rule.code  # type: ignore[attr-defined]
    status, out, _ = run(["rule", code.lower()], capsys)
    assert status == 0
    assert out.startswith(f"{code} (")
    assert "Example:" in out
    assert "Use instead:" in out
    assert "\nFix: " in out


def test_rule_lists_known_calls(capsys: pytest.CaptureFixture[str]) -> None:
    from noblock.catalog import builtin_catalogue

    known = sorted({row.pattern for row in builtin_catalogue()[0] if row.code == "NB101"})
    assert "time.sleep" in known
    _, out, _ = run(["rule", "NB101"], capsys)
    listing = "".join(f"\n    {pattern}" for pattern in known)
    assert f"Calls it knows ({len(known)}):{listing}\n" in out


def test_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["rule", "NB999"], capsys)
    assert status == 2
    assert "unknown rule code 'NB999'" in err


def test_python_dash_m_and_console_script(project: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "noblock", "check", "pkg/bad.py", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stdout.startswith("pkg/bad.py:5:5: NB101")


def test_example_app_shows_the_langgraph_finding(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(Path(__file__).parent.parent)
    status, out, _ = run(["check", "examples", "-q"], capsys)
    assert status == 1
    assert "examples/chat_service/app.py:38:14: NB108 [*] `agent_graph.invoke()`" in out


class _BytesStdin:
    def __init__(self, data: bytes) -> None:
        import io

        self.buffer = io.BytesIO(data)


def test_color_only_on_terminal(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run(["check", "pkg/bad.py"], capsys)
    assert "\x1b[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(["check", "pkg/bad.py"], capsys)
    assert "\x1b[" not in out


def _shown_settings(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    status, out, err = run(["check", "--show-settings", *argv], capsys)
    assert (status, err) == (0, "")
    return tomllib.loads(out)  # the listing is TOML; settings that are not there are comments


def test_show_settings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shown = _shown_settings(capsys, "--no-cache")
    assert "config-file" not in shown
    assert "cache-dir" not in shown
    assert shown["select"] == sorted(DEFAULT_CODES)
    assert shown["respect-gitignore"] is True
    assert shown["transitive"] == {"enabled": True, "max-depth": 8, "non-blocking": []}
    (project / "pyproject.toml").write_text(
        '[tool.noblock]\nselect = ["NB1"]\nextend-exclude = ["gen"]\n'
        '[tool.noblock.per-file-ignores]\n"tests/*" = ["NB101"]\n[tool.noblock.fix]\noffload = "to_thread"\n'
    )
    shown = _shown_settings(capsys, "--ignore", "NB102", "--no-respect-gitignore")
    assert shown["config-file"] == str(project / "pyproject.toml")
    assert shown["cache-dir"] == str(project / ".noblock_cache")
    assert shown["select"] == sorted(
        code for code in DEFAULT_CODES if code.startswith("NB1") and code != "NB102"
    )
    assert shown["ignore"] == ["NB102"]
    assert shown["exclude"][-1] == "gen"
    assert shown["per-file-ignores"] == {"tests/*": ["NB101"]}
    assert shown["fix"] == {"offload": "to_thread", "prefer-async-twin": False}
    assert shown["respect-gitignore"] is False


def test_show_files(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "build").mkdir()
    (project / "build" / "gen.py").write_text(BAD)
    status, out, err = run(["check", "--show-files"], capsys)
    assert (status, err) == (0, "")
    assert out.splitlines() == [os.path.join("pkg", name) for name in ("bad.py", "good.py", "http.py")]
    status, out, err = run(["check", "--show-files", "pkg/good.py", "missing.py", "-"], capsys)
    assert status == 2
    assert out.splitlines() == ["pkg/good.py", "-"]
    assert "missing.py: error: no such file or directory" in err


def test_fixable_options(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text('[tool.noblock]\nfixable = ["NB101"]\n')
    assert _shown_settings(capsys)["fixable"] == ["NB101"]
    assert _shown_settings(capsys, "--fixable", "NB102,NB103")["fixable"] == ["NB102", "NB103"]
    assert _shown_settings(capsys, "--extend-fixable", "NB102")["fixable"] == ["NB101", "NB102"]
    assert _shown_settings(capsys, "--fixable", "ALL", "--unfixable", "NB1")["fixable"] == ["NB200", "NB900"]
    status, out, _ = run(
        ["check", "pkg", "-q", "--no-cache", "--fixable", "ALL", "--unfixable", "NB102"], capsys
    )
    assert status == 1
    nb102 = [line for line in out.splitlines() if " NB102 " in line]
    assert nb102
    assert not [line for line in nb102 if "[*]" in line]
    for option in ("--fixable", "--extend-fixable", "--unfixable"):
        status, _, err = run(["check", "pkg", option, "NB999"], capsys)
        assert status == 2
        assert f"command line: {option}: unknown rule code or prefix 'NB999'" in err


def test_extend_select_adds_to_the_selection(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text('[tool.noblock]\nselect = ["NB102"]\n')
    status, out, _ = run(["check", "pkg", "-q", "--extend-select", "NB101"], capsys)
    assert status == 1
    assert sorted(line.split()[1] for line in out.splitlines()) == ["NB101", "NB102"]
    assert _shown_settings(capsys, "--select", "NB103", "--extend-select", "NB111")["select"] == [
        "NB103",
        "NB111",
    ]
    status, _, err = run(["check", "pkg", "--extend-select", "NB999"], capsys)
    assert status == 2
    assert "--extend-select" in err


def _helper_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: int) -> None:
    """`calls` calls in one coroutine of a helper that reads a file, in `tmp_path`, made current."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "store.py").write_text("def load(path):\n    return open(path).read()\n")
    body = "".join(f"    load('{n}.txt')\n" for n in range(calls))
    (tmp_path / "app" / "api.py").write_text(f"from app.store import load\n\n\nasync def handler():\n{body}")


def test_the_summary_names_a_blocking_call_many_findings_end_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _helper_project(tmp_path, monkeypatch, 10)
    status, out, _ = run(["check", "app", "--no-cache"], capsys)
    assert status == 1
    assert out.splitlines()[-3:] == [
        "Found 10 blocking calls in 1 file.",
        "[*] 10 fixable with the `--fix` option.",
        "10 of them end at `open(path).read()` (app/store.py:2): "
        "a `# noqa` on that line stops their chains there.",
    ]
    # As it says: one comment there answers all ten.
    (tmp_path / "app" / "store.py").write_text("def load(path):\n    return open(path).read()  # noqa\n")
    status, out, _ = run(["check", "app", "--no-cache"], capsys)
    assert (status, out) == (0, "No blocking calls found.\n")


@pytest.mark.parametrize("arguments", [["--quiet"], ["--fix"], ["--select", "NB1"]])
def test_the_summary_names_no_call_when_quiet_fixing_or_without_the_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], arguments: list[str]
) -> None:
    _helper_project(tmp_path, monkeypatch, 10)
    _, out, _ = run(["check", "app", "--no-cache", *arguments], capsys)
    assert "end at" not in out


def test_the_summary_names_no_call_fewer_than_ten_findings_end_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _helper_project(tmp_path, monkeypatch, 9)
    status, out, _ = run(["check", "app", "--no-cache"], capsys)
    assert status == 1
    assert out.splitlines()[-1] == "[*] 9 fixable with the `--fix` option."
