"""Suppression comments, and the shortcut that skips tokenizing a module whose `noqa` comments are
all on rows that do not matter."""

from __future__ import annotations

import pytest

from noblock import noqa
from noblock.noqa import find_suppressions

SOURCE = (
    "import time\n"
    "\n"
    "async def f():\n"
    "    time.sleep(1)  # noqa: NB101\n"
    '    print("# noqa")\n'
    "    time.sleep(2)  # noqa: E501\n"
    "    time.sleep(3)  # NOQA\n"
)


@pytest.mark.parametrize("rows", [None, {4, 5, 6, 7}])
def test_comments_suppress_and_strings_do_not(rows: set[int] | None) -> None:
    found = find_suppressions(SOURCE, rows)
    assert found.suppresses(4, "NB101")
    assert not found.suppresses(4, "NB102")
    assert not found.suppresses(5, "NB101")  # the text of a string, not a comment
    assert not found.suppresses(6, "NB101")
    assert found.suppresses(7, "NB104")


def test_a_module_whose_noqa_comments_are_elsewhere_is_not_tokenized(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tokenized: list[str] = []
    real = noqa._comments

    def counting(text: str) -> list[tuple[int, str]]:
        tokenized.append(text)
        return real(text)

    monkeypatch.setattr(noqa, "_comments", counting)
    assert find_suppressions(SOURCE, {3}) == noqa.NO_SUPPRESSIONS
    assert tokenized == []
    assert find_suppressions(SOURCE, {4}).suppresses(4, "NB101")
    assert len(tokenized) == 1


@pytest.mark.parametrize(
    "source",
    [
        "# noblock: noqa: NB101\nimport time\n",  # a file-level comment applies to every row
        "import time\r\ntime.sleep(1)  # noqa\r\n",  # rows counted by the tokenizer, not by `\n`
    ],
)
def test_the_shortcut_never_hides_a_suppression(source: str) -> None:
    assert find_suppressions(source, {2}).suppresses(2, "NB101")


def test_a_multiline_string_shifts_no_rows() -> None:
    source = 'x = """\n# noqa\n"""\ny = 1  # noqa: NB101\n'
    assert find_suppressions(source, {4}).suppresses(4, "NB101")
    assert not find_suppressions(source, {2}).suppresses(2, "NB101")
