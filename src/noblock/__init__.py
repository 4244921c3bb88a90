"""noblock: find and fix blocking calls inside async functions."""

__version__ = "0.1.0"
