"""`python -m noblock.catalog`: print docs/libraries.md, rendered from the catalogue."""

import sys

from noblock.catalog.markdown import render_libraries

sys.stdout.write(render_libraries())
