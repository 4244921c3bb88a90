"""The per-library reference (docs/libraries.md), rendered from the catalogue.

Regenerate it with `python -m noblock.catalog > docs/libraries.md`; a test fails while the two disagree.
"""

from __future__ import annotations

from noblock.catalog import Library, libraries
from noblock.catalog.listing import INSTANCE, entries, followed_types
from noblock.rules import RULES_BY_CODE

REGENERATE = "python -m noblock.catalog > docs/libraries.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _library_section(library: Library) -> list[str]:
    rows = entries(library)
    blocking = [entry for entry in rows if entry.code is not None]
    exceptions = [entry for entry in rows if entry.code is None]
    lines = [
        f"### {library.name}",
        "",
        f"Checked against {library.versions}. Use instead: {library.summary}.",
        "",
        "| Call | Rule | Use instead | Fix |",
        "|------|------|-------------|-----|",
    ]
    for entry in blocking:
        code = entry.code or ""
        rule = f"{code} {RULES_BY_CODE[code].name}"
        lines.append(f"| `{_cell(entry.calls)}` | {rule} | {_cell(entry.replacement)} | {_cell(entry.fix)} |")
    lines.append("")
    if exceptions:
        known = ", ".join(f"`{entry.calls}`" for entry in exceptions)
        lines += [f"Known not to block: {known}.", ""]
    if library.returns:
        followed = ", ".join(
            # A description (it names types in backticks of its own), or a type.
            f"`{source}` → " + (target if target == INSTANCE or "`" in target else f"`{target}`")
            for source, target in followed_types(library)
        )
        lines += [f"Types it follows: {followed}.", ""]
    return lines


def render_libraries() -> str:
    """The whole of docs/libraries.md."""
    known = libraries()
    areas: dict[str, list[Library]] = {}
    for library in known:
        areas.setdefault(library.area, []).append(library)
    lines = [
        "# Libraries",
        "",
        f"<!-- Generated from src/noblock/catalog/ by `{REGENERATE}`; do not edit. -->",
        "",
        f"What noblock knows, library by library: {len(known)} libraries, "
        f"{sum(len(library.calls) for library in known)} call patterns. A call pattern is a qualified name "
        "(`requests.get`), a method of a type noblock follows (`sqlite3.Connection.execute`: the types come "
        "from the calls that return them, listed under each library), or a method name on any receiver "
        "(`*.invoke`). In patterns `*` matches within one name and a `**` segment any number of names. "
        "`noblock rules --library NAME` prints the same for one library.",
        "",
        "| Area | Libraries |",
        "|------|-----------|",
        *[
            f"| {area} | {', '.join(library.name for library in members)} |"
            for area, members in areas.items()
        ],
        "",
    ]
    for area, members in areas.items():
        lines += [f"## {area}", ""]
        for library in members:
            lines += _library_section(library)
    return "\n".join(lines).rstrip("\n") + "\n"
