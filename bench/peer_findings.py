"""Which blocking calls the peers report that noblock does not, on the same tree.

    python bench/peer_findings.py PATH [--config FILE] [--flake8]

Runs `ruff check --select ASYNC2` (and, with `--flake8`, flake8-async's `ASYNC2` codes: minutes on
a large tree) and noblock's default rules over PATH, matches findings by file and line, and prints
how many of each peer's lines noblock also reports, then every line it does not, with its source,
for a person to read: a peer may be right (a call noblock misses) or wrong (`os.path.join` does no
I/O). The peers come from `/tmp/nb-peers/bin` (`../shared/tools/make-corpus.sh` installs them)
or the PATH. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

PEERS = Path("/tmp/nb-peers/bin")
_FLAKE8_FORMAT = "%(path)s:%(row)d:%(col)d %(code)s %(text)s"
_FLAKE8_LINE = re.compile(r"^(?P<path>.+?):(?P<row>\d+):(?P<column>\d+) (?P<code>ASYNC\d+) (?P<message>.*)$")


def _tool(name: str) -> str:
    found = PEERS / name if (PEERS / name).exists() else shutil.which(name)
    if found is None:
        sys.exit(f"{name} is not installed (../shared/tools/make-corpus.sh installs the peers)")
    return str(found)


def _where(filename: str, row: int) -> tuple[str, int]:
    return os.path.realpath(filename), row


def ruff_lines(path: str) -> list[tuple[str, int, str, str]]:
    command = [_tool("ruff"), "check", "--no-cache", "--isolated", "--preview", "--select", "ASYNC2"]
    output = subprocess.run(
        [*command, "--output-format", "json", "--exit-zero", path], capture_output=True, text=True, check=True
    ).stdout
    return [
        (finding["filename"], finding["location"]["row"], finding["code"], finding["message"])
        for finding in json.loads(output)
    ]


def flake8_lines(path: str) -> list[tuple[str, int, str, str]]:
    output = subprocess.run(
        [_tool("flake8"), "--select", "ASYNC2", "--format", _FLAKE8_FORMAT, path],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [
        (match["path"], int(match["row"]), match["code"], match["message"])
        for match in map(_FLAKE8_LINE.match, output.splitlines())
        if match is not None
    ]


def noblock_lines(path: str, config: str | None) -> set[tuple[str, int]]:
    # The installed script, not `python -m`: with a package's own folder as the working directory,
    # `-m` would put it first on `sys.path`, and its modules would shadow the standard library's
    # (saq's `queue/`).
    script = shutil.which("noblock", path=os.path.dirname(sys.executable))
    runner = [script] if script else [sys.executable, "-m", "noblock"]
    command = [*runner, "check", path, "--no-cache", "--output-format", "json"]
    output = subprocess.run(
        [*command, "--exit-zero", *(["--config", config] if config else [])],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return {_where(finding["filename"], finding["location"]["row"]) for finding in json.loads(output)}


def _source_line(filename: str, row: int) -> str:
    try:
        lines = Path(filename).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return lines[row - 1].strip() if row <= len(lines) else ""


def report(peer: str, lines: list[tuple[str, int, str, str]], ours: set[tuple[str, int]]) -> None:
    missed = [line for line in lines if _where(line[0], line[1]) not in ours]
    print(f"## {peer}: {len(lines)} findings, {len(lines) - len(missed)} on lines noblock reports too")
    print("by code:", dict(sorted(Counter(code for _, _, code, _ in lines).items())))
    for filename, row, code, message in missed:
        print(f"{filename}:{row}: {code} {message}\n    {_source_line(filename, row)}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path")
    parser.add_argument("--config", help="noblock's configuration file (e.g. one with `exclude = []`)")
    parser.add_argument("--flake8", action="store_true", help="Compare with flake8-async too (slow).")
    args = parser.parse_args(argv)
    ours = noblock_lines(args.path, args.config)
    print(f"noblock: findings on {len(ours)} lines\n")
    report("ruff --select ASYNC2", ruff_lines(args.path), ours)
    if args.flake8:
        report("flake8-async (ASYNC2)", flake8_lines(args.path), ours)
    return 0


if __name__ == "__main__":
    sys.exit(main())
