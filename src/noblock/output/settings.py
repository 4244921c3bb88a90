"""`--show-settings`: the effective configuration of a run, one `key = value` line each (TOML values)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from noblock.config import Settings


def render_settings(settings: Settings, cache_dir: Path | None) -> str:
    """What a run with these settings does, after the configuration file and the options."""
    per_file = {pattern: sorted(codes) for pattern, codes in settings.per_file_ignores}
    rows: list[tuple[str, Any]] = [
        ("config-file", str(settings.config_file) if settings.config_file else None),
        ("root", str(settings.root)),
        ("select", sorted(settings.select)),
        ("ignore", sorted(settings.ignore)),
        ("fixable", sorted(settings.fixable)),
        ("exclude", list(settings.exclude)),
        ("respect-gitignore", settings.respect_gitignore),
        ("per-file-ignores", per_file),
        ("offload-functions", list(settings.offload_functions)),
        ("blocking-calls", [rule.pattern for rule in settings.blocking_calls]),
        ("fix.offload", settings.fix_options.offload.value),
        ("fix.prefer-async-twin", settings.fix_options.prefer_async_twin),
        ("transitive.enabled", settings.transitive.enabled),
        ("transitive.max-depth", settings.transitive.max_depth),
        ("transitive.non-blocking", list(settings.transitive.non_blocking)),
        ("output-format", settings.output_format or "text"),
        ("cache-dir", str(cache_dir) if cache_dir is not None else None),
    ]
    # TOML has no null: a setting that is not there is a comment.
    return "".join(
        f"# {key}: none\n" if value is None else f"{key} = {_value(value)}\n" for key, value in rows
    )


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(key)} = {_value(item)}" for key, item in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)
