"""The command line: the only module that knows about click, streams and exit statuses."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from noblock import __version__
from noblock.config import ConfigError, Settings, find_config_file, load_settings
from noblock.findings import FileError, Finding

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


def _use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="noblock")
def cli() -> None:
    """Find and fix blocking calls inside async functions."""


@cli.command()
@click.argument("paths", nargs=-1)
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
    targets = list(paths) or ["."]
    try:
        config_file = config_path if config_path is not None else find_config_file(_config_start(targets))
        settings = load_settings(
            config_file, cwd=Path.cwd(), select=_split_codes(select), ignore=_split_codes(ignore)
        )
    except ConfigError as error:
        _error(str(error))
        return EXIT_ERROR

    findings, errors = _run(targets, settings, stdin_filename)
    for line in _error_lines(errors):
        click.echo(line, err=True)
    if output_format == "json":
        from noblock.output.json_format import write_json

        write_json(findings, sys.stdout)
    else:
        from noblock.output.text import write_text

        write_text(findings, sys.stdout, color=_use_color(), statistics=statistics, quiet=quiet)
    if errors:
        return EXIT_ERROR
    if findings and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _error_lines(errors: list[FileError]) -> list[str]:
    from noblock.output.text import error_lines

    return error_lines(errors)


def _run(
    targets: list[str], settings: Settings, stdin_filename: str | None
) -> tuple[list[Finding], list[FileError]]:
    from noblock.discovery import discover
    from noblock.runner import check_paths, check_source, ruleset_for

    findings: list[Finding] = []
    errors: list[FileError] = []
    if "-" in targets:
        data = sys.stdin.buffer.read()
        result = check_source(data, stdin_filename or "-", settings, ruleset_for(settings))
        findings.extend(result.findings)
        if result.error is not None:
            errors.append(result.error)
        targets = [target for target in targets if target != "-"]
        if not targets:
            return findings, errors
    discovered = discover(targets, settings)
    errors.extend(discovered.errors)
    for result in check_paths(discovered.files, settings):
        findings.extend(result.findings)
        if result.error is not None:
            errors.append(result.error)
    return findings, errors


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
