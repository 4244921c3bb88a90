"""What the catalogue knows about one library, as rows: for `noblock rules --library` and the docs."""

from __future__ import annotations

from dataclasses import dataclass

from noblock.catalog import CallRule, Library, Offload, libraries

INSTANCE = "an instance of it"  # what a `Returns` row without `returns` gives back
# What an opener gives back (a `Returns` row with a `mode`).
BY_MODE = "a file object of the class its mode gives (`io.TextIOWrapper`, `io.BufferedReader`, ...)"


@dataclass(frozen=True)
class Entry:
    """Neighbouring rows that differ only in the method name: `sqlite3.Connection.{commit, close}`."""

    owner: str
    names: tuple[str, ...]
    code: str | None  # None: known not to block
    replacement: str
    fix: str

    @property
    def calls(self) -> str:
        """The calls, as one pattern: `owner.name` or `owner.{a, b}`."""
        return joined(self.owner, self.names)


def _normalised(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def _module_roots(library: Library) -> set[str]:
    """The top-level modules a library's rows name (`qdrant_client`), for lookups by import name."""
    patterns = [rule.pattern for rule in library.calls] + [row.pattern for row in library.returns]
    return {_normalised(pattern.split(".", 1)[0]) for pattern in patterns}


def find_libraries(name: str) -> list[Library]:
    """The libraries known by this name or top-level module (`qdrant-client`, `qdrant_client`)."""
    wanted = _normalised(name)
    return [
        library
        for library in libraries()
        if _normalised(library.name) == wanted or wanted in _module_roots(library)
    ]


def library_names() -> list[str]:
    """Every library's name, in catalogue order."""
    return [library.name for library in libraries()]


def _awaited(twin: str) -> str:
    return f"`await {twin}()`" if "." in twin else f"`await x.{twin}()`"


def fix_strategy(rule: CallRule) -> str:
    """How `--fix` treats a call matched by this row, in a few words."""
    if rule.code is None:
        return "not blocking"
    if rule.iterates:
        if rule.twin is not None:
            return f"`async for` over `x.{rule.twin}()` (unsafe: with `prefer-async-twin`)"
        return "none: it returns a lazy iterator"
    if rule.twin is not None and rule.twin_safe:
        strategy = f"{_awaited(rule.twin)} (safe)"
    elif rule.offload is Offload.NEVER:
        strategy = f"none: {rule.note}" if rule.note else "none"
    elif rule.offload is Offload.UNSAFE:
        strategy = "offload to a thread (unsafe" + (f": {rule.note})" if rule.note else ")")
    else:
        strategy = "offload to a thread (safe)"
    if rule.twin is not None and not rule.twin_safe:
        strategy += f"; {_awaited(rule.twin)} with `prefer-async-twin` (unsafe)"
    if rule.streams_with is not None:
        strategy += f"; none with `{rule.streams_with[0]}=True`: the stream blocks as it is read"
    return strategy


def _templated(text: str, rule: CallRule, name: str) -> str:
    """`text` with the row's twin written as a template of the method name (`aget` -> `a<name>`), so that rows
    whose twins follow the same naming rule can share a line."""
    twin = rule.twin
    if twin is None:
        return text
    module, _, twin_name = twin.rpartition(".")
    for template in (f"a{name}", f"{name}_async"):
        if twin_name == template:
            placeholder = template.replace(name, "<name>")
            return text.replace(twin, f"{module}.{placeholder}" if module else placeholder)
    return text


def entries(library: Library) -> list[Entry]:
    """The library's call rows, in priority order; neighbours that differ only in the method name (and a twin
    named after it) share one entry."""
    merged: list[Entry] = []
    keys: list[tuple[str, str | None, str, str]] = []  # what each entry's rows share
    for rule in library.calls:
        owner, _, name = rule.pattern.rpartition(".")
        replacement = rule.replacement.replace("{receiver}", "x") if rule.code is not None else ""
        fix = fix_strategy(rule)
        key = (owner, rule.code, _templated(replacement, rule, name), _templated(fix, rule, name))
        if keys and keys[-1] == key:
            merged[-1] = Entry(owner, (*merged[-1].names, name), rule.code, key[2], key[3])
        else:
            merged.append(Entry(owner, (name,), rule.code, replacement, fix))
            keys.append(key)
    return merged


def describe_library(library: Library) -> list[str]:
    """The lines `noblock rules --library NAME` prints for one library."""
    lines = [
        f"{library.name} ({library.area}); checked against {library.versions}",
        f"Use instead: {library.summary}",
        "",
    ]
    for entry in entries(library):
        if entry.code is None:
            lines.append(f"  -      {entry.calls}: does not block")
        else:
            lines.append(f"  {entry.code}  {entry.calls}: use {entry.replacement}; fix: {entry.fix}")
    if library.returns:
        lines += ["", "Types it follows (what these calls, attributes and decorators give back):"]
        lines += [f"  {source} -> {target}" for source, target in followed_types(library)]
    return lines


def followed_types(library: Library) -> list[tuple[str, str]]:
    """The library's `Returns` rows as (call, attribute or decorator, type); neighbours of one owner
    and type merged."""
    merged: list[tuple[str, tuple[str, ...], str, str]] = []  # owner, names, "()" for calls, type
    for row in library.returns:
        if row.decorator:
            merged.append(("", (f"@{row.pattern}",), "", row.returns or INSTANCE))  # what it decorates
            continue
        owner, _, name = row.pattern.rpartition(".")
        call = "" if row.attribute else "()"
        target = BY_MODE if row.mode is not None else row.returns or INSTANCE
        if row.items:
            target = f"items of `{target}`"
        if merged and owner and merged[-1][0] == owner and merged[-1][2:] == (call, target):
            merged[-1] = (owner, (*merged[-1][1], name), call, target)
        else:
            merged.append((owner, (name,), call, target))
    return [(joined(owner, names) + call, target) for owner, names, call, target in merged]


def joined(owner: str, names: tuple[str, ...]) -> str:
    """`owner.name`, or `owner.{a, b}` for several names."""
    if len(names) > 1:
        return f"{owner}.{{{', '.join(names)}}}"
    return f"{owner}.{names[0]}" if owner else names[0]
