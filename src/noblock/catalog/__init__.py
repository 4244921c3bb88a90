"""The catalogue of known blocking calls, as data: one module per ecosystem area, one `Library` per library.

A row names a call by its qualified name (`requests.get`), by a method of a known type
(`sqlite3.Connection.execute`, types come from `Returns` rows), or by a distinctive method name on
any receiver (`*.invoke`). In patterns `*` matches within one name (`os.spawn*`) and a `**` segment
any number of names (`openai.OpenAI.*.**`). Rows are tried in order and the first match wins,
so a row with `code=None` placed before a wildcard row declares an exception (a method that does
not block).

The area modules are imported only when the catalogue is first needed, in the order of `AREAS`.
"""

from __future__ import annotations

import enum
import functools
import importlib
from dataclasses import dataclass
from typing import Any

TO_THREAD = "`asyncio.to_thread()`"


class Offload(enum.Enum):
    """Whether running the call in a worker thread keeps the program's behaviour."""

    SAFE = "safe"
    UNSAFE = "unsafe"  # it works, but can behave differently (`note` says how)
    NEVER = "never"  # it would not help or would break the program (`note` says why)


@dataclass(frozen=True)
class CallRule:
    """A call pattern, the rule code it triggers (None: known not to block) and how to fix it.

    `twin` names the async counterpart: a function (`asyncio.sleep`) or a method name (`ainvoke`).
    `twin_safe` says it behaves like the call, so it is the default fix; other twins are unsafe and
    used only with `prefer-async-twin`. `iterates` marks calls returning a lazy iterator: offloading
    them would still block while iterating, and their twin is an async iterator (`async for`).
    `receivers` (for `*.name` rows) lists the types a receiver may have when its type is known:
    `x.invoke()` is a LangChain call on an unknown `x`, not on a known `click.Context`.
    `unless` names arguments (keyword, position) that make the call return at once when passed a
    false value: `lock.acquire(blocking=False)`, `queue.get(False)`, `event.wait(0)`.
    `unless_true` names arguments (keyword, position) that make the call return at once when passed
    `True`: `manager.get(id, lazy=True)` builds a local object and sends nothing.
    `unless_built` (for methods, and for `__enter__`: a `with` block) names arguments of the
    receiver's constructor that, given a false constant, make the call return at once, unless the
    call passes its own value for one of that name (`unless`): a `FileLock(path, timeout=0)` tries
    once, `acquire(timeout=5)` on it waits.
    `built_with` (for methods) names arguments (keyword, position) of the receiver's constructor
    without which the call never waits: `queue.Queue(maxsize=10).put(x)` may wait, `put` on a
    `queue.Queue()` cannot. A receiver not known to be built with one is not reported.
    `unless_receiver` names a method that, called earlier in the same function on the same receiver
    with a false constant, makes the call return at once: `sock.setblocking(False)`, then
    `sock.recv(1024)`.
    `unless_flag` names an argument (keyword, position) and the flags (space-separated) any of which,
    among the flags it passes, makes the call return at once: `os.waitpid(pid, os.WNOHANG)`.
    `file_argument` names the argument (keyword, position) that is the file read or written: given
    an in-memory buffer (`io.BytesIO(data)`), the call touches no disk.
    `only_with` names the argument (keyword, position) without which the call does not wait:
    `smtplib.SMTP(host)` connects, `smtplib.SMTP()` only builds the client (a false constant, `""`
    or `None`, counts as not given).
    `streams_with` names an argument (keyword, position) that, given a value other than a false
    constant, makes the call return a stream read as it is used (`create(..., stream=True)`,
    `requests.get(url, stream=True)`): such a call has no automatic fix.
    `min_arguments`: a call with fewer arguments is not this one (`x.get_state()` is not
    LangGraph's `get_state(config)`); `*args` or `**kwargs` count as enough.
    `message` replaces the rule family's message (user rules).
    """

    pattern: str
    code: str | None
    replacement: str = TO_THREAD
    twin: str | None = None
    twin_safe: bool = False
    iterates: bool = False
    offload: Offload = Offload.SAFE
    note: str | None = None
    receivers: tuple[str, ...] = ()
    unless: tuple[tuple[str, int], ...] = ()
    unless_true: tuple[tuple[str, int], ...] = ()
    unless_built: tuple[tuple[str, int], ...] = ()
    built_with: tuple[tuple[str, int], ...] = ()
    unless_receiver: str | None = None
    unless_flag: tuple[str, int, str] | None = None
    file_argument: tuple[str, int] | None = None
    only_with: tuple[str, int] | None = None
    streams_with: tuple[str, int] | None = None
    min_arguments: int = 0
    message: str | None = None


@dataclass(frozen=True)
class Returns:
    """What a call (or, with `attribute=True`, an attribute read) gives back; None: an instance of itself.

    `mode` (keyword, position, default) marks a call that opens a file: the class of the file object
    follows the mode it is given, as a type checker reads `open()` (`"rb"`: `io.BufferedReader`);
    `returns` is the class for the default mode, and for a mode that is not a constant.
    `decorator=True` marks a decorator: a function decorated with it, called (`@app.task(bind=True)`)
    or not (`@app.task`), is an instance of `returns` when an attribute is read from it
    (`send_report.delay(...)`); a call of the function itself still runs its body.
    `items=True` marks a call that gives an iterator (or a collection) of `returns` instances: what
    a loop over it binds (`for path in folder.iterdir()`: a `pathlib.Path`)."""

    pattern: str
    returns: str | None = None
    attribute: bool = False
    mode: tuple[str, int, str] | None = None
    decorator: bool = False
    items: bool = False


def calls(
    code: str | None, prefix: str, names: str, replacement: str = TO_THREAD, **fix: Any
) -> list[CallRule]:
    """One row per space-separated name under `prefix`; `fix` sets the fix fields of `CallRule`."""
    return [CallRule(f"{prefix}.{name}", code, replacement, **fix) for name in names.split()]


def constructors(names: str) -> list[Returns]:
    """Classes whose call returns an instance of the class."""
    return [Returns(name) for name in names.split()]


@dataclass(frozen=True)
class Library:
    """What the catalogue knows about one library: its blocking calls and the types its calls return.

    `name` is the distribution name (`qdrant-client`), `versions` the releases the rows were checked
    against, and `summary` the async replacement in a sentence, for `noblock rules --library` and the docs.
    """

    name: str
    area: str
    versions: str
    summary: str
    calls: tuple[CallRule, ...] = ()
    returns: tuple[Returns, ...] = ()


# The area modules, in priority order: an earlier row wins over a later one that matches the same name.
AREAS = (
    "stdlib",
    "http",
    "databases",
    "vector_stores",
    "cloud",
    "llm_sdks",
    "web_tools",
    "frameworks",
    "terminal",
    "system",
    "file_formats",
    "cpu",
)


@functools.cache
def libraries() -> tuple[Library, ...]:
    """Every library the catalogue knows, area by area, in priority order."""
    found: list[Library] = []
    for area in AREAS:
        module = importlib.import_module(f"noblock.catalog.{area}")
        found.extend(module.LIBRARIES)
    return tuple(found)


def builtin_catalogue() -> tuple[list[CallRule], list[Returns]]:
    """All built-in rows, in priority order."""
    return (
        [rule for library in libraries() for rule in library.calls],
        [row for library in libraries() for row in library.returns],
    )
