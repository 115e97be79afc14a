"""Reference endpoints the benchmarks measure beside Kosh's own, in the same server process:
a bare django-ninja endpoint that inserts one row and one audit row, and a bare Django page
that renders a trivial template after a session lookup. Mounted only by the benchmark
settings (``kosh.settings.bench``), never by ``kosh.urls``."""
