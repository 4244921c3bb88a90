"""The command line: the only module that knows about click, streams and exit statuses."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from noblock import __version__
from noblock.config import ConfigError, Settings, find_config_file, load_settings
from noblock.findings import FileError, FileResult, Finding

if TYPE_CHECKING:
    from noblock.runner import RunOptions

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def _split_codes(values: tuple[str, ...]) -> list[str] | None:
    """`--select NB101,NB102 --select NB104` -> the codes; None when the option was not given."""
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _config_start(paths: Sequence[str]) -> Path:
    """Where to look for `pyproject.toml`: the deepest folder holding every checked path."""
    folders = [
        os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path) or ".")
        for path in paths
        if path != "-"
    ]
    if not folders:
        return Path.cwd()
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:
        return Path.cwd()


def _error(message: str) -> None:
    click.echo(f"noblock: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="noblock")
def cli() -> None:
    """Find and fix blocking calls inside async functions."""


@dataclass(frozen=True)
class _Outcome:
    """Everything a `check` run produced, gathered over all files."""

    findings: list[Finding]
    fixed: list[Finding]
    errors: list[FileError]
    diffs: list[str]
    stdin_text: str | None


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--fix", is_flag=True, help="Apply safe fixes and write the files.")
@click.option(
    "--unsafe-fixes", is_flag=True, help="Also apply (and mark as fixable) fixes that may change behaviour."
)
@click.option(
    "--diff", is_flag=True, help="Print the fixes as a unified diff instead of writing them (exit 1 if any)."
)
@click.option("--show-fixes", is_flag=True, help="List what was fixed, per file and code.")
@click.option(
    "--select", multiple=True, help="Codes or prefixes to report, comma-separated (replaces `select`)."
)
@click.option("--ignore", multiple=True, help="Codes or prefixes not to report, comma-separated.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read settings from this TOML file instead of the nearest pyproject.toml.",
)
@click.option(
    "--output-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How findings are printed.",
)
@click.option("--exit-zero", is_flag=True, help="Exit with status 0 even when there are findings.")
@click.option(
    "--statistics", is_flag=True, help="Print the number of findings per code instead of each finding."
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("--stdin-filename", help="The name to report for source read from standard input (`-`).")
def check(
    paths: tuple[str, ...],
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    show_fixes: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: Path | None,
    output_format: str,
    exit_zero: bool,
    statistics: bool,
    quiet: bool,
    stdin_filename: str | None,
) -> int:
    """Check PATHS (files or folders, default `.`; `-` reads standard input) for blocking calls."""
    from noblock.runner import Mode, RunOptions

    targets = list(paths) or ["."]
    try:
        config_file = config_path if config_path is not None else find_config_file(_config_start(targets))
        settings = load_settings(
            config_file, cwd=Path.cwd(), select=_split_codes(select), ignore=_split_codes(ignore)
        )
    except ConfigError as error:
        _error(str(error))
        return EXIT_ERROR
    mode = Mode.DIFF if diff else Mode.FIX if fix else Mode.CHECK
    options = RunOptions(mode=mode, unsafe_fixes=unsafe_fixes, with_edits=output_format == "json")
    outcome = _run(targets, settings, options, stdin_filename)
    _report(
        outcome,
        options,
        output_format=output_format,
        statistics=statistics,
        quiet=quiet,
        show_fixes=show_fixes,
    )
    if outcome.errors:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_CLEAN
    if mode is Mode.DIFF:
        return EXIT_FINDINGS if outcome.fixed else EXIT_CLEAN
    return EXIT_FINDINGS if outcome.findings else EXIT_CLEAN


def _report(
    outcome: _Outcome,
    options: RunOptions,
    *,
    output_format: str,
    statistics: bool,
    quiet: bool,
    show_fixes: bool,
) -> None:
    from noblock.output import text
    from noblock.runner import Mode

    for line in text.error_lines(outcome.errors):
        click.echo(line, err=True)
    unsafe = options.unsafe_fixes
    if options.mode is Mode.DIFF:
        for patch in outcome.diffs:
            sys.stdout.write(patch)
        if not quiet:
            click.echo(
                f"Would fix {len(outcome.fixed)} blocking call{'s' * (len(outcome.fixed) != 1)}.", err=True
            )
        return
    # With fixed source on standard output, the report goes to standard error.
    stream = sys.stderr if outcome.stdin_text is not None else sys.stdout
    if outcome.stdin_text is not None:
        sys.stdout.write(outcome.stdin_text)
    if output_format == "json":
        from noblock.output.json_format import write_json

        write_json(outcome.findings, stream)
        return
    if statistics:
        lines = text.statistics_lines(outcome.findings, unsafe)
    else:
        lines = [text.finding_line(finding, unsafe) for finding in outcome.findings]
    if show_fixes:
        lines += text.fixed_lines(outcome.fixed)
    if not quiet:
        lines += text.summary_lines(
            outcome.findings, outcome.fixed, fixing=options.mode is Mode.FIX, unsafe_fixes=unsafe
        )
    text.write_text(lines, stream, color=stream.isatty() and "NO_COLOR" not in os.environ)


def _run(targets: list[str], settings: Settings, options: RunOptions, stdin_filename: str | None) -> _Outcome:
    from noblock.discovery import discover
    from noblock.runner import Mode, check_paths, check_source, ruleset_for

    results: list[FileResult] = []
    errors: list[FileError] = []
    stdin_text = None
    if "-" in targets:
        result = check_source(
            sys.stdin.buffer.read(), stdin_filename or "-", settings, ruleset_for(settings), options
        )
        results.append(result)
        if options.mode is Mode.FIX:
            stdin_text = result.fixed_text
        targets = [target for target in targets if target != "-"]
    if targets:
        discovered = discover(targets, settings)
        errors.extend(discovered.errors)
        results.extend(check_paths(discovered.files, settings, options))
    errors.extend(result.error for result in results if result.error is not None)
    return _Outcome(
        findings=[finding for result in results for finding in result.findings],
        fixed=[finding for result in results for finding in result.fixed],
        errors=errors,
        diffs=[result.diff for result in results if result.diff],
        stdin_text=stdin_text,
    )


@cli.command(name="rules")
def list_rules() -> int:
    """List every rule."""
    from noblock.rules import RULES

    width = max(len(rule.name) for rule in RULES)
    for rule in RULES:
        click.echo(f"{rule.code}  {rule.name:<{width}}  {rule.summary}")
    return EXIT_CLEAN


@cli.command(name="rule")
@click.argument("code")
def explain_rule(code: str) -> int:
    """Explain one rule, with an example and the calls it knows."""
    from noblock.catalog import builtin_catalogue
    from noblock.rules import RULES_BY_CODE

    rule = RULES_BY_CODE.get(code.upper())
    if rule is None:
        _error(f"unknown rule code {code!r} (see `noblock rules`)")
        return EXIT_ERROR
    calls, _ = builtin_catalogue()
    known = sorted({row.pattern for row in calls if row.code == rule.code})
    text = [
        f"{rule.code} ({rule.name}): {rule.summary}",
        "",
        rule.why,
        "",
        "Example:",
        *(f"    {line}" for line in rule.bad.splitlines()),
        "",
        "Use instead:",
        *(f"    {line}" for line in rule.good.splitlines()),
        "",
        f"Fix: {rule.fix}",
    ]
    if known:
        text += ["", f"Calls it knows ({len(known)}):", *(f"    {pattern}" for pattern in known)]
    click.echo("\n".join(text))
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status (tests call this directly)."""
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None, prog_name="noblock", standalone_mode=False
        )
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.ClickException as error:
        error.show()
        return EXIT_ERROR
    except click.exceptions.Abort:
        return EXIT_ERROR
    return result if isinstance(result, int) else EXIT_CLEAN


def run() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
