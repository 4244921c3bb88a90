"""The standard library: sleeping, processes, files, metadata, input, sockets, threads, event loops."""

from __future__ import annotations

from noblock.catalog import CallRule, Offload, Returns, calls, constructors

_TO_THREAD = "`asyncio.to_thread()`"
_ANYIO_FILE = "`anyio.Path` / `aiofiles`, or `asyncio.to_thread()`"
_SUBPROCESS = "`asyncio.create_subprocess_exec()`"
_PATH_CLASSES = ("pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath")

_PATH_IO = (
    "open read_text read_bytes write_text write_bytes touch mkdir rmdir unlink rename replace "
    "chmod lchmod symlink_to hardlink_to readlink copy copy_into move move_into"
)
_PATH_ITERATORS = "iterdir glob rglob walk"
_PATH_METADATA = (
    "exists is_file is_dir is_symlink is_mount is_socket is_fifo is_block_device "
    "is_char_device is_junction stat lstat owner group samefile resolve"
)
_TERMINAL = (
    "it waits for the terminal; a worker thread blocked on input cannot be cancelled, so read input "
    "before the event loop starts or in a thread you manage"
)
_THREAD_LOCK = (
    "a thread lock acquired in a worker thread belongs to that thread and cannot be released (or "
    "waited on) from the event loop; use an asyncio lock"
)
_ACQUIRE_AT_ONCE = (("blocking", 0), ("timeout", 1))
_WAIT_AT_ONCE = (("timeout", 0),)
_NESTED_LOOP = "`await` the coroutine instead of starting another event loop"
# Methods (and `/`) that give back another path.
_PATH_RETURNING = (
    "cwd home absolute resolve expanduser with_name with_suffix with_stem joinpath relative_to "
    "readlink __truediv__"
)

CALLS: list[CallRule] = [
    CallRule("time.sleep", "NB101", "`await asyncio.sleep()`", twin="asyncio.sleep", twin_safe=True),
    # Processes.
    *calls(
        "NB103",
        "subprocess",
        "run call check_call check_output getoutput getstatusoutput Popen",
        _SUBPROCESS,
    ),
    *calls("NB103", "subprocess.Popen", "wait communicate", "`asyncio.subprocess.Process`"),
    *calls("NB103", "os", "system popen", _SUBPROCESS),
    CallRule("os.spawn*", "NB103", _SUBPROCESS),
    CallRule("os.posix_spawn*", "NB103", _SUBPROCESS),
    *calls("NB103", "os", "wait wait3 wait4 waitid waitpid", "`asyncio.subprocess.Process.wait()`"),
    # File I/O.
    CallRule("builtins.open", "NB104", _ANYIO_FILE),
    *calls("NB104", "io", "open open_code", _ANYIO_FILE),
    *calls("NB104", "codecs", "open", _ANYIO_FILE),
    *calls("NB104", "os", "fdopen", _ANYIO_FILE),
    # Temporary files and directories are created on disk by the call itself.
    *calls(
        "NB104",
        "tempfile",
        "mkstemp mkdtemp TemporaryFile NamedTemporaryFile TemporaryDirectory",
        "`aiofiles.tempfile` / `anyio.NamedTemporaryFile`, or `asyncio.to_thread()`",
    ),
    *[rule for cls in _PATH_CLASSES for rule in calls("NB104", cls, _PATH_IO, _ANYIO_FILE)],
    *[
        rule
        for cls in _PATH_CLASSES
        for rule in calls("NB104", cls, _PATH_ITERATORS, _ANYIO_FILE, iterates=True)
    ],
    *calls(
        "NB104",
        "shutil",
        "copy copy2 copyfile copyfileobj copymode copystat copytree move rmtree make_archive "
        "unpack_archive chown",
        _TO_THREAD,
    ),
    *calls(
        "NB104",
        "os",
        "open remove unlink rename renames replace mkdir makedirs rmdir removedirs listdir chmod chown "
        "lchown link symlink readlink truncate utime mkfifo",
        _ANYIO_FILE,
    ),
    *calls("NB104", "os", "scandir walk fwalk", _ANYIO_FILE, iterates=True),
    # File-system metadata.
    *calls(
        "NB105",
        "os.path",
        "exists lexists isfile isdir islink ismount isjunction getsize getmtime getatime getctime "
        "samefile realpath",
        "`anyio.Path` / `aiofiles.os.path`, or `asyncio.to_thread()`",
    ),
    *calls("NB105", "os", "stat lstat access statvfs", "`aiofiles.os`, or `asyncio.to_thread()`"),
    *calls("NB105", "shutil", "disk_usage which", _TO_THREAD),
    *[
        rule
        for cls in _PATH_CLASSES
        for rule in calls("NB105", cls, _PATH_METADATA, "`anyio.Path`, or `asyncio.to_thread()`")
    ],
    # Terminal input.
    CallRule(
        "builtins.input",
        "NB106",
        "`await asyncio.to_thread(input, ...)`",
        offload=Offload.NEVER,
        note=_TERMINAL,
    ),
    CallRule(
        "getpass.getpass",
        "NB106",
        "`await asyncio.to_thread(getpass.getpass, ...)`",
        offload=Offload.NEVER,
        note=_TERMINAL,
    ),
    *calls(
        "NB106",
        "sys.stdin",
        "read readline readlines",
        "`await asyncio.to_thread(sys.stdin.readline)`",
        offload=Offload.NEVER,
        note=_TERMINAL,
    ),
    # Sockets and TLS.
    *calls(
        "NB107",
        "socket",
        "create_connection getaddrinfo gethostbyname gethostbyname_ex gethostbyaddr getnameinfo getfqdn",
        "`asyncio.open_connection()` / `loop.getaddrinfo()`",
    ),
    *calls(
        "NB107",
        "socket.socket",
        "connect connect_ex accept recv recv_into recvfrom recvfrom_into recvmsg send sendall "
        "sendto sendmsg sendfile makefile",
        "`asyncio.open_connection()` / `loop.sock_*()`",
    ),
    *calls(
        "NB107",
        "ssl.SSLSocket",
        "connect connect_ex accept recv recv_into send sendall read write do_handshake unwrap",
        "`asyncio.open_connection(ssl=...)`",
    ),
    # Wrapping a connected socket performs the TLS handshake; fetching a certificate connects.
    *calls("NB107", "ssl", "wrap_socket get_server_certificate", "`asyncio.open_connection(ssl=...)`"),
    *calls("NB107", "ssl.SSLContext", "wrap_socket", "`asyncio.open_connection(ssl=...)`"),
    # Mail and FTP: the constructors connect, so they block too.
    # Named one by one: `smtplib.SMTP*` would also match the exceptions (`SMTPRecipientsRefused`).
    *calls("NB107", "smtplib", "SMTP SMTP_SSL LMTP", "`aiosmtplib`"),
    CallRule("smtplib.*.set_debuglevel", None),
    CallRule("smtplib.*.*", "NB107", "`aiosmtplib`"),
    CallRule("ftplib.FTP*", "NB107", "`aioftp`"),
    CallRule("ftplib.*.set_debuglevel", None),
    CallRule("ftplib.*.set_pasv", None),
    CallRule("ftplib.*.*", "NB107", "`aioftp`"),
    # Thread synchronisation. `unless`: arguments that make the call return at once when false/zero.
    *[
        rule
        for cls, replacement in (
            ("threading.Lock", "`asyncio.Lock`"),
            ("threading.RLock", "`asyncio.Lock`"),
            ("threading.Semaphore", "`asyncio.Semaphore`"),
            ("threading.BoundedSemaphore", "`asyncio.BoundedSemaphore`"),
            ("threading.Condition", "`asyncio.Condition`"),
        )
        for rule in calls(
            "NB109",
            cls,
            "acquire",
            replacement,
            offload=Offload.NEVER,
            note=_THREAD_LOCK,
            unless=_ACQUIRE_AT_ONCE,
        )
    ],
    *calls(
        "NB109",
        "threading.Condition",
        "wait",
        "`asyncio.Condition`",
        offload=Offload.NEVER,
        note=_THREAD_LOCK,
        unless=_WAIT_AT_ONCE,
    ),
    *calls(
        "NB109",
        "threading.Condition",
        "wait_for",
        "`asyncio.Condition`",
        offload=Offload.NEVER,
        note=_THREAD_LOCK,
        unless=(("timeout", 1),),
    ),
    *calls("NB109", "threading.Event", "wait", "`asyncio.Event`", unless=_WAIT_AT_ONCE),
    *calls("NB109", "threading.Barrier", "wait", "`asyncio.Barrier`", unless=_WAIT_AT_ONCE),
    *calls(
        "NB109", "threading.Thread", "join", "`await asyncio.to_thread(thread.join)`", unless=_WAIT_AT_ONCE
    ),
    *[
        rule
        for cls, replacement in (
            ("queue.Queue", "`asyncio.Queue`"),
            ("queue.LifoQueue", "`asyncio.LifoQueue`"),
            ("queue.PriorityQueue", "`asyncio.PriorityQueue`"),
            ("queue.SimpleQueue", "`asyncio.Queue`"),
        )
        for rule in (
            *calls("NB109", cls, "get", replacement, unless=(("block", 0), ("timeout", 1))),
            *calls("NB109", cls, "put", replacement, unless=(("block", 1), ("timeout", 2))),
            *(calls("NB109", cls, "join", replacement) if cls != "queue.SimpleQueue" else []),
        )
    ],
    *calls(
        "NB109",
        "concurrent.futures.Future",
        "result exception",
        "`await asyncio.wrap_future(future)`",
        unless=_WAIT_AT_ONCE,
    ),
    *calls(
        "NB109", "concurrent.futures", "wait", "`asyncio.wait()` on wrapped futures", unless=(("timeout", 1),)
    ),
    *calls(
        "NB109",
        "concurrent.futures",
        "as_completed",
        "`asyncio.as_completed()` on wrapped futures",
        iterates=True,
    ),
    *calls(
        "NB109", "concurrent.futures.Executor", "shutdown", "`loop.run_in_executor()`", unless=(("wait", 0),)
    ),
    *calls("NB109", "concurrent.futures.Executor", "map", "`loop.run_in_executor()`", iterates=True),
    # Event loops inside a running loop.
    *[
        CallRule(pattern, "NB110", "`await` the coroutine", offload=Offload.NEVER, note=_NESTED_LOOP)
        for pattern in ("asyncio.run", "asyncio.Runner.run", "*.run_until_complete")
    ],
]

RETURNS: list[Returns] = [
    *constructors(" ".join(_PATH_CLASSES)),
    *[Returns(f"{cls}.{name}", "pathlib.Path") for cls in _PATH_CLASSES for name in _PATH_RETURNING.split()],
    *[
        Returns(f"{cls}.{name}", "pathlib.Path", attribute=True)
        for cls in _PATH_CLASSES
        for name in ("parent",)
    ],
    Returns("subprocess.Popen"),
    *constructors("smtplib.SMTP smtplib.SMTP_SSL smtplib.LMTP ftplib.FTP ftplib.FTP_TLS"),
    Returns("socket.socket"),
    Returns("socket.create_connection", "socket.socket"),
    Returns("ssl.create_default_context", "ssl.SSLContext"),
    Returns("ssl.SSLContext"),
    Returns("ssl.SSLContext.wrap_socket", "ssl.SSLSocket"),
    Returns("ssl.wrap_socket", "ssl.SSLSocket"),
    *constructors(
        "threading.Lock threading.RLock threading.Semaphore threading.BoundedSemaphore "
        "threading.Condition threading.Event threading.Barrier threading.Thread threading.Timer "
        "queue.Queue queue.LifoQueue queue.PriorityQueue queue.SimpleQueue"
    ),
    Returns("threading.Timer", "threading.Thread"),
    Returns("concurrent.futures.ThreadPoolExecutor", "concurrent.futures.Executor"),
    Returns("concurrent.futures.ProcessPoolExecutor", "concurrent.futures.Executor"),
    Returns("concurrent.futures.Executor.submit", "concurrent.futures.Future"),
    Returns("concurrent.futures.Future"),
    Returns("asyncio.Runner"),
]
