"""Decides how a finding can be fixed: the strategy, whether it is safe, or why there is no fix."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from noblock.catalog import CallRule, Offload

# Why a call in some positions cannot be awaited at all.
IN_GENERATOR = "it is inside a generator expression, where `await` would make it an async generator"
IN_CLASS_BODY = "it is in a class body, where `await` is not allowed"
IN_NESTED_COMPREHENSION = (
    "it is inside a comprehension within another comprehension, where `await` needs Python 3.11"
)
NESTED_ASYNC_FOR = (
    "it is iterated by a comprehension within another comprehension, where `async for` needs Python 3.11"
)
HANDED_RESULT = (
    "it runs here, on the loop, and only its result is handed to the thread: hand over the function "
    "and its arguments (`asyncio.to_thread(f, x)`, `run_in_executor(None, partial(f, x))`)"
)
PROPERTY_READ = (
    "it reads a property, whose getter runs wherever the attribute is read: read it in a thread "
    '(`await asyncio.to_thread(getattr, obj, "name")`) or make the getter a method'
)
LOOP_CALLBACK = (
    "the event loop runs it as a callback, wherever it is scheduled: offload the blocking work inside "
    "it, or schedule a coroutine instead (`asyncio.create_task()`)"
)
MAKES_CONTEXT_MANAGER = (
    "it makes a context manager, whose body runs when a `with` block enters it, on the loop: use an "
    "async context manager"
)
WITH_ITEM = "it opens a `with` block whose body would still block; use an async context manager"
ENTERED_CONTEXT = (
    "it is entered by `enter_context()`, which would still block; use an async context manager "
    "(`AsyncExitStack.enter_async_context()`)"
)
LAZY_ITERATOR = "it returns a lazy iterator: offloading the call would still block while iterating"
STREAMED = "it asks for a stream, read as it is used: offloading the call would still block while reading it"
LAZY_TWIN_HINT = "; set `prefer-async-twin = true` to iterate its async twin with `async for`"
READS_THE_TERMINAL = (
    "it waits for the terminal, down its chain; a worker thread blocked on input cannot be cancelled, "
    "so read input before the event loop starts or in a thread you manage"
)
NEEDS_THE_LOOP = "it needs the running event loop ({}), which a worker thread does not have"
ON_TRIO = (
    "the module runs on trio, where asyncio's helpers do not work: use trio's "
    "(`await trio.to_thread.run_sync(...)`, `await trio.sleep()`)"
)
_LOOP_IMPORTS = re.compile(r"^[ \t]*(?:import|from)[ \t]+(trio|asyncio)\b", re.MULTILINE)


class Strategy(enum.Enum):
    """How a blocking call is rewritten."""

    OFFLOAD = "offload"  # run the same call in a worker thread
    TWIN = "twin"  # await the async twin (`asyncio.sleep`, `x.ainvoke`)
    ASYNC_FOR = "async-for"  # `for x in g.stream()` -> `async for x in g.astream()`
    REMOVE_NOQA = "remove-noqa"  # a text edit of a suppression comment (NB900), not a call's rewrite


class OffloadStyle(enum.Enum):
    """The two ways of running a call in a thread."""

    EXECUTOR = "executor"  # loop.run_in_executor(None, functools.partial(f, *args))
    TO_THREAD = "to_thread"  # asyncio.to_thread(f, *args) - also carries contextvars


@dataclass(frozen=True)
class FixOptions:
    """`[tool.noblock.fix]`: the offload style, and whether unsafe async twins are preferred."""

    offload: OffloadStyle = OffloadStyle.EXECUTOR
    prefer_async_twin: bool = False


DEFAULT_FIX_OPTIONS = FixOptions()


@dataclass(frozen=True)
class FixPlan:
    """A fix a finding carries: what to do, whether it is safe, and a one-line title."""

    strategy: Strategy
    safe: bool
    title: str
    twin: str | None = None
    offload: OffloadStyle = OffloadStyle.EXECUTOR


@dataclass(frozen=True)
class FixDecision:
    """The plan, or the reason there is none."""

    plan: FixPlan | None
    reason: str | None = None


def plan_fix(
    rule: CallRule,
    options: FixOptions,
    *,
    no_await: str | None,
    loop_iterable: bool,
    nested_loop: bool = False,
    streams: bool = False,
) -> FixDecision:
    """Pick the fix for a call matched by `rule` in a position described by the arguments
    (`nested_loop`: the iterable of a comprehension inside another comprehension; `streams`: the
    call asks for a stream, `rule.streams_with`)."""
    if no_await is not None:
        return FixDecision(None, no_await)
    if streams:
        # Offloading leaves the reads on the loop, and a twin's stream is awaited before it is read.
        return FixDecision(None, STREAMED)
    twin = rule.twin if rule.twin and (rule.twin_safe or options.prefer_async_twin) else None
    if rule.iterates:
        if twin is not None and loop_iterable:
            return FixDecision(
                FixPlan(Strategy.ASYNC_FOR, rule.twin_safe, f"Iterate `{twin}()` with `async for`", twin)
            )
        if twin is not None and nested_loop:
            return FixDecision(None, NESTED_ASYNC_FOR)
        hint = LAZY_TWIN_HINT if rule.twin and loop_iterable and twin is None else ""
        return FixDecision(None, LAZY_ITERATOR + hint)
    if twin is not None:
        return FixDecision(FixPlan(Strategy.TWIN, rule.twin_safe, f"Use `await {_twin_display(twin)}`", twin))
    if rule.offload is Offload.NEVER:
        return FixDecision(None, rule.note or "no automatic fix keeps the behaviour")
    how = "`run_in_executor`" if options.offload is OffloadStyle.EXECUTOR else "`asyncio.to_thread`"
    return FixDecision(
        FixPlan(
            Strategy.OFFLOAD,
            rule.offload is Offload.SAFE,
            f"Offload to a thread with {how}",
            None,
            options.offload,
        )
    )


def foreign_loop(text: str) -> str | None:
    """Why no fix written with asyncio suits a module's coroutines, if none does: the module imports
    trio (a module that imports asyncio as well may run either, and a wrong guess breaks it). A
    module that imports anyio runs on asyncio in nearly every application, so its fixes stay."""
    if "trio" not in text:
        return None
    return ON_TRIO if "trio" in _LOOP_IMPORTS.findall(text) else None


def _twin_display(twin: str) -> str:
    return f"{twin}()" if "." in twin else f"...{twin}()"
