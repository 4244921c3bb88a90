"""The catalogue of known blocking calls, as data: one module per ecosystem area.

A row names a call by its qualified name (`requests.get`), by a method of a known type
(`sqlite3.Connection.execute`, types come from `Returns` rows), or by a distinctive method name on
any receiver (`*.invoke`). In patterns `*` matches within one name (`os.spawn*`) and a `**` segment
any number of names (`openai.OpenAI.*.**`). Rows are tried in order and the first match wins,
so a row with `code=None` placed before a wildcard row declares an exception (a method that does
not block).
"""

from __future__ import annotations

import enum
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
    message: str | None = None


@dataclass(frozen=True)
class Returns:
    """What a call (or, with `attribute=True`, an attribute read) gives back; None: an instance of itself."""

    pattern: str
    returns: str | None = None
    attribute: bool = False


def calls(
    code: str | None, prefix: str, names: str, replacement: str = TO_THREAD, **fix: Any
) -> list[CallRule]:
    """One row per space-separated name under `prefix`; `fix` sets the fix fields of `CallRule`."""
    return [CallRule(f"{prefix}.{name}", code, replacement, **fix) for name in names.split()]


def constructors(names: str) -> list[Returns]:
    """Classes whose call returns an instance of the class."""
    return [Returns(name) for name in names.split()]


def builtin_catalogue() -> tuple[list[CallRule], list[Returns]]:
    """All built-in rows, in priority order."""
    from noblock.catalog import clients, http, llm, stdlib

    areas = (stdlib, http, clients, llm)
    return (
        [rule for area in areas for rule in area.CALLS],
        [row for area in areas for row in area.RETURNS],
    )
