"""Reads a file's bytes and decodes them the way Python does (BOM, PEP 263 coding cookie)."""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass


class SourceError(Exception):
    """A file that cannot be read or decoded; the message says why."""


@dataclass(frozen=True)
class Source:
    """A decoded file, with what is needed to write it back byte for byte."""

    text: str
    encoding: str


def decode(data: bytes) -> Source:
    """Decode Python source bytes, honouring a BOM and a coding cookie."""
    if b"\x00" in data:
        raise SourceError("binary file (contains NUL bytes)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise SourceError(_explain_undetected(data) or str(error)) from None
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise SourceError(f"cannot decode as {encoding}: {error}") from None
    return Source(text[1:] if text.startswith("\ufeff") else text, encoding)


def read_bytes(path: str) -> bytes:
    """The file's bytes, or a SourceError naming the reason."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except PermissionError:
        raise SourceError("permission denied") from None
    except OSError as error:
        raise SourceError(error.strerror or str(error)) from None


def _explain_undetected(data: bytes) -> str | None:
    """Where a file without a coding declaration stops being UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return f"not valid UTF-8 (byte 0x{data[error.start]:02x} at {row}:{column}) and no coding declaration"
    return None
