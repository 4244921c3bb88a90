"""The benchmark scripts keep working: they patch noblock's internals by name, which a rename breaks
silently (they are run by hand, on a corpus CI does not have)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent


@pytest.mark.parametrize("options", [[], ["--direct-only"]], ids=["with-the-pass", "direct-only"])
def test_profile_script_times_every_phase_on_the_fixtures(options: list[str]) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            str(TESTS.parent / "bench" / "profile.py"),
            "--corpus",
            str(TESTS / "fixtures"),
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    first, *phases = completed.stdout.splitlines()
    assert first.endswith("s of CPU in one process")
    # `  files with coroutines: parse (ast)   0.02 s   15.4 %`: the phase, then what was timed.
    timed = {line.rsplit(" s ", 1)[0].rsplit(None, 1)[0].split(": ")[-1].strip() for line in phases}
    assert {"read", "decode", "parse (ast)", "analysis"} <= timed
