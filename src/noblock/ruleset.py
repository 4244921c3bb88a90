"""Compiles the catalogue (and the user's rules) into fast lookups over qualified names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from noblock.catalog import CallRule, Returns, builtin_catalogue
from noblock.fixes import DEFAULT_FIX_OPTIONS, FixOptions

T = TypeVar("T")
_WILDCARDS = frozenset("*?[")

# Calls whose arguments are coroutines or awaitables: `asyncio.gather(client.invoke(x))` where
# `invoke` is the project's own coroutine function must not be reported.
COROUTINE_CONSUMERS = frozenset(
    {
        "asyncio.gather",
        "asyncio.create_task",
        "asyncio.ensure_future",
        "asyncio.wait_for",
        "asyncio.wait",
        "asyncio.shield",
        "asyncio.as_completed",
        "asyncio.run_coroutine_threadsafe",
        "asyncio.timeout",
        "anyio.from_thread.run",
    }
)
COROUTINE_CONSUMER_METHODS = frozenset({"create_task", "ensure_future", "run_coroutine_threadsafe"})


def has_wildcard(pattern: str) -> bool:
    """Whether a pattern uses wildcards."""
    return not _WILDCARDS.isdisjoint(pattern)


def translate_pattern(pattern: str) -> str:
    """A regular expression for a dotted-name pattern.

    `*` and `?` stay inside one name (`os.spawn*` matches `os.spawnl`, not `os.spawn.x`), `[A-Z]` is a
    character class, and a whole `**` segment matches any number of names (`openai.**.create`).
    File globs are matched with `fnmatch`; dotted names need this segment-aware variant.
    """
    parts = pattern.split(".")
    regex: list[str] = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            regex.append(".*" if last else r"(?:[^.]*\.)*")
            continue
        position = 0
        while position < len(part):
            char = part[position]
            end = part.find("]", position + 2) if char == "[" else -1
            if char == "*":
                regex.append("[^.]*")
            elif char == "?":
                regex.append("[^.]")
            elif end != -1:
                body = part[position + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                elif body.startswith("^"):
                    body = "\\" + body
                regex.append(f"[{body}]")
                position = end
            else:
                regex.append(re.escape(char))
            position += 1
        if not last:
            regex.append(r"\.")
    return "".join(regex) + r"\Z"


class PatternTable(Generic[T]):
    """Shell-style patterns over dotted names, tried in order; the first match wins."""

    def __init__(self, rows: Sequence[tuple[str, T]]) -> None:
        self._patterns = [pattern for pattern, _ in rows]
        self._values = [value for _, value in rows]
        self._exact: dict[str, int] = {}
        globs_by_root: dict[str, list[tuple[int, str]]] = {}
        wild_root: list[tuple[int, str]] = []
        for index, (pattern, _) in enumerate(rows):
            if not has_wildcard(pattern):
                self._exact.setdefault(pattern, index)
                continue
            root = pattern.split(".", 1)[0]
            if has_wildcard(root):
                wild_root.append((index, pattern))
            else:
                globs_by_root.setdefault(root, []).append((index, pattern))
        # Compiled when first needed. Patterns whose root is a wildcard are one expression for all
        # names: folded into each root's expression, they were compiled again for every root a run
        # meets (hundreds on a code base that imports many libraries).
        self._globs_by_root = globs_by_root
        self._by_root: dict[str, re.Pattern[str] | None] = {}
        self._wild_root = wild_root
        self._wild: re.Pattern[str] | None = None

    def _regexes_for(self, root: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        if root not in self._by_root:
            self._by_root[root] = _alternation(self._globs_by_root.get(root, ()))
        if self._wild is None and self._wild_root:
            self._wild = _alternation(self._wild_root)
        return self._by_root[root], self._wild

    def lookup(self, name: str) -> T | None:
        """The value of the first row whose pattern matches `name`."""
        best = self._first_match(name)
        return None if best is None else self._values[best]

    def lookup_special(self, owner: str, method: str) -> T | None:
        """The value of the first row matching `owner.method`, a method Python calls for a
        statement (`__enter__` for `with`, `__call__` for a call of an object), when that row names
        the method: `openai.OpenAI.*` names the methods one calls, not these."""
        best = self._first_match(f"{owner}.{method}")
        return None if best is None or not self._patterns[best].endswith(f".{method}") else self._values[best]

    def _first_match(self, name: str) -> int | None:
        best = self._exact.get(name)
        for regex in self._regexes_for(name.split(".", 1)[0]):
            match = None if regex is None else regex.match(name)
            if match is not None and match.lastgroup is not None:
                index = int(match.lastgroup[1:])
                if best is None or index < best:
                    best = index
        return best


def _alternation(rows: Sequence[tuple[int, str]]) -> re.Pattern[str] | None:
    """One expression trying the patterns in the order given, each a group named after its row."""
    if not rows:
        return None
    return re.compile("|".join(f"(?P<g{index}>{translate_pattern(pattern)})" for index, pattern in rows))


@dataclass(frozen=True)
class RuleSet:
    """Everything the checker asks about calls: which block, what they return, which offload."""

    calls: PatternTable[CallRule]
    methods: dict[str, CallRule]
    method_receivers: dict[str, PatternTable[bool]]
    returns: PatternTable[Returns]
    attribute_returns: PatternTable[Returns]
    decorator_returns: PatternTable[Returns]
    item_returns: PatternTable[Returns]  # what iterating a call's result gives (`items=True`)
    offload_functions: PatternTable[bool]
    offload_methods: frozenset[str]
    fix_options: FixOptions = DEFAULT_FIX_OPTIONS
    # The types worth knowing an object is an instance of: the dotted names some call pattern lies
    # below (`requests.Session` for `requests.Session.get`) and those calls are known to return.
    types: frozenset[str] = frozenset()
    # Returned types named by a pattern (`langchain*.**.[A-Z]*`: any LangChain class).
    type_patterns: PatternTable[bool] = field(default_factory=lambda: PatternTable[bool](()))

    def knows_type(self, path: str) -> bool:
        """Whether the catalogue has calls of, or returns, this type (`openai.OpenAI`, `redis.Redis`,
        `langchain_openai.ChatOpenAI`)."""
        return path in self.types or self.type_patterns.lookup(path) is not None

    def receiver_allowed(self, method: str, receiver: str) -> bool:
        """Whether a method-name rule applies to a receiver whose type is known to be `receiver`."""
        allowed = self.method_receivers.get(method)
        return allowed is None or allowed.lookup(receiver) is not None

    def is_offload(self, path: str | None, method: str | None) -> bool:
        """Whether a call of this qualified name (or method name) runs its argument in a thread."""
        if path is not None and self.offload_functions.lookup(path):
            return True
        return method is not None and method in self.offload_methods

    def is_known(self, name: str) -> bool:
        """Whether the catalogue says anything about this qualified name (used for `import *`)."""
        return self.calls.lookup(name) is not None or self.returns.lookup(name) is not None


def method_name_of(pattern: str) -> str | None:
    """`*.invoke` names a method on any receiver: return `invoke`; otherwise None."""
    if pattern.startswith("*.") and pattern[2:].isidentifier():
        return pattern[2:]
    return None


def build_ruleset(
    user_rules: Iterable[CallRule] = (),
    offload_functions: Iterable[str] = (),
    fix_options: FixOptions = DEFAULT_FIX_OPTIONS,
) -> RuleSet:
    """Combine the user's rules (first, so they win) with the built-in catalogue."""
    builtin_calls, builtin_returns = builtin_catalogue()
    qualified: list[tuple[str, CallRule]] = []
    methods: dict[str, CallRule] = {}
    for rule in [*user_rules, *builtin_calls]:
        method = method_name_of(rule.pattern)
        if method is not None:
            methods.setdefault(method, rule)
        else:
            qualified.append((rule.pattern, rule))
    offloaders = list(offload_functions)
    return RuleSet(
        calls=PatternTable(qualified),
        methods=methods,
        method_receivers={
            method: PatternTable([(pattern, True) for pattern in rule.receivers])
            for method, rule in methods.items()
            if rule.receivers
        },
        returns=PatternTable([(row.pattern, row) for row in builtin_returns if _of_a_call(row)]),
        attribute_returns=PatternTable([(row.pattern, row) for row in builtin_returns if row.attribute]),
        decorator_returns=PatternTable([(row.pattern, row) for row in builtin_returns if row.decorator]),
        item_returns=PatternTable([(row.pattern, row) for row in builtin_returns if row.items]),
        offload_functions=PatternTable([(name, True) for name in offloaders if method_name_of(name) is None]),
        offload_methods=frozenset(
            method for name in offloaders if (method := method_name_of(name)) is not None
        ),
        fix_options=fix_options,
        types=frozenset(
            (
                *_owners(pattern for pattern, _ in qualified),
                *(row.returns or row.pattern for row in builtin_returns),
            )
        ),
        type_patterns=PatternTable(
            [
                (row.pattern, True)
                for row in builtin_returns
                if row.returns is None and _of_a_call(row) and has_wildcard(row.pattern)
            ]
        ),
    )


def _of_a_call(row: Returns) -> bool:
    """Whether a row says what calling its pattern gives (not reading it, decorating with it, or
    iterating what it gives)."""
    return not (row.attribute or row.decorator or row.items)


def _owners(patterns: Iterable[str]) -> Iterator[str]:
    """The dotted prefixes (two names or more) of the literal start of each pattern."""
    for pattern in patterns:
        names = pattern.split(".")
        literal = next((i for i, name in enumerate(names) if has_wildcard(name)), len(names) - 1)
        for end in range(2, literal + 1):
            yield ".".join(names[:end])
