"""Hostile and broken input: each bad file is one line with its path and the reason, the run goes on,
the exit status is 2, and no traceback ever reaches the user.
"""

from __future__ import annotations

import builtins
import codecs
import errno
import gc
import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Optional, Union

import pytest
from cli_runner import run

from noblock.cli import main

SLEEP = "import time\n\n\nasync def f():\n    time.sleep(1)\n"
FINDING = "ok.py:5:5: NB101 [*] `time.sleep()` sleeps on the event loop; use `await asyncio.sleep()`"
HEAD = "import time\n\n\nasync def f():\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding `ok.py`, which has one finding: proof that the run went on."""
    (tmp_path / "ok.py").write_text(SLEEP)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_one_error_and_run_goes_on(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected_error: str
) -> None:
    status, out, err = run(["check", *argv, "ok.py"], capsys)
    assert (status, err) == (2, expected_error + "\n")
    assert out.splitlines()[0] == FINDING


# Where Python versions differ, the reason by the first version that gives it; None: that version
# reads the file, and noblock checks it without error.
Reason = Union[str, dict[tuple[int, int], Optional[str]]]  # a runtime alias: no `|` before 3.10
# From Python 3.11 the parser refuses to build trees this deep (a RecursionError).
TOO_DEEP_FROM_3_11: Reason = {(3, 9): None, (3, 11): "too deeply nested to analyse"}


def read_as(syntax_error: str) -> str:
    """A syntax error's message names the grammar it was read with: the running Python's."""
    return f"{syntax_error} (read as Python {sys.version_info.major}.{sys.version_info.minor})"


def on_this_python(reason: Reason) -> str | None:
    if isinstance(reason, str):
        return reason
    return reason[max(version for version in reason if version <= sys.version_info[:2])]


BAD_FILES: list[tuple[str, bytes, Reason]] = [
    ("syntax", b"async def f(:\n    pass\n", read_as("syntax error at 1:13: invalid syntax")),
    # CPython puts an error at the very end of a file at column 0; noblock's columns start at 1.
    (
        "end-of-file",
        b"async def f():\n    pass\n\n\n@lru_ca",
        {
            (3, 9): read_as("syntax error at 5:8: unexpected EOF while parsing"),
            (3, 10): read_as("syntax error at 5:1: invalid syntax"),
        },
    ),
    # Thousands of unary operators overflow the parser's own stack (a MemoryError).
    ("unary-chain", (HEAD + "    x = " + "-" * 10_000 + "x\n").encode(), "too deeply nested to parse"),
    (
        "indentation",
        b"async def f():\npass\n",
        {
            (3, 9): read_as("syntax error at 2:1: expected an indented block"),
            (3, 10): read_as(
                "syntax error at 2:1: expected an indented block after function definition on line 1"
            ),
        },
    ),
    (
        "unindent",
        b"async def f():\n    x = 1\n  y = 2\n",
        read_as("syntax error at 3:8: unindent does not match any outer indentation level"),
    ),
    (
        "tabs",
        b"async def f():\n\tif x:\n        pass\n\tpass\n",
        read_as("syntax error at 3:1: inconsistent use of tabs and spaces in indentation"),
    ),
    (
        "unterminated-string",
        b"async def f():\n    x = 'abc\n",
        {
            (3, 9): read_as("syntax error at 2:13: EOL while scanning string literal"),
            (3, 10): read_as("syntax error at 2:9: unterminated string literal (detected at line 2)"),
        },
    ),
    (
        "unclosed-at-eof",
        b"async def f():\n    x = (1,\n",
        {
            (3, 9): read_as("syntax error at 2:12: unexpected EOF while parsing"),
            (3, 10): read_as("syntax error at 2:9: '(' was never closed"),
        },
    ),
    (
        "too-many-parentheses",
        (HEAD + "    x = " + "(" * 1000 + "1" + ")" * 1000 + "\n").encode(),
        read_as("syntax error at 5:209: too many nested parentheses"),
    ),
    (
        "too-much-indentation",
        (
            HEAD + "".join("    " * depth + "if x:\n" for depth in range(1, 101)) + "    " * 101 + "pass\n"
        ).encode(),
        read_as("syntax error at 104:1: too many levels of indentation"),
    ),
    (
        "long-sum",
        (HEAD + "    x = " + "+".join(["a"] * 100_000) + "\n").encode(),
        TOO_DEEP_FROM_3_11,
    ),
    (
        "long-attribute-chain",
        (HEAD + "    x = a" + ".b" * 10_000 + "()\n").encode(),
        TOO_DEEP_FROM_3_11,
    ),
    ("long-call-chain", (HEAD + "    x = f" + "()" * 10_000 + "\n").encode(), TOO_DEEP_FROM_3_11),
    ("nul-byte", b"x = 1\nasync def f(): pass\n\x00\n", "binary file (NUL byte at 3:1)"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL byte at 3:1)"),
    (
        "random-high-bytes",
        bytes(range(0x80, 0x100)),
        "not valid UTF-8 (byte 0x80 at 1:1) and no coding declaration",
    ),
    (
        "utf-16",
        codecs.BOM_UTF16_LE + "async def f(): pass\n".encode("utf-16-le"),
        "UTF-16 encoded (Python source must be UTF-8 or declare an ASCII-based encoding)",
    ),
    (
        "latin-1-without-cookie",
        "x = 1\ny = 2\nz = 'caf\xe9'\n".encode("latin-1"),
        "not valid UTF-8 (byte 0xe9 at 3:9) and no coding declaration",
    ),
    (
        "bom-then-latin-1",
        codecs.BOM_UTF8 + "z = '\xe9'\n".encode("latin-1"),
        "not valid UTF-8 (byte 0xe9 at 1:6)",
    ),
    (
        "two-boms",
        codecs.BOM_UTF8 * 2 + b"async def f(): pass\n",
        read_as("syntax error at 1:1: invalid non-printable character U+FEFF"),
    ),
    (
        "unknown-cookie",
        b"# -*- coding: klingon -*-\nasync def f(): pass\n",
        "unknown encoding 'klingon' in the coding declaration",
    ),
    (
        "cookie-contradicts-bom",
        codecs.BOM_UTF8 + b"# coding: latin-1\nasync def f(): pass\n",
        "the file starts with a UTF-8 BOM but its coding declaration names latin-1",
    ),
    (
        "cookie-is-wrong",
        "# coding: ascii\nasync def f():\n    return 'caf\xe9'\n".encode("latin-1"),
        "not valid ascii, the encoding its coding declaration names (byte 0xe9 at 3:16)",
    ),
    (
        "cookie-not-ascii-based",
        b"# coding: utf-16\nasync def f(): pass\n",
        "the coding declaration names utf-16, which is not ASCII-based",
    ),
    (
        "cookie-not-a-text-encoding",
        b"# coding: rot13\nasync def f(): pass\n",
        "the coding declaration names rot13, which is not a text encoding",
    ),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_file_is_one_line_and_the_run_goes_on(
    project: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, reason: Reason
) -> None:
    (project / "bad.py").write_bytes(data)
    status, out, err = run(["check", "."], capsys)
    expected = on_this_python(reason)
    if expected is None:
        assert (status, err) == (1, "")
    else:
        assert (status, err) == (2, f"bad.py: error: {expected}\n")
    assert out.splitlines()[0] == FINDING


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty", b""),
        ("whitespace", b"  \n\n\t\n\x0c\n"),
        ("bom-only", codecs.BOM_UTF8),
        ("comment-only", b"# async def f(): pass\n"),
        ("crlf-and-cr", b"async def f():\r\n    pass\rx = 1\r"),
        (
            "coding-cookie-on-line-2",
            "#!/usr/bin/env python\n# coding: latin-1\n# caf\xe9\n".encode("latin-1"),
        ),
        ("cookie-line-not-utf-8", "# coding: latin-1 (caf\xe9)\nasync def f(): pass\n".encode("latin-1")),
    ],
)
def test_empty_and_unusual_but_valid_files_are_clean(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.py").write_bytes(data)
    assert run(["check", "file.py"], capsys) == (0, "No blocking calls found.\n", "")


def test_syntax_error_in_a_file_without_async_def_is_not_reported(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Such a file holds no direct finding; its syntax is left to the compiler (README, "Robustness").
    (project / "plain.py").write_text("def f(:\n")
    status, _, err = run(["check", "plain.py", "ok.py"], capsys)
    assert (status, err) == (1, "")


def test_a_type_comment_where_the_grammar_takes_none_is_a_comment(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Parsed with type comments, `if ...:  # type: ...` is a syntax error; the module is still checked.
    (project / "ok.py").write_text(SLEEP + "    if f:  # type: ignored here\n        pass\n")
    assert run(["check", "ok.py"], capsys) == (
        1,
        FINDING + "\nFound 1 blocking call in 1 file.\n[*] 1 fixable with the `--fix` option.\n",
        "",
    )


def test_undecodable_file_without_async_def_is_still_reported(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "image.py").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_one_error_and_run_goes_on(capsys, ["image.py"], "image.py: error: binary file (NUL byte at 3:1)")


def test_deeply_nested_code_within_the_parser_limits_is_checked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "nested.py").write_text(HEAD + "    x = " + "[" * 150 + "time.sleep(1)" + "]" * 150 + "\n")
    status, out, _ = run(["check", "nested.py", "-q"], capsys)
    assert status == 1
    assert out.startswith("nested.py:5:159: NB101 ")


def test_fix_too_deeply_nested_for_libcst_is_an_error_for_that_file_only(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = HEAD + "    x = " + "[" * 180 + "time.sleep(1)" + "]" * 180 + "\n"
    (project / "nested.py").write_text(source)
    status, _, err = run(["check", "nested.py", "ok.py", "--fix"], capsys)
    assert (status, err) == (2, "nested.py: error: too deeply nested to analyse\n")
    assert (project / "nested.py").read_text() == source
    assert "await asyncio.sleep(1)" in (project / "ok.py").read_text()


def _module(functions: int) -> str:
    body = "".join(
        f"async def handler_{n}(url):\n    data = fetch(url, {n})\n    time.sleep(0)\n    return data\n\n\n"
        for n in range(functions)
    )
    return "import time\n\n\n" + body


def test_a_100k_line_module_is_checked_completely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "huge.py").write_text(_module(16_667))
    assert len((tmp_path / "huge.py").read_text().splitlines()) > 100_000
    status, out, _ = run(["check", "huge.py", "--statistics"], capsys)
    assert status == 1
    assert out.splitlines()[0] == "16667\tNB101\t[*] blocking-sleep"


def test_checking_time_grows_linearly_with_module_size(tmp_path: Path) -> None:
    from noblock.config import Settings
    from noblock.runner import analyse, ruleset_for

    settings = Settings(root=tmp_path)
    ruleset = ruleset_for(settings)

    def seconds(functions: int) -> float:
        """The best of three runs: a pause of the machine lengthens one run, never all three. The
        cycle collector is off, as in a run of noblock (`runner._without_collector`): in the test
        process it would traverse every object the earlier tests left, at a cost that grows with
        the number of collections, not with noblock's work."""
        source = _module(functions)
        times = []
        gc.collect()
        gc.disable()
        try:
            for _ in range(3):
                started = time.perf_counter()
                assert len(analyse(source, "m.py", settings, ruleset)) == functions
                times.append(time.perf_counter() - started)
        finally:
            gc.enable()
        return min(times)

    seconds(200)  # warm-up: first-call costs are not part of the growth
    small, large = seconds(500), seconds(4_000)
    # Linear growth is a ratio of 8; quadratic would be 64. The margin absorbs a busy machine.
    assert large / small < 24


def _deny(path: Path, monkeypatch: pytest.MonkeyPatch, *calls: tuple[object, str]) -> None:
    """Make `path` unreadable; root reads anything, so show noblock an ordinary user's view."""
    path.chmod(0)
    if os.geteuid() != 0:
        return
    denied = os.path.abspath(path)
    for owner, name in calls:
        real = getattr(owner, name)

        def refuse(target: object, *args: object, _real: object = real, **kwargs: object) -> object:
            if (
                isinstance(target, (str, bytes, os.PathLike))
                and os.path.abspath(os.fsdecode(target)) == denied
            ):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
            return _real(target, *args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(owner, name, refuse)


@pytest.fixture
def restore_modes(project: Path) -> Iterator[None]:
    yield
    for path in project.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755)


@pytest.mark.usefixtures("restore_modes")
def test_unreadable_file(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "secret.py").write_text(SLEEP)
    _deny(project / "secret.py", monkeypatch, (os, "open"), (builtins, "open"))
    status, out, err = run(["check", "."], capsys)
    assert (status, err) == (2, "secret.py: error: permission denied\n")
    assert out.splitlines()[0] == FINDING


@pytest.mark.usefixtures("restore_modes")
def test_unreadable_folder_walked_and_named(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "locked").mkdir()
    (project / "locked" / "inner.py").write_text(SLEEP)
    _deny(project / "locked", monkeypatch, (os, "scandir"))
    status, out, err = run(["check", "."], capsys)
    assert (status, err) == (2, "locked: error: cannot list folder: permission denied\n")
    assert out.splitlines()[0] == FINDING
    assert_one_error_and_run_goes_on(
        capsys, ["locked"], "locked: error: cannot list folder: permission denied"
    )


def test_broken_symlink_named_and_walked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "gone.py").symlink_to("missing.py")
    expected = "gone.py: error: broken symbolic link (to 'missing.py')"
    assert_one_error_and_run_goes_on(capsys, ["gone.py"], expected)
    status, _, err = run(["check", "."], capsys)
    assert (status, err) == (2, expected + "\n")


def test_symlink_loops_named_and_walked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "loop.py").symlink_to("loop.py")
    (project / "pkg").mkdir()
    (project / "pkg" / "up").symlink_to("..")  # a folder loop: links to folders are not followed
    (project / "pkg" / "a").symlink_to("b")
    (project / "pkg" / "b").symlink_to("a")
    assert_one_error_and_run_goes_on(capsys, ["loop.py"], "loop.py: error: symbolic link loop")
    status, out, err = run(["check", "."], capsys)
    assert (status, err) == (2, "loop.py: error: symbolic link loop\n")
    assert out.splitlines()[:2] == [FINDING, "Found 1 blocking call in 1 file."]


def test_symlinked_file_is_checked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "lib").mkdir()
    (project / "lib" / "real.py").write_text(SLEEP)
    (project / "alias.py").symlink_to("lib/real.py")
    status, out, _ = run(["check", "alias.py", "-q"], capsys)
    assert (status, out.split(":")[0]) == (1, "alias.py")


def _run_with_timeout(argv: list[str], cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    """In a child process: were noblock to block reading a pipe, the test fails instead of hanging."""
    return subprocess.run(
        [sys.executable, "-m", "noblock", *argv],
        cwd=cwd,
        input=stdin.decode(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_named_pipes_devices_and_sockets_are_reported_not_read(project: Path) -> None:
    os.mkfifo(project / "pipe.py")
    os.mkfifo(project / "pipe")
    (project / "zero.py").symlink_to(os.devnull)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("sock.py")  # relative: a socket path is limited to about 100 bytes
        walked = _run_with_timeout(["check", "."], project)
        named = _run_with_timeout(["check", "pipe", os.devnull, "ok.py"], project)
    finally:
        server.close()
    assert walked.returncode == 2
    assert walked.stderr.splitlines() == [
        "pipe.py: error: not a regular file (a named pipe)",
        "sock.py: error: not a regular file (a socket)",
        "zero.py: error: not a regular file (a device)",
    ]
    assert walked.stdout.splitlines()[0] == FINDING
    assert named.returncode == 2
    assert sorted(named.stderr.splitlines()) == [
        f"{os.devnull}: error: not a regular file (a device)",
        "pipe: error: not a regular file (a named pipe)",
    ]
    assert named.stdout.splitlines()[0] == FINDING


def test_folder_named_like_a_python_file_is_walked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pkg.py").mkdir()
    (project / "pkg.py" / "inner.py").write_text(SLEEP)
    status, out, err = run(["check", "pkg.py", "-q"], capsys)
    assert (status, err) == (1, "")
    assert out.startswith(f"pkg.py{os.sep}inner.py:5:5: NB101")


@pytest.mark.parametrize("in_work_tree", [False, True])
def test_folder_deeper_than_the_recursion_limit_is_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], in_work_tree: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    if in_work_tree:  # the `.gitignore` rules of every folder above are looked up too
        (tmp_path / ".git").mkdir()
        (tmp_path / ".gitignore").write_text("*.pyc\n")
    folders = [Path(*["d"] * depth) for depth in range(1, sys.getrecursionlimit() + 100)]
    for folder in folders:  # one at a time: `mkdir(parents=True)` itself recurses
        folder.mkdir()
    bottom = folders[-1] / "bottom.py"
    bottom.write_text(SLEEP)
    try:
        status, out, _ = run(["check", ".", "-q"], capsys)
    finally:
        # Removed here, deepest first: pytest's own clean-up of the temporary folder recurses too.
        bottom.unlink()
        for folder in reversed(folders):
            folder.rmdir()
    assert status == 1
    assert out.startswith(f"{bottom}:5:5: NB101")


def test_paths_with_spaces_and_unicode(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = project / "my project" / "caf\xe9 \u65e5\u672c"
    folder.mkdir(parents=True)
    (folder / "h\xe9llo w\xf6rld.py").write_text(SLEEP)
    status, out, _ = run(["check", "my project", "-q"], capsys)
    expected = Path("my project", "caf\xe9 \u65e5\u672c", "h\xe9llo w\xf6rld.py")
    assert status == 1
    assert out.startswith(f"{expected}:5:5: NB101")


def test_file_name_that_is_not_utf8_comes_out_as_its_own_bytes(project: Path) -> None:
    name = os.fsencode(project) + b"/caf\xe9.py"
    with open(name, "wb") as handle:
        handle.write(SLEEP.encode())
    completed = subprocess.run(
        [sys.executable, "-m", "noblock", "check", ".", "-q"], cwd=project, capture_output=True, check=False
    )
    assert completed.returncode == 1
    assert completed.stdout.splitlines()[0].startswith(b"caf\xe9.py:5:5: NB101 ")
    assert completed.stderr == b""


def test_missing_paths(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["check", "nope.py", "ok.py/inside.py", "ok.py"], capsys)
    assert status == 2
    assert err.splitlines() == [
        "nope.py: error: no such file or directory",
        "ok.py/inside.py: error: no such file or directory",
    ]
    assert out.splitlines()[0] == FINDING


def test_non_python_file_named_explicitly(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "notes.txt").write_text("async def f(): time.sleep(1)\n")
    expected = "notes.txt: error: not a Python file (expected a .py or .pyi file)"
    assert_one_error_and_run_goes_on(capsys, ["notes.txt"], expected)


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_empty_standard_input(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b""))
    assert run(["check", "-"], capsys) == (0, "No blocking calls found.\n", "")


def test_binary_standard_input(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\x00\x01"))
    status, _, err = run(["check", "-", "--stdin-filename", "piped.py"], capsys)
    assert (status, err) == (2, "piped.py: error: binary file (NUL byte at 1:1)\n")


# The command line itself: whatever happens outside the per-file checks is one line, never a traceback.


def test_internal_error_outside_any_file_is_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import noblock.discovery

    def explode(*args: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(noblock.discovery, "discover", explode)
    status, out, err = run(["check", "."], capsys)
    assert (status, out) == (2, "")
    assert err.startswith(
        "noblock: internal error (please report this bug): RuntimeError('boom') (at noblock/cli.py:"
    )
    assert len(err.splitlines()) == 1


def test_interrupt_is_one_line_and_exit_130(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import noblock.discovery

    def interrupted(*args: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(noblock.discovery, "discover", interrupted)
    status, _, err = run(["check", "."], capsys)
    assert status == 130
    assert err.strip() == "noblock: interrupted"


def _blocked_reading_stdin(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/wchan").read_text() in ("pipe_read", "pipe_wait")
    except OSError:
        return False


def test_ctrl_c_in_a_real_process(project: Path) -> None:
    import signal

    process = subprocess.Popen(
        [sys.executable, "-m", "noblock", "check", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # A test run started in the background inherits an ignored SIGINT; noblock must get the default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 30
        # Interrupt once noblock waits for its input, so that Python's own handler is in place.
        while not _blocked_reading_stdin(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert (process.returncode, out, err.strip()) == (130, "", "noblock: interrupted")


def test_output_closed_early_ends_quietly(tmp_path: Path) -> None:
    for number in range(20):
        (tmp_path / f"m{number}.py").write_text(HEAD + "    time.sleep(1)\n" * 200)
    process = subprocess.Popen(
        [sys.executable, "-m", "noblock", "check", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `noblock check . | head -1` does
    err = process.stderr.read()
    process.wait(timeout=60)
    assert first.startswith(b"m0.py:5:5: NB101")
    assert (process.returncode, err) == (1, b"")


class _FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_output_that_cannot_be_written_is_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    status = main(["check", "ok.py"])
    assert (status, capsys.readouterr().err) == (2, f"noblock: error: {os.strerror(errno.ENOSPC)}\n")


def test_full_disk_and_closed_standard_output_in_a_real_process(project: Path) -> None:
    command = [sys.executable, "-m", "noblock", "check", "ok.py"]
    with open("/dev/full", "w") as full:
        completed = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert (completed.returncode, completed.stderr) == (2, f"noblock: error: {os.strerror(errno.ENOSPC)}\n")
    closed = subprocess.run(
        command, stderr=subprocess.PIPE, text=True, check=False, preexec_fn=lambda: os.close(1)
    )
    assert (closed.returncode, closed.stderr) == (1, "")


def test_stress_script_passes_on_the_test_fixtures() -> None:
    # The full run needs a corpus of real packages (see README, "Robustness"); the fixtures keep the
    # script itself working.
    tests = Path(__file__).parent
    completed = subprocess.run(
        [sys.executable, str(tests.parent / "bench" / "stress.py"), "--corpus", str(tests / "fixtures")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.splitlines()[-1] == "crashes: 0, unexpected lines: 0"
    assert "seeded: check --fix --unsafe-fixes" in completed.stdout


_LIBCST_REFUSES = "        try:\n            pass\n        \\\n        finally:\n            pass\n"


@pytest.mark.parametrize(
    ("code", "status", "outcome", "rewritten"),
    [
        # The call is in the loop's header: the loop is the statement to rebuild, and libcst refuses it.
        ("    for _ in [time.sleep(0)]:\n", 1, "(0 fixed, 1 remaining)", []),
        # The call's statement has its line to itself: what libcst refuses elsewhere does not matter.
        (
            "    time.sleep(0)\n    if True:\n",
            0,
            "(1 fixed, 0 remaining)",
            [("import time\n", "import time\nimport asyncio\n"), ("time.sleep(0)", "await asyncio.sleep(0)")],
        ),
    ],
    ids=["in-its-statement", "elsewhere"],
)
def test_code_libcst_cannot_parse_leaves_only_its_own_calls_unfixed(
    code: str,
    status: int,
    outcome: str,
    rewritten: list[tuple[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # CPython accepts a line holding only a backslash before `finally:` (from 3.10); libcst does not.
    source = HEAD + code + _LIBCST_REFUSES
    (tmp_path / "odd.py").write_text(source)
    monkeypatch.chdir(tmp_path)
    if sys.version_info < (3, 10):  # no code is known that 3.9 reads and libcst refuses
        assert main(["check", "odd.py", "--fix", "--no-cache"]) == 2
        assert capsys.readouterr().err.startswith("odd.py: error: syntax error at ")
        assert (tmp_path / "odd.py").read_text() == source
        return
    assert main(["check", "odd.py", "--fix", "--no-cache"]) == status
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.endswith(f"Found 1 blocking call {outcome}.\n")
    expected = source
    for old, new in rewritten:
        expected = expected.replace(old, new)
    assert (tmp_path / "odd.py").read_text() == expected
