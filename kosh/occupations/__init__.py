"""Occupation classifiers: ISCO-08 (and the national NKZ 2017 major groups)."""
