"""Stress test: check and fix a copy of a real-world corpus, and a truncated copy, with zero crashes.

    bash ../shared/tools/make-corpus.sh      # builds /tmp/nb-corpus (once)
    python bench/stress.py [--corpus /tmp/nb-corpus] [--seed 8]

Works on copies in a temporary folder, through the command line in child processes, as a user runs it:

1. `noblock check` (text and JSON output);
2. `noblock check --fix --unsafe-fixes`: every file it changed must still compile;
3. the same again: a second fix must change nothing;
4. the same on a truncated copy: each file cut at a random byte (seeded; in a file with a coroutine,
   after its first `async def`, so that the cut file is parsed rather than skipped);
5. the same on a seeded copy: blocking calls added at the top of every `async def` body, so that
   the fixer rewrites thousands of real-world coroutines instead of the corpus's few findings;
6. a `noqa` round trip: on another copy, `--add-noqa`, after which NB900 must report what it
   reported before (the comments added are all needed); then every code those comments gained
   renamed to one no rule has, after which `--extend-select NB900 --fix --unsafe-fixes` must give
   the same files, byte for byte, as that command gives on a copy of the corpus.

A crash is a traceback, an "internal error" line, or an exit status other than 0, 1 and 2; any other
line on standard error that is not `path: error: reason` is counted as unexpected. Errors for files
that do not parse or decode are expected. Prints the numbers and exits with status 1 on a crash, an
unexpected line, a fixed file that no longer compiles, or a second fix that changes anything.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from noblock.noqa import CODED_NOQA

_ERROR_LINE = re.compile(r"^(?P<path>.+?): error: (?P<reason>.+)$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")  # lines as `ast` counts them
_KINDS = (
    ("internal error", "internal error"),
    ("syntax error", "syntax error"),
    ("too deeply nested", "too deeply nested"),
    ("not valid", "undecodable"),
    ("binary file", "binary"),
    ("coding declaration", "coding declaration"),
)


@dataclass(frozen=True)
class Run:
    """One command's outcome."""

    label: str
    status: int
    seconds: float
    errors: Counter[str]
    crashes: list[str]
    unexpected: list[str]
    summary: str  # noblock's own closing line ("Found 3 blocking calls ...")
    stdout: str


def _noblock() -> list[str]:
    """The installed console script, as a user runs it; `python -m noblock` where there is none."""
    script = Path(sys.executable).with_name("noblock")
    return [str(script)] if script.exists() else [sys.executable, "-m", "noblock"]


def _kind(reason: str) -> str:
    return next((kind for marker, kind in _KINDS if marker in reason), reason)


def _run(label: str, argv: list[str], cwd: Path, notes: re.Pattern[str] | None = None) -> Run:
    """Run noblock; `notes` matches what it may say on standard error besides errors."""
    started = time.perf_counter()
    completed = subprocess.run(
        [*_noblock(), *argv], cwd=cwd, capture_output=True, text=True, errors="replace", check=False
    )
    seconds = time.perf_counter() - started
    errors: Counter[str] = Counter()
    crashes = []
    unexpected = []
    if completed.returncode not in (0, 1, 2):
        crashes.append(f"exit status {completed.returncode}")
    for line in completed.stderr.splitlines():
        match = _ERROR_LINE.match(line)
        if match is None:
            if notes is None or not notes.search(line):
                unexpected.append(line)
            continue
        kind = _kind(match["reason"])
        errors[kind] += 1
        if kind == "internal error":
            crashes.append(line)
    if "Traceback (most recent call last)" in completed.stdout + completed.stderr:
        crashes.append("a traceback")
    found = [line for line in completed.stdout.splitlines() if line.startswith(("Found ", "No blocking"))]
    summary = found[-1] if found else ""
    return Run(label, completed.returncode, seconds, errors, crashes, unexpected, summary, completed.stdout)


def _python_files(top: Path) -> list[Path]:
    return sorted(path for path in top.rglob("*") if path.suffix in (".py", ".pyi") and path.is_file())


def _digests(files: list[Path]) -> dict[Path, str]:
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def _compiles(data: bytes, path: Path) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, str(path), "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _truncate(files: list[Path], seed: int) -> None:
    chooser = random.Random(seed)
    for path in files:
        data = path.read_bytes()
        coroutine = data.find(b"async def")
        start = coroutine + len(b"async def") if coroutine >= 0 else 0
        path.write_bytes(data[: chooser.randint(start, len(data))])


_BLOCKING = (
    "import os as _nb_os, time as _nb_time",
    "_nb_time.sleep(0)",
    "_nb_listing = _nb_os.listdir(_nb_os.path.dirname(__file__) if _nb_os.path.exists(__file__) else '.')",
)


def _add_blocking_calls(files: list[Path]) -> None:
    """Blocking calls first in every `async def` body; a file they would break is left as it was."""
    for path in files:
        data = path.read_bytes()
        if b"async def" not in data:
            continue
        try:
            text = data.decode("utf-8")
            tree = ast.parse(text)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        lines = _LINE.findall(text)
        starts = sorted(
            {
                (node.body[0].lineno, node.body[0].col_offset)
                for node in ast.walk(tree)
                if isinstance(node, ast.AsyncFunctionDef) and node.body[0].lineno > node.lineno
            },
            reverse=True,
        )
        for row, column in starts:
            indent = lines[row - 1][:column]
            if indent.strip():
                continue
            lines[row - 1 : row - 1] = [f"{indent}{line}\n" for line in _BLOCKING]
        seeded = "".join(lines).encode("utf-8")
        if _compiles(seeded, path):
            path.write_bytes(seeded)


def _report(run: Run) -> None:
    errors = ", ".join(f"{kind}: {count}" for kind, count in sorted(run.errors.items())) or "none"
    print(f"  {run.label:<34} exit {run.status}  {run.seconds:6.1f} s  errors: {errors}")
    if run.summary:
        print(f"    {run.summary}")
    for crash in run.crashes[:20]:
        print(f"    CRASH: {crash}")
    for line in run.unexpected[:20]:
        print(f"    UNEXPECTED: {line}")


def _fix_round(label: str, top: Path, files: list[Path]) -> tuple[Run, list[Path], list[Path]]:
    """Fix everything; the files it changed, and those among them that compiled before but not after."""
    before = {path: path.read_bytes() for path in files}
    run = _run(label, ["check", "--fix", "--unsafe-fixes", "--exit-zero", "."], top)
    changed = [path for path in files if path.read_bytes() != before[path]]
    broken = [
        path for path in changed if _compiles(before[path], path) and not _compiles(path.read_bytes(), path)
    ]
    return run, changed, broken


_NOQA_CODE = re.compile(r"\bNB\d{3}\b")
_NB900 = ["check", "--exit-zero", "--extend-select", "NB900"]
# What `--add-noqa` says on standard error besides errors.
_ADD_NOQA_NOTES = re.compile(r"^Added \d+ noqa directives?\.$|: cannot add a `# noqa` comment")


def _rename_added_codes(before: dict[Path, bytes], files: list[Path]) -> int:
    """In each line `--add-noqa` changed, the noblock codes it added renamed to codes no rule has
    (`NB104` to `NB8104`); returns how many lines were changed."""
    renamed = 0
    for path in files:
        if path.read_bytes() == before[path]:
            continue
        old = _LINE.findall(before[path].decode("utf-8", "surrogateescape"))
        new = _LINE.findall(path.read_bytes().decode("utf-8", "surrogateescape"))
        for i, (was, line) in enumerate(zip(old, new)):
            directive = CODED_NOQA.search(line)
            if directive is None or line == was:
                continue
            had = CODED_NOQA.search(was)
            added = set(_NOQA_CODE.findall(directive[0])) - set(_NOQA_CODE.findall(had[0] if had else ""))
            if added:
                renamed_directive = _renamed(directive[0], added)
                new[i] = line[: directive.start()] + renamed_directive + line[directive.end() :]
                renamed += 1
        path.write_bytes("".join(new).encode("utf-8", "surrogateescape"))
    return renamed


def _renamed(line: str, codes: set[str]) -> str:
    return _NOQA_CODE.sub(lambda match: "NB8" + match[0][2:] if match[0] in codes else match[0], line)


def _noqa_round_trip(corpus: Path, scratch: Path, runs: list[Run]) -> list[str]:
    """Step 6: the failures of the `noqa` round trip (see the module's description)."""
    reference, top = scratch / "noqa-reference", scratch / "noqa"
    for copy in (reference, top):
        shutil.copytree(corpus, copy, symlinks=True)
    files = _python_files(top)
    print(f"noqa round trip: {len(files)} files")
    runs.append(_run("noqa: NB900 before", [*_NB900, "."], top))
    stale_before = runs[-1].stdout.count(" NB900 ")
    before = {path: path.read_bytes() for path in files}
    runs.append(_run("noqa: --add-noqa", ["check", "--add-noqa", "."], top, notes=_ADD_NOQA_NOTES))
    _report(runs[-1])
    runs.append(_run("noqa: NB900 after --add-noqa", [*_NB900, "."], top))
    _report(runs[-1])
    stale_after = runs[-1].stdout.count(" NB900 ")
    renamed = _rename_added_codes(before, files)
    print(
        f"    unused codes reported before and after: {stale_before}, {stale_after}; lines renamed: {renamed}"
    )
    failures = (
        [f"--add-noqa left {stale_after - stale_before} unused comments"]
        if stale_after != stale_before
        else []
    )
    fix = [*_NB900, "--fix", "--unsafe-fixes", "."]
    runs.append(_run("noqa: NB900 --fix after renaming", fix, top))
    _report(runs[-1])
    runs.append(_run("noqa: NB900 --fix on the corpus", fix, reference))
    _report(runs[-1])
    differ = [path for path in files if path.read_bytes() != (reference / path.relative_to(top)).read_bytes()]
    print(f"    files that differ: {len(differ)}")
    return failures + [f"noqa round trip differs: {path}" for path in differ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/nb-corpus"))
    parser.add_argument("--seed", type=int, default=8)
    arguments = parser.parse_args()
    if not arguments.corpus.is_dir():
        print(
            f"no corpus at {arguments.corpus}: run `bash ../shared/tools/make-corpus.sh` first",
            file=sys.stderr,
        )
        return 2
    runs: list[Run] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="noblock-stress-") as scratch:
        for copy_name in ("corpus", "truncated", "seeded"):
            top = Path(scratch, copy_name)
            shutil.copytree(arguments.corpus, top, symlinks=True)
            files = _python_files(top)
            if copy_name == "truncated":
                _truncate(files, arguments.seed)
            elif copy_name == "seeded":
                _add_blocking_calls(files)
            print(f"{copy_name}: {len(files)} files")
            for label, argv in (("check", []), ("check --output-format json", ["--output-format", "json"])):
                runs.append(_run(f"{copy_name}: {label}", ["check", "--exit-zero", *argv, "."], top))
                _report(runs[-1])
            run, changed, broken = _fix_round(f"{copy_name}: check --fix --unsafe-fixes", top, files)
            runs.append(run)
            _report(run)
            compiling = [path for path in changed if _compiles(path.read_bytes(), path)]
            print(f"    files fixed: {len(changed)}, of which compile: {len(compiling)}")
            failures += [f"fixed file no longer compiles: {path}" for path in broken]
            digests = _digests(files)
            again = _run(
                f"{copy_name}: second --fix",
                ["check", "--fix", "--unsafe-fixes", "--exit-zero", "."],
                top,
            )
            runs.append(again)
            _report(again)
            changed_again = [path for path, digest in _digests(files).items() if digests[path] != digest]
            print(f"    files changed by the second fix: {len(changed_again)}")
            failures += [f"second fix changed {path}" for path in changed_again]
        failures += _noqa_round_trip(arguments.corpus, Path(scratch), runs)
    crashes = sum(len(run.crashes) for run in runs)
    unexpected = sum(len(run.unexpected) for run in runs)
    print(f"crashes: {crashes}, unexpected lines: {unexpected}")
    if failures:
        print("\n".join(failures[:50]))
    return 1 if crashes or unexpected or failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
