"""The operating system's processes, threads and file locks: waiting for another process to end (or
running one: GitPython's `git`), for a thread to stop (watchdog's observers), to release a lock
(filelock, `fcntl`), or for a sampling interval to pass."""

from __future__ import annotations

from typing import Any

from noblock.catalog import CallRule, Library, Offload, Returns, calls, constructors

AREA = "Processes, threads and file locks"

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

# --- GitPython ----------------------------------------------------------------------------------

# GitPython runs the `git` program for nearly everything: any command on `repo.git` (`Git.__getattr__`
# turns every name into one: `repo.git.status()`), and every read of an object (a revision parsed, a
# commit's message, a tree's entries), which goes through a `git cat-file` process it starts on first
# use and keeps. Building a `Repo` looks for `.git` and reads its config file; a remote's or a
# branch's settings are read from that file, and writing them takes its lock file.
_GIT = "`asyncio.to_thread()` (GitPython has no async API)"
_GIT_LAZY = "`await asyncio.to_thread(lambda: list(...))` around the call: it reads as it is iterated"
_GIT_REPO = "git.Repo"
_GIT_COMMAND = "git.cmd.Git"
_GIT_INDEX = "git.index.base.IndexFile"
_GIT_REMOTE = "git.remote.Remote"
_GIT_COMMIT = "git.objects.commit.Commit"
_GIT_TREE = "git.objects.tree.Tree"
_GIT_BRANCH = "git.refs.head.Head"
_GIT_HEAD = "git.refs.head.HEAD"
_GIT_CONFIG = "git.config.GitConfigParser"
# The other names the package exports each class by: its class methods are called on any of them
# (`Repo.clone_from`), and what they build is an instance of the class as the rows name it.
_GIT_ALIASES = {
    _GIT_REPO: ("git.repo.Repo", "git.repo.base.Repo"),
    _GIT_COMMAND: ("git.Git",),
    _GIT_INDEX: ("git.IndexFile", "git.index.IndexFile"),
    _GIT_REMOTE: ("git.Remote",),
    _GIT_COMMIT: ("git.Commit", "git.objects.Commit"),
    _GIT_TREE: ("git.Tree", "git.objects.Tree"),
    _GIT_BRANCH: ("git.Head", "git.refs.Head"),
    _GIT_HEAD: ("git.HEAD", "git.refs.HEAD"),
    _GIT_CONFIG: ("git.GitConfigParser",),
}


def _git_names(cls: str) -> tuple[str, ...]:
    """The class as the rows name it, then its other names."""
    return (cls, *_GIT_ALIASES[cls])


def _git_class_methods(
    code: str, cls: str, names: str, replacement: str = _GIT, **fix: Any
) -> list[CallRule]:
    """Class methods (space-separated `names`), under each name of the class."""
    return [rule for name in _git_names(cls) for rule in calls(code, name, names, replacement, **fix)]


# `close()` ends the `cat-file` processes and waits for them to exit.
_GIT_REPO_COMMANDS = (
    "is_dirty commit tree rev_parse is_valid_object merge_base is_ancestor ignored blame archive "
    "create_head delete_head create_tag delete_tag create_remote delete_remote create_submodule submodule "
    "submodule_update clone close"
)
# Options and environment kept for the next command, and checks of its arguments: no `git` runs.
_GIT_COMMAND_LOCAL = (
    "update_environment environment custom_environment transform_kwarg transform_kwargs "
    "set_persistent_git_options polish_url is_cygwin check_unsafe_protocols check_unsafe_options"
)
# A parser reads its files on the first use of any of these, and writes its file after each change.
_GIT_CONFIG_IO = (
    "read write release get_value get_values set_value add_value rename_section get getint getfloat "
    "getboolean items items_all sections options has_section has_option add_section remove_section "
    "remove_option set"
)
_GITPYTHON = Library(
    "GitPython",
    AREA,
    "GitPython 3.x (3.2)",
    "`asyncio.to_thread()` around the call (GitPython has no async API), or "
    '`asyncio.create_subprocess_exec("git", ...)`',
    calls=(
        *(CallRule(name, "NB104", _GIT) for name in _git_names(_GIT_REPO)),
        *_git_class_methods("NB103", _GIT_REPO, "init clone_from"),
        # A tag reference and a config parser (which reads its files when it is used) are built here.
        *calls(None, _GIT_REPO, "tag config_reader"),
        *calls("NB103", _GIT_REPO, _GIT_REPO_COMMANDS, _GIT),
        *calls(
            "NB103",
            _GIT_REPO,
            "iter_commits iter_trees blame_incremental iter_submodules",
            _GIT_LAZY,
            iterates=True,
        ),
        # A remote is looked up in the config file; `currently_rebasing_on` reads `REBASE_HEAD` (and,
        # during a rebase, the commit it names); `has_separate_working_tree` looks for a `.git` file.
        *calls("NB104", _GIT_REPO, "remote config_writer currently_rebasing_on", _GIT),
        *calls("NB105", _GIT_REPO, "has_separate_working_tree", _GIT),
        CallRule("git.refresh", "NB103", _GIT),
        *(
            CallRule(f"{name}.{method}", None)
            for name in _git_names(_GIT_COMMAND)
            for method in _GIT_COMMAND_LOCAL.split()
        ),
        *(CallRule(f"{name}.*", "NB103", _GIT) for name in _git_names(_GIT_COMMAND)),
        # The index file is read on the first use of its entries and written by `write()`; the other
        # changes run git (`add` hashes each file with `git hash-object`, `commit` runs the hooks too).
        *calls(None, _GIT_INDEX, "update entry_key"),
        *calls("NB103", _GIT_INDEX, "add remove move commit checkout reset diff write_tree merge_tree", _GIT),
        *calls("NB104", _GIT_INDEX, "write unmerged_blobs resolve_blobs", _GIT),
        *calls("NB104", _GIT_INDEX, "iter_blobs", _GIT_LAZY, iterates=True),
        *_git_class_methods("NB103", _GIT_INDEX, "from_tree new"),
        *calls("NB103", _GIT_REMOTE, "fetch pull push set_url add_url delete_url rename update", _GIT),
        *calls("NB104", _GIT_REMOTE, "exists", _GIT),
        *_git_class_methods("NB103", _GIT_REMOTE, "create add remove rm"),
        *calls("NB103", _GIT_COMMIT, "diff count replace stream_data list_traverse", _GIT),
        *calls("NB103", _GIT_COMMIT, "iter_parents traverse", _GIT_LAZY, iterates=True),
        *_git_class_methods("NB103", _GIT_COMMIT, "create_from_tree"),
        *_git_class_methods("NB103", _GIT_COMMIT, "iter_items", _GIT_LAZY, iterates=True),
        *calls("NB103", _GIT_TREE, "diff join list_traverse", _GIT),
        *calls("NB103", _GIT_TREE, "traverse", _GIT_LAZY, iterates=True),
        *calls(None, _GIT_BRANCH, "config_reader"),
        *calls("NB103", _GIT_BRANCH, "checkout rename", _GIT),
        *calls("NB104", _GIT_BRANCH, "set_tracking_branch tracking_branch config_writer", _GIT),
        *_git_class_methods("NB103", _GIT_BRANCH, "delete"),
        *calls(None, _GIT_HEAD, "orig_head"),
        *calls("NB103", _GIT_HEAD, "reset", _GIT),
        *calls("NB104", _GIT_CONFIG, _GIT_CONFIG_IO, _GIT),
    ),
    returns=(
        *(Returns(alias, cls) for cls, aliases in _GIT_ALIASES.items() for alias in aliases),
        *constructors(" ".join(_GIT_ALIASES)),
        *(
            Returns(f"{name}.{method}", _GIT_REPO)
            for name in _git_names(_GIT_REPO)
            for method in ("init", "clone_from")
        ),
        Returns(f"{_GIT_REPO}.clone", _GIT_REPO),
        Returns(f"{_GIT_REPO}.git", _GIT_COMMAND, attribute=True),
        Returns(f"{_GIT_REPO}.index", _GIT_INDEX, attribute=True),
        Returns(f"{_GIT_REPO}.head", _GIT_HEAD, attribute=True),
        Returns(f"{_GIT_REPO}.active_branch", _GIT_BRANCH, attribute=True),
        # `repo.remotes.origin`, `repo.heads.main`: these lists give their items as attributes too.
        Returns(f"{_GIT_REPO}.remotes.*", _GIT_REMOTE, attribute=True),
        *(Returns(f"{_GIT_REPO}.{heads}.*", _GIT_BRANCH, attribute=True) for heads in ("heads", "branches")),
        *(Returns(f"{_GIT_REPO}.{method}", _GIT_REMOTE) for method in ("remote", "create_remote")),
        *(
            Returns(f"{name}.{method}", _GIT_REMOTE)
            for name in _git_names(_GIT_REMOTE)
            for method in ("create", "add")
        ),
        Returns(f"{_GIT_REPO}.create_head", _GIT_BRANCH),
        Returns(f"{_GIT_HEAD}.reference", _GIT_BRANCH, attribute=True),
        *(Returns(f"{_GIT_REPO}.{method}", _GIT_COMMIT) for method in ("commit", "currently_rebasing_on")),
        Returns(f"{_GIT_INDEX}.commit", _GIT_COMMIT),
        *(Returns(f"{ref}.commit", _GIT_COMMIT, attribute=True) for ref in (_GIT_HEAD, _GIT_BRANCH)),
        *(
            Returns(f"{owner}.{method}", _GIT_COMMIT, items=True)
            for owner, method in ((_GIT_REPO, "iter_commits"), (_GIT_COMMIT, "iter_parents"))
        ),
        Returns(f"{_GIT_REPO}.tree", _GIT_TREE),
        Returns(f"{_GIT_COMMIT}.tree", _GIT_TREE, attribute=True),
        *(Returns(f"{_GIT_REPO}.{method}", _GIT_CONFIG) for method in ("config_reader", "config_writer")),
    ),
)

# --- watchdog -----------------------------------------------------------------------------------

# An observer is a thread (a `threading.Thread`) that hands file-system events to the handlers, and
# holds its lock while a handler runs. `start()` (and `with observer:`) sets up each watch in the
# calling thread before starting an emitter thread for it: inotify adds a watch for every directory
# of a recursive tree, the polling observer stats every file for its first snapshot; `schedule()`
# stats the path, and on a running observer sets its watch up the same way. `stop()` and the
# unscheduling calls take the lock, then stop and join the emitter threads (and, on Linux, the
# inotify reader's). The observer has a type of its own rather than `threading.Thread`'s, which
# would leave these out.
_OBSERVER = "watchdog.observers.api.BaseObserver"
_OBSERVERS = (
    "watchdog.observers.Observer watchdog.observers.inotify.InotifyObserver "
    "watchdog.observers.polling.PollingObserver watchdog.observers.polling.PollingObserverVFS "
    "watchdog.observers.fsevents.FSEventsObserver watchdog.observers.fsevents2.FSEventsObserver2 "
    "watchdog.observers.kqueue.KqueueObserver watchdog.observers.read_directory_changes.WindowsApiObserver"
)
_WATCHDOG = Library(
    "watchdog",
    AREA,
    "watchdog 7.x (7.1)",
    "`asyncio.to_thread()` around starting, scheduling and stopping an observer; `watchfiles.awatch()` "
    "is an async watcher",
    calls=(
        *calls("NB105", _OBSERVER, "start __enter__ schedule"),
        *calls(
            "NB109",
            _OBSERVER,
            "stop unschedule unschedule_all add_handler_for_watch remove_handler_for_watch",
        ),
        CallRule(
            f"{_OBSERVER}.join",
            "NB109",
            "`await asyncio.to_thread({receiver}.join)`",
            unless=(("timeout", 0),),
        ),
        # A snapshot stats every file under its path.
        CallRule("watchdog.utils.dirsnapshot.DirectorySnapshot", "NB105"),
    ),
    returns=(
        Returns(_OBSERVER),
        *(Returns(observer, _OBSERVER) for observer in _OBSERVERS.split()),
    ),
)

LIBRARIES: tuple[Library, ...] = (_FILELOCK, _FCNTL, _PSUTIL, _PEXPECT, _GITPYTHON, _WATCHDOG)
