"""Terminal prompts of command-line toolkits: each waits for a person at the keyboard."""

from __future__ import annotations

from noblock.catalog import CallRule, Library, Offload, Returns, constructors

AREA = "Terminal prompts"

# Offloading a prompt frees the loop, but a thread blocked on the terminal cannot be cancelled: the
# program cannot shut down while it waits. The toolkits with an async prompt have it as their twin.
_TERMINAL = (
    "it waits for the terminal; a worker thread blocked on input cannot be cancelled, so prompt "
    "before the event loop starts, in a thread you manage, or with the toolkit's async prompt"
)
_ASYNC_PROMPT = "an async prompt"


def _prompt(pattern: str, replacement: str = _ASYNC_PROMPT, twin: str | None = None) -> CallRule:
    """A prompt, never offloaded; its twin (the toolkit's async prompt) is the fix where it has one."""
    return CallRule(
        pattern,
        "NB106",
        replacement,
        twin=twin,
        twin_safe=twin is not None,
        offload=Offload.NEVER,
        note=_TERMINAL,
    )


# A pager and an editor wait for the person too.
_PROMPTS = ("prompt", "confirm", "getchar", "pause", "edit", "echo_via_pager")

_CLICK = Library(
    "click",
    AREA,
    "click 8.0 - 8.3",
    "prompt before the event loop starts, or use an async prompt (`questionary`'s `ask_async()`)",
    calls=tuple(_prompt(f"{module}.{name}") for module in ("click", "click.termui") for name in _PROMPTS),
)

# typer re-exports click's prompts (from its own copy of click since 0.16; `pause`, `edit` and the
# pager until then).
_TYPER = Library(
    "typer",
    AREA,
    "typer 0.9 - 0.29",
    "prompt before the event loop starts, or use an async prompt (`questionary`'s `ask_async()`)",
    calls=tuple(_prompt(f"typer.{name}") for name in _PROMPTS),
)

_RICH = Library(
    "rich",
    AREA,
    "rich 13 - 15",
    "prompt before the event loop starts, or use an async prompt",
    calls=(_prompt("rich.prompt.*.ask"), _prompt("rich.console.Console.input")),
    returns=(Returns("rich.console.Console"), Returns("rich.get_console", "rich.console.Console")),
)

# The functions that build a question; its `ask()` puts it.
_QUESTIONS = (
    "text",
    "password",
    "confirm",
    "select",
    "rawselect",
    "checkbox",
    "autocomplete",
    "path",
    "press_any_key_to_continue",
)

_QUESTIONARY = Library(
    "questionary",
    AREA,
    "questionary 1.10 - 2.1",
    "`await question.ask_async()`",
    calls=(
        _prompt("questionary.*.ask", "`await ...ask_async()`", twin="ask_async"),
        _prompt("questionary.*.unsafe_ask", "`await ...unsafe_ask_async()`", twin="unsafe_ask_async"),
        _prompt("questionary.prompt", "`await question.ask_async()`"),
        _prompt("questionary.unsafe_prompt", "`await question.unsafe_ask_async()`"),
    ),
    returns=(
        *(Returns(f"questionary.{name}", "questionary.Question") for name in _QUESTIONS),
        Returns("questionary.form", "questionary.Form"),
        *constructors("questionary.Question questionary.Form"),
    ),
)

_PROMPT_TOOLKIT_MODULES = ("prompt_toolkit", "prompt_toolkit.shortcuts", "prompt_toolkit.shortcuts.prompt")

_PROMPT_TOOLKIT = Library(
    "prompt-toolkit",
    AREA,
    "prompt-toolkit 3.0",
    "`await PromptSession().prompt_async()`",
    calls=tuple(
        rule
        for module in _PROMPT_TOOLKIT_MODULES
        for rule in (
            _prompt(f"{module}.prompt", "`await PromptSession().prompt_async()`"),
            _prompt(f"{module}.confirm", "`await PromptSession().prompt_async()`"),
            _prompt(f"{module}.PromptSession.prompt", "`await session.prompt_async()`", twin="prompt_async"),
        )
    ),
    returns=tuple(Returns(f"{module}.PromptSession") for module in _PROMPT_TOOLKIT_MODULES),
)

LIBRARIES: tuple[Library, ...] = (_CLICK, _TYPER, _RICH, _QUESTIONARY, _PROMPT_TOOLKIT)
