"""The operating system's processes and file locks: waiting for another process to end, to release a
lock (filelock, `fcntl`), or for a sampling interval to pass."""

from __future__ import annotations

from noblock.catalog import CallRule, Library, Offload, Returns, calls, constructors

AREA = "Processes and file locks"

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

# `flock()` and `lockf()` wait while another process holds a conflicting lock, unless asked not to
# (`LOCK_NB`: they raise `BlockingIOError` instead); releasing (`LOCK_UN`) never waits. The lock
# belongs to the open file, not to the thread, so taking it in a worker thread is a fix.
_TRYING_OR_RELEASING = "fcntl.LOCK_NB fcntl.LOCK_UN"
_FCNTL = Library(
    "fcntl",
    AREA,
    "Python 3.9 - 3.14 (Unix)",
    "`asyncio.to_thread(fcntl.flock, fd, fcntl.LOCK_EX)`, or `LOCK_NB` retried after `asyncio.sleep()`",
    calls=(
        CallRule(
            "fcntl.flock",
            "NB109",
            "`await asyncio.to_thread(fcntl.flock, ...)`",
            unless_flag=("operation", 1, _TRYING_OR_RELEASING),
        ),
        CallRule(
            "fcntl.lockf",
            "NB109",
            "`await asyncio.to_thread(fcntl.lockf, ...)`",
            unless_flag=("cmd", 1, _TRYING_OR_RELEASING),
        ),
    ),
)

# psutil samples CPU use over `interval` seconds by sleeping between two readings; without one (the
# default, `None`, or 0) it compares with the previous call and returns at once.
_PSUTIL_SAMPLE = (
    "`psutil.cpu_percent()` without an interval, called before and after `await asyncio.sleep(interval)`"
)
_PROCESS_WAIT = "`await asyncio.to_thread(process.wait)`, or poll with `timeout=0`"
_PSUTIL = Library(
    "psutil",
    AREA,
    "psutil 5.9 - 7.2",
    "`asyncio.to_thread()`; CPU use sampled without an interval around `await asyncio.sleep()`",
    calls=(
        CallRule("psutil.cpu_percent", "NB101", _PSUTIL_SAMPLE, only_with=("interval", 0)),
        CallRule("psutil.cpu_times_percent", "NB101", _PSUTIL_SAMPLE, only_with=("interval", 0)),
        CallRule("psutil.Process.cpu_percent", "NB101", _PSUTIL_SAMPLE, only_with=("interval", 0)),
        CallRule("psutil.Process.wait", "NB103", _PROCESS_WAIT, unless=(("timeout", 0),)),
        CallRule("psutil.wait_procs", "NB103", _PROCESS_WAIT, unless=(("timeout", 1),)),
        # `psutil.Popen` starts the process as `subprocess.Popen` does, and has its methods.
        CallRule("psutil.Popen", "NB103"),
        CallRule("psutil.Popen.wait", "NB103", _PROCESS_WAIT, unless=(("timeout", 0),)),
        CallRule("psutil.Popen.communicate", "NB103"),
    ),
    returns=(
        *constructors("psutil.Process psutil.Popen"),
        Returns("psutil.Process.parent", "psutil.Process"),
        Returns("psutil.Popen.parent", "psutil.Process"),
    ),
)

# pexpect drives a program through a pseudo-terminal: `spawn()` forks it, and reading its output
# (`expect()`, `read()`, `readline()`) waits for it, up to `timeout` (30 s by default); `terminate()`
# and `close()` sleep while the child exits. `expect(..., async_=True)` gives a coroutine instead.
_PEXPECT_SPAWNS = ("pexpect.spawn", "pexpect.pty_spawn.spawn", "pexpect.popen_spawn.PopenSpawn")
_PEXPECT = Library(
    "pexpect",
    AREA,
    "pexpect 4.8 - 4.9",
    "`await child.expect(..., async_=True)`, or `asyncio.to_thread()` around the other calls",
    calls=(
        *calls("NB103", "pexpect", "spawn spawnu run runu"),
        *calls("NB103", "pexpect.popen_spawn", "PopenSpawn"),
        *[
            rule
            for spawn in _PEXPECT_SPAWNS
            for rule in calls(
                "NB103",
                spawn,
                "expect expect_exact expect_list read readline readlines read_nonblocking wait "
                "interact terminate close waitnoecho",
            )
        ],
    ),
    returns=(
        *constructors(" ".join(_PEXPECT_SPAWNS)),
        Returns("pexpect.spawnu", "pexpect.spawn"),
    ),
)

LIBRARIES: tuple[Library, ...] = (_FILELOCK, _FCNTL, _PSUTIL, _PEXPECT)
