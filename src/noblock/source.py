"""Reads a file's bytes and decodes them the way Python does (BOM, PEP 263 coding cookie)."""

from __future__ import annotations

import ast
import codecs
import errno
import os
import re
import stat
import warnings
from dataclasses import dataclass


class SourceError(Exception):
    """A file that cannot be read or decoded; the message says why."""


@dataclass(frozen=True)
class Source:
    """A decoded file, with what is needed to write it back byte for byte."""

    text: str
    encoding: str


# PEP 263, matched on bytes as CPython's tokenizer does: a first line that is not UTF-8 (a latin-1
# comment holding the cookie) must not stop the cookie from being found.
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:[#\r\n]|$)")
_LINE_END = re.compile(rb"\r\n|\r|\n")
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_NOT_REGULAR = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "not a regular file (a named pipe)"),
    (stat.S_ISCHR, "not a regular file (a device)"),
    (stat.S_ISBLK, "not a regular file (a device)"),
    (stat.S_ISSOCK, "not a regular file (a socket)"),
)
# O_NONBLOCK: opening a named pipe must not wait for a writer (a FIFO called `x.py` would hang the
# run); it changes nothing for regular files. O_BINARY: no newline translation on Windows.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def decode(data: bytes) -> Source:
    """Decode Python source bytes, honouring a BOM and a coding cookie."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            raise SourceError(
                f"{name} encoded (Python source must be UTF-8 or declare an ASCII-based encoding)"
            )
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if has_bom else data
    if b"\x00" in body:
        row, column = _position(body, body.index(b"\x00"), "utf-8")
        raise SourceError(f"binary file (NUL byte at {row}:{column})")
    declared = _declared_encoding(body)
    if has_bom and declared is not None and declared.codec != "utf-8":
        raise SourceError(
            f"the file starts with a UTF-8 BOM but its coding declaration names {declared.name}"
        )
    codec = "utf-8" if declared is None else declared.codec
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as error:
        row, column = _position(body, error.start, codec)
        where = f"byte 0x{body[error.start]:02x} at {row}:{column}"
        if declared is None:
            qualifier = "" if has_bom else " and no coding declaration"
            raise SourceError(f"not valid UTF-8 ({where}){qualifier}") from None
        raise SourceError(
            f"not valid {declared.name}, the encoding its coding declaration names ({where})"
        ) from None
    # Written back with "utf-8-sig", the BOM comes back too.
    return Source(text, "utf-8-sig" if has_bom else codec)


@dataclass(frozen=True)
class _Declaration:
    name: str  # as written in the file
    codec: str  # Python's name for it


def _declared_encoding(data: bytes) -> _Declaration | None:
    """The encoding a cookie names on line 1, or on line 2 after a comment or blank line (no BOM)."""
    first, second = _first_two_lines(data)
    match = _COOKIE.match(first)
    if match is None and _BLANK_OR_COMMENT.match(first):
        match = _COOKIE.match(second)
    if match is None:
        return None
    name = match.group(1).decode("ascii")
    try:
        codec = codecs.lookup(_normal_name(name))
    except LookupError:
        raise SourceError(f"unknown encoding {name!r} in the coding declaration") from None
    try:
        # CPython reads the declaration as ASCII before it switches codecs: UTF-16 cannot hold it.
        ascii_based = "\n#".encode(codec.name, "replace") == b"\n#"
    except LookupError:  # a bytes-to-bytes codec such as rot13 or zlib
        raise SourceError(f"the coding declaration names {name}, which is not a text encoding") from None
    if not ascii_based:
        raise SourceError(f"the coding declaration names {name}, which is not ASCII-based")
    return _Declaration(name, codec.name)


def _normal_name(name: str) -> str:
    """Spellings CPython's tokenizer maps to utf-8 and latin-1 itself (`utf-8-sig` means utf-8 here)."""
    spelled = name[:12].lower().replace("_", "-")
    if spelled == "utf-8" or spelled.startswith("utf-8-"):
        return "utf-8"
    latin = ("latin-1", "iso-8859-1", "iso-latin-1")
    if spelled in latin or spelled.startswith(tuple(f"{prefix}-" for prefix in latin)):
        return "iso-8859-1"
    return name


def _first_two_lines(data: bytes) -> tuple[bytes, bytes]:
    ends = _LINE_END.finditer(data)
    first = next(ends, None)
    if first is None:
        return data, b""
    second = next(ends, None)
    return data[: first.start()], data[first.end() : second.start() if second else len(data)]


def _position(data: bytes, offset: int, encoding: str) -> tuple[int, int]:
    """1-based row and column (in characters) of a byte offset, rows counted as `ast` counts them."""
    line_starts = [match.end() for match in _LINE_END.finditer(data, 0, offset)]
    start = line_starts[-1] if line_starts else 0
    return len(line_starts) + 1, len(data[start:offset].decode(encoding, "replace")) + 1


def read_bytes(path: str) -> bytes:
    """The file's bytes, or a SourceError naming the reason. Only regular files are read."""
    try:
        # Decided before opening: opening a device can have effects of its own (a watchdog, a tape).
        _refuse_irregular(os.stat(path).st_mode)
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise SourceError(_open_failure(path, error)) from None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            _refuse_irregular(os.fstat(descriptor).st_mode)  # replaced since the first look
            return handle.read()
        except OSError as error:
            raise SourceError(f"cannot read: {error.strerror or error}") from None


def _refuse_irregular(mode: int) -> None:
    for is_kind, reason in _NOT_REGULAR:
        if is_kind(mode):
            raise SourceError(reason)


def _open_failure(path: str, error: OSError) -> str:
    if error.errno == errno.ENOENT and os.path.islink(path):
        try:
            return f"broken symbolic link (to {os.readlink(path)!r})"
        except OSError:
            return "broken symbolic link"
    reasons = {
        errno.ENOENT: "no such file",
        errno.ELOOP: "symbolic link loop",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EISDIR: "is a directory",
        errno.ENOTDIR: "no such file (a folder on its path is a file)",
    }
    return reasons.get(error.errno or 0, f"cannot open: {error.strerror or error}")


def parse_quietly(
    text: str, filename: str = "<unknown>", mode: str = "exec", *, type_comments: bool = False
) -> ast.AST:
    """`ast.parse` without the warnings CPython emits about the checked code (invalid escapes, ...):
    they are not noblock's to print."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text, filename=filename, mode=mode, type_comments=type_comments)


def parse_module(text: str, filename: str) -> ast.Module:
    """A module's tree with the type comments of its assignments and loops (`self.conn = None  #
    type: sqlite3.Connection`). A `# type:` comment where the grammar takes none (after `if x:`)
    is a syntax error to that parse only: the module is then parsed as plain code, which costs a
    second parse for such files alone. Raises SyntaxError on bad source."""
    try:
        tree = parse_quietly(text, filename, type_comments=True)
    except SyntaxError:
        tree = parse_quietly(text, filename)
    assert isinstance(tree, ast.Module)
    # `# type: ignore` comments are nodes of the module then; nothing reads them, and a walk of the
    # module's children must not take them for code on their lines.
    tree.type_ignores = []
    return tree


# Lines as `ast` counts them: only \r\n, \r and \n end a line (`str.splitlines` knows more).
_TEXT_LINE_END = re.compile(r"\r\n|\r|\n")
_TEXT_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def text_lines(text: str) -> list[str]:
    """The lines of `text` as `ast` counts rows, without their ends (`lines[row - 1]`)."""
    # `str.split` is several times faster than a regular expression; without "\r" they agree.
    return _TEXT_LINE_END.split(text) if "\r" in text else text.split("\n")


def between_bytes(line: str, start: int = 0, end: int | None = None) -> str:
    """The part of a line between two UTF-8 byte offsets (`ast` counts columns in bytes; None: the
    line's end)."""
    return line.encode("utf-8", "surrogateescape")[start:end].decode("utf-8", "replace")


def text_lines_with_ends(text: str) -> list[str]:
    """The lines of `text` as `ast` counts rows, each with its end: they join back into `text`."""
    return _TEXT_LINE.findall(text)


def match_rows(pattern: re.Pattern[str], text: str) -> list[int]:
    """The row of each match of `pattern` in `text`, in order, for a text whose lines all end in
    `\n` (the caller checks there is no `\r`: rows then agree with `ast`'s)."""
    rows = []
    row, counted_to = 1, 0
    for match in pattern.finditer(text):
        row += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        rows.append(row)
    return rows
