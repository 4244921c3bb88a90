"""Large runs go to worker processes: the results must be those of a single process, in order."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

import pytest

from noblock import runner
from noblock.config import load_settings
from noblock.runner import check_paths


def _project(root: Path, size: int) -> list[str]:
    files = []
    for number in range(size):
        helper = root / f"helper_{number}.py"
        helper.write_text(f"import time\n\n\ndef pause_{number}():\n    time.sleep({number})\n")
        api = root / f"api_{number}.py"
        api.write_text(
            f"import time\nfrom helper_{number} import pause_{number}\n\n\n"
            f"async def handler():\n    pause_{number}()\n    time.sleep(1)\n"
        )
        files += [str(api), str(helper)]
    (root / "broken.py").write_text("async def f(:\n")
    return [*files, str(root / "broken.py")]


def test_worker_processes_give_the_single_process_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = runner._PARALLEL_THRESHOLD + 6  # enough coroutine files, and enough modules to explore
    files = _project(tmp_path, size)
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, cwd=tmp_path)

    def outcome(jobs: int) -> list[tuple[str, str | None, list[tuple[str, int, tuple[str, ...]]]]]:
        return [
            (
                result.filename,
                None if result.error is None else result.error.reason,
                [(f.code, f.location.row, tuple(hop.name for hop in f.chain)) for f in result.findings],
            )
            for result in check_paths(files, settings, jobs=jobs)
        ]

    handed_out: list[str] = []
    submit = runner._Workers._submit

    def recording(self: runner._Workers, function: Any, items: list[Any]) -> Any:
        handed_out.append(function.__name__)
        return submit(self, function, items)

    monkeypatch.setattr(runner._Workers, "_submit", recording)
    single = outcome(1)
    assert handed_out == []
    assert outcome(2) == single
    # The coroutine files, the modules explored on demand and the files with whole-project findings
    # (suppressions, edits) went to worker processes.
    assert set(handed_out) == {"_check_work", "_explore_work", "_kept_work"}
    assert sum(code == "NB200" for _, _, found in single for code, _, _ in found) == size
    assert [filename for filename, error, _ in single if error is not None] == [str(tmp_path / "broken.py")]


@pytest.mark.parametrize("enabled", [True, False])
def test_a_chunk_runs_without_the_cycle_collector_and_leaves_it_as_it_was(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(None, cwd=Path.cwd())
    monkeypatch.setattr(runner, "_worker_state", (settings, runner.ruleset_for(settings)))
    seen: list[bool] = []

    def work(item: int, *_: object) -> int:
        seen.append(gc.isenabled())
        if item < 0:
            raise ValueError(f"bad item {item}")
        return item * 2

    (gc.enable if enabled else gc.disable)()
    try:
        assert runner._in_worker(work, [1, 2]) == [2, 4]
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError, match="bad item -1"):
            runner._in_worker(work, [-1])
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen == [False, False, False]


def _doubled_where(item: int, *_: object) -> tuple[int, int, bool]:
    return item * 2, os.getpid(), gc.isenabled()


def test_started_workers_share_even_a_small_batch() -> None:
    workers = runner._Workers(load_settings(None, cwd=Path.cwd()), jobs=2)
    here = os.getpid()
    try:
        # Not worth starting workers: done here, without the cycle collector too.
        assert list(workers.map(_doubled_where, [1, 2, 3])) == [
            (2, here, False),
            (4, here, False),
            (6, here, False),
        ]
        assert gc.isenabled()
        many = list(range(runner._PARALLEL_THRESHOLD))
        assert [doubled for doubled, *_ in workers.map(_doubled_where, many)] == [2 * item for item in many]
        few = list(workers.map(_doubled_where, [1, 2, 3]))
        assert [doubled for doubled, *_ in few] == [2, 4, 6]
        assert here not in {pid for _, pid, _ in few}  # the workers are there: they did it
        assert list(workers.map(_doubled_where, [5])) == [(10, here, False)]
    finally:
        workers.close()
