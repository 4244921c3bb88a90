"""`[tool.noblock]`: every key, and a clear error for every kind of bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from noblock.cli import main

BAD = "import time\nimport requests\n\n\nasync def f(u):\n    time.sleep(1)\n    requests.get(u)\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(BAD)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text(BAD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def configure(project: Path, body: str) -> None:
    (project / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.noblock]\n{body}\n")


def codes(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    status = main(["check", *argv, "-q"])
    out = capsys.readouterr().out
    return status, sorted(f"{line.split(':')[0]} {line.split()[1]}" for line in out.splitlines())


def error_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["check", *argv]) == 2
    return capsys.readouterr().err.strip()


def test_select(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'select = ["NB101"]')
    assert codes(capsys, "src") == (1, ["src/app.py NB101"])


def test_select_prefix_and_all(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'select = ["ALL"]\nignore = ["NB10"]')
    assert codes(capsys, "src") == (0, [])


def test_ignore(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'ignore = ["NB101"]')
    assert codes(capsys, "src") == (1, ["src/app.py NB102"])


def test_extend_select_and_extend_ignore(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'select = ["NB102"]\nextend-select = ["NB101"]\nextend-ignore = ["NB102"]')
    assert codes(capsys, "src") == (1, ["src/app.py NB101"])


def fixable_codes(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """The codes marked `[*]` (fixable) on a check of `src`."""
    main(["check", "src", "--no-cache", "-q", *argv])
    return sorted(line.split()[1] for line in capsys.readouterr().out.splitlines() if "[*]" in line)


def test_unfixable_findings_are_reported_without_a_fix(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fixable_codes(capsys) == ["NB101", "NB102"]
    configure(project, 'unfixable = ["NB101"]')
    assert codes(capsys, "src") == (1, ["src/app.py NB101", "src/app.py NB102"])
    assert fixable_codes(capsys) == ["NB102"]
    assert main(["check", "src", "--fix", "-q"]) == 1
    capsys.readouterr()
    fixed = (project / "src" / "app.py").read_text()
    assert "time.sleep(1)" in fixed  # left as it was
    assert "requests.get" in fixed
    assert "run_in_executor" in fixed


def test_fixable_and_extend_fixable(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'fixable = ["NB101"]')
    assert fixable_codes(capsys) == ["NB101"]
    configure(project, 'fixable = ["NB101"]\nextend-fixable = ["NB10"]')
    assert fixable_codes(capsys) == ["NB101", "NB102"]
    # `unfixable` wins over `fixable`, as `ignore` wins over `select`.
    configure(project, 'fixable = ["ALL"]\nunfixable = ["NB1"]')
    assert fixable_codes(capsys) == []


def test_command_line_select_replaces_config_select(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(project, 'select = ["NB101"]')
    assert codes(capsys, "src", "--select", "NB102") == (1, ["src/app.py NB102"])


def test_per_file_ignores(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, '[tool.noblock.per-file-ignores]\n"tests/*" = ["NB101"]\n"app.py" = ["NB102"]')
    assert codes(capsys, ".") == (1, ["src/app.py NB101", "tests/test_app.py NB102"])


def test_exclude_replaces_defaults(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'exclude = ["tests"]')
    (project / "build").mkdir()
    (project / "build" / "gen.py").write_text(BAD)
    _, found = codes(capsys, ".")
    assert "build/gen.py NB101" in found
    assert not any(line.startswith("tests/") for line in found)


def test_extend_exclude_keeps_defaults(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'extend-exclude = ["tests/*.py"]')
    (project / "build").mkdir()
    (project / "build" / "gen.py").write_text(BAD)
    assert codes(capsys, ".") == (1, ["src/app.py NB101", "src/app.py NB102"])


def test_exclude_applies_to_files_named_explicitly(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Pre-commit passes every staged file by name; excluded ones must still be skipped.
    configure(project, 'extend-exclude = ["tests"]')
    assert codes(capsys, "tests/test_app.py") == (0, [])


def test_blocking_calls_and_offload_functions(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(
        project,
        'offload-functions = ["mycompany.run_sync"]\n'
        '[[tool.noblock.blocking-calls]]\npattern = "mycompany.db.*"\nreplacement = "`mycompany.aiodb`"\n'
        '[[tool.noblock.blocking-calls]]\npattern = "*.fetch_rows"\nmessage = "hits the warehouse"\n'
        '[[tool.noblock.blocking-calls]]\npattern = "mycompany.*"\n',
    )
    (project / "src" / "svc.py").write_text(
        "import mycompany\nfrom mycompany import db\n\n\nasync def f(repo):\n"
        "    db.query(1)\n    repo.fetch_rows()\n    await mycompany.run_sync(db.query, 1)\n"
    )
    assert main(["check", "src/svc.py", "-q"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "src/svc.py:6:5: NB100 [*] `db.query()` (`mycompany.db.query`) is declared blocking in the "
        "configuration; use `mycompany.aiodb`",
        "src/svc.py:7:5: NB100 [*] `repo.fetch_rows()`: hits the warehouse",
    ]


def test_config_file_option(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "ci.toml").write_text('select = ["NB102"]\n')
    assert codes(capsys, "src", "--config", "ci.toml") == (1, ["src/app.py NB102"])


def test_dedicated_config_files_are_found_before_pyproject(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(project, 'select = ["NB101"]')
    (project / "noblock.toml").write_text('select = ["NB102"]\n')
    monkeypatch.chdir(project / "src")
    assert codes(capsys, "app.py") == (1, ["app.py NB102"])
    (project / ".noblock.toml").write_text('[tool.noblock]\nselect = ["NB101", "NB102"]\n')
    assert codes(capsys, "app.py") == (1, ["app.py NB101", "app.py NB102"])
    # The nearest folder with a configuration wins.
    (project / "src" / "pyproject.toml").write_text('[tool.noblock]\nignore = ["NB102"]\n')
    assert codes(capsys, "app.py") == (1, ["app.py NB101"])


def test_an_error_in_a_dedicated_file_names_the_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "noblock.toml").write_text('selekt = ["NB102"]\n')
    assert error_of(capsys, "src").startswith(
        f"noblock: error: {project / 'noblock.toml'}: unknown key 'selekt'"
    )


def test_config_found_from_a_subfolder(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(project, 'select = ["NB102"]')
    monkeypatch.chdir(project / "src")
    assert codes(capsys, "app.py") == (1, ["app.py NB102"])


def test_pyproject_without_noblock_table_is_ignored(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert codes(capsys, "src")[0] == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("colour = 1", "[tool.noblock]: unknown key 'colour' (expected one of"),
        ('select = "NB101"', "[tool.noblock]: select: expected a list of strings, got str 'NB101'"),
        ("ignore = [1]", "[tool.noblock]: ignore: expected a list of strings, got list [1]"),
        ('select = ["NB999"]', "[tool.noblock]: select: unknown rule code or prefix 'NB999'"),
        ('extend-select = ["E501"]', "[tool.noblock]: extend-select: unknown rule code or prefix 'E501'"),
        ('fixable = "NB101"', "[tool.noblock]: fixable: expected a list of strings, got str 'NB101'"),
        ('unfixable = ["NB999"]', "[tool.noblock]: unfixable: unknown rule code or prefix 'NB999'"),
        ('extend-fixable = ["E501"]', "[tool.noblock]: extend-fixable: unknown rule code or prefix 'E501'"),
        ('exclude = "build"', "[tool.noblock]: exclude: expected a list of strings, got str 'build'"),
        ('per-file-ignores = ["x"]', "[tool.noblock]: per-file-ignores: expected a table of glob = [codes]"),
        (
            '[tool.noblock.per-file-ignores]\n"tests/*" = "NB101"',
            "[tool.noblock]: per-file-ignores.'tests/*': expected a list of rule codes, got str 'NB101'",
        ),
        (
            '[tool.noblock.per-file-ignores]\n"tests/*" = ["NB8"]',
            "[tool.noblock]: per-file-ignores.'tests/*': unknown rule code or prefix 'NB8'",
        ),
        ('blocking-calls = "x"', "[tool.noblock]: blocking-calls: expected an array of tables"),
        (
            "[[tool.noblock.blocking-calls]]\nmessage = 'm'",
            "blocking-calls[0]: missing required key 'pattern'",
        ),
        (
            "[[tool.noblock.blocking-calls]]\npattern = 'a.b'\nseverity = 1",
            "blocking-calls[0]: unknown key 'severity'",
        ),
        (
            "[[tool.noblock.blocking-calls]]\npattern = 3",
            "blocking-calls[0].pattern: expected a string, got int 3",
        ),
        (
            "[[tool.noblock.blocking-calls]]\npattern = 'a..b'",
            "blocking-calls[0].pattern: invalid pattern 'a..b'",
        ),
        (
            "[[tool.noblock.blocking-calls]]\npattern = 'a b'",
            "blocking-calls[0].pattern: invalid pattern 'a b'",
        ),
        ('offload-functions = ["run sync"]', "offload-functions: invalid pattern 'run sync'"),
        (
            'fix = "executor"',
            "[tool.noblock]: fix: expected a table ([tool.noblock.fix]), got str 'executor'",
        ),
        (
            "[tool.noblock.fix]\nofload = 'x'",
            "[tool.noblock]: fix: unknown key 'ofload' (expected offload, prefer-async-twin)",
        ),
        (
            "[tool.noblock.fix]\noffload = 'threads'",
            "[tool.noblock]: fix.offload: expected 'executor' or 'to_thread', got str 'threads'",
        ),
        (
            "[tool.noblock.fix]\nprefer-async-twin = 'yes'",
            "[tool.noblock]: fix.prefer-async-twin: expected true or false, got str 'yes'",
        ),
        (
            "[[tool.noblock.blocking-calls]]\npattern = 'a.b'\ntwin = 'a b'",
            "blocking-calls[0].twin: invalid twin 'a b'",
        ),
        (
            "transitive = true",
            "[tool.noblock]: transitive: expected a table ([tool.noblock.transitive]), got bool True",
        ),
        (
            "[tool.noblock.transitive]\ndepth = 3",
            "transitive: unknown key 'depth' (expected enabled, max-depth, non-blocking)",
        ),
        (
            "[tool.noblock.transitive]\nenabled = 'no'",
            "transitive.enabled: expected true or false, got str 'no'",
        ),
        (
            "[tool.noblock.transitive]\nmax-depth = 0",
            "transitive.max-depth: expected a whole number of at least 1, got int 0",
        ),
        (
            "[tool.noblock.transitive]\nnon-blocking = ['a b']",
            "transitive.non-blocking: invalid pattern 'a b'",
        ),
    ],
)
def test_bad_configuration(
    project: Path, capsys: pytest.CaptureFixture[str], body: str, message: str
) -> None:
    configure(project, body)
    error = error_of(capsys, "src")
    assert error.startswith(f"noblock: error: {project / 'pyproject.toml'}: ")
    assert message in error


def test_malformed_toml(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text("[tool.noblock]\nselect = [\n")
    assert "pyproject.toml: invalid TOML:" in error_of(capsys, "src")


def test_missing_config_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "nope.toml: cannot read: No such file or directory" in error_of(
        capsys, "src", "--config", "nope.toml"
    )


def test_config_table_must_be_a_table(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text("[tool]\nnoblock = 1\n")
    assert "[tool.noblock] must be a table" in error_of(capsys, "src", "--config", "pyproject.toml")


def test_fix_offload_to_thread(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, '[tool.noblock.fix]\noffload = "to_thread"')
    assert main(["check", "src", "--fix", "-q"]) == 0
    assert "await asyncio.to_thread(requests.get, u)" in (project / "src" / "app.py").read_text()


def test_user_twins_with_prefer_async_twin(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(
        project,
        "[tool.noblock.fix]\nprefer-async-twin = true\n"
        '[[tool.noblock.blocking-calls]]\npattern = "*.fetch_rows"\ntwin = "fetch_rows_async"\n'
        '[[tool.noblock.blocking-calls]]\npattern = "legacy.db.query"\ntwin = "modern.aiodb.query"\n',
    )
    (project / "src" / "svc.py").write_text(
        "from legacy import db\n\n\nasync def f(repo):\n    repo.fetch_rows(1)\n    return db.query(2)\n"
    )
    status = main(["check", "src/svc.py"])
    assert "[*]" not in capsys.readouterr().out  # a user's twin is an unsafe fix
    assert status == 1
    assert main(["check", "src/svc.py", "--fix", "--unsafe-fixes", "-q"]) == 0
    assert (project / "src" / "svc.py").read_text() == (
        "from legacy import db\nimport modern.aiodb\n\n\nasync def f(repo):\n"
        "    await repo.fetch_rows_async(1)\n    return await modern.aiodb.query(2)\n"
    )
