"""The rules reference (docs/rules.md), rendered from the rule table and the catalogue.

Regenerate it with `python -m noblock.docs > docs/rules.md`; a test fails while the two disagree.
"""

from __future__ import annotations

from noblock.catalog import builtin_catalogue
from noblock.rules import RULES, Rule

REGENERATE = "python -m noblock.docs > docs/rules.md"


def _anchor(rule: Rule) -> str:
    return f"{rule.code.lower()}-{rule.name}"


def _python(code: str) -> list[str]:
    return ["```python", *code.splitlines(), "```"]


def _known_calls() -> dict[str, list[str]]:
    calls, _ = builtin_catalogue()
    known: dict[str, set[str]] = {}
    for row in calls:
        if row.code is not None:
            known.setdefault(row.code, set()).add(row.pattern)
    return {code: sorted(patterns) for code, patterns in known.items()}


def _rule_section(rule: Rule, calls: list[str]) -> list[str]:
    lines = [
        f"## {rule.code}: {rule.name}",
        "",
        f"{rule.summary}." if not rule.summary.endswith(".") else rule.summary,
        "",
    ]
    if not rule.default:
        lines += [f"Off by default: select `{rule.code}` (or `ALL`) to turn it on.", ""]
    lines += [
        f"**Why.** {rule.why}",
        "",
        "**Example**",
        "",
        *_python(rule.bad),
        "",
        "**Use instead**",
        "",
        *_python(rule.good),
        "",
        f"**Fix.** {rule.fix}",
        "",
    ]
    if calls:
        lines += [f"**Calls it knows** ({len(calls)}): " + ", ".join(f"`{call}`" for call in calls) + ".", ""]
    elif rule.code == "NB100":
        lines += ["**Calls it knows**: the ones you list under `[[tool.noblock.blocking-calls]]`.", ""]
    return lines


def render_rules_reference() -> str:
    """The whole reference as Markdown: a table of every rule, then one section per rule."""
    known = _known_calls()
    lines = [
        "# Rules",
        "",
        f"<!-- Generated from src/noblock/rules.py and src/noblock/catalog/ by `{REGENERATE}`. -->",
        "",
        "Every rule, what it finds, why it matters, and what `--fix` does about it. `noblock rules` lists "
        "the same table and `noblock rule CODE` prints one section.",
        "",
        "| Code | Name | What it finds | Default |",
        "|------|------|---------------|---------|",
    ]
    for rule in RULES:
        default = "on" if rule.default else "off (opt-in)"
        summary = rule.summary.replace("|", "\\|")
        lines.append(f"| [{rule.code}](#{_anchor(rule)}) | {rule.name} | {summary} | {default} |")
    lines.append("")
    for rule in RULES:
        lines += _rule_section(rule, known.get(rule.code, []))
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    print(render_rules_reference(), end="")
