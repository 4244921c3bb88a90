"""Reporters: each turns the results of a run into one output format."""
