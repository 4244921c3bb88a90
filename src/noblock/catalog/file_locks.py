"""Locks between processes held on a file: taking one waits for every other process that holds it."""

from __future__ import annotations

from noblock.catalog import Library, Offload, calls, constructors

AREA = "File locks"

# filelock's locks belong to the thread that took them (`thread_local=True` by default): one taken
# in a worker thread cannot be released from the loop, so offloading `acquire` is no fix.
_FILE_LOCK = (
    "a file lock taken in a worker thread belongs to that thread: take and release it in one "
    "function run in a thread"
)
_ASYNC_FILE_LOCK = "`filelock.AsyncFileLock`"
_LOCKS = (
    "filelock.FileLock filelock.SoftFileLock filelock.UnixFileLock filelock.WindowsFileLock "
    "filelock.BaseFileLock"
)

# A lock built with `timeout=0` or `blocking=False` (`unless_built`), or asked so by `acquire`
# (`unless`), tries once and raises `filelock.Timeout` instead of waiting.
_BUILT_TO_TRY_ONCE = (("timeout", 1), ("blocking", 99))
_FILELOCK = Library(
    "filelock",
    AREA,
    "filelock 3.12 - 4.3",
    "`filelock.AsyncFileLock` (filelock 3.15 and later) with `async with` or `await lock.acquire()`",
    calls=(
        *[
            rule
            for cls in _LOCKS.split()
            for rule in (
                *calls(
                    "NB109",
                    cls,
                    "acquire",
                    _ASYNC_FILE_LOCK,
                    offload=Offload.NEVER,
                    note=_FILE_LOCK,
                    unless=(("timeout", 0), ("blocking", 99)),
                    unless_built=_BUILT_TO_TRY_ONCE,
                ),
                *calls(
                    "NB109",
                    cls,
                    "__enter__",
                    _ASYNC_FILE_LOCK,
                    offload=Offload.NEVER,
                    note=_FILE_LOCK,
                    unless_built=_BUILT_TO_TRY_ONCE,
                ),
            )
        ],
    ),
    returns=tuple(constructors(_LOCKS)),
)

LIBRARIES: tuple[Library, ...] = (_FILELOCK,)
