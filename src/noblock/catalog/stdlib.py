"""The standard library: sleeping, processes, files, metadata, input, sockets, threads, event loops."""

from __future__ import annotations

from noblock.catalog import CallRule, Library, Offload, Returns, calls, constructors

AREA = "Standard library"
_PYTHON = "Python 3.9 - 3.14"
_TO_THREAD = "`asyncio.to_thread()`"
_ANYIO_FILE = "`anyio.Path` / `aiofiles`, or `asyncio.to_thread()`"
_SUBPROCESS = "`asyncio.create_subprocess_exec()`"
_PROCESS_WAIT = "`asyncio.subprocess.Process.wait()`"
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
_HELD_LOCK = (
    "an asyncio lock does not keep threads out: if threads share the lock, release it before awaiting"
)
_ACQUIRE_AT_ONCE = (("blocking", 0), ("timeout", 1))
_WAIT_AT_ONCE = (("timeout", 0),)
_NESTED_LOOP = "`await` the coroutine instead of starting another event loop"
# Methods (and `/`) that give back another path.
_PATH_RETURNING = (
    "cwd home absolute resolve expanduser with_name with_suffix with_stem joinpath relative_to "
    "readlink __truediv__"
)
# The file objects the openers give back (below) read and write the disk, or a pipe, at each call;
# the mode decides the class. `typing.IO`, `TextIO`, `BinaryIO` and `io.IOBase` are not among them:
# a parameter so annotated is as often an in-memory buffer (`io.BytesIO` is a class of its own).
_READ = "read readline readlines"
_WRITE = "write writelines flush truncate"
_BUFFERED_READ = f"{_READ} read1 readinto readinto1 peek"
_FILE_OBJECT_IO = (
    ("io.TextIOWrapper", f"{_READ} {_WRITE}"),
    ("io.BufferedReader", _BUFFERED_READ),
    ("io.BufferedWriter", _WRITE),
    ("io.BufferedRandom", f"{_BUFFERED_READ} {_WRITE}"),
    ("io.FileIO", f"{_READ} readall readinto {_WRITE}"),
    ("codecs.StreamReaderWriter", f"{_READ} write writelines"),
)
_FILE_OPENERS = (
    Returns("builtins.open", "io.TextIOWrapper", mode=("mode", 1, "r")),
    Returns("io.open", "io.TextIOWrapper", mode=("mode", 1, "r")),
    Returns("os.fdopen", "io.TextIOWrapper", mode=("mode", 1, "r")),
    *(Returns(f"{cls}.open", "io.TextIOWrapper", mode=("mode", 0, "r")) for cls in _PATH_CLASSES),
    Returns("tempfile.TemporaryFile", "io.BufferedRandom", mode=("mode", 0, "w+b")),
    Returns("tempfile.NamedTemporaryFile", "io.BufferedRandom", mode=("mode", 0, "w+b")),
    # What `NamedTemporaryFile()` gives, as annotations name it (`-> tempfile._TemporaryFileWrapper`).
    Returns("tempfile._TemporaryFileWrapper", "io.BufferedRandom"),
    Returns("io.open_code", "io.BufferedReader"),
    Returns("codecs.open", "codecs.StreamReaderWriter"),
)
_SOCKET_WAIT = "`loop.add_reader()` / `asyncio.open_connection()`"
_SHELF_METHODS = "get keys items values pop popitem setdefault update clear sync close"
_DBM_METHODS = "get keys setdefault sync close firstkey nextkey reorganize"

_TIME = Library(
    "time",
    AREA,
    _PYTHON,
    "`await asyncio.sleep()`",
    calls=(CallRule("time.sleep", "NB101", "`await asyncio.sleep()`", twin="asyncio.sleep", twin_safe=True),),
)

# `platform.architecture()` asks the `file` command about the interpreter, in a new process each
# call; the other `platform` queries read `os.uname()` or are cached after their first call.
_PLATFORM = Library(
    "platform",
    AREA,
    _PYTHON,
    "ask once, before the event loop starts, or `asyncio.to_thread()`",
    calls=(*calls("NB103", "platform", "architecture", "`asyncio.to_thread()`"),),
)

_SUBPROCESS_LIBRARY = Library(
    "subprocess",
    AREA,
    _PYTHON,
    "`asyncio.create_subprocess_exec()` / `asyncio.create_subprocess_shell()`",
    calls=(
        *calls(
            "NB103",
            "subprocess",
            "run call check_call check_output getoutput getstatusoutput Popen",
            _SUBPROCESS,
        ),
        *calls("NB103", "subprocess.Popen", "wait communicate", "`asyncio.subprocess.Process`"),
    ),
    returns=(Returns("subprocess.Popen"),),
)

_OS = Library(
    "os",
    AREA,
    _PYTHON,
    "`asyncio.create_subprocess_exec()` for processes; `anyio.Path` / `aiofiles.os` for files",
    calls=(
        *calls("NB103", "os", "system popen", _SUBPROCESS),
        CallRule("os.spawn*", "NB103", _SUBPROCESS),
        CallRule("os.posix_spawn*", "NB103", _SUBPROCESS),
        CallRule("os.wait", "NB103", _PROCESS_WAIT),
        # With `os.WNOHANG` among its options, a wait returns at once: a child that has not exited
        # yet is reported as such.
        *(
            CallRule(f"os.{name}", "NB103", _PROCESS_WAIT, unless_flag=("options", position, "os.WNOHANG"))
            for name, position in (("wait3", 0), ("wait4", 1), ("waitid", 2), ("waitpid", 1))
        ),
        *calls("NB104", "os", "fdopen", _ANYIO_FILE),
        *calls(
            "NB104",
            "os",
            "open remove unlink rename renames replace mkdir makedirs rmdir removedirs listdir chmod chown "
            "lchown link symlink readlink truncate utime mkfifo",
            _ANYIO_FILE,
        ),
        *calls("NB104", "os", "scandir walk fwalk", _ANYIO_FILE, iterates=True),
        *calls(
            "NB105",
            "os.path",
            "exists lexists isfile isdir islink ismount isjunction getsize getmtime getatime getctime "
            "samefile realpath",
            "`anyio.Path` / `aiofiles.os.path`, or `asyncio.to_thread()`",
        ),
        # Flushing a file to the disk waits for the device.
        *calls("NB104", "os", "fsync fdatasync", _ANYIO_FILE),
        *calls(
            "NB105",
            "os",
            "stat lstat fstat access statvfs fstatvfs",
            "`aiofiles.os`, or `asyncio.to_thread()`",
        ),
        # An entry of `os.scandir()` knows its kind from the listing (`is_file()`, `is_dir()` make
        # no system call, but for a link); `stat()` makes one, the first time.
        CallRule("os.DirEntry.stat", "NB105", "`asyncio.to_thread()`"),
    ),
    returns=(Returns("os.scandir", "os.DirEntry", items=True),),
)

_BUILTINS = Library(
    "builtins",
    AREA,
    _PYTHON,
    "`anyio.open_file()` / `aiofiles.open()`; read terminal input before the loop starts",
    calls=(
        CallRule("builtins.open", "NB104", _ANYIO_FILE),
        CallRule(
            "builtins.input",
            "NB106",
            "`await asyncio.to_thread(input, ...)`",
            offload=Offload.NEVER,
            note=_TERMINAL,
        ),
    ),
)

_IO = Library(
    "io",
    AREA,
    _PYTHON,
    "`anyio.open_file()` / `aiofiles.open()`",
    calls=(
        *calls("NB104", "io", "open open_code", _ANYIO_FILE),
        *calls("NB104", "codecs", "open", _ANYIO_FILE),
        *[rule for cls, names in _FILE_OBJECT_IO for rule in calls("NB104", cls, names, _ANYIO_FILE)],
    ),
    returns=_FILE_OPENERS,
)

_TEMPFILE = Library(
    "tempfile",
    AREA,
    _PYTHON,
    "`aiofiles.tempfile` / `anyio.NamedTemporaryFile`",
    # Temporary files and directories are created on disk by the call itself.
    calls=tuple(
        calls(
            "NB104",
            "tempfile",
            "mkstemp mkdtemp TemporaryFile NamedTemporaryFile TemporaryDirectory",
            "`aiofiles.tempfile` / `anyio.NamedTemporaryFile`, or `asyncio.to_thread()`",
        )
    ),
)

# `glob` lists folders (`os.scandir`), as `os.listdir` does; `iglob` as it is iterated.
_GLOB = Library(
    "glob",
    AREA,
    _PYTHON,
    "`asyncio.to_thread(glob.glob, ...)`, or `anyio.Path(folder).glob()` with `async for`",
    calls=(
        *calls("NB104", "glob", "glob", "`asyncio.to_thread()`, or `anyio.Path(folder).glob()`"),
        *calls("NB104", "glob", "iglob", "`anyio.Path(folder).glob()` with `async for`", iterates=True),
    ),
)

# Both compare the files' contents (`dircmp` compares only when its attributes are read).
_FILECMP = Library(
    "filecmp",
    AREA,
    _PYTHON,
    "`asyncio.to_thread(filecmp.cmp, ...)`",
    calls=tuple(calls("NB104", "filecmp", "cmp cmpfiles", _TO_THREAD)),
)

# Both read Python source from disk (`run_module` finds it through the import system) and run it.
_RUNPY = Library(
    "runpy",
    AREA,
    _PYTHON,
    "`asyncio.to_thread(runpy.run_path, ...)`",
    calls=tuple(
        calls(
            "NB104",
            "runpy",
            "run_path run_module",
            _TO_THREAD,
            offload=Offload.UNSAFE,
            note="the code then runs in a worker thread, where `signal.signal()` raises",
        )
    ),
)

# `read()` opens and reads the files it is given; `read_string()` and `read_dict()` work on memory.
_CONFIGPARSER = Library(
    "configparser",
    AREA,
    _PYTHON,
    "read the file with `anyio.Path`, then `read_string()`",
    calls=(
        CallRule(
            "configparser.*ConfigParser.read",
            "NB104",
            "`anyio.Path(path).read_text()`, then `read_string()`, or `asyncio.to_thread()`",
        ),
    ),
    returns=(Returns("configparser.*ConfigParser"),),
)

_XML_READ = "`anyio.Path` for the bytes and `fromstring()` for the parse, or `asyncio.to_thread()`"
_ELEMENT_TREE = "xml.etree.ElementTree"
# Parsing reads the file it is given (a path or a file object); an in-memory buffer touches no disk.
_XML = Library(
    "xml",
    AREA,
    _PYTHON,
    "read the bytes with `anyio.Path`, then parse them with `ElementTree.fromstring()`",
    calls=(
        CallRule(f"{_ELEMENT_TREE}.parse", "NB104", _XML_READ, file_argument=("source", 0)),
        CallRule(
            f"{_ELEMENT_TREE}.iterparse", "NB104", _XML_READ, iterates=True, file_argument=("source", 0)
        ),
        CallRule(f"{_ELEMENT_TREE}.ElementTree.parse", "NB104", _XML_READ, file_argument=("source", 0)),
        CallRule(
            f"{_ELEMENT_TREE}.ElementTree.write",
            "NB104",
            "`tostring()`, then `anyio.Path` for the bytes, or `asyncio.to_thread()`",
            file_argument=("file_or_filename", 0),
        ),
        CallRule("xml.dom.minidom.parse", "NB104", _XML_READ, file_argument=("file", 0)),
    ),
    returns=(
        Returns(f"{_ELEMENT_TREE}.parse", f"{_ELEMENT_TREE}.ElementTree"),
        Returns(f"{_ELEMENT_TREE}.ElementTree"),
    ),
)

_PATHLIB = Library(
    "pathlib",
    AREA,
    _PYTHON,
    "`anyio.Path` (the same methods, awaited)",
    calls=(
        *[rule for cls in _PATH_CLASSES for rule in calls("NB104", cls, _PATH_IO, _ANYIO_FILE)],
        *[
            rule
            for cls in _PATH_CLASSES
            for rule in calls("NB104", cls, _PATH_ITERATORS, _ANYIO_FILE, iterates=True)
        ],
        *[
            rule
            for cls in _PATH_CLASSES
            for rule in calls("NB105", cls, _PATH_METADATA, "`anyio.Path`, or `asyncio.to_thread()`")
        ],
    ),
    returns=(
        *constructors(" ".join(_PATH_CLASSES)),
        *[
            Returns(f"{cls}.{name}", "pathlib.Path")
            for cls in _PATH_CLASSES
            for name in _PATH_RETURNING.split()
        ],
        *[Returns(f"{cls}.parent", "pathlib.Path", attribute=True) for cls in _PATH_CLASSES],
        *[
            Returns(f"{cls}.{name}", "pathlib.Path", items=True)
            for cls in _PATH_CLASSES
            for name in ("iterdir", "glob", "rglob")
        ],
    ),
)

_SHUTIL = Library(
    "shutil",
    AREA,
    _PYTHON,
    "`asyncio.to_thread()`",
    calls=(
        *calls(
            "NB104",
            "shutil",
            "copy copy2 copyfile copyfileobj copymode copystat copytree move rmtree make_archive "
            "unpack_archive chown",
            _TO_THREAD,
        ),
        *calls("NB105", "shutil", "disk_usage which", _TO_THREAD),
    ),
)

_TERMINAL_INPUT = Library(
    "getpass",
    AREA,
    _PYTHON,
    "read terminal input before the event loop starts, or in a thread you manage",
    calls=(
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
    ),
)

_SOCKET = Library(
    "socket",
    AREA,
    _PYTHON,
    "`asyncio.open_connection()` / `loop.sock_*()` / `loop.getaddrinfo()`",
    calls=(
        *calls(
            "NB107",
            "socket",
            "create_connection gethostbyname gethostbyname_ex gethostbyaddr getnameinfo getfqdn",
            "`asyncio.open_connection()` / `loop.getaddrinfo()`",
        ),
        # With `socket.AI_NUMERICHOST` among its flags, an address is only parsed, never looked up
        # (the way asyncio tries an address before handing the lookup to a thread).
        CallRule(
            "socket.getaddrinfo",
            "NB107",
            "`loop.getaddrinfo()`",
            unless_flag=("flags", 5, "socket.AI_NUMERICHOST"),
        ),
        *calls(
            "NB107",
            "socket.socket",
            "connect connect_ex accept recv recv_into recvfrom recvfrom_into recvmsg send sendall "
            "sendto sendmsg sendfile makefile",
            "`asyncio.open_connection()` / `loop.sock_*()`",
            # A socket set non-blocking raises `BlockingIOError` instead of waiting.
            unless_receiver="setblocking",
        ),
    ),
    returns=(Returns("socket.socket"), Returns("socket.create_connection", "socket.socket")),
)

_SSL_FILES = "a context built once and reused, or `asyncio.to_thread()`"
_SSL = Library(
    "ssl",
    AREA,
    _PYTHON,
    "`asyncio.open_connection(ssl=...)`; a context built once, outside the loop",
    calls=(
        *calls(
            "NB107",
            "ssl.SSLSocket",
            "connect connect_ex accept recv recv_into send sendall read write do_handshake unwrap",
            "`asyncio.open_connection(ssl=...)`",
        ),
        # Wrapping a connected socket performs the TLS handshake; fetching a certificate connects.
        *calls("NB107", "ssl", "wrap_socket get_server_certificate", "`asyncio.open_connection(ssl=...)`"),
        *calls("NB107", "ssl.SSLContext", "wrap_socket", "`asyncio.open_connection(ssl=...)`"),
        # A default context reads and parses the system's certificate bundle: 22 ms on a Linux
        # machine with 144 authorities. Build it once, before the loop or in a thread.
        *calls("NB104", "ssl", "create_default_context", _SSL_FILES),
        *calls(
            "NB104",
            "ssl.SSLContext",
            "load_verify_locations load_cert_chain load_default_certs set_default_verify_paths "
            "load_dh_params",
            _SSL_FILES,
        ),
    ),
    returns=(
        Returns("ssl.create_default_context", "ssl.SSLContext"),
        Returns("ssl.SSLContext"),
        Returns("ssl.SSLContext.wrap_socket", "ssl.SSLSocket"),
        Returns("ssl.wrap_socket", "ssl.SSLSocket"),
    ),
)

# `HTTPServer` binds in its constructor, then looks its own address up (`socket.getfqdn()`, a reverse
# DNS query) unless built with `bind_and_activate=False`; a server's `serve_forever()` never returns.
_SERVER_CLASSES = (
    "socketserver.TCPServer socketserver.UDPServer socketserver.ThreadingTCPServer "
    "socketserver.ThreadingUDPServer socketserver.ForkingTCPServer socketserver.ForkingUDPServer "
    "socketserver.UnixStreamServer socketserver.UnixDatagramServer "
    "http.server.HTTPServer http.server.ThreadingHTTPServer"
)
_SERVE = "`asyncio.start_server()` or an ASGI server, or `asyncio.to_thread(server.serve_forever)`"
_SERVES = f"waits for requests on the event loop (`serve_forever()` never returns); use {_SERVE}"
_STOPS = "waits for `serve_forever()`, in its thread, to notice and stop (for ever if none runs); use {}"
_LOOKS_ITSELF_UP = (
    "binds, then looks its own address up in DNS (`socket.getfqdn()`); build it in a thread, or "
    "use `asyncio.start_server()` or an ASGI server"
)


# Users and groups are looked up through the system's name service (NSS), which may ask a
# directory server (LDAP, SSSD) over the network, as a host name lookup does.
def _name_service(module: str, functions: str) -> Library:
    return Library(
        module,
        AREA,
        _PYTHON,
        "`asyncio.to_thread()`, or the lookup done once at start-up",
        calls=tuple(calls("NB107", module, functions, _TO_THREAD)),
    )


_SOCKETSERVER = Library(
    "socketserver and http.server",
    AREA,
    _PYTHON,
    "`asyncio.start_server()` or an ASGI server (uvicorn), or run the server in a thread",
    calls=(
        *[
            CallRule(
                f"http.server.{server}",
                "NB107",
                _SERVE,
                unless=(("bind_and_activate", 2),),
                message=_LOOKS_ITSELF_UP,
            )
            for server in ("HTTPServer", "ThreadingHTTPServer")
        ],
        *[
            rule
            for server in _SERVER_CLASSES.split()
            for rule in calls("NB107", server, "serve_forever handle_request", _SERVE, message=_SERVES)
        ],
        *[
            CallRule(
                f"{server}.shutdown",
                "NB107",
                "`await asyncio.to_thread(server.shutdown)`",
                message=_STOPS.format("`await asyncio.to_thread(server.shutdown)`"),
            )
            for server in _SERVER_CLASSES.split()
        ],
    ),
    returns=tuple(constructors(_SERVER_CLASSES)),
)

# `webbrowser.open()` finds the browsers on its first call (running `xdg-settings` on Linux), then
# starts one, and waits for it to exit when it is a plain command (`GenericBrowser`).
_WEBBROWSER = Library(
    "webbrowser",
    AREA,
    _PYTHON,
    "`asyncio.to_thread(webbrowser.open, url)`",
    calls=(
        *calls("NB103", "webbrowser", "open open_new open_new_tab"),
        *calls("NB103", "webbrowser.BaseBrowser", "open open_new open_new_tab"),
    ),
    returns=(Returns("webbrowser.get", "webbrowser.BaseBrowser"),),
)

_SELECT = Library(
    "select",
    AREA,
    _PYTHON,
    "`loop.add_reader()` / `loop.add_writer()`, or asyncio streams",
    # A zero timeout polls and returns at once.
    calls=(
        CallRule("select.select", "NB107", _SOCKET_WAIT, unless=(("timeout", 3),)),
        *[
            CallRule(f"select.{poller}.poll", "NB107", _SOCKET_WAIT, unless=(("timeout", 0),))
            for poller in ("poll", "epoll", "devpoll")
        ],
        CallRule("select.kqueue.control", "NB107", _SOCKET_WAIT, unless=(("timeout", 2),)),
        CallRule("selectors.BaseSelector.select", "NB107", _SOCKET_WAIT, unless=(("timeout", 0),)),
    ),
    returns=(
        *constructors("select.poll select.epoll select.devpoll select.kqueue"),
        Returns("selectors.*Selector", "selectors.BaseSelector"),
    ),
)

_THREAD_LOCKS = (
    ("threading.Lock", "`asyncio.Lock`"),
    ("threading.RLock", "`asyncio.Lock`"),
    ("threading.Semaphore", "`asyncio.Semaphore`"),
    ("threading.BoundedSemaphore", "`asyncio.BoundedSemaphore`"),
    ("threading.Condition", "`asyncio.Condition`"),
)

_THREADING = Library(
    "threading",
    AREA,
    _PYTHON,
    "`asyncio.Lock` / `asyncio.Event` / `asyncio.Condition` / `asyncio.Semaphore`",
    # `unless`: arguments that make the call return at once when false/zero.
    calls=(
        *[
            rule
            for cls, replacement in _THREAD_LOCKS
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
            "NB109",
            "threading.Thread",
            "join",
            "`await asyncio.to_thread(thread.join)`",
            unless=_WAIT_AT_ONCE,
        ),
        # `with lock:` is reported only when its block awaits (see NB112).
        *[
            rule
            for cls, replacement in _THREAD_LOCKS
            for rule in calls("NB112", cls, "__enter__", replacement, offload=Offload.NEVER, note=_HELD_LOCK)
        ],
    ),
    returns=(
        *constructors(
            "threading.Lock threading.RLock threading.Semaphore threading.BoundedSemaphore "
            "threading.Condition threading.Event threading.Barrier threading.Thread"
        ),
        Returns("threading.Timer", "threading.Thread"),
    ),
)


def _queue_calls(cls: str, replacement: str, joins: str) -> list[CallRule]:
    """A thread- or process-safe queue's waits: `get`, unless `block=False` or `timeout=0`; `put`,
    only on a bounded queue (a simple queue, with no `joins`, is never full); and its `joins`."""
    rows = calls("NB109", cls, "get", replacement, unless=(("block", 0), ("timeout", 1)))
    if joins:
        rows += calls(
            "NB109",
            cls,
            "put",
            replacement,
            unless=(("block", 1), ("timeout", 2)),
            built_with=(("maxsize", 0),),
        )
        rows += calls("NB109", cls, joins, replacement)
    return rows


_QUEUE = Library(
    "queue",
    AREA,
    _PYTHON,
    "`asyncio.Queue`",
    calls=(
        *_queue_calls("queue.Queue", "`asyncio.Queue`", "join"),
        *_queue_calls("queue.LifoQueue", "`asyncio.LifoQueue`", "join"),
        *_queue_calls("queue.PriorityQueue", "`asyncio.PriorityQueue`", "join"),
        *_queue_calls("queue.SimpleQueue", "`asyncio.Queue`", ""),
    ),
    returns=tuple(constructors("queue.Queue queue.LifoQueue queue.PriorityQueue queue.SimpleQueue")),
)

# `multiprocessing`'s objects as the default context's factories make them (`multiprocessing.Queue`
# is a factory, not the class); a context from `get_context()` has the same factories.
_PROCESS_QUEUES = "multiprocessing.Queue multiprocessing.JoinableQueue multiprocessing.SimpleQueue"
_PROCESS_POOLS = ("multiprocessing.Pool", "multiprocessing.pool.ThreadPool")
_PROCESS_LOCKS = (
    "multiprocessing.Lock multiprocessing.RLock multiprocessing.Semaphore "
    "multiprocessing.BoundedSemaphore multiprocessing.Condition"
)
_PROCESS_FACTORIES = (
    f"Process Manager Pool {_PROCESS_QUEUES} {_PROCESS_LOCKS} multiprocessing.Event multiprocessing.Barrier"
)
_PROCESS_WAIT_FOR = "`await loop.run_in_executor(None, ...)`"
_PROCESS_LOCK = (
    "a lock acquired in a worker thread is held by that thread, which must release it (an `RLock`"
    " or a `Condition` cannot be released by another); take and release it in one function run in"
    " a thread"
)
_MULTIPROCESSING = Library(
    "multiprocessing",
    AREA,
    _PYTHON,
    "`loop.run_in_executor()` with a `ProcessPoolExecutor`; or the waits offloaded to a thread",
    calls=(
        # Starting a process forks or spawns an interpreter; `Manager()` and `Pool()` start theirs.
        *calls("NB103", "multiprocessing.Process", "start", _PROCESS_WAIT_FOR),
        *calls("NB103", "multiprocessing.Process", "join", _PROCESS_WAIT_FOR, unless=_WAIT_AT_ONCE),
        *calls(
            "NB103",
            "multiprocessing",
            "Manager Pool",
            "`loop.run_in_executor()` with a `ProcessPoolExecutor`",
        ),
        *_queue_calls("multiprocessing.Queue", _PROCESS_WAIT_FOR, "join_thread"),
        *_queue_calls("multiprocessing.JoinableQueue", _PROCESS_WAIT_FOR, "join join_thread"),
        *_queue_calls("multiprocessing.SimpleQueue", _PROCESS_WAIT_FOR, ""),
        *[
            rule
            for pool in _PROCESS_POOLS
            for rule in (
                *calls("NB109", pool, "map starmap apply join", _PROCESS_WAIT_FOR),
                *calls("NB109", pool, "imap imap_unordered", _PROCESS_WAIT_FOR, iterates=True),
            )
        ],
        *calls(
            "NB109",
            "multiprocessing.pool.AsyncResult",
            "get wait",
            "`await asyncio.to_thread(result.get)`",
            unless=_WAIT_AT_ONCE,
        ),
        *[
            rule
            for cls in _PROCESS_LOCKS.split()
            for rule in calls(
                "NB109",
                cls,
                "acquire",
                _PROCESS_WAIT_FOR,
                offload=Offload.NEVER,
                note=_PROCESS_LOCK,
                unless=(("block", 0), ("timeout", 1)),
            )
        ],
        *calls(
            "NB109",
            "multiprocessing.Condition",
            "wait",
            _PROCESS_WAIT_FOR,
            offload=Offload.NEVER,
            note=_PROCESS_LOCK,
            unless=_WAIT_AT_ONCE,
        ),
        *calls("NB109", "multiprocessing.Event", "wait", _PROCESS_WAIT_FOR, unless=_WAIT_AT_ONCE),
        *calls("NB109", "multiprocessing.Barrier", "wait", _PROCESS_WAIT_FOR, unless=_WAIT_AT_ONCE),
        # `with lock:` is reported only when its block awaits (see NB112).
        *[
            rule
            for cls in _PROCESS_LOCKS.split()
            for rule in calls(
                "NB112",
                cls,
                "__enter__",
                "`with` only around code that does not await",
                offload=Offload.NEVER,
                note=_HELD_LOCK,
            )
        ],
    ),
    returns=(
        *constructors(
            f"multiprocessing.Process {_PROCESS_QUEUES} {_PROCESS_LOCKS} multiprocessing.Event "
            "multiprocessing.Barrier multiprocessing.pool.ThreadPool"
        ),
        Returns("multiprocessing.Pool"),
        Returns("multiprocessing.pool.Pool", "multiprocessing.Pool"),
        Returns("multiprocessing.context.Process", "multiprocessing.Process"),
        Returns("multiprocessing.get_context", "multiprocessing.context.BaseContext"),
        *(
            Returns(
                f"multiprocessing.context.BaseContext.{name.rsplit('.', 1)[-1]}",
                f"multiprocessing.{name.rsplit('.', 1)[-1]}",
            )
            for name in _PROCESS_FACTORIES.split()
            if name != "Manager"
        ),
        *(
            Returns(f"{pool}.{method}", "multiprocessing.pool.AsyncResult")
            for pool in _PROCESS_POOLS
            for method in ("apply_async", "map_async", "starmap_async")
        ),
    ),
)

_FUTURES = Library(
    "concurrent.futures",
    AREA,
    _PYTHON,
    "`await asyncio.wrap_future(future)` / `loop.run_in_executor()`",
    calls=(
        *calls(
            "NB109",
            "concurrent.futures.Future",
            "result exception",
            "`await asyncio.wrap_future(future)`",
            unless=_WAIT_AT_ONCE,
        ),
        *calls(
            "NB109",
            "concurrent.futures",
            "wait",
            "`asyncio.wait()` on wrapped futures",
            unless=(("timeout", 1),),
        ),
        *calls(
            "NB109",
            "concurrent.futures",
            "as_completed",
            "`asyncio.as_completed()` on wrapped futures",
            iterates=True,
        ),
        *calls(
            "NB109",
            "concurrent.futures.Executor",
            "shutdown",
            "`loop.run_in_executor()`",
            unless=(("wait", 0),),
        ),
        *calls("NB109", "concurrent.futures.Executor", "map", "`loop.run_in_executor()`", iterates=True),
    ),
    returns=(
        Returns("concurrent.futures.ThreadPoolExecutor", "concurrent.futures.Executor"),
        Returns("concurrent.futures.ProcessPoolExecutor", "concurrent.futures.Executor"),
        Returns("concurrent.futures.Executor.submit", "concurrent.futures.Future"),
        Returns("concurrent.futures.Future"),
    ),
)

_ASYNCIO = Library(
    "asyncio",
    AREA,
    _PYTHON,
    "`await` the coroutine",
    calls=tuple(
        CallRule(pattern, "NB110", "`await` the coroutine", offload=Offload.NEVER, note=_NESTED_LOOP)
        for pattern in ("asyncio.run", "asyncio.Runner.run", "*.run_until_complete")
    ),
    returns=(Returns("asyncio.Runner"),),
)

# Opening an archive reads (or creates) its file, unless it is given a buffer: `ZipFile(io.BytesIO(data))`
# and `tarfile.open(fileobj=...)` work in memory. Extracting and adding members always touch the disk.
_ZIPFILE = Library(
    "zipfile",
    AREA,
    _PYTHON,
    "`asyncio.to_thread()` around the extraction",
    calls=(
        CallRule("zipfile.ZipFile", "NB104", _TO_THREAD, file_argument=("file", 0)),
        *calls("NB104", "zipfile.ZipFile", "extractall extract write writepy testzip", _TO_THREAD),
        CallRule("zipfile.is_zipfile", "NB104", _TO_THREAD, file_argument=("filename", 0)),
    ),
    returns=(Returns("zipfile.ZipFile"), Returns("zipfile.PyZipFile", "zipfile.ZipFile")),
)

_TARFILE = Library(
    "tarfile",
    AREA,
    _PYTHON,
    "`asyncio.to_thread()` around the extraction",
    calls=(
        *(
            CallRule(opener, "NB104", _TO_THREAD, file_argument=("name", 0), only_with=("name", 0))
            for opener in ("tarfile.open", "tarfile.TarFile.open")
        ),
        *calls("NB104", "tarfile.TarFile", "extractall extract add", _TO_THREAD),
        CallRule("tarfile.is_tarfile", "NB104", _TO_THREAD, file_argument=("name", 0)),
    ),
    returns=(
        Returns("tarfile.open", "tarfile.TarFile"),
        Returns("tarfile.TarFile"),
        Returns("tarfile.TarFile.open", "tarfile.TarFile"),
    ),
)

_SHELVE = Library(
    "shelve",
    AREA,
    _PYTHON,
    "`asyncio.to_thread()`; a database with an async driver (`aiosqlite`) for new code",
    calls=(
        *calls("NB104", "shelve", "open", _TO_THREAD),
        *calls("NB104", "shelve.Shelf", _SHELF_METHODS, _TO_THREAD),
    ),
    returns=(
        Returns("shelve.open", "shelve.Shelf"),
        Returns("shelve.Shelf"),
        Returns("shelve.DbfilenameShelf", "shelve.Shelf"),
    ),
)

_DBM_OPENERS = ("dbm.open", "dbm.gnu.open", "dbm.ndbm.open", "dbm.dumb.open", "dbm.sqlite3.open")
_DBM = Library(
    "dbm",
    AREA,
    _PYTHON,
    "`asyncio.to_thread()`; a database with an async driver (`aiosqlite`) for new code",
    calls=(
        *[CallRule(opener, "NB104", _TO_THREAD) for opener in _DBM_OPENERS],
        *calls("NB104", "dbm", "whichdb", _TO_THREAD),
        *calls("NB104", "dbm.Database", _DBM_METHODS, _TO_THREAD),
    ),
    returns=tuple(Returns(opener, "dbm.Database") for opener in _DBM_OPENERS),
)


def _serialisation(module: str, names: str = "load dump") -> Library:
    """`load` and `dump` read or write the file object they are given; `loads`/`dumps` work on memory."""
    in_memory = " / ".join(f"`{module}.{name}s()`" for name in names.split())
    return Library(
        module,
        AREA,
        _PYTHON,
        f"read or write the bytes with `anyio.Path`, and convert them in memory with {in_memory}",
        calls=tuple(
            CallRule(
                f"{module}.{name}",
                "NB104",
                f"`anyio.Path` for the bytes and {in_memory} for the conversion, or `asyncio.to_thread()`",
                # `load(fp)`, `dump(value, fp)`: a file object, or an in-memory buffer.
                file_argument=("fp", 0) if name == "load" else ("fp", 1),
            )
            for name in names.split()
        ),
    )


_HASHLIB = Library(
    "hashlib",
    AREA,
    _PYTHON,
    "`asyncio.to_thread(hashlib.file_digest, ...)`",
    calls=(CallRule("hashlib.file_digest", "NB104", _TO_THREAD, file_argument=("fileobj", 0)),),
)

# `available_timezones()` walks every folder of the time zone path and opens each file in it to
# look for the TZif marker, on every call. `ZoneInfo(key)` reads a zone's file on its first
# construction only (the class keeps the zones it built), as a cached function: not listed.
_ZONEINFO = Library(
    "zoneinfo",
    AREA,
    _PYTHON,
    "`asyncio.to_thread(zoneinfo.available_timezones)`, or the list read once at start-up",
    calls=(CallRule("zoneinfo.available_timezones", "NB104", _TO_THREAD),),
)

# Each call looks for the distribution in every folder on `sys.path` (a `stat` of each, listings)
# and reads its metadata files; nothing is kept between calls.
_METADATA_FUNCTIONS = (
    "version distribution distributions metadata files requires entry_points packages_distributions"
)
_IMPORTLIB_METADATA = Library(
    "importlib.metadata",
    AREA,
    f"{_PYTHON}; importlib-metadata 4.x - 8.7",
    "read it once, at start-up, or `asyncio.to_thread()`",
    calls=tuple(
        rule
        for module in ("importlib.metadata", "importlib_metadata")
        for rule in (
            *calls(
                "NB104",
                module,
                _METADATA_FUNCTIONS,
                "a value read once, at start-up, or `asyncio.to_thread()`",
            ),
            *calls("NB104", f"{module}.Distribution", "from_name discover", "`asyncio.to_thread()`"),
        )
    ),
)

# Running a module from a file (`spec.loader.exec_module(module)`, `importlib.reload(module)`) reads
# its source (or bytecode) from disk, compiles it and runs its top-level code, which a fix would run
# in the worker thread (where `asyncio.get_event_loop()` finds no loop). `import_module()` reads
# only on a module's first import: not reported, as a cached function's calls are not.
_LOADERS = "importlib.abc.Loader importlib.machinery.SourceFileLoader"
_RUNS_IN_A_THREAD = (
    "the module's top-level code would run in the worker thread, where no event loop is current"
)
_IMPORTLIB = Library(
    "importlib",
    AREA,
    _PYTHON,
    "load plugins at start-up, or `asyncio.to_thread()`",
    calls=(
        CallRule(
            "importlib.reload",
            "NB104",
            "`asyncio.to_thread()`",
            offload=Offload.UNSAFE,
            note=_RUNS_IN_A_THREAD,
        ),
        *[
            rule
            for loader in _LOADERS.split()
            for rule in calls(
                "NB104",
                loader,
                "exec_module load_module",
                offload=Offload.UNSAFE,
                note=_RUNS_IN_A_THREAD,
            )
        ],
    ),
    returns=(
        Returns("importlib.util.spec_from_file_location", "importlib.machinery.ModuleSpec"),
        # Finding a module's spec looks along the import path (stat calls), or in `sys.modules`
        # once it is imported: not reported, as `import_module()` is not; running it is.
        Returns("importlib.util.find_spec", "importlib.machinery.ModuleSpec"),
        Returns("importlib.machinery.ModuleSpec.loader", "importlib.abc.Loader", attribute=True),
        Returns("importlib.machinery.SourceFileLoader"),
    ),
)

# A package's data files (`files("app").joinpath("prompt.txt").read_text()`): on disk for most
# installs, read at each call. `files()` itself only finds the package.
_RESOURCE_MODULES = ("importlib.resources", "importlib_resources")
_TRAVERSABLES = tuple(f"{module}.abc.Traversable" for module in (*_RESOURCE_MODULES, "importlib"))
_RESOURCE_READ = "the data read once, at start-up, or `asyncio.to_thread()`"
_IMPORTLIB_RESOURCES = Library(
    "importlib.resources",
    AREA,
    f"{_PYTHON}; importlib-resources 5.x - 6.5",
    "read the data once, at start-up, or `asyncio.to_thread()`",
    calls=(
        *[
            rule
            for module in _RESOURCE_MODULES
            for rule in calls(
                "NB104", module, "read_text read_binary open_text open_binary contents", _RESOURCE_READ
            )
        ],
        *[
            rule
            for cls in _TRAVERSABLES
            for rule in (
                *calls("NB104", cls, "read_text read_bytes open", _RESOURCE_READ),
                *calls("NB104", cls, "iterdir", _RESOURCE_READ, iterates=True),
                *calls("NB105", cls, "is_file is_dir", "`asyncio.to_thread()`"),
            )
        ],
    ),
    returns=(
        *[Returns(f"{module}.files", _TRAVERSABLES[0]) for module in _RESOURCE_MODULES],
        *[
            Returns(f"{cls}.{name}", _TRAVERSABLES[0])
            for cls in _TRAVERSABLES
            for name in ("joinpath", "__truediv__")
        ],
        *[Returns(f"{cls}.iterdir", _TRAVERSABLES[0], items=True) for cls in _TRAVERSABLES],
        *[Returns(f"{cls}.open", "io.TextIOWrapper", mode=("mode", 0, "r")) for cls in _TRAVERSABLES],
    ),
)

LIBRARIES: tuple[Library, ...] = (
    _TIME,
    _SUBPROCESS_LIBRARY,
    _PLATFORM,
    _OS,
    _BUILTINS,
    _IO,
    _TEMPFILE,
    _PATHLIB,
    _SHUTIL,
    _GLOB,
    _FILECMP,
    _RUNPY,
    _CONFIGPARSER,
    _XML,
    _TERMINAL_INPUT,
    _SOCKET,
    _name_service("pwd", "getpwnam getpwuid getpwall"),
    _name_service("grp", "getgrnam getgrgid getgrall"),
    _SOCKETSERVER,
    _WEBBROWSER,
    _SSL,
    _SELECT,
    _THREADING,
    _QUEUE,
    _MULTIPROCESSING,
    _FUTURES,
    _ASYNCIO,
    _ZIPFILE,
    _TARFILE,
    _SHELVE,
    _DBM,
    _serialisation("json"),
    _serialisation("pickle"),
    _serialisation("marshal"),
    _serialisation("plistlib"),
    _serialisation("tomllib", "load"),
    _HASHLIB,
    _ZONEINFO,
    _IMPORTLIB,
    _IMPORTLIB_METADATA,
    _IMPORTLIB_RESOURCES,
)
