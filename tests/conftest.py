from __future__ import annotations

import sys
from pathlib import Path

# Fixture helpers live beside the tests; make them importable without packaging the tests.
sys.path.insert(0, str(Path(__file__).parent))
