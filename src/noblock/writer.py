"""Writes fixed files atomically, keeping their encoding, BOM, line endings and permissions."""

from __future__ import annotations

import os
import stat
import tempfile


class WriteError(Exception):
    """The file was not written; the message says why. The original is untouched."""


def write_atomic(path: str, original: bytes, text: str, encoding: str) -> None:
    """Replace `path` with `text`, unless the file changed since `original` was read."""
    if not os.access(path, os.W_OK):
        raise WriteError("file is read-only; not fixed")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as error:
        raise WriteError(f"the fix cannot be encoded as {encoding}: {error.reason}") from None
    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".noblock-", suffix=".tmp")
    except OSError as error:
        raise WriteError(f"cannot write next to the file: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        with open(path, "rb") as current:
            if current.read() != original:
                raise WriteError("file changed on disk while noblock was running; not overwritten")
        os.replace(temporary, path)
    except OSError as error:
        raise WriteError(f"cannot write: {error.strerror or error}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
