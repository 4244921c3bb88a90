"""The catalogue of known blocking calls, as data: one module per ecosystem area.

A row names a call by its qualified name (`requests.get`), by a method of a known type
(`sqlite3.Connection.execute`, types come from `Returns` rows), or by a distinctive method name on
any receiver (`*.invoke`). In patterns `*` matches within one name (`os.spawn*`) and a `**` segment
any number of names (`openai.OpenAI.*.**`). Rows are tried in order and the first match wins,
so a row with `code=None` placed before a wildcard row declares an exception (a method that does
not block).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CallRule:
    """A call pattern, the rule code it triggers (None: known not to block) and what to use instead.

    `message` replaces the rule family's message (user rules); `twin` names the async counterpart.
    """

    pattern: str
    code: str | None
    replacement: str = "`asyncio.to_thread()`"
    twin: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Returns:
    """What a call (or, with `attribute=True`, an attribute read) gives back; None: an instance of itself."""

    pattern: str
    returns: str | None = None
    attribute: bool = False


def calls(
    code: str | None, prefix: str, names: str, replacement: str = "`asyncio.to_thread()`"
) -> list[CallRule]:
    """One row per space-separated name under `prefix`."""
    return [CallRule(f"{prefix}.{name}", code, replacement) for name in names.split()]


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
