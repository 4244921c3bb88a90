"""Reads and validates `[tool.noblock]` from `pyproject.toml` (or a file given with `--config`)."""

from __future__ import annotations

import fnmatch
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from noblock.catalog import TO_THREAD, CallRule
from noblock.fixes import DEFAULT_FIX_OPTIONS, FixOptions, OffloadStyle
from noblock.output import OUTPUT_FORMATS
from noblock.project import DEFAULT_TRANSITIVE, TransitiveOptions
from noblock.rules import ALL_CODES, DEFAULT_CODES, resolve_selectors
from noblock.ruleset import has_wildcard

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib

DEFAULT_SELECT = ("NB",)  # every rule that is on by default
DEFAULT_EXCLUDE = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".noblock_cache",
    ".pants.d",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)
_PATTERN_SEGMENT = re.compile(r"^[\w*?\[\]!-]+$")


class ConfigError(Exception):
    """A configuration problem; the message names the file, the key and what was expected."""


@dataclass(frozen=True)
class Settings:
    """The effective configuration of a run."""

    root: Path
    config_file: Path | None = None
    select: frozenset[str] = DEFAULT_CODES
    ignore: frozenset[str] = frozenset()  # codes turned off explicitly (`ignore`, `--ignore`)
    fixable: frozenset[str] = ALL_CODES  # codes whose fixes `--fix` may apply (`fixable` less `unfixable`)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    respect_gitignore: bool = True
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    blocking_calls: tuple[CallRule, ...] = ()
    offload_functions: tuple[str, ...] = ()
    fix_options: FixOptions = DEFAULT_FIX_OPTIONS
    output_format: str | None = None  # None: not set in the configuration
    transitive: TransitiveOptions = DEFAULT_TRANSITIVE

    def ignored_for(self, relative_path: str) -> frozenset[str]:
        """Codes that `per-file-ignores` turns off for this path (relative to the config's folder)."""
        name = relative_path.rsplit("/", 1)[-1]
        ignored: set[str] = set()
        for pattern, codes in self.per_file_ignores:
            if fnmatch.fnmatchcase(relative_path, pattern) or fnmatch.fnmatchcase(name, pattern):
                ignored |= codes
        return frozenset(ignored)


_KNOWN_KEYS = frozenset(
    {
        "select",
        "ignore",
        "extend-select",
        "extend-ignore",
        "fixable",
        "extend-fixable",
        "unfixable",
        "per-file-ignores",
        "exclude",
        "extend-exclude",
        "respect-gitignore",
        "blocking-calls",
        "offload-functions",
        "fix",
        "output-format",
        "transitive",
    }
)
_BLOCKING_CALL_KEYS = frozenset({"pattern", "message", "replacement", "twin"})
_FIX_KEYS = frozenset({"offload", "prefer-async-twin"})
_TRANSITIVE_KEYS = frozenset({"enabled", "max-depth", "non-blocking"})


def find_config_file(start: Path) -> Path | None:
    """The nearest configuration, from `start` upwards: in each folder, `.noblock.toml`, then
    `noblock.toml`, then a `pyproject.toml` with a `[tool.noblock]` table."""
    for folder in (start, *start.parents):
        for name in (".noblock.toml", "noblock.toml"):
            if (folder / name).is_file():
                return folder / name
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                if "[tool.noblock" in candidate.read_text(encoding="utf-8", errors="replace"):
                    return candidate
            except OSError:
                continue
    return None


def load_settings(
    config_file: Path | None,
    *,
    cwd: Path,
    select: list[str] | None = None,
    extend_select: list[str] | None = None,
    ignore: list[str] | None = None,
    fixable: list[str] | None = None,
    extend_fixable: list[str] | None = None,
    unfixable: list[str] | None = None,
    exclude: list[str] | None = None,
    extend_exclude: list[str] | None = None,
    respect_gitignore: bool | None = None,
) -> Settings:
    """Build the effective settings from the config file (if any) and the command-line overrides."""
    table: Mapping[str, Any] = {}
    root = cwd
    where = "command line"
    if config_file is not None:
        table, in_tool_table = _read_table(config_file)
        root = config_file.resolve().parent
        where = f"{config_file}: [tool.noblock]" if in_tool_table else str(config_file)
    reader = _TableReader(table, where)
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r} (expected one of {', '.join(sorted(_KNOWN_KEYS))})"
        )
    selected = reader.codes("select", DEFAULT_SELECT) | reader.codes("extend-select", ())
    if select is not None:
        selected = _codes_or_error(select, "command line: --select")
    if extend_select is not None:
        selected |= _codes_or_error(extend_select, "command line: --extend-select")
    ignored = reader.codes("ignore", (), opt_in=True) | reader.codes("extend-ignore", (), opt_in=True)
    if ignore is not None:
        ignored |= _codes_or_error(ignore, "command line: --ignore", opt_in=True)
    may_fix = reader.codes("fixable", ("ALL",), opt_in=True) | reader.codes("extend-fixable", (), opt_in=True)
    if fixable is not None:
        may_fix = _codes_or_error(fixable, "command line: --fixable", opt_in=True)
    if extend_fixable is not None:
        may_fix |= _codes_or_error(extend_fixable, "command line: --extend-fixable", opt_in=True)
    may_not_fix = reader.codes("unfixable", (), opt_in=True)
    if unfixable is not None:
        may_not_fix |= _codes_or_error(unfixable, "command line: --unfixable", opt_in=True)
    return Settings(
        root=root,
        config_file=config_file,
        select=frozenset(selected - ignored),
        ignore=frozenset(ignored),
        fixable=frozenset(may_fix - may_not_fix),
        exclude=(
            *(reader.strings("exclude", DEFAULT_EXCLUDE) if exclude is None else exclude),
            *reader.strings("extend-exclude", ()),
            *(extend_exclude or ()),
        ),
        respect_gitignore=(
            reader.boolean("respect-gitignore", True) if respect_gitignore is None else respect_gitignore
        ),
        per_file_ignores=reader.per_file_ignores(),
        blocking_calls=reader.blocking_calls(),
        offload_functions=tuple(
            _validated_pattern(name, where, "offload-functions")
            for name in reader.strings("offload-functions", ())
        ),
        fix_options=reader.fix_options(),
        transitive=reader.transitive(),
        output_format=reader.output_format(),
    )


def _read_table(config_file: Path) -> tuple[Mapping[str, Any], bool]:
    """noblock's settings in a TOML file, and whether they are its `[tool.noblock]` table."""
    if config_file.exists() and not config_file.is_file():
        raise ConfigError(f"{config_file}: not a regular file")
    try:
        data = config_file.read_bytes()
    except OSError as error:
        raise ConfigError(f"{config_file}: cannot read: {error.strerror or error}") from None
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{config_file}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{config_file}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{config_file}: invalid TOML: nested too deeply") from None
    tool = document.get("tool")
    if isinstance(tool, dict) and "noblock" in tool:
        table = tool["noblock"]
        if not isinstance(table, dict):
            raise ConfigError(f"{config_file}: [tool.noblock] must be a table")
        return table, True
    if config_file.name == "pyproject.toml":
        return {}, True
    # A dedicated file (`noblock.toml`, `--config ci.toml`) holds the keys at top level.
    return document, False


def _codes_or_error(selectors: list[str], where: str, *, opt_in: bool = False) -> set[str]:
    try:
        return resolve_selectors(selectors, opt_in=opt_in)
    except ValueError as error:
        raise ConfigError(f"{where}: {error}") from None


def _validated_pattern(pattern: str, where: str, key: str) -> str:
    """A dotted name with optional wildcards, or `*.method` for a method on any receiver."""
    segments = pattern.split(".")
    valid = bool(pattern) and all(_PATTERN_SEGMENT.match(segment) for segment in segments)
    if valid and has_wildcard(pattern):
        try:
            re.compile(fnmatch.translate(pattern))
        except re.error:
            valid = False
    if not valid:
        raise ConfigError(
            f"{where}: {key}: invalid pattern {pattern!r} (expected a dotted name such as "
            "'mycompany.db.fetch', 'mycompany.db.*' or '*.fetch_rows')"
        )
    return pattern


class _TableReader:
    def __init__(self, table: Mapping[str, Any], where: str) -> None:
        self._table = table
        self._where = where

    def _error(self, key: str, expected: str, value: object) -> ConfigError:
        return ConfigError(f"{self._where}: {key}: expected {expected}, got {type(value).__name__} {value!r}")

    def strings(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self._table.get(key, default)
        if isinstance(value, tuple):
            return value
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self._error(key, "a list of strings", value)
        return tuple(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self._table.get(key, default)
        if not isinstance(value, bool):
            raise self._error(key, "true or false", value)
        return value

    def codes(self, key: str, default: tuple[str, ...], *, opt_in: bool = False) -> set[str]:
        return _codes_or_error(list(self.strings(key, default)), f"{self._where}: {key}", opt_in=opt_in)

    def per_file_ignores(self) -> tuple[tuple[str, frozenset[str]], ...]:
        key = "per-file-ignores"
        value = self._table.get(key, {})
        if not isinstance(value, dict):
            raise self._error(key, "a table of glob = [codes]", value)
        entries = []
        for pattern, codes in value.items():
            if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
                raise self._error(f"{key}.{pattern!r}", "a list of rule codes", codes)
            where = f"{self._where}: {key}.{pattern!r}"
            entries.append((pattern, frozenset(_codes_or_error(codes, where, opt_in=True))))
        return tuple(entries)

    def blocking_calls(self) -> tuple[CallRule, ...]:
        key = "blocking-calls"
        value = self._table.get(key, [])
        if not isinstance(value, list):
            raise self._error(key, "an array of tables ([[tool.noblock.blocking-calls]])", value)
        rules = []
        for index, entry in enumerate(value):
            where = f"{key}[{index}]"
            if not isinstance(entry, dict):
                raise self._error(where, "a table with 'pattern'", entry)
            unknown = sorted(set(entry) - _BLOCKING_CALL_KEYS)
            if unknown:
                raise ConfigError(
                    f"{self._where}: {where}: unknown key {unknown[0]!r} "
                    f"(expected {', '.join(sorted(_BLOCKING_CALL_KEYS))})"
                )
            for field_name in _BLOCKING_CALL_KEYS:
                if field_name in entry and not isinstance(entry[field_name], str):
                    raise self._error(f"{where}.{field_name}", "a string", entry[field_name])
            if "pattern" not in entry:
                raise ConfigError(f"{self._where}: {where}: missing required key 'pattern'")
            pattern = _validated_pattern(entry["pattern"], self._where, f"{where}.pattern")
            twin = entry.get("twin")
            if twin is not None and not all(part.isidentifier() for part in twin.split(".")):
                raise ConfigError(
                    f"{self._where}: {where}.twin: invalid twin {twin!r} (expected a method name such as "
                    "'afetch_all' or a dotted function such as 'mycompany.aiodb.fetch_all')"
                )
            replacement = entry.get("replacement")
            if replacement is None:
                replacement = f"`await {twin}()`" if twin else TO_THREAD
            rules.append(
                CallRule(
                    pattern=pattern,
                    code="NB100",
                    replacement=replacement,
                    twin=twin,
                    message=entry.get("message"),
                )
            )
        return tuple(rules)

    def output_format(self) -> str | None:
        value = self._table.get("output-format")
        if value is not None and value not in OUTPUT_FORMATS:
            raise self._error("output-format", f"one of {', '.join(map(repr, OUTPUT_FORMATS))}", value)
        return None if value is None else str(value)

    def _subtable(self, key: str, known: frozenset[str]) -> dict[str, Any]:
        """A nested table such as `[tool.noblock.fix]`, checked for unknown keys."""
        value = self._table.get(key, {})
        if not isinstance(value, dict):
            raise self._error(key, f"a table ([tool.noblock.{key}])", value)
        unknown = sorted(set(value) - known)
        if unknown:
            raise ConfigError(
                f"{self._where}: {key}: unknown key {unknown[0]!r} (expected {', '.join(sorted(known))})"
            )
        return value

    def transitive(self) -> TransitiveOptions:
        value = self._subtable("transitive", _TRANSITIVE_KEYS)
        enabled = value.get("enabled", True)
        if not isinstance(enabled, bool):
            raise self._error("transitive.enabled", "true or false", enabled)
        depth = value.get("max-depth", TransitiveOptions.max_depth)
        if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
            raise self._error("transitive.max-depth", "a whole number of at least 1", depth)
        patterns = _TableReader(value, self._where).strings("non-blocking", ())
        non_blocking = tuple(_validated_pattern(p, self._where, "transitive.non-blocking") for p in patterns)
        return TransitiveOptions(enabled=enabled, max_depth=depth, non_blocking=non_blocking)

    def fix_options(self) -> FixOptions:
        value = self._subtable("fix", _FIX_KEYS)
        styles = {style.value: style for style in OffloadStyle}
        offload = value.get("offload", OffloadStyle.EXECUTOR.value)
        if offload not in styles:
            raise self._error("fix.offload", "'executor' or 'to_thread'", offload)
        prefer_twin = value.get("prefer-async-twin", False)
        if not isinstance(prefer_twin, bool):
            raise self._error("fix.prefer-async-twin", "true or false", prefer_twin)
        return FixOptions(offload=styles[offload], prefer_async_twin=prefer_twin)
