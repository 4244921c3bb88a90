"""Writes fixed files atomically, keeping their encoding, BOM, line endings, permissions and owner."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile

# Write bits for anyone: a file with none is read-only, even for root (who may write it regardless).
_ANY_WRITE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class WriteError(Exception):
    """The file was not written; the message says why. The original is untouched."""


def write_atomic(path: str, original: bytes, text: str, encoding: str) -> None:
    """Replace `path` with `text`, unless the file changed since `original` was read.

    A symbolic link stays a link: the file it points to is replaced.
    """
    target = os.path.realpath(path)
    try:
        status = os.stat(target)
    except FileNotFoundError:
        raise WriteError("file was removed while noblock was running; not written") from None
    except OSError as error:
        raise WriteError(f"cannot write: {error.strerror or error}") from None
    if not stat.S_IMODE(status.st_mode) & _ANY_WRITE or not os.access(target, os.W_OK):
        raise WriteError("file is read-only; not fixed")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as error:
        raise WriteError(f"the fix cannot be encoded as {encoding}: {error.reason}") from None
    try:
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".noblock-", suffix=".tmp")
    except OSError as error:
        raise WriteError(f"cannot write next to the file: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _copy_owner(temporary, status)
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        with open(target, "rb") as current:
            if current.read() != original:
                raise WriteError("file changed on disk while noblock was running; not overwritten")
        os.replace(temporary, target)
    except FileNotFoundError:
        raise WriteError("file was removed while noblock was running; not written") from None
    except OSError as error:
        raise WriteError(f"cannot write: {error.strerror or error}") from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _copy_owner(temporary: str, original: os.stat_result) -> None:
    """Root fixing someone else's file must not hand it to root; others can only keep their own."""
    if not hasattr(os, "chown"):
        return
    created = os.stat(temporary)
    if (created.st_uid, created.st_gid) != (original.st_uid, original.st_gid):
        with contextlib.suppress(PermissionError):
            os.chown(temporary, original.st_uid, original.st_gid)
