import os
import sys

# `python -m noblock` puts the current folder first on the import path: a checked project's own
# `click.py` or `libcst.py` would be imported (and run) instead of the real ones.
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == os.getcwd():
    del sys.path[0]

from noblock.cli import run  # after the import path is made safe

if __name__ == "__main__":
    run()
