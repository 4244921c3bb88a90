from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Fixture helpers live beside the tests; make them importable without packaging the tests.
sys.path.insert(0, str(Path(__file__).parent))

# Generated programs take tens of milliseconds each to build and check: "ci" (the default) keeps the
# suite quick; `HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py` runs a long fuzzing session.
_GENERATED_CODE = settings(
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile("ci", _GENERATED_CODE, max_examples=40)
settings.register_profile("long", _GENERATED_CODE, max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder that is also the current one."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
