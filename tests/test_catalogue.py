"""The catalogue as data: its libraries, its precision guards, `rules --library`, and docs/libraries.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from noblock.catalog import AREAS, CallRule, builtin_catalogue, libraries
from noblock.catalog.listing import describe_library, entries, find_libraries, fix_strategy
from noblock.catalog.markdown import REGENERATE, render_libraries
from noblock.cli import main
from noblock.rules import RULES_BY_CODE
from noblock.ruleset import PatternTable, method_name_of, translate_pattern

DOCS = Path(__file__).parent.parent / "docs" / "libraries.md"
# Method names that many unrelated objects have: a row must never match them on an unknown receiver.
_GENERIC = (
    "get set put post execute query load read write encode search run create delete update insert send list "
    "close chat complete embed predict save upsert add fetch count first all filter scan open stream "
    "generate retrieve transform fit"
)
GENERIC_METHODS = frozenset(_GENERIC.split())
# The distinctive names (and `run_until_complete`, which exists only on event loops) that match any receiver.
ANY_RECEIVER_ALLOWED = frozenset({"run_until_complete"})


def test_docs_libraries_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_libraries(), f"regenerate it: {REGENERATE}"


def test_every_library_says_what_it_was_checked_against() -> None:
    names = [library.name for library in libraries()]
    assert len(names) == len(set(names)), "library names must be unique"
    for library in libraries():
        assert re.search(r"\d", library.versions), library.name
        assert library.summary, library.name
        assert library.calls, library.name


def test_every_row_names_a_known_rule_and_a_valid_pattern() -> None:
    calls, returns = builtin_catalogue()
    for rule in calls:
        assert rule.code is None or rule.code in RULES_BY_CODE, rule
        translate_pattern(rule.pattern)
    for row in returns:
        translate_pattern(row.pattern)


_FIRST_ROW_WINS = PatternTable(
    [
        ("os.rename", "exact, first"),
        ("os.re*", "root glob"),
        ("os.spawn*", "root glob"),
        ("*.path.join", "wildcard root"),
        ("[!r]*.copy", "wildcard root"),
        ("os.remove", "exact, after a root glob that matches"),
        ("os.path.join", "exact, after a wildcard root that matches"),
        ("**.models.[A-Z]*.save", "wildcard root, last"),
    ]
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("os.rename", "exact, first"),
        ("os.remove", "root glob"),
        ("os.spawnl", "root glob"),
        ("os.path.join", "wildcard root"),
        ("shutil.copy", "wildcard root"),
        ("pkg.models.User.save", "wildcard root, last"),
        ("requests.copy", None),
        ("os.spawn.x", None),
    ],
)
def test_the_first_matching_row_wins_whatever_its_kind(name: str, expected: str | None) -> None:
    assert _FIRST_ROW_WINS.lookup(name) == expected


def test_a_twin_that_is_iterated_is_not_advised_as_awaited() -> None:
    # `await graph.astream()` fails: an async iterator is iterated with `async for`, not awaited.
    calls, _ = builtin_catalogue()
    iterated_twins = [rule for rule in calls if rule.iterates and rule.twin]
    assert iterated_twins
    for rule in iterated_twins:
        assert rule.replacement.startswith("`async for` over "), rule


def test_generic_method_names_never_match_an_unknown_receiver() -> None:
    calls, _ = builtin_catalogue()
    any_receiver = {method_name_of(rule.pattern) for rule in calls} - {None}
    assert not any_receiver & GENERIC_METHODS
    for rule in calls:
        method = method_name_of(rule.pattern)
        if method is not None and method not in ANY_RECEIVER_ALLOWED:
            assert rule.receivers, f"{rule.pattern} matches any receiver: restrict it with `receivers=`"


def test_areas_are_loaded_only_when_the_catalogue_is_needed() -> None:
    probe = "import sys, noblock.catalog; print(any(m.startswith('noblock.catalog.') for m in sys.modules))"
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"
    assert len({library.area for library in libraries()}) == len(AREAS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("qdrant-client", ["qdrant-client"]),
        ("qdrant_client", ["qdrant-client"]),
        ("Django", ["django"]),
        ("bcrypt", ["password hashing"]),  # by the module its rows name
        ("zlib", ["compression"]),
        ("hashlib", ["hashlib", "password hashing"]),  # by name, then by module
        ("no-such-library", []),
    ],
)
def test_find_libraries(name: str, expected: list[str]) -> None:
    assert [library.name for library in find_libraries(name)] == expected


def test_entries_merge_rows_whose_twins_follow_the_method_name() -> None:
    (django,) = find_libraries("django")
    first = entries(django)[0]
    assert first.calls.startswith("django.db.models.Manager.{get, first, last, count")
    assert first.replacement == "`await x.a<name>()`, or `sync_to_async`"


@pytest.mark.parametrize(
    ("rule", "strategy"),
    [
        (CallRule("a.b", None), "not blocking"),
        (CallRule("a.b", "NB101", twin="asyncio.sleep", twin_safe=True), "`await asyncio.sleep()` (safe)"),
        (CallRule("a.b", "NB108", twin="ainvoke"), "offload to a thread (safe); `await x.ainvoke()` with "),
        (CallRule("a.b", "NB108", twin="astream", iterates=True), "`async for` over `x.astream()` (unsafe"),
        (CallRule("a.b", "NB104", iterates=True), "none: it returns a lazy iterator"),
        (
            CallRule("a.b", "NB108", streams_with=("stream", 99)),
            "offload to a thread (safe); none with `stream=True`: the stream blocks as it is read",
        ),
        (
            CallRule("a.b", "NB108", twin="a.ab", twin_safe=True, streams_with=("stream", 99)),
            "`await a.ab()` (safe); none with `stream=True`",
        ),
    ],
)
def test_fix_strategy(rule: CallRule, strategy: str) -> None:
    assert fix_strategy(rule).startswith(strategy)


def test_rules_library_lists_what_is_known(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--library", "qdrant-client"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("qdrant-client (Vector stores and search); checked against qdrant-client ")
    assert "  NB107  qdrant_client.QdrantClient.*: use `qdrant_client.AsyncQdrantClient`" in out
    assert "QdrantClient.{close, grpc_collections, grpc_points, http, init_options}: does not block" in out
    assert out == "\n".join(describe_library(find_libraries("qdrant-client")[0])) + "\n"


def test_rules_library_unknown_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--library", "left-pad"]) == 2
    err = capsys.readouterr().err
    assert "unknown library 'left-pad' (known: time, subprocess, " in err
    assert "qdrant-client" in err


def test_rules_without_library_marks_opt_in_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    (line,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("NB111")]
    assert "(opt-in)" in line


@pytest.mark.parametrize(
    ("opened", "expected"),
    [
        ("open(p)", "io.TextIOWrapper.read"),
        ('open(p, "rb")', "io.BufferedReader.read"),
        ('open(p, mode="ab")', "io.BufferedWriter.write"),
        ('open(p, "r+b")', "io.BufferedRandom.read"),
        ("open(p, mode)", "io.TextIOWrapper.read"),  # not a constant: the default mode's class
        ('open(*args, "rb")', "io.TextIOWrapper.read"),  # the mode's position is not known
        ("open(p, **options)", "io.TextIOWrapper.read"),
        ('os.fdopen(3, "wb")', "io.BufferedWriter.write"),
        ('Path(p).open("rb")', "io.BufferedReader.read"),
        ("tempfile.TemporaryFile()", "io.BufferedRandom.read"),
        ('tempfile.NamedTemporaryFile("w")', "io.TextIOWrapper.read"),
        ("io.open_code(p)", "io.BufferedReader.read"),
        ('codecs.open(p, "r", "latin-1")', "codecs.StreamReaderWriter.read"),
        ('await asyncio.to_thread(open, p, "rb")', "io.BufferedReader.read"),
        ('await loop.run_in_executor(None, partial(open, p, mode="wb"))', "io.BufferedWriter.write"),
    ],
)
def test_a_file_object_has_the_class_its_mode_gives(opened: str, expected: str) -> None:
    from noblock.config import Settings
    from noblock.runner import analyse, ruleset_for

    method = expected.rpartition(".")[2]
    source = (
        "import asyncio, codecs, io, os, tempfile\nfrom functools import partial\n"
        "from pathlib import Path\n\n\n"
        f"async def f(p, mode, args, options, loop):\n    handle = {opened}\n    handle.{method}()\n"
    )
    settings = Settings(root=Path.cwd())
    findings = analyse(source, "snippet.py", settings, ruleset_for(settings))
    assert [finding.qualified_name for finding in findings if finding.location.row == 8] == [expected]
