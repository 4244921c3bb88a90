"""The command line: the only module that knows about click, streams and exit statuses."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from noblock import __version__
from noblock.cache import DEFAULT_CACHE_DIR
from noblock.config import ConfigError, Settings, find_config_file, load_settings
from noblock.findings import FileError, FileResult, Finding
from noblock.output import OUTPUT_FORMATS, TERMINAL_FORMATS

if TYPE_CHECKING:
    from noblock.runner import RunOptions

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

# Below this many files a run ends before a progress bar would be worth drawing.
_PROGRESS_THRESHOLD = 100
# Formats whose reports carry each fix's edits, and formats that quote source lines.
_WITH_EDITS = frozenset({"full", "json", "json-lines", "sarif"})
_WITH_LINES = frozenset({"full", "gitlab"})
_STATISTICS_FORMATS = ("text", "full", "grouped", "json")


def _split_list(values: tuple[str, ...]) -> list[str] | None:
    """`--select NB101,NB102 --select NB104` -> the items; None when the option was not given."""
    if not values:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


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
    checked: list[str]  # every file checked, with or without findings


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
@click.option("--extend-select", multiple=True, help="Codes or prefixes to report as well, comma-separated.")
@click.option("--ignore", multiple=True, help="Codes or prefixes not to report, comma-separated.")
@click.option(
    "--fixable",
    multiple=True,
    help="Codes or prefixes whose fixes may be applied, comma-separated (replaces `fixable`).",
)
@click.option("--extend-fixable", multiple=True, help="Codes or prefixes whose fixes may be applied as well.")
@click.option(
    "--unfixable",
    multiple=True,
    help="Codes or prefixes whose fixes are never applied (still reported), comma-separated.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read settings from this TOML file instead of the nearest noblock.toml or pyproject.toml.",
)
@click.option(
    "--isolated", is_flag=True, help="Read no configuration file: the defaults and the command line only."
)
@click.option(
    "--exclude", multiple=True, help="Files and folders to skip, comma-separated (replaces `exclude`)."
)
@click.option("--extend-exclude", multiple=True, help="Files and folders to skip as well, comma-separated.")
@click.option(
    "--output-format",
    type=click.Choice(OUTPUT_FORMATS),
    help="How findings are reported (default: `output-format` from the configuration, else text).",
)
@click.option(
    "--output-file",
    type=click.Path(dir_okay=False),
    help="Write the report to this file; the terminal gets only the summary.",
)
@click.option("--exit-zero", is_flag=True, help="Exit with status 0 even when there are findings.")
@click.option(
    "--exit-non-zero-on-fix",
    is_flag=True,
    help="With --fix: exit with status 1 if anything was fixed, even when nothing remains.",
)
@click.option(
    "--add-noqa", is_flag=True, help="Add `# noqa: CODE` comments to the lines of every current finding."
)
@click.option(
    "--statistics", is_flag=True, help="Print the number of findings per code instead of each finding."
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("--stdin-filename", help="The name to report for source read from standard input (`-`).")
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Leave out of folders what git ignores (default: `respect-gitignore`, else yes).",
)
@click.option("--show-files", is_flag=True, help="List the files that would be checked, and exit.")
@click.option("--show-settings", is_flag=True, help="Print the effective settings, and exit.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to keep the results cache (default: `.noblock_cache` beside the configuration).",
)
def check(
    paths: tuple[str, ...],
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    show_fixes: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fixable: tuple[str, ...],
    extend_fixable: tuple[str, ...],
    unfixable: tuple[str, ...],
    config_path: Path | None,
    isolated: bool,
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    output_format: str | None,
    output_file: str | None,
    exit_zero: bool,
    exit_non_zero_on_fix: bool,
    add_noqa: bool,
    statistics: bool,
    quiet: bool,
    stdin_filename: str | None,
    respect_gitignore: bool | None,
    show_files: bool,
    show_settings: bool,
    no_cache: bool,
    cache_dir: Path | None,
) -> int:
    """Check PATHS (files or folders, default `.`; `-` reads standard input) for blocking calls."""
    from noblock.runner import Mode, RunOptions

    targets = list(paths) or ["."]
    if isolated and config_path is not None:
        _error("--config and --isolated cannot be used together")
        return EXIT_ERROR
    try:
        if isolated:
            config_file = None
        elif config_path is not None:
            config_file = config_path
        else:
            config_file = find_config_file(_config_start(targets))
        settings = load_settings(
            config_file,
            cwd=Path.cwd(),
            select=_split_list(select),
            extend_select=_split_list(extend_select),
            ignore=_split_list(ignore),
            fixable=_split_list(fixable),
            extend_fixable=_split_list(extend_fixable),
            unfixable=_split_list(unfixable),
            exclude=_split_list(exclude),
            extend_exclude=_split_list(extend_exclude),
            respect_gitignore=respect_gitignore,
        )
    except ConfigError as error:
        _error(str(error))
        return EXIT_ERROR
    cache_root = None if no_cache else (cache_dir or settings.root / DEFAULT_CACHE_DIR)
    if show_settings:
        from noblock.output.settings import render_settings

        click.echo(render_settings(settings, cache_root), nl=False)
        return EXIT_CLEAN
    if show_files:
        return _show_files(targets, settings)
    if add_noqa:
        if fix or diff or "-" in targets:
            _error("--add-noqa works on files: it cannot be combined with --fix, --diff or `-`")
            return EXIT_ERROR
        return _add_noqa(targets, settings)
    report_format = output_format or settings.output_format or "text"
    if statistics and report_format not in _STATISTICS_FORMATS:
        _error(f"--statistics works with the {', '.join(_STATISTICS_FORMATS)} output formats")
        return EXIT_ERROR
    mode = Mode.DIFF if diff else Mode.FIX if fix else Mode.CHECK
    options = RunOptions(
        mode=mode,
        unsafe_fixes=unsafe_fixes,
        with_edits=report_format in _WITH_EDITS and not statistics,
        with_lines=report_format in _WITH_LINES and not statistics,
        cache_dir=cache_root,
    )
    # A progress bar only for a person watching: never in CI logs, piped output or a tool's format.
    progress = (
        report_format in TERMINAL_FORMATS
        and not quiet
        and sys.stdout.isatty()
        and not os.environ.get("CI")
        and "-" not in targets
    )
    outcome = _run(targets, settings, options, stdin_filename, progress=progress)
    _report(
        outcome,
        options,
        output_format=report_format,
        output_file=output_file,
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
    if exit_non_zero_on_fix and outcome.fixed:
        return EXIT_FINDINGS
    return EXIT_FINDINGS if outcome.findings else EXIT_CLEAN


def _report(
    outcome: _Outcome,
    options: RunOptions,
    *,
    output_format: str,
    output_file: str | None,
    statistics: bool,
    quiet: bool,
    show_fixes: bool,
) -> None:
    from noblock.output import text, write_report_file
    from noblock.runner import Mode

    for line in text.error_lines(outcome.errors):
        click.echo(line, err=True)
    unsafe = options.unsafe_fixes
    if options.mode is Mode.DIFF:
        for patch in outcome.diffs:
            sys.stdout.write(patch)
        if not quiet:
            click.echo(f"Would fix {text.counted(outcome.fixed)}.", err=True)
        return
    # With fixed source on standard output, the report goes to standard error.
    stream = sys.stderr if outcome.stdin_text is not None else sys.stdout
    if outcome.stdin_text is not None:
        sys.stdout.write(outcome.stdin_text)
    closing = text.fixed_lines(outcome.fixed) if show_fixes else []
    if not quiet:
        closing += text.summary_lines(
            outcome.findings,
            outcome.fixed,
            fixing=options.mode is Mode.FIX,
            unsafe_fixes=unsafe,
            errors=len(outcome.errors),
        )
    color = stream.isatty() and "NO_COLOR" not in os.environ
    if output_format in TERMINAL_FORMATS:
        lines = _terminal_report(outcome, output_format, unsafe, statistics)
        if output_file is None:
            text.write_text(lines + closing, stream, color=color)
            return
        report = "".join(line + "\n" for line in lines + closing)
    else:
        report = _machine_report(outcome, output_format, unsafe, statistics)
        if output_file is None:
            stream.write(report)
            # Standard output holds a report for a tool: what was fixed goes to standard error.
            text.write_text(text.fixed_lines(outcome.fixed) if show_fixes else [], sys.stderr, color=False)
            return
    try:
        write_report_file(output_file, report)
    except OSError as error:
        raise click.FileError(output_file, error.strerror or str(error)) from None
    text.write_text(closing, stream, color=color)


def _terminal_report(outcome: _Outcome, output_format: str, unsafe: bool, statistics: bool) -> list[str]:
    from noblock.output import text

    if statistics:
        return text.statistics_lines(outcome.findings, unsafe)
    if output_format == "full":
        from noblock.output.full import full_lines

        return full_lines(outcome.findings, unsafe)
    if output_format == "grouped":
        from noblock.output.grouped import grouped_lines

        return grouped_lines(outcome.findings, unsafe)
    return [text.finding_line(finding, unsafe) for finding in outcome.findings]


def _machine_report(outcome: _Outcome, output_format: str, unsafe: bool, statistics: bool) -> str:
    if output_format == "json":
        from noblock.output.json_format import render_json, render_statistics_json

        return (
            render_statistics_json(outcome.findings, unsafe) if statistics else render_json(outcome.findings)
        )
    if output_format == "json-lines":
        from noblock.output.json_format import render_json_lines

        return render_json_lines(outcome.findings)
    if output_format == "github":
        from noblock.output.github import render_github

        return render_github(outcome.findings)
    if output_format == "gitlab":
        from noblock.output.gitlab import render_gitlab

        return render_gitlab(outcome.findings)
    if output_format == "azure":
        from noblock.output.azure import render_azure

        return render_azure(outcome.findings)
    if output_format == "pylint":
        from noblock.output.pylint import render_pylint

        return render_pylint(outcome.findings)
    if output_format == "sarif":
        from noblock.output.sarif import render_sarif

        return render_sarif(outcome.findings, outcome.errors)
    from noblock.output.junit import render_junit

    return render_junit(outcome.checked, outcome.findings, outcome.errors)


def _show_files(targets: list[str], settings: Settings) -> int:
    """`--show-files`: the files a run would check, one a line (`-` is standard input)."""
    from noblock.discovery import discover
    from noblock.output import text

    discovered = discover([target for target in targets if target != "-"], settings)
    for filename in (*discovered.files, *(["-"] if "-" in targets else [])):
        click.echo(filename)
    for line in text.error_lines(discovered.errors):
        click.echo(line, err=True)
    return EXIT_ERROR if discovered.errors else EXIT_CLEAN


def _add_noqa(targets: list[str], settings: Settings) -> int:
    """`--add-noqa`: suppress every current finding where it is, and say how many comments were added."""
    from noblock.add_noqa import add_noqa_to_file
    from noblock.output import text
    from noblock.runner import RunOptions

    outcome = _run(targets, settings, RunOptions(), None, progress=False)
    errors = list(outcome.errors)
    by_file: dict[str, list[Finding]] = {}
    for finding in outcome.findings:
        by_file.setdefault(finding.filename, []).append(finding)
    added = refused = 0
    for filename, findings in by_file.items():
        result = add_noqa_to_file(filename, findings)
        added += result.added
        refused += len(result.refused)
        for row in result.refused:
            click.echo(
                f"{filename}:{row}: cannot add a `# noqa` comment: the line ends inside a string "
                "or continues on the next line",
                err=True,
            )
        if result.error is not None:
            errors.append(result.error)
    for line in text.error_lines(errors):
        click.echo(line, err=True)
    click.echo(f"Added {added} noqa directive{'s' * (added != 1)}.", err=True)
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if refused else EXIT_CLEAN


def _run(
    targets: list[str], settings: Settings, options: RunOptions, stdin_filename: str | None, *, progress: bool
) -> _Outcome:
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
        checked: Iterable[FileResult] = check_paths(discovered.files, settings, options)
        if progress and len(discovered.files) >= _PROGRESS_THRESHOLD:
            from noblock.output.progress import with_progress

            checked = with_progress(checked, len(discovered.files), sys.stdout)
        results.extend(checked)
    errors.extend(result.error for result in results if result.error is not None)
    return _Outcome(
        findings=[finding for result in results for finding in result.findings],
        fixed=[finding for result in results for finding in result.fixed],
        errors=errors,
        diffs=[result.diff for result in results if result.diff],
        stdin_text=stdin_text,
        checked=[result.filename for result in results],
    )


@cli.command(name="clean")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Remove this cache folder (as `check --cache-dir` names it) instead of searching PATHS.",
)
def clean(paths: tuple[Path, ...], cache_dir: Path | None) -> int:
    """Remove the results caches (`.noblock_cache`) in PATHS (default `.`) and the folders below."""
    import shutil

    from noblock.cache import find_cache_folders, is_cache_folder

    if cache_dir is not None:
        if cache_dir.exists() and not is_cache_folder(cache_dir):
            _error(f"{cache_dir}: not a noblock cache (no CACHEDIR.TAG written by noblock): left alone")
            return EXIT_ERROR
        folders = [cache_dir] if cache_dir.exists() else []
    else:
        missing = [path for path in paths if not path.exists()]
        if missing:
            _error(f"{missing[0]}: no such file or folder")
            return EXIT_ERROR
        folders = [folder for root in paths or (Path("."),) for folder in find_cache_folders(root)]
    status = EXIT_CLEAN
    for folder in folders:
        try:
            shutil.rmtree(folder)
        except OSError as error:
            _error(f"{folder}: {error.strerror or error}")
            status = EXIT_ERROR
        else:
            click.echo(f"Removed {folder}")
    if not folders:
        click.echo("No cache found.")
    return status


@cli.command(name="rules")
@click.option(
    "--library", "library", metavar="NAME", help="List the calls noblock knows for one library instead."
)
def list_rules(library: str | None) -> int:
    """List every rule, or what the catalogue knows about one library."""
    if library is not None:
        from noblock.catalog.listing import describe_library, find_libraries, library_names

        found = find_libraries(library)
        if not found:
            _error(f"unknown library {library!r} (known: {', '.join(library_names())})")
            return EXIT_ERROR
        click.echo("\n\n".join("\n".join(describe_library(each)) for each in found))
        return EXIT_CLEAN
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
    """Run the command line and return the exit status (tests call this directly).

    Never raises: whatever goes wrong ends as one line on standard error, never a traceback.
    """
    import contextlib
    import traceback

    def say(line: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # standard error may be closed or full too
            click.echo(line, err=True)

    def silence_stdout() -> None:
        # Output that could not be written stays buffered; at exit Python would fail to flush it
        # again and print a traceback, so what is left goes to the null device.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    try:
        try:
            result = cli.main(
                args=list(argv) if argv is not None else None, prog_name="noblock", standalone_mode=False
            )
        finally:
            if sys.stdout is not None:  # None when started with standard output closed
                sys.stdout.flush()  # a report that cannot be written fails here, in the handlers below
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.ClickException as error:
        error.show()
        return EXIT_ERROR
    except (click.exceptions.Abort, KeyboardInterrupt):
        say("noblock: interrupted")
        return 130  # 128 + SIGINT, as a shell reports a command stopped with Ctrl-C
    except SystemExit as exit_:
        # click ends a run whose standard output was closed early (`noblock check | head`) this way.
        if exit_.code is None or isinstance(exit_.code, int):
            return exit_.code or EXIT_CLEAN
        say(f"noblock: error: {exit_.code}")
        return EXIT_ERROR
    except BrokenPipeError:
        silence_stdout()
        return EXIT_FINDINGS  # as click (and Python's own advice) end a run on a closed pipe
    except UnicodeEncodeError as error:
        say(
            f"noblock: error: cannot print {error.object[error.start : error.end]!r} in the output's "
            f"encoding ({error.encoding}); set PYTHONIOENCODING=utf-8"
        )
        return EXIT_ERROR
    except OSError as error:
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            silence_stdout()
        where = f" ({error.filename})" if error.filename else ""
        say(f"noblock: error: {error.strerror or error}{where}")
        return EXIT_ERROR
    except MemoryError:
        say("noblock: error: out of memory")
        return EXIT_ERROR
    except Exception as error:
        package = os.path.dirname(os.path.abspath(__file__)) + os.sep
        frames = [
            frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.startswith(package)
        ]
        where = ""
        if frames:
            module = frames[-1].filename[len(package) :].replace(os.sep, "/")
            where = f" (at noblock/{module}:{frames[-1].lineno})"
        say(f"noblock: internal error (please report this bug): {error!r}{where}")
        return EXIT_ERROR
    return result if isinstance(result, int) else EXIT_CLEAN


def run() -> None:
    """Console-script entry point."""
    # A run allocates millions of short-lived tree nodes, freed by reference counting (no cycles:
    # `ModuleScopes.release`); the cycle collector's default pace would keep re-traversing them and
    # the imported modules. Measured on the benchmark corpus: 1.88 s -> 1.60 s. Worker processes
    # inherit this. Tests call `main` and keep the interpreter's defaults.
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)
    # A file name that is not valid UTF-8 reaches Python as surrogates; printed with
    # "surrogateescape" it comes out as the very bytes it had on disk, instead of failing the run.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="surrogateescape")
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # started with the stream closed: the report goes nowhere
            setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115 - open until the process exits
    raise SystemExit(main())
